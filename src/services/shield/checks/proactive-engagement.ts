import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import { prose } from '../../../finding/prose.js';
import { advancedOrVerdicts, subscriptionSettingUnknown } from '../advanced.js';

const ACTION = 'shield:DescribeSubscription';
const WHAT = 'whether Shield Advanced proactive engagement is on with emergency contacts';

export const shieldProactiveEngagement: CheckDefinition = {
  meta: {
    id: 'shield.proactive-engagement',
    service: 'shield',
    title: 'Shield Advanced proactive engagement is on, with emergency contacts',
    severity: 'low',
    securityHub: null,
    cis: null,
    remediation:
      'Add emergency contacts and turn on proactive engagement, so that the Shield Response Team contacts the team during an attack on a protected resource.',
    scope: 'account',
    enablement: false,
  },
  evaluate(account) {
    const gate = advancedOrVerdicts(account, ACTION, WHAT);
    if ('verdicts' in gate) return gate.verdicts;
    const { subscription: sub, emergencyContacts: contacts } = gate.advanced;
    if (!sub.ok) return [unknownWith('global', null, sub.error, WHAT, {})];
    const status = sub.value.proactiveEngagementStatus;
    const data: Record<string, string | number | null> = { proactiveEngagementStatus: status };
    switch (status === null ? null : status.toUpperCase()) {
      case 'DISABLED':
        return [
          verdict(
            'global',
            null,
            'fail',
            'Shield Advanced proactive engagement is off: the Shield Response Team will not contact anyone during an attack.',
            data,
          ),
        ];
      case 'ENABLED': {
        if (!contacts.ok) return [unknownWith('global', null, contacts.error, WHAT, data)];
        data.emergencyContacts = contacts.value.count;
        if (contacts.value.count === 0) {
          return [
            verdict(
              'global',
              null,
              'fail',
              'Shield Advanced proactive engagement is on, but no emergency contact is recorded.',
              data,
            ),
          ];
        }
        return [
          verdict(
            'global',
            null,
            'pass',
            `Shield Advanced proactive engagement is on, with ${contacts.value.count} emergency contact(s).`,
            data,
          ),
        ];
      }
      case null:
        return subscriptionSettingUnknown(WHAT, 'proactive engagement', null, data);
      default:
        // PENDING: being switched on or off; neither state is proven yet.
        return subscriptionSettingUnknown(
          WHAT,
          'proactive engagement',
          `proactive engagement status is ${status}`,
          data,
        );
    }
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      const noContacts = fails.some((r) => r.data.proactiveEngagementStatus === 'ENABLED');
      return [
        noContacts
          ? prose`Shield Advanced proactive engagement was on, but no emergency contact was recorded, so the Shield Response Team would have nobody to reach during an attack.`
          : prose`Shield Advanced proactive engagement was off, so the Shield Response Team would not reach out to the team when a protected resource came under attack.`,
      ];
    },
  },
};
