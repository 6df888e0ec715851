/**
 * The four statuses a check result can have. A leaf module (no service knowledge): the HTML report's
 * browser script shares these types.
 */
import * as z from 'zod';

export const STATUSES = ['pass', 'fail', 'not_applicable', 'unknown'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

/**
 * How bad a status is, for a place that holds several results (a grid cell, an account's column, a list
 * worst first): a failure outranks not knowing, not knowing outranks a pass, a pass outranks "does not
 * apply". Higher is worse.
 */
export const STATUS_RANK: Readonly<Record<Status, number>> = {
  fail: 3,
  unknown: 2,
  pass: 1,
  not_applicable: 0,
};

/** The worse of two statuses (`b` when there is no `a` yet). */
export function worse(a: Status | undefined, b: Status): Status {
  return a === undefined || STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}

/** The worst of some statuses, or null when there are none. */
export function worstStatus(statuses: Iterable<Status>): Status | null {
  let out: Status | undefined;
  for (const s of statuses) out = worse(out, s);
  return out ?? null;
}
