/**
 * Shield Advanced: GetSubscriptionState in the partition's global region (ACTIVE | INACTIVE). Only when it is
 * ACTIVE: the subscription's details, the emergency contacts, the protections (and, for protections of
 * CloudFront distributions and Application Load Balancers, their automatic application-layer mitigation),
 * and the internet-facing resources only Shield Advanced protects that WAF's evidence does not list: Elastic
 * IPs (per scanned region), Global Accelerator accelerators (us-west-2) and Route 53 hosted zones.
 */

import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { Observed } from '../../evidence/observed.js';
import { all, unparseable } from '../collect-util.js';
import type { CollectKit, Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { ShieldAdvancedEvidence, ShieldEvidence } from './schema.js';

type Advanced = ShieldAdvancedEvidence;

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

/** True for the ARN of a CloudFront distribution or an Application Load Balancer (where WAF, and so automatic application-layer mitigation, applies). */
export function isAppLayerResource(arn: string): boolean {
  const [, , service = '', , , resource = ''] = arn.split(':');
  if (service === 'cloudfront') return resource.startsWith('distribution/');
  return service === 'elasticloadbalancing' && resource.startsWith('loadbalancer/app/');
}

async function readSubscription(session: AwsSession, region: string): Promise<Advanced['subscription']> {
  const res = await session.call(OPS.describeSubscription, region, {});
  if (!res.ok) return res;
  const s = res.value.Subscription;
  return {
    ok: true,
    value: {
      autoRenew: s?.AutoRenew ?? null,
      proactiveEngagementStatus: s?.ProactiveEngagementStatus ?? null,
    },
  };
}

async function readContacts(session: AwsSession, region: string): Promise<Advanced['emergencyContacts']> {
  const res = await session.call(OPS.describeEmergencyContactSettings, region, {});
  if (!res.ok) return res;
  return { ok: true, value: { count: res.value.EmergencyContactList?.length ?? 0 } };
}

async function readProtections(session: AwsSession, region: string): Promise<Advanced['protections']> {
  const listed = await session.paginate(
    OPS.listProtections,
    region,
    {},
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.Protections },
  );
  if (!listed.ok) return listed;
  const protections = await all(listed.value, async (p) => {
    const resourceArn = p.ResourceArn ?? '';
    const id = p.Id ?? '';
    let appLayer: Observed<{ status: string | null }> | null = null;
    if (isAppLayerResource(resourceArn)) {
      const d = await session.call(OPS.describeProtection, region, { ProtectionId: id });
      appLayer = d.ok
        ? {
            ok: true,
            value: {
              status: d.value.Protection?.ApplicationLayerAutomaticResponseConfiguration?.Status ?? null,
            },
          }
        : d;
    }
    return { id, name: p.Name ?? '', resourceArn, appLayer };
  });
  return { ok: true, value: { protections } };
}

async function readAddresses(
  session: AwsSession,
  region: string,
  partition: string,
  accountId: string,
): Promise<Advanced['elasticIps'][string]> {
  const res = await session.call(OPS.describeAddresses, region, {});
  if (!res.ok) return res;
  const addresses = [];
  for (const a of res.value.Addresses ?? []) {
    if (!a.AllocationId) {
      return {
        ok: false,
        error: unparseable(
          OPS.describeAddresses.iamAction,
          'DescribeAddresses answered an address without AllocationId',
        ),
      };
    }
    addresses.push({
      arn: `arn:${partition}:ec2:${region}:${accountId}:eip-allocation/${a.AllocationId}`,
      allocationId: a.AllocationId,
      publicIp: a.PublicIp ?? null,
    });
  }
  return { ok: true, value: { addresses } };
}

/** Global Accelerator's API is served from us-west-2 only, and only in the commercial partition. */
async function readAccelerators(session: AwsSession, partition: string): Promise<Advanced['accelerators']> {
  if (partition !== 'aws') return null;
  const listed = await session.paginate(
    OPS.listAccelerators,
    'us-west-2',
    {},
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.Accelerators },
  );
  if (!listed.ok) return listed;
  return {
    ok: true,
    value: { accelerators: listed.value.map((a) => ({ arn: a.AcceleratorArn ?? '', name: a.Name ?? '' })) },
  };
}

async function readHostedZones(session: AwsSession, partition: string): Promise<Advanced['hostedZones']> {
  const listed = await session.paginate(
    OPS.listHostedZones,
    globalRegion(partition),
    {},
    {
      inputToken: 'Marker',
      outputToken: (o) => (o.IsTruncated ? o.NextMarker : undefined),
      items: (o) => o.HostedZones,
    },
  );
  if (!listed.ok) return listed;
  const zones = listed.value.map((z) => {
    const id = (z.Id ?? '').replace(/^\/?hostedzone\//, '');
    return {
      id,
      arn: `arn:${partition}:route53:::hostedzone/${id}`,
      name: z.Name ?? '',
      privateZone: z.Config?.PrivateZone ?? null,
    };
  });
  return { ok: true, value: { zones } };
}

const PART: CollectorPart = { name: 'shield', operations: [OPS.getSubscriptionState] };
const part = (name: string, op: CollectorPart['operations'][number]): CollectorPart => ({
  name: `shield:${name}`,
  operations: [op],
});

/** The Shield Advanced reads, made only for an ACTIVE subscription (each one's failure is its own). */
export async function collectAdvanced(kit: CollectKit): Promise<Advanced> {
  const { session, partition, accountId } = kit;
  const region = globalRegion(partition);
  const [subscription, emergencyContacts, protections, elasticIps, accelerators, hostedZones] =
    await Promise.all([
      kit.global(part('subscription', OPS.describeSubscription), () => readSubscription(session, region)),
      kit.global(part('contacts', OPS.describeEmergencyContactSettings), () => readContacts(session, region)),
      kit.global(part('protections', OPS.listProtections), () => readProtections(session, region)),
      kit.regional(part('ec2', OPS.describeAddresses), (r) =>
        readAddresses(session, r, partition, accountId),
      ),
      kit.account(
        part('globalaccelerator', OPS.listAccelerators),
        () => readAccelerators(session, partition),
        (error): Advanced['accelerators'] => ({ ok: false, error }),
      ),
      kit.global(part('route53', OPS.listHostedZones), () => readHostedZones(session, partition)),
    ]);
  return { subscription, emergencyContacts, protections, elasticIps, accelerators, hostedZones };
}

export const collect: Collector<ShieldEvidence> = async (kit) => {
  const state = await kit.global(PART, () => collectShield(kit.session, kit.partition));
  if (!state.ok || state.value.subscriptionState.toUpperCase() !== 'ACTIVE') return state;
  return { ok: true, value: { ...state.value, advanced: await collectAdvanced(kit) } };
};
