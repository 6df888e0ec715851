/**
 * The primitives every part of the evidence is built from, with no knowledge of any service: how a failed
 * read is recorded (`AwsError`), a value read from AWS or the error that stood in its way (`Observed<T>`),
 * and regional records. Each service's schema part (src/services/<service>/schema.ts) is made of these.
 *
 * Conventions:
 * - Every value that came from one AWS call (or a short chain of calls) is wrapped in `Observed<T>`:
 *   either `{ ok: true, value }` or `{ ok: false, error }`. A failed read is never stored as "empty".
 * - Regional data is a record keyed by region name.
 * - Collectors normalise API answers into these shapes; they never judge.
 */
import * as z from 'zod';

/** Why a read failed. `kind` is our classification; `code` is the AWS error code as received. */
export const ErrorKindSchema = z.enum([
  'access-denied', // IAM or SCP denial
  'subscription-required', // e.g. Support API on a Basic plan
  'throttled', // still throttled after retries
  'timeout', // connect or read timeout
  'network', // connection refused/reset, DNS
  'server-error', // 5xx after retries
  'unparseable', // the answer could not be parsed
  'region-disabled', // opt-in region not enabled, or region not available
  'not-found', // the resource vanished between list and describe
  'not-collected', // the scan stopped before this was read
  'other',
]);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const AwsErrorSchema = z.object({
  kind: ErrorKindSchema,
  code: z.string(),
  message: z.string(),
  /** The IAM action of the call that failed, e.g. `guardduty:ListDetectors`. */
  action: z.string(),
  httpStatus: z.number().int().nullable(),
});
export type AwsError = z.infer<typeof AwsErrorSchema>;

/** What a result keeps of the error that left it unknown (an AwsError without its HTTP status). */
export const CauseSchema = z.object({
  kind: ErrorKindSchema,
  code: z.string(),
  action: z.string(),
  message: z.string(),
});
export type Cause = z.infer<typeof CauseSchema>;

export function observed<T extends z.ZodType>(value: T) {
  return z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AwsErrorSchema }),
  ]);
}
export type Observed<T> = { ok: true; value: T } | { ok: false; error: AwsError };

export const regional = <T extends z.ZodType>(value: T) => z.record(z.string(), observed(value));
export type Regional<T> = Record<string, Observed<T>>;

/** Text. */
export const str = z.string();
/** Text, or null where AWS did not say. */
export const nstr = z.string().nullable();

/**
 * Organization scans (`--org-mode bulk|auto`): how a value that an administrator account can also read
 * was read. `administrator`: from the organization's administrator for the service (its account id), in
 * one call for many members; `account`: by the account itself, with `fallback` saying why the
 * administrator's answer was not used (the account was missing or failed in it, or it could not be read).
 * Absent where no administrator read was attempted (single-account scans, `--org-mode per-account`, older
 * bundles).
 */
export const ReadViaSchema = z.object({
  from: z.enum(['administrator', 'account']),
  administrator: str,
  fallback: str.optional(),
});
export type ReadVia = z.infer<typeof ReadViaSchema>;

/** The gateway's count of the calls a scan made: calls, retries and errors, and calls per IAM action. */
export const CallStatsSchema = z.object({
  calls: z.number().int(),
  retries: z.number().int(),
  errors: z.number().int(),
  byOperation: z.record(z.string(), z.number().int()),
});
export type CallStats = z.infer<typeof CallStatsSchema>;
