/**
 * Shield Advanced: GetSubscriptionState in the partition's global region (ACTIVE | INACTIVE).
 */

import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import { unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { ShieldEvidence } from './schema.js';

export function interpretSubscriptionState(o: { SubscriptionState?: string | undefined }): ShieldEvidence {
  if (!o.SubscriptionState) {
    return {
      ok: false,
      error: unparseable(
        OPS.getSubscriptionState.iamAction,
        'GetSubscriptionState answered without SubscriptionState',
      ),
    };
  }
  return { ok: true, value: { subscriptionState: o.SubscriptionState } };
}

export async function collectShield(session: AwsSession, partition: string): Promise<ShieldEvidence> {
  const res = await session.call(OPS.getSubscriptionState, globalRegion(partition), {});
  return res.ok ? interpretSubscriptionState(res.value) : res;
}

const PART: CollectorPart = { name: 'shield', operations: [OPS.getSubscriptionState] };

export const collect: Collector<ShieldEvidence> = (kit) =>
  kit.global(PART, () => collectShield(kit.session, kit.partition));
