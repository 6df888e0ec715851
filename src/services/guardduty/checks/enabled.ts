import type { z } from 'zod';
import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, verdict } from '../../../checks/types.js';
import { type Data, unknownWith } from '../../../checks/util.js';
import { accountsReviewed, list, plural, prose, type Sentence, whereOwn } from '../../../finding/prose.js';
import type { GuardDutyDetectorSchema, GuardDutyEvidence } from '../schema.js';

type Detector = z.infer<typeof GuardDutyDetectorSchema>;
type GuardDutyRegion = Extract<GuardDutyEvidence[string], { ok: true }>['value'];

/** The first detector proven ENABLED, the first detector whose detail failed, and whether all are disabled. */
export function detectorState(detectors: readonly Detector[]) {
  const sorted = [...detectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const enabled = sorted.find((d) => d.detail.ok && d.detail.value.status.toUpperCase() === 'ENABLED');
  const failed = sorted.find((d) => !d.detail.ok);
  return { sorted, enabled, failed };
}

const WHAT = 'whether GuardDuty is enabled';

/** GuardDuty's member relationship status that means the administrator manages the member. */
export const LINKED = 'ENABLED';

/**
 * The administrator of this member's detector (GetAdministratorAccount), as words for the pass detail and
 * data. Evidence only: unread, none, or the account itself add nothing. A relationship not reported is said
 * to be not reported: it proves neither that the administrator watches the detector nor that it does not.
 */
export function administratorOf(
  read: GuardDutyRegion['administrator'],
  accountId: string,
): { note: string; data: Data; linked: boolean | null } {
  const admin = read?.ok ? read.value : null;
  if (!admin || admin.accountId === accountId) return { note: '', data: {}, linked: null };
  const rel = admin.relationshipStatus;
  const data = { administratorAccount: admin.accountId, administratorRelationship: rel };
  if (rel === null) {
    return {
      note: ` (administrator account ${admin.accountId}; relationship status not reported)`,
      data,
      linked: null,
    };
  }
  if (rel.toUpperCase() === LINKED) {
    return { note: ` (managed by administrator account ${admin.accountId})`, data, linked: true };
  }
  return {
    note: ` (its relationship with administrator account ${admin.accountId} is ${rel}: that account does not manage this detector or receive its findings)`,
    data,
    linked: false,
  };
}

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
        // Organization-managed GuardDuty: say who manages it, never fail on it (the verdict follows the
        // member's own detector). A relationship other than "Enabled" (Removed, Resigned, Disabled,
        // Invited, …) means the administrator neither manages the detector nor receives its findings.
        const admin = administratorOf(v.administrator, account.accountId);
        return [
          verdict(
            region,
            null,
            'pass',
            `GuardDuty detector ${enabled.id} is enabled in ${region}${admin.note}.`,
            { ...data, ...admin.data },
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
        if (ctx.a.multiAccount && pass.length === 0 && unknown.length === 0 && suspended.length === 0) {
          s.push(
            prose`Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in any region of ${accountsReviewed(none)}.`,
          );
        } else if (ctx.a.multiAccount) {
          s.push(
            prose`GuardDuty was not enabled in ${whereOwn(ctx, none)}. AWS advises running it in every enabled region of every account, unused ones included, where unwanted activity would otherwise go unseen.`,
          );
        } else if (pass.length === 0 && unknown.length === 0 && suspended.length === 0) {
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
          prose`The GuardDuty detector was suspended in ${whereOwn(ctx, suspended)}, so no threat detection took place there.`,
        );
      }
      return s;
    },
  },
};
