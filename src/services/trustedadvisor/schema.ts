/** Trusted Advisor's part of the evidence (AccountEvidence.trustedadvisor). */
import * as z from 'zod';
import { AwsErrorSchema, observed, str } from '../../evidence/observed.js';

export const TrustedAdvisorCheckSchema = z.object({
  /** Support API: the check id. Trusted Advisor API: the check's ARN (else the recommendation's id). */
  id: str,
  name: str,
  category: str,
  /** ok | warning | error | not_available (as the Support API says; the Trusted Advisor API: ok | warning | error) */
  status: str,
  resourcesFlagged: z.number().nullable(),
  resourcesProcessed: z.number().nullable(),
});
export const TrustedAdvisorEvidenceSchema = observed(
  z.object({
    checks: z.array(TrustedAdvisorCheckSchema), // security category (pillar) only
    /** Which API answered: the Trusted Advisor API, or the AWS Support API (absent in older bundles: support). */
    source: z.enum(['trustedadvisor', 'support']).optional(),
    /** When the Support API answered: why the Trusted Advisor API did not (null: not asked). */
    trustedAdvisorApiError: AwsErrorSchema.nullable().optional(),
  }),
);
export type TrustedAdvisorEvidence = z.infer<typeof TrustedAdvisorEvidenceSchema>;
