/**
 * Usage signals (AccountEvidence.usage): what AWS reports a service already costs where it is on, and the
 * CloudWatch metrics that drive the price of a gap. Read after the services (what to read follows from
 * their evidence); the cost estimate (src/costs/) is made from them. Absent when the scan read none
 * (`--no-costs`, or a scan before these reads existed).
 */
import * as z from 'zod';
import { regional, str } from '../../evidence/observed.js';

/** One usage type with AWS's own estimate of its monthly cost, in `currency` (USD in practice). */
export const UsageItemSchema = z.object({ type: str, cost: z.number(), currency: str });

/** One CloudWatch metric of one resource, over the window the scan read. */
export const MetricSeriesSchema = z.object({
  /** e.g. AWS/ApplicationELB RequestCount, AWS/S3 BucketSizeBytes. */
  namespace: str,
  metric: str,
  /** The resource the metric is about, as the evidence names it (an ARN, a bucket name). */
  resource: str,
  /** `sum`: the sum over the window (requests); `latest`: the most recent daily value (S3 storage). */
  stat: z.enum(['sum', 'latest']),
  /** null when CloudWatch returned no data point for it in the window. */
  value: z.number().nullable(),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const UsageSchema = z.object({
  /** GuardDuty GetUsageStatistics (last 30 days), per region where a detector is enabled. */
  guardduty: regional(z.object({ items: z.array(UsageItemSchema) })),
  /** Inspector ListUsageTotals (estimated monthly cost), per region where Inspector is enabled. */
  inspector: regional(z.object({ items: z.array(UsageItemSchema) })),
  /** Macie GetUsageTotals (PAST_30_DAYS), per region where Macie is enabled. */
  macie: regional(z.object({ items: z.array(UsageItemSchema) })),
  /**
   * CloudWatch GetMetricData, per region where a gap's price depends on one: request counts of
   * resources without a web ACL, S3 storage where Macie is off. `days`: the window of the sums.
   */
  metrics: regional(z.object({ days: z.number().int(), series: z.array(MetricSeriesSchema) })),
});
export type Usage = z.infer<typeof UsageSchema>;
