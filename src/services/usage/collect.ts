/**
 * Usage signals for the cost estimate, read after the services: what to read follows from their evidence.
 * - current spend where a service is on: GuardDuty GetUsageStatistics (an enabled detector), Inspector
 *   ListUsageTotals and Macie GetUsageTotals (status ENABLED);
 * - CloudWatch metrics where a gap's price depends on them (one GetMetricData per region, many queries):
 *   request counts of the resources without a web ACL (ALB RequestCount, API Gateway Count, CloudFront
 *   Requests in us-east-1) and S3 storage (BucketSizeBytes, NumberOfObjects) where Macie is not enabled.
 * A failed read stays an error, never zero.
 */

import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { Observed } from '../../evidence/observed.js';
import type { AccountEvidence } from '../../evidence/schema.js';
import { all, failedRegions, unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { MetricSeries, Usage } from './schema.js';

type Items = Usage['guardduty'][string];

/** The window the request sums cover, in days (a month's traffic). */
export const METRIC_DAYS = 30;
const DAY_MS = 86_400_000;

/** GuardDuty's SUM_BY_ACCOUNT entry of this account: the last 30 days' cost. */
async function guardDutyUsage(
  session: AwsSession,
  region: string,
  accountId: string,
  detectorId: string,
): Promise<Items> {
  const res = await session.call(OPS.getGuardDutyUsage, region, {
    DetectorId: detectorId,
    UsageStatisticType: 'SUM_BY_ACCOUNT',
    UsageCriteria: { AccountIds: [accountId] },
  });
  if (!res.ok) return res;
  const rows = res.value.UsageStatistics?.SumByAccount ?? [];
  const mine = rows.filter((r) => r.AccountId === accountId);
  const items = [];
  for (const r of mine) {
    const cost = Number(r.Total?.Amount);
    if (!Number.isFinite(cost)) {
      return {
        ok: false,
        error: unparseable('guardduty:GetUsageStatistics', 'Total.Amount is not a number'),
      };
    }
    items.push({ type: 'total', cost, currency: r.Total?.Unit ?? '' });
  }
  return { ok: true, value: { items } };
}

async function inspectorUsage(session: AwsSession, region: string, accountId: string): Promise<Items> {
  const res = await session.paginate(
    OPS.listInspectorUsage,
    region,
    { accountIds: [accountId] },
    { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.totals },
  );
  if (!res.ok) return res;
  const items = res.value
    .filter((t) => t.accountId === accountId)
    .flatMap((t) =>
      (t.usage ?? []).map((u) => ({
        type: u.type ?? '',
        cost: u.estimatedMonthlyCost ?? 0,
        currency: u.currency ?? '',
      })),
    );
  return { ok: true, value: { items } };
}

async function macieUsage(session: AwsSession, region: string): Promise<Items> {
  const res = await session.call(OPS.getMacieUsage, region, { timeRange: 'PAST_30_DAYS' });
  if (!res.ok) return res;
  const items = [];
  for (const u of res.value.usageTotals ?? []) {
    const cost = Number(u.estimatedCost);
    if (!Number.isFinite(cost)) {
      return { ok: false, error: unparseable('macie2:GetUsageTotals', 'estimatedCost is not a number') };
    }
    items.push({ type: u.type ?? '', cost, currency: u.currency ?? '' });
  }
  return { ok: true, value: { items } };
}

/** One metric to read: namespace, name, dimensions, how it is reduced, and the resource it is about. */
export interface MetricQuery {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: MetricSeries['stat'];
  resource: string;
}

/** An ALB's CloudWatch dimension (`app/name/id`), from its ARN. */
export function albDimension(arn: string): string | null {
  const i = arn.indexOf(':loadbalancer/');
  return i < 0 ? null : arn.slice(i + ':loadbalancer/'.length);
}

/**
 * The metrics the gaps of this account's evidence need, by the region they are read in. Raw evidence,
 * not verdicts (the checks have not run): a resource with no web ACL, a region whose Macie is not enabled.
 */
export function metricQueries(e: AccountEvidence): Record<string, MetricQuery[]> {
  const out: Record<string, MetricQuery[]> = {};
  const add = (region: string, q: MetricQuery) => {
    out[region] ??= [];
    out[region].push(q);
  };
  const waf = e.waf;
  for (const region of e.scannedRegions) {
    const lbs = waf?.loadBalancers[region];
    if (lbs?.ok) {
      for (const lb of lbs.value.loadBalancers) {
        const dim = albDimension(lb.arn);
        const open = lb.webAcl?.ok === true && lb.webAcl.value.webAclArn === null;
        if (dim && open && lb.type.toLowerCase() === 'application') {
          add(region, {
            namespace: 'AWS/ApplicationELB',
            metric: 'RequestCount',
            dimensions: { LoadBalancer: dim },
            stat: 'sum',
            resource: lb.arn,
          });
        }
      }
    }
    const apis = waf?.restApis[region];
    if (apis?.ok) {
      for (const api of apis.value.apis) {
        if (!api.stages.ok) continue;
        for (const st of api.stages.value) {
          if (st.webAclArn !== null) continue;
          add(region, {
            namespace: 'AWS/ApiGateway',
            metric: 'Count',
            dimensions: { ApiName: api.name, Stage: st.stageName },
            stat: 'sum',
            resource: st.arn,
          });
        }
      }
    }
    const macie = e.macie?.[region];
    const buckets = e.inventory?.s3Buckets;
    if (macie?.ok && macie.value.status !== 'ENABLED' && buckets?.ok) {
      for (const b of buckets.value.buckets.filter((x) => x.region === region)) {
        add(region, {
          namespace: 'AWS/S3',
          metric: 'BucketSizeBytes',
          dimensions: { BucketName: b.name, StorageType: 'StandardStorage' },
          stat: 'latest',
          resource: b.name,
        });
        add(region, {
          namespace: 'AWS/S3',
          metric: 'NumberOfObjects',
          dimensions: { BucketName: b.name, StorageType: 'AllStorageTypes' },
          stat: 'latest',
          resource: b.name,
        });
      }
    }
  }
  const cf = waf?.cloudFront;
  if (cf?.ok) {
    for (const d of cf.value.distributions) {
      if (d.webAclId !== null) continue;
      add(globalRegion(e.partition), {
        namespace: 'AWS/CloudFront',
        metric: 'Requests',
        dimensions: { DistributionId: d.id, Region: 'Global' },
        stat: 'sum',
        resource: d.arn,
      });
    }
  }
  return out;
}

/** Reads the queries of one region (500 a call, every page): a failed query fails the region's entry. */
export async function readMetrics(
  session: AwsSession,
  region: string,
  queries: readonly MetricQuery[],
  now: Date,
): Promise<Usage['metrics'][string]> {
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const start = new Date(end.getTime() - METRIC_DAYS * DAY_MS);
  const values = new Map<string, number[]>();
  for (let first = 0; first < queries.length; first += 500) {
    const chunk = queries.slice(first, first + 500);
    const res = await session.paginate(
      OPS.getMetricData,
      region,
      {
        StartTime: start,
        EndTime: end,
        ScanBy: 'TimestampDescending',
        MetricDataQueries: chunk.map((q, i) => ({
          Id: `q${first + i}`,
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: q.namespace,
              MetricName: q.metric,
              Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: 86_400,
            Stat: q.stat === 'sum' ? 'Sum' : 'Average',
          },
        })),
      },
      { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.MetricDataResults },
    );
    if (!res.ok) return res;
    for (const r of res.value) {
      if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
        return {
          ok: false,
          error: unparseable('cloudwatch:GetMetricData', `a metric query answered ${r.StatusCode}`),
        };
      }
      const id = r.Id ?? '';
      values.set(id, [...(values.get(id) ?? []), ...(r.Values ?? [])]);
    }
  }
  const series = queries.map((q, i): MetricSeries => {
    const got = values.get(`q${i}`);
    const value =
      got === undefined || got.length === 0
        ? null
        : q.stat === 'sum'
          ? got.reduce((a, b) => a + b, 0)
          : got[0]!;
    return { namespace: q.namespace, metric: q.metric, resource: q.resource, stat: q.stat, value };
  });
  return { ok: true, value: { days: METRIC_DAYS, series } };
}

const PART: CollectorPart = { name: 'usage', operations: Object.values(OPS) };

type Regions<T> = Record<string, Observed<T>>;

export const collect: Collector<Usage> = async (kit) => {
  const { session, accountId } = kit;
  const e = kit.evidence;
  const empty: Usage = { guardduty: {}, inspector: {}, macie: {}, metrics: {} };
  if (!e) return empty;
  return kit.account(
    PART,
    async () => {
      const now = new Date();
      const read = async <T>(
        regions: string[],
        fn: (region: string) => Promise<Observed<T>>,
      ): Promise<Regions<T>> =>
        Object.fromEntries(await all(regions, async (r) => [r, await fn(r)] as const));
      const gdRegions = e.scannedRegions.filter((r) => enabledDetector(e, r) !== null);
      const insRegions = e.scannedRegions.filter((r) => {
        const v = e.inspector?.[r];
        return v?.ok === true && v.value.status === 'ENABLED';
      });
      const macRegions = e.scannedRegions.filter((r) => {
        const v = e.macie?.[r];
        return v?.ok === true && v.value.status === 'ENABLED';
      });
      const queries = metricQueries(e);
      const [guardduty, inspector, macie, metrics] = await Promise.all([
        read(gdRegions, (r) => guardDutyUsage(session, r, accountId, enabledDetector(e, r)!)),
        read(insRegions, (r) => inspectorUsage(session, r, accountId)),
        read(macRegions, (r) => macieUsage(session, r)),
        read(Object.keys(queries), (r) => readMetrics(session, r, queries[r]!, now)),
      ]);
      return { guardduty, inspector, macie, metrics };
    },
    (error) => ({
      guardduty: failedRegions(e.scannedRegions, error),
      inspector: failedRegions(e.scannedRegions, error),
      macie: failedRegions(e.scannedRegions, error),
      metrics: failedRegions(e.scannedRegions, error),
    }),
  );
};

/** The id of the region's enabled GuardDuty detector, or null. */
function enabledDetector(e: AccountEvidence, region: string): string | null {
  const v = e.guardduty?.[region];
  if (!v?.ok) return null;
  const d = v.value.detectors.find((x) => x.detail.ok && x.detail.value.status === 'ENABLED');
  return d?.id ?? null;
}
