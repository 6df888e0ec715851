/**
 * Organization scans, `--org-mode bulk|auto`: what an organization's administrator account for a service
 * can read about many members at once is read there, once per region, before the members are scanned;
 * each member's collector then takes its slice of the answer instead of making that read itself
 * (services/types.ts, AccountBulk), where the answer proves what the member's own read would.
 *
 * Amazon Inspector: the organization's Inspector delegated administrator (organizations:
 * ListDelegatedAdministrators, read once per scan for `inspector2.amazonaws.com`) is entered (the caller's
 * own credentials when it is the caller's account, else the role every member is entered through) and asked
 * inspector2:BatchGetAccountStatus for the selected accounts, at most 100 per call, in each region it has
 * enabled (of those asked for). See services/inspector/collect.ts for what the answer stands for.
 *
 * GuardDuty and Macie: the administrator (the delegated administrator for `guardduty.amazonaws.com` /
 * `macie.amazonaws.com`, or without one the management account running the scan) is asked ListMembers per
 * region; a member it lists with the relationship in force stands for the member's own
 * GetAdministratorAccount (who manages the service for it). The service's status (GetDetector,
 * GetMacieSession) is always read in the member: no relationship status is documented as the member's
 * service status. See services/guardduty/collect.ts and services/macie/collect.ts.
 *
 * Nothing here can make an account "not enabled": an account the answer does not list, lists in
 * `failedAccounts`, or a call or an administrator that fails leaves the account to its own read.
 */
import { assumeRole } from '../aws/assume.js';
import type { AwsSession, Gateway } from '../aws/gateway.js';
import { listRegions } from '../collect/regions.js';
import { readTrailState } from '../services/cloudtrail/collect.js';
import { OPS as CLOUDTRAIL_OPS } from '../services/cloudtrail/operations.js';
import { OPS as GUARDDUTY_OPS } from '../services/guardduty/operations.js';
import { GUARDDUTY_SERVICE_PRINCIPAL } from '../services/guardduty/schema.js';
import { administratorAnswerFor } from '../services/inspector/collect.js';
import { OPS as INSPECTOR_OPS } from '../services/inspector/operations.js';
import { INSPECTOR_SERVICE_PRINCIPAL } from '../services/inspector/schema.js';
import { MACIE_IN_FORCE } from '../services/macie/collect.js';
import { OPS as MACIE_OPS } from '../services/macie/operations.js';
import { MACIE_SERVICE_PRINCIPAL } from '../services/macie/schema.js';
import type { AdministratorReads, DelegatedAdministrators } from '../services/organizations/schema.js';
import type { ServiceId } from '../services/registry.js';
import type { AccountBulk, AdministratorAnswer } from '../services/types.js';
import type { AccountScanContext } from './org-account.js';

export { ORG_MODES, type OrgMode } from './org-mode.js';

/** BatchGetAccountStatus takes at most 100 account ids (Inspector API reference, accountIds). */
export const INSPECTOR_BATCH = 100;

export interface AdministratorReadOptions {
  gateway: Gateway;
  base: AwsSession;
  ctx: AccountScanContext;
  /** The services being scanned (every service when empty). */
  services: readonly ServiceId[];
  delegatedAdministrators: DelegatedAdministrators | undefined;
  /** The organization's active accounts (an administrator must be one of them). */
  activeAccounts: ReadonlySet<string>;
  /** Accounts the user excluded: never entered, not even as an administrator. */
  excluded: ReadonlySet<string>;
  /** The accounts to be scanned now: those asked about. */
  accountIds: readonly string[];
  /** The organization's management account (Macie: asked when there is no delegated administrator). */
  managementAccountId: string | null;
}

export interface AdministratorReadResult {
  /** Per service: the administrator read from, or why none was (bundle.organization.administratorReads). */
  reads: AdministratorReads;
  /** Each account's slice of the answers (only accounts with at least one answer). */
  slices: Map<string, AccountBulk>;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The one administrator the organization names for `principal`, or why there is none to read from. */
export function soleAdministrator(
  delegated: DelegatedAdministrators | undefined,
  principal: string,
  activeAccounts: ReadonlySet<string>,
  excluded: ReadonlySet<string>,
): { id: string } | { error: string } {
  const read = delegated?.[principal];
  if (!read) return { error: `the delegated administrators of ${principal} were not read` };
  if (!read.ok)
    return {
      error: `the delegated administrators of ${principal} could not be read (${read.error.code} on ${read.error.action})`,
    };
  const ids = read.value.accountIds;
  if (ids.length === 0) return { error: `the organization has no delegated administrator for ${principal}` };
  if (ids.length > 1)
    return { error: `the organization names ${ids.length} delegated administrators for ${principal}` };
  const id = ids[0]!;
  if (!ACCOUNT_ID.test(id))
    return { error: `the delegated administrator of ${principal} is not an account id` };
  if (!activeAccounts.has(id))
    return {
      error: `the delegated administrator of ${principal} (${id}) is not an active account of the organization`,
    };
  if (excluded.has(id)) return { error: `the delegated administrator of ${principal} (${id}) is excluded` };
  return { id };
}

/** Enters an administrator account: the caller's own session, or the role every member is entered through. */
async function enter(
  o: AdministratorReadOptions,
  accountId: string,
): Promise<{ ok: true; session: AwsSession } | { ok: false; error: string }> {
  if (accountId === o.ctx.caller.accountId) return { ok: true, session: o.base };
  const assumed = await assumeRole(o.base, {
    partition: o.ctx.caller.partition,
    accountId,
    roleName: o.ctx.roleName,
    sessionName: o.ctx.sessionName,
    ...(o.ctx.externalId ? { externalId: o.ctx.externalId } : {}),
  });
  if (!assumed.ok)
    return {
      ok: false,
      error: `administrator account ${accountId} could not be entered (${assumed.error.code} on ${assumed.error.action})`,
    };
  return { ok: true, session: o.gateway.sessionWith(assumed.provider) };
}

type InspectorValue =
  NonNullable<AccountBulk['inspector']>['regions'][string] extends AdministratorAnswer<infer T> ? T : never;
type GuardDutyValue =
  NonNullable<AccountBulk['guardduty']>['regions'][string] extends AdministratorAnswer<infer T> ? T : never;
type MacieValue =
  NonNullable<AccountBulk['macie']>['regions'][string] extends AdministratorAnswer<infer T> ? T : never;

/**
 * What an administrator's ListMembers says of one asked account: its administrator where the list shows
 * the relationship in force, otherwise why that cannot stand for the account's own GetAdministratorAccount
 * (the list could not be read, the account is the administrator, is not listed, is listed under another
 * administrator or with another relationship).
 */
function memberAnswer(
  id: string,
  administrator: string,
  failure: string | null,
  member: { relationshipStatus?: string; administratorId?: string } | undefined,
  inForce: (relationshipStatus: string) => boolean,
): AdministratorAnswer<{ accountId: string; relationshipStatus: string }> {
  if (failure) return { ok: false, reason: failure };
  if (id === administrator)
    return { ok: false, reason: 'the administrator account itself (not its own member)' };
  if (!member) return { ok: false, reason: `ListMembers of ${administrator} does not list the account` };
  if (member.administratorId && member.administratorId !== administrator)
    return { ok: false, reason: 'ListMembers names another administrator for the account' };
  const status = member.relationshipStatus;
  if (!status || !inForce(status))
    return {
      ok: false,
      reason: `ListMembers lists the account with relationship ${status ?? '(none)'}`.slice(0, 200),
    };
  return { ok: true, value: { accountId: administrator, relationshipStatus: status } };
}

/**
 * inspector2:BatchGetAccountStatus from the administrator, per region and batch of 100 accounts: each
 * account's answer, or why it cannot stand for the account's own read.
 */
export async function readInspectorFromAdministrator(
  session: AwsSession,
  regions: readonly string[],
  accountIds: readonly string[],
): Promise<Map<string, Record<string, AdministratorAnswer<InspectorValue>>>> {
  const byAccount = new Map<string, Record<string, AdministratorAnswer<InspectorValue>>>();
  const batches: string[][] = [];
  for (let i = 0; i < accountIds.length; i += INSPECTOR_BATCH)
    batches.push(accountIds.slice(i, i + INSPECTOR_BATCH));
  await Promise.all(
    regions.flatMap((region) =>
      batches.map(async (ids) => {
        const res = await session.call(INSPECTOR_OPS.batchGetAccountStatus, region, { accountIds: ids });
        for (const id of ids) {
          const answer: AdministratorAnswer<InspectorValue> = res.ok
            ? administratorAnswerFor(res.value, id)
            : { ok: false, reason: `${res.error.code} on ${res.error.action}` };
          const entry = byAccount.get(id) ?? {};
          entry[region] = answer;
          byAccount.set(id, entry);
        }
      }),
    ),
  );
  return byAccount;
}

/**
 * macie2:ListMembers (onlyAssociated=false, every page) from the administrator, per region: each asked
 * account's administrator as the list shows it, where the relationship is in force (Enabled, Paused);
 * otherwise why it cannot stand for the account's own GetAdministratorAccount.
 */
export async function readMacieFromAdministrator(
  session: AwsSession,
  administrator: string,
  regions: readonly string[],
  accountIds: readonly string[],
): Promise<Map<string, Record<string, AdministratorAnswer<MacieValue>>>> {
  const byAccount = new Map<string, Record<string, AdministratorAnswer<MacieValue>>>();
  await Promise.all(
    regions.map(async (region) => {
      const res = await session.paginate(
        MACIE_OPS.listMembers,
        region,
        { onlyAssociated: 'false', maxResults: 50 },
        { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.members },
      );
      const listed = new Map<string, { administratorAccountId?: string; relationshipStatus?: string }>();
      if (res.ok) for (const m of res.value) if (m.accountId) listed.set(m.accountId, m);
      const failure = res.ok ? null : `${res.error.code} on ${res.error.action}`;
      for (const id of accountIds) {
        const m = listed.get(id);
        const answer = memberAnswer(
          id,
          administrator,
          failure,
          m && { relationshipStatus: m.relationshipStatus, administratorId: m.administratorAccountId },
          (r) => MACIE_IN_FORCE.has(r.toLowerCase()),
        );
        const entry = byAccount.get(id) ?? {};
        entry[region] = answer;
        byAccount.set(id, entry);
      }
    }),
  );
  return byAccount;
}

/**
 * guardduty:ListMembers (OnlyAssociated, every page) of the administrator's detector (ListDetectors, the
 * first by id as the checks take it), per region: each asked account's administrator as the list shows
 * it, where the relationship is Enabled; otherwise why it cannot stand for the account's own
 * GetAdministratorAccount. A region without a detector in the administrator answers nothing.
 */
export async function readGuardDutyFromAdministrator(
  session: AwsSession,
  administrator: string,
  regions: readonly string[],
  accountIds: readonly string[],
): Promise<Map<string, Record<string, AdministratorAnswer<GuardDutyValue>>>> {
  const byAccount = new Map<string, Record<string, AdministratorAnswer<GuardDutyValue>>>();
  await Promise.all(
    regions.map(async (region) => {
      const listed = new Map<
        string,
        { RelationshipStatus?: string; AdministratorId?: string; MasterId?: string }
      >();
      let failure: string | null = null;
      const detectors = await session.paginate(
        GUARDDUTY_OPS.listDetectors,
        region,
        {},
        { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.DetectorIds },
      );
      const detector = detectors.ok ? [...detectors.value].sort()[0] : undefined;
      if (!detectors.ok) failure = `${detectors.error.code} on ${detectors.error.action}`;
      else if (detector === undefined)
        failure = `administrator account ${administrator} has no detector in ${region}`;
      else {
        const members = await session.paginate(
          GUARDDUTY_OPS.listGuardDutyMembers,
          region,
          { DetectorId: detector, OnlyAssociated: 'true', MaxResults: 50 },
          { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.Members },
        );
        if (!members.ok) failure = `${members.error.code} on ${members.error.action}`;
        else for (const m of members.value) if (m.AccountId) listed.set(m.AccountId, m);
      }
      for (const id of accountIds) {
        const m = listed.get(id);
        const answer = memberAnswer(
          id,
          administrator,
          failure,
          m && { relationshipStatus: m.RelationshipStatus, administratorId: m.AdministratorId ?? m.MasterId },
          (r) => r.toUpperCase() === 'ENABLED',
        );
        const entry = byAccount.get(id) ?? {};
        entry[region] = answer;
        byAccount.set(id, entry);
      }
    }),
  );
  return byAccount;
}

/**
 * The organization trails of the management account (its own DescribeTrails, without shadow trails, in
 * each region), each read once in its home region (readTrailState: status and event selectors): per trail
 * ARN, its state, or why it cannot stand for a member's own read (either read failed).
 */
export async function readOrganizationTrails(
  session: AwsSession,
  regions: readonly string[],
): Promise<NonNullable<AccountBulk['cloudtrail']>['trails']> {
  const found = new Map<string, string>();
  await Promise.all(
    regions.map(async (region) => {
      const res = await session.call(CLOUDTRAIL_OPS.describeTrails, region, { includeShadowTrails: false });
      if (!res.ok || !Array.isArray(res.value.trailList)) return;
      for (const t of res.value.trailList)
        if (t.IsOrganizationTrail === true && t.TrailARN && t.HomeRegion) found.set(t.TrailARN, t.HomeRegion);
    }),
  );
  const out: Record<string, AdministratorAnswer<Awaited<ReturnType<typeof readTrailState>>>> = {};
  await Promise.all(
    [...found].map(async ([arn, homeRegion]) => {
      const state = await readTrailState(session, { arn, homeRegion });
      const failed = [state.status, state.eventSelectors].find((r) => !r.ok);
      out[arn] =
        failed && !failed.ok
          ? { ok: false, reason: `${failed.error.code} on ${failed.error.action}` }
          : { ok: true, value: state };
    }),
  );
  return out;
}

type Entered = { ok: true; session: AwsSession; regions: string[] } | { ok: false; error: string };

/**
 * Reads from each service's administrator what it answers about the accounts to scan. A service whose
 * administrator is unknown, unreachable or fails leaves its accounts to their own reads (`reads` says why).
 */
export async function readFromAdministrators(o: AdministratorReadOptions): Promise<AdministratorReadResult> {
  const reads: AdministratorReads = {};
  const slices = new Map<string, AccountBulk>();
  const scanned = (id: ServiceId) => o.services.length === 0 || o.services.includes(id);
  // Each administrator is entered and its regions listed once, whatever number of services it serves.
  const entered = new Map<string, Promise<Entered>>();
  const enterOnce = (id: string): Promise<Entered> => {
    let p = entered.get(id);
    if (!p) {
      p = (async (): Promise<Entered> => {
        const e = await enter(o, id);
        if (!e.ok) return e;
        const sel = await listRegions(e.session, o.ctx.caller.partition, o.ctx.regions);
        if (!sel.listing.ok && sel.scanned.length === 0)
          return {
            ok: false,
            error: `the regions of administrator account ${id} could not be listed (${sel.listing.error.code} on ${sel.listing.error.action})`,
          };
        return { ok: true, session: e.session, regions: [...sel.scanned].sort() };
      })();
      entered.set(id, p);
    }
    return p;
  };
  type Regional = 'inspector' | 'guardduty' | 'macie';
  const give = <K extends Regional>(
    service: K,
    administrator: string,
    answers: Map<string, NonNullable<AccountBulk[K]>['regions']>,
  ) => {
    for (const [id, regions] of answers) {
      slices.set(id, { ...slices.get(id), [service]: { administrator, regions } });
    }
  };
  const serve = async <K extends Regional>(
    service: K,
    admin: { id: string } | { error: string },
    read: (
      session: AwsSession,
      administrator: string,
      regions: string[],
    ) => Promise<Map<string, NonNullable<AccountBulk[K]>['regions']>>,
  ) => {
    if ('error' in admin) {
      reads[service] = { administrator: null, regions: [], error: admin.error };
      return;
    }
    // A defect while reading (not an AWS answer: those are recorded) must not stop the scan: the
    // service's accounts then read their own, as without an administrator.
    try {
      const e = await enterOnce(admin.id);
      if (!e.ok) {
        reads[service] = { administrator: admin.id, regions: [], error: e.error };
        return;
      }
      const answers = await read(e.session, admin.id, e.regions);
      give(service, admin.id, answers);
      reads[service] = { administrator: admin.id, regions: e.regions };
    } catch {
      reads[service] = {
        administrator: admin.id,
        regions: [],
        error: `watchpost could not use the answers of administrator account ${admin.id}: nothing was concluded from them`,
      };
    }
  };
  if (o.accountIds.length === 0) return { reads, slices };
  const jobs: Promise<void>[] = [];
  if (scanned('inspector'))
    jobs.push(
      serve(
        'inspector',
        soleAdministrator(
          o.delegatedAdministrators,
          INSPECTOR_SERVICE_PRINCIPAL,
          o.activeAccounts,
          o.excluded,
        ),
        (session, _admin, regions) => readInspectorFromAdministrator(session, regions, o.accountIds),
      ),
    );
  if (scanned('macie')) {
    // Macie's administrator may also be one by invitation, often the management account: without a
    // delegated administrator, the management account running the scan is asked (its list shows whom
    // it manages; an account it does not list reads its own).
    let admin = soleAdministrator(
      o.delegatedAdministrators,
      MACIE_SERVICE_PRINCIPAL,
      o.activeAccounts,
      o.excluded,
    );
    if (
      'error' in admin &&
      /no delegated administrator/.test(admin.error) &&
      o.managementAccountId === o.ctx.caller.accountId
    )
      admin = { id: o.ctx.caller.accountId };
    jobs.push(
      serve('macie', admin, (session, id, regions) =>
        readMacieFromAdministrator(session, id, regions, o.accountIds),
      ),
    );
  }
  if (scanned('guardduty')) {
    // As Macie: without a delegated administrator, the management account running the scan is asked.
    let admin = soleAdministrator(
      o.delegatedAdministrators,
      GUARDDUTY_SERVICE_PRINCIPAL,
      o.activeAccounts,
      o.excluded,
    );
    if (
      'error' in admin &&
      /no delegated administrator/.test(admin.error) &&
      o.managementAccountId === o.ctx.caller.accountId
    )
      admin = { id: o.ctx.caller.accountId };
    jobs.push(
      serve('guardduty', admin, (session, id, regions) =>
        readGuardDutyFromAdministrator(session, id, regions, o.accountIds),
      ),
    );
  }
  if (scanned('cloudtrail')) {
    // Organization trails are the management account's: read once there, when the scan runs in it.
    const caller = o.ctx.caller.accountId;
    if (o.managementAccountId !== caller) {
      reads.cloudtrail = {
        administrator: null,
        regions: [],
        error: 'the scan does not run in the management account, which owns the organization trails',
      };
    } else {
      jobs.push(
        (async () => {
          try {
            const e = await enterOnce(caller);
            if (!e.ok) {
              reads.cloudtrail = { administrator: caller, regions: [], error: e.error };
              return;
            }
            const trails = await readOrganizationTrails(e.session, e.regions);
            const slice = { administrator: caller, trails };
            for (const id of o.accountIds)
              if (id !== caller) slices.set(id, { ...slices.get(id), cloudtrail: slice });
            reads.cloudtrail = { administrator: caller, regions: e.regions };
          } catch {
            reads.cloudtrail = {
              administrator: caller,
              regions: [],
              error: `watchpost could not use the answers of administrator account ${caller}: nothing was concluded from them`,
            };
          }
        })(),
      );
    }
  }
  await Promise.all(jobs);
  return { reads, slices };
}
