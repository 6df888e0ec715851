/**
 * Reading and writing evidence bundles. Reads are validated against the schema; every problem becomes
 * an `InputError` naming the file and the place inside it, never a stack trace.
 */
import type * as z from 'zod';
import { INPUT, InputError, type InputKind, readInputText } from './input.js';
import { type Bundle, BundleSchema, type Result, ResultsSchema, SCHEMA_VERSION } from './schema.js';

export { InputError };

/** Bundles larger than this are refused rather than exhausting memory. */
export const MAX_BUNDLE_BYTES = INPUT.evidence.maxBytes;

function readJson(path: string, kind: InputKind): unknown {
  const what = kind.what;
  const text = readInputText(path, kind);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = String((e as Error).message);
    const m = /position (\d+)/.exec(message);
    // Truncated files ("Unexpected end of JSON input") carry no position: the place is the end.
    const ended = /end of JSON input/.test(message);
    if (m || ended) {
      const pos = m ? Number(m[1]) : text.length;
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      throw new InputError(
        `${path}:${line}:${column}: ${what} is not valid JSON${ended ? ' (the file ends early)' : ''}`,
      );
    }
    throw new InputError(`${path}: ${what} is not valid JSON`);
  }
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

export function parseBundle(data: unknown, source: string): Bundle {
  if (typeof data === 'object' && data !== null && 'schemaVersion' in data) {
    const v = (data as { schemaVersion: unknown }).schemaVersion;
    if (v !== SCHEMA_VERSION) {
      throw new InputError(
        `${source}: evidence schema version ${JSON.stringify(v)} is not supported (this watchpost reads version ${SCHEMA_VERSION})`,
      );
    }
  }
  return validated(BundleSchema, data, source, 'evidence bundle');
}

/** `data` read by `schema`, or an InputError naming the file, the place in it and the first problem. */
function validated<T>(
  schema: { safeParse(data: unknown): { success: true; data: T } | { success: false; error: z.ZodError } },
  data: unknown,
  source: string,
  what: string,
): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatIssuePath(issue.path) : '';
    throw new InputError(
      `${source}: not a valid watchpost ${what} at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

export function readBundle(path: string): Bundle {
  return parseBundle(readJson(path, INPUT.evidence), path);
}
/**
 * A results file (results.json: an array of results, with or without `accepted` ones; there is no
 * version: fields were only ever added, and optional), validated like a bundle.
 */
export function parseResults(data: unknown, source: string): Result[] {
  return validated(ResultsSchema, data, source, 'results file');
}

/** What a scan left that can be compared: its evidence bundle (judged again), or its results.json. */
export type ScanRecord = { kind: 'bundle'; bundle: Bundle } | { kind: 'results'; results: Result[] };

/** An evidence bundle or a results file: a JSON array is read as results, anything else as a bundle. */
export function readScanRecord(path: string): ScanRecord {
  const data = readJson(path, { ...INPUT.evidence, what: 'evidence bundle or results file' });
  return Array.isArray(data)
    ? { kind: 'results', results: parseResults(data, path) }
    : { kind: 'bundle', bundle: parseBundle(data, path) };
}

/** Stable serialisation: two-space JSON with a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Characters gathered before a piece of `jsonChunks` is handed out. */
const JSON_CHUNK = 1 << 15;

/**
 * `toJson` of an array, in pieces of about a megabyte, from any iterable of its elements: the same bytes
 * as `toJson([...items])`, without one string of the whole (results.json of 1,000 accounts is ~110 MB).
 * Each element is serialised alone and indented one level, which is what `JSON.stringify(array, null, 2)`
 * does (strings never hold a raw line break in JSON, so indenting at line breaks is safe); an element
 * that JSON cannot represent (undefined, a function) is `null`, as in an array.
 */
export function* jsonChunks(items: Iterable<unknown>): Generator<string> {
  let buf = '';
  let first = true;
  for (const item of items) {
    const text = JSON.stringify(item, null, 2) ?? 'null';
    buf += `${first ? '[\n  ' : ',\n  '}${text.includes('\n') ? text.replace(/\n/g, '\n  ') : text}`;
    first = false;
    if (buf.length >= JSON_CHUNK) {
      yield buf;
      buf = '';
    }
  }
  yield first ? '[]\n' : `${buf}\n]\n`;
}
