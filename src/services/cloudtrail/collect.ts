/**
 * CloudTrail: DescribeTrails per region (shadow trails included), de-duplicated by ARN; status and event
 * selectors read in each trail's home region, addressed by ARN (works for shadow and organization trails).
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
import type { AwsSession } from '../../aws/gateway.js';
import type { Observed } from '../../evidence/observed.js';
import { all, failedRegions, isoDate, perRegion, unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type {
  AdvancedEventSelectorSchema,
  AdvancedFieldSelectorSchema,
  BasicEventSelectorSchema,
  CloudTrailEvidence,
  Trail,
} from './schema.js';

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

export async function collectCloudTrail(
  session: AwsSession,
  regions: readonly string[],
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
    const [status, selectors, insights] = await Promise.all([
      session.call(OPS.getTrailStatus, base.homeRegion, { Name: base.arn }),
      session.call(OPS.getEventSelectors, base.homeRegion, { TrailName: base.arn }),
      session.call(OPS.getInsightSelectors, base.homeRegion, { TrailName: base.arn }),
    ]);
    return {
      ...base,
      status: status.ok ? normaliseStatus(status.value) : status,
      eventSelectors: selectors.ok ? { ok: true, value: normaliseSelectors(selectors.value) } : selectors,
      insights: interpretInsights(insights),
    };
  });
  trails.sort((a, b) => a.arn.localeCompare(b.arn));
  return { regions: perRegionTrails, trails };
}

const PART: CollectorPart = {
  name: 'cloudtrail',
  operations: [OPS.describeTrails, OPS.getTrailStatus, OPS.getEventSelectors, OPS.getInsightSelectors],
};

export const collect: Collector<CloudTrailEvidence> = (kit) =>
  kit.account(
    PART,
    () => collectCloudTrail(kit.session, kit.regions),
    (error) => ({ regions: failedRegions<{ trailArns: string[] }>(kit.regions, error), trails: [] }),
  );
