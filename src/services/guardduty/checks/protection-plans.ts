import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, verdict } from '../../../checks/types.js';
import { listWords, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { byNames, dataStrings, list, name, prose } from '../../../finding/prose.js';
import { detectorState } from './enabled.js';

/** GuardDuty's protection plans, each with the names its detector's `Features[]` reports it under. */
export const PLANS: readonly { name: string; features: readonly string[] }[] = [
  { name: 'S3 Protection', features: ['S3_DATA_EVENTS'] },
  { name: 'EKS Protection', features: ['EKS_AUDIT_LOGS'] },
  { name: 'Malware Protection for EC2', features: ['EBS_MALWARE_PROTECTION'] },
  { name: 'RDS Protection', features: ['RDS_LOGIN_EVENTS'] },
  { name: 'Lambda Protection', features: ['LAMBDA_NETWORK_LOGS'] },
  { name: 'Runtime Monitoring', features: ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] },
];

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
      for (const plan of PLANS) {
        const states = plan.features.map((f) => byName.get(f)).filter((s): s is string => s !== undefined);
        if (states.length === 0) notReported.push(plan.name);
        else if (states.includes('ENABLED')) enabledPlans.push(plan.name);
        else disabled.push(plan.name);
      }
      const data = {
        detector: enabled.id,
        disabledPlans: disabled,
        enabledPlans,
        notReportedPlans: notReported,
      };
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
      // Not reported is not on: a plan the detector's Features[] does not mention is unknown, never a pass.
      if (notReported.length > 0) {
        return [
          unknownWith(
            region,
            null,
            unexpectedAnswer(
              'guardduty:GetDetector',
              'FeaturesNotReported',
              `the detector reported no state for ${listWords(notReported)}`,
            ),
            WHAT,
            data,
          ),
        ];
      }
      return [
        verdict(region, null, 'pass', `GuardDuty in ${region} has every protection plan turned on.`, data),
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
