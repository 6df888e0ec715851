/**
 * Types shared by accepted risks (accept.ts) and retests (diff.ts). The statuses and the acceptance are
 * the evidence schema's (src/evidence/status.ts, acceptance.ts); these modules read only what is named
 * here, so they work on any result-like value.
 */
import type { Acceptance } from '../evidence/acceptance.js';
import type { JudgedStatus, Status } from '../evidence/status.js';

export { type Acceptance, AcceptanceSchema } from '../evidence/acceptance.js';
/** The four judged statuses, plus `accepted`: a `fail` that an accept entry covers. */
export type EngagementStatus = Status;
/** What a check can say on its own; `accepted` only ever comes from an accept file. */
export type { JudgedStatus };

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
