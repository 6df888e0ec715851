/**
 * What the finding says of CloudTrail as a whole; each check's own sentences are in its file.
 */
import { text } from '../../finding/document.js';
import { accountsReviewed, list, prose, where } from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';
import { cloudtrailDataEvents } from './checks/data-events.js';
import { cloudtrailEnabled } from './checks/enabled.js';
import { cloudtrailLogging } from './checks/logging.js';
import { cloudtrailManagementEvents } from './checks/management-events.js';
import { cloudtrailMultiRegion } from './checks/multi-region.js';

export const cloudtrailProse: ServiceProse = {
  // No trail recording anywhere: one sentence says so, and with it that there is no multi-region trail
  // and no management-event (nor data-event) recording, so those fails are named by it rather than by sentences of their own.
  lead(ctx) {
    const enabled = ctx.results(cloudtrailEnabled);
    if (enabled.fail.length === 0) return [];
    const implied = [
      ...ctx.results(cloudtrailMultiRegion).fail,
      ...ctx.results(cloudtrailManagementEvents).fail,
      // Nothing recorded at all: no data events either.
      ...ctx.results(cloudtrailDataEvents).fail,
    ];
    if (ctx.a.multiAccount) {
      // Per account: only an account with a fail in every region assessed and no region left unknown
      // records nothing anywhere; the others' gaps are said by the checks' own sentences.
      const silent = new Set(enabled.fail.map((r) => r.accountId));
      for (const r of [...enabled.pass, ...enabled.unknown]) silent.delete(r.accountId);
      if (silent.size === 0) return [];
      const fails = enabled.fail.filter((r) => silent.has(r.accountId));
      ctx.claim(fails);
      ctx.claim(implied.filter((r) => silent.has(r.accountId)));
      const assessed = [...enabled.pass, ...enabled.fail];
      if (fails.length === enabled.fail.length && enabled.pass.length === 0)
        return [
          prose`No CloudTrail trail was recording API activity in any region of ${accountsReviewed(fails)}, so actions taken in them would leave no audit record.`,
        ];
      return [
        prose`In ${where(ctx, fails, assessed)}, no CloudTrail trail was recording API activity, so actions taken there would leave no audit record.`,
      ];
    }
    if (enabled.pass.length > 0) return [];
    ctx.claim(enabled.fail);
    ctx.claim(implied);
    const f = ctx.regions(enabled.fail);
    return [
      prose`No CloudTrail trail was recording API activity in ${text(f.length === 1 ? 'the region' : `the ${f.length} regions`)} reviewed (${list(f)}), so actions taken in the account would leave no audit record there.`,
    ];
  },
  // Which regions are recorded, then how the trails are kept.
  order: [cloudtrailEnabled, cloudtrailMultiRegion, cloudtrailLogging, cloudtrailManagementEvents],
};
