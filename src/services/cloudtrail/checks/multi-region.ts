import type { CheckDefinition } from '../../../checks/types.js';
import { unknownVerdict, verdict } from '../../../checks/types.js';
import { listWords, notCollectedGlobal, unknownWith } from '../../../checks/util.js';
import { inAccounts, prose } from '../../../finding/prose.js';
import { isLogging, lake, loggingStores, orgNote, sortedTrails, storeNote, trailListGap } from '../trails.js';

const WHAT = 'whether a multi-region CloudTrail trail is logging';

export const cloudtrailMultiRegion: CheckDefinition = {
  meta: {
    id: 'cloudtrail.multi-region',
    service: 'cloudtrail',
    title: 'At least one multi-region CloudTrail trail is logging',
    label: 'Multi-region trail',
    severity: 'high',
    securityHub: 'CloudTrail.1',
    cis: '3.1',
    remediation:
      'Create or convert a trail to a multi-region trail and make sure it is logging, so new regions are covered too.',
    scope: 'account',
    enablement: false,
  },
  evaluate(account) {
    const ct = account.cloudtrail;
    if (!ct) return notCollectedGlobal('cloudtrail:DescribeTrails', WHAT);
    const multi = sortedTrails(ct.trails).filter((t) => t.isMultiRegion);
    const logging = multi.filter(isLogging);
    const data = { trails: multi.map((t) => t.arn), loggingTrails: logging.map((t) => t.arn) };
    if (logging.length > 0) {
      const t = logging[0]!;
      return [
        verdict(
          'global',
          null,
          'pass',
          `Multi-region trail ${t.name}${orgNote(t, account.accountId)} is logging.`,
          t.ownerAccountId !== account.accountId
            ? { ...data, organizationTrailOwner: t.ownerAccountId }
            : data,
        ),
      ];
    }
    // No multi-region trail logs: a multi-region CloudTrail Lake event data store recording management
    // events does the same.
    const lakeView = lake(account);
    const stores = loggingStores(lakeView).filter((s) => s.details.ok && s.details.value.multiRegion);
    if (stores.length > 0) {
      const s = stores[0]!;
      return [
        verdict(
          'global',
          null,
          'pass',
          `Multi-region CloudTrail Lake event data store ${s.name}${storeNote(s)} records management events in every region; no multi-region trail is logging.`,
          { ...data, eventDataStores: stores.map((x) => x.arn) },
        ),
      ];
    }
    const unreadable = multi.find((t) => !t.status.ok);
    if (unreadable && !unreadable.status.ok) {
      return [unknownWith('global', null, unreadable.status.error, WHAT, data)];
    }
    const gap = trailListGap(account) ?? lakeView.gap;
    if (gap) return [{ ...unknownVerdict('global', null, gap, WHAT), data }];
    if (multi.length === 0) {
      return [verdict('global', null, 'fail', 'The account has no multi-region CloudTrail trail.', data)];
    }
    return [
      verdict(
        'global',
        null,
        'fail',
        `The account's multi-region trails are all stopped (${listWords(multi.map((t) => t.name))}).`,
        { ...data, stoppedTrails: multi.map((t) => t.arn) },
      ),
    ];
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        inAccounts(
          ctx,
          fails,
          prose`None of the logging trails was a multi-region trail, so regions without a trail of their own, including any enabled later, would not be recorded.`,
        ),
      ];
    },
  },
};
