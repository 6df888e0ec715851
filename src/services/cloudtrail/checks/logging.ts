import type { CheckDefinition } from '../../../checks/types.js';
import { unknownVerdict, verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { cap, prose } from '../../../finding/prose.js';
import { lake, loggingStores, perTrail, storeNote, trailsPhrase } from '../trails.js';

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
    const trails = perTrail(account, WHAT, (t, note, data) => {
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
    // CloudTrail Lake: each event data store that ingests management events is logging too. (Stores that do
    // not ingest are not judged: a store made to query imported trail logs is stopped by design.)
    const view = lake(account);
    const stores = loggingStores(view).map((s) =>
      verdict(
        s.homeRegion,
        s.arn,
        'pass',
        `CloudTrail Lake event data store ${s.name}${storeNote(s)} is ingesting management events.`,
        {
          eventDataStore: s.name,
          homeRegion: s.homeRegion,
          multiRegion: s.details.ok && s.details.value.multiRegion,
        },
      ),
    );
    const noTrail = account.cloudtrail?.trails.length === 0;
    if (noTrail && trails.every((v) => v.status === 'not_applicable')) {
      // No trail at all: the stores speak for the account; with Lake unread, whether anything logs is unknown.
      if (stores.length > 0) return stores;
      if (view.gap) return [unknownVerdict('global', null, view.gap, WHAT)];
    }
    return [...trails, ...stores];
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
