/**
 * The output folder: created fresh, never overwritten without --force, files written atomically
 * (temporary name in the same folder, then rename) so a crash never leaves a half-written file that
 * looks complete.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from './bundle.js';

export class OutputDir {
  readonly path: string;
  readonly written: string[] = [];

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Opens `dir` for writing. An existing non-empty folder is refused unless `force`; with `force`,
   * files are replaced one by one as they are written (nothing else in the folder is deleted).
   * `protect` lists input files that must never be overwritten (e.g. the evidence being re-assessed).
   */
  static open(dir: string, opts: { force: boolean; protect?: string[] }): OutputDir {
    const path = resolve(dir);
    if (existsSync(path)) {
      if (!statSync(path).isDirectory()) throw new InputError(`${dir}: exists and is not a folder`);
      if (readdirSync(path).length > 0 && !opts.force) {
        throw new InputError(
          `${dir}: output folder already exists and is not empty (use --force to replace its files)`,
        );
      }
    }
    mkdirSync(path, { recursive: true });
    const out = new OutputDir(path);
    out.protected = new Set((opts.protect ?? []).map((p) => resolve(p)));
    return out;
  }

  private protected = new Set<string>();

  /** Writes one file atomically. `name` is a plain file name chosen by watchpost, never user data. */
  write(name: string, content: string | Uint8Array): string {
    if (basename(name) !== name || name.startsWith('.')) throw new Error(`invalid output file name: ${name}`);
    const target = join(this.path, name);
    if (this.protected.has(target)) {
      throw new InputError(`${target}: refusing to overwrite the input file; choose another --out folder`);
    }
    const tmp = join(this.path, `.${name}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, content);
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    this.written.push(target);
    return target;
  }
}
