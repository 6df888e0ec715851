/** Amazon GuardDuty's part of the evidence (AccountEvidence.guardduty). */
import * as z from 'zod';
import { nstr, observed, ReadViaSchema, regional, str } from '../../evidence/observed.js';

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
/** Workloads listed by name (EKS cluster names, ECS cluster ARNs). */
const Names = observed(z.object({ names: z.array(str) }));
/** RDS DB instances or clusters with their engine (RDS Protection covers some engines only). */
const Databases = observed(z.object({ databases: z.array(z.object({ id: str, engine: str })) }));

/**
 * The workloads that decide whether the EKS, RDS and Runtime Monitoring plans are needed, read only where
 * the enabled detector has the plan off or does not report it (present, possibly empty, wherever the
 * detector is enabled and reports its features; absent in older bundles, whose plans are judged wherever
 * GuardDuty is on). A key is absent when no plan that needs it was off.
 */
export const GuardDutyWorkloadsSchema = z.object({
  eksClusters: Names.optional(),
  ecsClusters: Names.optional(),
  rdsInstances: Databases.optional(),
  rdsClusters: Databases.optional(),
});

/**
 * Malware Protection for S3 (ListMalwareProtectionPlans, then GetMalwareProtectionPlan for each): the bucket
 * each plan protects and the plan's status (ACTIVE | WARNING | ERROR). A plan whose detail could not be
 * read keeps its error. Read wherever the region has a detector; absent in older bundles.
 */
export const MalwareProtectionPlansSchema = observed(
  z.object({
    plans: z.array(
      z.object({
        id: str,
        detail: observed(z.object({ bucket: nstr, status: nstr })),
      }),
    ),
  }),
);

/**
 * DescribeOrganizationConfiguration, read where the detector is enabled and the account is not the member
 * of another GuardDuty administrator: AWS answers it only to the organization's delegated GuardDuty
 * administrator. `autoEnableMembers`: NEW | ALL | NONE (null: not reported); `features`: each plan's
 * auto-enable (null: not reported).
 */
export const GuardDutyOrganizationSchema = observed(
  z.object({
    autoEnableMembers: nstr,
    memberAccountLimitReached: z.boolean(),
    features: z.array(z.object({ name: str, autoEnable: str })).nullable(),
  }),
);

export const GuardDutyEvidenceSchema = regional(
  z.object({
    detectors: z.array(GuardDutyDetectorSchema),
    /** Read for the first detector when there is one (organization-managed GuardDuty); absent in older bundles. */
    administrator: GuardDutyAdministratorSchema.optional(),
    /** Organization scans with an administrator read (`--org-mode bulk|auto`): how `administrator` was read. */
    administratorVia: ReadViaSchema.optional(),
    workloads: GuardDutyWorkloadsSchema.optional(),
    malwareProtectionPlans: MalwareProtectionPlansSchema.optional(),
    organization: GuardDutyOrganizationSchema.optional(),
  }),
);
export type GuardDutyEvidence = z.infer<typeof GuardDutyEvidenceSchema>;

/** The service principal GuardDuty registers its delegated administrator under (organization scans). */
export const GUARDDUTY_SERVICE_PRINCIPAL = 'guardduty.amazonaws.com';
