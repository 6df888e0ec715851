import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, notCollected, verdict } from '../../../checks/types.js';
import {
  type Data,
  inventoryCount,
  listWords,
  needUndecided,
  unexpectedAnswer,
  unexpectedUnknown,
  unknownWith,
} from '../../../checks/util.js';
import type { AwsError } from '../../../evidence/observed.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { text } from '../../../finding/document.js';
import { byNames, dataStrings, list, name, prose, whereOwn } from '../../../finding/prose.js';
import type { GuardDutyEvidence } from '../schema.js';
import { detectorState } from './enabled.js';

type GuardDutyRegion = Extract<GuardDutyEvidence[string], { ok: true }>['value'];

/**
 * The workload kinds that make a plan relevant in a region: the shared inventory's (S3 buckets, EC2
 * instances, Lambda functions) and those the GuardDuty collector reads where a plan is off (EKS clusters,
 * ECS clusters, RDS databases of an engine RDS Protection covers).
 */
export type Workload =
  | 's3Buckets'
  | 'ec2Instances'
  | 'lambdaFunctions'
  | 'eksClusters'
  | 'ecsClusters'
  | 'rdsDatabases';

/** The kinds the GuardDuty collector reads itself (absent in older bundles). */
const GUARDDUTY_READ: ReadonlySet<Workload> = new Set(['eksClusters', 'ecsClusters', 'rdsDatabases']);

/**
 * GuardDuty's protection plans, each with the names its detector's `Features[]` reports it under and the
 * workloads it protects (any of them present: the plan is needed). Runtime Monitoring covers EKS clusters,
 * ECS (Fargate) tasks and EC2 instances. An evidence bundle from before the collector read EKS, ECS and
 * RDS judges the plans that need them wherever GuardDuty is on, as watchpost did then.
 */
export const PLANS: readonly { name: string; features: readonly string[]; workloads: readonly Workload[] }[] =
  [
    { name: 'S3 Protection', features: ['S3_DATA_EVENTS'], workloads: ['s3Buckets'] },
    { name: 'EKS Protection', features: ['EKS_AUDIT_LOGS'], workloads: ['eksClusters'] },
    { name: 'Malware Protection for EC2', features: ['EBS_MALWARE_PROTECTION'], workloads: ['ec2Instances'] },
    { name: 'RDS Protection', features: ['RDS_LOGIN_EVENTS'], workloads: ['rdsDatabases'] },
    { name: 'Lambda Protection', features: ['LAMBDA_NETWORK_LOGS'], workloads: ['lambdaFunctions'] },
    {
      name: 'Runtime Monitoring',
      features: ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'],
      workloads: ['eksClusters', 'ecsClusters', 'ec2Instances'],
    },
  ];

/**
 * The database engines RDS Protection monitors (GuardDuty user guide, "GuardDuty RDS Protection":
 * Aurora MySQL-Compatible, Aurora PostgreSQL-Compatible, including Limitless Database, and RDS for
 * PostgreSQL). Other engines (RDS for MySQL, MariaDB, Oracle, SQL Server, Db2, Neptune, DocumentDB) give
 * it nothing to watch.
 */
export const RDS_PROTECTED_ENGINES: ReadonlySet<string> = new Set([
  'aurora-mysql',
  'aurora-postgresql',
  'postgres',
]);

const INVENTORY_ACTION: Record<Workload, string> = {
  s3Buckets: 's3:ListAllMyBuckets',
  ec2Instances: 'ec2:DescribeInstances',
  lambdaFunctions: 'lambda:ListFunctions',
  eksClusters: 'eks:ListClusters',
  ecsClusters: 'ecs:ListClusters',
  rdsDatabases: 'rds:DescribeDBInstances',
};

const WORKLOAD_WORDS: Record<Workload, string> = {
  s3Buckets: 'S3 buckets',
  ec2Instances: 'EC2 instances',
  lambdaFunctions: 'Lambda functions',
  eksClusters: 'EKS clusters',
  ecsClusters: 'ECS clusters',
  rdsDatabases: 'Aurora and RDS for PostgreSQL databases',
};

/** The kinds that decide a plan in this region's evidence (none for GuardDuty's own reads in older bundles). */
function planWorkloads(plan: (typeof PLANS)[number], v: GuardDutyRegion): Workload[] {
  const legacy = v.workloads === undefined && plan.workloads.some((w) => GUARDDUTY_READ.has(w));
  return legacy ? [] : [...plan.workloads];
}

/** RDS databases RDS Protection covers, from the instances and clusters read (null: could not tell). */
function rdsCount(v: GuardDutyRegion): number | null {
  const reads = [v.workloads?.rdsInstances, v.workloads?.rdsClusters];
  const covered = reads.reduce(
    (n, r) =>
      n +
      (r?.ok ? r.value.databases.filter((d) => RDS_PROTECTED_ENGINES.has(d.engine.toLowerCase())).length : 0),
    0,
  );
  if (covered > 0) return covered;
  return reads.every((r) => r?.ok) ? 0 : null;
}

/** How many workloads of the kind the region holds (null: the evidence could not tell). */
export function workloadCount(
  account: AccountEvidence,
  region: string,
  kind: Workload,
  v?: GuardDutyRegion,
): number | null {
  const inv = account.inventory;
  if (kind === 's3Buckets') {
    const b = inv?.s3Buckets;
    if (!b?.ok) return null;
    const here = b.value.buckets.filter((x) => x.region === region).length;
    // A bucket whose region AWS did not say could be here.
    return here > 0 || !b.value.buckets.some((x) => x.region === null) ? here : null;
  }
  if (kind === 'ec2Instances') return inventoryCount(inv?.ec2Instances[region], (x) => x.ids);
  if (kind === 'lambdaFunctions') return inventoryCount(inv?.lambdaFunctions[region], (x) => x.names);
  if (kind === 'rdsDatabases') return v ? rdsCount(v) : null;
  const read = v?.workloads?.[kind];
  return read?.ok ? read.value.names.length : null;
}

/** A plan's workloads together: some present (their count), all proven absent (0), else null. */
function planCount(account: AccountEvidence, region: string, kinds: readonly Workload[], v: GuardDutyRegion) {
  const counts = kinds.map((k) => workloadCount(account, region, k, v));
  const present = counts.reduce<number>((n, c) => n + (c ?? 0), 0);
  if (present > 0) return present;
  return counts.every((c) => c === 0) ? 0 : null;
}

/** Why the evidence of a kind could not tell (its read error, or an interrupted scan). */
function workloadError(
  account: AccountEvidence,
  region: string,
  kind: Workload,
  v: GuardDutyRegion,
): AwsError {
  const inv = account.inventory;
  if (kind === 'rdsDatabases') {
    const failed = [v.workloads?.rdsInstances, v.workloads?.rdsClusters].find((r) => r && !r.ok);
    if (failed && !failed.ok) return failed.error;
    return notCollected(INVENTORY_ACTION[kind]);
  }
  if (kind === 'eksClusters' || kind === 'ecsClusters') {
    const read = v.workloads?.[kind];
    return read && !read.ok ? read.error : notCollected(INVENTORY_ACTION[kind]);
  }
  const entry = kind === 's3Buckets' ? inv?.s3Buckets : inv?.[kind][region];
  if (entry && !entry.ok) return entry.error;
  if (kind === 's3Buckets' && entry?.ok) {
    return unexpectedAnswer(
      's3:GetBucketLocation',
      'BucketRegionUnknown',
      'the region of some S3 buckets could not be read',
    );
  }
  return notCollected(INVENTORY_ACTION[kind]);
}

/**
 * Malware Protection for S3, as the result's data: the buckets a plan protects, each plan's bucket and
 * status, and what could not be read. Informational: which buckets receive untrusted uploads (the ones
 * AWS recommends it for) is not something watchpost can see, so no verdict rests on it.
 */
export function malwareData(v: GuardDutyRegion): Data {
  const read = v.malwareProtectionPlans;
  if (read === undefined) return {};
  if (!read.ok) {
    return {
      malwareProtectedBuckets: [],
      malwareProtectionPlans: [],
      malwareProtectionUnread: `${read.error.action} ${read.error.code}`,
    };
  }
  const plans = read.value.plans;
  const unread = plans.find((p) => !p.detail.ok);
  return {
    malwareProtectedBuckets: [
      ...new Set(plans.flatMap((p) => (p.detail.ok && p.detail.value.bucket ? [p.detail.value.bucket] : []))),
    ].sort(),
    malwareProtectionPlans: plans.map((p) =>
      p.detail.ok
        ? `${p.id}: ${p.detail.value.bucket ?? '?'}=${p.detail.value.status ?? '?'}`
        : `${p.id}: unread`,
    ),
    malwareProtectionUnread:
      unread && !unread.detail.ok ? `${unread.detail.error.action} ${unread.detail.error.code}` : null,
  };
}

/** The pass or fail detail's sentence on Malware Protection for S3 (empty when no plan was read). */
function malwareWords(v: GuardDutyRegion): string {
  const buckets = dataStrings(malwareData(v).malwareProtectedBuckets) ?? [];
  if (buckets.length === 0) return '';
  return ` Malware Protection for S3 scans new objects in ${buckets.length === 1 ? 'bucket' : `${buckets.length} buckets:`} ${buckets.join(', ')}.`;
}

/** The plan a result names (data.disabledPlans holds plan names; a feature name maps to its plan). */
function planName(nameOrFeature: string): string | undefined {
  return PLANS.find((p) => p.name === nameOrFeature || p.features.includes(nameOrFeature))?.name;
}

const WHAT = 'which GuardDuty protection plans are on';

export const guarddutyProtectionPlans: CheckDefinition = {
  meta: {
    id: 'guardduty.protection-plans',
    service: 'guardduty',
    title: 'GuardDuty protection plans are turned on',
    severity: 'medium',
    securityHub: 'GuardDuty.5, GuardDuty.6, GuardDuty.8, GuardDuty.9, GuardDuty.10, GuardDuty.11',
    cis: null,
    remediation:
      'Turn on the GuardDuty protection plans (S3, EKS, malware, RDS, Lambda, runtime monitoring) that match the workloads in use.',
    scope: 'region',
    enablement: false,
  },
  evaluate(account) {
    return eachRegion(account, account.guardduty, 'guardduty:ListDetectors', WHAT, (region, v) => {
      const { enabled, failed } = detectorState(v.detectors);
      if (!enabled) {
        if (failed && !failed.detail.ok) return [unknownWith(region, null, failed.detail.error, WHAT, {})];
        return [
          verdict(
            region,
            null,
            'not_applicable',
            `GuardDuty is not enabled in ${region}; guardduty.enabled reports it.`,
          ),
        ];
      }
      if (!enabled.detail.ok) return []; // unreachable: `enabled` is proven ok
      const features = enabled.detail.value.features;
      if (features === null) {
        return [
          unknownWith(
            region,
            null,
            unexpectedAnswer(
              'guardduty:GetDetector',
              'FeaturesNotReported',
              'the detector reported no Features',
            ),
            WHAT,
            { detector: enabled.id },
          ),
        ];
      }
      const byName = new Map(features.map((f) => [f.name.toUpperCase(), f.status.toUpperCase()]));
      const disabled: string[] = [];
      const enabledPlans: string[] = [];
      const notReported: string[] = [];
      const noWorkload: string[] = [];
      const undecided: { plan: string; kinds: Workload[] }[] = [];
      const workloads: Record<string, number> = {};
      for (const plan of PLANS) {
        const states = plan.features.map((f) => byName.get(f)).filter((s): s is string => s !== undefined);
        const kinds = planWorkloads(plan, v);
        const on = states.includes('ENABLED');
        const count = kinds.length > 0 && !on ? planCount(account, region, kinds, v) : null;
        if (on) enabledPlans.push(plan.name);
        else if (count !== null) workloads[plan.name] = count;
        // Relevance first: a plan whose workloads the evidence proves absent is not a gap, off or unreported.
        if (kinds.length > 0 && count === 0) {
          noWorkload.push(plan.name);
        } else if (states.length === 0) notReported.push(plan.name);
        else if (on) continue;
        else if (kinds.length > 0 && count === null) undecided.push({ plan: plan.name, kinds });
        else disabled.push(plan.name);
      }
      const data = {
        detector: enabled.id,
        disabledPlans: disabled,
        enabledPlans,
        notReportedPlans: notReported,
        noWorkloadPlans: noWorkload,
        // Every feature as GetDetector named it, and its agent management (Runtime Monitoring).
        features: features.map((f) => `${f.name}=${f.status}`),
        additionalConfiguration: features.flatMap((f) =>
          (f.additional ?? []).map((c) => `${f.name}/${c.name}=${c.status}`),
        ),
        // How many workloads made each plan that is off needed (or 0: none, so not needed).
        workloadCounts: Object.entries(workloads).map(([p, n]) => `${p}=${n}`),
        ...malwareData(v),
      };
      const malware = malwareWords(v);
      const none =
        noWorkload.length > 0
          ? `; ${listWords(noWorkload)} ${noWorkload.length === 1 ? 'is' : 'are'} off where there is nothing for ${noWorkload.length === 1 ? 'it' : 'them'} to protect`
          : '';
      if (disabled.length > 0) {
        return [
          verdict(
            region,
            null,
            'fail',
            `GuardDuty in ${region} has ${listWords(disabled)} turned off.${malware}`,
            data,
          ),
        ];
      }
      if (undecided.length > 0) {
        const first = undecided[0]!;
        const unread = (u: (typeof undecided)[number]) =>
          u.kinds.filter((k) => workloadCount(account, region, k, v) === null);
        const failedKind = unread(first)[0] ?? first.kinds[0]!;
        const words = [...new Set(undecided.flatMap((u) => unread(u).map((k) => WORKLOAD_WORDS[k])))];
        return [
          needUndecided(
            region,
            workloadError(account, region, failedKind, v),
            'GuardDuty',
            undecided.map((u) => u.plan),
            `off, but the ${listWords(words)} there could not be listed`,
            data,
          ),
        ];
      }
      // Not reported is not on: a plan the detector's Features[] does not mention is unknown, never a pass.
      if (notReported.length > 0) {
        return [
          unexpectedUnknown(
            region,
            null,
            'guardduty:GetDetector',
            'FeaturesNotReported',
            `the detector reported no state for ${listWords(notReported)}`,
            WHAT,
            data,
          ),
        ];
      }
      return [
        verdict(
          region,
          null,
          'pass',
          `GuardDuty in ${region} has every protection plan its workloads need turned on${none}.${malware}`,
          data,
        ),
      ];
    });
  },
  prose: {
    // Regions with the same plans off share a sentence.
    fail(ctx, fails) {
      const bySet = byNames(
        fails,
        (r) =>
          (dataStrings(r.data.disabledPlans) ?? []).map((p) => {
            const known = planName(p);
            return known !== undefined ? text(known) : name(p, 40);
          }),
        true,
      );
      return [...bySet].map(([key, g]) => {
        ctx.claim(g.results);
        const turnedOff = key ? list(g.names) : [text('some protection plans')];
        return prose`In ${whereOwn(ctx, g.results)}, GuardDuty ran with ${turnedOff} turned off.`;
      });
    },
  },
};
