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
import type { AccountEvidence, CallStats } from '../evidence/schema.js';
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

type ToWorker = { t: 'scan'; account: OrgAccount } | { t: 'stop' } | { t: 'end' };
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
  signal?: AbortSignal;
  onAccount: (evidence: AccountEvidence) => void;
  onCalls?: (stats: CallStats) => void;
  debug?: (line: string) => void;
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

/** Scans the queue's accounts in worker threads; resolves with the workers' call statistics, summed. */
export async function scanAccountsInWorkers(o: WorkerPoolOptions): Promise<CallStats> {
  const n = Math.max(1, Math.min(o.workers, o.queue.length));
  const slots = Math.max(1, Math.ceil(o.accountConcurrency / n));
  const stats: (CallStats | undefined)[] = new Array(n);
  const workers: Worker[] = [];
  const stopAll = () => {
    for (const w of workers) w.postMessage({ t: 'stop' } satisfies ToWorker);
  };
  o.signal?.addEventListener('abort', stopAll, { once: true });
  try {
    await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const init: WorkerInit = {
          watchpost: ORG_WORKER_MARK,
          ctx: o.ctx,
          gateway: o.gateway,
          debug: !!o.debug,
        };
        const w = new Worker(o.script, { workerData: init });
        workers.push(w);
        if (o.signal?.aborted) w.postMessage({ t: 'stop' } satisfies ToWorker);
        return new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          let ended = false;
          const feed = () => {
            while (inFlight < slots && !o.signal?.aborted && o.queue.length > 0) {
              const account = o.queue.shift()!;
              inFlight++;
              w.postMessage({ t: 'scan', account } satisfies ToWorker);
            }
            if (inFlight === 0 && !ended) {
              ended = true;
              w.postMessage({ t: 'end' } satisfies ToWorker);
            }
          };
          w.on('message', (m: FromWorker) => {
            switch (m.t) {
              case 'ready':
                feed();
                break;
              case 'account':
                inFlight--;
                o.onAccount(m.evidence);
                feed();
                break;
              case 'dropped':
                inFlight--;
                feed();
                break;
              case 'calls':
                stats[i] = m.stats;
                o.onCalls?.(sumCalls(stats));
                if (m.final) void w.terminate();
                break;
              case 'debug':
                o.debug?.(m.line);
                break;
            }
          });
          w.on('error', reject);
          w.on('exit', () =>
            ended ? resolve() : reject(new Error('an organization scan worker stopped early')),
          );
        });
      }),
    );
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', stopAll);
  }
  return sumCalls(stats);
}

export function runOrgWorker(): void {
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
      void scanAccount(gateway, base, init.ctx, m.account).then((evidence) =>
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
