/** CloudTrail's part of the evidence (AccountEvidence.cloudtrail). */
import * as z from 'zod';
import { nstr, observed, regional, str } from '../../evidence/observed.js';

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
});
export type Trail = z.infer<typeof TrailSchema>;
export const CloudTrailEvidenceSchema = z.object({
  /** DescribeTrails per region (shadow trails included): the ARNs of the trails visible there. */
  regions: regional(z.object({ trailArns: z.array(str) })),
  /** Every trail seen in any region, de-duplicated by ARN, with its details read in its home region. */
  trails: z.array(TrailSchema),
});
export type CloudTrailEvidence = z.infer<typeof CloudTrailEvidenceSchema>;
