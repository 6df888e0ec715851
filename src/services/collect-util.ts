/**
 * Small helpers shared by the collectors. Collectors normalise AWS answers into evidence; they never judge.
 */
import type { AwsError, Observed, ReadVia } from '../evidence/observed.js';
import type { AdministratorRead } from './types.js';

/** A record of what was read per region, in region order. */
export async function perRegion<T>(
  regions: readonly string[],
  read: (region: string) => Promise<Observed<T>>,
): Promise<Record<string, Observed<T>>> {
  const answers = await Promise.all(regions.map(async (r) => [r, await read(r)] as const));
  return Object.fromEntries(answers);
}

/** An answer that came back but lacked what we need: never read as "empty". */
export function unparseable(action: string, message: string): AwsError {
  return { kind: 'unparseable', code: 'UnexpectedAnswer', message, action, httpStatus: null };
}

/** ISO 8601 text of an SDK date (or null). */
export function isoDate(d: Date | string | undefined | null): string | null {
  if (d === undefined || d === null) return null;
  if (d instanceof Date) return Number.isNaN(d.getTime()) ? null : d.toISOString();
  return String(d);
}

/** Runs `fn` for each item with all calls issued at once (the gateway bounds concurrency). */
export function all<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map(fn));
}

/** Every region's entry an error: a part whose read failed as a whole. */
export function failedRegions<T>(regions: readonly string[], error: AwsError): Record<string, Observed<T>> {
  return Object.fromEntries(regions.map((r) => [r, { ok: false, error } as Observed<T>]));
}

/**
 * What an administrator account answered about this account in `region` (organization scans, `--org-mode
 * bulk|auto`: pipeline/org-bulk.ts): the value where it stands for the account's own read, with how it was
 * read; otherwise no value and why the account reads it itself (not in the answer, failed, no answer for
 * the region). Without administrator reads, neither.
 */
export function fromAdministrator<T>(
  bulk: AdministratorRead<T> | undefined,
  region: string,
): { value: T | null; via: ReadVia | null } {
  if (!bulk) return { value: null, via: null };
  const answer = bulk.regions[region];
  if (answer?.ok)
    return { value: answer.value, via: { from: 'administrator', administrator: bulk.administrator } };
  return {
    value: null,
    via: {
      from: 'account',
      administrator: bulk.administrator,
      fallback: answer ? answer.reason : `the administrator's answer did not cover ${region}`,
    },
  };
}
