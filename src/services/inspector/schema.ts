/** Amazon Inspector's part of the evidence (AccountEvidence.inspector). */
import * as z from 'zod';
import { nstr, observed, ReadViaSchema, regional, str } from '../../evidence/observed.js';

export const InspectorRegionSchema = z.object({
  /** ENABLED | DISABLED | ENABLING | DISABLING | SUSPENDED | SUSPENDING */
  status: str,
  scanTypes: z.object({
    ec2: nstr,
    ecr: nstr,
    lambda: nstr,
    lambdaCode: nstr,
    /** Code repository scanning (resourceState.codeRepository); absent in older bundles. Recorded, not judged. */
    codeRepository: nstr.optional(),
  }),
  /**
   * ListCoverage, read where Inspector is on: the account's resources whose scan status is INACTIVE (not
   * being scanned), with the reason. Absent where Inspector is off, and in older bundles.
   */
  coverage: observed(
    z.object({
      inactive: z.array(
        z.object({ resourceType: str, resourceId: str, scanType: str, statusCode: nstr, reason: nstr }),
      ),
    }),
  ).optional(),
  /** GetConfiguration, read where Inspector is on: EC2 scan mode (EC2_SSM_AGENT_BASED | EC2_HYBRID). Evidence only. */
  ec2ScanMode: observed(z.object({ scanMode: nstr })).optional(),
  /** Organization scans with an administrator read: how `status` and `scanTypes` were read. */
  via: ReadViaSchema.optional(),
});
export type InspectorRegionValue = z.infer<typeof InspectorRegionSchema>;
export const InspectorEvidenceSchema = regional(InspectorRegionSchema);
export type InspectorEvidence = z.infer<typeof InspectorEvidenceSchema>;

/**
 * The service principal Amazon Inspector (v2) registers its delegated administrator under: the key of
 * its entry in AccountEvidence.delegatedAdministrators (read by organization scans).
 */
export const INSPECTOR_SERVICE_PRINCIPAL = 'inspector2.amazonaws.com';
