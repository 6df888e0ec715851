/** CloudTrail's part of the evidence (AccountEvidence.cloudtrail). */
import * as z from 'zod';
import { nstr, observed, ReadViaSchema, regional, str } from '../../evidence/observed.js';

export const BasicEventSelectorSchema = z.object({
  readWriteType: nstr, // All | ReadOnly | WriteOnly (null: AWS default, All)
  includeManagementEvents: z.boolean().nullable(), // null: AWS default, true
  excludeManagementEventSources: z.array(str),
  /** DataResources: data events selected (absent in bundles before cloudtrail.data-events). */
  dataResources: z.array(z.object({ type: str, values: z.array(str) })).optional(),
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
  /**
   * GetInsightSelectors: the Insights types the trail records ([] when CloudTrail answered
   * InsightNotEnabledException). Absent in bundles before cloudtrail.insights.
   */
  insights: observed(z.object({ types: z.array(str), basis: str })).optional(),
  /**
   * Organization trails of another account, organization scans with `--org-mode bulk|auto`: how `status`
   * and `eventSelectors` were read (once, in the management account that owns the trail, or by this
   * account; `insights` is always read by this account). Absent elsewhere.
   */
  via: ReadViaSchema.optional(),
});
export type Trail = z.infer<typeof TrailSchema>;

/** A CloudTrail Lake event data store (ListEventDataStores in its home region, then GetEventDataStore). */
export const EventDataStoreSchema = z.object({
  arn: str,
  name: str,
  /** The region whose ListEventDataStores listed it (its home region). */
  homeRegion: str,
  /** GetEventDataStore: what the store records and whether it ingests. */
  details: observed(
    z.object({
      status: str, // CREATED | ENABLED | STARTING_INGESTION | STOPPING_INGESTION | STOPPED_INGESTION | PENDING_DELETION
      multiRegion: z.boolean(),
      organization: z.boolean(),
      advanced: z.array(AdvancedEventSelectorSchema),
    }),
  ),
});
export type EventDataStore = z.infer<typeof EventDataStoreSchema>;

/**
 * A trail's S3 bucket, read once per account (global): GetBucketLocation, then GetBucketPolicyStatus in
 * the bucket's region. NoSuchBucket is proof that the bucket does not exist (exists: false).
 */
export const TrailBucketSchema = z.object({
  name: str,
  location: observed(z.object({ exists: z.boolean(), region: nstr, basis: str })),
  /**
   * GetBucketPolicyStatus; null when not read (the bucket does not exist or its region is unknown).
   * NoSuchBucketPolicy is proof of no bucket policy (hasPolicy false, isPublic false).
   */
  policyStatus: observed(z.object({ hasPolicy: z.boolean(), isPublic: z.boolean(), basis: str })).nullable(),
});
export type TrailBucket = z.infer<typeof TrailBucketSchema>;
export const CloudTrailEvidenceSchema = z.object({
  /** DescribeTrails per region (shadow trails included): the ARNs of the trails visible there. */
  regions: regional(z.object({ trailArns: z.array(str) })),
  /** Every trail seen in any region, de-duplicated by ARN, with its details read in its home region. */
  trails: z.array(TrailSchema),
  /**
   * CloudTrail Lake: ListEventDataStores per region, each store detailed by GetEventDataStore. Absent in
   * bundles before Lake was read (then a region without a logging trail is judged on trails alone, as then).
   */
  eventDataStores: regional(z.object({ stores: z.array(EventDataStoreSchema) })).optional(),
  /**
   * Lake was not read (no `eventDataStores`): this logging multi-region trail records read and write
   * management events, so no store could change a verdict (a store counts only where no trail does).
   */
  lakeNotRead: z.object({ trail: str }).optional(),
  /** The S3 buckets the trails deliver to, each read once (absent in bundles before cloudtrail.bucket). */
  buckets: z.array(TrailBucketSchema).optional(),
});
export type CloudTrailEvidence = z.infer<typeof CloudTrailEvidenceSchema>;
