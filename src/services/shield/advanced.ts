/**
 * What the Shield Advanced checks share: the gate on the subscription (their reads are made only when it is
 * ACTIVE, so without proof of a subscription they are not_applicable or unknown, never fail).
 */
import { unknownVerdict, type Verdict, verdict } from '../../checks/types.js';
import { type Data, notCollectedGlobal, unexpectedAnswer, unknownWith } from '../../checks/util.js';
import type { AccountEvidence } from '../../evidence/schema.js';
import type { ShieldAdvancedEvidence } from './schema.js';

/**
 * The Shield Advanced evidence of an account with an ACTIVE subscription, or the verdicts that stand for the
 * check when there is none to judge: not_applicable when the subscription is proven INACTIVE, unknown when
 * its state (or, for an ACTIVE one, the reads made for it) could not be read. `action` is the IAM action of
 * the check's own read, named when its evidence is missing.
 */
export function advancedOrVerdicts(
  account: AccountEvidence,
  action: string,
  what: string,
): { advanced: ShieldAdvancedEvidence } | { verdicts: Verdict[] } {
  const sh = account.shield;
  if (!sh) return { verdicts: notCollectedGlobal('shield:GetSubscriptionState', what) };
  if (!sh.ok) return { verdicts: [unknownVerdict('global', null, sh.error, what)] };
  const state = sh.value.subscriptionState.toUpperCase();
  if (state === 'INACTIVE') {
    return {
      verdicts: [
        verdict(
          'global',
          null,
          'not_applicable',
          'The account does not subscribe to Shield Advanced, so this Shield Advanced setting does not apply.',
          { subscriptionState: sh.value.subscriptionState },
        ),
      ],
    };
  }
  if (state !== 'ACTIVE') {
    return {
      verdicts: [
        unknownVerdict(
          'global',
          null,
          unexpectedAnswer('shield:GetSubscriptionState', 'UnexpectedState', `unexpected state ${state}`),
          what,
        ),
      ],
    };
  }
  if (!sh.value.advanced) return { verdicts: notCollectedGlobal(action, what) };
  return { advanced: sh.value.advanced };
}

/**
 * The unknown for a setting of DescribeSubscription the checks cannot judge: not reported (`unexpected`
 * null: FieldMissing, "did not say whether <setting> is on") or a value they do not know (UnexpectedValue,
 * with the message given).
 */
export function subscriptionSettingUnknown(
  what: string,
  setting: string,
  unexpected: string | null,
  data: Data,
): Verdict[] {
  const error =
    unexpected === null
      ? unexpectedAnswer(
          'shield:DescribeSubscription',
          'FieldMissing',
          `DescribeSubscription did not say whether ${setting} is on`,
        )
      : unexpectedAnswer('shield:DescribeSubscription', 'UnexpectedValue', unexpected);
  return [unknownWith('global', null, error, what, data)];
}
