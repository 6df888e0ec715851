/**
 * The statuses a check result can have. A leaf module (no service knowledge): the HTML report's browser
 * script shares these types.
 *
 * A check judges `pass`, `fail`, `not_applicable` or `unknown` (`JudgedStatus`). The fifth, `accepted`, is
 * never a check's verdict: it is a `fail` that an entry of the client's accept file covers
 * (src/engagement/accept.ts, docs/accepting.md); the result keeps its detail, data and cause and carries
 * the entry's `acceptance`.
 */
import * as z from 'zod';

export const JUDGED_STATUSES = ['pass', 'fail', 'not_applicable', 'unknown'] as const;
export type JudgedStatus = (typeof JUDGED_STATUSES)[number];

export const STATUSES = [...JUDGED_STATUSES, 'accepted'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

/**
 * How bad a status is, for a place that holds several results (a grid cell, an account's column, a list
 * worst first): a failure outranks not knowing, not knowing outranks a gap the client accepted (nothing
 * to do about that one), an accepted gap outranks a pass, a pass outranks "does not apply". Higher is
 * worse.
 */
export const STATUS_RANK: Readonly<Record<Status, number>> = {
  fail: 4,
  unknown: 3,
  accepted: 2,
  pass: 1,
  not_applicable: 0,
};

/**
 * The words people read for each status, the same in the terminal, the HTML report, the finding and the
 * docs: a result that could not be judged is "not assessed", never "unknown" or an error code.
 */
export const STATUS_WORDS: Readonly<Record<Status, string>> = {
  pass: 'pass',
  fail: 'fail',
  not_applicable: 'not applicable',
  unknown: 'not assessed',
  accepted: 'accepted risk',
};

/** Every status with a count of zero: the start of a tally that must name each status. */
export function zeroCounts(): Record<Status, number> {
  return { pass: 0, fail: 0, not_applicable: 0, unknown: 0, accepted: 0 };
}

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
