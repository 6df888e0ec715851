/**
 * One member account of an organization scan: enter it (assumed role, or the caller's own account) and
 * collect it. Used in the main thread and in scan workers alike (org-workers.ts).
 */
import { assumeRole } from '../aws/assume.js';
import type { AwsSession, Gateway } from '../aws/gateway.js';
import { collectAccount } from '../collect/account.js';
import type { AwsError, ErrorKind } from '../evidence/observed.js';
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

/** Failures of entering an account that may pass: the account is entered again after a pause. */
const PASSING: ReadonlySet<ErrorKind> = new Set(['throttled', 'timeout', 'network', 'server-error']);

/**
 * Pauses before entering an account again (ms). An AssumeRole still throttled after its retries, or cut
 * off by its deadline, would leave every check of the account unknown: in a throttled 1,000-account scan
 * one account was lost so (bench/RESULTS.md), while every other call of that scan got through. STS
 * throttles the one account that assumes every role, so its limiter needs time to recover, not a new try.
 */
export const ENTER_AGAIN_MS: readonly number[] = [10_000, 30_000, 60_000];

/**
 * `assume()` (the role assumption), repeated after each pause of `pauses` while it fails in a way that may
 * pass (throttling, a timeout, the network, a 5xx); any other failure (access denied, no such role) at once.
 */
export async function enterAccount<T extends { ok: true } | { ok: false; error: AwsError }>(
  gateway: Pick<Gateway, 'stopped' | 'pause'>,
  assume: () => Promise<T>,
  pauses: readonly number[] = ENTER_AGAIN_MS,
): Promise<T> {
  let entered = await assume();
  for (const ms of pauses) {
    if (entered.ok || !PASSING.has(entered.error.kind) || gateway.stopped) break;
    await gateway.pause(ms);
    if (gateway.stopped) break;
    entered = await assume();
  }
  return entered;
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
    const assumed = await enterAccount(gateway, () =>
      assumeRole(base, {
        partition,
        accountId: account.id,
        roleName: ctx.roleName,
        sessionName: ctx.sessionName,
        ...(ctx.externalId ? { externalId: ctx.externalId } : {}),
      }),
    );
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
