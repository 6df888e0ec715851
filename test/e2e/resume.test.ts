/**
 * End to end: an organization scan interrupted with SIGINT and finished with `--resume`, sharded scans
 * joined with `merge`, and a proxy throttling every third call: each must end with the same verdicts as
 * one uninterrupted, fault-free scan (per account, check, region and resource). Also: the slim accounts an
 * organization scan keeps in memory give the same finding and HTML report as the full evidence.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createOrganization,
  MANAGEMENT,
  type OrgFront,
  seedOrganizationTrail,
  startOrgFront,
} from '../../bench/org-fixture.js';
import { CHECKS } from '../../src/checks/index.js';
import { readBundle } from '../../src/evidence/bundle.js';
import { BundleSchema, type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { composeFinding } from '../../src/finding/index.js';
import { slimAccount } from '../../src/pipeline/org.js';
import { renderHtmlReport } from '../../src/render/html.js';
import { CLI, cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { seedScenario, TEST_CREDENTIALS } from '../support/seed.js';

const skip = cliBuilt() ? false : 'dist/cli/main.js is missing: run `npm run build` first';
const REGIONS = ['us-east-1', 'eu-west-1'];
const SCAN = ['--regions', REGIONS.join(','), '--quiet'];

function readResults(dir: string): Result[] {
  return ResultsSchema.parse(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
}

function verdicts(results: readonly Result[]): Map<string, string> {
  return new Map(
    results.map((r) => [
      `${r.accountId}|${r.checkId}|${r.region}|${r.resource ?? '-'}`,
      r.cause ? `${r.status} (${r.cause.code} ${r.cause.action})` : r.status,
    ]),
  );
}

/** Keys whose status differs (or that exist on one side only), with both statuses and causes. */
function differences(a: readonly Result[], b: readonly Result[]): string[] {
  const x = verdicts(a);
  const y = verdicts(b);
  return [...new Set([...x.keys(), ...y.keys()])]
    .filter((k) => x.get(k) !== y.get(k))
    .sort()
    .map((k) => `${k}: ${x.get(k) ?? 'missing'} vs ${y.get(k) ?? 'missing'}`);
}

describe('e2e: resume, merge and throttling of organization scans', { skip }, () => {
  let emu: Emulator;
  let front: OrgFront;
  let ids: string[];
  let baselineDir: string;
  let baseline: Result[];
  const env = () => ({ AWS_ENDPOINT_URL: front.endpoint });

  before(async () => {
    emu = await startAwsEmulator();
    const members = await createOrganization(emu, 4);
    await seedOrganizationTrail(emu);
    const [a, b, c, d] = members.map((m) => m.id) as [string, string, string, string];
    await seedScenario(emu, {
      name: 'management',
      account: MANAGEMENT,
      regions: { 'us-east-1': { guardduty: { status: 'ENABLED' }, macie: true }, 'eu-west-1': {} },
    });
    await seedScenario(emu, {
      name: 'a',
      account: a,
      regions: { 'us-east-1': { inspector: ['EC2'], instances: 1 }, 'eu-west-1': { macie: true } },
    });
    await seedScenario(emu, {
      name: 'b',
      account: b,
      regions: { 'us-east-1': { guardduty: { status: 'DISABLED' } }, 'eu-west-1': { buckets: ['b-eu'] } },
      proxy: { supportPlan: 'basic' },
    });
    await seedScenario(emu, {
      name: 'c',
      account: c,
      regions: { 'us-east-1': { albs: [{ name: 'c-web', scheme: 'internet-facing' }] }, 'eu-west-1': {} },
    });
    await seedScenario(emu, { name: 'd', account: d, regions: { 'us-east-1': {}, 'eu-west-1': {} } });
    ids = [MANAGEMENT, a, b, c, d].sort();
    front = await startOrgFront(emu);
    baselineDir = tempDir('watchpost-full-');
    const run = await runCli(['scan', '--org', '--out', baselineDir, '--force', ...SCAN], env());
    assert.equal(run.code, 3, run.stderr);
    baseline = readResults(baselineDir);
    assert.deepEqual([...new Set(baseline.map((r) => r.accountId))].sort(), ids);
  });
  after(async () => {
    await front?.stop();
    await emu?.stop();
  });

  test('Ctrl-C keeps finished accounts, marks the bundle incomplete; --resume finishes it', async () => {
    const dir = tempDir('watchpost-resume-');
    emu.configure({ latencyMs: 40 }); // slow enough to interrupt mid-scan
    emu.resetCounts();
    const home = tempDir('watchpost-home-');
    const child = spawn(
      process.execPath,
      [CLI, 'scan', '--org', '--account-concurrency', '1', '--out', dir, '--force', ...SCAN],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_REGION: 'us-east-1',
          AWS_CONFIG_FILE: join(home, 'c'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'k'),
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env(),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.stdout.resume();
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    // One account at a time: the third role assumption means at least one member account is finished.
    const deadline = Date.now() + 60_000;
    while ((emu.counts()['sts:AssumeRole'] ?? 0) < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    const code = await exited;
    emu.configure({ latencyMs: 0 });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/);
    const partial = BundleSchema.parse(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')));
    assert.equal(partial.complete, false);
    const pending = partial.organization?.pendingAccounts.map((p) => p.id) ?? [];
    assert.ok(pending.length >= 1, 'some accounts are pending');
    assert.ok(partial.accounts.length >= 2, `finished accounts kept (${partial.accounts.length})`);
    assert.deepEqual([...partial.accounts.map((a) => a.accountId), ...pending].sort(), ids);

    const resumed = await runCli(['scan', '--resume', dir, ...SCAN], env());
    assert.equal(resumed.code, 3, resumed.stderr);
    const final = BundleSchema.parse(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')));
    assert.equal(final.complete, true);
    assert.deepEqual(final.organization?.pendingAccounts, []);
    assert.deepEqual(final.accounts.map((a) => a.accountId).sort(), ids);
    assert.equal(final.startedAt, partial.startedAt);
    assert.deepEqual(differences(readResults(dir), baseline), []);
  });

  test('two sharded scans merged equal the full scan', async () => {
    const [s1, s2] = [tempDir('watchpost-shard-'), tempDir('watchpost-shard-')];
    const one = await runCli(
      ['scan', '--org', '--accounts', ids.slice(0, 2).join(','), '--out', s1, '--force', ...SCAN],
      env(),
    );
    const two = await runCli(
      ['scan', '--org', '--accounts', ids.slice(2).join(','), '--out', s2, '--force', ...SCAN],
      env(),
    );
    assert.ok(one.code === 0 || one.code === 3, one.stderr);
    assert.ok(two.code === 0 || two.code === 3, two.stderr);
    assert.equal(new Set(readResults(s1).map((r) => r.accountId)).size, 2);
    const merged = tempDir('watchpost-merged-');
    const m = await runCli(
      ['merge', join(s1, 'evidence.json'), join(s2, 'evidence.json'), '--out', merged, '--force', '--quiet'],
      env(),
    );
    assert.equal(m.code, 3, m.stderr);
    assert.deepEqual(differences(readResults(merged), baseline), []);
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(merged, 'evidence.json'), 'utf8')));
    assert.equal(bundle.complete, true);
    assert.equal(bundle.accounts.length, ids.length);
  });

  test('throttling every third call changes no verdict (adaptive retries absorb it)', async () => {
    front.configure({ throttleEvery: 3 });
    const dir = tempDir('watchpost-throttled-');
    let run: Awaited<ReturnType<typeof runCli>>;
    try {
      run = await runCli(['scan', '--org', '--out', dir, '--force', ...SCAN], env());
    } finally {
      front.configure({ throttleEvery: 0 });
    }
    assert.equal(run.code, 3, run.stderr);
    assert.ok(front.throttled() > 50, `throttled ${front.throttled()} calls`);
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')));
    assert.ok(bundle.calls.retries > 0, 'retries were counted');
    const results = readResults(dir);
    assert.deepEqual(
      results.filter((r) => r.cause?.kind === 'throttled').map((r) => r.checkId),
      [],
    );
    assert.deepEqual(differences(results, baseline), []);
  });

  test('the slim accounts kept in memory give the same finding and report as the full evidence', () => {
    const full = readBundle(join(baselineDir, 'evidence.json'));
    const slim = { ...full, accounts: full.accounts.map(slimAccount) };
    const results = readResults(baselineDir);
    const compose = (bundle: typeof full) =>
      composeFinding({ bundle, results, xrefs: {}, final: false }).markdown;
    const markdown = compose(full);
    assert.equal(compose(slim), markdown);
    const html = (bundle: typeof full) =>
      renderHtmlReport({ bundle, results, findingMarkdown: markdown, checks: CHECKS.map((c) => c.meta) });
    assert.equal(html(slim), html(full));
    assert.ok(JSON.stringify(slim).length < JSON.stringify(full).length, 'slim is smaller');
    for (const a of slim.accounts) {
      assert.equal(a.guardduty ?? a.inspector ?? a.macie ?? a.shield, undefined, a.accountId);
    }
  });
});
