/** CloudTrail's reads, each with the rule its answers must meet. */
import {
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetBucketPolicyStatusCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { absent, flag, list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

/** An advanced event selector as GetEventSelectors and GetEventDataStore answer it. */
const advancedSelector = () =>
  record({
    Name: optional(text()),
    FieldSelectors: list(
      record({
        Field: text(),
        Equals: absent(list(text())),
        NotEquals: absent(list(text())),
        StartsWith: absent(list(text())),
        NotStartsWith: absent(list(text())),
        EndsWith: absent(list(text())),
        NotEndsWith: absent(list(text())),
      }),
    ),
  });

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // CloudTrail answers `trailList` (empty when there is no trail). A trail's ARN and its flags are always
  // reported; absent flags would read as "off". KmsKeyId and CloudWatchLogsLogGroupArn are only present
  // when configured (CloudTrail API reference, Trail: "Specifies the KMS key ID that encrypts the logs",
  // "Specifies an Amazon Resource Name (ARN)... that represents the log group"; CreateTrail: both optional,
  // not set unless given).
  describeTrails: op('cloudtrail', 'DescribeTrailsCommand', 'cloudtrail:DescribeTrails', (c, i: Input<typeof DescribeTrailsCommand>, s) => c.send(new DescribeTrailsCommand(i), { abortSignal: s }),
    { fields: { trailList: list(record({
      TrailARN: text(), Name: optional(text()), HomeRegion: optional(text()), S3BucketName: optional(text()),
      IsMultiRegionTrail: flag(), IsOrganizationTrail: flag(), LogFileValidationEnabled: flag(),
      KmsKeyId: absent(text()), CloudWatchLogsLogGroupArn: absent(text()),
    })) } }),
  // CloudTrail API reference, GetTrailStatus: IsLogging is what the call is for. The delivery times and
  // error are reported only once something happened ("Specifies the date and time that CloudTrail last
  // delivered…", "Displays any Amazon S3 error that CloudTrail encountered…").
  getTrailStatus: op('cloudtrail', 'GetTrailStatusCommand', 'cloudtrail:GetTrailStatus', (c, i: Input<typeof GetTrailStatusCommand>, s) => c.send(new GetTrailStatusCommand(i), { abortSignal: s }),
    { fields: { IsLogging: flag(), LatestDeliveryTime: absent(z.date()), LatestDeliveryError: absent(text()), LatestCloudWatchLogsDeliveryTime: absent(z.date()) } }),
  // CloudTrail API reference, GetEventSelectors: the answer names the trail (TrailARN) and holds its basic
  // or its advanced selectors. EventSelector: ReadWriteType "By default, the value is All",
  // IncludeManagementEvents "By default, the value is true"; ExcludeManagementEventSources and the
  // AdvancedFieldSelector operators only narrow when present. EventSelector.DataResources is optional
  // (API reference, EventSelector, DataResource): absent, the selector records no data events; a
  // DataResource without Values selects no resource of its Type.
  getEventSelectors: op('cloudtrail', 'GetEventSelectorsCommand', 'cloudtrail:GetEventSelectors', (c, i: Input<typeof GetEventSelectorsCommand>, s) => c.send(new GetEventSelectorsCommand(i), { abortSignal: s }),
    { fields: {
      TrailARN: text(),
      EventSelectors: optional(list(record({ ReadWriteType: absent(text()), IncludeManagementEvents: absent(flag()), ExcludeManagementEventSources: absent(list(text())),
        DataResources: absent(list(record({ Type: text(), Values: absent(list(text())) }))) }))),
      AdvancedEventSelectors: optional(list(advancedSelector())),
    }, check: selectorsProblem }),
  // CloudTrail API reference, GetInsightSelectors: a trail with Insights answers its InsightSelectors
  // (InsightType ApiCallRateInsight / ApiErrorRateInsight); one without answers InsightNotEnabledException
  // ("If you run GetInsightSelectors on a trail … that does not have Insights events enabled, the operation
  // throws the exception InsightNotEnabledException"), which the collector reads as "none".
  getInsightSelectors: op('cloudtrail', 'GetInsightSelectorsCommand', 'cloudtrail:GetInsightSelectors', (c, i: Input<typeof GetInsightSelectorsCommand>, s) => c.send(new GetInsightSelectorsCommand(i), { abortSignal: s }),
    { fields: { InsightSelectors: list(record({ InsightType: text() })) } }),
  // CloudTrail API reference, ListEventDataStores: "Returns information about all event data stores in the
  // account, in the current Region" — each with its ARN and Name; Status, AdvancedEventSelectors,
  // MultiRegionEnabled and OrganizationEnabled "are no longer returned" (deprecated), so a store is read with
  // GetEventDataStore unless its entry still carries all four. The list is required: without it nothing
  // says there is no store.
  listEventDataStores: op('cloudtrail', 'ListEventDataStoresCommand', 'cloudtrail:ListEventDataStores', (c, i: Input<typeof ListEventDataStoresCommand>, s) => c.send(new ListEventDataStoresCommand(i), { abortSignal: s }),
    { fields: { EventDataStores: list(record({ EventDataStoreArn: text(), Name: optional(text()), Status: optional(text()),
      AdvancedEventSelectors: optional(list(advancedSelector())), MultiRegionEnabled: optional(flag()), OrganizationEnabled: optional(flag()) })), NextToken: optional(text()) } }),
  // CloudTrail API reference, GetEventDataStore: the store's Status, its AdvancedEventSelectors (what it
  // records: a store always has them; CreateEventDataStore sets all management events when none is given),
  // MultiRegionEnabled and OrganizationEnabled. All four are what the verdict rests on: required.
  getEventDataStore: op('cloudtrail', 'GetEventDataStoreCommand', 'cloudtrail:GetEventDataStore', (c, i: Input<typeof GetEventDataStoreCommand>, s) => c.send(new GetEventDataStoreCommand(i), { abortSignal: s }),
    { fields: { EventDataStoreArn: text(), Status: text(), AdvancedEventSelectors: list(advancedSelector()), MultiRegionEnabled: flag(), OrganizationEnabled: flag() } }),
  // S3 API reference, GetBucketPolicyStatus: "Retrieves the policy status for an Amazon S3 bucket,
  // indicating whether the bucket is public" (PolicyStatus.IsPublic). A bucket without a policy answers
  // NoSuchBucketPolicy, a bucket that does not exist NoSuchBucket (the collector reads both as answers).
  getBucketPolicyStatus: op('s3', 'GetBucketPolicyStatusCommand', 's3:GetBucketPolicyStatus', (c, i: Input<typeof GetBucketPolicyStatusCommand>, s) => c.send(new GetBucketPolicyStatusCommand(i), { abortSignal: s }),
    { fields: { PolicyStatus: record({ IsPublic: flag() }) } }, { root: 'PolicyStatus', texts: ['IsPublic'] }),
} as const;

/**
 * GetEventSelectors holds the selectors in use: basic or advanced. An answer with neither list, or with
 * only an empty list of one kind, says nothing about them. (Both lists present and empty is what a trail
 * created without selectors answers in moto; watchpost reads it as AWS's default, all management events.)
 */
function selectorsProblem(o: {
  EventSelectors?: unknown[] | undefined;
  AdvancedEventSelectors?: unknown[] | undefined;
}): string | null {
  const basic = o.EventSelectors ?? null;
  const advanced = o.AdvancedEventSelectors ?? null;
  if (basic === null && advanced === null) return 'without EventSelectors or AdvancedEventSelectors';
  if (basic === null && advanced?.length === 0) return 'with only an empty AdvancedEventSelectors';
  if (advanced === null && basic?.length === 0) return 'with only an empty EventSelectors';
  return null;
}
