/**
 * Retests: what moved between two sets of results (an earlier scan and a later one), per account,
 * region, check and resource. Pure and deterministic: the same two inputs give the same rows in the same
 * order, whatever order the inputs came in. docs/retest.md states the same rules in prose.
 *
 * Results are paired by (accountId, region, checkId, resource). Where a side has no result for a key,
 * it is read as `unknown` when that side has an `unknown` result without a resource for the same account
 * and check, in the key's region or in "*" (the resources could not be listed, or the account could not
 * be entered): an unreadable list proves neither that the resource is gone nor that it is there.
 *
 * The change of a pair, with B the status before and A the status after (null: no result):
 *
 * | B \ A              | pass, not_applicable | fail       | accepted | unknown     | null (in scope) | null (not scanned) |
 * | ------------------ | -------------------- | ---------- | -------- | ----------- | --------------- | ------------------ |
 * | fail, accepted     | fixed                | still-open | accepted | now-unknown | fixed           | out-of-scope       |
 * | pass               | unchanged            | regressed  | accepted | now-unknown | unchanged       | out-of-scope       |
 * | not_applicable     | unchanged            | new        | accepted | now-unknown | unchanged       | out-of-scope       |
 * | unknown            | unchanged            | new        | accepted | unchanged   | unchanged       | out-of-scope       |
 * | null               | unchanged            | new        | accepted | now-unknown | (no row)        | (no row)           |
 *
 * A "gap" is a `fail` or `accepted` result. Every gap of the earlier scan ends as exactly one of fixed,
 * still-open, accepted, now-unknown or out-of-scope; every `fail` of the later scan is still-open, new or
 * regressed. So the exit rule "3 when anything is still open, new or regressed" is "3 when the later
 * scan has a failing result", as for `scan`.
 */
import { SERVICES } from '../services/registry.js';
import type { ComparableResult, EngagementStatus } from './types.js';

export const CHANGES = [
  'fixed',
  'still-open',
  'new',
  'regressed',
  'accepted',
  'now-unknown',
  'out-of-scope',
  'unchanged',
] as const;
/**
 * - `fixed`: a gap before; now passing or not applicable, or the resource is gone (in a scanned region,
 *   whose resources were listed).
 * - `still-open`: a gap before (failing, or accepted then) and failing now.
 * - `new`: failing now; before it was absent (not scanned, or not there), not applicable, or unknown:
 *   a gap not known before.
 * - `regressed`: passing before, failing now.
 * - `accepted`: failing now and covered by an accept entry (`accepted`), whatever it was before.
 * - `now-unknown`: could not be read now (`unknown`), but was known (or absent) before.
 * - `out-of-scope`: there before; absent now because its account, region or service was not scanned.
 * - `unchanged`: neither a gap before nor now, and not newly unknown (also: unknown both times).
 */
export type Change = (typeof CHANGES)[number];

/** One row of diff.json. `before`/`after` null: no result (and no unreadable list standing for it). */
export interface DiffRow {
  checkId: string;
  accountId: string;
  region: string;
  resource: string | null;
  before: EngagementStatus | null;
  after: EngagementStatus | null;
  change: Change;
}

/** What one scan covered: the accounts with the regions judged in each, and the services collected. */
export interface ScanScope {
  accounts: readonly { accountId: string; regions: readonly string[] }[];
  services: readonly string[];
}

export interface DiffOptions {
  /**
   * What the earlier scan covered; by default, what its results cover (`scopeOfResults`). It does not
   * change any row (a key absent before classifies alike either way); it tells the per-account summary
   * which accounts the earlier scan covered.
   */
  before?: ScanScope;
  /** What the later scan covered; by default, what its results cover. */
  after?: ScanScope;
  /** Check ids in the order rows should list them (the runner's order); others follow, sorted. */
  checkOrder?: readonly string[];
}

/** Where the earlier scan's gaps went. `before` = fixed + stillOpen + accepted + nowUnknown + outOfScope. */
export interface GapMovement {
  before: number;
  fixed: number;
  stillOpen: number;
  accepted: number;
  nowUnknown: number;
  outOfScope: number;
}

export interface ChangeSummary {
  counts: Record<Change, number>;
  gaps: GapMovement;
  /** Gaps not known before: `new` and `regressed` rows, and `accepted` rows that were not a gap before. */
  newGaps: { new: number; regressed: number; accepted: number };
  /** Failing now and not accepted: still-open + new + regressed. Non-zero means exit code 3. */
  open: number;
}

export interface AccountSummary extends ChangeSummary {
  accountId: string;
  /** Whether each scan covered the account: an organization may gain or lose accounts between scans. */
  scanned: { before: boolean; after: boolean };
}

export interface DiffSummary extends ChangeSummary {
  /** The same per account, in account order: the organization roll-up. */
  accounts: AccountSummary[];
}

export interface Diff<B extends ComparableResult, A extends ComparableResult = B> {
  rows: DiffRow[];
  /** The results behind each row (same index), for renderers that print their details. */
  pairs: { before: B | null; after: A | null }[];
  summary: DiffSummary;
}

/** The scope a set of results shows: its accounts, the named regions per account, its services. */
export function scopeOfResults(results: readonly ComparableResult[]): ScanScope {
  const accounts = new Map<string, Set<string>>();
  const services = new Set<string>();
  for (const r of results) {
    services.add(r.service);
    let regions = accounts.get(r.accountId);
    if (!regions) {
      regions = new Set();
      accounts.set(r.accountId, regions);
    }
    if (r.region !== 'global' && r.region !== '*') regions.add(r.region);
  }
  return {
    accounts: [...accounts].map(([accountId, regions]) => ({ accountId, regions: [...regions].sort() })),
    services: [...services].sort(),
  };
}

function scopeTest(scope: ScanScope): (r: ComparableResult) => boolean {
  const accounts = new Map(scope.accounts.map((a) => [a.accountId, new Set(a.regions)]));
  const services = new Set(scope.services);
  return (r) => {
    const regions = accounts.get(r.accountId);
    if (!regions || !services.has(r.service)) return false;
    return r.region === 'global' || r.region === '*' || regions.has(r.region);
  };
}

const keyOf = (r: ComparableResult) => JSON.stringify([r.accountId, r.region, r.checkId, r.resource]);
const coverKey = (accountId: string, checkId: string, region: string) =>
  JSON.stringify([accountId, checkId, region]);

/** Keys (account, check, region) where a side could not list the check's resources. */
function unreadable(results: readonly ComparableResult[]): Set<string> {
  const out = new Set<string>();
  for (const r of results) {
    if (r.status === 'unknown' && r.resource === null) out.add(coverKey(r.accountId, r.checkId, r.region));
  }
  return out;
}

const isGap = (s: EngagementStatus | null) => s === 'fail' || s === 'accepted';

function classify(before: EngagementStatus | null, after: EngagementStatus | null, scanned: boolean): Change {
  if (after === null) {
    if (!scanned) return 'out-of-scope';
    return isGap(before) ? 'fixed' : 'unchanged';
  }
  switch (after) {
    case 'accepted':
      return 'accepted';
    case 'fail':
      return isGap(before) ? 'still-open' : before === 'pass' ? 'regressed' : 'new';
    case 'unknown':
      return before === 'unknown' ? 'unchanged' : 'now-unknown';
    case 'pass':
    case 'not_applicable':
      return isGap(before) ? 'fixed' : 'unchanged';
  }
}

function group<R extends ComparableResult>(results: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of results) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Compares two sets of results. Results with the same key on one side (which the runner does not
 * produce) are paired in the order they come.
 */
export function diffResults<B extends ComparableResult, A extends ComparableResult = B>(
  before: readonly B[],
  after: readonly A[],
  options: DiffOptions = {},
): Diff<B, A> {
  const beforeScope = options.before ?? scopeOfResults(before);
  const afterScope = options.after ?? scopeOfResults(after);
  const inAfterScope = scopeTest(afterScope);
  const beforeUnreadable = unreadable(before);
  const afterUnreadable = unreadable(after);
  const covered = (set: Set<string>, r: ComparableResult) =>
    set.has(coverKey(r.accountId, r.checkId, r.region)) || set.has(coverKey(r.accountId, r.checkId, '*'));

  const beforeByKey = group(before);
  const afterByKey = group(after);
  const keys = new Set([...beforeByKey.keys(), ...afterByKey.keys()]);
  const entries: { row: DiffRow; pair: { before: B | null; after: A | null }; service: string; n: number }[] =
    [];
  for (const k of keys) {
    const bs = beforeByKey.get(k) ?? [];
    const as = afterByKey.get(k) ?? [];
    for (let n = 0; n < Math.max(bs.length, as.length); n++) {
      const b = bs[n] ?? null;
      const a = as[n] ?? null;
      const r: ComparableResult = (a ?? b)!;
      const bStatus = b?.status ?? (covered(beforeUnreadable, r) ? 'unknown' : null);
      const aStatus = a?.status ?? (covered(afterUnreadable, r) ? 'unknown' : null);
      const change = classify(bStatus, aStatus, a !== null || inAfterScope(r));
      entries.push({
        row: {
          checkId: r.checkId,
          accountId: r.accountId,
          region: r.region,
          resource: r.resource,
          before: bStatus,
          after: aStatus,
          change,
        },
        pair: { before: b, after: a },
        service: r.service,
        n,
      });
    }
  }
  const serviceRank = new Map<string, number>(SERVICES.map((s, i) => [s, i]));
  const checkRank = new Map<string, number>((options.checkOrder ?? []).map((c, i) => [c, i]));
  const regionRank = (region: string) => (region === 'global' ? 0 : region === '*' ? 1 : 2);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  entries.sort((x, y) => {
    const a = x.row;
    const b = y.row;
    return (
      cmp(a.accountId, b.accountId) ||
      (serviceRank.get(x.service) ?? 99) - (serviceRank.get(y.service) ?? 99) ||
      cmp(x.service, y.service) ||
      (checkRank.get(a.checkId) ?? 1e9) - (checkRank.get(b.checkId) ?? 1e9) ||
      cmp(a.checkId, b.checkId) ||
      regionRank(a.region) - regionRank(b.region) ||
      cmp(a.region, b.region) ||
      (a.resource === null
        ? b.resource === null
          ? 0
          : -1
        : b.resource === null
          ? 1
          : cmp(a.resource, b.resource)) ||
      x.n - y.n
    );
  });

  const rows = entries.map((e) => e.row);
  const beforeAccounts = new Set(beforeScope.accounts.map((a) => a.accountId));
  const afterAccounts = new Set(afterScope.accounts.map((a) => a.accountId));
  const rowsByAccount = new Map<string, DiffRow[]>();
  for (const row of rows) {
    const list = rowsByAccount.get(row.accountId);
    if (list) list.push(row);
    else rowsByAccount.set(row.accountId, [row]);
  }
  const accountIds = [...new Set([...rowsByAccount.keys(), ...beforeAccounts, ...afterAccounts])].sort();
  const accounts = accountIds.map(
    (accountId): AccountSummary => ({
      accountId,
      scanned: { before: beforeAccounts.has(accountId), after: afterAccounts.has(accountId) },
      ...summarize(rowsByAccount.get(accountId) ?? []),
    }),
  );
  return { rows, pairs: entries.map((e) => e.pair), summary: { ...summarize(rows), accounts } };
}

/** Counts of a set of rows (the whole diff, or one account's rows). */
export function summarize(rows: readonly DiffRow[]): ChangeSummary {
  const counts = Object.fromEntries(CHANGES.map((c) => [c, 0])) as Record<Change, number>;
  const gaps: GapMovement = { before: 0, fixed: 0, stillOpen: 0, accepted: 0, nowUnknown: 0, outOfScope: 0 };
  const newGaps = { new: 0, regressed: 0, accepted: 0 };
  for (const row of rows) {
    counts[row.change]++;
    if (isGap(row.before)) {
      gaps.before++;
      if (row.change === 'fixed') gaps.fixed++;
      else if (row.change === 'still-open') gaps.stillOpen++;
      else if (row.change === 'accepted') gaps.accepted++;
      else if (row.change === 'now-unknown') gaps.nowUnknown++;
      else if (row.change === 'out-of-scope') gaps.outOfScope++;
    } else if (row.change === 'accepted') newGaps.accepted++;
  }
  newGaps.new = counts.new;
  newGaps.regressed = counts.regressed;
  return { counts, gaps, newGaps, open: counts['still-open'] + counts.new + counts.regressed };
}

/** 0 when nothing is still open, new or regressed; 3 otherwise (0 with --exit-zero). */
export function diffExitCode(summary: ChangeSummary, exitZero = false): 0 | 3 {
  return !exitZero && summary.open > 0 ? 3 : 0;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The summary as one sentence, e.g. "Retest of 2027-03-01: 5 of 8 gaps fixed, 1 accepted, 2 still open;
 * 1 new gap (regressed)." `date` is the later scan's date; without it the sentence starts at the counts.
 */
export function retestSentence(summary: ChangeSummary, date?: string): string {
  const { gaps, newGaps } = summary;
  const parts: string[] = [];
  if (gaps.before === 0) parts.push('no gaps in the previous scan');
  else {
    parts.push(`${gaps.fixed} of ${count(gaps.before, 'gap')} fixed`);
    if (gaps.accepted > 0) parts.push(`${gaps.accepted} accepted`);
    if (gaps.stillOpen > 0) parts.push(`${gaps.stillOpen} still open`);
    if (gaps.nowUnknown > 0) parts.push(`${gaps.nowUnknown} could not be checked again (now unknown)`);
    if (gaps.outOfScope > 0) parts.push(`${gaps.outOfScope} not retested (out of scope)`);
  }
  const fresh = newGaps.new + newGaps.regressed;
  const tail: string[] = [];
  if (fresh > 0) {
    tail.push(
      `${count(fresh, 'new gap')}${newGaps.regressed > 0 ? ` (${newGaps.regressed === fresh ? (fresh === 1 ? 'regressed' : 'all regressed') : `${newGaps.regressed} regressed`})` : ''}`,
    );
  }
  if (newGaps.accepted > 0) tail.push(`${count(newGaps.accepted, 'new gap')} accepted`);
  if (tail.length === 0) tail.push('no new gaps');
  const sentence = `${parts.join(', ')}; ${tail.join(', ')}.`;
  return date ? `Retest of ${date}: ${sentence}` : sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
