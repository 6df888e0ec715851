/**
 * The cost estimate (docs/costs.md): pure, from the results, the evidence and a price table to cost lines.
 * - a `gap` line for each gap the finding reports that has a price (a service off in a region, Inspector
 *   scan types off, resources without a web ACL, Shield Advanced), as a range with its basis;
 * - a `current` line for each service already on where AWS reports its cost (GuardDuty, Inspector, Macie
 *   usage totals) or where the price is fixed (Shield Advanced).
 * Never zero for what could not be read: such a line has `monthlyUsd: null` and says why. Never a quote:
 * every basis names its prices, date and assumptions.
 */
import type { AwsError, Observed } from '../evidence/observed.js';
import type { AccountEvidence, Result } from '../evidence/schema.js';
import type { ServiceId } from '../services/registry.js';
import type { MetricSeries, Usage } from '../services/usage/schema.js';
import { type AssumptionKey, type PricedService, type PriceTable, price } from './prices.js';

export interface CostLine {
  service: ServiceId;
  accountId: string;
  /** A region, or "global" for account-wide items. */
  region: string;
  /** What is priced, in our words (may contain resource names: untrusted when shown). */
  item: string;
  kind: 'gap' | 'current';
  /** USD a month; null when it could not be estimated (the basis says why). */
  monthlyUsd: { low: number; high: number } | null;
  /** How this line's figure was made: prices, counts, assumptions; or why it is not estimated. */
  basis: string;
  /**
   * What the lines of its service share: free trials, what costs extra, where the prices come from. The
   * finding says it once under the table; costs.json appends it to each line's basis (`costJson`).
   */
  terms?: string;
}

/** A line as costs.json has it (docs/costs.md): the basis in full, terms included. */
export function costJson(l: CostLine): Omit<CostLine, 'terms'> {
  const { terms, ...rest } = l;
  return terms ? { ...rest, basis: `${l.basis} ${terms}` } : rest;
}

const SERVICE_ORDER: readonly ServiceId[] = [
  'cloudtrail',
  'trustedadvisor',
  'inspector',
  'macie',
  'guardduty',
  'waf',
  'shield',
];

/** $1,234.56 (two decimals below $100, whole dollars above). */
export function usd(n: number): string {
  const digits = n < 100 ? 2 : 0;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A unit price as the price page gives it: $1.258, $0.09, $0.60 (two to four decimals). */
export function unitUsd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

/** "$18.00–$22.00", or one figure when low and high are the same. */
export function usdRange(r: { low: number; high: number }): string {
  return r.low === r.high ? usd(r.low) : `${usd(r.low)}–${usd(r.high)}`;
}

const round = (n: number) => Math.round(n * 100) / 100;
const range = (low: number, high: number) => ({ low: round(low), high: round(high) });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function causeText(e: AwsError): string {
  return `${e.code} on ${e.action}`;
}

interface Ctx {
  table: PriceTable;
  account: AccountEvidence;
  usage: Usage | undefined;
  lines: CostLine[];
}

function p(ctx: Ctx, service: PricedService, key: string, region: string): number {
  return price(ctx.table, service, key, region);
}

function assume(ctx: Ctx, key: AssumptionKey) {
  return ctx.table.assumptions[key];
}

function source(ctx: Ctx, service: PricedService): string {
  return `AWS list prices of ${ctx.table.date} (${ctx.table.prices[service].source})`;
}

/**
 * A line that could not be priced: no figure (never zero, never in a total) and a basis that says why,
 * then what else the line must say (the unit prices, the trial, the source).
 */
function unpriced(
  ctx: Ctx,
  line: Pick<CostLine, 'service' | 'region' | 'item'> & { kind?: CostLine['kind'] },
  why: string,
  more?: string,
  terms?: string,
): void {
  const basis = `Not estimated: ${why}.${more ? ` ${more}` : ''}`;
  add(ctx, { ...line, kind: line.kind ?? 'gap', monthlyUsd: null, basis, ...(terms ? { terms } : {}) });
}

function add(ctx: Ctx, line: Omit<CostLine, 'accountId'>): void {
  // In the order costs.json documents.
  const { service, region, item, kind, monthlyUsd, basis, terms } = line;
  ctx.lines.push({
    service,
    accountId: ctx.account.accountId,
    region,
    item,
    kind,
    monthlyUsd,
    basis,
    ...(terms ? { terms } : {}),
  });
}

/** What every line of a service says once: what costs extra, free trials, the source of the prices. */
const TERMS: Partial<Record<PricedService, (ctx: Ctx, region: string) => string>> = {
  cloudtrail: (ctx) => `${source(ctx, 'cloudtrail')}.`,
  guardduty: (ctx, region) => {
    const ev = assume(ctx, 'guarddutyManagementEventsPerRegion');
    const gb = assume(ctx, 'guarddutyFlowLogGbPerInstance');
    const perM = p(ctx, 'guardduty', 'cloudTrailEventsPerMillion', region);
    const perGb = p(ctx, 'guardduty', 'flowLogsPerGb', region);
    return `Foundational threat detection: management events at ${unitUsd(perM)} per million, assumed ${ev.low.toLocaleString('en-US')}–${ev.high.toLocaleString('en-US')} a month in a region; VPC flow and DNS logs at ${unitUsd(perGb)} per GB, assumed ${gb.low}–${gb.high} GB per instance a month. Protection plans (S3, EKS, runtime, malware) cost extra. New accounts get a 30-day free trial. ${source(ctx, 'guardduty')}.`;
  },
  inspector: (ctx) => `New accounts get a 15-day free trial. ${source(ctx, 'inspector')}.`,
  macie: (ctx) =>
    `New accounts get a 30-day free trial of bucket monitoring and automated discovery. ${source(ctx, 'macie')}.`,
  waf: (ctx, region) => {
    const rules = assume(ctx, 'wafRulesPerWebAcl');
    return `${unitUsd(p(ctx, 'waf', 'webAclPerMonth', region))} per web ACL and ${unitUsd(p(ctx, 'waf', 'rulePerMonth', region))} per rule a month, ${unitUsd(p(ctx, 'waf', 'requestsPerMillion', region))} per million requests; each figure ranges from one web ACL shared by the resources of its row, with ${rules.low} rules (low), to one web ACL per resource, with ${rules.high} rules (high). Managed rule groups with their own fees (Bot Control, Fraud Control) cost extra. ${source(ctx, 'waf')}.`;
  },
};

/** The terms of a service's lines; `region` where its prices are read (they may differ by region). */
function terms(ctx: Ctx, service: PricedService, region = 'us-east-1'): string {
  return TERMS[service]?.(ctx, region) ?? `${source(ctx, service)}.`;
}

/** A count from the inventory, or the reason it is missing. */
function counted<T>(
  entry: Observed<T> | undefined,
  count: (v: T) => number,
  what: string,
): { n: number } | { why: string } {
  if (entry === undefined) return { why: `${what} are not in the evidence` };
  if (!entry.ok) return { why: `${what} could not be read (${causeText(entry.error)})` };
  return { n: count(entry.value) };
}

/** The metrics read in a region, or why they are missing. */
function metricsOf(ctx: Ctx, region: string): { series: MetricSeries[]; days: number } | { why: string } {
  if (!ctx.usage)
    return { why: 'this scan read no usage (a scan with --no-costs, or before these reads existed)' };
  const m = ctx.usage.metrics[region];
  if (!m) return { why: `no CloudWatch metrics were read in ${region}` };
  if (!m.ok) return { why: `CloudWatch metrics could not be read (${causeText(m.error)})` };
  return m.value;
}

function findSeries(
  m: { series: MetricSeries[] },
  resource: string,
  metric: string,
): MetricSeries | undefined {
  return m.series.find((s) => s.resource === resource && s.metric === metric);
}

// ------------------------------------------------------------------------------------------ gaps

function cloudTrailGap(ctx: Ctx, r: Result): void {
  const region = r.region;
  if (r.checkId === 'cloudtrail.enabled' || r.checkId === 'cloudtrail.multi-region') {
    // One line per account, whichever of the two checks failed first.
    if (
      ctx.lines.some(
        (l) => l.accountId === ctx.account.accountId && l.item.startsWith('A multi-region trail'),
      )
    )
      return;
    add(ctx, {
      service: 'cloudtrail',
      region: 'global',
      item: 'A multi-region trail recording management events',
      kind: 'gap',
      monthlyUsd: range(
        p(ctx, 'cloudtrail', 'managementEventsFirstCopy', region),
        p(ctx, 'cloudtrail', 's3StorageTypicalMax', region),
      ),
      basis: `The first copy of management events is free; the S3 bucket the trail delivers to is charged as storage, which AWS puts at under ${usd(p(ctx, 'cloudtrail', 's3StorageTypicalMax', region))} a month for most accounts.`,
      terms: terms(ctx, 'cloudtrail'),
    });
    return;
  }
  if (r.checkId === 'cloudtrail.data-events') {
    unpriced(
      ctx,
      { service: 'cloudtrail', region: 'global', item: 'Data events of S3 objects and Lambda functions' },
      'the number of S3 object and Lambda invocation events was not read',
      `Data events cost ${unitUsd(p(ctx, 'cloudtrail', 'dataEventsPer100k', region))} per 100,000 events recorded.`,
      terms(ctx, 'cloudtrail'),
    );
    return;
  }
  if (r.checkId === 'cloudtrail.insights') {
    const item = 'CloudTrail Insights';
    const per = p(ctx, 'cloudtrail', 'insightsEventsPer100k', region);
    const prices = `Insights cost ${unitUsd(per)} per 100,000 events analysed, for each Insights type.`;
    const regions = ctx.account.scannedRegions.length;
    if (regions === 0) {
      unpriced(
        ctx,
        { service: 'cloudtrail', region: 'global', item },
        'no region was scanned',
        prices,
        terms(ctx, 'cloudtrail'),
      );
      return;
    }
    const ev = assume(ctx, 'cloudtrailManagementEventsPerRegion');
    // Low: one Insights type over every event; high: both types, every event analysed twice (AWS analyses
    // write events for both types and read events for the API error rate only: at most twice).
    const low = ((regions * ev.low) / 100_000) * per;
    const high = ((regions * ev.high * 2) / 100_000) * per;
    add(ctx, {
      service: 'cloudtrail',
      region: 'global',
      item: `${item} (management events of ${plural(regions, 'region')})`,
      kind: 'gap',
      monthlyUsd: range(low, high),
      basis: `${unitUsd(per)} per 100,000 management events analysed, for each Insights type; assumed ${ev.low.toLocaleString('en-US')}–${ev.high.toLocaleString('en-US')} management events a month in each of the ${plural(regions, 'region')} scanned (their number is not read); low: one Insights type; high: both (API call rate and API error rate), every event analysed twice. The 28-day baseline analysis is free.`,
      terms: terms(ctx, 'cloudtrail'),
    });
  }
}

function guardDutyGap(ctx: Ctx, r: Result): void {
  const region = r.region;
  const inv = counted(ctx.account.inventory?.ec2Instances[region], (v) => v.ids.length, 'the EC2 instances');
  const item = `GuardDuty in ${region}`;
  if ('why' in inv) {
    unpriced(
      ctx,
      { service: 'guardduty', region, item },
      inv.why,
      undefined,
      terms(ctx, 'guardduty', region),
    );
    return;
  }
  const ev = assume(ctx, 'guarddutyManagementEventsPerRegion');
  const gb = assume(ctx, 'guarddutyFlowLogGbPerInstance');
  const perM = p(ctx, 'guardduty', 'cloudTrailEventsPerMillion', region);
  const perGb = p(ctx, 'guardduty', 'flowLogsPerGb', region);
  const low = (ev.low / 1e6) * perM + inv.n * gb.low * perGb;
  const high = (ev.high / 1e6) * perM + inv.n * gb.high * perGb;
  add(ctx, {
    service: 'guardduty',
    region,
    item: `${item} (foundational threat detection, ${plural(inv.n, 'EC2 instance')})`,
    kind: 'gap',
    monthlyUsd: range(low, high),
    basis:
      inv.n === 0
        ? "The region's management events (no EC2 instance runs there), at the prices and assumptions below."
        : `The region's management events and the VPC flow and DNS logs of ${plural(inv.n, 'EC2 instance')}, at the prices and assumptions below.`,
    terms: terms(ctx, 'guardduty', region),
  });
}

/** What each GuardDuty protection plan is charged by (GuardDuty usage metrics and FAQ), and why it is not read. */
const GUARDDUTY_PLAN_UNITS: Readonly<Record<string, string>> = {
  'S3 Protection': 'per S3 data event analysed',
  'EKS Protection': 'per EKS audit log event analysed',
  'Malware Protection for EC2':
    'per GB of EBS data scanned, when GuardDuty sees suspicious behaviour on an instance',
  'RDS Protection':
    'per vCPU of the databases it monitors (ACU for Aurora Serverless; watchpost reads their engines, not their sizes)',
  'Lambda Protection': 'per GB of Lambda network logs analysed',
  'Runtime Monitoring':
    'per vCPU it monitors on EC2, EKS and ECS (watchpost lists the instances and clusters, not their vCPUs)',
};

/** Protection plans off where GuardDuty is on: each is charged by a usage the scan does not read. */
function guardDutyPlansGap(ctx: Ctx, r: Result): void {
  const plans = Array.isArray(r.data.disabledPlans)
    ? r.data.disabledPlans.filter((x): x is string => typeof x === 'string')
    : [];
  if (plans.length === 0) return;
  const units = plans.map((plan) => `${plan} ${GUARDDUTY_PLAN_UNITS[plan] ?? 'by its own usage'}`);
  unpriced(
    ctx,
    {
      service: 'guardduty',
      region: r.region,
      item: `GuardDuty protection plans in ${r.region}: ${plans.join(', ')}`,
    },
    'each plan is charged by a usage the scan does not read',
    `AWS charges ${units.join('; ')}.`,
    terms(ctx, 'guardduty', r.region),
  );
}

const INSPECTOR_TYPES = ['ec2', 'ecr', 'lambda', 'lambdaCode'] as const;
type InspectorType = (typeof INSPECTOR_TYPES)[number];

function inspectorGap(ctx: Ctx, r: Result): void {
  const region = r.region;
  const missing =
    (Array.isArray(r.data.missingScanTypes) ? r.data.missingScanTypes : null) ??
    (r.checkId === 'inspector.enabled' ? ['ec2', 'ecr', 'lambda'] : []);
  const types = INSPECTOR_TYPES.filter((t) => missing.includes(t));
  if (types.length === 0) return;
  const inv = ctx.account.inventory;
  const counts: Partial<Record<InspectorType, { n: number } | { why: string }>> = {
    ec2: counted(inv?.ec2Instances[region], (v) => v.ids.length, 'the EC2 instances'),
    ecr: counted(inv?.ecrRepositories[region], (v) => v.names.length, 'the ECR repositories'),
    lambda: counted(inv?.lambdaFunctions[region], (v) => v.names.length, 'the Lambda functions'),
    lambdaCode: counted(inv?.lambdaFunctions[region], (v) => v.names.length, 'the Lambda functions'),
  };
  const parts: string[] = [];
  const basis: string[] = [];
  let low = 0;
  let high = 0;
  for (const t of types) {
    const c = counts[t]!;
    if ('why' in c) {
      unpriced(
        ctx,
        { service: 'inspector', region, item: `Amazon Inspector in ${region}` },
        c.why,
        undefined,
        terms(ctx, 'inspector'),
      );
      return;
    }
    if (c.n === 0) continue;
    if (t === 'ec2') {
      const each = p(ctx, 'inspector', 'ec2InstancePerMonth', region);
      low += c.n * each;
      high += c.n * each;
      parts.push(plural(c.n, 'EC2 instance'));
      basis.push(`${unitUsd(each)} per EC2 instance a month`);
    } else if (t === 'ecr') {
      const img = assume(ctx, 'inspectorImagesPerRepository');
      const rescans = assume(ctx, 'inspectorRescansPerImage');
      const first = p(ctx, 'inspector', 'ecrImageInitialScan', region);
      const again = p(ctx, 'inspector', 'ecrImageRescan', region);
      low += c.n * img.low * (first + rescans.low * again);
      high += c.n * img.high * (first + rescans.high * again);
      parts.push(plural(c.n, 'ECR repository', 'ECR repositories'));
      basis.push(
        `${unitUsd(first)} per image pushed and ${unitUsd(again)} per rescan, assumed ${img.low}–${img.high} images per repository and ${rescans.low}–${rescans.high} rescans per image a month`,
      );
    } else if (t === 'lambda') {
      const each = p(ctx, 'inspector', 'lambdaFunctionPerMonth', region);
      low += c.n * each;
      high += c.n * each;
      parts.push(plural(c.n, 'Lambda function'));
      basis.push(`${unitUsd(each)} per Lambda function a month`);
    } else {
      const each = p(ctx, 'inspector', 'lambdaCodeFunctionPerMonth', region);
      low += c.n * each;
      high += c.n * each;
      if (!types.includes('lambda')) parts.push(`code scanning of ${plural(c.n, 'Lambda function')}`);
      basis.push(`${unitUsd(each)} more per function for Lambda code scanning`);
    }
  }
  if (parts.length === 0) return;
  add(ctx, {
    service: 'inspector',
    region,
    item: `Amazon Inspector for ${parts.join(', ')} in ${region}`,
    kind: 'gap',
    monthlyUsd: range(low, high),
    basis: `${basis.join('; ')}.`,
    terms: terms(ctx, 'inspector'),
  });
}

function macieGap(ctx: Ctx, r: Result): void {
  const region = r.region;
  const item = `Amazon Macie in ${region}`;
  const t = terms(ctx, 'macie');
  const b = ctx.account.inventory?.s3Buckets;
  if (b === undefined || !b.ok) {
    const why =
      b === undefined
        ? 'the S3 buckets were not read'
        : `the S3 buckets could not be read (${causeText(b.error)})`;
    unpriced(ctx, { service: 'macie', region, item }, why, undefined, t);
    return;
  }
  const buckets = b.value.buckets.filter((x) => x.region === region);
  const m = metricsOf(ctx, region);
  if ('why' in m) {
    unpriced(ctx, { service: 'macie', region, item }, m.why, undefined, t);
    return;
  }
  let bytes = 0;
  let objects = 0;
  let silent = 0;
  for (const bucket of buckets) {
    const size = findSeries(m, bucket.name, 'BucketSizeBytes');
    const count = findSeries(m, bucket.name, 'NumberOfObjects');
    if (!size || !count) {
      unpriced(
        ctx,
        { service: 'macie', region, item },
        'the storage metrics of some buckets were not read',
        undefined,
        t,
      );
      return;
    }
    if (size.value === null && count.value === null) silent++;
    bytes += size.value ?? 0;
    objects += count.value ?? 0;
  }
  const perBucket = p(ctx, 'macie', 'bucketPerMonth', region);
  const per100k = p(ctx, 'macie', 'objectsMonitoredPer100k', region);
  const perGb = p(ctx, 'macie', 'dataInspectedPerGb', region);
  const share = assume(ctx, 'macieInspectedShareOfStorage');
  const gb = bytes / 1024 ** 3;
  const fixed = buckets.length * perBucket + (objects / 100_000) * per100k;
  const silentNote =
    silent > 0
      ? ` CloudWatch reported no storage for ${plural(silent, 'bucket')} in the last ${m.days} days (S3 reports none for an empty bucket): counted as empty.`
      : '';
  add(ctx, {
    service: 'macie',
    region,
    item: `${item} for ${plural(buckets.length, 'S3 bucket')} (${gb.toFixed(1)} GB, ${Math.round(objects).toLocaleString('en-US')} objects)`,
    kind: 'gap',
    monthlyUsd: range(fixed + gb * share.low * perGb, fixed + gb * share.high * perGb),
    basis: `${unitUsd(perBucket)} per bucket a month, ${unitUsd(per100k)} per 100,000 objects monitored for automated discovery, and ${unitUsd(perGb)} per GB inspected, assumed ${share.low * 100}–${share.high * 100}% of the stored bytes a month; sizes from S3's CloudWatch storage metrics.${silentNote}`,
    terms: t,
  });
}

/**
 * The resources a web ACL protects, and the CloudWatch metric watchpost reads for their request count
 * (null: none read; the web ACL and rule fees are priced, the request fee is not). `note`: what else the
 * line must say.
 */
const WAF_KINDS: Record<string, { what: [string, string]; metric: string | null; note?: string }> = {
  'waf.alb': { what: ['Application Load Balancer', 'Application Load Balancers'], metric: 'RequestCount' },
  'waf.api-gateway': { what: ['API Gateway stage', 'API Gateway stages'], metric: 'Count' },
  'waf.cloudfront': { what: ['CloudFront distribution', 'CloudFront distributions'], metric: 'Requests' },
  'waf.appsync': { what: ['AppSync API', 'AppSync APIs'], metric: null },
  'waf.cognito': { what: ['Cognito user pool', 'Cognito user pools'], metric: null },
  'waf.app-runner': { what: ['App Runner service', 'App Runner services'], metric: null },
  'waf.verified-access': { what: ['Verified Access instance', 'Verified Access instances'], metric: null },
  'waf.amplify': {
    what: ['Amplify app', 'Amplify apps'],
    metric: null,
    note: "Amplify Hosting's own charge for its firewall support is not priced here.",
  },
};

/** Resources without a web ACL, grouped by region and kind: one line each. */
function wafGaps(ctx: Ctx, fails: readonly Result[], globalRegion: string): void {
  const groups = new Map<string, Result[]>();
  for (const r of fails) {
    if (typeof r.data.webAclArn === 'string') continue; // a web ACL that does not block: already paid for
    const key = `${r.region}\u0000${r.checkId}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, rs] of groups) {
    const [region, checkId] = key.split('\u0000') as [string, string];
    const kind = WAF_KINDS[checkId]!;
    const n = rs.length;
    const what = n === 1 ? kind.what[0] : kind.what[1];
    const where = region === 'global' ? '' : ` in ${region}`;
    const item = `AWS WAF for ${n} ${what}${where}`;
    const priceRegion = region === 'global' ? globalRegion : region;
    const acl = p(ctx, 'waf', 'webAclPerMonth', priceRegion);
    const rule = p(ctx, 'waf', 'rulePerMonth', priceRegion);
    const perM = p(ctx, 'waf', 'requestsPerMillion', priceRegion);
    const rules = assume(ctx, 'wafRulesPerWebAcl');
    const t = terms(ctx, 'waf', priceRegion);
    if (kind.metric === null) {
      // The web ACL and rule fees are the same whatever the resource; the request fee needs a request
      // count, which watchpost does not read for these.
      add(ctx, {
        service: 'waf',
        region,
        item: `${item} (web ACL and rule fees; requests not counted)`,
        kind: 'gap',
        monthlyUsd: range(acl + rules.low * rule, n * (acl + rules.high * rule)),
        basis: `Web ACL and rule fees. The request fee, ${unitUsd(perM)} per million requests, comes on top and is not counted: watchpost reads no request count for ${kind.what[1]}.${kind.note ? ` ${kind.note}` : ''}`,
        terms: t,
      });
      continue;
    }
    const m = metricsOf(ctx, priceRegion);
    if ('why' in m) {
      unpriced(ctx, { service: 'waf', region, item }, m.why, undefined, t);
      continue;
    }
    let requests = 0;
    let silent = 0;
    let missing = false;
    for (const r of rs) {
      const s = r.resource ? findSeries(m, r.resource, kind.metric) : undefined;
      if (!s) missing = true;
      else if (s.value === null) silent++;
      else requests += s.value;
    }
    if (missing) {
      unpriced(
        ctx,
        { service: 'waf', region, item },
        'the request counts of some of them were not read',
        undefined,
        t,
      );
      continue;
    }
    const monthly = (requests * 30) / m.days;
    const reqCost = (monthly / 1e6) * perM;
    const silentNote =
      silent > 0
        ? ` CloudWatch reported no requests for ${silent} of them in the last ${m.days} days: counted as none.`
        : '';
    add(ctx, {
      service: 'waf',
      region,
      item: `${item} (${Math.round(monthly).toLocaleString('en-US')} requests a month)`,
      kind: 'gap',
      monthlyUsd: range(acl + rules.low * rule + reqCost, n * (acl + rules.high * rule) + reqCost),
      basis: `Web ACL, rule and request fees; requests from CloudWatch over the last ${m.days} days.${silentNote}`,
      terms: t,
    });
  }
}

/** What closing the Shield Advanced gap costs, or what the active subscription costs (`kind`). */
function shieldLine(
  table: PriceTable,
  accountId: string,
  kind: 'gap' | 'current',
  paidBy: string | null,
): CostLine {
  const each = price(table, 'shield', 'advancedPerMonth', 'global');
  const src = `AWS list prices of ${table.date} (${table.prices.shield.source})`;
  const terms = `${usd(each)} a month per organization (one subscription covers every account of the organization), with a one-year commitment; it covers the AWS WAF fees of the resources it protects; data transfer out of protected resources is charged on top.`;
  if (kind === 'gap' && paidBy !== null) {
    return {
      service: 'shield',
      accountId,
      region: 'global',
      item: 'Shield Advanced subscription',
      kind,
      monthlyUsd: range(0, 0),
      basis: `No further monthly fee: account ${paidBy} already has an active subscription, and ${terms}`,
      terms: `${src}.`,
    };
  }
  return {
    service: 'shield',
    accountId,
    region: 'global',
    item: kind === 'gap' ? 'Shield Advanced subscription' : 'Shield Advanced subscription (active)',
    kind,
    monthlyUsd: range(each, each),
    basis: terms,
    terms: `${src}.`,
  };
}

// ----------------------------------------------------------------------------------------- current

const CURRENT: readonly { service: 'guardduty' | 'inspector' | 'macie'; label: string; how: string }[] = [
  {
    service: 'inspector',
    label: 'Amazon Inspector',
    how: "Inspector's own estimate of its monthly cost (ListUsageTotals)",
  },
  {
    service: 'macie',
    label: 'Amazon Macie',
    how: "Macie's own estimate of the last 30 days' cost (GetUsageTotals)",
  },
  {
    service: 'guardduty',
    label: 'GuardDuty',
    how: "GuardDuty's own usage cost of the last 30 days (GetUsageStatistics)",
  },
];

function enabledRegions(a: AccountEvidence, service: 'guardduty' | 'inspector' | 'macie'): string[] {
  return a.scannedRegions.filter((region) => {
    if (service === 'guardduty') {
      const v = a.guardduty?.[region];
      return (
        v?.ok === true && v.value.detectors.some((d) => d.detail.ok && d.detail.value.status === 'ENABLED')
      );
    }
    const v = service === 'inspector' ? a.inspector?.[region] : a.macie?.[region];
    return v?.ok === true && v.value.status === 'ENABLED';
  });
}

function currentLines(ctx: Ctx): void {
  for (const c of CURRENT) {
    for (const region of enabledRegions(ctx.account, c.service)) {
      const item = `${c.label} in ${region} (on)`;
      const entry = ctx.usage?.[c.service][region];
      const trial =
        c.service === 'inspector' ? '' : ' During a free trial this is what it would cost after the trial.';
      if (!ctx.usage || !entry) {
        unpriced(ctx, { service: c.service, region, item, kind: 'current' }, 'its usage was not read');
        continue;
      }
      if (!entry.ok) {
        unpriced(
          ctx,
          { service: c.service, region, item, kind: 'current' },
          `its usage could not be read (${causeText(entry.error)})`,
        );
        continue;
      }
      const foreign = entry.value.items.find((i) => i.currency.toUpperCase() !== 'USD');
      if (foreign) {
        unpriced(
          ctx,
          { service: c.service, region, item, kind: 'current' },
          `AWS reported the cost in ${foreign.currency || 'an unnamed currency'}`,
        );
        continue;
      }
      if (entry.value.items.length === 0) {
        unpriced(
          ctx,
          { service: c.service, region, item, kind: 'current' },
          'AWS reported no usage for this account',
        );
        continue;
      }
      const total = entry.value.items.reduce((s, i) => s + i.cost, 0);
      add(ctx, {
        service: c.service,
        region,
        item,
        kind: 'current',
        monthlyUsd: range(total, total),
        basis: `${c.how}.${trial}`,
      });
    }
  }
}

// -------------------------------------------------------------------------------------------- main

/**
 * What one account tells of the organization-wide items (Shield Advanced: one subscription fee per
 * organization), so that they are priced once for the scan, whichever accounts show them.
 */
export interface OrganizationFacts {
  accountId: string;
  /** `shield.advanced` fails in the account (a gap the finding reports). */
  shieldGap: boolean;
  /** The account's Shield Advanced subscription is active. */
  shieldActive: boolean;
}

/** One account's cost lines (organization-wide items apart) and what it tells of those items. */
export interface AccountCosts {
  lines: CostLine[];
  facts: OrganizationFacts;
}

/**
 * One account's lines, from its whole evidence and its own results: gaps, then what the services already
 * on cost. Organization-wide items are not priced here (`organizationCostLines`). An organization scan
 * calls it as each account is judged, before the account's evidence is slimmed.
 */
export function accountCosts(
  account: AccountEvidence,
  results: readonly Result[],
  table: PriceTable,
): AccountCosts {
  const facts: OrganizationFacts = {
    accountId: account.accountId,
    shieldGap: false,
    shieldActive: false,
  };
  if (account.accessError) return { lines: [], facts };
  const ctx: Ctx = { table, account, usage: account.usage, lines: [] };
  const fails = results.filter((r) => r.accountId === account.accountId && r.status === 'fail');
  const globalRegion =
    account.partition === 'aws-cn'
      ? 'cn-northwest-1'
      : account.partition === 'aws-us-gov'
        ? 'us-gov-west-1'
        : 'us-east-1';
  for (const r of fails) {
    if (r.service === 'cloudtrail') cloudTrailGap(ctx, r);
    else if (r.checkId === 'guardduty.enabled') guardDutyGap(ctx, r);
    else if (r.checkId === 'guardduty.protection-plans') guardDutyPlansGap(ctx, r);
    else if (r.checkId === 'inspector.enabled' || r.checkId === 'inspector.scan-types') inspectorGap(ctx, r);
    else if (r.checkId === 'macie.enabled') macieGap(ctx, r);
    else if (r.checkId === 'shield.advanced') facts.shieldGap = true;
  }
  wafGaps(
    ctx,
    fails.filter((r) => r.checkId in WAF_KINDS),
    globalRegion,
  );
  currentLines(ctx);
  const shield = account.shield;
  facts.shieldActive = shield?.ok === true && shield.value.subscriptionState === 'ACTIVE';
  return { lines: ctx.lines, facts };
}

/**
 * The organization-wide lines, once for the scan: Shield Advanced, whose one subscription fee covers every
 * account of the organization. The line goes with the first account (by id) that shows it; where an
 * account's subscription is already active, closing the others' gap adds no monthly fee.
 */
export function organizationCostLines(facts: readonly OrganizationFacts[], table: PriceTable): CostLine[] {
  const byId = [...facts].sort((a, b) =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
  );
  const active = byId.find((f) => f.shieldActive);
  const gap = byId.find((f) => f.shieldGap);
  const lines: CostLine[] = [];
  if (gap) lines.push(shieldLine(table, gap.accountId, 'gap', active?.accountId ?? null));
  if (active) lines.push(shieldLine(table, active.accountId, 'current', null));
  return lines;
}

/** The order of costs.json: account, gaps before current costs, service, region (account-wide first). */
export function orderCostLines(lines: readonly CostLine[]): CostLine[] {
  const rank = (l: CostLine) =>
    `${l.accountId}|${l.kind === 'gap' ? 0 : 1}|${String(SERVICE_ORDER.indexOf(l.service)).padStart(2, '0')}|${l.region === 'global' ? '' : l.region}`;
  return lines
    .map((l, i) => ({ l, i, k: rank(l) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.l);
}

export interface EstimateInput {
  accounts: readonly AccountEvidence[];
  results: readonly Result[];
  table: PriceTable;
}

/** Every cost line of the scan: per account, gaps then current costs, in service order then region. */
export function estimateCosts(input: EstimateInput): CostLine[] {
  const lines: CostLine[] = [];
  const facts: OrganizationFacts[] = [];
  // Each account's results, in the order given, gathered in one pass (filtering all results once per
  // account took ~6 s of CPU at 1,000 accounts).
  const resultsOf = new Map<string, Result[]>();
  for (const r of input.results) {
    const list = resultsOf.get(r.accountId);
    if (list) list.push(r);
    else resultsOf.set(r.accountId, [r]);
  }
  for (const account of input.accounts) {
    const own = accountCosts(account, resultsOf.get(account.accountId) ?? [], input.table);
    lines.push(...own.lines);
    facts.push(own.facts);
  }
  return orderCostLines([...lines, ...organizationCostLines(facts, input.table)]);
}

/** The sum of the lines that have a figure (null when none has one). */
export function totalOf(lines: readonly CostLine[]): { low: number; high: number } | null {
  const priced = lines.filter((l) => l.monthlyUsd !== null);
  if (priced.length === 0) return null;
  return range(
    priced.reduce((s, l) => s + l.monthlyUsd!.low, 0),
    priced.reduce((s, l) => s + l.monthlyUsd!.high, 0),
  );
}

/** What every cost table says with it: an estimate, not a quote. */
export function costCaveat(table: PriceTable): string {
  return `Estimates, not quotes: AWS list prices of ${table.date} in USD, before taxes, discounts and credits, from the account's own inventory and CloudWatch metrics where watchpost could read them; where usage cannot be measured before a service is on, the range rests on the assumptions stated with each line. Lines marked "not estimated" could not be priced and are left out of the totals.`;
}
