/**
 * Reading the user's input files (evidence bundles, templates, account lists, recorded scan
 * parameters): every one goes through `readInputFile`, which takes only regular files and reads at most
 * a fixed number of bytes. `/dev/zero`, a FIFO, a socket or a folder is refused before anything is read
 * (a FIFO is opened without blocking), and a file that is or grows larger than its limit is refused
 * after reading one byte past the limit, so no input can make watchpost hang or exhaust memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Bad input from the user: the CLI prints the message alone and exits 2. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface InputKind {
  /** What the file is, for messages: "evidence bundle", "template". */
  what: string;
  /** Largest accepted size in bytes. */
  maxBytes: number;
}

const MiB = 1024 * 1024;

/**
 * The limits. Evidence: a one-account bundle of 17 regions with a few resources takes ~93 KB (the demo
 * account spread to 17 regions), so 1,000 accounts take ~93 MB; 500 MiB leaves room for ~5,000 such
 * accounts or fewer large ones, and stays below V8's longest string (~512 MiB), which JSON.parse needs.
 */
export const INPUT = {
  evidence: { what: 'evidence bundle', maxBytes: 500 * MiB },
  template: { what: 'template', maxBytes: 1 * MiB },
  /** One 12-digit id a line: ~80,000 ids with comments; an organization holds at most a few thousand. */
  accounts: { what: 'accounts file', maxBytes: 1 * MiB },
  /** The client's accepted risks (docs/accepting.md): a few kilobytes. */
  accept: { what: 'accept file', maxBytes: 1 * MiB },
  /** A price table (`--prices`, docs/costs.md): a few kilobytes. */
  prices: { what: 'price table', maxBytes: 1 * MiB },
  /** A handful of fields plus the account selection (~20 bytes an id). */
  scanParameters: { what: 'recorded scan parameters', maxBytes: 16 * MiB },
} as const satisfies Record<string, InputKind>;

export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of the regular file at `path`, at most `kind.maxBytes` of them. Every failure is an
 * `InputError` naming the path: missing or unreadable (with the system's code), not a regular file,
 * too large.
 */
export function readInputFile(path: string, kind: InputKind): Buffer {
  const tooLarge = (size: string) =>
    new InputError(`${path}: ${kind.what} is too large (${size}; at most ${formatBytes(kind.maxBytes)})`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'EISDIR') throw new InputError(`${path}: not a file (a folder): cannot read ${kind.what}`);
    throw new InputError(`${path}: cannot read ${kind.what} (${code})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${path}: not a file (${kindOf(st)}): cannot read ${kind.what}`);
    if (st.size > kind.maxBytes) throw tooLarge(`${st.size} bytes`);
    // The size can be wrong (a file still growing, /proc files report 0): read until the end, but never
    // more than one byte past the limit.
    const limit = kind.maxBytes + 1;
    let buf = Buffer.allocUnsafe(Math.min(limit, Math.max(st.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limit, buf.length * 2));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      let n: number;
      try {
        n = readSync(fd, buf, length, buf.length - length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        if (code === 'EISDIR')
          throw new InputError(`${path}: not a file (a folder): cannot read ${kind.what}`);
        throw new InputError(`${path}: cannot read ${kind.what} (${code})`);
      }
      if (n === 0) break;
      length += n;
      if (length > kind.maxBytes) throw tooLarge(`more than ${formatBytes(kind.maxBytes)}`);
    }
    return buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** `readInputFile` as UTF-8 text (invalid sequences become U+FFFD; see `readInputUtf8` to refuse them). */
export function readInputText(path: string, kind: InputKind): string {
  return readInputFile(path, kind).toString('utf8');
}

/** `readInputFile` as UTF-8 text; a file that is not UTF-8 text (invalid sequences, NUL) is refused. */
export function readInputUtf8(path: string, kind: InputKind): string {
  const buf = readInputFile(path, kind);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    throw new InputError(`${path}: ${kind.what} is not UTF-8 text`);
  }
  if (text.includes('\u0000')) throw new InputError(`${path}: ${kind.what} is not UTF-8 text`);
  return text;
}
