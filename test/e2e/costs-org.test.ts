/**
 * End to end (built CLI, moto through the organization front): the cost estimate of `scan --org`. Each
 * account's lines are made as it is judged, from its whole evidence; the organization-wide Shield Advanced
 * line once. The scan's costs.json, finding table and report.html section are those `watchpost report`
 * makes from its evidence.json, and `merge` of its shards makes the same costs.json. `--no-costs` makes
 * no usage read in any account, in worker threads or not.
 *
 * The management account: Shield Advanced active, GuardDuty on in us-east-1 (AWS reports $7.50).
 * Members: GuardDuty off with 2 instances in us-east-1; GuardDuty off with 1 instance and Macie off with a
 * bucket in eu-west-1.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createOrganization, MANAGEMENT, type OrgFront, startOrgFront } from '../../bench/org-fixture.js';
import type { CostLine } from '../../src/costs/estimate.js';
import { type CliResult, cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { seedScenario } from '../support/seed.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const REGIONS = ['us-east-1', 'eu-west-1'];
const SERVICES = 'guardduty,macie,shield';
const USAGE_READS = [
  'guardduty:GetUsageStatistics',
  'inspector2:ListUsageTotals',
  'macie2:GetUsageTotals',
  'monitoring:GetMetricData',
];

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const costsOf = (dir: string) => JSON.parse(read(dir, 'costs.json')) as CostLine[];
/** The cost table of a finding: from its caveat to the terms and sources under it. */
const costTable = (md: string) =>
  /Estimates, not quotes[\s\S]*?Terms and sources of the prices:\n\n(?:- [^\n]*\n)*/.exec(md)?.[0] ?? '';
const costSection = (html: string) => /<section id="costs"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describe('e2e: the cost estimate of an organization scan', { skip }, () => {
  let emu: Emulator;
  let front: OrgFront;
  let m0: string;
  let m1: string;
  let out: string;
  let scan: CliResult;

  const orgScan = (dir: string, extra: string[]) =>
    runCli(
      [
        'scan',
        '--org',
        '--regions',
        REGIONS.join(','),
        '--services',
        SERVICES,
        '--max-attempts',
        '1',
        '--out',
        dir,
        '--force',
        ...extra,
      ],
      { AWS_ENDPOINT_URL: front.endpoint },
    );

  before(async () => {
    emu = await startAwsEmulator();
    const members = await createOrganization(emu, 2);
    [m0, m1] = members.map((m) => m.id) as [string, string];
    await seedScenario(emu, {
      name: 'management',
      account: MANAGEMENT,
      regions: { 'us-east-1': { guardduty: { status: 'ENABLED' }, macie: true }, 'eu-west-1': {} },
      proxy: { supportPlan: 'business', shield: 'ACTIVE', usage: { 'us-east-1': { guardduty: 7.5 } } },
    });
    await seedScenario(emu, {
      name: 'member-instances',
      account: m0,
      regions: { 'us-east-1': { instances: 2, macie: true }, 'eu-west-1': { macie: true } },
    });
    await seedScenario(emu, {
      name: 'member-bucket',
      account: m1,
      regions: {
        'us-east-1': { macie: true },
        'eu-west-1': { instances: 1, macie: false, buckets: ['cost15-org-data'] },
      },
    });
    front = await startOrgFront(emu, {});
    out = tempDir('watchpost-costs-org-');
    scan = await orgScan(out, ['--workers', '2']);
  });
  after(async () => {
    await front?.stop();
    await emu?.stop();
  });

  test('scan --org writes costs.json, the finding table and the report.html section', () => {
    assert.equal(scan.code, 3, scan.stderr);
    // No more "run watchpost report for the estimate".
    assert.doesNotMatch(scan.stderr, /cost estimate of an organization scan/);
    const lines = costsOf(out);
    const accounts = new Set(lines.map((l) => l.accountId));
    assert.deepEqual([...accounts].sort(), [MANAGEMENT, m0, m1].sort());
    const gd = lines.filter(
      (l) => l.service === 'guardduty' && l.accountId === m0 && l.region === 'us-east-1',
    );
    assert.equal(gd.length, 1, JSON.stringify(lines, null, 1));
    // $0.40–$8 of events + 2 × 0.5–5 GB at $1.
    assert.deepEqual(gd[0]!.monthlyUsd, { low: 1.4, high: 18 });
    const current = lines.find(
      (l) => l.accountId === MANAGEMENT && l.service === 'guardduty' && l.kind === 'current',
    );
    assert.deepEqual(current?.monthlyUsd, { low: 7.5, high: 7.5 });
    assert.match(costTable(read(out, 'finding.md')), /\| Account \| Item \|/);
    assert.notEqual(costSection(read(out, 'report.html')), '');
  });

  test('Shield Advanced: priced once for the organization; the active subscription already pays the fee', () => {
    const shield = costsOf(out).filter((l) => l.service === 'shield');
    assert.equal(shield.length, 2, JSON.stringify(shield, null, 1));
    const current = shield.find((l) => l.kind === 'current');
    assert.equal(current?.accountId, MANAGEMENT);
    assert.deepEqual(current?.monthlyUsd, { low: 3000, high: 3000 });
    const gap = shield.find((l) => l.kind === 'gap');
    // The first member (by id) without a subscription; subscribing it adds no monthly fee.
    assert.equal(gap?.accountId, [m0, m1].sort()[0]);
    assert.deepEqual(gap?.monthlyUsd, { low: 0, high: 0 });
    assert.match(gap!.basis, new RegExp(`account ${MANAGEMENT} already has an active subscription`));
  });

  test('the same costs.json, finding table and report.html section as `report` of its evidence.json', async () => {
    const again = tempDir('watchpost-costs-org-report-');
    const r = await runCli(['report', join(out, 'evidence.json'), '--out', again, '--force', '--quiet'], {});
    assert.equal(r.code, 3, r.stderr);
    assert.equal(read(out, 'costs.json'), read(again, 'costs.json'));
    const table = costTable(read(out, 'finding.md'));
    assert.notEqual(table, '');
    assert.equal(table, costTable(read(again, 'finding.md')));
    assert.equal(costSection(read(out, 'report.html')), costSection(read(again, 'report.html')));
  });

  test('merge of its shards writes the same costs.json', async () => {
    const dir = tempDir('watchpost-costs-shards-');
    const runs = await Promise.all(
      ['1/2', '2/2'].map((s, i) =>
        orgScan(join(dir, `s${i}`), ['--shard', s, '--shard-run', 'costs-1', '--workers', '0', '--quiet']),
      ),
    );
    for (const r of runs) assert.ok([0, 3].includes(r.code), r.stderr);
    const merged = join(dir, 'merged');
    const m = await runCli(
      [
        'merge',
        join(dir, 's1', 'evidence.json'),
        join(dir, 's0', 'evidence.json'),
        '--out',
        merged,
        '--quiet',
      ],
      {},
    );
    assert.equal(m.code, 3, m.stderr);
    assert.equal(read(merged, 'costs.json'), read(out, 'costs.json'));
  });

  test('--resume: the accounts carried over are priced as the scan priced them', async () => {
    const dir = tempDir('watchpost-costs-org-resume-');
    cpSync(out, dir, { recursive: true });
    emu.resetCounts();
    const r = await runCli(['scan', '--resume', dir, '--quiet'], { AWS_ENDPOINT_URL: front.endpoint });
    assert.equal(r.code, 3, r.stderr);
    // Every account was carried over from evidence.json, none scanned again.
    assert.equal(emu.counts()['sts:AssumeRole'] ?? 0, 0, JSON.stringify(emu.counts()));
    assert.equal(read(dir, 'costs.json'), read(out, 'costs.json'));
  });

  for (const workers of ['0', '2']) {
    test(`--no-costs (--workers ${workers}): no usage read in any account, no costs.json, no table`, async () => {
      emu.resetCounts();
      const dir = tempDir('watchpost-costs-org-none-');
      const r = await orgScan(dir, ['--no-costs', '--workers', workers, '--quiet']);
      assert.equal(r.code, 3, r.stderr);
      const counts = emu.counts();
      // The scan itself ran (a check that can fail: the counts are of this scan).
      assert.ok((counts['guardduty:ListDetectors'] ?? 0) > 0, JSON.stringify(counts));
      for (const op of USAGE_READS) assert.equal(counts[op] ?? 0, 0, `${op}: ${JSON.stringify(counts)}`);
      const evidence = JSON.parse(read(dir, 'evidence.json')) as { accounts: Record<string, unknown>[] };
      assert.equal(evidence.accounts.length, 3);
      for (const a of evidence.accounts) assert.equal(a.usage, undefined);
      assert.equal(existsSync(join(dir, 'costs.json')), false);
      assert.doesNotMatch(read(dir, 'finding.md'), /Estimate a month/);
      assert.doesNotMatch(read(dir, 'report.html'), /<section id="costs"/);
    });
  }

  test('the scan with costs made the usage reads (what --no-costs leaves out)', async () => {
    emu.resetCounts();
    const dir = tempDir('watchpost-costs-org-reads-');
    const r = await orgScan(dir, ['--workers', '2', '--quiet']);
    assert.equal(r.code, 3, r.stderr);
    const counts = emu.counts();
    assert.ok((counts['guardduty:GetUsageStatistics'] ?? 0) > 0, JSON.stringify(counts));
    assert.ok((counts['monitoring:GetMetricData'] ?? 0) > 0, JSON.stringify(counts));
  });
});
