import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import { prose } from '../../../finding/prose.js';
import { advancedOrVerdicts, subscriptionSettingUnknown } from '../advanced.js';

const ACTION = 'shield:DescribeSubscription';
const WHAT = 'whether the Shield Advanced subscription renews automatically';

export const shieldAutoRenew: CheckDefinition = {
  meta: {
    id: 'shield.auto-renew',
    service: 'shield',
    title: 'The Shield Advanced subscription renews automatically',
    severity: 'low',
    securityHub: null,
    cis: null,
    remediation:
      'Turn on automatic renewal of the Shield Advanced subscription (Shield console, Overview, or UpdateSubscription), unless ending it is intended.',
    scope: 'account',
    enablement: false,
  },
  evaluate(account) {
    const gate = advancedOrVerdicts(account, ACTION, WHAT);
    if ('verdicts' in gate) return gate.verdicts;
    const sub = gate.advanced.subscription;
    if (!sub.ok) return [unknownWith('global', null, sub.error, WHAT, {})];
    const data = { autoRenew: sub.value.autoRenew };
    switch (sub.value.autoRenew === null ? null : sub.value.autoRenew.toUpperCase()) {
      case 'ENABLED':
        return [
          verdict('global', null, 'pass', 'The Shield Advanced subscription renews automatically.', data),
        ];
      case 'DISABLED':
        return [
          verdict(
            'global',
            null,
            'fail',
            'Automatic renewal of the Shield Advanced subscription is off: the protection ends with the current term.',
            data,
          ),
        ];
      case null:
        return subscriptionSettingUnknown(WHAT, 'AutoRenew', null, data);
      default:
        return subscriptionSettingUnknown(
          WHAT,
          'AutoRenew',
          `unexpected AutoRenew value ${sub.value.autoRenew}`,
          data,
        );
    }
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`The Shield Advanced subscription was not set to renew automatically, so its protection would lapse at the end of the current one-year term unless someone renews it.`,
      ];
    },
  },
};
