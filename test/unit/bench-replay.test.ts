/**
 * bench/replay.ts: an administrator's bulk requests about clones (`--org-mode bulk|auto` in the bench)
 * answered from the recorded answers about their templates, without going upstream; everything else
 * replayed as recorded.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type ReplayFront, startReplayFront } from '../../bench/replay.js';

const ADMIN = '111111111111';
const MANAGEMENT = '999999999999';
const T1 = '222222222222'; // listed as a member, Inspector enabled
const T2 = '333333333333'; // not listed, Inspector failed for the administrator
const C2 = '500000000002'; // a clone of T2
const CLONES_OF_T1 = Array.from({ length: 120 }, (_, i) => `4000000${String(i).padStart(5, '0')}`);

const member = (id: string) => ({
  accountId: id,
  administratorId: MANAGEMENT,
  email: `${id}@example.com`,
  relationshipStatus: 'Enabled',
});

interface Answer {
  status: number;
  json: Record<string, unknown>;
  text: string;
}

describe('bench replay: administrators bulk requests about clones', () => {
  let upstream: Server;
  let upstreamHits = 0;
  let replay: ReplayFront;

  const send = async (
    service: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Answer> => {
    const res = await fetch(`${replay.endpoint}${path}`, {
      method,
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDADMIN/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown>, text };
  };
  const batch = (ids: string[]) => send('inspector2', 'POST', '/status/batch/get', { accountIds: ids });

  before(async () => {
    upstream = createServer((req, res) => {
      upstreamHits++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        let value: unknown = {};
        if (url.pathname === '/status/batch/get') {
          const ids = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { accountIds: string[] })
            .accountIds;
          value = {
            accounts: ids
              .filter((id) => id !== T2)
              .map((id) => ({ accountId: id, state: { status: 'ENABLED' } })),
            failedAccounts: ids
              .filter((id) => id === T2)
              .map((id) => ({ accountId: id, errorCode: 'ACCESS_DENIED', errorMessage: `Account ${id}` })),
          };
        } else if (url.pathname === '/detector/d1/member' || url.pathname === '/members') {
          value = { members: [member(T1)] };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const addr = upstream.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    replay = await startReplayFront(`http://127.0.0.1:${port}`, 'AKIDADMIN', ADMIN, { mode: 'record' });
    // The record pass: the administrator asks about the recorded accounts only.
    await batch([ADMIN, T1, T2]);
    await send('guardduty', 'GET', '/detector/d1/member?maxResults=50&onlyAssociated=true');
    await send('macie2', 'GET', '/members?maxResults=50&onlyAssociated=false');
    const clones = new Map<string, string>([[C2, T2], ...CLONES_OF_T1.map((c) => [c, T1] as const)]);
    replay.configure({ mode: 'replay', latencyMs: 0, clones });
    replay.resetStats();
  });
  after(async () => {
    await replay?.stop();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  test('BatchGetAccountStatus: each clone answered as its template was, under its own id', async () => {
    const hits = upstreamHits;
    const ids = [ADMIN, CLONES_OF_T1[0]!, C2, T1];
    const a = await batch(ids);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      accounts: [
        { accountId: ADMIN, state: { status: 'ENABLED' } },
        { accountId: CLONES_OF_T1[0], state: { status: 'ENABLED' } },
        { accountId: T1, state: { status: 'ENABLED' } },
      ],
      failedAccounts: [{ accountId: C2, errorCode: 'ACCESS_DENIED', errorMessage: `Account ${C2}` }],
    });
    assert.equal(upstreamHits, hits, 'nothing forwarded');
    assert.equal(replay.stats().misses, 0);
  });

  test('a request that names no clone is replayed byte for byte as recorded', async () => {
    const before = replay.stats().synthesized;
    const a = await batch([ADMIN, T1, T2]);
    assert.equal(
      a.text,
      JSON.stringify({
        accounts: [
          { accountId: ADMIN, state: { status: 'ENABLED' } },
          { accountId: T1, state: { status: 'ENABLED' } },
        ],
        failedAccounts: [{ accountId: T2, errorCode: 'ACCESS_DENIED', errorMessage: `Account ${T2}` }],
      }),
    );
    assert.equal(replay.stats().synthesized, before);
  });

  for (const [service, path] of [
    ['guardduty', '/detector/d1/member?maxResults=50&onlyAssociated=true'],
    ['macie2', '/members?maxResults=50&onlyAssociated=false'],
  ] as const) {
    test(`${service} ListMembers: the listed template and its clones, 50 a page, with next tokens`, async () => {
      const hits = upstreamHits;
      const seen: string[] = [];
      const sizes: number[] = [];
      let next: string | undefined;
      do {
        const a = await send(service, 'GET', next ? `${path}&nextToken=${encodeURIComponent(next)}` : path);
        assert.equal(a.status, 200, a.text);
        const members = a.json.members as ReturnType<typeof member>[];
        sizes.push(members.length);
        for (const m of members) {
          assert.deepEqual(m, member(m.accountId));
          seen.push(m.accountId);
        }
        next = a.json.nextToken as string | undefined;
      } while (next);
      assert.deepEqual(sizes, [50, 50, 21]);
      assert.deepEqual(seen, [T1, ...CLONES_OF_T1].sort());
      assert.equal(upstreamHits, hits, 'nothing forwarded');
      assert.equal(replay.stats().misses, 0);
    });
  }

  test('a next token the replay did not hand out is a miss, not an answer', async () => {
    const a = await send('macie2', 'GET', '/members?maxResults=50&onlyAssociated=false&nextToken=bogus');
    assert.equal(a.status, 500);
    assert.ok(replay.stats().misses > 0);
  });
});
