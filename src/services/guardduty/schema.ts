/** Amazon GuardDuty's part of the evidence (AccountEvidence.guardduty). */
import * as z from 'zod';
import { nstr, observed, regional, str } from '../../evidence/observed.js';

export const GuardDutyDetectorSchema = z.object({
  id: str,
  detail: observed(
    z.object({
      status: str, // ENABLED | DISABLED
      /** Protection plans as `Features[]` reports them; null when the answer had no Features. */
      features: z
        .array(
          z.object({
            name: str,
            status: str,
            /** AdditionalConfiguration[] (agent management of Runtime Monitoring); absent in older bundles. */
            additional: z.array(z.object({ name: str, status: str })).optional(),
          }),
        )
        .nullable(),
    }),
  ),
});
/** GetAdministratorAccount: the account that manages this member's GuardDuty (null: none, standalone). */
export const GuardDutyAdministratorSchema = observed(
  z.object({ accountId: str, relationshipStatus: nstr }).nullable(),
);
export const GuardDutyEvidenceSchema = regional(
  z.object({
    detectors: z.array(GuardDutyDetectorSchema),
    /** Read for the first detector when there is one (organization-managed GuardDuty); absent in older bundles. */
    administrator: GuardDutyAdministratorSchema.optional(),
  }),
);
export type GuardDutyEvidence = z.infer<typeof GuardDutyEvidenceSchema>;
