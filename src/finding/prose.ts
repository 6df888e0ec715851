/**
 * Builders for the finding's sentences. A sentence is written as a tagged template whose literal parts are
 * our words and whose pieces are nodes, so an untrusted string cannot slip in unescaped: a string piece
 * does not compile, a name from the account goes in as `name(…)`.
 *
 *   prose`GuardDuty was enabled in ${list(ctx.regions(pass))} but not in ${list(ctx.regions(fail))}.`
 *
 * `ctx.claim(results)` records the fail results a sentence names as lacking something (every claim must
 * rest on a fail; the property tests check it), `review(kind, shown, why)` marks a passage the consultant
 * must settle.
 */
import type { CheckMeta } from '../checks/types.js';
import { compareRegions } from '../evidence/regions.js';
import type { Result } from '../evidence/schema.js';
import { STATUSES, type Status } from '../evidence/status.js';
import type { Analysis } from './analysis.js';
import type { Answers } from './default-template.js';
import { type Claim, type Inline, plainText, text, VALUE_MAX, value } from './document.js';
import { sanitizeText } from './escape.js';
import type { ReviewKind } from './types.js';

/** One sentence of the finding (or, where a service lists them, one item of its list). */
export type Sentence = Inline[];

/** Results by account, region (compareRegions), then resource: the order the finding names them in. */
export function sortResults(rs: readonly Result[]): Result[] {
  return [...rs].sort(
    (x, y) =>
      (x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0) ||
      compareRegions(x.region, y.region) ||
      ((x.resource ?? '') < (y.resource ?? '') ? -1 : (x.resource ?? '') > (y.resource ?? '') ? 1 : 0),
  );
}

/** Results by status (every status has its list). */
export type ByStatus = Readonly<Record<Status, readonly Result[]>>;

export function byStatus(rs: readonly Result[]): ByStatus {
  const out = Object.fromEntries(STATUSES.map((s) => [s, [] as Result[]])) as Record<Status, Result[]>;
  for (const r of rs) out[r.status].push(r);
  return out;
}

/** A piece of a sentence: a node, several, or a number (written in figures). */
export type Piece = Inline | readonly Inline[] | number;

/** Our words with pieces in between (see the module comment). Adjacent words are merged. */
export function prose(strings: TemplateStringsArray, ...pieces: Piece[]): Inline[] {
  const out: Inline[] = [];
  const add = (n: Inline) => {
    const prev = out[out.length - 1];
    if (n.t === 'text' && prev?.t === 'text') out[out.length - 1] = text(prev.text + n.text);
    else if (n.t !== 'text' || n.text !== '') out.push(n);
  };
  strings.forEach((s, i) => {
    add(text(s));
    if (i >= pieces.length) return;
    const p = pieces[i]!;
    if (typeof p === 'number') add(text(String(p)));
    else if (Array.isArray(p)) for (const n of p as readonly Inline[]) add(n);
    else add(p as Inline);
  });
  return out;
}

/** An untrusted name (resource, region, bucket, account, error code): escaped by every renderer. */
export function name(untrusted: string, max = VALUE_MAX): Inline {
  return value(untrusted, max);
}

/** Several sentences or phrases, joined by `separator` (our words). */
export function join(parts: readonly (readonly Inline[])[], separator = ' '): Inline[] {
  const out: Inline[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(text(separator));
    out.push(...p);
  });
  return prose`${out}`;
}

/** One item of a list: a name, or a phrase such as `name (region)`. */
export type Item = Inline | readonly Inline[];

function nodes(item: Item): readonly Inline[] {
  return Array.isArray(item) ? (item as readonly Inline[]) : [item as Inline];
}

/** Items that read the same, once each, in their first order. */
export function unique(items: readonly Item[]): (readonly Inline[])[] {
  const seen = new Set<string>();
  const out: (readonly Inline[])[] = [];
  for (const item of items) {
    const n = nodes(item);
    const key = plainText(n);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}

/** Lists at most this many items by name; the rest are counted. */
export const MAX_LISTED = 8;

/** "a", "a and b", "a, b and c", "a, b, … and 5 more" (items that read the same are listed once). */
export function list(items: readonly Item[], max = MAX_LISTED): Inline[] {
  const uniq = unique(items);
  if (uniq.length <= 1) return [...(uniq[0] ?? [])];
  if (uniq.length > max) return prose`${join(uniq.slice(0, max), ', ')} and ${uniq.length - max} more`;
  return prose`${join(uniq.slice(0, -1), ', ')} and ${uniq[uniq.length - 1]!}`;
}

/** "1 bucket", "3 buckets" (our words). */
export function plural(n: number, one: string, many = `${one}s`): Inline {
  return text(`${n} ${n === 1 ? one : many}`);
}

/** The phrase with its first letter in upper case (when it starts with our words). */
export function cap(inlines: readonly Inline[]): Inline[] {
  const [first, ...rest] = inlines;
  if (first?.t !== 'text') return [...inlines];
  return [text(first.text.charAt(0).toUpperCase() + first.text.slice(1)), ...rest];
}

/**
 * A passage the consultant must settle: `shown` is highlighted, `why` says what to decide. The
 * checklist shows both as plain text.
 */
export function review(kind: ReviewKind, shown: readonly Inline[], why: readonly Inline[]): Inline {
  return {
    t: 'review',
    item: {
      id: 0,
      kind,
      text: sanitizeText(plainText(shown), 400),
      why: [...why],
      blocking: kind !== 'note',
    },
    children: [...shown],
  };
}

/**
 * Groups results by the names (our words, or names from the account) each lists; the key is the names as
 * read, comma-separated (`distinct`: each name once). For sentences such as "In a and b, X and Y were off".
 */
export function byNames(
  rs: readonly Result[],
  names: (r: Result) => readonly Inline[],
  distinct: boolean,
): Map<string, { names: (readonly Inline[])[]; results: Result[] }> {
  const groups = new Map<string, { names: (readonly Inline[])[]; results: Result[] }>();
  for (const r of rs) {
    const n = distinct ? unique(names(r)) : names(r).map((x) => [x]);
    const key = n.map((x) => plainText(x)).join(', ');
    const g = groups.get(key) ?? { names: n, results: [] };
    g.results.push(r);
    groups.set(key, g);
  }
  return groups;
}

/** The strings of a result's data field that holds a list of them (null when it holds no list). */
export function dataStrings(v: Result['data'][string] | undefined): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
}

/** What the sentences of one finding are written from, and where their claims are recorded. */
export interface ProseContext {
  readonly a: Analysis;
  readonly answers: Answers;
  /** The fail results these words name as lacking something (throws on any other status). */
  claim(results: readonly Result[]): void;
  /** The results of a check (the finding's: waived failures are gone), by status. */
  results(check: { readonly meta: Pick<CheckMeta, 'id' | 'service'> }): ByStatus;
  /** Region labels of the results, in order, each once. */
  regions(results: readonly Result[]): Inline[];
  /**
   * Resource labels of the results, in order, as `name (region)` for regional resources (a result
   * without a resource is named by its region).
   */
  resources(results: readonly Result[], withRegion?: boolean): Inline[][];
}

/** What a check's sentences are written from: the finding's context and the check's own results. */
export interface CheckProseContext extends ProseContext {
  /** This check's results, by status. */
  readonly own: ByStatus;
}

export function proseContext(a: Analysis, answers: Answers): ProseContext & { readonly claims: Claim[] } {
  const claims: Claim[] = [];
  // A result named twice (a sentence and a table row) is one claim.
  const claimed = new Set<Result>();
  return {
    a,
    answers,
    claims,
    claim(results) {
      for (const r of results) {
        if (r.status !== 'fail') throw new Error(`internal: claim on a ${r.status} result (${r.checkId})`);
        if (claimed.has(r)) continue;
        claimed.add(r);
        claims.push({ checkId: r.checkId, accountId: r.accountId, region: r.region, resource: r.resource });
      }
    },
    results(check) {
      return byStatus(a.forService(check.meta.service).filter((r) => r.checkId === check.meta.id));
    },
    regions(results) {
      return unique(sortResults(results).map((r) => name(a.regionLabel(r)))).map((n) => n[0]!);
    },
    resources(results, withRegion = true) {
      return sortResults(results).map((r) => {
        if (r.resource === null) return [name(a.regionLabel(r))];
        const n = name(a.resourceLabel(r), 80);
        // Several accounts: "name (eu-west-1, account prod)", not "name (eu-west-1 (account 111…))".
        if (a.multiAccount) {
          const acct = accountLabel(a, r.accountId);
          return withRegion && r.region !== 'global'
            ? prose`${n} (${name(r.region)}, account ${acct})`
            : prose`${n} (account ${acct})`;
        }
        return withRegion && r.region !== 'global' ? prose`${n} (${name(a.regionLabel(r))})` : [n];
      });
    },
  };
}

/** An account as the reader knows it: its name in the organization when the bundle has one, else its id. */
export function accountLabel(a: Analysis, accountId: string): Inline {
  return name(a.accountName(accountId) ?? accountId, 60);
}

/** "3 accounts (a, b and c)", "account a" (accounts named by accountLabel). */
export function accountsPhrase(a: Analysis, accountIds: readonly string[]): Inline[] {
  const ids = [...new Set(accountIds)].sort();
  if (ids.length === 1) return prose`account ${accountLabel(a, ids[0]!)}`;
  return prose`${plural(ids.length, 'account')} (${list(ids.map((id) => accountLabel(a, id)))})`;
}

/**
 * Where results are, for the words after a sentence's "in". With one account, its regions, as
 * `ctx.regions` names them ("eu-west-1 and us-east-1"). With several, grouped by account and then by
 * region across accounts: "all 7 accounts", "every region of 3 accounts (a, b and c)", "eu-west-1 in 5 of
 * 7 accounts (…)". `own` is what the counts rest on, the check's results: an account is counted when it has
 * a result that was assessed (pass or fail); when an account has none but one that could not be assessed,
 * the count says "assessed" ("5 of 6 assessed accounts"); "every region" of an account means every region
 * where the check was assessed there.
 */
export function where(
  ctx: Pick<ProseContext, 'a' | 'regions'>,
  rs: readonly Result[],
  own: readonly Result[],
): Inline[] {
  const a = ctx.a;
  if (!a.multiAccount) return list(ctx.regions(rs));
  const isAssessed = (r: Result) => r.status === 'pass' || r.status === 'fail';
  const regionsOf = new Map<string, Set<string>>();
  for (const r of [...own.filter(isAssessed), ...rs]) {
    const set = regionsOf.get(r.accountId) ?? new Set<string>();
    set.add(r.region);
    regionsOf.set(r.accountId, set);
  }
  const total = regionsOf.size;
  const unassessed = new Set(
    own.filter((r) => r.status === 'unknown' && !regionsOf.has(r.accountId)).map((r) => r.accountId),
  ).size;
  const noun = `${unassessed > 0 ? 'assessed ' : ''}account${total === 1 ? '' : 's'}`;
  const every = (n: number) => n === total && total > 1;
  const of = (n: number) => text(every(n) ? `all ${total} ${noun}` : `${n} of ${total} ${noun}`);
  const named = (ids: readonly string[]) =>
    every(ids.length) ? [] : prose` (${list(ids.map((id) => accountLabel(a, id)))})`;

  const failing = new Map<string, Set<string>>();
  for (const r of rs) {
    const set = failing.get(r.accountId) ?? new Set<string>();
    set.add(r.region);
    failing.set(r.accountId, set);
  }
  // Accounts where the results cover every region assessed: named once, as accounts.
  const whole: string[] = [];
  const regional: string[] = [];
  const global: string[] = [];
  for (const [id, regions] of [...failing].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const all = regionsOf.get(id) ?? regions;
    const covers = [...all].every((r) => regions.has(r));
    if (covers && all.size === 1 && all.has('global')) global.push(id);
    else if (covers && all.size > 1) whole.push(id);
    else regional.push(id);
  }
  const groups: Inline[][] = [];
  if (global.length > 0) groups.push(prose`${of(global.length)}${named(global)}`);
  if (whole.length === 1 && total > 1) groups.push(prose`every region of ${accountsPhrase(a, whole)}`);
  else if (whole.length > 0) groups.push(prose`every region of ${of(whole.length)}${named(whole)}`);
  // The other accounts' results, by region; regions failing in the same accounts are named together.
  const byRegion = new Map<string, { region: Result; accounts: string[] }>();
  for (const r of sortResults(rs.filter((x) => regional.includes(x.accountId)))) {
    const g = byRegion.get(r.region) ?? { region: r, accounts: [] };
    if (!g.accounts.includes(r.accountId)) g.accounts.push(r.accountId);
    byRegion.set(r.region, g);
  }
  const bySet = new Map<string, { regions: Result[]; accounts: string[] }>();
  for (const g of [...byRegion.values()].sort((x, y) => compareRegions(x.region.region, y.region.region))) {
    const key = [...g.accounts].sort().join(',');
    const s = bySet.get(key) ?? { regions: [], accounts: [...g.accounts].sort() };
    s.regions.push(g.region);
    bySet.set(key, s);
  }
  for (const s of bySet.values()) {
    const regions = list(
      s.regions.map((r) =>
        name(r.region === '*' ? 'every region (the region list could not be read)' : r.region),
      ),
    );
    groups.push(prose`${regions} in ${of(s.accounts.length)}${named(s.accounts)}`);
  }
  return list(groups);
}

/** `where` for a check's own results: the counts rest on the check's assessed results. */
export function whereOwn(ctx: CheckProseContext, rs: readonly Result[]): Inline[] {
  return where(ctx, rs, allOf(ctx.own));
}

/** Every result of a check, whatever its status. */
export function allOf(own: ByStatus): Result[] {
  return STATUSES.flatMap((s) => own[s]);
}

/**
 * A sentence about what an account lacks as a whole, said of the accounts it holds in: unchanged for one
 * account; "In 3 of 7 accounts (a, b and c), none of …" for several.
 */
export function inAccounts(
  ctx: CheckProseContext,
  rs: readonly Result[],
  sentence: readonly Inline[],
): Inline[] {
  if (!ctx.a.multiAccount) return [...sentence];
  const [first, ...rest] = sentence;
  const lowered =
    first?.t === 'text'
      ? [text(first.text.charAt(0).toLowerCase() + first.text.slice(1)), ...rest]
      : [...sentence];
  return prose`In ${whereOwn(ctx, rs)}, ${lowered}`;
}

/** The results are every assessed result (pass or fail) of `assessed`: nothing assessed was otherwise. */
export function everywhere(rs: readonly Result[], assessed: readonly Result[]): boolean {
  const key = (r: Result) => `${r.accountId}|${r.region}|${r.resource ?? ''}`;
  const named = new Set(rs.map(key));
  return assessed.filter((r) => r.status === 'pass' || r.status === 'fail').every((r) => named.has(key(r)));
}

/** "the 7 accounts reviewed" (counting the accounts of the results), "the account reviewed". */
export function accountsReviewed(rs: readonly Result[]): Inline {
  const n = new Set(rs.map((r) => r.accountId)).size;
  return text(n === 1 ? 'the account reviewed' : `the ${n} accounts reviewed`);
}
