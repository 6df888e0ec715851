/**
 * What the finding says of CloudTrail as a whole; each check's own sentences are in its file.
 */
import { text } from '../../finding/document.js';
import { accountsReviewed, list, prose } from '../../finding/prose.js';
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
    if (enabled.fail.length === 0 || enabled.pass.length > 0) return [];
    ctx.claim(enabled.fail);
    ctx.claim([
      ...ctx.results(cloudtrailMultiRegion).fail,
      ...ctx.results(cloudtrailManagementEvents).fail,
      // Nothing recorded at all: no data events either.
      ...ctx.results(cloudtrailDataEvents).fail,
    ]);
    if (ctx.a.multiAccount) {
      return [
        prose`No CloudTrail trail was recording API activity in any region of ${accountsReviewed(enabled.fail)}, so actions taken in them would leave no audit record.`,
      ];
    }
    const f = ctx.regions(enabled.fail);
    return [
      prose`No CloudTrail trail was recording API activity in ${text(f.length === 1 ? 'the region' : `the ${f.length} regions`)} reviewed (${list(f)}), so actions taken in the account would leave no audit record there.`,
    ];
  },
  // Which regions are recorded, then how the trails are kept.
  order: [cloudtrailEnabled, cloudtrailMultiRegion, cloudtrailLogging, cloudtrailManagementEvents],
};
