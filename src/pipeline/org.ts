/**
 * Organization scans: list the organization's active accounts, enter each through an assumed role, and
 * collect them with bounded concurrency, handing each finished account to a sink (streamed to disk).
 * An account that cannot be entered is recorded with its error; the others go on.
 */
import { type AwsSession, globalRegion } from '../aws/gateway.js';
import { compareResults, runChecks } from '../checks/run.js';
import { InputError } from '../evidence/bundle.js';
import { BundleWriter } from '../evidence/bundle-writer.js';
import type { CallStats } from '../evidence/observed.js';
import {
  type AccountEvidence,
  type Bundle,
  type Result,
  SCHEMA_VERSION,
  type ShardInfo,
} from '../evidence/schema.js';
import { collectDelegatedAdministrators } from '../services/organizations/collect.js';
import { OPS } from '../services/organizations/operations.js';
import type { AdministratorReads, DelegatedAdministrators } from '../services/organizations/schema.js';
import { delegatedAdministratorPrincipals, keepForFinding, SERVICES } from '../services/registry.js';
import { VERSION } from '../version.js';
import { collectGarbage } from './heap.js';
import { Interner } from './interner.js';
import { memoryMark } from './memory-debug.js';
import { type AccountScanContext, type OrgAccount, scanAccount } from './org-account.js';
import { readFromAdministrators } from './org-bulk.js';
import type { OrgMode } from './org-mode.js';
import { scanAccountsInWorkers, sumCalls } from './org-workers.js';
import { CredentialsError, openGateway, type ScanOptions, whoAmI } from './scan.js';
import { shardOfAccount } from './shard.js';

export interface OrgScanOptions extends ScanOptions {
  roleName: string;
  externalId?: string;
  /** Only these account ids (from --accounts / --accounts-from). */
  include?: string[];
  exclude?: string[];
  /** Accounts already complete in a bundle being resumed. */
  skip?: Set<string>;
  /**
   * The organization of a bundle being resumed: credentials that reach another organization stop the scan
   * (an `InputError`) before any account is entered, so two organizations never share one bundle.
   */
  organizationId?: string;
  /** Accounts scanned at once. */
  accountConcurrency?: number;
  /**
   * Worker threads for the accounts (org-workers.ts); 0 or absent: all in this thread. Needs
   * `workerScript`, the CLI entry that starts a worker.
   */
  workers?: number;
  workerScript?: string;
  /** Lines for the user about the scan itself (a worker that stopped unexpectedly). */
  onWarning?: (line: string) => void;
  signal?: AbortSignal;
  /** `--shard`: only the accounts of this shard (shard.ts), and the shard recorded in the bundle. */
  shard?: ShardInfo;
  /** Called once the selection is known: accounts to scan now (after --resume skips). */
  onSelected?: (toScan: number) => void;
  /**
   * Called with each account's whole evidence and its results as it is judged, before it is slimmed
   * (runOrganizationScan): what needs more than the slim copy is made here (the cost estimate).
   */
  onJudged?: (account: AccountEvidence, results: Result[]) => void;
  /**
   * `--org-mode`: `auto` (default) and `bulk` read members' state from the service's administrator
   * account where one is known and reachable (org-bulk.ts); `bulk` also says (onWarning) where none is;
   * `per-account`: every account reads its own.
   */
  orgMode?: OrgMode;
}

/** Attempts per call (SDK adaptive retries) in organization scans unless --max-attempts says otherwise. */
export const ORG_MAX_ATTEMPTS = 8;
/** Attempts per call when throttled in organization scans (bounded by the call deadline). */
export const ORG_THROTTLE_ATTEMPTS = 20;
/**
 * Calls in flight in organization scans unless --concurrency says otherwise. An organization is hundreds of
 * thousands of calls at ~50 ms each: 128 at a time cannot do 1,000 accounts × 17 regions (~284,000 calls)
 * in under 111 s, 256 can (bench/RESULTS.md: 143.7 → 120.2 s, 200 accounts 31.3 → 27.5 s, for ~4 % more
 * CPU). The calls are spread over the accounts in flight (8), their regions and APIs (AWS limits rates per
 * account, region and API), so each API of each account still sees a few at a time.
 */
export const ORG_CONCURRENCY = 256;
/** The main thread collects its garbage after this many accounts (heap.ts). */
const COLLECT_EVERY_ACCOUNTS = 100;

export type { OrgAccount };

export interface OrgScanSummary {
  partition: string;
  organizationId: string | null;
  managementAccountId: string | null;
  selected: OrgAccount[];
  /** Selected accounts not finished (interrupted). */
  pending: OrgAccount[];
  /** The organization's Inspector delegated administrators (absent when Inspector is not scanned). */
  delegatedAdministrators?: DelegatedAdministrators;
  /** `--org-mode bulk|auto`: what was read from which administrator (absent with per-account). */
  administratorReads?: AdministratorReads;
  calls: CallStats;
}

export async function listOrganizationAccounts(
  session: AwsSession,
  partition: string,
): Promise<{
  accounts: (OrgAccount & { status: string })[];
  organizationId: string | null;
  managementAccountId: string | null;
}> {
  const region = globalRegion(partition);
  const org = await session.call(OPS.describeOrganization, region, {});
  const listed = await session.paginate(
    OPS.listAccounts,
    region,
    {},
    {
      inputToken: 'NextToken',
      outputToken: (o) => o.NextToken,
      items: (o) => o.Accounts,
    },
  );
  if (!listed.ok) {
    throw new CredentialsError(
      `cannot list the organization's accounts (${listed.error.code} on ${listed.error.action}); run --org from the management account or a delegated administrator`,
    );
  }
  return {
    organizationId: org.ok ? (org.value.Organization?.Id ?? null) : null,
    managementAccountId: org.ok ? (org.value.Organization?.MasterAccountId ?? null) : null,
    accounts: listed.value
      .filter((a) => a.Id && /^\d{12}$/.test(a.Id))
      .map((a) => ({
        id: a.Id!,
        name: a.Name ?? null,
        // `State` replaces the deprecated `Status`; read both.
        status: String((a as { State?: string }).State ?? a.Status ?? 'UNKNOWN'),
      })),
  };
}

export async function scanOrganization(
  opts: OrgScanOptions,
  sink: (account: AccountEvidence) => void,
): Promise<OrgScanSummary> {
  // Many accounts at once meet more throttling than one account: more attempts by default, so that adaptive
  // retries (not an `unknown`) absorb it. --max-attempts still wins.
  const gateway = openGateway(opts, {
    maxAttempts: ORG_MAX_ATTEMPTS,
    throttleAttempts: ORG_THROTTLE_ATTEMPTS,
    maxConcurrency: ORG_CONCURRENCY,
  });
  const base = gateway.defaultSession();
  const me = await whoAmI(base, opts.profile);
  const org = await listOrganizationAccounts(base, me.partition);
  if (opts.organizationId && org.organizationId && org.organizationId !== opts.organizationId) {
    throw new InputError(
      `--resume: these credentials reach organization ${org.organizationId}, not ${opts.organizationId} of the scan being resumed`,
    );
  }
  const include = opts.include ? new Set(opts.include) : null;
  const exclude = new Set(opts.exclude ?? []);
  const selected = org.accounts
    .filter((a) => a.status === 'ACTIVE')
    .filter((a) => (include ? include.has(a.id) : true) && !exclude.has(a.id))
    .filter((a) => (opts.shard ? shardOfAccount(a.id, opts.shard.count) === opts.shard.index : true))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ id, name }) => ({ id, name }));
  const queue = selected.filter((a) => !opts.skip?.has(a.id));
  opts.onSelected?.(queue.length);
  // Organization-level evidence, read once and kept with every account (see services/organizations/collect.ts).
  const principals = delegatedAdministratorPrincipals(
    opts.services && opts.services.length > 0 ? opts.services : SERVICES,
  );
  const delegatedAdministrators =
    principals.length > 0 ? await collectDelegatedAdministrators(base, me.partition, principals) : undefined;
  const done = new Set<string>();
  const sessionName = `watchpost-${Date.now()}`;

  const ctx: AccountScanContext = {
    caller: me,
    roleName: opts.roleName,
    sessionName,
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
    ...(opts.regions ? { regions: opts.regions } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    ...(opts.usage === false ? { usage: false as const } : {}),
  };
  // Members' state read in bulk from the services' administrators (org-bulk.ts); each account gets its slice.
  const orgMode = opts.orgMode ?? 'auto';
  const fromAdmins =
    orgMode === 'per-account' || opts.signal?.aborted
      ? null
      : await readFromAdministrators({
          gateway,
          base,
          ctx,
          services: opts.services ?? [],
          delegatedAdministrators,
          activeAccounts: new Set(org.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id)),
          excluded: exclude,
          accountIds: queue.map((a) => a.id),
          managementAccountId: org.managementAccountId,
        });
  if (fromAdmins && orgMode === 'bulk') {
    for (const [service, read] of Object.entries(fromAdmins.reads)) {
      if (read.error)
        opts.onWarning?.(
          `--org-mode bulk: ${service} is read in each account (no administrator to read it from: ${read.error})`,
        );
    }
  }
  const bulkFor = (id: string) => fromAdmins?.slices.get(id);
  const take = (evidence: AccountEvidence) => {
    sink({ ...evidence, ...(delegatedAdministrators ? { delegatedAdministrators } : {}) });
    done.add(evidence.accountId);
    // A scanned account's slice is not asked for again (a worker that stops re-scans only accounts whose
    // evidence has not come back): 1,000 accounts' slices are ~10 MB held for the whole scan otherwise.
    fromAdmins?.slices.delete(evidence.accountId);
  };
  const accountConcurrency = opts.accountConcurrency ?? 8;
  const inThisThread = async () => {
    const worker = async () => {
      for (;;) {
        if (opts.signal?.aborted) return;
        const account = queue.shift();
        if (!account) return;
        const evidence = await scanAccount(gateway, base, ctx, account, bulkFor(account.id));
        if (evidence) take(evidence);
      }
    };
    const n = Math.max(1, Math.min(accountConcurrency, queue.length));
    await Promise.all(Array.from({ length: n }, worker));
  };
  let workerCalls: CallStats | undefined;
  if (opts.workers && opts.workerScript && queue.length > 1) {
    const {
      maxConcurrency,
      maxAttempts,
      throttleAttempts,
      connectTimeoutMs,
      requestTimeoutMs,
      callDeadlineMs,
    } = gateway.options;
    const workers = Math.min(opts.workers, queue.length);
    const pool = await scanAccountsInWorkers({
      workers,
      script: opts.workerScript,
      ctx,
      gateway: {
        ...(opts.profile ? { profile: opts.profile } : {}),
        // --concurrency bounds the whole scan: each worker gets its share.
        maxConcurrency: Math.max(1, Math.ceil(maxConcurrency / workers)),
        maxAttempts,
        throttleAttempts,
        connectTimeoutMs,
        requestTimeoutMs,
        callDeadlineMs,
      },
      accountConcurrency,
      queue,
      bulkFor,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onAccount: take,
      ...(opts.onCall
        ? { onCalls: (s: CallStats) => opts.onCall?.(sumCalls([gateway.callStats(), s])) }
        : {}),
      ...(opts.debug ? { debug: opts.debug } : {}),
      ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
    });
    workerCalls = pool.calls;
    if (pool.unavailable) await inThisThread();
  } else {
    await inThisThread();
  }
  return {
    partition: me.partition,
    organizationId: org.organizationId,
    managementAccountId: org.managementAccountId,
    selected,
    pending: selected.filter((a) => !done.has(a.id) && !opts.skip?.has(a.id)),
    ...(delegatedAdministrators ? { delegatedAdministrators } : {}),
    ...(fromAdmins ? { administratorReads: fromAdmins.reads } : {}),
    calls: sumCalls([gateway.callStats(), workerCalls]),
  };
}

/**
 * What the finding and the renderers read from an account, without the bulk of its evidence: what each
 * source and service keeps for the finding (`keepForFinding`: the names its sentences and labels read),
 * regions and the account's identity. The rest stays on disk only.
 */
export function slimAccount(a: AccountEvidence): AccountEvidence {
  return {
    accountId: a.accountId,
    ...(a.accountName !== undefined ? { accountName: a.accountName } : {}),
    partition: a.partition,
    callerArn: a.callerArn,
    regionListing: a.regionListing,
    scannedRegions: a.scannedRegions,
    unavailableRegions: a.unavailableRegions,
    accessError: a.accessError,
    ...keepForFinding(a),
  };
}

export interface OrgRunResult {
  /** The bundle as written to disk, except that its accounts are slimmed (see `slimAccount`). */
  bundle: Bundle;
  results: Result[];
  summary: OrgScanSummary;
  evidencePath: string;
}

/**
 * An organization scan streamed to `<outDir>/evidence.json`: each finished account is written at once and
 * judged on its own (checks only ever read one account), and only its slimmed form is kept in memory.
 * With `previous` (--resume), its accounts are carried over and only the others are scanned.
 */
export async function runOrganizationScan(
  opts: OrgScanOptions,
  outDir: string,
  previous?: Bundle,
  onAccount?: (account: AccountEvidence) => void,
): Promise<OrgRunResult> {
  const startedAt = previous?.startedAt ?? new Date().toISOString();
  const slim: AccountEvidence[] = [];
  const results: Result[] = [];
  // Kept to the end: their repeated texts and facts once (interner.ts; ~80 → ~30 MB of results at 1,000 accounts).
  const interner = new Interner();
  let writer: BundleWriter | null = null;
  const open = (partition: string): BundleWriter => {
    if (writer) return writer;
    writer = new BundleWriter(outDir, 'evidence.json', {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'watchpost', version: VERSION },
      startedAt,
      partition,
    });
    return writer;
  };
  const take = (account: AccountEvidence) => {
    open(account.partition).add(account);
    const judged = runChecks({ ...emptyBundle(startedAt, account.partition), accounts: [account] });
    opts.onJudged?.(account, judged);
    for (const r of judged) results.push(interner.result(r));
    slim.push(interner.account(slimAccount(account)));
    // What the accounts so far left behind, collected before it adds up (heap.ts).
    if (slim.length % COLLECT_EVERY_ACCOUNTS === 0) collectGarbage();
  };
  const kept = previous?.accounts ?? [];
  try {
    for (const account of kept) take(account);
    const organizationId = previous?.organization?.id;
    const summary = await scanOrganization(
      { ...opts, skip: new Set(kept.map((a) => a.accountId)), ...(organizationId ? { organizationId } : {}) },
      (a) => {
        take(a);
        onAccount?.(a);
      },
    );
    memoryMark(`scan: ${results.length} results of ${slim.length} accounts`);
    const w = open(summary.partition);
    const calls = sumCalls([previous?.calls, summary.calls]);
    const organization = {
      id: summary.organizationId,
      managementAccountId: summary.managementAccountId,
      pendingAccounts: summary.pending,
      ...(summary.delegatedAdministrators
        ? { delegatedAdministrators: summary.delegatedAdministrators }
        : {}),
      ...(summary.administratorReads && Object.keys(summary.administratorReads).length > 0
        ? { administratorReads: summary.administratorReads }
        : {}),
      ...(opts.shard ? { shard: opts.shard } : {}),
    };
    const finishedAt = new Date().toISOString();
    const complete = summary.pending.length === 0;
    const evidencePath = w.finish({ finishedAt, complete, calls, organization });
    slim.sort((a, b) => a.accountId.localeCompare(b.accountId));
    results.sort(compareResults);
    const bundle: Bundle = {
      ...emptyBundle(startedAt, summary.partition),
      finishedAt,
      complete,
      organization,
      accounts: slim,
      calls,
    };
    return { bundle, results, summary, evidencePath };
  } catch (err) {
    (writer as BundleWriter | null)?.abandon();
    throw err;
  }
}

function emptyBundle(startedAt: string, partition: string): Bundle {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'watchpost', version: VERSION },
    startedAt,
    finishedAt: null,
    complete: true,
    partition,
    accounts: [],
    calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
  };
}
