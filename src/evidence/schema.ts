/**
 * The evidence bundle: everything watchpost saw, in one versioned document. This file is the single
 * source of truth for both the TypeScript types and the validation applied when a bundle is read back.
 *
 * Conventions:
 * - Every value that came from one AWS call (or a short chain of calls) is wrapped in `Observed<T>`:
 *   either `{ ok: true, value }` or `{ ok: false, error }`. A failed read is never stored as "empty".
 * - Regional data is a record keyed by region name.
 * - Collectors normalise API answers into these shapes; they never judge.
 */
import * as z from 'zod';

export const SCHEMA_VERSION = 1;

export const SERVICES = [
  'cloudtrail',
  'trustedadvisor',
  'inspector',
  'macie',
  'guardduty',
  'waf',
  'shield',
] as const;
export const ServiceIdSchema = z.enum(SERVICES);
export type ServiceId = z.infer<typeof ServiceIdSchema>;

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

export function observed<T extends z.ZodType>(value: T) {
  return z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AwsErrorSchema }),
  ]);
}
export type Observed<T> = { ok: true; value: T } | { ok: false; error: AwsError };

const regional = <T extends z.ZodType>(value: T) => z.record(z.string(), observed(value));
export type Regional<T> = Record<string, Observed<T>>;

const str = z.string();
const nstr = z.string().nullable();

// ---------------------------------------------------------------------------------------------- CloudTrail
export const BasicEventSelectorSchema = z.object({
  readWriteType: nstr, // All | ReadOnly | WriteOnly (null: AWS default, All)
  includeManagementEvents: z.boolean().nullable(), // null: AWS default, true
  excludeManagementEventSources: z.array(str),
});
export const AdvancedFieldSelectorSchema = z.object({
  field: str,
  equals: z.array(str).optional(),
  notEquals: z.array(str).optional(),
  startsWith: z.array(str).optional(),
  notStartsWith: z.array(str).optional(),
  endsWith: z.array(str).optional(),
  notEndsWith: z.array(str).optional(),
});
export const AdvancedEventSelectorSchema = z.object({
  name: nstr,
  fieldSelectors: z.array(AdvancedFieldSelectorSchema),
});
export const TrailSchema = z.object({
  arn: str,
  name: str,
  homeRegion: str,
  /** Account that owns the trail (from its ARN); differs from the audited account for organization trails. */
  ownerAccountId: str,
  isMultiRegion: z.boolean(),
  isOrganizationTrail: z.boolean(),
  logFileValidation: z.boolean(),
  kmsKeyId: nstr,
  cloudWatchLogsLogGroupArn: nstr,
  s3BucketName: nstr,
  status: observed(
    z.object({
      isLogging: z.boolean(),
      latestDeliveryTime: nstr,
      latestDeliveryError: nstr,
      latestCloudWatchLogsDeliveryTime: nstr,
    }),
  ),
  eventSelectors: observed(
    z.object({
      basic: z.array(BasicEventSelectorSchema).nullable(),
      advanced: z.array(AdvancedEventSelectorSchema).nullable(),
    }),
  ),
});
export type Trail = z.infer<typeof TrailSchema>;
export const CloudTrailEvidenceSchema = z.object({
  /** DescribeTrails per region (shadow trails included): the ARNs of the trails visible there. */
  regions: regional(z.object({ trailArns: z.array(str) })),
  /** Every trail seen in any region, de-duplicated by ARN, with its details read in its home region. */
  trails: z.array(TrailSchema),
});
export type CloudTrailEvidence = z.infer<typeof CloudTrailEvidenceSchema>;

// ------------------------------------------------------------------------------------------ Trusted Advisor
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

// ------------------------------------------------------------------------------------------------ Inventory
/** Workloads that make a service relevant in a region. */
export const InventorySchema = z.object({
  ec2Instances: regional(z.object({ ids: z.array(str) })), // not terminated
  ecrRepositories: regional(z.object({ names: z.array(str) })),
  lambdaFunctions: regional(z.object({ names: z.array(str) })),
  /** ListBuckets is global; `region` is the bucket's region (null when AWS did not say). */
  s3Buckets: observed(z.object({ buckets: z.array(z.object({ name: str, region: nstr })) })),
});
export type Inventory = z.infer<typeof InventorySchema>;

// ------------------------------------------------------------------------------------------------ Inspector
export const InspectorRegionSchema = z.object({
  /** ENABLED | DISABLED | ENABLING | DISABLING | SUSPENDED | SUSPENDING */
  status: str,
  scanTypes: z.object({ ec2: nstr, ecr: nstr, lambda: nstr, lambdaCode: nstr }),
});
export const InspectorEvidenceSchema = regional(InspectorRegionSchema);
export type InspectorEvidence = z.infer<typeof InspectorEvidenceSchema>;

// ---------------------------------------------------------------------------------------------------- Macie
/** GetAdministratorAccount: the Macie administrator account of this member (null: none, standalone). */
export const MacieAdministratorSchema = observed(
  z.object({ accountId: str, relationshipStatus: nstr }).nullable(),
);
export const MacieRegionSchema = z.object({
  /** ENABLED | PAUSED | NOT_ENABLED */
  status: str,
  /** What the answer was that led to `status`, e.g. the error that says Macie is not enabled. */
  basis: str,
  /** Read where Macie is enabled or paused (organization-managed Macie); absent elsewhere and in older bundles. */
  administrator: MacieAdministratorSchema.optional(),
});
export const MacieEvidenceSchema = regional(MacieRegionSchema);
export type MacieEvidence = z.infer<typeof MacieEvidenceSchema>;

// ------------------------------------------------------------------------------------------------ GuardDuty
export const GuardDutyDetectorSchema = z.object({
  id: str,
  detail: observed(
    z.object({
      status: str, // ENABLED | DISABLED
      /** Protection plans as `Features[]` reports them; null when the answer had no Features. */
      features: z.array(z.object({ name: str, status: str })).nullable(),
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

// ------------------------------------------------------------------------------------------- WAF and Shield
const webAclAssociation = observed(z.object({ webAclArn: nstr }));
export const RestApiSchema = z.object({
  id: str,
  name: str,
  /** EDGE | REGIONAL | PRIVATE */
  endpointTypes: z.array(str),
  stages: observed(z.array(z.object({ stageName: str, arn: str, webAclArn: nstr }))),
});
export const LoadBalancerSchema = z.object({
  arn: str,
  name: str,
  type: str, // application | network | gateway
  scheme: nstr, // internet-facing | internal
  webAcl: webAclAssociation.nullable(), // read only for internet-facing ALBs
});
export const DistributionSchema = z.object({
  id: str,
  arn: str,
  domainName: str,
  aliases: z.array(str),
  webAclId: nstr,
});
export const GraphqlApiSchema = z.object({ apiId: str, arn: str, name: str, webAclArn: nstr });
export const UserPoolSchema = z.object({ id: str, arn: str, name: str, webAcl: webAclAssociation });
export const WafEvidenceSchema = z.object({
  restApis: regional(z.object({ apis: z.array(RestApiSchema) })),
  loadBalancers: regional(z.object({ loadBalancers: z.array(LoadBalancerSchema) })),
  cloudFront: observed(z.object({ distributions: z.array(DistributionSchema) })),
  appSync: regional(z.object({ apis: z.array(GraphqlApiSchema) })),
  cognito: regional(z.object({ userPools: z.array(UserPoolSchema) })),
});
export type WafEvidence = z.infer<typeof WafEvidenceSchema>;
export const ShieldEvidenceSchema = observed(z.object({ subscriptionState: str })); // ACTIVE | INACTIVE
export type ShieldEvidence = z.infer<typeof ShieldEvidenceSchema>;

// ------------------------------------------------------------------------------------------- Organization
/**
 * organizations:ListDelegatedAdministrators per service principal (e.g. `inspector2.amazonaws.com`), read
 * from the account running an organization scan: the accounts the organization delegated the service to.
 */
export const DelegatedAdministratorsSchema = z.record(
  z.string(),
  observed(z.object({ accountIds: z.array(str) })),
);
export type DelegatedAdministrators = z.infer<typeof DelegatedAdministratorsSchema>;
/** The service principal Amazon Inspector (v2) registers its delegated administrator under. */
export const INSPECTOR_SERVICE_PRINCIPAL = 'inspector2.amazonaws.com';

// ----------------------------------------------------------------------------------------------- Accounts
export const RegionListingSchema = z.object({
  /** Regions enabled for the account in its partition. */
  enabled: z.array(str),
  /** Regions seen but not scanned, and why (not opted in, other partition). */
  skipped: z.array(z.object({ name: str, reason: str })),
});

export const AccountEvidenceSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  /** The account's name in the organization (untrusted text), when scanned with --org. */
  accountName: nstr.optional(),
  partition: str,
  /** How the account was reached: the caller identity (an ARN, never a credential). */
  callerArn: str,
  regionListing: observed(RegionListingSchema),
  /** The regions the checks judge: enabled regions, narrowed by --regions. */
  scannedRegions: z.array(str),
  /** Regions the user asked for that cannot be scanned, with the reason. */
  unavailableRegions: z.array(z.object({ name: str, error: AwsErrorSchema })),
  /** Set when the account could not be entered at all (e.g. the role could not be assumed). */
  accessError: AwsErrorSchema.nullable(),
  inventory: InventorySchema.optional(),
  cloudtrail: CloudTrailEvidenceSchema.optional(),
  trustedadvisor: TrustedAdvisorEvidenceSchema.optional(),
  inspector: InspectorEvidenceSchema.optional(),
  macie: MacieEvidenceSchema.optional(),
  guardduty: GuardDutyEvidenceSchema.optional(),
  waf: WafEvidenceSchema.optional(),
  shield: ShieldEvidenceSchema.optional(),
  /**
   * Organization scans: the organization's delegated administrators as this scan read them (the same value
   * as `organization.delegatedAdministrators`), kept with the account so that it is judged from its own
   * evidence, also after `merge` or `--resume`. Absent in single-account scans and older bundles.
   */
  delegatedAdministrators: DelegatedAdministratorsSchema.optional(),
});
export type AccountEvidence = z.infer<typeof AccountEvidenceSchema>;

export const CallStatsSchema = z.object({
  calls: z.number().int(),
  retries: z.number().int(),
  errors: z.number().int(),
  byOperation: z.record(z.string(), z.number().int()),
});
export type CallStats = z.infer<typeof CallStatsSchema>;

export const BundleSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('watchpost'), version: str }),
  startedAt: str,
  finishedAt: nstr,
  /** False when the scan was interrupted; missing parts read as `not-collected`. */
  complete: z.boolean(),
  partition: str,
  /** Organization scans: the organization and the accounts that were selected but not finished. */
  organization: z
    .object({
      id: nstr,
      managementAccountId: nstr,
      /** Accounts selected for the scan whose evidence is not (yet) in the bundle: `--resume` finishes them. */
      pendingAccounts: z.array(z.object({ id: str, name: nstr })),
      /** Delegated administrators per service principal, read once per scan; absent in older bundles. */
      delegatedAdministrators: DelegatedAdministratorsSchema.optional(),
    })
    .optional(),
  accounts: z.array(AccountEvidenceSchema),
  calls: CallStatsSchema,
});
export type Bundle = z.infer<typeof BundleSchema>;

// ------------------------------------------------------------------------------------------------- Results
export const STATUSES = ['pass', 'fail', 'not_applicable', 'unknown'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

export const CauseSchema = z.object({ kind: ErrorKindSchema, code: str, action: str, message: str });
export type Cause = z.infer<typeof CauseSchema>;

export const ResultSchema = z.object({
  checkId: str,
  service: ServiceIdSchema,
  accountId: str,
  /** A region name, or "global" for account-level checks. */
  region: str,
  /** The resource judged (an ARN or name), null where the check is not per resource. */
  resource: nstr,
  status: StatusSchema,
  /** One sentence, in our words, saying what was found. */
  detail: str,
  /** For `unknown`: the AWS error and the IAM action that was needed. Null otherwise. */
  cause: CauseSchema.nullable(),
  /** Structured facts behind the verdict (e.g. the scan types that are off), for the finding. */
  data: z.record(z.string(), z.union([str, z.number(), z.boolean(), z.null(), z.array(str)])),
});
export type Result = z.infer<typeof ResultSchema>;
export const ResultsSchema = z.array(ResultSchema);
