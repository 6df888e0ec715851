/**
 * Record/replay front for `npm run bench`: measures watchpost's own speed without the emulator in the loop.
 *
 * In `record` mode every request is forwarded upstream (the organization front → test emulator → moto) and
 * its answer kept in memory under a key: (account, region, service, operation, normalised request). In
 * `replay` mode answers come from memory after the injected latency; optionally every Nth request answers
 * the protocol's throttling error instead. A replay miss is forwarded (and recorded) for recorded accounts
 * and counted; the bench prints the count so a run with misses is visible.
 *
 * The account of a request comes from its SigV4 credential: the base access key is the management account,
 * and each AssumeRole answer maps its AccessKeyId to the account in its assumed-role ARN.
 *
 * Clones: an organization of 200 accounts recorded call by call through moto would take many minutes, so the
 * bench records a few member accounts ("templates") and lets the others replay a template's answers. A clone's
 * requests are looked up with its id replaced by its template's, and the answers carry the clone's id in place
 * of the template's (ARNs, owner ids); its AssumeRole answer gets a distinct access key so later requests are
 * attributed to the clone. Clones therefore have the templates' states, cycled.
 *
 * Administrators' bulk reads (`--org-mode bulk|auto`, src/pipeline/org-bulk.ts) name clones too: an
 * administrator asks inspector2 BatchGetAccountStatus about up to 100 accounts at once, and GuardDuty's and
 * Macie's ListMembers list every member of the organization, page by page. The record pass saw only the
 * templates, so in replay mode these requests of a recorded account are answered from its recorded answers:
 * BatchGetAccountStatus answers each asked id with the recorded entry (in `accounts` or `failedAccounts`) of
 * the id's template, under the id asked; ListMembers lists the recorded members (one recorded page) and each
 * clone of a listed template with its template's entry, sorted by account id, in pages of the request's
 * maxResults (at most 50, AWS's maximum for both) with an opaque next token. Nothing else changes: in
 * per-account mode members never make these requests, and the replay answers as before.
 *
 * Volatile request fields (RoleSessionName, which carries a timestamp) are dropped from the key.
 */
import type { IncomingMessage } from 'node:http';
import { type Buffered, forwardBuffered, serveBuffered } from '../test/support/forward.js';
import { faultShape, type RequestInfo } from '../test/support/proxy.js';
import { errorBody, protocolOf } from './org-fixture.js';

/** How long the credentials of a replayed AssumeRole last (learnAssumeRole). */
const ROLE_SECONDS = Number(process.env.BENCH_ROLE_SECONDS ?? 3600);

export interface ReplayOptions {
  mode?: 'record' | 'replay';
  latencyMs?: number;
  /** Every Nth request answers a throttling error (replay mode; 0: never). */
  throttleEvery?: number;
  /** Clone account id → template account id (a recorded account). */
  clones?: Map<string, string>;
}

export interface ReplayStats {
  recorded: number;
  hits: number;
  misses: number;
  /** Misses of clone accounts, answered 500 (nothing upstream knows the clone's credentials). */
  cloneMisses: number;
  throttled: number;
  requests: number;
  /** Administrators' bulk requests answered from their recorded answers for the templates (replay mode). */
  synthesized: number;
  /**
   * Milliseconds from the first request since the last reset to the last synthesized answer: in a bulk
   * scan, about when the administrators' reads ended (members are scanned after them).
   */
  lastSynthesizedMs: number;
}

export interface ReplayFront {
  endpoint: string;
  configure(options: ReplayOptions): void;
  /** Counters since the last reset. */
  stats(): ReplayStats;
  resetStats(): void;
  /** A few keys that missed (to diagnose normalisation). */
  missedKeys(): string[];
  stop(): Promise<void>;
}

type Answer = Buffered;

const VOLATILE_FORM = new Set(['RoleSessionName']);
const ACCOUNT_ID = /\b\d{12}\b/g;

function sortedQuery(params: URLSearchParams, drop: Set<string> = new Set()): string {
  return [...params.entries()]
    .filter(([k]) => !drop.has(k))
    .sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Starts the front on 127.0.0.1 in front of `upstream` (an http:// endpoint); `baseAccount` owns `baseKey`. */
export async function startReplayFront(
  upstream: string,
  baseKey: string,
  baseAccount: string,
  initial: ReplayOptions = {},
): Promise<ReplayFront> {
  const up = new URL(upstream);
  let opts: Required<ReplayOptions> = {
    mode: 'record',
    latencyMs: 0,
    throttleEvery: 0,
    clones: new Map(),
    ...initial,
  };
  const store = new Map<string, Answer>();
  const keyToAccount = new Map<string, string>([[baseKey, baseAccount]]);
  const stats: ReplayStats = {
    recorded: 0,
    hits: 0,
    misses: 0,
    cloneMisses: 0,
    throttled: 0,
    requests: 0,
    synthesized: 0,
    lastSynthesizedMs: 0,
  };
  let firstRequestAt = 0;
  const missed: string[] = [];

  // Recorded answers drop `date`: a replayed answer must not carry the recording's time.
  const forward = (req: IncomingMessage, body: Buffer): Promise<Answer> =>
    forwardBuffered(up, { method: req.method, path: req.url, headers: req.headers }, body, {
      dropFromAnswer: new Set(['date']),
    });

  /**
   * Learns (and for clones rewrites) the access key an AssumeRole answer hands out. Its Expiration is made
   * an hour from now, as STS sets it for the hour asked (BENCH_ROLE_SECONDS: sooner, so that a replay renews
   * the members' credentials while their calls are in flight): the recorded one would expire an hour after
   * the recording, and a long replay would then renew every account's credentials for each request.
   */
  const learnAssumeRole = (answer: Answer, clone: string | null): Answer => {
    let xml = answer.body
      .toString('utf8')
      .replace(
        /<Expiration>[^<]*<\/Expiration>/,
        `<Expiration>${new Date(Date.now() + ROLE_SECONDS * 1000).toISOString()}</Expiration>`,
      );
    answer = { ...answer, body: Buffer.from(xml) };
    const acct = /<Arn>arn:[^:]+:sts::(\d{12}):assumed-role/.exec(xml)?.[1];
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
    if (!acct || !key) return answer;
    if (clone) {
      const synthetic = `ASIAR${clone}XXX`;
      xml = xml.replace(`<AccessKeyId>${key}</AccessKeyId>`, `<AccessKeyId>${synthetic}</AccessKeyId>`);
      keyToAccount.set(synthetic, clone);
      return { ...answer, body: Buffer.from(xml) };
    }
    keyToAccount.set(key, acct);
    return answer;
  };

  // ------------------------------------------------------------ administrators' bulk requests (replay)
  /** Template → its clones, built on first use (the clone map does not change between replays). */
  let clonesOf: Map<string, string[]> | null = null;
  let clonesOfFrom: Map<string, string> | null = null;
  const clonesOfTemplate = (template: string): string[] => {
    if (!clonesOf || clonesOfFrom !== opts.clones) {
      clonesOf = new Map();
      clonesOfFrom = opts.clones;
      for (const [clone, t] of opts.clones) clonesOf.set(t, [...(clonesOf.get(t) ?? []), clone]);
    }
    return clonesOf.get(template) ?? [];
  };
  const swap = (value: unknown, template: string, clone: string): unknown =>
    JSON.parse(JSON.stringify(value).split(template).join(clone));
  const jsonAnswer = (recorded: Answer, value: unknown): Answer => ({
    status: 200,
    headers: recorded.headers,
    body: Buffer.from(JSON.stringify(value)),
  });

  type Entry = { accountId?: string };
  /** Per (administrator, region): each account's entry in the administrator's recorded answers. */
  const statusIndex = new Map<
    string,
    { recorded: Answer; accounts: Map<string, Entry>; failed: Map<string, Entry> }
  >();
  const inspectorIndex = (account: string, region: string) => {
    const at = `${account} ${region}`;
    let index = statusIndex.get(at);
    if (!index) {
      // rest-json: the operation is named by its method and path (as `handle` keys it).
      const prefix = `${account} ${region} inspector2 POST /status/batch/get `;
      let recorded: Answer | undefined;
      const accounts = new Map<string, Entry>();
      const failed = new Map<string, Entry>();
      for (const [k, a] of store) {
        if (!k.startsWith(prefix) || a.status !== 200) continue;
        recorded ??= a;
        const v = JSON.parse(a.body.toString('utf8')) as { accounts?: Entry[]; failedAccounts?: Entry[] };
        for (const e of v.accounts ?? []) if (e.accountId) accounts.set(e.accountId, e);
        for (const e of v.failedAccounts ?? []) if (e.accountId) failed.set(e.accountId, e);
      }
      if (!recorded) return null;
      index = { recorded, accounts, failed };
      statusIndex.set(at, index);
    }
    return index;
  };

  /** Next tokens handed out by synthesized ListMembers pages: opaque, as AWS's are. */
  const TOKEN_PREFIX = 'replay-';
  const pageToken = (offset: number): string =>
    TOKEN_PREFIX + Buffer.from(JSON.stringify({ offset, pad: 'x'.repeat(64) })).toString('base64url');
  const tokenOffset = (token: string): number | null => {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    try {
      const v = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8')) as {
        offset?: unknown;
      };
      return typeof v.offset === 'number' ? v.offset : null;
    } catch {
      return null;
    }
  };

  /**
   * An administrator's bulk request that names (or lists) clones, answered from its recorded answers;
   * null for any other request (answered as before).
   */
  const administratorBulk = (
    account: string,
    region: string,
    service: string,
    method: string,
    url: URL,
    text: string,
    key: string,
  ): { ok: true; answer: Answer } | { ok: false; why: string } | null => {
    if (service === 'inspector2' && method === 'POST' && url.pathname === '/status/batch/get') {
      const ids = (JSON.parse(text || '{}') as { accountIds?: string[] }).accountIds ?? [];
      if (!ids.some((id) => opts.clones.has(id))) return null;
      const index = inspectorIndex(account, region);
      if (!index) return { ok: false, why: 'no recorded BatchGetAccountStatus of this account' };
      const accounts: unknown[] = [];
      const failedAccounts: unknown[] = [];
      for (const id of ids) {
        const template = opts.clones.get(id) ?? id;
        const ok = index.accounts.get(template);
        const failed = index.failed.get(template);
        if (!ok && !failed) return { ok: false, why: `no recorded entry for ${template}` };
        const entry = id === template ? (ok ?? failed) : swap(ok ?? failed, template, id);
        (ok ? accounts : failedAccounts).push(entry);
      }
      return { ok: true, answer: jsonAnswer(index.recorded, { accounts, failedAccounts }) };
    }
    const guardduty = service === 'guardduty' && /^\/detector\/[^/]+\/member$/.test(url.pathname);
    const macie = service === 'macie2' && url.pathname === '/members';
    if (method !== 'GET' || !(guardduty || macie)) return null;
    // Both name them so on the wire (query string), whatever their SDK members are called.
    const tokenName = 'nextToken';
    const sizeName = 'maxResults';
    const token = url.searchParams.get(tokenName);
    let offset = 0;
    if (token !== null) {
      const o = tokenOffset(token);
      if (o === null) return { ok: false, why: 'a next token the replay did not hand out' };
      offset = o;
    }
    // The recorded first page: the same request without a token.
    const first = new URLSearchParams(url.searchParams);
    first.delete(tokenName);
    const firstKey = key.replace(`?${sortedQuery(url.searchParams)}`, `?${sortedQuery(first)}`);
    const recorded = store.get(firstKey);
    if (!recorded) return { ok: false, why: 'no recorded first page' };
    if (recorded.status !== 200) return token === null ? { ok: true, answer: recorded } : null;
    const v = JSON.parse(recorded.body.toString('utf8')) as {
      members?: Entry[];
      nextToken?: string;
      NextToken?: string;
    };
    if (v.nextToken || v.NextToken) return { ok: false, why: 'the recorded list has more than one page' };
    const all: Entry[] = [];
    for (const m of v.members ?? []) {
      all.push(m);
      if (m.accountId)
        for (const c of clonesOfTemplate(m.accountId)) all.push(swap(m, m.accountId, c) as Entry);
    }
    all.sort((a, b) => (a.accountId ?? '').localeCompare(b.accountId ?? ''));
    const size = Math.min(50, Math.max(1, Number(url.searchParams.get(sizeName) ?? 50) || 50));
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? pageToken(offset + size) : undefined;
    const { nextToken: _n, NextToken: _N, ...rest } = v;
    return {
      ok: true,
      answer: jsonAnswer(recorded, { ...rest, members: page, ...(next ? { nextToken: next } : {}) }),
    };
  };

  const handle = async (req: IncomingMessage): Promise<Answer> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (path.startsWith('/__emulator/')) return forward(req, body);
    if (stats.requests === 0) firstRequestAt = performance.now();
    stats.requests++;

    const url = new URL(path, 'http://localhost');
    const auth = String(req.headers.authorization ?? '');
    const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    const accessKey = m?.[1] ?? '';
    const region = m?.[2] ?? 'us-east-1';
    const service = m?.[3] ?? 'unknown';
    const account = keyToAccount.get(accessKey) ?? baseAccount;
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : null;
    const ctype = String(req.headers['content-type'] ?? '');
    const text = body.toString('utf8');
    const form = ctype.includes('x-www-form-urlencoded')
      ? new URLSearchParams(text)
      : url.searchParams.has('Action')
        ? url.searchParams
        : null;
    const operation = target
      ? target.slice(target.lastIndexOf('.') + 1)
      : (form?.get('Action') ?? `${method} ${url.pathname}`);
    const protocol = protocolOf(service, target, form);

    // The clone this request is about: its caller, else a clone named in the request (AssumeRole's RoleArn).
    const normalised = `${method} ${url.pathname}?${sortedQuery(url.searchParams)} ${target ?? ''} ${
      form && ctype.includes('x-www-form-urlencoded') ? sortedQuery(form, VOLATILE_FORM) : text
    }`;
    let clone: string | null = opts.clones.has(account) ? account : null;
    if (!clone) clone = (normalised.match(ACCOUNT_ID) ?? []).find((id) => opts.clones.has(id)) ?? null;
    const template = clone ? opts.clones.get(clone)! : null;
    const keyAccount = clone && account === clone ? template! : account;
    const keyRequest = clone ? normalised.split(clone).join(template!) : normalised;
    const key = `${keyAccount} ${region} ${service} ${operation} ${keyRequest}`;

    const delay = opts.mode === 'replay' ? opts.latencyMs : 0;
    if (delay > 0) await new Promise((ok) => setTimeout(ok, delay));

    if (opts.mode === 'replay' && opts.throttleEvery > 0 && stats.requests % opts.throttleEvery === 0) {
      stats.throttled++;
      const info: RequestInfo = {
        account,
        region,
        service,
        operation,
        key: `${service}:${operation}`,
        protocol,
      };
      const shape = faultShape('throttle', info);
      const e = errorBody(protocol, service, shape.code, shape.message);
      return { status: shape.status, headers: e.headers, body: Buffer.from(e.body) };
    }

    if (opts.mode === 'replay' && opts.clones.size > 0 && !opts.clones.has(account)) {
      const bulk = administratorBulk(account, region, service, method, url, text, key);
      if (bulk) {
        if (bulk.ok) {
          stats.hits++;
          stats.synthesized++;
          stats.lastSynthesizedMs = Math.round(performance.now() - firstRequestAt);
          return bulk.answer;
        }
        stats.misses++;
        if (missed.length < 20) missed.push(`${key.slice(0, 240)} (${bulk.why})`);
        const e = errorBody(
          protocol,
          service,
          'ReplayMiss',
          `no recorded answer for ${operation}: ${bulk.why}`,
        );
        return { status: 500, headers: e.headers, body: Buffer.from(e.body) };
      }
    }

    let answer = store.get(key);
    if (answer) {
      if (opts.mode === 'replay') stats.hits++;
    } else {
      if (opts.mode === 'replay') {
        stats.misses++;
        if (missed.length < 20) missed.push(key.slice(0, 300));
      }
      if (clone) {
        stats.cloneMisses++;
        const e = errorBody(protocol, service, 'ReplayMiss', `no recorded answer for ${operation}`);
        return { status: 500, headers: e.headers, body: Buffer.from(e.body) };
      }
      answer = await forward(req, body);
      if (answer.status < 500) {
        store.set(key, answer);
        stats.recorded++;
      }
    }
    if (clone && template) {
      answer = { ...answer, body: Buffer.from(answer.body.toString('utf8').split(template).join(clone)) };
    }
    if (service === 'sts' && operation === 'AssumeRole') answer = learnAssumeRole(answer, clone);
    return answer;
  };

  // A replayed answer carries the time of the replay, not of the recording.
  const { server, endpoint } = await serveBuffered('replay front', handle, () => ({
    date: new Date().toUTCString(),
  }));
  return {
    endpoint,
    configure(next) {
      opts = { ...opts, ...next };
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats.recorded = 0;
      stats.hits = 0;
      stats.misses = 0;
      stats.cloneMisses = 0;
      stats.throttled = 0;
      stats.requests = 0;
      stats.synthesized = 0;
      stats.lastSynthesizedMs = 0;
      missed.length = 0;
    },
    missedKeys: () => [...missed],
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
