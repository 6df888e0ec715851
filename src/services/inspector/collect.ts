/**
 * Amazon Inspector (v2): BatchGetAccountStatus for the audited account, per region.
 *
 * Who manages Inspector for a member (organization scans only). No Inspector read tells a member account
 * who its delegated administrator is: BatchGetAccountStatus has no such field; GetMember and ListMembers
 * answer only to the delegated administrator; GetDelegatedAdminAccount is documented as "information about
 * the Amazon Inspector delegated administrator for your organization", with no statement that a member
 * may call it. So watchpost reads the organization's view instead, once per organization scan, with the
 * credentials that list the organization's accounts (management account or Organizations delegated
 * administrator): organizations:ListDelegatedAdministrators for `inspector2.amazonaws.com` (the organizations
 * collector reads it for the principal this service declares; see index.ts). An organization
 * has at most one Inspector delegated administrator, the same account in every Region where one is
 * designated (Inspector user guide, "Designating a delegated administrator"), so one global read names it.
 * It is granted by SecurityAudit and ViewOnlyAccess (`organizations:List*`); GetDelegatedAdminAccount is
 * granted by neither, and moto 5.2.1 does not implement it. What it proves: who the organization's
 * Inspector administrator is; not that a given member, in a given region, is associated with it. The check
 * words it that way. It is evidence only: a failed read never changes a verdict.
 */
import type { BatchGetAccountStatusCommandOutput } from '@aws-sdk/client-inspector2';
import type { AwsSession } from '../../aws/gateway.js';
import type { AwsError, ErrorKind, Observed, ReadVia } from '../../evidence/observed.js';
import { fromAdministrator, unparseable } from '../collect-util.js';
import type { AccountBulk, AdministratorAnswer, Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { InspectorEvidence } from './schema.js';

export type InspectorRegion = InspectorEvidence[string] extends Observed<infer T> ? T : never;

/** failedAccounts[].errorCode → our error kind. */
export function failedAccountKind(code: string): ErrorKind {
  if (code === 'ACCESS_DENIED') return 'access-denied';
  if (code === 'INTERNAL_ERROR') return 'server-error';
  if (code.endsWith('THROTTLED')) return 'throttled';
  if (code === 'RESOURCE_NOT_FOUND') return 'not-found';
  return 'other';
}

export function interpretAccountStatus(
  o: Pick<BatchGetAccountStatusCommandOutput, 'accounts' | 'failedAccounts'>,
  accountId: string,
): Observed<InspectorRegion> {
  const action = OPS.batchGetAccountStatus.iamAction;
  // The gateway has checked the answer's shape (./operations.ts); an answer built elsewhere is checked here.
  if (!Array.isArray(o.accounts)) {
    return { ok: false, error: unparseable(action, 'BatchGetAccountStatus answered without accounts') };
  }
  const acct = o.accounts.find((a) => a.accountId === accountId);
  if (acct) {
    const status = acct.state?.status;
    if (!status)
      return { ok: false, error: unparseable(action, 'BatchGetAccountStatus answered without state.status') };
    const rs = acct.resourceState;
    return {
      ok: true,
      value: {
        status,
        scanTypes: {
          ec2: rs?.ec2?.status ?? null,
          ecr: rs?.ecr?.status ?? null,
          lambda: rs?.lambda?.status ?? null,
          lambdaCode: rs?.lambdaCode?.status ?? null,
          codeRepository: rs?.codeRepository?.status ?? null,
        },
      },
    };
  }
  const failed = (o.failedAccounts ?? []).find((a) => a.accountId === accountId);
  if (failed) {
    const code = failed.errorCode ?? 'UnknownError';
    const error: AwsError = {
      kind: failedAccountKind(code),
      code,
      message: failed.errorMessage ?? `BatchGetAccountStatus listed the account as failed (${code})`,
      action,
      httpStatus: null,
    };
    return { ok: false, error };
  }
  return {
    ok: false,
    error: unparseable(action, `BatchGetAccountStatus did not mention account ${accountId}`),
  };
}
/**
 * The account's status as its Inspector delegated administrator answered it (organization scans,
 * `--org-mode bulk|auto`: src/pipeline/org-bulk.ts), when that answer stands for the account's own read:
 * BatchGetAccountStatus is the same operation with the same answer shape, asked by the administrator for
 * many accounts at once ("the Amazon Inspector status of multiple Amazon Web Services accounts within your
 * environment", Inspector API reference). An account the administrator's answer did not list, listed in
 * `failedAccounts`, or an answer that could not be read proves nothing about the account: it reads its own
 * status (`via.fallback` says why), never "not enabled".
 */
export function statusFromAdministrator(
  bulk: AccountBulk['inspector'],
  region: string,
): { status: Observed<InspectorRegion> | null; via: ReadVia | null } {
  const { value, via } = fromAdministrator(bulk, region);
  return {
    status: value ? { ok: true, value: { ...value, scanTypes: { ...value.scanTypes } } } : null,
    via,
  };
}

/**
 * What the administrator's BatchGetAccountStatus answer says of one account: its status, or why it does
 * not stand for the account's own read (listed in failedAccounts, not listed, an unreadable entry).
 */
export function administratorAnswerFor(
  o: Pick<BatchGetAccountStatusCommandOutput, 'accounts' | 'failedAccounts'>,
  accountId: string,
): AdministratorAnswer<Pick<InspectorRegion, 'status' | 'scanTypes'>> {
  const read = interpretAccountStatus(o, accountId);
  if (read.ok) return { ok: true, value: { status: read.value.status, scanTypes: read.value.scanTypes } };
  return { ok: false, reason: `${read.error.code}: ${read.error.message}`.slice(0, 300) };
}

export async function collectInspectorRegion(
  session: AwsSession,
  accountId: string,
  region: string,
  bulk?: AccountBulk['inspector'],
): Promise<Observed<InspectorRegion>> {
  const fromAdmin = statusFromAdministrator(bulk, region);
  let own: Observed<InspectorRegion>;
  if (fromAdmin.status) own = fromAdmin.status;
  else {
    const res = await session.call(OPS.batchGetAccountStatus, region, { accountIds: [accountId] });
    own = res.ok ? interpretAccountStatus(res.value, accountId) : res;
  }
  const status: Observed<InspectorRegion> =
    own.ok && fromAdmin.via ? { ok: true, value: { ...own.value, via: fromAdmin.via } } : own;
  // Depth only where Inspector is on: which of the account's resources it is not scanning, and how it
  // scans EC2 instances (evidence only).
  if (!status.ok || !['ENABLED', 'ENABLING'].includes(status.value.status.toUpperCase())) return status;
  const [coverage, config] = await Promise.all([
    collectCoverage(session, accountId, region),
    session.call(OPS.getInspectorConfiguration, region, {}),
  ]);
  const ec2ScanMode: InspectorRegion['ec2ScanMode'] = config.ok
    ? { ok: true, value: { scanMode: config.value.ec2Configuration?.scanModeState?.scanMode ?? null } }
    : config;
  return { ok: true, value: { ...status.value, coverage, ec2ScanMode } };
}

/** ListCoverage of the account's resources whose scan status is INACTIVE (every page). */
export async function collectCoverage(
  session: AwsSession,
  accountId: string,
  region: string,
): Promise<NonNullable<InspectorRegion['coverage']>> {
  const res = await session.paginate(
    OPS.listCoverage,
    region,
    {
      maxResults: 200,
      filterCriteria: {
        accountId: [{ comparison: 'EQUALS', value: accountId }],
        scanStatusCode: [{ comparison: 'EQUALS', value: 'INACTIVE' }],
      },
    },
    { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.coveredResources },
  );
  if (!res.ok) return res;
  return {
    ok: true,
    value: {
      inactive: res.value.flatMap((r) =>
        r.resourceType && r.resourceId && r.accountId === accountId
          ? [
              {
                resourceType: r.resourceType,
                resourceId: r.resourceId,
                scanType: r.scanType ?? '',
                statusCode: r.scanStatus?.statusCode ?? null,
                reason: r.scanStatus?.reason ?? null,
              },
            ]
          : [],
      ),
    },
  };
}

const PART: CollectorPart = {
  name: 'inspector',
  operations: [OPS.batchGetAccountStatus, OPS.listCoverage, OPS.getInspectorConfiguration],
};

export const collect: Collector<InspectorEvidence> = (kit) =>
  kit.regional(PART, (region) =>
    collectInspectorRegion(kit.session, kit.accountId, region, kit.bulk?.inspector),
  );
