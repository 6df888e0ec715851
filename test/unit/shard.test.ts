import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bundle, ShardInfo } from '../../src/evidence/schema.js';
import { checkShards, parseShardSpec, selectionDigest, shardOfAccount } from '../../src/pipeline/shard.js';

const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7919));

test('--shard K/N and auto/N from the engines’ 0-based index variables', () => {
  assert.deepEqual(parseShardSpec('2/4', {}), { index: 2, count: 4, source: '--shard 2/4' });
  assert.deepEqual(parseShardSpec('auto/4', { JOB_COMPLETION_INDEX: '0' }), {
    index: 1,
    count: 4,
    source: 'JOB_COMPLETION_INDEX=0',
  });
  assert.equal(parseShardSpec('auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: '3' }).index, 4);
  // Kubernetes first when both are set (a Batch job never sets the Kubernetes variable).
  assert.equal(
    parseShardSpec('auto/4', { JOB_COMPLETION_INDEX: '1', AWS_BATCH_JOB_ARRAY_INDEX: '2' }).index,
    2,
  );
  for (const [value, env, message] of [
    ['0/4', {}, /K must be from 1 to 4/],
    ['5/4', {}, /K must be from 1 to 4/],
    ['2/0', {}, /N must be from 1 to 1000/],
    ['2', {}, /give K\/N/],
    ['a/b', {}, /give K\/N/],
    ['auto/4', {}, /none of JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX is set/],
    ['auto/4', { JOB_COMPLETION_INDEX: '4' }, /JOB_COMPLETION_INDEX=4 is not below 4/],
    ['auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: 'x' }, /is not an index/],
  ] as const) {
    assert.throws(() => parseShardSpec(value, env), message, value);
  }
});

test('every account is in exactly one shard, the same one on every run and in any order', () => {
  const n = 4;
  const counts = new Map<number, number>();
  for (const id of ids) {
    const s = shardOfAccount(id, n);
    assert.ok(s >= 1 && s <= n);
    assert.equal(shardOfAccount(id, n), s);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  // A fixed value: a change of the split would move accounts between the shards of a running scan.
  assert.deepEqual(
    ['111111111111', '222222222222', '333333333333'].map((id) => shardOfAccount(id, 7)),
    [3, 6, 4],
  );
  // Balanced enough: each shard of 1,000 accounts holds 200 to 300 of them.
  for (const [s, c] of counts) assert.ok(c > 200 && c < 300, `shard ${s} has ${c}`);
  assert.equal(
    [...counts.values()].reduce((a, b) => a + b, 0),
    ids.length,
  );
});

const SELECTION = {
  regions: ['us-east-1'],
  services: null,
  roleName: 'R',
  accounts: null,
  excludeAccounts: null,
  count: 3,
};

function shardBundle(index: number, over: Partial<ShardInfo> = {}, org = 'o-abc'): Bundle {
  return {
    schemaVersion: 1,
    tool: { name: 'watchpost', version: '0' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    complete: true,
    partition: 'aws',
    organization: {
      id: org,
      managementAccountId: null,
      pendingAccounts: [],
      shard: { index, count: 3, run: 'nightly', selection: selectionDigest(SELECTION), ...over },
    },
    accounts: [],
    calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
  } as unknown as Bundle;
}

test('merge takes the shards of one scan, each once, and says what is wrong otherwise', () => {
  const b = (i: number, over: Partial<ShardInfo> = {}, org?: string) => ({
    bundle: shardBundle(i, over, org),
    path: `s${i}/evidence.json`,
  });
  checkShards([b(1), b(2), b(3)]);
  checkShards([b(3), b(1), b(2)]);
  assert.throws(() => checkShards([b(1), b(3)]), /merge: shard 2\/3 of this scan is missing/);
  assert.throws(
    () => checkShards([b(1), b(2), b(2), b(3)]),
    /shard 2\/3 is given twice: s2\/evidence.json and s2/,
  );
  assert.throws(() => checkShards([b(1), b(2), b(3, { run: 'other' })]), /from run "other".*not one scan/);
  assert.throws(() => checkShards([b(1), b(2), b(3, { selection: 'x' })]), /different selections/);
  assert.throws(() => checkShards([b(1), b(2), b(3, { count: 4 })]), /shard 3\/4, .* shard 1\/3/);
  assert.throws(() => checkShards([b(1), b(2), b(3, {}, 'o-other')]), /organization o-other/);
  const plain = { bundle: { ...shardBundle(1), organization: undefined } as Bundle, path: 'whole.json' };
  assert.throws(() => checkShards([b(1), plain]), /whole.json is not a shard/);
  checkShards([plain, plain]); // no shard at all: merging account sets, as before
  assert.notEqual(selectionDigest(SELECTION), selectionDigest({ ...SELECTION, regions: ['eu-west-1'] }));
  assert.equal(
    selectionDigest(SELECTION),
    selectionDigest({ ...SELECTION, regions: [...SELECTION.regions] }),
  );
});
