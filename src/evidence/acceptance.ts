/**
 * Why a failing result is `accepted`: copied from the client's accept entry onto the result
 * (src/engagement/accept.ts, docs/accepting.md). A leaf module: the result schema and the HTML report's
 * data share it.
 */
import * as z from 'zod';

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
