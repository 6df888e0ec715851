import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InputError, parseBundle, readBundle, toJson } from '../../src/evidence/bundle.js';
import { BundleWriter } from '../../src/evidence/bundle-writer.js';
import { OutputDir } from '../../src/evidence/output-dir.js';
import { type AccountEvidence, type Bundle, BundleSchema } from '../../src/evidence/schema.js';
import { mergeBundles } from '../../src/pipeline/merge.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-test-'));

function account(id: string): AccountEvidence {
  return {
    accountId: id,
    partition: 'aws',
    callerArn: `arn:aws:iam::${id}:user/auditor`,
    regionListing: { ok: true, value: { enabled: ['eu-west-1'], skipped: [] } },
    scannedRegions: ['eu-west-1'],
    unavailableRegions: [],
    accessError: null,
    shield: { ok: true, value: { subscriptionState: 'INACTIVE' } },
  };
}

function bundle(accounts: AccountEvidence[], finishedAt = '2026-11-27T10:00:00.000Z'): Bundle {
  return {
    schemaVersion: 1,
    tool: { name: 'watchpost', version: '0.1.0' },
    startedAt: '2026-11-27T09:00:00.000Z',
    finishedAt,
    complete: true,
    partition: 'aws',
    accounts,
    calls: { calls: 3, retries: 1, errors: 0, byOperation: { 'shield:GetSubscriptionState': 3 } },
  };
}

describe('reading bundles', () => {
  test('a valid bundle round-trips', () => {
    const dir = tmp();
    const b = bundle([account('111111111111')]);
    writeFileSync(join(dir, 'e.json'), toJson(b));
    assert.deepEqual(readBundle(join(dir, 'e.json')), b);
  });
  test('invalid JSON names file, line and column', () => {
    const dir = tmp();
    const p = join(dir, 'bad.json');
    writeFileSync(p, '{\n  "schemaVersion": 1,\n  oops\n}');
    assert.throws(
      () => readBundle(p),
      (e: Error) => e instanceof InputError && /bad\.json:3:\d+: .*not valid JSON/.test(e.message),
    );
  });
  test('a wrong schema version is refused by name', () => {
    assert.throws(
      () => parseBundle({ ...bundle([]), schemaVersion: 99 }, 'x.json'),
      /x\.json: evidence schema version 99 is not supported/,
    );
  });
  test('a wrong field names its path', () => {
    const b = bundle([account('111111111111')]) as unknown as { accounts: { accountId: string }[] };
    b.accounts[0]!.accountId = '../../etc';
    assert.throws(
      () => parseBundle(b, 'x.json'),
      /x\.json: not a valid watchpost evidence bundle at \.accounts\[0\]\.accountId/,
    );
  });
  test('a missing file and a folder are input errors', () => {
    assert.throws(() => readBundle('/nonexistent/e.json'), /cannot read evidence bundle \(ENOENT\)/);
    assert.throws(() => readBundle(tmp()), /not a file/);
  });
  test('non-object input is refused without a stack', () => {
    for (const v of [null, 42, 'x', [], { schemaVersion: 1 }]) {
      assert.throws(() => parseBundle(v, 'f.json'), InputError);
    }
  });
});

describe('output folder', () => {
  test('refuses a non-empty folder without force, and keeps its files', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'results.json'), 'precious');
    assert.throws(() => OutputDir.open(dir, { force: false }), /already exists and is not empty.*--force/);
    assert.equal(readFileSync(join(dir, 'results.json'), 'utf8'), 'precious');
  });
  test('with force, replaces only the files it writes', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const out = OutputDir.open(dir, { force: true });
    out.write('results.json', '[]\n');
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'keep me');
    assert.equal(readFileSync(join(dir, 'results.json'), 'utf8'), '[]\n');
    assert.deepEqual(readdirSync(dir).sort(), ['notes.txt', 'results.json']); // no temp files left
  });
  test('never overwrites a protected input file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'evidence.json'), 'input');
    const out = OutputDir.open(dir, { force: true, protect: [join(dir, 'evidence.json')] });
    assert.throws(() => out.write('evidence.json', 'x'), /refusing to overwrite the input file/);
    assert.equal(readFileSync(join(dir, 'evidence.json'), 'utf8'), 'input');
  });
  test('rejects file names that are paths', () => {
    const out = OutputDir.open(tmp(), { force: false });
    assert.throws(() => out.write('../escape.json', 'x'));
    assert.throws(() => out.write('.hidden', 'x'));
  });
});

describe('streaming bundle writer', () => {
  test('writes a valid bundle account by account, and only under its final name when finished', () => {
    const dir = tmp();
    const w = new BundleWriter(dir, 'evidence.json', {
      schemaVersion: 1,
      tool: { name: 'watchpost', version: '0.1.0' },
      startedAt: '2026-11-27T09:00:00.000Z',
      partition: 'aws',
    });
    w.add(account('111111111111'));
    w.add(account('222222222222'));
    assert.equal(existsSync(join(dir, 'evidence.json')), false);
    w.finish({
      finishedAt: '2026-11-27T10:00:00.000Z',
      complete: false,
      calls: { calls: 1, retries: 0, errors: 0, byOperation: {} },
      organization: {
        id: 'o-1',
        managementAccountId: '111111111111',
        pendingAccounts: [{ id: '333333333333', name: 'x' }],
      },
    });
    const b = readBundle(join(dir, 'evidence.json'));
    assert.deepEqual(
      b.accounts.map((a) => a.accountId),
      ['111111111111', '222222222222'],
    );
    assert.equal(b.complete, false);
    assert.equal(b.organization?.pendingAccounts[0]?.id, '333333333333');
  });
  test('an empty bundle is valid too; abandon leaves nothing', () => {
    const dir = tmp();
    const header = {
      schemaVersion: 1 as const,
      tool: { name: 'watchpost' as const, version: '0' },
      startedAt: 'x',
      partition: 'aws',
    };
    const w = new BundleWriter(dir, 'evidence.json', header);
    w.finish({
      finishedAt: null,
      complete: true,
      calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
    });
    assert.equal(
      BundleSchema.safeParse(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8'))).success,
      true,
    );
    const dir2 = tmp();
    const w2 = new BundleWriter(dir2, 'evidence.json', header);
    w2.abandon();
    assert.deepEqual(readdirSync(dir2), []);
  });
});

describe('merge', () => {
  test('joins accounts, sums calls, keeps the latest scan of a repeated account', () => {
    const older = account('222222222222');
    const newer = {
      ...account('222222222222'),
      shield: { ok: true as const, value: { subscriptionState: 'ACTIVE' } },
    };
    const { bundle: m, replaced } = mergeBundles([
      { path: 'a.json', bundle: bundle([account('111111111111'), older], '2026-11-27T10:00:00.000Z') },
      { path: 'b.json', bundle: bundle([newer], '2026-11-27T11:00:00.000Z') },
    ]);
    assert.deepEqual(
      m.accounts.map((a) => a.accountId),
      ['111111111111', '222222222222'],
    );
    assert.equal(m.accounts[1]?.shield?.ok && m.accounts[1].shield.value.subscriptionState, 'ACTIVE');
    assert.deepEqual(replaced, ['222222222222']);
    assert.equal(m.calls.calls, 6);
    assert.equal(BundleSchema.safeParse(m).success, true);
  });
  test('refuses bundles of different partitions', () => {
    const cn = { ...bundle([]), partition: 'aws-cn' };
    assert.throws(
      () =>
        mergeBundles([
          { path: 'a', bundle: bundle([]) },
          { path: 'b', bundle: cn },
        ]),
      /b: partition aws-cn differs/,
    );
  });
});
