import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  CreateDetectorCommand,
  DeleteDetectorCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { assumeRole } from '../../src/aws/assume.js';
import { classifyError } from '../../src/aws/errors.js';
import { CallSignal, CappedBackoff, Gateway, partitionOfRegion } from '../../src/aws/gateway.js';
import { redact, registerSecret } from '../../src/aws/redact.js';
import { requiredIamActions } from '../../src/services/registry.js';
import { type Moto, startMoto } from '../support/moto.js';
import { OPS } from '../support/operations.js';

/** Verbs that change state: none may appear among the actions watchpost can call. */
const MUTATING =
  /:(Create|Delete|Put|Update|Modify|Enable|Disable|Start|Stop|Associate|Disassociate|Attach|Detach|Tag|Untag|Set|Run|Terminate|Accept|Decline|Invite|Register|Deregister|Reset|Restore|Cancel|Send|Upload|Import|Export|Accept|Reject|Add|Remove|Batch(?!Get))/;

describe('allow-list', () => {
  test('contains only read actions', async () => {
    const actions = await requiredIamActions();
    assert.ok(actions.length >= 20);
    for (const a of actions) {
      if (a === 'sts:AssumeRole') continue; // yields credentials; changes nothing in the account
      assert.doesNotMatch(a, MUTATING, a);
      assert.match(a, /^[a-z0-9-]+:(Get|List|Describe|BatchGet|GET)/, a);
    }
  });
  test('every operation names its IAM action and SDK command', () => {
    for (const [name, op] of Object.entries(OPS)) {
      assert.match(op.iamAction, /^[a-z0-9-]+:[A-Za-z]+$/, name);
      assert.match(op.command, /Command$/, name);
    }
  });
});

describe('gateway against moto', () => {
  let moto: Moto;
  const saved = { ...process.env };
  before(async () => {
    moto = await startMoto();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIAWATCHPOSTTEST001';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-value-not-real-0001';
    process.env.AWS_REGION = 'us-east-1';
  });
  after(async () => {
    process.env = saved;
    await moto.stop();
  });

  test('a read call succeeds and is counted', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const s = gw.defaultSession();
    const res = await s.call(OPS.getCallerIdentity, 'us-east-1', {});
    assert.equal(res.ok, true);
    assert.equal(res.ok && res.value.Account, '123456789012');
    const stats = gw.callStats();
    assert.equal(stats.calls, 1);
    assert.equal(stats.byOperation['sts:GetCallerIdentity'], 1);
  });

  test('a mutating command sent through a gateway client is refused before it is sent', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const s = gw.defaultSession();
    const gd = s.client('guardduty', 'us-east-1') as { send: (c: unknown) => Promise<unknown> };
    await assert.rejects(
      gd.send(new CreateDetectorCommand({ Enable: true })),
      /refuses guardduty:CreateDetectorCommand/,
    );
    await assert.rejects(gd.send(new DeleteDetectorCommand({ DetectorId: 'x' })), /refuses/);
    const s3 = s.client('s3', 'us-east-1') as { send: (c: unknown) => Promise<unknown> };
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })), /refuses/);
    // Nothing reached moto: no detector exists.
    const list = await s.call(OPS.listDetectors, 'us-east-1', {});
    assert.equal(list.ok && list.value.DetectorIds?.length, 0);
  });

  test('operations outside the allow-list are refused by the gateway', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const s = gw.defaultSession();
    const forged = { ...OPS.listDetectors, command: 'CreateDetectorCommand' };
    await assert.rejects(s.call(forged, 'us-east-1', {}), /not on the allow-list/);
  });

  test('an unreachable endpoint yields a classified error, not a throw or a hang', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1';
    try {
      const gw = new Gateway({ maxAttempts: 1, connectTimeoutMs: 500 });
      const res = await gw.defaultSession().call(OPS.listDetectors, 'eu-west-1', {});
      assert.equal(res.ok, false);
      assert.equal(!res.ok && res.error.kind, 'network');
      assert.equal(!res.ok && res.error.action, 'guardduty:ListDetectors');
    } finally {
      process.env.AWS_ENDPOINT_URL = moto.endpoint;
    }
  });

  test('stop() turns later calls into not-collected without sending them', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    gw.stop();
    const res = await gw.defaultSession().call(OPS.listDetectors, 'us-east-1', {});
    assert.equal(!res.ok && res.error.kind, 'not-collected');
  });
});

describe('shared clients sign each request with its own account', () => {
  // Every account's calls go through the same SDK client per service × region. This server answers
  // GuardDuty GetDetector for detector "acct<N>" and records whether the request was signed with
  // account N's key; it throttles a few first attempts so retries are signed too.
  let server: Server;
  const seen: { detector: string; key: string }[] = [];
  const saved = { ...process.env };
  before(async () => {
    let n = 0;
    server = createServer((req, res) => {
      const detector = /\/detector\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
      seen.push({ detector, key });
      req.resume();
      if (!req.url?.startsWith('/detector')) {
        // S3 ListBuckets: one bucket named after the key the request was signed with.
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          `<ListAllMyBucketsResult><Buckets><Bucket><Name>${key}</Name></Bucket></Buckets></ListAllMyBucketsResult>`,
        );
        return;
      }
      setTimeout(
        () => {
          // Only first attempts are throttled, so each retry waits one backoff, not a series.
          const firstAttempt = String(req.headers['amz-sdk-request']).startsWith('attempt=1;');
          if (firstAttempt && ++n % 3 === 0 && n <= 24) {
            res.writeHead(429, {
              'content-type': 'application/json',
              'x-amzn-errortype': 'TooManyRequestsException',
            });
            res.end(JSON.stringify({ message: 'Rate exceeded' }));
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'ENABLED', serviceRole: 'r', createdAt: 'x' }));
        },
        Math.floor(Math.random() * 8),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  test("many accounts, interleaved and retried, never sign with each other's keys", async () => {
    const gw = new Gateway({ maxAttempts: 8, maxConcurrency: 16 });
    const accounts = Array.from({ length: 6 }, (_, i) =>
      gw.sessionWith(async () => {
        // Resolutions finish out of order, as assumed roles do.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)));
        return { accessKeyId: `AKIDWATCHPOSTACCT${i}`, secretAccessKey: `not-a-secret-${i}` };
      }),
    );
    const calls = [];
    for (let round = 0; round < 10; round++) {
      for (const [i, session] of accounts.entries()) {
        for (const region of ['us-east-1', 'eu-west-1']) {
          calls.push(session.call(OPS.getDetector, region, { DetectorId: `acct${i}` }));
        }
      }
    }
    const results = await Promise.all(calls);
    assert.ok(
      results.every((r) => r.ok),
      'every call succeeded after retries',
    );
    assert.ok(seen.length > calls.length, 'throttled requests were retried');
    assert.ok(gw.callStats().retries > 0);
    const wrong = seen.filter((s) => s.key !== `AKIDWATCHPOSTACCT${s.detector.replace('acct', '')}`);
    assert.deepEqual(wrong, []);
  });

  test("S3 (a client per account, not shared) signs with each account's own key", async () => {
    const gw = new Gateway({ maxAttempts: 2, maxConcurrency: 16 });
    const accounts = Array.from({ length: 4 }, (_, i) =>
      gw.sessionWith(async () => ({ accessKeyId: `AKIDWATCHPOSTS3${i}`, secretAccessKey: `s3-secret-${i}` })),
    );
    const calls = accounts.flatMap((session, i) =>
      ['us-east-1', 'eu-west-1', 'us-east-1'].map(async (region) => {
        const res = await session.call(OPS.listBuckets, region, {});
        return { i, bucket: res.ok ? res.value.Buckets?.[0]?.Name : `error ${!res.ok && res.error.message}` };
      }),
    );
    for (const { i, bucket } of await Promise.all(calls)) assert.equal(bucket, `AKIDWATCHPOSTS3${i}`);
    assert.notEqual(accounts[0]!.client('s3', 'us-east-1'), accounts[1]!.client('s3', 'us-east-1'));
    assert.equal(accounts[0]!.client('s3', 'us-east-1'), accounts[0]!.client('s3', 'us-east-1'));
  });

  test('a request on a shared client outside a session call is refused before it is sent', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    gw.sessionWith(async () => ({ accessKeyId: 'AKIDWATCHPOSTUNUSED', secretAccessKey: 'x' }));
    const before = seen.length;
    const client = gw.client('guardduty', 'us-east-1') as { send: (c: unknown) => Promise<unknown> };
    await assert.rejects(client.send(new ListDetectorsCommand({})), /not bound to an account/);
    assert.equal(seen.length, before);
  });
});

describe('retries', () => {
  // Detector "throttle<N>" is throttled on its first N attempts, "fail<N>" answers 500 on its first N, and
  // "busy" is always throttled.
  let server: Server;
  const attempts = new Map<string, number>();
  const saved = { ...process.env };
  before(async () => {
    server = createServer((req, res) => {
      const detector = /\/detector\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
      const n = (attempts.get(detector) ?? 0) + 1;
      attempts.set(detector, n);
      req.resume();
      const limit = Number(/(\d+)$/.exec(detector)?.[1] ?? Number.POSITIVE_INFINITY);
      if (detector.startsWith('fail') && n <= limit) {
        res.writeHead(500, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'InternalServerErrorException',
        });
        res.end(JSON.stringify({ message: 'boom' }));
      } else if ((detector.startsWith('throttle') && n <= limit) || detector === 'busy') {
        res.writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
        });
        res.end(JSON.stringify({ message: 'Rate exceeded' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ENABLED', serviceRole: 'r', createdAt: 'x' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });
  const session = (gw: Gateway) =>
    gw.sessionWith(async () => ({ accessKeyId: 'AKIDWATCHPOSTRETRY', secretAccessKey: 'x' }));

  test('throttling is retried beyond maxAttempts, up to throttleAttempts', async () => {
    const gw = new Gateway({ maxAttempts: 1, throttleAttempts: 3 });
    const res = await session(gw).call(OPS.getDetector, 'us-east-1', { DetectorId: 'throttle2' });
    assert.equal(res.ok, true);
    assert.equal(attempts.get('throttle2'), 3);
  });

  test('a wait before a retry is jittered and never longer than 5 s, so the attempts fit in the deadline', () => {
    const backoff = new CappedBackoff();
    backoff.setDelayBase(1000);
    const waits = Array.from({ length: 2000 }, (_, i) => backoff.computeNextBackoffDelay(i % 16));
    assert.ok(waits.every((w) => w >= 0 && w <= 5000));
    assert.ok(
      waits.some((w) => w > 4000),
      'late retries reach the cap',
    );
    assert.ok(new Set(waits).size > 100, 'jittered');
    assert.ok(backoff.computeNextBackoffDelay(0) < 1000);
  });

  test('other errors stop at maxAttempts', async () => {
    const gw = new Gateway({ maxAttempts: 1, throttleAttempts: 3 });
    const res = await session(gw).call(OPS.getDetector, 'us-east-1', { DetectorId: 'fail1' });
    assert.equal(!res.ok && res.error.kind, 'server-error');
    assert.equal(attempts.get('fail1'), 1);
  });

  test('a call still throttled at its deadline is unknown because of throttling, not a timeout', async () => {
    const gw = new Gateway({ maxAttempts: 1, throttleAttempts: 50, callDeadlineMs: 400 });
    const res = await session(gw).call(OPS.getDetector, 'us-east-1', { DetectorId: 'busy' });
    assert.equal(!res.ok && res.error.kind, 'throttled');
    assert.equal(!res.ok && res.error.action, 'guardduty:GetDetector');
  });
});

describe("renewing an account's credentials while its calls hold every place", () => {
  // STS AssumeRole hands out credentials that expire in 30 s the first time (due for renewal at once), an
  // hour later after that; GetDetector answers after 20 ms. Every call of the member account is waiting for
  // its credentials when the renewal is asked for.
  let server: Server;
  const assumed: string[] = [];
  const saved = { ...process.env };
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        if (body.includes('Action=AssumeRole')) {
          assumed.push(new Date().toISOString());
          const expires = new Date(Date.now() + (assumed.length === 1 ? 30_000 : 3_600_000)).toISOString();
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAWATCHPOSTRENEW${assumed.length}</AccessKeyId><SecretAccessKey>renewed-secret</SecretAccessKey><SessionToken>renewed-token</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId><Arn>arn:aws:sts::222222222222:assumed-role/Audit/x</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
          );
          return;
        }
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'ENABLED', serviceRole: 'r', createdAt: 'x' }));
        }, 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  test('the AssumeRole that renews them is not queued behind the calls waiting for it; it is made once', {
    timeout: 20_000,
  }, async () => {
    const gw = new Gateway({ maxAttempts: 2, maxConcurrency: 2, callDeadlineMs: 5000 });
    const base = gw.sessionWith(async () => ({ accessKeyId: 'AKIDWATCHPOSTBASE', secretAccessKey: 'x' }));
    const assumedRole = await assumeRole(base, {
      partition: 'aws',
      accountId: '222222222222',
      roleName: 'Audit',
      sessionName: 'watchpost',
    });
    assert.ok(assumedRole.ok);
    const member = gw.sessionWith(assumedRole.provider);
    // Without places of their own for credential calls this never ends (the test times out): both places
    // are held by calls waiting for the renewal, which waits for a place, and a deadline cannot end a wait
    // for credentials.
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => member.call(OPS.getDetector, 'us-east-1', { DetectorId: `d${i}` })),
    );
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.error.code)),
      Array(6).fill('ok'),
    );
    assert.equal(assumed.length, 2, 'assumed once, renewed once for every call waiting on it');
  });
});

describe('error classification', () => {
  const cases: [unknown, string][] = [
    [
      {
        name: 'AccessDeniedException',
        message: 'User: arn:x is not authorized to perform: a:b',
        $metadata: { httpStatusCode: 403 },
      },
      'access-denied',
    ],
    [{ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }, 'access-denied'],
    [{ name: 'SubscriptionRequiredException', $metadata: { httpStatusCode: 400 } }, 'subscription-required'],
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'throttled'],
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'throttled'],
    [{ name: 'SlowDown', $metadata: { httpStatusCode: 503 } }, 'throttled'],
    [{ name: 'TimeoutError', message: 'Connection timed out after 3000 ms' }, 'timeout'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'network'],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, 'server-error'],
    [
      { name: 'SyntaxError', message: 'Unexpected token < in JSON', $metadata: { httpStatusCode: 200 } },
      'unparseable',
    ],
    [{ name: 'OptInRequired', $metadata: { httpStatusCode: 403 } }, 'region-disabled'],
    [{ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }, 'not-found'],
    ['weird', 'other'],
  ];
  for (const [err, kind] of cases) {
    test(`${JSON.stringify(err).slice(0, 60)} → ${kind}`, () => {
      const e = classifyError(err, 'x:Y');
      assert.equal(e.kind, kind);
      assert.equal(e.action, 'x:Y');
    });
  }
});

describe('redaction', () => {
  test('removes registered secrets and key-like strings from messages', () => {
    registerSecret('SuperSecretSessionToken123456');
    const text =
      'failed with AKIAABCDEFGHIJKLMNOP and token SuperSecretSessionToken123456 at X-Amz-Security-Token=abc&X-Amz-Signature=def aws_secret_access_key = wJalrXUtnFEMI';
    const out = redact(text);
    assert.doesNotMatch(out, /AKIAABCDEFGHIJKLMNOP|SuperSecretSessionToken123456|abc&|=def|wJalrXUtnFEMI/);
    assert.match(out, /\[REDACTED/);
  });
  test('every occurrence of every registered secret, among thousands sharing prefixes, at the edges and back to back', () => {
    // Secrets of 3,000 accounts, as an organization scan of 1,000 registers: many share their first characters.
    const secrets = Array.from({ length: 3000 }, (_, i) => `Tok3nPrefix${String(i).padStart(5, '0')}xyz`);
    for (const s of secrets) registerSecret(s);
    // One secret that is the start of a longer one: the longer is removed whole.
    registerSecret('LongerSecretValue');
    registerSecret('LongerSecretValueWithTail');
    const picked = [secrets[0]!, secrets[1234]!, secrets[2999]!];
    const text = `${picked[0]}${picked[1]} middle ${picked[2]}, LongerSecretValueWithTail and LongerSecretValue. ${picked[0]}`;
    const out = redact(text);
    for (const s of [...picked, 'LongerSecretValue', 'WithTail'])
      assert.ok(!out.includes(s), `${s} left in ${out}`);
    assert.equal(out, '[REDACTED][REDACTED] middle [REDACTED], [REDACTED] and [REDACTED]. [REDACTED]');
    // Text without a secret (or shorter than any) comes back as it was.
    assert.equal(redact('nothing to hide here'), 'nothing to hide here');
    assert.equal(redact('short'), 'short');
    assert.equal(redact(''), '');
  });
  test('an error message carrying a credential is redacted at classification', () => {
    const e = classifyError({ name: 'X', message: 'bad key ASIAABCDEFGHIJKLMNOP' }, 'a:B');
    assert.doesNotMatch(e.message, /ASIAABCDEFGHIJKLMNOP/);
  });
});

test('region names map to their partition', () => {
  assert.equal(partitionOfRegion('eu-west-1'), 'aws');
  assert.equal(partitionOfRegion('cn-north-1'), 'aws-cn');
  assert.equal(partitionOfRegion('us-gov-west-1'), 'aws-us-gov');
  assert.equal(partitionOfRegion('us-iso-east-1'), 'aws-iso');
});

describe('stopping a scan', () => {
  let server: Server;
  const saved = { ...process.env };
  before(async () => {
    // Never answers: a call stays in flight until it is aborted.
    server = createServer((req) => {
      req.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    process.env = saved;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('stop() aborts the calls in flight: they end not-collected at once', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const session = gw.sessionWith(async () => ({ accessKeyId: 'AKIDWATCHPOSTSTOP', secretAccessKey: 'x' }));
    const calls = ['d1', 'd2', 'd3'].map((d) =>
      session.call(OPS.getDetector, 'us-east-1', { DetectorId: d }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    gw.stop();
    const results = await Promise.all(calls);
    assert.ok(Date.now() - started < 2000, 'ended at once');
    assert.deepEqual(
      results.map((r) => !r.ok && r.error.kind),
      ['not-collected', 'not-collected', 'not-collected'],
    );
  });
});

test('a pause (before entering an account again) lasts its time, and ends when the scan is stopped', async () => {
  const gw = new Gateway({ maxAttempts: 1 });
  let started = Date.now();
  await gw.pause(50);
  assert.ok(Date.now() - started >= 45, 'waited');
  started = Date.now();
  const long = gw.pause(60_000);
  setTimeout(() => gw.stop(), 20);
  await long;
  assert.ok(Date.now() - started < 2000, 'ended with the scan');
  started = Date.now();
  await gw.pause(60_000);
  assert.ok(Date.now() - started < 100, 'a stopped scan does not wait');
});

test("a call's signal aborts as an AbortController's does, for the SDK's listeners", () => {
  const ours = new CallSignal();
  const theirs = new AbortController();
  const calls: string[] = [];
  const removed = () => calls.push('removed');
  for (const [name, s] of [
    ['ours', ours],
    ['theirs', theirs.signal],
  ] as const) {
    s.addEventListener('abort', () => calls.push(`${name} listener`), { once: true });
    s.addEventListener('abort', removed);
    s.removeEventListener('abort', removed);
    s.onabort = () => calls.push(`${name} onabort`);
  }
  assert.equal(ours.aborted, false);
  ours.abort();
  theirs.abort();
  ours.abort();
  theirs.abort();
  assert.deepEqual(calls.sort(), ['ours listener', 'ours onabort', 'theirs listener', 'theirs onabort']);
  assert.equal(ours.aborted, true);
  const [a, b] = [ours.reason, theirs.signal.reason] as Error[];
  assert.ok(a instanceof Error);
  assert.deepEqual([a!.name, a!.message], [b!.name, b!.message]);
});
