/**
 * CloudTrail: DescribeTrails per region (shadow trails included), de-duplicated by ARN; status and event
 * selectors read in each trail's home region, addressed by ARN (works for shadow and organization trails);
 * CloudTrail Lake's event data stores per region unless a trail already proves what they could.
 */
import type {
  AdvancedEventSelector,
  EventSelector,
  GetEventSelectorsCommandOutput,
  GetInsightSelectorsCommandOutput,
  GetTrailStatusCommandOutput,
  Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import type { z } from 'zod';
import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { Observed } from '../../evidence/observed.js';
import { all, failedRegions, isoDate, perRegion, unparseable } from '../collect-util.js';
import { bucketRegionFromLocation } from '../inventory/collect.js';
import { OPS as INVENTORY_OPS } from '../inventory/operations.js';
import type { AccountBulk, Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type {
  AdvancedEventSelectorSchema,
  AdvancedFieldSelectorSchema,
  BasicEventSelectorSchema,
  CloudTrailEvidence,
  EventDataStore,
  Trail,
  TrailBucket,
} from './schema.js';
import { isLogging, managementCoverage } from './trails.js';

type BasicSelector = z.infer<typeof BasicEventSelectorSchema>;
type AdvancedSelector = z.infer<typeof AdvancedEventSelectorSchema>;
type FieldSelector = z.infer<typeof AdvancedFieldSelectorSchema>;

/** Fields of an ARN: arn:partition:service:region:account:resource. */
export function arnParts(arn: string): { region: string; account: string } | null {
  const p = arn.split(':');
  if (p.length < 6 || p[0] !== 'arn') return null;
  return { region: p[3] ?? '', account: p[4] ?? '' };
}

export function normaliseBasicSelector(s: EventSelector): BasicSelector {
  return {
    readWriteType: s.ReadWriteType ?? null,
    includeManagementEvents: s.IncludeManagementEvents ?? null,
    excludeManagementEventSources: [...(s.ExcludeManagementEventSources ?? [])],
    dataResources: (s.DataResources ?? []).map((d) => ({
      type: d.Type ?? '',
      values: [...(d.Values ?? [])],
    })),
  };
}

export function normaliseAdvancedSelector(s: AdvancedEventSelector): AdvancedSelector {
  return {
    name: s.Name ?? null,
    fieldSelectors: (s.FieldSelectors ?? []).map((f) => {
      const out: FieldSelector = { field: f.Field ?? '' };
      if (f.Equals) out.equals = [...f.Equals];
      if (f.NotEquals) out.notEquals = [...f.NotEquals];
      if (f.StartsWith) out.startsWith = [...f.StartsWith];
      if (f.NotStartsWith) out.notStartsWith = [...f.NotStartsWith];
      if (f.EndsWith) out.endsWith = [...f.EndsWith];
      if (f.NotEndsWith) out.notEndsWith = [...f.NotEndsWith];
      return out;
    }),
  };
}

/** GetEventSelectors' answer as evidence: a list absent from the answer is null, not empty. */
export function normaliseSelectors(
  o: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>,
): {
  basic: BasicSelector[] | null;
  advanced: AdvancedSelector[] | null;
} {
  return {
    basic: o.EventSelectors ? o.EventSelectors.map(normaliseBasicSelector) : null,
    advanced: o.AdvancedEventSelectors ? o.AdvancedEventSelectors.map(normaliseAdvancedSelector) : null,
  };
}

export function normaliseStatus(
  o: GetTrailStatusCommandOutput | Omit<GetTrailStatusCommandOutput, '$metadata'>,
): Trail['status'] {
  if (typeof o.IsLogging !== 'boolean') {
    return {
      ok: false,
      error: unparseable(OPS.getTrailStatus.iamAction, 'GetTrailStatus answered without IsLogging'),
    };
  }
  return {
    ok: true,
    value: {
      isLogging: o.IsLogging,
      latestDeliveryTime: isoDate(o.LatestDeliveryTime),
      latestDeliveryError: o.LatestDeliveryError || null,
      latestCloudWatchLogsDeliveryTime: isoDate(o.LatestCloudWatchLogsDeliveryTime),
    },
  };
}

/**
 * GetInsightSelectors → the Insights types. InsightNotEnabledException is CloudTrail's answer for a trail
 * without Insights (API reference): proof of "none", not an error. Every other error stays one.
 */
export function interpretInsights(
  res: Observed<Pick<GetInsightSelectorsCommandOutput, 'InsightSelectors'>>,
): NonNullable<Trail['insights']> {
  if (!res.ok) {
    if (res.error.code === 'InsightNotEnabledException') {
      return { ok: true, value: { types: [], basis: `${res.error.code}: ${res.error.message}` } };
    }
    return res;
  }
  const types = (res.value.InsightSelectors ?? []).flatMap((s) => (s.InsightType ? [s.InsightType] : []));
  return { ok: true, value: { types, basis: `GetInsightSelectors: ${types.join(', ') || 'none'}` } };
}

/** A trail's static fields from DescribeTrails (status and selectors are read separately). */
export function trailBase(
  t: SdkTrail,
  seenIn: string,
): Omit<Trail, 'status' | 'eventSelectors' | 'insights'> | null {
  const arn = t.TrailARN;
  if (!arn) return null;
  const parts = arnParts(arn);
  return {
    arn,
    name: t.Name ?? arn.split('/').pop() ?? arn,
    homeRegion: t.HomeRegion || parts?.region || seenIn,
    ownerAccountId: parts?.account ?? '',
    isMultiRegion: t.IsMultiRegionTrail === true,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    logFileValidation: t.LogFileValidationEnabled === true,
    kmsKeyId: t.KmsKeyId ?? null,
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn ?? null,
    s3BucketName: t.S3BucketName ?? null,
  };
}

/**
 * CloudTrail Lake in one region: ListEventDataStores (every page), then GetEventDataStore for each store
 * whose entry lacks its status, selectors or flags (AWS no longer lists them). A failed Get stays on its store; a failed list is the
 * region's error.
 */
export async function collectEventDataStores(
  session: AwsSession,
  region: string,
): Promise<Observed<{ stores: EventDataStore[] }>> {
  const listed = await session.paginate(
    OPS.listEventDataStores,
    region,
    {},
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.EventDataStores },
  );
  if (!listed.ok) return listed;
  const stores = await all(
    listed.value.filter((e) => typeof e.EventDataStoreArn === 'string' && e.EventDataStoreArn !== ''),
    async (e): Promise<EventDataStore> => {
      const arn = e.EventDataStoreArn as string;
      // The list's entry, where it still carries what GetEventDataStore answers, spares the call.
      const listed =
        typeof e.Status === 'string' &&
        Array.isArray(e.AdvancedEventSelectors) &&
        typeof e.MultiRegionEnabled === 'boolean' &&
        typeof e.OrganizationEnabled === 'boolean';
      const got = listed
        ? { ok: true as const, value: e }
        : await session.call(OPS.getEventDataStore, region, { EventDataStore: arn });
      return {
        arn,
        name: e.Name || arn.split('/').pop() || arn,
        homeRegion: region,
        details: got.ok
          ? {
              ok: true,
              value: {
                status: got.value.Status ?? '',
                multiRegion: got.value.MultiRegionEnabled === true,
                organization: got.value.OrganizationEnabled === true,
                advanced: (got.value.AdvancedEventSelectors ?? []).map(normaliseAdvancedSelector),
              },
            }
          : got,
      };
    },
  );
  stores.sort((a, b) => a.arn.localeCompare(b.arn));
  return { ok: true, value: { stores } };
}

/**
 * A trail's S3 bucket: GetBucketLocation from the partition's global region (NoSuchBucket: proof that it
 * does not exist), then GetBucketPolicyStatus in the bucket's region (NoSuchBucketPolicy: no policy).
 */
export async function collectTrailBucket(
  session: AwsSession,
  partition: string,
  name: string,
): Promise<TrailBucket> {
  const loc = await session.call(INVENTORY_OPS.getBucketLocation, globalRegion(partition), { Bucket: name });
  if (!loc.ok) {
    if (loc.error.code === 'NoSuchBucket') {
      return {
        name,
        location: {
          ok: true,
          value: { exists: false, region: null, basis: `${loc.error.code}: ${loc.error.message}` },
        },
        policyStatus: null,
      };
    }
    return { name, location: loc, policyStatus: null };
  }
  const region = bucketRegionFromLocation(loc.value.LocationConstraint);
  const location = {
    ok: true as const,
    value: { exists: true, region, basis: `GetBucketLocation: ${region}` },
  };
  const ps = await session.call(OPS.getBucketPolicyStatus, region, { Bucket: name });
  if (!ps.ok) {
    if (ps.error.code === 'NoSuchBucketPolicy') {
      return {
        name,
        location,
        policyStatus: {
          ok: true,
          value: { hasPolicy: false, isPublic: false, basis: `${ps.error.code}: ${ps.error.message}` },
        },
      };
    }
    if (ps.error.code === 'NoSuchBucket') {
      return {
        name,
        location: {
          ok: true,
          value: { exists: false, region, basis: `${ps.error.code}: ${ps.error.message}` },
        },
        policyStatus: null,
      };
    }
    return { name, location, policyStatus: ps };
  }
  const isPublic = ps.value.PolicyStatus?.IsPublic === true;
  return {
    name,
    location,
    policyStatus: {
      ok: true,
      value: {
        hasPolicy: true,
        isPublic,
        basis: `GetBucketPolicyStatus: IsPublic ${isPublic ? 'true' : 'false'}`,
      },
    },
  };
}

/** GetTrailStatus and GetEventSelectors of a trail, by ARN in its home region. */
export async function readTrailState(
  session: AwsSession,
  base: Pick<Trail, 'arn' | 'homeRegion'>,
): Promise<Pick<Trail, 'status' | 'eventSelectors'>> {
  const [status, selectors] = await Promise.all([
    session.call(OPS.getTrailStatus, base.homeRegion, { Name: base.arn }),
    session.call(OPS.getEventSelectors, base.homeRegion, { TrailName: base.arn }),
  ]);
  return {
    status: status.ok ? normaliseStatus(status.value) : status,
    eventSelectors: selectors.ok ? { ok: true, value: normaliseSelectors(selectors.value) } : selectors,
  };
}

/** A multi-region trail that is logging and whose selectors (read) record read and write management events. */
function provesManagementEverywhere(t: Trail): boolean {
  if (!t.isMultiRegion || !isLogging(t) || !t.eventSelectors.ok) return false;
  const c = managementCoverage(t.eventSelectors.value);
  return c.read && c.write;
}

export async function collectCloudTrail(
  session: AwsSession,
  regions: readonly string[],
  partition = 'aws',
  accountId = '',
  bulk?: AccountBulk['cloudtrail'],
): Promise<CloudTrailEvidence> {
  const found = new Map<string, Omit<Trail, 'status' | 'eventSelectors' | 'insights'>>();
  const perRegionTrails = await perRegion(regions, async (region) => {
    const res = await session.call(OPS.describeTrails, region, { includeShadowTrails: true });
    if (!res.ok) return res;
    if (!Array.isArray(res.value.trailList)) {
      return {
        ok: false,
        error: unparseable(OPS.describeTrails.iamAction, 'DescribeTrails answered without trailList'),
      };
    }
    const arns: string[] = [];
    for (const t of res.value.trailList) {
      const base = trailBase(t, region);
      if (!base) continue;
      arns.push(base.arn);
      if (!found.has(base.arn)) found.set(base.arn, base);
    }
    return { ok: true, value: { trailArns: arns } } as Observed<{ trailArns: string[] }>;
  });
  const trails = await all([...found.values()], async (base): Promise<Trail> => {
    // An organization trail of another account: its status and event selectors read once in the
    // management account that owns it (organization scans, --org-mode bulk|auto), the trail's own state
    // whoever asks (members may read both: CloudTrail user guide, "Creating a trail for an
    // organization"). Its Insights selectors are still read here: that members can read them is not
    // documented, and a member's refusal is part of its evidence.
    const orgTrail = !!bulk && base.isOrganizationTrail && base.ownerAccountId !== accountId;
    const fromOwner = orgTrail ? bulk!.trails[base.arn] : undefined;
    const [state, insights] = await Promise.all([
      fromOwner?.ok ? fromOwner.value : readTrailState(session, base),
      session.call(OPS.getInsightSelectors, base.homeRegion, { TrailName: base.arn }),
    ]);
    const trail: Trail = { ...base, ...state, insights: interpretInsights(insights) };
    if (!orgTrail) return trail;
    return {
      ...trail,
      via: fromOwner?.ok
        ? { from: 'administrator', administrator: bulk!.administrator }
        : {
            from: 'account',
            administrator: bulk!.administrator,
            fallback: fromOwner
              ? fromOwner.reason
              : `the trail was not read in account ${bulk!.administrator}`,
          },
    };
  });
  trails.sort((a, b) => a.arn.localeCompare(b.arn));
  // Each distinct bucket once for the account. Every trail's, the stopped ones' too: which buckets are
  // read does not hang on another answer (the trail status is read at the same time).
  const bucketNames = [...new Set(trails.flatMap((t) => (t.s3BucketName ? [t.s3BucketName] : [])))].sort();
  // CloudTrail Lake is read where it can change a verdict: a store counts only where no trail does
  // (checks/enabled.ts, multi-region.ts, management-events.ts). A logging multi-region trail recording read
  // and write management events passes all three on its own, so its ARN is recorded instead of the stores.
  const proof = trails.find(provesManagementEverywhere);
  const [buckets, eventDataStores] = await Promise.all([
    all(bucketNames, (name) => collectTrailBucket(session, partition, name)),
    proof ? undefined : perRegion(regions, (region) => collectEventDataStores(session, region)),
  ]);
  return {
    regions: perRegionTrails,
    trails,
    ...(eventDataStores ? { eventDataStores } : { lakeNotRead: { trail: proof!.arn } }),
    buckets,
  };
}

const PART: CollectorPart = {
  name: 'cloudtrail',
  operations: [
    OPS.describeTrails,
    OPS.getTrailStatus,
    OPS.getEventSelectors,
    OPS.getInsightSelectors,
    OPS.listEventDataStores,
    OPS.getEventDataStore,
    INVENTORY_OPS.getBucketLocation,
    OPS.getBucketPolicyStatus,
  ],
};

export const collect: Collector<CloudTrailEvidence> = (kit) =>
  kit.account(
    PART,
    () => collectCloudTrail(kit.session, kit.regions, kit.partition, kit.accountId, kit.bulk?.cloudtrail),
    (error) => ({
      regions: failedRegions<{ trailArns: string[] }>(kit.regions, error),
      trails: [],
      eventDataStores: failedRegions<{ stores: EventDataStore[] }>(kit.regions, error),
    }),
  );
