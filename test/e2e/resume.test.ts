/**
 * End to end: an organization scan interrupted with SIGINT and finished with `--resume DIR` alone (the
 * scan's parameters are recorded in DIR; options that contradict them stop the run, DIR untouched; a DIR
 * without them resumes with the options given, as before), sharded scans
 * joined with `merge`, and a proxy throttling every third call: each must end with the same verdicts as
 * one uninterrupted, fault-free scan (per account, check, region and resource). Also: the slim accounts an
 * organization scan keeps in memory give the same finding and HTML report as the full evidence.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createOrganization,
  MANAGEMENT,
  type OrgFront,
  seedOrganizationTrail,
  startOrgFront,
} from '../../bench/org-fixture.js';
import { readBundle } from '../../src/evidence/bundle.js';
import { BundleSchema, type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { composeFinding } from '../../src/finding/index.js';
import { slimAccount } from '../../src/pipeline/org.js';
import { renderHtmlReport } from '../../src/render/html.js';
import { CHECKS } from '../../src/services/registry.js';
import { CLI, cliBuilt, isolatedCliEnv, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { seedScenario } from '../support/seed.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const REGIONS = ['us-east-1', 'eu-west-1'];
const SCAN = ['--regions', REGIONS.join(','), '--quiet'];

/** Every file in `dir` with its content hash and mtime: what "untouched" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    out[name] = `${createHash('sha256').update(readFileSync(p)).digest('hex')}@${statSync(p).mtimeMs}`;
  }
  return out;
}

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

  test('Ctrl-C keeps finished accounts, marks the bundle incomplete; --resume DIR alone finishes it', async () => {
    const dir = tempDir('watchpost-resume-');
    emu.configure({ latencyMs: 40 }); // slow enough to interrupt mid-scan
    emu.resetCounts();
    const home = tempDir('watchpost-home-');
    const child = spawn(
      process.execPath,
      [CLI, 'scan', '--org', '--account-concurrency', '1', '--out', dir, '--force', ...SCAN],
      {
        env: { ...isolatedCliEnv(home), ...env() },
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

    // The scan's parameters are recorded next to its evidence (no external id was used, so none is noted).
    const parameters = JSON.parse(readFileSync(join(dir, 'scan-parameters.json'), 'utf8'));
    assert.deepEqual(parameters, {
      format: 1,
      startedAt: partial.startedAt,
      profile: null,
      regions: REGIONS,
      services: null,
      roleName: 'OrganizationAccountAccessRole',
      externalId: false,
      accounts: null,
      excludeAccounts: null,
      shard: null,
    });

    // Options that contradict the recorded scan: exit 2, one line naming the option and the recorded
    // value, before any AWS call, and nothing in DIR changes.
    const before = snapshot(dir);
    emu.resetCounts();
    const contradictions: [string[], RegExp][] = [
      [
        ['--regions', 'eu-west-1'],
        /^watchpost: --regions eu-west-1 contradicts the scan being resumed in .+, which was started with --regions us-east-1,eu-west-1; leave --regions out to use the recorded value\n$/,
      ],
      [
        ['--services', 'guardduty'],
        /^watchpost: --services guardduty contradicts .* every service \(no --services\)/,
      ],
      [
        ['--role-name', 'WatchpostAudit'],
        /--role-name WatchpostAudit contradicts .* --role-name OrganizationAccountAccessRole;/,
      ],
      [['--accounts', ids[0]!], /--accounts \d{12} contradicts .* every active account/],
      [['--external-id', 'wp-ext-secret'], /--external-id contradicts .* no --external-id;/],
    ];
    const runs = await Promise.all(
      contradictions.map(([args]) => runCli(['scan', '--resume', dir, ...args], env())),
    );
    contradictions.forEach(([args, message], i) => {
      const run = runs[i]!;
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.ok(!run.stderr.includes('wp-ext-secret'));
      assert.equal(run.stdout, '');
    });
    assert.deepEqual(emu.counts(), {}, 'no AWS call');
    assert.deepEqual(snapshot(dir), before, 'DIR untouched');

    // A copy of the folder as an older watchpost left it (no recorded parameters): resumed as before,
    // with the options given, and a note saying so.
    const older = tempDir('watchpost-resume-older-');
    cpSync(dir, older, { recursive: true });
    rmSync(join(older, 'scan-parameters.json'));
    // A copy whose evidence belongs to another organization: the credentials reach this one, so the
    // resume stops after listing the organization, before any account is entered; the copy is untouched.
    const otherOrg = tempDir('watchpost-resume-other-org-');
    cpSync(dir, otherOrg, { recursive: true });
    const evidence = JSON.parse(readFileSync(join(otherOrg, 'evidence.json'), 'utf8'));
    evidence.organization.id = 'o-0therorg00';
    writeFileSync(join(otherOrg, 'evidence.json'), JSON.stringify(evidence));
    const otherBefore = snapshot(otherOrg);
    // A copy as if the scan had used --external-id (never stored): it must be given again.
    const withId = tempDir('watchpost-resume-external-id-');
    cpSync(dir, withId, { recursive: true });
    writeFileSync(join(withId, 'scan-parameters.json'), JSON.stringify({ ...parameters, externalId: true }));
    const withIdBefore = snapshot(withId);
    const [wrongOrg, noId] = await Promise.all([
      runCli(['scan', '--resume', otherOrg, '--quiet'], env()),
      runCli(['scan', '--resume', withId, '--quiet'], env()),
    ]);
    assert.equal(noId.code, 2, noId.stderr);
    assert.match(
      noId.stderr,
      /^watchpost: the scan being resumed in .+ assumed its roles with --external-id, which watchpost does not store; give --external-id again\n$/,
    );
    assert.deepEqual(snapshot(withId), withIdBefore);
    assert.equal(wrongOrg.code, 2, wrongOrg.stderr);
    assert.match(
      wrongOrg.stderr,
      /^watchpost: --resume: these credentials reach organization o-\w+, not o-0therorg00 of the scan being resumed\n$/,
    );
    assert.deepEqual(snapshot(otherOrg), otherBefore);

    // `--resume DIR` alone: the recorded regions are used (an unrestricted scan would differ from the
    // baseline in every other region).
    const resumed = await runCli(['scan', '--resume', dir, '--quiet'], env());
    assert.equal(resumed.code, 3, resumed.stderr);
    assert.equal(resumed.stderr, '');
    const final = BundleSchema.parse(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')));
    assert.equal(final.complete, true);
    assert.deepEqual(final.organization?.pendingAccounts, []);
    assert.deepEqual(final.accounts.map((a) => a.accountId).sort(), ids);
    assert.equal(final.startedAt, partial.startedAt);
    assert.deepEqual(differences(readResults(dir), baseline), []);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'scan-parameters.json'), 'utf8')), parameters);

    const old = await runCli(['scan', '--resume', older, '--regions', REGIONS.join(',')], env());
    assert.equal(old.code, 3, old.stderr);
    assert.match(
      old.stderr,
      /holds no recorded scan parameters \(an older watchpost wrote it\): resuming with the options given now/,
    );
    assert.deepEqual(differences(readResults(older), baseline), []);
    // from now on it remembers them
    assert.deepEqual(JSON.parse(readFileSync(join(older, 'scan-parameters.json'), 'utf8')), parameters);
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
    const compose = (bundle: typeof full) => composeFinding({ bundle, results, xrefs: {}, final: false });
    const finding = compose(full);
    assert.equal(compose(slim).markdown, finding.markdown);
    const html = (bundle: typeof full) =>
      renderHtmlReport({ bundle, results, finding: finding.document, checks: CHECKS.map((c) => c.meta) });
    assert.equal(html(slim), html(full));
    assert.ok(JSON.stringify(slim).length < JSON.stringify(full).length, 'slim is smaller');
    for (const a of slim.accounts) {
      assert.equal(a.guardduty ?? a.inspector ?? a.macie ?? a.shield, undefined, a.accountId);
    }
  });
});
