/**
 * Helpers shared by the checks. Pure functions only: no AWS, no clock.
 */

import type { AwsError, Observed } from '../evidence/observed.js';
import type { AccountEvidence, Result } from '../evidence/schema.js';
import { eachRegion, notCollected, unknownVerdict, type Verdict, verdict } from './types.js';

export type Data = Result['data'];

/** An error for an answer that was received but that the check cannot interpret (unexpected value). */
export function unexpectedAnswer(action: string, code: string, message: string): AwsError {
  return { kind: 'unparseable', code, message, action, httpStatus: null };
}

/** One unknown verdict for an account-level check whose evidence is missing (scan interrupted). */
export function notCollectedGlobal(action: string, what: string): Verdict[] {
  return [unknownVerdict('global', null, notCollected(action), what)];
}

/** An unknown verdict carrying extra data. */
export function unknownWith(
  region: string,
  resource: string | null,
  error: AwsError,
  what: string,
  data: Data,
): Verdict {
  return { ...unknownVerdict(region, resource, error, what), data };
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Count of a regional inventory entry: the number of items when read, null when unreadable or absent. */
export function inventoryCount<T>(
  entry: Observed<T> | undefined,
  items: (v: T) => readonly unknown[],
): number | null {
  if (!entry?.ok) return null;
  return items(entry.value).length;
}

/**
 * A per-resource regional check: runs `judge` on each resource listed in each scanned region. A region
 * whose listing was read and holds no relevant resource gets one not_applicable verdict; failed or
 * missing listings become unknown (via `eachRegion`).
 */
export function perResourceRegional<T, R>(
  account: AccountEvidence,
  data: Record<string, Observed<T>> | undefined,
  action: string,
  what: string,
  list: (value: T) => readonly R[],
  judge: (region: string, resource: R) => Verdict[],
  noneDetail: (region: string) => string,
): Verdict[] {
  return eachRegion(account, data, action, what, (region, value) => {
    const out: Verdict[] = [];
    for (const r of list(value)) out.push(...judge(region, r));
    if (out.length === 0) out.push(verdict(region, null, 'not_applicable', noneDetail(region)));
    return out;
  });
}

/** An unknown verdict for an answer that came without what the check reads, or with a value it cannot judge. */
export function unexpectedUnknown(
  region: string,
  resource: string | null,
  action: string,
  code: string,
  message: string,
  what: string,
  data: Data,
): Verdict {
  return unknownWith(region, resource, unexpectedAnswer(action, code, message), what, data);
}

/**
 * Relevance first: the unknown for features that are off in a region whose inventory, which would say
 * whether they are needed, could not be read ("whether <service> needs <features> in <region> (<why>)").
 */
export function needUndecided(
  region: string,
  error: AwsError,
  service: string,
  features: readonly string[],
  why: string,
  data: Data,
): Verdict {
  return unknownWith(
    region,
    null,
    error,
    `whether ${service} needs ${listWords(features)} in ${region} (${why})`,
    data,
  );
}
