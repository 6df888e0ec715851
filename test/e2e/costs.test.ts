/**
 * End to end (built CLI, moto with the proxy's usage fills): the cost estimate from seeded inventory and
 * CloudWatch metrics. us-east-1: GuardDuty on (AWS reports $12.34), Macie off with a bucket of 50 GiB and
 * 1,000,000 objects, an internet-facing ALB without a web ACL that served 3,000,000 requests;
 * eu-west-1: GuardDuty off with 2 instances; ap-southeast-2: an ALB without a web ACL, CloudWatch denied.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CostLine } from '../../src/costs/estimate.js';
import { cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { type Scenario, seedAlb, seedMetric, seedScenario, target } from '../support/seed.js';
import { type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const ROOT = join(import.meta.dirname, '..', '..');

const scenario: Scenario = {
  name: 'costs',
  regions: {
    'us-east-1': { guardduty: { status: 'ENABLED' }, buckets: ['cost15-data'] },
    'eu-west-1': { instances: 2 },
    'ap-southeast-2': {},
  },
  faults: [
    { region: 'ap-southeast-2', service: 'monitoring', operation: 'GetMetricData', fault: 'access-denied' },
  ],
  proxy: { supportPlan: 'business', usage: { 'us-east-1': { guardduty: 12.34 } } },
};

describe('e2e: the cost estimate', { skip }, () => {
  let emu: Emulator;
  let run: ScanRun;
  let lines: CostLine[];
  const line = (service: string, region: string, kind: CostLine['kind']): CostLine => {
    const hits = lines.filter((l) => l.service === service && l.region === region && l.kind === kind);
    assert.equal(hits.length, 1, `${service} ${region} ${kind}: ${JSON.stringify(lines, null, 1)}`);
    return hits[0]!;
  };

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, scenario);
    const t = target(emu);
    const alb = await seedAlb(t, 'us-east-1', { name: 'cost15-web', scheme: 'internet-facing' });
    await seedAlb(t, 'ap-southeast-2', { name: 'cost15-syd', scheme: 'internet-facing' });
    const dim = alb.slice(alb.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
    await seedMetric(t, 'us-east-1', {
      namespace: 'AWS/ApplicationELB',
      metric: 'RequestCount',
      dimensions: { LoadBalancer: dim },
      values: [1_000_000, 1_000_000, 1_000_000],
    });
    await seedMetric(t, 'us-east-1', {
      namespace: 'AWS/S3',
      metric: 'BucketSizeBytes',
      dimensions: { BucketName: 'cost15-data', StorageType: 'StandardStorage' },
      values: [50 * 1024 ** 3, 40 * 1024 ** 3],
    });
    await seedMetric(t, 'us-east-1', {
      namespace: 'AWS/S3',
      metric: 'NumberOfObjects',
      dimensions: { BucketName: 'cost15-data', StorageType: 'AllStorageTypes' },
      values: [1_000_000, 900_000],
    });
    emu.resetCounts();
    run = await scanWith(emu, ['--services', 'guardduty,macie,waf', '--max-attempts', '1']);
    lines = JSON.parse(readFileSync(join(run.out, 'costs.json'), 'utf8')) as CostLine[];
  });
  after(async () => {
    await emu?.stop();
  });

  test('costs.json: every line has the documented fields, in order', () => {
    assert.ok(lines.length > 0);
    for (const l of lines) {
      assert.deepEqual(Object.keys(l), [
        'service',
        'accountId',
        'region',
        'item',
        'kind',
        'monthlyUsd',
        'basis',
      ]);
      assert.ok(l.monthlyUsd === null || l.monthlyUsd.low <= l.monthlyUsd.high);
    }
  });

  test('current cost as GuardDuty reports it', () => {
    assert.deepEqual(line('guardduty', 'us-east-1', 'current').monthlyUsd, { low: 12.34, high: 12.34 });
  });

  test('GuardDuty off with 2 instances: the range from events and flow logs per instance', () => {
    const l = line('guardduty', 'eu-west-1', 'gap');
    // $0.40–$8 of events + 2 × 0.5–5 GB at $1.
    assert.deepEqual(l.monthlyUsd, { low: 1.4, high: 18 });
  });

  test('Macie off: the bucket and its latest stored size and object count from CloudWatch', () => {
    const l = line('macie', 'us-east-1', 'gap');
    assert.match(l.item, /1 S3 bucket \(50\.0 GB, 1,000,000 objects\)/);
    // $0.10 + 10 × $0.01; + 0–1% of 50 GB at $1.
    assert.deepEqual(l.monthlyUsd, { low: 0.2, high: 0.7 });
  });

  test('WAF: the ALB without a web ACL priced from its 30 days of requests', () => {
    const l = line('waf', 'us-east-1', 'gap');
    assert.match(l.item, /3,000,000 requests a month/);
    // $5 + 3 rules + 3 × $0.60; $5 + 10 rules + $1.80.
    assert.deepEqual(l.monthlyUsd, { low: 9.8, high: 16.8 });
  });

  test('a denied CloudWatch read leaves the line not estimated, naming the action; never zero', () => {
    const l = line('waf', 'ap-southeast-2', 'gap');
    assert.equal(l.monthlyUsd, null);
    assert.match(l.basis, /cloudwatch:GetMetricData/);
  });

  test('one GetMetricData per region that needs metrics; usage read only where the service is on', () => {
    const counts = emu.counts();
    assert.equal(counts['monitoring:GetMetricData'], 2, JSON.stringify(counts));
    assert.equal(counts['guardduty:GetUsageStatistics'], 1);
    assert.equal(counts['macie2:GetUsageTotals'] ?? 0, 0);
  });

  test('the default finding and report.html show the table, with the caveat', () => {
    const md = readFileSync(join(run.out, 'finding.md'), 'utf8');
    assert.match(md, /Estimates, not quotes/);
    assert.match(
      md,
      /\| AWS WAF for 1 Application Load Balancer in us-east-1 \(3,000,000 requests a month\) \|/,
    );
    assert.match(md, /Most of these services are charged for/); // the existing caveat stays
    const html = readFileSync(join(run.out, 'report.html'), 'utf8');
    assert.match(html, /<section id="costs"/);
  });

  test('the seed template with {==COSTS==} added renders the table; --no-costs leaves it out', async () => {
    const seed = readFileSync(join(ROOT, 'test', 'finding', 'fixtures', 'seed-template.txt'), 'utf8');
    const anchor = 'justify the respective increase in costs.';
    assert.ok(seed.includes(anchor));
    const tpl = join(tempDir(), 'seed-costs.md');
    writeFileSync(tpl, seed.replace(anchor, `${anchor}\n\n{==COSTS==}`));
    const out = tempDir();
    const r = await runCli(
      ['report', join(run.out, 'evidence.json'), '--template', tpl, '--out', out, '--force', '--quiet'],
      {},
    );
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    const md = readFileSync(join(out, 'finding.md'), 'utf8');
    assert.match(md, /\*\*What closing the gaps would cost\*\*/);
    assert.match(md, /\| Item \| Region \| Estimate a month \(USD\) \| Basis \|/);
    // What the lines of a service share is said once, under the table.
    assert.match(md, /Terms and sources of the prices:\n\n- \*\*[^*]+:\*\* /);
    assert.doesNotMatch(md, /COSTS/);
    const none = tempDir();
    const r2 = await runCli(
      [
        'report',
        join(run.out, 'evidence.json'),
        '--template',
        tpl,
        '--no-costs',
        '--out',
        none,
        '--force',
        '--quiet',
      ],
      {},
    );
    assert.ok(r2.code === 0 || r2.code === 3, r2.stderr);
    assert.doesNotMatch(readFileSync(join(none, 'finding.md'), 'utf8'), /Estimate a month|COSTS/);
    assert.equal(existsSync(join(none, 'costs.json')), false);
  });

  test('scan --no-costs: no usage read, no costs.json, no table', async () => {
    emu.resetCounts();
    const bare = await scanWith(emu, [
      '--services',
      'guardduty,macie,waf',
      '--max-attempts',
      '1',
      '--no-costs',
    ]);
    const counts = emu.counts();
    assert.equal(counts['monitoring:GetMetricData'] ?? 0, 0, JSON.stringify(counts));
    assert.equal(counts['guardduty:GetUsageStatistics'] ?? 0, 0);
    assert.equal(existsSync(join(bare.out, 'costs.json')), false);
    const evidence = JSON.parse(readFileSync(join(bare.out, 'evidence.json'), 'utf8')) as {
      accounts: Record<string, unknown>[];
    };
    assert.equal(evidence.accounts[0]!.usage, undefined);
    assert.doesNotMatch(readFileSync(join(bare.out, 'finding.md'), 'utf8'), /Estimate a month/);
  });

  test('--prices: a malformed file stops the report with FILE:LINE (exit 2), nothing written', async () => {
    const dir = tempDir();
    const prices = join(dir, 'prices.json');
    writeFileSync(
      prices,
      '{\n  "prices": {\n    "waf": { "default": { "webAclPerMonth": "five" } }\n  }\n}\n',
    );
    const out = join(dir, 'out');
    const r = await runCli(['report', join(run.out, 'evidence.json'), '--prices', prices, '--out', out], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /prices\.json:3: webAclPerMonth must be a number/);
    assert.equal(existsSync(out), false);
  });
});
