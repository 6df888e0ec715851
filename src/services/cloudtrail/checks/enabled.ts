import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, notCollected, verdict } from '../../../checks/types.js';
import { listWords, unknownWith } from '../../../checks/util.js';
import { list, prose, whereOwn } from '../../../finding/prose.js';
import { isLogging, lake, loggingStores, orgNote, sortedTrails, storeNote, trailCovers } from '../trails.js';

const WHAT = 'whether a CloudTrail trail logs this region';

export const cloudtrailEnabled: CheckDefinition = {
  meta: {
    id: 'cloudtrail.enabled',
    service: 'cloudtrail',
    title: 'A CloudTrail trail is logging in every region',
    severity: 'high',
    securityHub: 'CloudTrail.3',
    cis: '3.1',
    remediation:
      'Create a multi-region trail (or start the stopped one) so that API activity in every region is recorded.',
    scope: 'region',
    enablement: true,
  },
  evaluate(account) {
    const ct = account.cloudtrail;
    const lakeView = lake(account);
    return eachRegion(account, ct?.regions, 'cloudtrail:DescribeTrails', WHAT, (region, listing) => {
      const trails = sortedTrails(ct!.trails);
      const known = new Set(trails.map((t) => t.arn));
      const listed = new Set(listing.trailArns);
      const covering = trails.filter((t) => trailCovers(t, region) && (listed.has(t.arn) || t.isMultiRegion));
      const unresolved = listing.trailArns.filter((arn) => !known.has(arn)).sort();
      const logging = covering.filter(isLogging);
      const data = {
        trails: covering.map((t) => t.arn),
        loggingTrails: logging.map((t) => t.arn),
      };
      if (logging.length > 0) {
        const t = logging[0]!;
        const more = logging.length > 1 ? ` and ${logging.length - 1} other trail(s)` : '';
        const ownedElsewhere = logging.find((x) => x.ownerAccountId !== account.accountId);
        return [
          verdict(
            region,
            null,
            'pass',
            `Region ${region} is logged by trail ${t.name}${orgNote(t, account.accountId)}${more}.`,
            ownedElsewhere ? { ...data, organizationTrailOwner: ownedElsewhere.ownerAccountId } : data,
          ),
        ];
      }
      // No trail logs the region: a CloudTrail Lake event data store recording management events does.
      const stores = loggingStores(lakeView, region);
      if (stores.length > 0) {
        const s = stores[0]!;
        const more = stores.length > 1 ? ` and ${stores.length - 1} other event data store(s)` : '';
        return [
          verdict(
            region,
            null,
            'pass',
            `Region ${region} is recorded by CloudTrail Lake event data store ${s.name}${storeNote(s)}${more}; no trail logs it.`,
            { ...data, eventDataStores: stores.map((x) => x.arn) },
          ),
        ];
      }
      const unreadable = covering.find((t) => !t.status.ok);
      if (unreadable && !unreadable.status.ok) {
        return [unknownWith(region, null, unreadable.status.error, WHAT, data)];
      }
      if (unresolved.length > 0) {
        return [
          unknownWith(region, null, notCollected('cloudtrail:GetTrailStatus'), WHAT, {
            ...data,
            unresolvedTrails: unresolved,
          }),
        ];
      }
      // A store that could not be read may be the one recording the region: never "not enabled".
      if (lakeView.gap) return [unknownWith(region, null, lakeView.gap, WHAT, data)];
      if (covering.length === 0) {
        return [verdict(region, null, 'fail', `No CloudTrail trail covers region ${region}.`, data)];
      }
      return [
        verdict(
          region,
          null,
          'fail',
          `Every trail covering region ${region} is stopped (${listWords(covering.map((t) => t.name))}).`,
          { ...data, stoppedTrails: covering.map((t) => t.arn) },
        ),
      ];
    });
  },
  prose: {
    // With no region recorded anywhere, the service's lead sentence names these fails (prose.ts).
    fail(ctx, fails) {
      ctx.claim(fails);
      if (ctx.a.multiAccount)
        return [prose`In ${whereOwn(ctx, fails)}, no logging trail recorded API activity.`];
      return [
        prose`CloudTrail recorded API activity in ${list(ctx.regions(ctx.own.pass))}, but no logging trail covered ${list(ctx.regions(fails))}.`,
      ];
    },
  },
};
