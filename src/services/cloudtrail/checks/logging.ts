import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { cap, prose } from '../../../finding/prose.js';
import { perTrail, trailsPhrase } from '../trails.js';

const WHAT = 'whether the trail is logging';

export const cloudtrailLogging: CheckDefinition = {
  meta: {
    id: 'cloudtrail.logging',
    service: 'cloudtrail',
    title: 'Each CloudTrail trail is logging',
    severity: 'high',
    securityHub: null,
    cis: null,
    remediation: 'Start logging on the trail, or delete it if it is no longer meant to record anything.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    return perTrail(account, WHAT, (t, note, data) => {
      if (!t.status.ok) return unknownWith(t.homeRegion, t.arn, t.status.error, WHAT, data);
      const s = t.status.value;
      const withStatus = {
        ...data,
        latestDeliveryTime: s.latestDeliveryTime,
        latestDeliveryError: s.latestDeliveryError,
      };
      if (s.isLogging) {
        const err = s.latestDeliveryError
          ? `, though its last delivery reported ${s.latestDeliveryError}`
          : '';
        return verdict(t.homeRegion, t.arn, 'pass', `Trail ${t.name}${note} is logging${err}.`, withStatus);
      }
      return verdict(
        t.homeRegion,
        t.arn,
        'fail',
        `Trail ${t.name}${note} exists but is not logging.`,
        withStatus,
      );
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`${cap(trailsPhrase(ctx, fails))} ${text(fails.length === 1 ? 'was' : 'were')} set up but not logging.`,
      ];
    },
  },
};
