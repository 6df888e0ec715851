/**
 * The bundled price table of the cost estimate (docs/costs.md): list prices in USD, of the AWS pricing
 * page each service names, as checked on the date below (what each figure was checked against, and those
 * not confirmed that day: docs/costs.md, "The price table"), for US East (N. Virginia) unless a region
 * lists its own figure, and the usage assumptions the estimate makes where the account's own usage cannot
 * be read before a service is on. Every figure here can be overridden with `--prices FILE` (the same shape, any subset).
 *
 * Prices change: the date and the source of each service are printed with every estimate.
 */

/** One service's prices: its source page, the default (us-east-1) figures, and regions that differ. */
export interface ServicePrices {
  readonly source: string;
  readonly default: Readonly<Record<string, number>>;
  readonly regions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A usage assumption: a low and a high figure, and what it stands for. */
export interface Assumption {
  readonly low: number;
  readonly high: number;
}

export interface PriceTable {
  /** When the figures were last checked (YYYY-MM-DD; against what: docs/costs.md). */
  readonly date: string;
  readonly currency: 'USD';
  readonly prices: {
    readonly guardduty: ServicePrices;
    readonly inspector: ServicePrices;
    readonly macie: ServicePrices;
    readonly waf: ServicePrices;
    readonly shield: ServicePrices;
    readonly cloudtrail: ServicePrices;
  };
  /** Our assumptions, not AWS figures: stated in every line that uses one. */
  readonly assumptions: Readonly<Record<AssumptionKey, Assumption>>;
}

export type PricedService = keyof PriceTable['prices'];

export const ASSUMPTION_KEYS = [
  'guarddutyManagementEventsPerRegion',
  'guarddutyFlowLogGbPerInstance',
  'inspectorImagesPerRepository',
  'inspectorRescansPerImage',
  'macieInspectedShareOfStorage',
  'wafRulesPerWebAcl',
  'cloudtrailManagementEventsPerRegion',
] as const;
export type AssumptionKey = (typeof ASSUMPTION_KEYS)[number];

/** The price keys each service must have (a `--prices` file may give any subset). */
export const PRICE_KEYS = {
  guardduty: ['cloudTrailEventsPerMillion', 'flowLogsPerGb'],
  inspector: [
    'ec2InstancePerMonth',
    'ecrImageInitialScan',
    'ecrImageRescan',
    'lambdaFunctionPerMonth',
    'lambdaCodeFunctionPerMonth',
  ],
  macie: ['bucketPerMonth', 'objectsMonitoredPer100k', 'dataInspectedPerGb'],
  waf: ['webAclPerMonth', 'rulePerMonth', 'requestsPerMillion'],
  shield: ['advancedPerMonth'],
  cloudtrail: [
    'managementEventsFirstCopy',
    'managementEventsPer100k',
    'dataEventsPer100k',
    'insightsEventsPer100k',
    's3StorageTypicalMax',
  ],
} as const satisfies Record<PricedService, readonly string[]>;

export const PRICES: PriceTable = {
  date: '2026-12-02',
  currency: 'USD',
  prices: {
    guardduty: {
      source: 'https://aws.amazon.com/guardduty/pricing/',
      // Foundational threat detection, first tier: CloudTrail management events $4.00 per million,
      // VPC flow logs and DNS query logs $1.00 per GB.
      default: { cloudTrailEventsPerMillion: 4.0, flowLogsPerGb: 1.0 },
      regions: {},
    },
    inspector: {
      source: 'https://aws.amazon.com/inspector/pricing/',
      // Average EC2 instances scanned a month $1.258 each; ECR images $0.09 on push, $0.01 a rescan;
      // Lambda standard scanning $0.30 a function a month, code scanning $0.60 more.
      default: {
        ec2InstancePerMonth: 1.258,
        ecrImageInitialScan: 0.09,
        ecrImageRescan: 0.01,
        lambdaFunctionPerMonth: 0.3,
        lambdaCodeFunctionPerMonth: 0.6,
      },
      regions: { 'eu-west-1': { ec2InstancePerMonth: 1.2528 } },
    },
    macie: {
      source: 'https://aws.amazon.com/macie/pricing/',
      // Bucket inventory and monitoring $0.10 a bucket a month; automated discovery object monitoring
      // $0.01 per 100,000 objects a month; data inspected $1.00 per GB (first 50 TB).
      default: { bucketPerMonth: 0.1, objectsMonitoredPer100k: 0.01, dataInspectedPerGb: 1.0 },
      regions: {},
    },
    waf: {
      source: 'https://aws.amazon.com/waf/pricing/',
      // $5 a web ACL a month, $1 a rule (or managed rule group) a month, $0.60 per million requests; the
      // same in every region.
      default: { webAclPerMonth: 5, rulePerMonth: 1, requestsPerMillion: 0.6 },
      regions: {},
    },
    shield: {
      source: 'https://aws.amazon.com/shield/pricing/',
      // $3,000 a month per organization, one-year commitment; covers AWS WAF fees of protected resources;
      // data transfer out of protected resources is charged on top.
      default: { advancedPerMonth: 3000 },
      regions: {},
    },
    cloudtrail: {
      source: 'https://aws.amazon.com/cloudtrail/pricing/',
      // The first copy of management events is free; more copies $2.00 per 100,000; data events $0.10
      // per 100,000; Insights $0.35 per 100,000 events analysed. AWS: "Typical Amazon S3 charges are
      // less than $3 per month for most accounts" (the bucket the trail delivers to).
      default: {
        managementEventsFirstCopy: 0,
        managementEventsPer100k: 2.0,
        dataEventsPer100k: 0.1,
        insightsEventsPer100k: 0.35,
        s3StorageTypicalMax: 3,
      },
      regions: {},
    },
  },
  assumptions: {
    // A quiet region sees about 100,000 management events a month, a busy one 2 million.
    guarddutyManagementEventsPerRegion: { low: 100_000, high: 2_000_000 },
    // VPC flow and DNS log volume per running EC2 instance a month, in GB.
    guarddutyFlowLogGbPerInstance: { low: 0.5, high: 5 },
    // Images pushed a month per ECR repository.
    inspectorImagesPerRepository: { low: 1, high: 10 },
    // Rescans a month per image under continuous scanning (new CVEs).
    inspectorRescansPerImage: { low: 0, high: 4 },
    // Share of the stored bytes that automated discovery inspects a month (Macie samples).
    macieInspectedShareOfStorage: { low: 0, high: 0.01 },
    // Rules (or managed rule groups) in a web ACL.
    wafRulesPerWebAcl: { low: 3, high: 10 },
    // Management events a region records a month, that CloudTrail Insights would analyse (as GuardDuty's).
    cloudtrailManagementEventsPerRegion: { low: 100_000, high: 2_000_000 },
  },
};

/** A service's price in a region: the region's own figure, else the default. */
export function price(table: PriceTable, service: PricedService, key: string, region: string): number {
  const p = table.prices[service];
  return p.regions[region]?.[key] ?? p.default[key] ?? Number.NaN;
}
