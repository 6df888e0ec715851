/**
 * Types shared by accepted risks (accept.ts) and retests (diff.ts). They are self-contained on purpose:
 * the evidence schema gains the fifth status and the `acceptance` field when these modules are wired into
 * the CLI; until then they describe what a result looks like once accepted, and `AcceptanceSchema` is the
 * zod shape the schema file is expected to take over unchanged.
 */
import * as z from 'zod';

/** The four judged statuses, plus `accepted`: a `fail` that an accept entry covers. */
export const ENGAGEMENT_STATUSES = ['pass', 'fail', 'not_applicable', 'unknown', 'accepted'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];
/** What a check can say on its own; `accepted` only ever comes from an accept file. */
export type JudgedStatus = Exclude<EngagementStatus, 'accepted'>;

/** Why a failing result is accepted, copied from the accept entry onto the result. */
export const AcceptanceSchema = z.object({
  reason: z.string(),
  by: z.string(),
  /** The last day (a calendar date, YYYY-MM-DD) on which the entry applies. */
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The compensating control the client named, e.g. "third-party IDS: CrowdStrike Falcon"; null if none. */
  control: z.string().nullable(),
  /** Where the entry is written, so a reader can find it: the accept file as given and the entry's line. */
  entry: z.object({ file: z.string(), line: z.number().int().positive() }),
});
export type Acceptance = z.infer<typeof AcceptanceSchema>;

/** Where a result is: what accept entries match and what a retest pairs results by. */
export interface ResultKey {
  checkId: string;
  accountId: string;
  /** A region name, "global" for account-level checks, "*" where the account could not be entered. */
  region: string;
  /** The resource judged (an ARN or name), null where the check is not per resource. */
  resource: string | null;
}

/**
 * What accepting reads of a result. The evidence schema's `Result` satisfies it. An `accepted` result
 * carries `acceptance`; a result without the field (every file written before accepting existed) is
 * simply not accepted.
 */
export interface AcceptableResult extends ResultKey {
  status: EngagementStatus;
  acceptance?: Acceptance | null;
}

/** What a retest reads of a result: also the service, to tell "not scanned this time" apart. */
export interface ComparableResult extends AcceptableResult {
  service: string;
}
