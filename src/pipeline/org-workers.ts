/**
 * Organization scans on several CPU cores. Building, signing and parsing AWS calls costs CPU (about 2 ms
 * per call in the SDK), so one thread tops out at a few hundred calls a second; an organization of 200
 * accounts × 17 regions is ~40,000 calls. The accounts are therefore spread over worker threads, each with
 * its own gateway (shared SDK clients, retries, call accounting) and its own resolution of the caller's
 * credentials through the standard chain: no credentials are passed between threads. The main thread lists
 * the organization, hands out accounts one at a time as workers free up, and receives each account's
 * evidence to judge and stream to disk.
 *
 * The worker side runs from the CLI's own entry script (dist/cli/bin.js) when it is started with
 * `workerData.watchpost === 'org-worker'` (checked in cli/bin.ts), so bundled and unbundled builds work
 * alike.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { Gateway, type GatewayOptions } from '../aws/gateway.js';
import type { CallStats } from '../evidence/observed.js';
import type { AccountEvidence } from '../evidence/schema.js';
import type { AccountBulk } from '../services/types.js';
import { type AccountScanContext, type OrgAccount, scanAccount } from './org-account.js';

export const ORG_WORKER_MARK = 'org-worker';

/** Gateway settings a worker can receive (no functions). */
export type WorkerGatewayOptions = Omit<GatewayOptions, 'debug' | 'onCall'>;

interface WorkerInit {
  watchpost: typeof ORG_WORKER_MARK;
  ctx: AccountScanContext;
  gateway: WorkerGatewayOptions;
  debug: boolean;
}

/** `bulk`: only this account's slice of the administrators' answers (org-bulk.ts), never all of them. */
type ToWorker = { t: 'scan'; account: OrgAccount; bulk?: AccountBulk } | { t: 'stop' } | { t: 'end' };
type FromWorker =
  | { t: 'ready' }
  | { t: 'account'; evidence: AccountEvidence }
  | { t: 'dropped'; id: string }
  | { t: 'calls'; stats: CallStats; final: boolean }
  | { t: 'debug'; line: string };

export interface WorkerPoolOptions {
  /** Worker threads to start (at least 1). */
  workers: number;
  /** The script a worker runs: the CLI entry (see the header). */
  script: string;
  ctx: AccountScanContext;
  gateway: WorkerGatewayOptions;
  /** Accounts in flight across all workers. */
  accountConcurrency: number;
  /** Accounts to scan; taken from the front as workers free up. */
  queue: OrgAccount[];
  /** Each account's slice of what administrator accounts answered (org-bulk.ts), sent with the account. */
  bulkFor?: (accountId: string) => AccountBulk | undefined;
  signal?: AbortSignal;
  onAccount: (evidence: AccountEvidence) => void;
  onCalls?: (stats: CallStats) => void;
  debug?: (line: string) => void;
  /** A line for the user (a worker that stopped unexpectedly). */
  onWarning?: (line: string) => void;
}

export function sumCalls(all: readonly (CallStats | undefined)[]): CallStats {
  const total: CallStats = { calls: 0, retries: 0, errors: 0, byOperation: {} };
  for (const s of all) {
    if (!s) continue;
    total.calls += s.calls;
    total.retries += s.retries;
    total.errors += s.errors;
    for (const [k, v] of Object.entries(s.byOperation))
      total.byOperation[k] = (total.byOperation[k] ?? 0) + v;
  }
  return total;
}

/**
 * V8 grows a heap lazily while garbage is cheap to leave, and each worker is a heap of its own: bounding
 * the old generation keeps a large scan's memory flat (200 accounts: 263 MB peak instead of 320–400) for a few
 * percent more CPU in garbage collection. A worker's live set is its SDK clients and the accounts in
 * flight, far below the bound.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128 };
/** Workers started again after one stopped unexpectedly (out of memory, a crash), per scan. */
const MAX_RESTARTS = 3;

/**
 * Scans the queue's accounts in worker threads; resolves with the workers' call statistics, summed.
 * A worker that stops unexpectedly is replaced (up to MAX_RESTARTS) and its accounts in flight are
 * scanned again, each alone on a worker; an account that stops a worker again is left unscanned, so the
 * bundle lists it as pending and `--resume` can finish it. `unavailable`: workers could not start; the
 * queue holds what is left to scan.
 */
export async function scanAccountsInWorkers(
  o: WorkerPoolOptions,
): Promise<{ calls: CallStats; unavailable: boolean }> {
  const n = Math.max(1, Math.min(o.workers, o.queue.length));
  const slots = Math.max(1, Math.ceil(o.accountConcurrency / n));
  const init: WorkerInit = { watchpost: ORG_WORKER_MARK, ctx: o.ctx, gateway: o.gateway, debug: !!o.debug };
  const stats = new Map<Worker, CallStats>();
  const live = new Set<Worker>();
  const retried = new Set<string>();
  let restarts = 0;
  // A worker that cannot even start (a broken install, a sandbox without threads): stop starting them;
  // the caller scans what is left in its own thread.
  let unavailable = false;
  const stopAll = () => {
    for (const w of live) w.postMessage({ t: 'stop' } satisfies ToWorker);
  };
  o.signal?.addEventListener('abort', stopAll, { once: true });
  try {
    await new Promise<void>((resolve) => {
      const start = () => {
        const w = new Worker(o.script, { workerData: init, resourceLimits: WORKER_LIMITS });
        live.add(w);
        if (o.signal?.aborted) w.postMessage({ t: 'stop' } satisfies ToWorker);
        const assigned = new Map<string, OrgAccount>();
        let ended = false;
        let failure = '';
        let ready = false;
        // An account back from a stopped worker is scanned alone, so that a second stop names it.
        const feed = () => {
          while (assigned.size < slots && !o.signal?.aborted && o.queue.length > 0) {
            const solo = retried.has(o.queue[0]!.id);
            if (solo && assigned.size > 0) break;
            const account = o.queue.shift()!;
            assigned.set(account.id, account);
            const bulk = o.bulkFor?.(account.id);
            w.postMessage({ t: 'scan', account, ...(bulk ? { bulk } : {}) } satisfies ToWorker);
            if (solo) break;
          }
          if (assigned.size === 0 && !ended) {
            ended = true;
            w.postMessage({ t: 'end' } satisfies ToWorker);
          }
        };
        w.on('message', (m: FromWorker) => {
          switch (m.t) {
            case 'ready':
              ready = true;
              feed();
              break;
            case 'account':
              assigned.delete(m.evidence.accountId);
              o.onAccount(m.evidence);
              feed();
              break;
            case 'dropped':
              assigned.delete(m.id);
              feed();
              break;
            case 'calls':
              stats.set(w, m.stats);
              o.onCalls?.(sumCalls([...stats.values()]));
              if (m.final) void w.terminate();
              break;
            case 'debug':
              o.debug?.(m.line);
              break;
          }
        });
        w.on('error', (err: Error & { code?: string }) => {
          failure = err.code ?? err.message;
        });
        w.on('exit', (code) => {
          live.delete(w);
          if (!ended && !ready) {
            if (!unavailable) {
              unavailable = true;
              o.onWarning?.(
                `scan worker threads could not start (${failure || `exit code ${code}`}); scanning in one thread`,
              );
            }
          } else if (!ended) {
            // Alone on the worker and it stopped again: that account is the cause; leave it for --resume.
            const culprit = assigned.size === 1 && retried.has([...assigned.keys()][0]!);
            const again = culprit ? [] : [...assigned.values()];
            for (const a of again) retried.add(a.id);
            o.queue.unshift(...again);
            const restart = restarts < MAX_RESTARTS && o.queue.length > 0 && !o.signal?.aborted;
            o.onWarning?.(
              culprit
                ? `a scan worker stopped unexpectedly (${failure || `exit code ${code}`}) again while scanning account ${[...assigned.keys()][0]} alone: it is left for --resume`
                : `a scan worker stopped unexpectedly (${failure || `exit code ${code}`}) with ${assigned.size} account${assigned.size === 1 ? '' : 's'} in flight: ${restart ? 'they are scanned again, one at a time' : `they go back to the queue, but no new worker is started (${MAX_RESTARTS} already were); what no worker takes is left for --resume`}`,
            );
            if (restart) {
              restarts++;
              start();
            }
          }
          if (live.size === 0) resolve();
        });
      };
      for (let i = 0; i < n; i++) start();
    });
  } finally {
    o.signal?.removeEventListener('abort', stopAll);
  }
  return { calls: sumCalls([...stats.values()]), unavailable };
}

export function runOrgWorker(): void {
  // Test hook (docs/testing.md): a worker that cannot start.
  if (process.env.WATCHPOST_TEST_WORKER_CRASH === 'start') process.exit(70);
  const init = workerData as WorkerInit;
  const port = parentPort!;
  const send = (m: FromWorker) => port.postMessage(m);
  let lastStats = 0;
  const gateway = new Gateway({
    ...init.gateway,
    ...(init.debug ? { debug: (line: string) => send({ t: 'debug', line }) } : {}),
    // Progress: a few updates a second are enough.
    onCall: (s) => {
      const now = Date.now();
      if (now - lastStats < 250) return;
      lastStats = now;
      send({ t: 'calls', stats: s, final: false });
    },
  });
  const base = gateway.defaultSession();
  port.on('message', (m: ToWorker) => {
    if (m.t === 'scan') {
      // Test hook (docs/testing.md): a worker dies while scanning this account, as on running out of memory.
      if (process.env.WATCHPOST_TEST_WORKER_CRASH === m.account.id) process.exit(70);
      void scanAccount(gateway, base, init.ctx, m.account, m.bulk).then((evidence) =>
        send(evidence ? { t: 'account', evidence } : { t: 'dropped', id: m.account.id }),
      );
    } else if (m.t === 'stop') {
      gateway.stop();
    } else {
      send({ t: 'calls', stats: gateway.callStats(), final: true });
    }
  });
  send({ t: 'ready' });
}
