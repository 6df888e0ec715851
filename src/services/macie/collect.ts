/**
 * Amazon Macie: GetMacieSession per region.
 *
 * When Macie is off, AWS does not answer "not found": it answers AccessDeniedException with a message
 * saying Macie is not enabled (AWS Support's statement quoted in DataBiosphere/azul#5779: "If the account has
 * disabled AWS::Macie::Session, the API raises AccessDeniedException instead of RecordNotFoundException";
 * the same text is reported in prowler-cloud/prowler#1279 and mondoohq/mql#5988). A genuine permission
 * denial uses the same code, with "is not authorized to perform" or "explicit deny" in the message. We read
 * NOT_ENABLED only from the first shape; everything else stays an error (unknown), never "off".
 *
 * ResourceNotFoundException: the Macie API reference lists it generically for every operation; no AWS
 * source documents it as GetMacieSession's "not enabled" answer (moto sends it, real AWS does not, see
 * notes/moto.md). It therefore stays an error: a false "not enabled" is worse than an unknown.
 *
 * Where Macie is enabled or paused, GetAdministratorAccount says which account manages it (the delegated
 * administrator of an organization, or an administrator by invitation): `{administrator: {accountId,
 * relationshipStatus, …}}` for a member, `{}` otherwise (Macie API reference). It is evidence only: a
 * failed read stays an error on `administrator` and never changes what the session said. It is not asked
 * where Macie is off, where Macie answers every call with the "not enabled" denial.
 *
 * Where Macie is enabled, what it looks at (macie.analysis): GetAutomatedDiscoveryConfiguration (automated
 * sensitive data discovery, ENABLED or DISABLED) and ListClassificationJobs (every page; usually one).
 * Each failed read stays an error of its own.
 */
import type {
  GetAdministratorAccountCommandOutput,
  GetAutomatedDiscoveryConfigurationCommandOutput,
  GetMacieSessionCommandOutput,
  JobSummary,
} from '@aws-sdk/client-macie2';
import type { AwsSession } from '../../aws/gateway.js';
import type { Observed, ReadVia } from '../../evidence/observed.js';
import { fromAdministrator, unparseable } from '../collect-util.js';
import type { Inventory } from '../inventory/schema.js';
import type { AccountBulk, Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { MacieEvidence } from './schema.js';

export type MacieRegion = MacieEvidence[string] extends Observed<infer T> ? T : never;
type MacieAdministrator = NonNullable<MacieRegion['administrator']>;

/** Macie states in which the account has a Macie session, and so may have an administrator. */
const HAS_SESSION = new Set(['ENABLED', 'PAUSED']);

const NOT_ENABLED = /Macie is not enabled/i;
const REAL_DENIAL = /not authorized to perform|explicit deny/i;

/** True when an error is AWS's way of saying Macie is off in the region (and not a permission denial). */
export function saysMacieNotEnabled(code: string, message: string): boolean {
  return code === 'AccessDeniedException' && NOT_ENABLED.test(message) && !REAL_DENIAL.test(message);
}

export function interpretMacieSession(
  res: Observed<Pick<GetMacieSessionCommandOutput, 'status'>>,
): Observed<MacieRegion> {
  if (!res.ok) {
    const { code, message } = res.error;
    if (saysMacieNotEnabled(code, message)) {
      return { ok: true, value: { status: 'NOT_ENABLED', basis: `${code}: ${message}` } };
    }
    return res;
  }
  const status = res.value.status;
  if (!status) {
    return {
      ok: false,
      error: unparseable(OPS.getMacieSession.iamAction, 'GetMacieSession answered without a status'),
    };
  }
  return { ok: true, value: { status, basis: `GetMacieSession: ${status}` } };
}
/** GetAdministratorAccount → the administrator (null when the answer names none). */
export function interpretMacieAdministrator(
  res: Observed<Pick<GetAdministratorAccountCommandOutput, 'administrator'>>,
): MacieAdministrator {
  if (!res.ok) return res;
  const a = res.value.administrator;
  return {
    ok: true,
    value: a?.accountId ? { accountId: a.accountId, relationshipStatus: a.relationshipStatus ?? null } : null,
  };
}

type MacieDiscovery = NonNullable<MacieRegion['discovery']>;
type MacieJobs = NonNullable<MacieRegion['classificationJobs']>;

/** GetAutomatedDiscoveryConfiguration → its status (the answer rule requires it). */
export function interpretDiscovery(
  res: Observed<Pick<GetAutomatedDiscoveryConfigurationCommandOutput, 'status'>>,
): MacieDiscovery {
  if (!res.ok) return res;
  const status = res.value.status;
  if (!status) {
    return {
      ok: false,
      error: unparseable(
        OPS.getAutomatedDiscovery.iamAction,
        'GetAutomatedDiscoveryConfiguration answered without a status',
      ),
    };
  }
  return { ok: true, value: { status } };
}

/** ListClassificationJobs' pages → the jobs, each with what says whether it still runs. */
export function interpretJobs(res: Observed<JobSummary[]>): MacieJobs {
  if (!res.ok) return res;
  return {
    ok: true,
    value: {
      jobs: res.value.flatMap((j) =>
        j.jobId
          ? [
              {
                jobId: j.jobId,
                name: j.name ?? null,
                jobStatus: j.jobStatus ?? null,
                jobType: j.jobType ?? null,
              },
            ]
          : [],
      ),
    },
  };
}

/**
 * The member's administrator as the Macie administrator's ListMembers answered it (organization scans,
 * `--org-mode bulk|auto`: pipeline/org-bulk.ts), where it stands for the member's own GetAdministratorAccount:
 * the administrator lists the account with a relationship in force (Enabled or Paused; Member
 * relationshipStatus is "the current status of the relationship between the account and the administrator
 * account", Macie API reference). It never stands for GetMacieSession: no relationship status is defined
 * by the reference as the member's Macie status, so the session is always read in the member. Anything
 * else (not listed, another relationship, a failed read) leaves the member to its own read.
 */
export function administratorFromBulk(
  bulk: AccountBulk['macie'],
  region: string,
): { administrator: MacieAdministrator | null; via: ReadVia | null } {
  const { value, via } = fromAdministrator(bulk, region);
  return { administrator: value ? { ok: true, value: { ...value } } : null, via };
}

/** Relationship states in which the listing administrator manages the member (as macie.enabled reads them). */
export const MACIE_IN_FORCE = new Set(['enabled', 'paused']);

export async function collectMacieRegion(
  session: AwsSession,
  region: string,
  hasBuckets = true,
  bulk?: AccountBulk['macie'],
): Promise<Observed<MacieRegion>> {
  const state = interpretMacieSession(await session.call(OPS.getMacieSession, region, {}));
  if (!state.ok || !HAS_SESSION.has(state.value.status.toUpperCase())) return state;
  // What Macie looks at matters only where there is a bucket: where the inventory proves the region
  // holds none, macie.analysis is not applicable before discovery or jobs count, so they are not read
  // (the call budget). The administrator is still read: it names who manages an enabled Macie.
  const enabled = state.value.status.toUpperCase() === 'ENABLED' && hasBuckets;
  const fromAdmin = administratorFromBulk(bulk, region);
  const [admin, discovery, jobs] = await Promise.all([
    fromAdmin.administrator ? null : session.call(OPS.getMacieAdministrator, region, {}),
    // What Macie looks at (macie.analysis): only where it runs.
    enabled ? session.call(OPS.getAutomatedDiscovery, region, {}) : null,
    enabled
      ? session.paginate(
          OPS.listClassificationJobs,
          region,
          {},
          { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.items },
        )
      : null,
  ]);
  const administrator = fromAdmin.administrator ?? interpretMacieAdministrator(admin!);
  const via = fromAdmin.via ? { administratorVia: fromAdmin.via } : {};
  if (!discovery || !jobs) return { ok: true, value: { ...state.value, administrator, ...via } };
  return {
    ok: true,
    value: {
      ...state.value,
      administrator,
      ...via,
      discovery: interpretDiscovery(discovery),
      classificationJobs: interpretJobs(jobs),
    },
  };
}

const PART: CollectorPart = {
  name: 'macie',
  operations: [
    OPS.getMacieSession,
    OPS.getMacieAdministrator,
    OPS.getAutomatedDiscovery,
    OPS.listClassificationJobs,
  ],
};

/**
 * The regions where the inventory proves there is no S3 bucket; none when it could not be read or a
 * bucket's region is not known.
 */
function regionsWithoutBuckets(inventory: Inventory | undefined, regions: readonly string[]): Set<string> {
  const s3 = inventory?.s3Buckets;
  if (!s3?.ok || s3.value.buckets.some((b) => b.region === null)) return new Set();
  const used = new Set(s3.value.buckets.map((b) => b.region));
  return new Set(regions.filter((r) => !used.has(r)));
}

export const collect: Collector<MacieEvidence> = async (kit) => {
  // A source that failed to collect proves nothing: every region is then read.
  const inventory = (await kit.source?.('inventory')?.catch(() => undefined)) as Inventory | undefined;
  const empty = regionsWithoutBuckets(inventory, kit.regions);
  return kit.regional(PART, (region) =>
    collectMacieRegion(kit.session, region, !empty.has(region), kit.bulk?.macie),
  );
};
