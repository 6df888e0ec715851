/**
 * AWS CloudTrail: whether every region is covered by a logging trail that records management events, and how its trails are kept.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { ServiceModule } from '../types.js';
import { cloudtrailBucket } from './checks/bucket.js';
import { cloudtrailCloudWatchLogs } from './checks/cloudwatch-logs.js';
import { cloudtrailDataEvents } from './checks/data-events.js';
import { cloudtrailEnabled } from './checks/enabled.js';
import { cloudtrailInsights } from './checks/insights.js';
import { cloudtrailKmsEncryption } from './checks/kms-encryption.js';
import { cloudtrailLogValidation } from './checks/log-validation.js';
import { cloudtrailLogging } from './checks/logging.js';
import { cloudtrailManagementEvents } from './checks/management-events.js';
import { cloudtrailMultiRegion } from './checks/multi-region.js';
import { cloudtrailProse } from './prose.js';
import { CloudTrailEvidenceSchema } from './schema.js';

export const cloudtrail: ServiceModule<'cloudtrail', typeof CloudTrailEvidenceSchema, never> = {
  id: 'cloudtrail',
  labels: {
    title: 'CloudTrail',
    short: 'CloudTrail',
    column: 'CloudTrail',
    markerNames: ['cloudtrail', 'aws cloudtrail'],
  },
  schema: CloudTrailEvidenceSchema,
  checks: [
    cloudtrailEnabled,
    cloudtrailMultiRegion,
    cloudtrailLogging,
    cloudtrailBucket,
    cloudtrailLogValidation,
    cloudtrailKmsEncryption,
    cloudtrailCloudWatchLogs,
    cloudtrailManagementEvents,
    cloudtrailDataEvents,
    cloudtrailInsights,
  ],
  questions: [],
  // The workload inventory says whether data events matter (S3 buckets, Lambda functions).
  needs: ['inventory'],
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: cloudtrailProse,
  resourceLabels: (e) => [
    ...e.trails.map((t) => [t.arn, t.name] as const),
    ...Object.values(e.eventDataStores ?? {}).flatMap((r) =>
      r.ok ? r.value.stores.map((s) => [s.arn, s.name] as const) : [],
    ),
  ],
  // The finding names trails; the per-region answers stay on disk.
  keepForFinding: (e) => ({
    regions: {},
    trails: e.trails,
    ...(e.eventDataStores ? { eventDataStores: e.eventDataStores } : {}),
    ...(e.lakeNotRead ? { lakeNotRead: e.lakeNotRead } : {}),
  }),
  gapKind: 'monitoring',
  gapWords:
    /\b(?:cloudtrail|cloudwatch|logging|logs?|audit trails?|log files?|monitoring|incident response)\b/i,
};
