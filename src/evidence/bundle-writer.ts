/**
 * Streams a bundle to disk one account at a time, so an organization scan never holds every account's
 * evidence in memory. The file is written under a temporary name and renamed when finished, so an
 * interrupted process never leaves an `evidence.json` that looks complete.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { releaseTemp, tempPath } from './output-dir.js';
import type { AccountEvidence, Bundle } from './schema.js';

type Header = Pick<Bundle, 'schemaVersion' | 'tool' | 'startedAt' | 'partition'>;
type Footer = Pick<Bundle, 'finishedAt' | 'complete' | 'calls' | 'organization'>;

export class BundleWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private first = true;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    header: Header,
  ) {
    this.tmp = tempPath(dir, name);
    this.fd = openSync(this.tmp, 'w');
    const head = JSON.stringify(header, null, 2);
    writeSync(this.fd, `${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "accounts": [`);
  }

  add(account: AccountEvidence): void {
    const body = JSON.stringify(account, null, 2).replace(/\n/g, '\n    ');
    writeSync(this.fd, `${this.first ? '\n    ' : ',\n    '}${body}`);
    this.first = false;
  }

  /** Writes the closing fields and moves the file into place. Returns its path. */
  finish(footer: Footer): string {
    const tail = JSON.stringify(footer, null, 2);
    writeSync(this.fd, `${this.first ? '' : '\n  '}],\n  ${tail.slice(1).trimStart()}\n`);
    closeSync(this.fd);
    this.closed = true;
    const target = join(this.dir, this.name);
    renameSync(this.tmp, target);
    releaseTemp(this.tmp);
    return target;
  }

  /** Drops the partial file (used when the process fails before finishing). */
  abandon(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
    rmSync(this.tmp, { force: true });
    releaseTemp(this.tmp);
  }
}
