/** Amazon Macie's part of the evidence (AccountEvidence.macie). */
import * as z from 'zod';
import { nstr, observed, ReadViaSchema, regional, str } from '../../evidence/observed.js';

/** GetAdministratorAccount: the Macie administrator account of this member (null: none, standalone). */
export const MacieAdministratorSchema = observed(
  z.object({ accountId: str, relationshipStatus: nstr }).nullable(),
);
/** GetAutomatedDiscoveryConfiguration: automated sensitive data discovery, ENABLED or DISABLED. */
export const MacieDiscoverySchema = observed(z.object({ status: str }));
/** ListClassificationJobs: the account's classification jobs (every page). */
export const MacieJobsSchema = observed(
  z.object({ jobs: z.array(z.object({ jobId: str, name: nstr, jobStatus: nstr, jobType: nstr })) }),
);
export const MacieRegionSchema = z.object({
  /** ENABLED | PAUSED | NOT_ENABLED */
  status: str,
  /** What the answer was that led to `status`, e.g. the error that says Macie is not enabled. */
  basis: str,
  /** Read where Macie is enabled or paused (organization-managed Macie); absent elsewhere and in older bundles. */
  administrator: MacieAdministratorSchema.optional(),
  /** Organization scans with an administrator read (`--org-mode bulk|auto`): how `administrator` was read. */
  administratorVia: ReadViaSchema.optional(),
  /** Read where Macie is enabled; absent elsewhere and in older bundles. */
  discovery: MacieDiscoverySchema.optional(),
  /** Read where Macie is enabled; absent elsewhere and in older bundles. */
  classificationJobs: MacieJobsSchema.optional(),
});
export const MacieEvidenceSchema = regional(MacieRegionSchema);
export type MacieEvidence = z.infer<typeof MacieEvidenceSchema>;

/** The service principal Amazon Macie registers its delegated administrator under (organization scans). */
export const MACIE_SERVICE_PRINCIPAL = 'macie.amazonaws.com';
