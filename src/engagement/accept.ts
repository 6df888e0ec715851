/**
 * Accepted risks and compensating controls: the accept file (YAML, see docs/accepting.md), its
 * validation with file:line:column errors, and applying it to results. Pure: text in, entries out;
 * results and entries and "today" in, results and a report out. No I/O, no clock.
 *
 * Matching, in one place (docs/accepting.md says the same in prose):
 * - An entry matches a result when each of its four selectors has a pattern that matches: `check` the
 *   check id, `account` the account id, `region` the region ("global" for account-level results),
 *   `resource` the resource. A selector may be one pattern or a list of them (any may match).
 * - `account`, `region` and `resource` left out mean `"*"`: every account, every region (and "global"),
 *   every resource.
 * - A result that is not about one resource (region- and account-level checks) has no resource. It is
 *   matched as the empty text, so only `*` matches it: `resource: "*"` and no `resource` both cover
 *   `guardduty.enabled` in a region; `resource: "arn:*"` covers only per-resource results.
 * - Only `fail` results are accepted. `unknown` never is (nothing was proven, so there is nothing to
 *   accept); `pass` and `not_applicable` are left alone. Results already `accepted` (from an earlier run)
 *   are first turned back into `fail`, so the outcome depends only on the results and this file.
 * - Entries are tried in file order; the first one that applies accepts a result. An entry applies up to
 *   and including its `expires` day; from the next day (today is a UTC calendar date) it is expired.
 * - Accepting changes a result's status and adds `acceptance`; nothing else, and never evidence.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type YAMLMap,
  type Node as YamlNode,
} from 'yaml';
import { InputError } from '../evidence/bundle.js';
import { addDays, daysBetween, isCalendarDate } from './dates.js';
import { compileGlob, type Glob, GlobSyntaxError } from './glob.js';
import type { AcceptableResult, Acceptance, EngagementStatus, JudgedStatus, ResultKey } from './types.js';

/** The keys of an entry, in the order the documentation gives them. */
export const ENTRY_KEYS = [
  'check',
  'account',
  'region',
  'resource',
  'reason',
  'by',
  'expires',
  'control',
] as const;
type EntryKey = (typeof ENTRY_KEYS)[number];
const REQUIRED_KEYS: readonly EntryKey[] = ['check', 'reason', 'by', 'expires'];
const SELECTOR_KEYS = ['check', 'account', 'region', 'resource'] as const;
type SelectorKey = (typeof SELECTOR_KEYS)[number];

/** Accept files larger than this are refused: a real one is a few kilobytes. */
export const MAX_ACCEPT_FILE_CHARS = 1024 * 1024;
/** Flow collections (`[…]`, `{…}`) nested deeper than this are refused before the YAML parser sees them. */
const MAX_FLOW_NESTING = 16;

/** One entry of an accept file, validated. Selectors are never empty; a left-out one is `["*"]`. */
export interface AcceptEntry {
  /** The accept file as the caller named it, and the entry's position in it (its first key). */
  file: string;
  line: number;
  column: number;
  check: readonly string[];
  account: readonly string[];
  region: readonly string[];
  resource: readonly string[];
  reason: string;
  by: string;
  /** The last day the entry applies, YYYY-MM-DD. */
  expires: string;
  control: string | null;
}

export interface AcceptFile {
  file: string;
  entries: AcceptEntry[];
}

export interface AcceptProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A malformed accept file. The message is one line: the first problem, and how many others there are. */
export class AcceptFileError extends InputError {
  override name = 'AcceptFileError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Every problem found, in file order; the message names the first. */
  readonly problems: readonly AcceptProblem[];
  constructor(problems: readonly AcceptProblem[]) {
    const first = problems[0];
    if (!first) throw new TypeError('AcceptFileError needs at least one problem');
    const more = problems.length - 1;
    super(`${formatProblem(first)}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`);
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.problems = problems;
  }
}

export function formatProblem(p: AcceptProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message.replace(/[\r\n]+/g, ' ')}`;
}

export interface ParseAcceptOptions {
  /**
   * The check ids that exist. When given, a `check` pattern that matches none of them is an error
   * (a typo would otherwise leave the entry silently unused), with the nearest id suggested.
   */
  knownCheckIds?: readonly string[];
}

/** Parses and validates an accept file; throws `AcceptFileError` naming file:line:column. */
export function parseAcceptFile(text: string, file: string, options: ParseAcceptOptions = {}): AcceptFile {
  const { entries, problems } = checkAcceptFile(text, file, options);
  if (problems.length > 0) throw new AcceptFileError(problems);
  return { file, entries };
}

/** Like `parseAcceptFile`, but returns every problem instead of throwing (entries are only the valid ones). */
export function checkAcceptFile(
  text: string,
  file: string,
  options: ParseAcceptOptions = {},
): { entries: AcceptEntry[]; problems: AcceptProblem[] } {
  const problems: AcceptProblem[] = [];
  const done = () => ({
    entries: [] as AcceptEntry[],
    problems: problems.sort((a, b) => a.line - b.line || a.column - b.column),
  });

  if (text.length > MAX_ACCEPT_FILE_CHARS) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `the accept file is too large (${text.length} characters; at most ${MAX_ACCEPT_FILE_CHARS})`,
    });
    return done();
  }
  // Editors do not count a byte order mark as a column; lone CRs (old Mac line ends) become LFs, which
  // keeps every offset and line number as the writer sees them.
  const source = (text.startsWith('\ufeff') ? text.slice(1) : text).replace(/\r(?!\n)/g, '\n');
  const position = positionsIn(source);
  const problemAt = (offset: number, message: string) => {
    problems.push({ file, ...position(offset), message });
  };
  const tooDeep = flowNestingBeyond(source, MAX_FLOW_NESTING);
  if (tooDeep !== null) {
    problemAt(tooDeep, `brackets nested more than ${MAX_FLOW_NESTING} deep: not an accept file`);
    return done();
  }

  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  } catch {
    problems.push({ file, line: 1, column: 1, message: 'the file could not be read as YAML' });
    return done();
  }
  for (const e of [...doc.errors, ...doc.warnings]) {
    const at = e.pos[0];
    if (e.code === 'DUPLICATE_KEY') {
      problemAt(at, `${quoteText(keyTextAt(source, at))} is given twice in the same mapping`);
    } else if (e.code === 'MULTIPLE_DOCS') {
      problemAt(at, 'the file holds more than one YAML document ("---"); an accept file is one');
    } else if (/call stack/i.test(e.message)) {
      problemAt(at, 'the file nests too deeply to be an accept file');
    } else {
      problemAt(
        at,
        `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      );
    }
  }
  if (problems.length > 0) return done();

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'the accept file is empty: expected "accept:" followed by a list of entries',
    });
    return done();
  }
  if (!isMap(root)) {
    problemAt(
      startOf(root),
      isSeq(root)
        ? 'the file is a list: put the entries under a key "accept:"'
        : `expected a mapping with the key "accept", found ${describeNode(root)}`,
    );
    return done();
  }
  let list: YamlNode | null | undefined;
  let listKeyAt = 0;
  let hasAccept = false;
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode | null;
    const name = isScalar(keyNode) ? keyNode.value : undefined;
    if (name === 'accept') {
      hasAccept = true;
      list = pair.value as YamlNode | null;
      listKeyAt = startOf(keyNode);
    } else {
      problemAt(
        startOf(keyNode),
        `unknown top-level key ${quoteText(String(name ?? source.slice(startOf(keyNode), endOf(keyNode))))}: the file has one key, "accept"`,
      );
    }
  }
  if (!hasAccept) {
    if (problems.length === 0)
      problemAt(startOf(root), 'no "accept:" key: the entries go in a list under "accept:"');
    return done();
  }
  if (list === null || list === undefined || (isScalar(list) && list.value === null)) {
    problemAt(listKeyAt, '"accept" is empty: give a list of entries (or "accept: []" for none)');
    return done();
  }
  if (!isSeq(list)) {
    problemAt(
      startOf(list),
      `"accept" must be a list of entries (each starting with "- "), not ${describeNode(list)}`,
    );
    return done();
  }

  const known = options.knownCheckIds ? [...options.knownCheckIds] : null;
  const entries: AcceptEntry[] = [];
  const seen = new Map<string, number>();
  list.items.forEach((item, index) => {
    const node = item as YamlNode | null;
    const entry = readEntry(node, index, file, position, problemAt, known, startOf(list));
    if (!entry) return;
    const identity = JSON.stringify(SELECTOR_KEYS.map((k) => [...new Set(entry[k])].sort()));
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      problemAt(
        startOf(node),
        `duplicate entry: the entry at line ${earlier} has the same check, account, region and resource`,
      );
      return;
    }
    seen.set(identity, entry.line);
    entries.push(entry);
  });
  const sorted = problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { entries: sorted.length > 0 ? [] : entries, problems: sorted };
}

type ProblemAt = (offset: number, message: string) => void;

function readEntry(
  node: YamlNode | null,
  index: number,
  file: string,
  position: Positions,
  problemAt: ProblemAt,
  known: string[] | null,
  listAt: number,
): AcceptEntry | null {
  const label = `entry ${index + 1}`;
  if (node === null || (isScalar(node) && node.value === null)) {
    problemAt(node ? startOf(node) : listAt, `${label} is empty: give check, reason, by and expires`);
    return null;
  }
  if (!isMap(node)) {
    problemAt(
      startOf(node),
      `${label} must be a mapping with check, reason, by and expires, not ${describeNode(node)}`,
    );
    return null;
  }
  let ok = true;
  const fail = (offset: number, message: string) => {
    ok = false;
    problemAt(offset, message);
  };
  const values = new Map<EntryKey, { key: YamlNode; value: YamlNode | null }>();
  const suggested = new Set<string>();
  for (const pair of (node as YAMLMap).items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as YamlNode | null;
    const keyAt = startOf(keyNode);
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      fail(keyAt, `keys must be names, not ${describeNode(keyNode)}`);
      continue;
    }
    const name = keyNode.value;
    if (name === 'status') {
      const v = pair.value as YamlNode | null;
      fail(
        keyAt,
        isScalar(v) && v.value === 'unknown'
          ? 'unknown results are never accepted: watchpost could not read them, so nothing is proven to accept; fix the access their cause names'
          : 'entries have no "status": they accept failing results only',
      );
      continue;
    }
    if (!(ENTRY_KEYS as readonly string[]).includes(name)) {
      const near = nearest(name, ENTRY_KEYS);
      if (near) suggested.add(near);
      fail(
        keyAt,
        `unknown key ${quoteText(name)}${near ? ` (did you mean "${near}"?)` : ''}; an entry has ${ENTRY_KEYS.join(', ')}`,
      );
      continue;
    }
    values.set(name as EntryKey, { key: keyNode, value: pair.value as YamlNode | null });
  }
  // A misspelt required key was reported as unknown, with the right name suggested: not again as missing.
  const missing = REQUIRED_KEYS.filter((k) => !values.has(k) && !suggested.has(k));
  if (missing.length > 0) {
    const names = missing.map((k) => `"${k}"`);
    const list =
      names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
    fail(startOf(node), `${label} has no ${list} (every entry needs check, reason, by and expires)`);
  }

  const selector = (k: SelectorKey): string[] => {
    const v = values.get(k);
    if (!v) return ['*'];
    return readPatterns(k, v.key, v.value, fail, known) ?? [];
  };
  const check = selector('check');
  const account = selector('account');
  const region = selector('region');
  const resource = selector('resource');
  const text = (k: 'reason' | 'by' | 'control'): string | null => {
    const v = values.get(k);
    return v ? readText(k, v.key, v.value, fail) : null;
  };
  const reason = text('reason');
  const by = text('by');
  const control = text('control');
  const expiresAt = values.get('expires');
  const expires = expiresAt ? readDate(expiresAt.key, expiresAt.value, fail) : null;
  if (!ok || reason === null || by === null || expires === null) return null;
  return {
    file,
    ...position(startOf(node)),
    check,
    account,
    region,
    resource,
    reason,
    by,
    expires,
    control,
  };
}

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/; // as --regions accepts them

/** Validates one pattern of a selector; returns what is wrong, or null. */
function patternProblem(
  key: SelectorKey,
  pattern: string,
  glob: Glob,
  known: string[] | null,
): string | null {
  switch (key) {
    case 'check': {
      if (!/^[a-z0-9._*?-]+$/.test(pattern)) {
        return 'check ids are lower-case letters, digits, ".", "-" and "_" (with * and ? as wildcards)';
      }
      if (known && !known.some((id) => glob.matches(id))) {
        const near = glob.literal ? nearest(pattern, known) : null;
        return `matches no check${near ? ` (did you mean "${near}"?)` : ''}`;
      }
      return null;
    }
    case 'account':
      if (!/^[0-9*?]+$/.test(pattern)) return 'an account is a 12-digit account id or a glob over one';
      if (glob.literal && pattern.length !== 12) return 'an account id has 12 digits';
      if (pattern.replace(/\*/g, '').length > 12) return 'longer than a 12-digit account id';
      return null;
    case 'region':
      if (pattern === 'global') return null;
      if (!/^[a-z0-9*?-]+$/.test(pattern)) {
        return 'a region is "global" or a lower-case region name such as eu-west-2 (with * and ? as wildcards)';
      }
      if (glob.literal && !REGION_RE.test(pattern)) return 'not a region name (e.g. eu-west-2) nor "global"';
      return null;
    case 'resource':
      if (/\s/.test(pattern.replace(/ /g, ''))) return 'contains a tab or line break';
      return null;
  }
}

function readPatterns(
  key: SelectorKey,
  keyNode: YamlNode,
  value: YamlNode | null,
  fail: ProblemAt,
  known: string[] | null,
): string[] | null {
  const one = (node: YamlNode | null, inList: boolean): string | null => {
    if (node === null || (isScalar(node) && node.value === null)) {
      fail(
        startOf(node ?? keyNode),
        inList
          ? `"${key}" has an empty item`
          : key === 'check'
            ? '"check" is empty: give a check id or a glob such as guardduty.*'
            : `"${key}" is empty: leave the key out to mean every ${key}, or give a pattern`,
      );
      return null;
    }
    let pattern: string | null = null;
    if (isScalar(node) && typeof node.value === 'string') pattern = node.value;
    else if (key === 'account' && isScalar(node) && typeof node.value === 'number') {
      // An unquoted account id is read by YAML as a number; its digits as written keep leading zeros.
      pattern = (node as { source?: string }).source ?? String(node.value);
    }
    if (pattern === null) {
      fail(
        startOf(node),
        `"${key}" must be ${inList ? 'a pattern' : 'a pattern or a list of patterns'}, not ${describeNode(node)}`,
      );
      return null;
    }
    const bad = badCharacter(pattern);
    if (bad) {
      fail(startOf(node), `"${key}" pattern ${quoteText(pattern)} contains ${bad}`);
      return null;
    }
    let glob: Glob;
    try {
      glob = compileGlob(pattern);
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e;
      fail(startOf(node), `bad glob in "${key}": ${quoteText(pattern)}: ${e.message}`);
      return null;
    }
    const problem = patternProblem(key, pattern, glob, known);
    if (problem) {
      fail(startOf(node), `bad "${key}" ${quoteText(pattern)}: ${problem}`);
      return null;
    }
    return pattern;
  };
  if (isSeq(value)) {
    if (value.items.length === 0) {
      fail(startOf(value), `"${key}" is an empty list`);
      return null;
    }
    const out: string[] = [];
    for (const item of value.items) {
      const p = one(item as YamlNode | null, true);
      if (p === null) continue;
      if (out.includes(p)) fail(startOf(item as YamlNode), `"${key}" lists ${quoteText(p)} twice`);
      else out.push(p);
    }
    return out.length === value.items.length ? out : null;
  }
  if (isMap(value) || isAlias(value)) {
    fail(startOf(value), `"${key}" must be a pattern or a list of patterns, not ${describeNode(value)}`);
    return null;
  }
  const p = one(value, false);
  return p === null ? null : [p];
}

function readText(
  key: 'reason' | 'by' | 'control',
  keyNode: YamlNode,
  value: YamlNode | null,
  fail: ProblemAt,
): string | null {
  if (value === null || (isScalar(value) && value.value === null)) {
    fail(
      startOf(keyNode),
      key === 'control'
        ? '"control" is empty: name the compensating control, or leave the key out'
        : key === 'reason'
          ? '"reason" is empty: say why the client accepts the risk'
          : '"by" is empty: say who accepted the risk',
    );
    return null;
  }
  if (!isScalar(value) || typeof value.value !== 'string') {
    const v = isScalar(value) ? value.value : undefined;
    const hint = typeof v === 'number' || typeof v === 'boolean' ? ' (put it in quotes)' : '';
    fail(startOf(value), `"${key}" must be text, not ${describeNode(value)}${hint}`);
    return null;
  }
  const bad = badCharacter(value.value.replace(/[\t\n\r]/g, ' '));
  if (bad) {
    fail(startOf(value), `"${key}" contains ${bad}`);
    return null;
  }
  // Folded or multi-line YAML text reads as one line: our outputs put it in a sentence or a table cell.
  const text = value.value.replace(/\s+/g, ' ').trim();
  if (text === '') {
    fail(startOf(value), `"${key}" is blank`);
    return null;
  }
  return text;
}

function readDate(keyNode: YamlNode, value: YamlNode | null, fail: ProblemAt): string | null {
  if (value === null || (isScalar(value) && value.value === null)) {
    fail(startOf(keyNode), '"expires" is empty: give the last day the acceptance applies, YYYY-MM-DD');
    return null;
  }
  const raw = isScalar(value) ? value.value : undefined;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const shown = isScalar(value) && raw !== undefined ? quoteText(String(raw)) : describeNode(value);
    fail(
      startOf(value),
      `"expires" must be a calendar date YYYY-MM-DD (the last day it applies), not ${shown}`,
    );
    return null;
  }
  if (!isCalendarDate(raw)) {
    fail(startOf(value), `"expires": ${raw} is not a day of the calendar`);
    return null;
  }
  return raw;
}

// ------------------------------------------------------------------------------------------------ helpers

function startOf(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}
function endOf(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[1] : 0;
}

type Positions = (offset: number) => { line: number; column: number };

/** 1-based line and column of offsets in `text` (columns count UTF-16 units, as the YAML parser does). */
function positionsIn(text: string): Positions {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isAlias(node)) return 'an alias';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'number')
      return `the number ${quoteText((node as { source?: string }).source ?? String(v))}`;
    if (typeof v === 'boolean') return `${v}`;
    if (typeof v === 'string') return `the text ${quoteText(v)}`;
    return `a value tagged ${(node.tag ?? '?').replace('tag:yaml.org,2002:', '!!')}`;
  }
  return 'something else';
}

/** The key text at a duplicate-key error: the run up to the colon. */
function keyTextAt(source: string, offset: number): string {
  const m = /^["']?([^"':\n]*)/.exec(source.slice(offset, offset + 200));
  return m?.[1]?.trim() || '(key)';
}

/** Quotes text for a one-line message: control characters escaped, long text shortened. */
function quoteText(text: string): string {
  const short = [...text].length > 80 ? `${[...text].slice(0, 77).join('')}...` : text;
  return JSON.stringify(short);
}

const FORBIDDEN: [RegExp, string][] = [
  [/[\u0000-\u001f\u007f-\u009f]/, 'a control character'],
  [/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/, 'an invisible formatting character'],
  [/[\ufffe\uffff]/, 'a non-character (U+FFFE or U+FFFF)'],
  [/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'a lone surrogate'],
];
function badCharacter(text: string): string | null {
  for (const [re, what] of FORBIDDEN) if (re.test(text)) return what;
  return null;
}

/** Offset of the first bracket nested deeper than `max`, ignoring quoting (a cheap, safe over-estimate). */
function flowNestingBeyond(text: string, max: number): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return null;
}

/** The candidate within edit distance 2 (or a third of the length), for "did you mean". */
function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// ------------------------------------------------------------------------------------------------ applying

/**
 * What became of an entry, for the terminal and the report:
 * - `applied`: it accepted at least one failing result;
 * - `expired`: today is after its `expires` day, so it accepted nothing (`matched` says what it would have);
 * - `shadowed`: every failing result it matches was accepted by an earlier entry (`shadowedBy`);
 * - `unknown-only`: it matches no failing result, and some unknown ones, which stay unknown;
 * - `no-fail`: it matches only passing or not applicable results: nothing to accept (the gap may be fixed);
 * - `unused`: it matches no result at all (a pattern may be wrong, or the account or region was not scanned).
 */
export type EntryState = 'applied' | 'expired' | 'shadowed' | 'unknown-only' | 'no-fail' | 'unused';

export interface EntryReport {
  entry: AcceptEntry;
  state: EntryState;
  /** The failing results this entry turned into `accepted`. */
  accepted: number;
  /** Every result the entry's selectors match, by judged status (also when expired or shadowed). */
  matched: Record<JudgedStatus, number>;
  /** The unknown results it matches: never accepted, listed so the user knows. */
  unknownMatches: ResultKey[];
  /** For `shadowed`: the lines of the earlier entries that accepted its failing results. */
  shadowedBy: number[];
  /** Days from today to `expires`: 0 on the last day, negative once expired. */
  daysLeft: number;
  /** For `expired`: the first day on which the entry no longer applied (the day after `expires`). */
  expiredSince: string | null;
}

/** A result after accepting: a `fail` covered by an entry is `accepted` and says why. */
export type AcceptedResult<R extends AcceptableResult> = Omit<R, 'status' | 'acceptance'> & {
  status: EngagementStatus;
  acceptance?: Acceptance;
};

export interface AcceptOutcome<R extends AcceptableResult> {
  /** The results in the order given; only failing results covered by an entry differ from the input. */
  results: AcceptedResult<R>[];
  /** One report per entry, in file order. */
  entries: EntryReport[];
}

/** A result as its check judged it: an `accepted` one goes back to `fail` and loses its `acceptance`. */
export function judged<R extends AcceptableResult>(result: R): AcceptedResult<R> {
  if (result.status !== 'accepted') return result as AcceptedResult<R>;
  const { acceptance: _dropped, ...rest } = result;
  return { ...rest, status: 'fail' } as AcceptedResult<R>;
}

/** True when the entry's four selectors match the result's check, account, region and resource. */
export function entryMatches(entry: AcceptEntry, result: ResultKey): boolean {
  return compiledEntry(entry).matches(result);
}

/**
 * Applies accept entries to results (see the rules at the top of this file). `today` is the calendar
 * date, YYYY-MM-DD, in UTC (`utcToday(new Date())` at the command line; fixed in tests).
 */
export function applyAcceptances<R extends AcceptableResult>(
  results: readonly R[],
  entries: readonly AcceptEntry[],
  today: string,
): AcceptOutcome<R> {
  if (!isCalendarDate(today))
    throw new TypeError(`today must be a date YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const base = results.map(judged);
  const compiled = entries.map(compiledEntry);
  const active = entries.map((e) => today <= e.expires);

  // Results by check id, so that an entry looks only at the checks its `check` patterns name.
  const byCheck = new Map<string, number[]>();
  base.forEach((r, i) => {
    const list = byCheck.get(r.checkId);
    if (list) list.push(i);
    else byCheck.set(r.checkId, [i]);
  });
  const matchedBy: number[][] = entries.map((_, e) => {
    const out: number[] = [];
    for (const [checkId, indexes] of byCheck) {
      if (!compiled[e]!.check(checkId)) continue;
      for (const i of indexes) if (compiled[e]!.rest(base[i]!)) out.push(i);
    }
    return out.sort((a, b) => a - b);
  });

  const acceptedBy = new Map<number, number>(); // result index -> entry index
  entries.forEach((_, e) => {
    if (!active[e]) return;
    for (const i of matchedBy[e]!) {
      if (base[i]!.status === 'fail' && !acceptedBy.has(i)) acceptedBy.set(i, e);
    }
  });

  const out = base.map((r, i) => {
    const e = acceptedBy.get(i);
    if (e === undefined) return r;
    const entry = entries[e]!;
    const acceptance: Acceptance = {
      reason: entry.reason,
      by: entry.by,
      expires: entry.expires,
      control: entry.control,
      entry: { file: entry.file, line: entry.line },
    };
    return { ...r, status: 'accepted', acceptance } as AcceptedResult<R>;
  });

  const reports = entries.map((entry, e): EntryReport => {
    const matched: Record<JudgedStatus, number> = { pass: 0, fail: 0, not_applicable: 0, unknown: 0 };
    const unknownMatches: ResultKey[] = [];
    let accepted = 0;
    const shadowedBy = new Set<number>();
    for (const i of matchedBy[e]!) {
      const r = base[i]!;
      matched[r.status as JudgedStatus]++;
      if (r.status === 'unknown') {
        unknownMatches.push({
          checkId: r.checkId,
          accountId: r.accountId,
          region: r.region,
          resource: r.resource,
        });
      }
      const by = acceptedBy.get(i);
      if (by === e) accepted++;
      else if (by !== undefined && r.status === 'fail') shadowedBy.add(entries[by]!.line);
    }
    const daysLeft = daysBetween(today, entry.expires);
    const total = matched.pass + matched.fail + matched.not_applicable + matched.unknown;
    const state: EntryState = !active[e]
      ? 'expired'
      : accepted > 0
        ? 'applied'
        : matched.fail > 0
          ? 'shadowed'
          : total === 0
            ? 'unused'
            : matched.unknown > 0
              ? 'unknown-only'
              : 'no-fail';
    return {
      entry,
      state,
      accepted,
      matched,
      unknownMatches,
      shadowedBy: state === 'shadowed' ? [...shadowedBy].sort((a, b) => a - b) : [],
      daysLeft,
      expiredSince: state === 'expired' ? addDays(entry.expires, 1) : null,
    };
  });
  return { results: out, entries: reports };
}

interface CompiledEntry {
  check(checkId: string): boolean;
  /** Account, region and resource. */
  rest(result: ResultKey): boolean;
  matches(result: ResultKey): boolean;
}

const compiledCache = new WeakMap<AcceptEntry, CompiledEntry>();

function compiledEntry(entry: AcceptEntry): CompiledEntry {
  const cached = compiledCache.get(entry);
  if (cached) return cached;
  const any = (patterns: readonly string[]) => {
    const globs = patterns.map(compileGlob);
    const memo = new Map<string, boolean>();
    return (text: string) => {
      let hit = memo.get(text);
      if (hit === undefined) {
        hit = globs.some((g) => g.matches(text));
        if (memo.size < 10_000) memo.set(text, hit);
      }
      return hit;
    };
  };
  const check = any(entry.check);
  const account = any(entry.account);
  const region = any(entry.region);
  const resourceGlobs = entry.resource.map(compileGlob);
  // A result without a resource is matched as the empty text: only "*" matches it.
  const resource = (r: string | null) => resourceGlobs.some((g) => g.matches(r ?? ''));
  const rest = (r: ResultKey) => account(r.accountId) && region(r.region) && resource(r.resource);
  const compiled = { check, rest, matches: (r: ResultKey) => check(r.checkId) && rest(r) };
  compiledCache.set(entry, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------- describing

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the entry selects, in words: `guardduty.enabled, account *, region eu-west-2`. */
export function describeSelectors(entry: AcceptEntry): string {
  const part = (k: SelectorKey) => `${entry[k].map((p) => JSON.stringify(p)).join(' or ')}`;
  const parts = [`check ${part('check')}`];
  for (const k of ['account', 'region', 'resource'] as const) {
    if (!(entry[k].length === 1 && entry[k][0] === '*')) parts.push(`${k} ${part(k)}`);
  }
  return parts.join(', ');
}

/**
 * One line per entry for the terminal, `file:line:column: …`: what it accepted, or why it did not.
 * Patterns are quoted as JSON (control characters were refused when the file was read).
 */
export function describeEntryReport(report: EntryReport): string {
  const { entry, matched } = report;
  const where = `${entry.file}:${entry.line}:${entry.column}`;
  const what = describeSelectors(entry);
  const unknownNote =
    matched.unknown > 0
      ? `; ${plural(matched.unknown, 'unknown result')} it matches ${matched.unknown === 1 ? 'stays' : 'stay'} unknown (unknown is never accepted)`
      : '';
  switch (report.state) {
    case 'applied':
      return `${where}: accepted ${plural(report.accepted, 'failing result')} (${what}) until ${entry.expires}${
        report.daysLeft <= 30
          ? ` (${report.daysLeft === 0 ? 'last day today' : `${plural(report.daysLeft, 'day')} left`})`
          : ''
      }${unknownNote}`;
    case 'expired':
      return `${where}: expired: applied through ${entry.expires}, not since ${report.expiredSince} (${what})${
        matched.fail > 0
          ? `; ${plural(matched.fail, 'failing result')} it matches ${matched.fail === 1 ? 'stays' : 'stay'} open`
          : ''
      }`;
    case 'shadowed':
      return `${where}: accepted nothing: the entr${report.shadowedBy.length === 1 ? 'y' : 'ies'} at line ${report.shadowedBy.join(', ')} already accepted every failing result it matches (${what})`;
    case 'unknown-only':
      return `${where}: matched only results that could not be read (${plural(matched.unknown, 'unknown result')}${
        matched.pass + matched.not_applicable > 0
          ? `, ${matched.pass + matched.not_applicable} passing or not applicable`
          : ''
      }); unknown is never accepted: fix the access their cause names (${what})`;
    case 'no-fail':
      return `${where}: matched no failing result (${plural(matched.pass + matched.not_applicable, 'passing or not applicable result')}): nothing to accept; remove the entry if the gap is fixed (${what})`;
    case 'unused':
      return `${where}: unused: matched no result (${what}); check the patterns, and that the account and region were scanned`;
  }
}
