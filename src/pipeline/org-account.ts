/**
 * One member account of an organization scan: enter it (assumed role, or the caller's own account) and
 * collect it. Used in the main thread and in scan workers alike (org-workers.ts).
 */
import { assumeRole } from '../aws/assume.js';
import type { AwsSession, Gateway } from '../aws/gateway.js';
import { collectAccount } from '../collect/account.js';
import type { AwsError } from '../evidence/observed.js';
import type { AccountEvidence } from '../evidence/schema.js';
import type { ServiceId } from '../services/registry.js';
import type { AccountBulk } from '../services/types.js';

export interface OrgAccount {
  id: string;
  name: string | null;
}

/** What every account of one organization scan shares. Plain data: it is sent to worker threads. */
export interface AccountScanContext {
  caller: { accountId: string; arn: string; partition: string };
  roleName: string;
  externalId?: string;
  /** RoleSessionName of every assumed role (CloudTrail in the member accounts shows it). */
  sessionName: string;
  regions?: string[];
  services?: ServiceId[];
  /** False: no usage reads for the cost estimate (`--no-costs`). */
  usage?: false;
}

export function unreachableAccount(account: OrgAccount, partition: string, error: AwsError): AccountEvidence {
  return {
    accountId: account.id,
    accountName: account.name,
    partition,
    callerArn: '',
    regionListing: { ok: false, error },
    scannedRegions: [],
    unavailableRegions: [],
    accessError: error,
  };
}

/**
 * The account's evidence; an account whose role cannot be assumed is evidence too (its error). Null when
 * the scan was stopped meanwhile: an interrupted account is not kept, --resume scans it again.
 */
export async function scanAccount(
  gateway: Gateway,
  base: AwsSession,
  ctx: AccountScanContext,
  account: OrgAccount,
  /** What administrator accounts answered about this account (org-bulk.ts), when they were read. */
  bulk?: AccountBulk,
): Promise<AccountEvidence | null> {
  const { partition } = ctx.caller;
  let session = base;
  let callerArn = ctx.caller.arn;
  if (account.id !== ctx.caller.accountId) {
    const assumed = await assumeRole(base, {
      partition,
      accountId: account.id,
      roleName: ctx.roleName,
      sessionName: ctx.sessionName,
      ...(ctx.externalId ? { externalId: ctx.externalId } : {}),
    });
    if (!assumed.ok) return gateway.stopped ? null : unreachableAccount(account, partition, assumed.error);
    session = gateway.sessionWith(assumed.provider);
    callerArn = `arn:${partition}:sts::${account.id}:assumed-role/${ctx.roleName}/${ctx.sessionName}`;
  }
  const evidence = await collectAccount(session, {
    accountId: account.id,
    partition,
    callerArn,
    ...(ctx.regions ? { requestedRegions: ctx.regions } : {}),
    ...(ctx.services ? { services: ctx.services } : {}),
    ...(bulk ? { bulk } : {}),
    ...(ctx.usage === false ? { usage: false } : {}),
  });
  if (gateway.stopped) return null;
  return { ...evidence, accountName: account.name };
}
