/**
 * GuardDuty: ListDetectors (paginated) then GetDetector per detector. A failed GetDetector stays an error
 * on that detector; it never reads as "no detector".
 */
import type { GetDetectorCommandOutput } from '@aws-sdk/client-guardduty';
import type { AwsSession } from '../../aws/gateway.js';
import type { ReadVia } from '../../evidence/observed.js';
import { all, fromAdministrator, unparseable } from '../collect-util.js';
import type { AccountBulk, Collector, CollectorPart } from '../types.js';
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
type GuardDutyRegion = Extract<GuardDutyEvidence[string], { ok: true }>['value'];
type Workloads = NonNullable<GuardDutyRegion['workloads']>;

/** The feature names whose plan needs each workload read (any of them not ENABLED: read it). */
const NEEDS: Record<keyof Workloads, readonly (readonly string[])[]> = {
  // EKS Protection; Runtime Monitoring (either feature name counts as on).
  eksClusters: [['EKS_AUDIT_LOGS'], ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']],
  ecsClusters: [['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']],
  rdsInstances: [['RDS_LOGIN_EVENTS']],
  rdsClusters: [['RDS_LOGIN_EVENTS']],
};

/**
 * Which workload reads can change a verdict: those of a plan the enabled detector has off or does not
 * report. A detector whose features are not reported reads nothing (its plans are unknown anyway).
 */
export function workloadReadsNeeded(
  features: readonly { name: string; status: string }[] | null,
): (keyof Workloads)[] {
  if (features === null || features.length === 0) return [];
  const on = new Set(
    features.filter((f) => f.status.toUpperCase() === 'ENABLED').map((f) => f.name.toUpperCase()),
  );
  return (Object.keys(NEEDS) as (keyof Workloads)[]).filter((k) =>
    NEEDS[k].some((plan) => !plan.some((f) => on.has(f))),
  );
}

async function readWorkload(
  session: AwsSession,
  region: string,
  key: keyof Workloads,
): Promise<NonNullable<Workloads[typeof key]>> {
  if (key === 'eksClusters') {
    const res = await session.paginate(
      OPS.listEksClusters,
      region,
      { maxResults: 100 },
      { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.clusters },
    );
    return res.ok ? { ok: true, value: { names: res.value } } : res;
  }
  if (key === 'ecsClusters') {
    const res = await session.paginate(
      OPS.listEcsClusters,
      region,
      { maxResults: 100 },
      { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.clusterArns },
    );
    return res.ok ? { ok: true, value: { names: res.value } } : res;
  }
  if (key === 'rdsInstances') {
    const res = await session.paginate(
      OPS.describeDbInstances,
      region,
      { MaxRecords: 100 },
      { inputToken: 'Marker', outputToken: (o) => o.Marker, items: (o) => o.DBInstances },
    );
    return res.ok
      ? {
          ok: true,
          value: {
            databases: res.value.flatMap((d) =>
              d.DBInstanceIdentifier ? [{ id: d.DBInstanceIdentifier, engine: d.Engine ?? '' }] : [],
            ),
          },
        }
      : res;
  }
  const res = await session.paginate(
    OPS.describeDbClusters,
    region,
    { MaxRecords: 100 },
    { inputToken: 'Marker', outputToken: (o) => o.Marker, items: (o) => o.DBClusters },
  );
  return res.ok
    ? {
        ok: true,
        value: {
          databases: res.value.flatMap((d) =>
            d.DBClusterIdentifier ? [{ id: d.DBClusterIdentifier, engine: d.Engine ?? '' }] : [],
          ),
        },
      }
    : res;
}

/** Malware Protection for S3: every plan of the region, and the bucket each protects. */
async function collectMalwarePlans(
  session: AwsSession,
  region: string,
): Promise<NonNullable<GuardDutyRegion['malwareProtectionPlans']>> {
  const listed = await session.paginate(
    OPS.listMalwareProtectionPlans,
    region,
    {},
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.MalwareProtectionPlans },
  );
  if (!listed.ok) return listed;
  const ids = listed.value.flatMap((p) => (p.MalwareProtectionPlanId ? [p.MalwareProtectionPlanId] : []));
  const plans = await all([...ids].sort(), async (id) => {
    const res = await session.call(OPS.getMalwareProtectionPlan, region, { MalwareProtectionPlanId: id });
    return {
      id,
      detail: res.ok
        ? {
            ok: true as const,
            value: {
              bucket: res.value.ProtectedResource?.S3Bucket?.BucketName ?? null,
              status: res.value.Status ?? null,
            },
          }
        : res,
    };
  });
  return { ok: true, value: { plans } };
}

/** DescribeOrganizationConfiguration, every page of its features. */
export async function collectOrganizationConfiguration(
  session: AwsSession,
  region: string,
  detectorId: string,
): Promise<NonNullable<GuardDutyRegion['organization']>> {
  const first = await session.call(OPS.describeOrganizationConfiguration, region, { DetectorId: detectorId });
  if (!first.ok) return first;
  let features: { name: string; autoEnable: string }[] | null = null;
  const add = (fs: typeof first.value.Features) => {
    if (!fs) return;
    features = [
      ...(features ?? []),
      ...fs.flatMap((f) => (f.Name ? [{ name: f.Name, autoEnable: f.AutoEnable ?? '' }] : [])),
    ];
  };
  add(first.value.Features);
  let token = first.value.NextToken;
  const seen = new Set<string>();
  while (token) {
    if (seen.has(token) || seen.size >= 50) {
      return {
        ok: false,
        error: unparseable(
          OPS.describeOrganizationConfiguration.iamAction,
          'DescribeOrganizationConfiguration repeated a page token',
        ),
      };
    }
    seen.add(token);
    const next = await session.call(OPS.describeOrganizationConfiguration, region, {
      DetectorId: detectorId,
      NextToken: token,
    });
    if (!next.ok) return next;
    add(next.value.Features);
    token = next.value.NextToken;
  }
  return {
    ok: true,
    value: {
      autoEnableMembers: first.value.AutoEnableOrganizationMembers ?? null,
      memberAccountLimitReached: first.value.MemberAccountLimitReached === true,
      features,
    },
  };
}

/**
 * The member's administrator as the GuardDuty administrator's ListMembers answered it (organization scans,
 * `--org-mode bulk|auto`: pipeline/org-bulk.ts), where it stands for the member's own
 * GetAdministratorAccount: the administrator lists the account with relationship Enabled (Member
 * RelationshipStatus, "the status of the relationship between the member and the administrator", GuardDuty
 * API reference; Enabled is the one value the checks read as linked). It never stands for GetDetector:
 * the detector's status (what guardduty.enabled judges) is read in the member. Anything else leaves the
 * member to its own read.
 */
export function guardDutyAdministratorFromBulk(
  bulk: AccountBulk['guardduty'],
  region: string,
): { administrator: GuardDutyAdministrator | null; via: ReadVia | null } {
  const { value, via } = fromAdministrator(bulk, region);
  return { administrator: value ? { ok: true, value: { ...value } } : null, via };
}

export async function collectGuardDutyRegion(
  session: AwsSession,
  region: string,
  accountId = '',
  bulk?: AccountBulk['guardduty'],
): Promise<GuardDutyEvidence[string]> {
  const ids = await session.paginate(
    OPS.listDetectors,
    region,
    {},
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.DetectorIds },
  );
  if (!ids.ok) return ids;
  const first = [...ids.value].sort()[0];
  if (first === undefined) return { ok: true, value: { detectors: [] } };
  // Who manages the detectors (a delegated administrator in an organization) and Malware Protection for
  // S3: evidence, not verdicts. Read alongside GetDetector so they add no step to the region's call chain.
  const fromAdmin = guardDutyAdministratorFromBulk(bulk, region);
  const [detectors, admin, malwareProtectionPlans] = await Promise.all([
    all(ids.value, async (id): Promise<Detector> => {
      const res = await session.call(OPS.getDetector, region, { DetectorId: id });
      return { id, detail: res.ok ? interpretDetector(res.value) : res };
    }),
    fromAdmin.administrator
      ? null
      : session.call(OPS.getGuardDutyAdministrator, region, { DetectorId: first }),
    collectMalwarePlans(session, region),
  ]);
  const own = (res: NonNullable<typeof admin>): GuardDutyAdministrator =>
    res.ok
      ? {
          ok: true,
          value: res.value.Administrator?.AccountId
            ? {
                accountId: res.value.Administrator.AccountId,
                relationshipStatus: res.value.Administrator.RelationshipStatus ?? null,
              }
            : null,
        }
      : res;
  // admin is null only where the administrator's list answered (fromAdmin.administrator).
  const administrator: GuardDutyAdministrator = fromAdmin.administrator ?? own(admin!);
  const via = fromAdmin.via ? { administratorVia: fromAdmin.via } : {};
  const value: GuardDutyRegion = { detectors, administrator, ...via, malwareProtectionPlans };
  // In the schema's order (a bundle reads back byte for byte).
  const ordered = (w?: Workloads, o?: GuardDutyRegion['organization']): GuardDutyRegion => ({
    detectors,
    administrator,
    ...via,
    ...(w ? { workloads: w } : {}),
    malwareProtectionPlans,
    ...(o ? { organization: o } : {}),
  });
  // The enabled detector (the first by id, as the checks take it): only there can the plans' workloads or
  // the organization's auto-enable change a verdict.
  const enabled = [...detectors]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .find((d) => d.detail.ok && d.detail.value.status.toUpperCase() === 'ENABLED');
  if (!enabled?.detail.ok) return { ok: true, value };
  const features = enabled.detail.value.features;
  // A member of another account's GuardDuty is not its organization's administrator: not asked.
  const member =
    administrator.ok && administrator.value !== null && administrator.value.accountId !== accountId;
  const needed = workloadReadsNeeded(features);
  const [reads, organization] = await Promise.all([
    all(needed, async (k) => [k, await readWorkload(session, region, k)] as const),
    member ? null : collectOrganizationConfiguration(session, region, enabled.id),
  ]);
  const workloads =
    features !== null && features.length > 0 ? (Object.fromEntries(reads) as Workloads) : undefined;
  return { ok: true, value: ordered(workloads, organization ?? undefined) };
}

const PART: CollectorPart = {
  name: 'guardduty',
  operations: [
    OPS.listDetectors,
    OPS.getDetector,
    OPS.getGuardDutyAdministrator,
    OPS.listMalwareProtectionPlans,
    OPS.getMalwareProtectionPlan,
    OPS.describeOrganizationConfiguration,
    OPS.listEksClusters,
    OPS.listEcsClusters,
    OPS.describeDbInstances,
    OPS.describeDbClusters,
  ],
};

export const collect: Collector<GuardDutyEvidence> = (kit) =>
  kit.regional(PART, (region) =>
    collectGuardDutyRegion(kit.session, region, kit.accountId, kit.bulk?.guardduty),
  );
