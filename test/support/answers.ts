/**
 * Recorded AWS answers: a scan's every request and the answer it got (status, content type, body), taken
 * from the emulator once and replayed without it. The fuzz test of hollow answers (test/unit/hollow-fuzz.
 * test.ts) replays them through the real gateway, SDK, collectors and checks, with one answer mutated.
 *
 * Record again (after a change to the scenario, the emulator or the calls watchpost makes):
 *   node --import tsx test/support/record-answers.ts
 * which writes test/fixtures/answers/mixed-regions.json.
 */
import type { IncomingMessage } from 'node:http';
import { AwsSession, Gateway } from '../../src/aws/gateway.js';
import { runChecks } from '../../src/checks/run.js';
import { collectAccount } from '../../src/collect/account.js';
import type { AccountEvidence, Bundle, Result } from '../../src/evidence/schema.js';
import { SCHEMA_VERSION } from '../../src/evidence/schema.js';
import { forwardBuffered, serveBuffered } from './forward.js';
import type { WireAnswer, WireProtocol } from './hollow.js';
import { DEFAULT_ACCOUNT, identifyRequest } from './proxy.js';

export interface RecordedAnswer {
  /** The request, normalised (see requestKey). */
  key: string;
  service: string;
  operation: string;
  region: string;
  protocol: WireProtocol;
  status: number;
  /** The answer's headers (content type, request id, the error type of REST JSON errors). */
  headers: Record<string, string>;
  body: string;
}

export interface Recording {
  scenario: string;
  source: string;
  accountId: string;
  regions: string[];
  answers: RecordedAnswer[];
}

/** Query parameters sorted; a form body's parameters sorted; other bodies as sent. */
function requestKey(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, body: Buffer): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const sorted = (p: URLSearchParams) =>
    [...p.entries()]
      .sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
  const target = req.headers['x-amz-target'] ?? '';
  const ctype = String(req.headers['content-type'] ?? '');
  const text = ctype.includes('x-www-form-urlencoded')
    ? sorted(new URLSearchParams(body.toString('utf8')))
    : // CloudWatch GetMetricData's window ends today: the key must not change from day to day.
      body.toString('utf8').replace(/"(StartTime|EndTime)":[^,}]+/g, '"$1":0');
  const region =
    /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
  return `${region} ${req.method} ${url.pathname}?${sorted(url.searchParams)} ${target} ${text}`;
}

/** A session whose calls go to `gateway.execute` (a gateway, or a stand-in with that method). */
export function sessionOf(gateway: { execute: (...args: never[]) => Promise<unknown> }): AwsSession {
  return new AwsSession(gateway as unknown as Gateway, async () => ({
    accessKeyId: 'x',
    secretAccessKey: 'y',
  }));
}

/** The recorded account's evidence, read through `session` in `regions`. */
export function collectVia(session: AwsSession, regions: readonly string[]): Promise<AccountEvidence> {
  return collectAccount(session, {
    accountId: DEFAULT_ACCOUNT,
    partition: 'aws',
    callerArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/auditor`,
    requestedRegions: [...regions],
  });
}

/** The one account's evidence and verdicts, read through a gateway pointed at `endpoint`. */
export async function scanThrough(
  endpoint: string,
  regions: readonly string[],
  gateway?: Gateway,
): Promise<{ evidence: AccountEvidence; results: Result[] }> {
  const saved = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = endpoint;
  try {
    const gw = gateway ?? new Gateway({ maxAttempts: 1 });
    const evidence = await collectVia(gw.defaultSession(), regions);
    return { evidence, results: judge(evidence) };
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  }
}

/** The verdicts on one account's evidence. */
export function judge(evidence: AccountEvidence): Result[] {
  const now = new Date().toISOString();
  const bundle: Bundle = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'watchpost', version: 'test' },
    startedAt: now,
    finishedAt: now,
    complete: true,
    partition: 'aws',
    accounts: [evidence],
    calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
  };
  return runChecks(bundle);
}

/** Records every request of a scan sent through a front to `upstream` (the emulator's proxy). */
export async function record(
  upstream: string,
  regions: readonly string[],
  scenario: string,
): Promise<Recording> {
  const answers = new Map<string, RecordedAnswer>();
  const up = new URL(upstream);
  const { server, endpoint } = await serveBuffered('recording front', async (req) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const answer = await forwardBuffered(
      up,
      { method: req.method, path: req.url, headers: req.headers },
      body,
      {
        dropFromAnswer: new Set(['date']),
      },
    );
    const id = identifyRequest(req, body);
    const key = requestKey(req, body);
    answers.set(key, {
      key,
      service: id.service,
      operation: id.operation,
      region: id.region,
      protocol: id.protocol,
      status: answer.status,
      headers: answer.headers,
      body: answer.body.toString('utf8'),
    });
    return answer;
  });
  try {
    await scanThrough(endpoint, regions);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  return {
    scenario,
    source: 'moto 5.2.1 behind test/support/proxy.ts',
    accountId: DEFAULT_ACCOUNT,
    regions: [...regions],
    answers: [...answers.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

export interface ReplayServer {
  endpoint: string;
  /** Replaces the answer to a recorded request (null: the recorded answer). */
  mutate: ((a: RecordedAnswer) => WireAnswer | null) | null;
  /** Requests that had no recorded answer since the server started. */
  misses: string[];
  stop(): Promise<void>;
}

/** Serves a recording on 127.0.0.1: each request gets its recorded answer (a miss: 500). */
export async function serveRecording(recording: Recording): Promise<ReplayServer> {
  const byKey = new Map(recording.answers.map((a) => [a.key, a]));
  const replay: ReplayServer = {
    endpoint: '',
    mutate: null,
    misses: [],
    stop: async () => {},
  };
  const { server, endpoint } = await serveBuffered('replay', async (req) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const key = requestKey(req, Buffer.concat(chunks));
    const a = byKey.get(key);

    if (!a) {
      replay.misses.push(key.slice(0, 200));
      return {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('no recorded answer'),
      };
    }
    const mutated = replay.mutate?.(a);
    if (mutated) return mutated;
    return { status: a.status, headers: a.headers, body: Buffer.from(a.body) };
  });
  replay.endpoint = endpoint;
  replay.stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return replay;
}
