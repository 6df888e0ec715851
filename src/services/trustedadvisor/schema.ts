/** Trusted Advisor's part of the evidence (AccountEvidence.trustedadvisor). */
import * as z from 'zod';
import { observed, str } from '../../evidence/observed.js';

export const TrustedAdvisorCheckSchema = z.object({
  id: str,
  name: str,
  category: str,
  /** ok | warning | error | not_available (as the Support API says) */
  status: str,
  resourcesFlagged: z.number().nullable(),
  resourcesProcessed: z.number().nullable(),
});
export const TrustedAdvisorEvidenceSchema = observed(
  z.object({ checks: z.array(TrustedAdvisorCheckSchema) }), // security category only
);
export type TrustedAdvisorEvidence = z.infer<typeof TrustedAdvisorEvidenceSchema>;
