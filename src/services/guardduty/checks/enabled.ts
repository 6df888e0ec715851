import type { z } from 'zod';
import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import { list, plural, prose, type Sentence } from '../../../finding/prose.js';
import type { GuardDutyDetectorSchema } from '../schema.js';

type Detector = z.infer<typeof GuardDutyDetectorSchema>;

/** The first detector proven ENABLED, the first detector whose detail failed, and whether all are disabled. */
export function detectorState(detectors: readonly Detector[]) {
  const sorted = [...detectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const enabled = sorted.find((d) => d.detail.ok && d.detail.value.status.toUpperCase() === 'ENABLED');
  const failed = sorted.find((d) => !d.detail.ok);
  return { sorted, enabled, failed };
}

const WHAT = 'whether GuardDuty is enabled';

export const guarddutyEnabled: CheckDefinition = {
  meta: {
    id: 'guardduty.enabled',
    service: 'guardduty',
    title: 'Amazon GuardDuty is enabled in every region',
    severity: 'high',
    securityHub: 'GuardDuty.1',
    cis: null,
    remediation:
      'Enable GuardDuty in every enabled region, including unused ones, and route its findings to someone who acts on them.',
    scope: 'region',
    enablement: true,
  },
  evaluate(account) {
    return eachRegion(account, account.guardduty, 'guardduty:ListDetectors', WHAT, (region, v) => {
      const { sorted, enabled, failed } = detectorState(v.detectors);
      const data = { detectors: sorted.map((d) => d.id) };
      if (enabled) {
        // Organization-managed GuardDuty: say who manages it (a delegated administrator), never fail on it.
        const admin = v.administrator?.ok ? v.administrator.value : null;
        const managed =
          admin && admin.accountId !== account.accountId
            ? ` (managed by administrator account ${admin.accountId})`
            : '';
        return [
          verdict(
            region,
            null,
            'pass',
            `GuardDuty detector ${enabled.id} is enabled in ${region}${managed}.`,
            managed ? { ...data, administratorAccount: admin!.accountId } : data,
          ),
        ];
      }
      if (failed && !failed.detail.ok) return [unknownWith(region, null, failed.detail.error, WHAT, data)];
      if (sorted.length === 0) {
        return [verdict(region, null, 'fail', `GuardDuty has no detector in ${region}.`, data)];
      }
      const states = sorted.map((d) => (d.detail.ok ? d.detail.value.status : '?'));
      if (states.every((s) => s.toUpperCase() === 'DISABLED')) {
        return [
          verdict(region, null, 'fail', `GuardDuty is suspended in ${region} (detector ${sorted[0]!.id}).`, {
            ...data,
            suspended: true,
          }),
        ];
      }
      return [
        unknownWith(
          region,
          null,
          {
            kind: 'unparseable',
            code: 'UnexpectedStatus',
            message: `unexpected detector status ${states.join(', ')}`,
            action: 'guardduty:GetDetector',
            httpStatus: null,
          },
          WHAT,
          data,
        ),
      ];
    });
  },
  prose: {
    fail(ctx, fails) {
      const s: Sentence[] = [];
      const suspended = fails.filter((r) => r.data.suspended === true || /suspend/i.test(r.detail));
      const none = fails.filter((r) => !suspended.includes(r));
      const { pass, unknown } = ctx.own;
      if (none.length > 0) {
        ctx.claim(none);
        const f = ctx.regions(none);
        if (pass.length === 0 && unknown.length === 0 && suspended.length === 0) {
          s.push(
            prose`Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in any of the ${plural(f.length, 'region')} reviewed (${list(f)}).`,
          );
        } else if (pass.length === 0) {
          s.push(
            prose`Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in ${list(f)}.`,
          );
        } else {
          s.push(
            prose`GuardDuty was enabled in ${list(ctx.regions(pass))} but not in ${list(f)}. AWS advises running it in every enabled region, unused ones included, where unwanted activity would otherwise go unseen.`,
          );
        }
      }
      if (suspended.length > 0) {
        ctx.claim(suspended);
        s.push(
          prose`The GuardDuty detector was suspended in ${list(ctx.regions(suspended))}, so no threat detection took place there.`,
        );
      }
      return s;
    },
  },
};
