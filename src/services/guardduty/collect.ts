/**
 * GuardDuty: ListDetectors (paginated) then GetDetector per detector. A failed GetDetector stays an error
 * on that detector; it never reads as "no detector".
 */
import type { GetDetectorCommandOutput } from '@aws-sdk/client-guardduty';
import type { AwsSession } from '../../aws/gateway.js';
import { all, unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { GuardDutyEvidence } from './schema.js';

type GuardDutyAdministrator = NonNullable<
  Extract<GuardDutyEvidence[string], { ok: true }>['value']['administrator']
>;

type Detector = GuardDutyEvidence[string] extends infer O
  ? O extends { ok: true; value: { detectors: (infer D)[] } }
    ? D
    : never
  : never;

export function interpretDetector(o: {
  Status?: string | undefined;
  Features?: GetDetectorCommandOutput['Features'];
}): Detector['detail'] {
  if (!o.Status) {
    return {
      ok: false,
      error: unparseable(OPS.getDetector.iamAction, 'GetDetector answered without Status'),
    };
  }
  return {
    ok: true,
    value: {
      status: o.Status,
      features: o.Features
        ? o.Features.flatMap((f) =>
            f.Name
              ? [
                  {
                    name: f.Name,
                    status: f.Status ?? '',
                    ...(f.AdditionalConfiguration?.length
                      ? {
                          additional: f.AdditionalConfiguration.flatMap((c) =>
                            c.Name ? [{ name: c.Name, status: c.Status ?? '' }] : [],
                          ),
                        }
                      : {}),
                  },
                ]
              : [],
          )
        : null,
    },
  };
}
export async function collectGuardDutyRegion(
  session: AwsSession,
  region: string,
): Promise<GuardDutyEvidence[string]> {
  const ids = await session.paginate(
    OPS.listDetectors,
    region,
    {},
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.DetectorIds },
  );
  if (!ids.ok) return ids;
  const first = [...ids.value].sort()[0];
  // Who manages the detectors (a delegated administrator in an organization): evidence, not a verdict.
  // Read alongside GetDetector so it adds no step to the region's call chain.
  const [detectors, admin] = await Promise.all([
    all(ids.value, async (id): Promise<Detector> => {
      const res = await session.call(OPS.getDetector, region, { DetectorId: id });
      return { id, detail: res.ok ? interpretDetector(res.value) : res };
    }),
    first === undefined ? null : session.call(OPS.getGuardDutyAdministrator, region, { DetectorId: first }),
  ]);
  if (admin === null) return { ok: true, value: { detectors } };
  const administrator: GuardDutyAdministrator = admin.ok
    ? {
        ok: true,
        value: admin.value.Administrator?.AccountId
          ? {
              accountId: admin.value.Administrator.AccountId,
              relationshipStatus: admin.value.Administrator.RelationshipStatus ?? null,
            }
          : null,
      }
    : admin;
  return { ok: true, value: { detectors, administrator } };
}

const PART: CollectorPart = {
  name: 'guardduty',
  operations: [OPS.listDetectors, OPS.getDetector, OPS.getGuardDutyAdministrator],
};

export const collect: Collector<GuardDutyEvidence> = (kit) =>
  kit.regional(PART, (region) => collectGuardDutyRegion(kit.session, region));
