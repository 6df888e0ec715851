import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, notCollected, verdict } from '../../../checks/types.js';
import {
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
import { byNames, dataStrings, list, name, prose } from '../../../finding/prose.js';
import { detectorState } from './enabled.js';

/**
 * The workload kinds of the inventory that make a plan relevant in a region. A plan with none listed
 * (EKS, RDS, Runtime Monitoring: watchpost lists no EKS clusters, RDS databases or ECS clusters) is
 * judged in every region where GuardDuty is on.
 */
export type Workload = 's3Buckets' | 'ec2Instances' | 'lambdaFunctions';

/** GuardDuty's protection plans, each with the names its detector's `Features[]` reports it under. */
export const PLANS: readonly { name: string; features: readonly string[]; workload?: Workload }[] = [
  { name: 'S3 Protection', features: ['S3_DATA_EVENTS'], workload: 's3Buckets' },
  { name: 'EKS Protection', features: ['EKS_AUDIT_LOGS'] },
  { name: 'Malware Protection for EC2', features: ['EBS_MALWARE_PROTECTION'], workload: 'ec2Instances' },
  { name: 'RDS Protection', features: ['RDS_LOGIN_EVENTS'] },
  { name: 'Lambda Protection', features: ['LAMBDA_NETWORK_LOGS'], workload: 'lambdaFunctions' },
  { name: 'Runtime Monitoring', features: ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] },
];

const INVENTORY_ACTION: Record<Workload, string> = {
  s3Buckets: 's3:ListAllMyBuckets',
  ec2Instances: 'ec2:DescribeInstances',
  lambdaFunctions: 'lambda:ListFunctions',
};

const WORKLOAD_WORDS: Record<Workload, string> = {
  s3Buckets: 'S3 buckets',
  ec2Instances: 'EC2 instances',
  lambdaFunctions: 'Lambda functions',
};

/** How many workloads of the kind the region holds (null: the inventory could not tell). */
export function workloadCount(account: AccountEvidence, region: string, kind: Workload): number | null {
  const inv = account.inventory;
  if (kind === 's3Buckets') {
    const b = inv?.s3Buckets;
    if (!b?.ok) return null;
    const here = b.value.buckets.filter((x) => x.region === region).length;
    // A bucket whose region AWS did not say could be here.
    return here > 0 || !b.value.buckets.some((x) => x.region === null) ? here : null;
  }
  return kind === 'ec2Instances'
    ? inventoryCount(inv?.ec2Instances[region], (v) => v.ids)
    : inventoryCount(inv?.lambdaFunctions[region], (v) => v.names);
}

/** Why the inventory of a kind could not tell (its read error, or an interrupted scan). */
function workloadError(account: AccountEvidence, region: string, kind: Workload): AwsError {
  const inv = account.inventory;
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
      const undecided: { plan: string; kind: Workload }[] = [];
      for (const plan of PLANS) {
        const states = plan.features.map((f) => byName.get(f)).filter((s): s is string => s !== undefined);
        const count = plan.workload ? workloadCount(account, region, plan.workload) : null;
        const on = states.includes('ENABLED');
        if (on) enabledPlans.push(plan.name);
        // Relevance first: a plan whose workloads the inventory proves absent is not a gap, off or unreported.
        if (plan.workload && count === 0) {
          if (!on) noWorkload.push(plan.name);
        } else if (states.length === 0) notReported.push(plan.name);
        else if (on) continue;
        else if (plan.workload && count === null) undecided.push({ plan: plan.name, kind: plan.workload });
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
      };
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
            `GuardDuty in ${region} has ${listWords(disabled)} turned off.`,
            data,
          ),
        ];
      }
      if (undecided.length > 0) {
        const first = undecided[0]!;
        return [
          needUndecided(
            region,
            workloadError(account, region, first.kind),
            'GuardDuty',
            undecided.map((u) => u.plan),
            `off, but the ${listWords(undecided.map((u) => WORKLOAD_WORDS[u.kind]))} there could not be listed`,
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
          `GuardDuty in ${region} has every protection plan its workloads need turned on${none}.`,
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
        return prose`In ${list(ctx.regions(g.results))}, GuardDuty ran with ${turnedOff} turned off.`;
      });
    },
  },
};
