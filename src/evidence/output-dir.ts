/**
 * The output folder: checked before any work is done, created fresh, never overwritten without --force,
 * files written atomically (temporary name in the same folder, then rename) so a crash never leaves a
 * half-written file that looks complete.
 *
 * Checked up front (`checkOutputDir`, before the first AWS call or the first file is read): the place is
 * a folder or can be made one (no file and no dangling symbolic link on the way), it is not in /proc,
 * /sys or another kernel pseudo-filesystem (Node's recursive mkdir never returns in /proc), a file can be
 * created in it (one probe file, removed at once), and no input file would be overwritten (compared by
 * real path, so a symbolic link to the input's folder is caught). Temporary files a killed watchpost left
 * behind are removed and do not make the folder "not empty".
 */
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statfsSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from './input.js';

/** Every file watchpost writes into an output folder (its temporary files are `.NAME.PID.tmp`). */
export const OUTPUT_FILE_NAMES = [
  'evidence.json',
  'scan-parameters.json',
  'results.json',
  'costs.json',
  'finding.md',
  'no-finding.md',
  'report.html',
  'coverage.svg',
  'coverage.png',
  'finding.docx',
  'findings.ocsf.json',
  'diff.json',
  'retest.md',
  'retest.docx',
  'retest.html',
] as const;

/**
 * The pictures of the finding's subsections (`coverage-<subsection>.svg` / `.png`, named from the
 * subsection's label: figureFileName in src/finding/document.ts), written next to finding.md.
 */
export const FIGURE_FILE_NAME = /^coverage-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:svg|png)$/;

/** A file watchpost writes into an output folder: one of OUTPUT_FILE_NAMES or a subsection's picture. */
export function isOutputFileName(name: string): boolean {
  return (OUTPUT_FILE_NAMES as readonly string[]).includes(name) || FIGURE_FILE_NAME.test(name);
}

const PROBE_NAME = 'watchpost-probe';
const OURS = new Set<string>([...OUTPUT_FILE_NAMES, PROBE_NAME]);
const ours = (name: string) => OURS.has(name) || FIGURE_FILE_NAME.test(name);
/** A temporary file of a killed process is removed once its process is gone, or after this long anyway. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Temporary files this process is writing now (a BundleWriter's): never removed as stale. */
const activeTemps = new Set<string>();

/** The temporary name of `name` in `dir` for this process, registered as in use until `releaseTemp`. */
export function tempPath(dir: string, name: string): string {
  const p = resolve(dir, `.${name}.${process.pid}.tmp`);
  activeTemps.add(p);
  return p;
}

export function releaseTemp(path: string): void {
  activeTemps.delete(path);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false; // an earlier process with our pid (pids are reused, e.g. in containers)
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes our stale temporary files from `dir` (`.NAME.PID.tmp` with NAME one of ours, whose process is
 * gone or which are older than a day) and returns the other entries.
 */
export function removeStaleTemps(dir: string): string[] {
  const rest: string[] = [];
  for (const entry of readdirSync(dir)) {
    const m = /^\.(.+)\.(\d+)\.tmp$/.exec(entry);
    const path = join(dir, entry);
    if (m && ours(m[1]!) && !activeTemps.has(resolve(path))) {
      let st: Stats | undefined;
      try {
        st = lstatSync(path);
      } catch {
        continue; // gone meanwhile
      }
      const old = Date.now() - st.mtimeMs > STALE_AFTER_MS;
      if (st.isFile() && (old || !processAlive(Number(m[2])))) {
        rmSync(path, { force: true });
        continue;
      }
    }
    rest.push(entry);
  }
  return rest;
}

/**
 * Kernel pseudo-filesystems (Linux statfs magic numbers): files there are not files, and mkdir in /proc
 * can loop forever.
 */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x65735543, 'fusectl'],
]);

const under = (path: string, root: string): boolean => path === root || path.startsWith(root + sep);

function refusePseudo(dir: string, path: string): void {
  for (const root of ['/proc', '/sys']) {
    if (process.platform !== 'win32' && under(path, root)) {
      throw new InputError(`${dir}: ${root} is not a place for files; choose another --out folder`);
    }
  }
}

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';

interface Location {
  /** Absolute path of the output folder as given (not resolved through links). */
  path: string;
  /** Nearest existing folder on the way (the folder itself when it exists), by its real path. */
  existing: string;
  /** Folders to create below `existing`, outermost first. */
  missing: string[];
  /** The output folder's real path (where `existing` is real, plus the missing names). */
  real: string;
}

/** Where `dir` is and what must be created: every problem is an InputError naming `dir`. */
function locate(dir: string): Location {
  const path = resolve(dir);
  refusePseudo(dir, path);
  const missing: string[] = [];
  let p = path;
  // Bounded: one step per path component.
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(p);
    } catch (e) {
      const c = code(e);
      if (c !== 'ENOENT' && c !== 'ENOTDIR') throw new InputError(`${dir}: cannot use ${p} (${c})`);
    }
    if (st) {
      if (!st.isDirectory()) {
        throw new InputError(
          p === path
            ? `${dir}: exists and is not a folder`
            : `${dir}: ${p} is a file, so no folder can be made in it`,
        );
      }
      break;
    }
    let link: Stats | undefined;
    try {
      link = lstatSync(p);
    } catch {
      // does not exist at all: to be created
    }
    if (link?.isSymbolicLink()) {
      let target = '?';
      try {
        target = readlinkSync(p);
      } catch {}
      throw new InputError(`${dir}: ${p} is a symbolic link to ${target}, which does not exist`);
    }
    missing.unshift(basename(p));
    const parent = dirname(p);
    if (parent === p) throw new InputError(`${dir}: no existing folder on the way`);
    p = parent;
  }
  let existing: string;
  try {
    existing = realpathSync(p);
  } catch (e) {
    throw new InputError(`${dir}: cannot use ${p} (${code(e)})`);
  }
  refusePseudo(dir, existing);
  if (process.platform === 'linux') {
    let type: number | undefined;
    try {
      type = statfsSync(existing).type >>> 0;
    } catch {}
    const fs = type === undefined ? undefined : PSEUDO_FILESYSTEMS.get(type);
    if (fs)
      throw new InputError(
        `${dir}: ${existing} is on ${fs}, not a place for files; choose another --out folder`,
      );
  }
  return { path, existing, missing, real: join(existing, ...missing) };
}

/** Creates and removes one empty file in `folder`: a folder we cannot write in fails here, not after a scan. */
function probeWritable(dir: string, folder: string): void {
  const probe = join(folder, `.${PROBE_NAME}.${process.pid}.tmp`);
  try {
    closeSync(openSync(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (e) {
    throw new InputError(`${dir}: cannot write in ${folder} (${code(e)})`);
  }
  try {
    unlinkSync(probe);
  } catch {}
}

/** Real path of `p` (of its nearest existing ancestor plus the rest when it does not exist). */
function realPathOf(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let q = abs;
  for (;;) {
    try {
      return join(realpathSync(q), ...rest);
    } catch {
      const parent = dirname(q);
      if (parent === q) return abs;
      rest.unshift(basename(q));
      q = parent;
    }
  }
}

export interface OutputPlan {
  /** Replace our files in a non-empty folder. */
  force: boolean;
  /** Input files (evidence, template, accounts list): never overwritten, compared by real path. */
  protect?: readonly string[];
  /** The file names this command may write (default: all of ours). */
  writes?: readonly string[];
  /** Whether a non-empty folder needs --force (false for the default parent, ./watchpost-out). */
  mustBeEmpty?: boolean;
}

function protectedInputs(plan: OutputPlan): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const p of plan.protect ?? []) inputs.set(realPathOf(p), p);
  return inputs;
}

/**
 * Checks `dir` for a run that writes `plan.writes` into it: the checks in the module comment, and a
 * non-empty folder without --force. Removes our stale temporary files from it. Creates nothing.
 */
export function checkOutputDir(dir: string, plan: OutputPlan): Location {
  const loc = locate(dir);
  const inputs = protectedInputs(plan);
  for (const name of plan.writes ?? OUTPUT_FILE_NAMES) {
    const input = inputs.get(join(loc.real, name));
    if (input !== undefined) {
      throw new InputError(
        `${dir}: ${name} there is the input file ${input}; refusing to overwrite it, choose another --out folder`,
      );
    }
  }
  if (loc.missing.length === 0) {
    let rest: string[];
    try {
      rest = removeStaleTemps(loc.path);
    } catch (e) {
      throw new InputError(`${dir}: cannot read the output folder (${code(e)})`);
    }
    if (rest.length > 0 && !plan.force && plan.mustBeEmpty !== false) {
      throw new InputError(
        `${dir}: output folder already exists and is not empty (use --force to replace its files)`,
      );
    }
  }
  probeWritable(dir, loc.existing);
  return loc;
}

export class OutputDir {
  readonly path: string;
  readonly written: string[] = [];
  private protected = new Map<string, string>();

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Opens `dir` for writing, after `checkOutputDir`. An existing non-empty folder is refused unless
   * `force`; with `force`, files are replaced one by one as they are written (nothing else in the folder
   * is deleted). Missing folders are created one level at a time.
   */
  static open(dir: string, plan: OutputPlan): OutputDir {
    const loc = checkOutputDir(dir, plan);
    let p = loc.existing;
    for (const name of loc.missing) {
      p = join(p, name);
      try {
        mkdirSync(p);
      } catch (e) {
        if (code(e) !== 'EEXIST') throw new InputError(`${dir}: cannot create ${p} (${code(e)})`);
      }
    }
    const out = new OutputDir(loc.path);
    out.protected = protectedInputs(plan);
    return out;
  }

  /** Writes one file atomically. `name` is a plain file name chosen by watchpost, never user data. */
  write(name: string, content: string | Uint8Array): string {
    return this.writeChunks(name, [content]);
  }

  /**
   * Writes one file atomically from pieces made while it is written (`jsonChunks`), so that a large file
   * is never one string in memory. The same checks and the same temporary file as `write`.
   */
  writeChunks(name: string, chunks: Iterable<string | Uint8Array>): string {
    if (basename(name) !== name || name.startsWith('.')) throw new Error(`invalid output file name: ${name}`);
    const target = join(this.path, name);
    // By real path: the folder may be reached through a symbolic link to the input's folder.
    const input = this.protected.get(realPathOf(target));
    if (input !== undefined) {
      throw new InputError(
        `${target}: refusing to overwrite the input file ${input}; choose another --out folder`,
      );
    }
    const tmp = tempPath(this.path, name);
    try {
      const fd = openSync(tmp, 'w');
      try {
        for (const chunk of chunks) writeFileSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    } finally {
      releaseTemp(tmp);
    }
    this.written.push(target);
    return target;
  }
}
