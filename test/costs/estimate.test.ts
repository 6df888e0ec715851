/**
 * The cost estimate (src/costs/estimate.ts) on fixtures: each price basis, missing metrics, denied reads,
 * current costs as AWS reports them, and the price file (`--prices`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  accountCosts,
  type CostLine,
  costJson,
  estimateCosts,
  orderCostLines,
  organizationCostLines,
  totalOf,
  usd,
  usdRange,
} from '../../src/costs/estimate.js';
import { PRICES } from '../../src/costs/prices.js';
import { parsePrices } from '../../src/costs/prices-file.js';
import type { AccountEvidence, Result } from '../../src/evidence/schema.js';
import type { Usage } from '../../src/services/usage/schema.js';
import { ACCOUNT_ID, accessDenied, accountEvidence, ok } from '../fixtures/evidence.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188';
const CF = 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL';

function fail(
  checkId: string,
  region: string,
  resource: string | null = null,
  data: Result['data'] = {},
): Result {
  return {
    checkId,
    service: checkId.split('.')[0] as Result['service'],
    accountId: ACCOUNT_ID,
    region,
    resource,
    status: 'fail',
    detail: `${checkId} fails`,
    cause: null,
    data,
  };
}

function usage(over: Partial<Usage> = {}): Usage {
  return { guardduty: {}, inspector: {}, macie: {}, metrics: {}, ...over };
}

function estimate(account: AccountEvidence, results: Result[], table = PRICES): CostLine[] {
  // As costs.json has them: the basis in full, with the terms its service's lines share.
  return estimateCosts({ accounts: [account], results, table }).map(costJson);
}

function one(lines: CostLine[], service: string, region?: string): CostLine {
  const found = lines.filter((l) => l.service === service && (region === undefined || l.region === region));
  assert.equal(found.length, 1, `one ${service} line in ${region}: ${JSON.stringify(lines, null, 1)}`);
  return found[0]!;
}

/** Everything on: no gap, and current lines only. */
const off = (a: AccountEvidence): AccountEvidence => ({
  ...a,
  guardduty: { 'us-east-1': ok({ detectors: [] }), 'eu-west-1': ok({ detectors: [] }) },
  inspector: {},
  macie: {},
  shield: ok({ subscriptionState: 'INACTIVE' }),
});

describe('gaps: each price basis', () => {
  test('GuardDuty: management events and flow logs per instance, with the assumptions and the trial', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const l = one(estimate(a, [fail('guardduty.enabled', 'us-east-1')]), 'guardduty', 'us-east-1');
    assert.equal(l.kind, 'gap');
    // 100k–2M events at $4/M = $0.40–$8; 1 instance × 0.5–5 GB at $1/GB = $0.50–$5.
    assert.deepEqual(l.monthlyUsd, { low: 0.9, high: 13 });
    assert.match(l.basis, /assumed 100,000–2,000,000/);
    assert.match(l.basis, /30-day free trial/);
    assert.match(l.basis, /2026-12-02/);
    assert.match(l.item, /1 EC2 instance/);
  });

  test('Inspector off: EC2 at the region price, ECR per image with rescans, Lambda', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const lines = estimate(a, [fail('inspector.enabled', 'us-east-1')]);
    const l = one(lines, 'inspector', 'us-east-1');
    // 1 × 1.258 + 1 repo × (1..10 images) × (0.09 + (0..4) × 0.01) + 1 × 0.30
    assert.deepEqual(l.monthlyUsd, { low: 1.65, high: 2.86 });
    assert.match(l.item, /1 EC2 instance, 1 ECR repository, 1 Lambda function/);
    assert.match(l.basis, /15-day free trial/);
  });

  test('Inspector scan types: only the missing ones; a regional price wins over the default', () => {
    const a = accountEvidence({
      usage: usage(),
      inventory: {
        ...accountEvidence().inventory!,
        ec2Instances: { 'eu-west-1': ok({ ids: ['i-1', 'i-2'] }) },
      },
    });
    const l = one(
      estimate(a, [fail('inspector.scan-types', 'eu-west-1', null, { missingScanTypes: ['ec2'] })]).filter(
        (l) => l.kind === 'gap',
      ),
      'inspector',
      'eu-west-1',
    );
    assert.deepEqual(l.monthlyUsd, { low: 2.51, high: 2.51 }); // 2 × $1.2528
  });

  test('Macie: buckets, objects monitored and a share of the stored bytes, from S3 storage metrics', () => {
    const a = off(
      accountEvidence({
        usage: usage({
          metrics: {
            'us-east-1': ok({
              days: 30,
              series: [
                {
                  namespace: 'AWS/S3',
                  metric: 'BucketSizeBytes',
                  resource: 'customer-data',
                  stat: 'latest',
                  value: 100 * 1024 ** 3,
                },
                {
                  namespace: 'AWS/S3',
                  metric: 'NumberOfObjects',
                  resource: 'customer-data',
                  stat: 'latest',
                  value: 2_000_000,
                },
              ],
            }),
          },
        }),
      }),
    );
    const l = one(estimate(a, [fail('macie.enabled', 'us-east-1')]), 'macie');
    // $0.10 + 20 × $0.01 = $0.30; + 0–1% of 100 GB at $1/GB = $0–$1.
    assert.deepEqual(l.monthlyUsd, { low: 0.3, high: 1.3 });
    assert.match(l.item, /1 S3 bucket \(100\.0 GB, 2,000,000 objects\)/);
  });

  test('WAF: ALB requests from CloudWatch; one shared web ACL (low) to one each (high)', () => {
    const a = accountEvidence({
      usage: usage({
        metrics: {
          'us-east-1': ok({
            days: 30,
            series: [
              {
                namespace: 'AWS/ApplicationELB',
                metric: 'RequestCount',
                resource: ALB,
                stat: 'sum',
                value: 10_000_000,
              },
            ],
          }),
        },
      }),
    });
    const lines = estimate(a, [
      fail('waf.alb', 'us-east-1', ALB, { webAclArn: null }),
      // A web ACL that does not block is already paid for: no line.
      fail('waf.cloudfront', 'global', CF, { webAclArn: 'arn:aws:wafv2:us-east-1:1:global/webacl/x/1' }),
    ]);
    const l = one(lines, 'waf');
    // $5 + 3 × $1 + 10 × $0.60 = $14; $5 + 10 × $1 + $6 = $21.
    assert.deepEqual(l.monthlyUsd, { low: 14, high: 21 });
    assert.match(l.item, /10,000,000 requests a month/);
  });

  test('WAF: no data point for a resource counts as no requests, and says so', () => {
    const a = accountEvidence({
      usage: usage({
        metrics: {
          'us-east-1': ok({
            days: 30,
            series: [
              {
                namespace: 'AWS/ApplicationELB',
                metric: 'RequestCount',
                resource: ALB,
                stat: 'sum',
                value: null,
              },
            ],
          }),
        },
      }),
    });
    const l = one(estimate(a, [fail('waf.alb', 'us-east-1', ALB, { webAclArn: null })]), 'waf');
    assert.deepEqual(l.monthlyUsd, { low: 8, high: 15 });
    assert.match(l.basis, /no requests for 1 of them/);
  });

  test('Shield Advanced: $3,000 a month per organization, once for several accounts', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const b = { ...a, accountId: '444455556666' };
    const results = [
      fail('shield.advanced', 'global'),
      { ...fail('shield.advanced', 'global'), accountId: b.accountId },
    ];
    const lines = estimateCosts({ accounts: [a, b], results, table: PRICES })
      .map(costJson)
      .filter((l) => l.service === 'shield');
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0]!.monthlyUsd, { low: 3000, high: 3000 });
    assert.match(lines[0]!.basis, /one-year commitment/);
    assert.match(lines[0]!.basis, /AWS WAF fees/);
  });

  test('an active Shield Advanced subscription is a current cost once, however many accounts show it', () => {
    const a = accountEvidence({ usage: usage() });
    const b = { ...a, accountId: '444455556666' };
    const lines = estimateCosts({ accounts: [a, b], results: [], table: PRICES }).filter(
      (l) => l.service === 'shield',
    );
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.kind, 'current');
  });

  test('Shield Advanced in an organization: the line goes with the first account by id, whatever the order', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const b = { ...a, accountId: '000011112222' };
    const results = [
      fail('shield.advanced', 'global'),
      { ...fail('shield.advanced', 'global'), accountId: b.accountId },
    ];
    for (const accounts of [
      [a, b],
      [b, a],
    ]) {
      const lines = estimateCosts({ accounts, results, table: PRICES }).filter((l) => l.service === 'shield');
      assert.deepEqual(
        lines.map((l) => [l.accountId, l.kind]),
        [['000011112222', 'gap']],
      );
    }
  });

  test("Shield Advanced active in one account: closing the others' gap adds no monthly fee", () => {
    const active = accountEvidence({ usage: usage() });
    const b = { ...off(active), accountId: '444455556666' };
    const results = [{ ...fail('shield.advanced', 'global'), accountId: b.accountId }];
    const lines = estimateCosts({ accounts: [b, active], results, table: PRICES })
      .map(costJson)
      .filter((l) => l.service === 'shield');
    assert.deepEqual(
      lines.map((l) => [l.accountId, l.kind, l.monthlyUsd]),
      [
        [ACCOUNT_ID, 'current', { low: 3000, high: 3000 }],
        ['444455556666', 'gap', { low: 0, high: 0 }],
      ],
    );
    assert.match(lines[1]!.basis, new RegExp(`account ${ACCOUNT_ID} already has an active subscription`));
  });

  test('account by account (an organization scan) gives the lines of the whole bundle', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const b = { ...accountEvidence({ usage: usage() }), accountId: '444455556666' };
    const results = [
      fail('guardduty.enabled', 'us-east-1'),
      fail('shield.advanced', 'global'),
      fail('cloudtrail.enabled', 'us-east-1'),
      { ...fail('inspector.enabled', 'us-east-1'), accountId: b.accountId },
    ];
    const whole = estimateCosts({ accounts: [b, a], results, table: PRICES });
    const parts = [a, b].map((x) =>
      accountCosts(
        x,
        results.filter((r) => r.accountId === x.accountId),
        PRICES,
      ),
    );
    const joined = orderCostLines([
      ...parts.flatMap((p) => p.lines),
      ...organizationCostLines(
        parts.map((p) => p.facts),
        PRICES,
      ),
    ]);
    assert.ok(whole.length >= 4);
    assert.deepEqual(joined, whole);
  });

  test('CloudTrail: the first copy of management events is free; data events and Insights not estimated', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const lines = estimate(a, [
      fail('cloudtrail.enabled', 'us-east-1'),
      fail('cloudtrail.multi-region', 'global'),
      fail('cloudtrail.data-events', 'global'),
    ]).filter((l) => l.service === 'cloudtrail');
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[0]!.monthlyUsd, { low: 0, high: 3 });
    assert.match(lines[0]!.basis, /first copy of management events is free/);
    assert.equal(lines[1]!.monthlyUsd, null);
  });
});

describe('never zero for what was not read', () => {
  test('denied CloudWatch read → the WAF and Macie lines are not estimated, naming the error and the action', () => {
    const a = off(
      accountEvidence({
        usage: usage({ metrics: { 'us-east-1': accessDenied('cloudwatch:GetMetricData') } }),
      }),
    );
    const lines = estimate(a, [
      fail('waf.alb', 'us-east-1', ALB, { webAclArn: null }),
      fail('macie.enabled', 'us-east-1'),
    ]);
    for (const l of [one(lines, 'waf'), one(lines, 'macie')]) {
      assert.equal(l.monthlyUsd, null);
      assert.match(l.basis, /^Not estimated: .*AccessDenied\w* on cloudwatch:GetMetricData/);
    }
  });

  test('no usage in the evidence (older scan, --no-costs) → metric-priced lines not estimated', () => {
    const a = off(accountEvidence());
    const l = one(estimate(a, [fail('waf.alb', 'us-east-1', ALB, { webAclArn: null })]), 'waf');
    assert.equal(l.monthlyUsd, null);
    assert.match(l.basis, /read no usage/);
  });

  test('a metric missing for one resource → not estimated (never priced as zero requests)', () => {
    const a = accountEvidence({ usage: usage({ metrics: { 'us-east-1': ok({ days: 30, series: [] }) } }) });
    const l = one(estimate(a, [fail('waf.alb', 'us-east-1', ALB, { webAclArn: null })]), 'waf');
    assert.equal(l.monthlyUsd, null);
  });

  test('denied inventory read → the GuardDuty and Inspector gaps are not estimated', () => {
    const base = off(accountEvidence({ usage: usage() }));
    const a = {
      ...base,
      inventory: {
        ...base.inventory!,
        ec2Instances: { 'us-east-1': accessDenied<{ ids: string[] }>('ec2:DescribeInstances') },
      },
    };
    const lines = estimate(a, [
      fail('guardduty.enabled', 'us-east-1'),
      fail('inspector.enabled', 'us-east-1'),
    ]);
    for (const l of [one(lines, 'guardduty'), one(lines, 'inspector')]) {
      assert.equal(l.monthlyUsd, null);
      assert.match(l.basis, /ec2:DescribeInstances/);
    }
  });

  test('AppSync, Cognito, App Runner, Verified Access, Amplify: web ACL and rule fees; the request fee not counted', () => {
    const a = accountEvidence({ usage: usage() });
    const appsync = one(
      estimate(a, [
        fail('waf.appsync', 'us-east-1', 'arn:aws:appsync:us-east-1:1:apis/x', { webAclArn: null }),
      ]),
      'waf',
    );
    // low: one shared web ACL with 3 rules ($5 + $3); high: one each with 10 rules ($5 + $10).
    assert.deepEqual(appsync.monthlyUsd, { low: 8, high: 15 });
    assert.match(
      appsync.item,
      /^AWS WAF for 1 AppSync API in us-east-1 \(web ACL and rule fees; requests not counted\)$/,
    );
    assert.match(appsync.basis, /\$0\.60 per million requests, comes on top and is not counted/);
    const pools = one(
      estimate(a, [
        fail('waf.cognito', 'eu-west-1', 'arn:aws:cognito-idp:eu-west-1:1:userpool/a', { webAclArn: null }),
        fail('waf.cognito', 'eu-west-1', 'arn:aws:cognito-idp:eu-west-1:1:userpool/b', { webAclArn: null }),
      ]),
      'waf',
    );
    assert.deepEqual(pools.monthlyUsd, { low: 8, high: 30 });
    assert.match(pools.item, /2 Cognito user pools in eu-west-1/);
    for (const check of ['waf.app-runner', 'waf.verified-access', 'waf.amplify']) {
      const l = one(estimate(a, [fail(check, 'us-east-1', `arn:aws:x:us-east-1:1:${check}`, {})]), 'waf');
      assert.deepEqual(l.monthlyUsd, { low: 8, high: 15 }, check);
    }
    const amplify = one(
      estimate(a, [fail('waf.amplify', 'us-east-1', 'arn:aws:amplify:us-east-1:1:apps/x', {})]),
      'waf',
    );
    assert.match(amplify.basis, /Amplify Hosting's own charge for its firewall support is not priced/);
  });

  test('CloudTrail Insights: events analysed in each region scanned, one Insights type to both', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const n = a.scannedRegions.length;
    assert.ok(n > 1);
    const l = one(estimate(a, [fail('cloudtrail.insights', 'global')]), 'cloudtrail');
    // low: n × 100,000 events × $0.35 per 100,000; high: n × 2,000,000 events × 2 types.
    assert.deepEqual(l.monthlyUsd, { low: Math.round(n * 0.35 * 100) / 100, high: n * 14 });
    assert.match(l.item, new RegExp(`management events of ${n} regions`));
    assert.match(l.basis, /their number is not read/);
    const none = one(
      estimate({ ...a, scannedRegions: [] }, [fail('cloudtrail.insights', 'global')]),
      'cloudtrail',
    );
    assert.equal(none.monthlyUsd, null);
  });

  test('GuardDuty protection plans off: not estimated, each plan with the unit AWS charges it by', () => {
    const a = accountEvidence({ usage: usage() });
    const l = one(
      estimate(a, [
        fail('guardduty.protection-plans', 'us-east-1', null, {
          disabledPlans: ['S3 Protection', 'Runtime Monitoring'],
        }),
      ]).filter((x) => x.kind === 'gap'),
      'guardduty',
    );
    assert.equal(l.kind, 'gap');
    assert.equal(l.monthlyUsd, null);
    assert.equal(l.item, 'GuardDuty protection plans in us-east-1: S3 Protection, Runtime Monitoring');
    assert.match(l.basis, /^Not estimated: each plan is charged by a usage the scan does not read\./);
    assert.match(l.basis, /S3 Protection per S3 data event analysed/);
    assert.match(l.basis, /Runtime Monitoring per vCPU/);
    assert.deepEqual(
      estimate(a, [fail('guardduty.protection-plans', 'us-east-1', null, { disabledPlans: [] })]),
      estimate(a, []),
    );
  });

  test('unknown and accepted results make no gap line', () => {
    const a = off(accountEvidence({ usage: usage() }));
    const results = [
      { ...fail('guardduty.enabled', 'us-east-1'), status: 'unknown' as const },
      { ...fail('guardduty.enabled', 'eu-west-1'), status: 'accepted' as const },
    ];
    assert.deepEqual(
      estimate(a, results).filter((l) => l.kind === 'gap'),
      [],
    );
  });
});

describe('current costs', () => {
  test('as AWS reports them: GuardDuty, Inspector and Macie usage totals; Shield Advanced when active', () => {
    const a = accountEvidence({
      usage: usage({
        guardduty: { 'us-east-1': ok({ items: [{ type: 'total', cost: 12.5, currency: 'USD' }] }) },
        inspector: {
          'us-east-1': ok({
            items: [
              { type: 'EC2_INSTANCE_HOURS', cost: 1.26, currency: 'USD' },
              { type: 'LAMBDA_FUNCTION_HOURS', cost: 0.3, currency: 'USD' },
            ],
          }),
          'eu-west-1': accessDenied('inspector2:ListUsageTotals'),
        },
        macie: {
          'us-east-1': ok({ items: [{ type: 'DATA_INVENTORY_EVALUATION', cost: 0.1, currency: 'EUR' }] }),
        },
      }),
    });
    const lines = estimate(a, []).filter((l) => l.kind === 'current');
    assert.deepEqual(one(lines, 'guardduty', 'us-east-1').monthlyUsd, { low: 12.5, high: 12.5 });
    assert.deepEqual(one(lines, 'inspector', 'us-east-1').monthlyUsd, { low: 1.56, high: 1.56 });
    const denied = one(lines, 'inspector', 'eu-west-1');
    assert.equal(denied.monthlyUsd, null);
    assert.match(denied.basis, /inspector2:ListUsageTotals/);
    // Another currency is not converted, and not counted.
    assert.equal(one(lines, 'macie', 'us-east-1').monthlyUsd, null);
    assert.deepEqual(one(lines, 'shield').monthlyUsd, { low: 3000, high: 3000 });
    // The guardduty fixture has a detector in every region: eu-west-1 has no usage entry → not estimated.
    assert.equal(one(lines, 'guardduty', 'eu-west-1').monthlyUsd, null);
  });

  test('totals leave out the lines not estimated', () => {
    assert.deepEqual(
      totalOf([
        {
          service: 'waf',
          accountId: ACCOUNT_ID,
          region: 'x',
          item: 'a',
          kind: 'gap',
          monthlyUsd: { low: 1, high: 2 },
          basis: '',
        },
        {
          service: 'waf',
          accountId: ACCOUNT_ID,
          region: 'x',
          item: 'b',
          kind: 'gap',
          monthlyUsd: null,
          basis: '',
        },
      ]),
      { low: 1, high: 2 },
    );
    assert.equal(totalOf([]), null);
    assert.equal(usd(3000), '$3,000');
    assert.equal(usdRange({ low: 0.4, high: 8 }), '$0.40–$8.00');
  });
});

describe('--prices FILE', () => {
  test('overrides a price, a regional price and an assumption; the rest stays bundled', () => {
    const t = parsePrices(
      JSON.stringify(
        {
          date: '2027-01-15',
          prices: {
            waf: { default: { webAclPerMonth: 6 } },
            inspector: { regions: { 'eu-west-2': { ec2InstancePerMonth: 1.3 } } },
          },
          assumptions: { wafRulesPerWebAcl: { low: 1, high: 2 } },
        },
        null,
        2,
      ),
      'p.json',
    );
    assert.equal(t.date, '2027-01-15');
    assert.equal(t.prices.waf.default.webAclPerMonth, 6);
    assert.equal(t.prices.waf.default.rulePerMonth, 1);
    assert.equal(t.prices.inspector.regions['eu-west-2']!.ec2InstancePerMonth, 1.3);
    assert.equal(t.prices.inspector.regions['eu-west-1']!.ec2InstancePerMonth, 1.2528);
    assert.deepEqual(t.assumptions.wafRulesPerWebAcl, { low: 1, high: 2 });
    const a = accountEvidence({
      usage: usage({
        metrics: {
          'us-east-1': ok({
            days: 30,
            series: [
              {
                namespace: 'AWS/ApplicationELB',
                metric: 'RequestCount',
                resource: ALB,
                stat: 'sum',
                value: 0,
              },
            ],
          }),
        },
      }),
    });
    const l = one(estimate(a, [fail('waf.alb', 'us-east-1', ALB, { webAclArn: null })], t), 'waf');
    assert.deepEqual(l.monthlyUsd, { low: 7, high: 8 });
    assert.match(l.basis, /2027-01-15/);
  });

  test('mistakes are one line naming the file and the line', () => {
    const bad = (text: string, re: RegExp) => assert.throws(() => parsePrices(text, 'p.json'), re);
    bad(
      '{\n  "prices": {\n    "waf": {\n      "default": { "webAclPerMonth": -1 }\n    }\n  }\n}',
      /^InputError: p\.json:4: webAclPerMonth must be a number ≥ 0$|p\.json:4: webAclPerMonth must be a number/,
    );
    bad('{\n  "prices": {\n    "wef": {}\n  }\n}', /p\.json:3: unknown service "wef"/);
    bad('{\n  "date": "soon"\n}', /p\.json:2: date must be YYYY-MM-DD/);
    bad(
      '{\n  "assumptions": {\n    "wafRulesPerWebAcl": { "low": 5, "high": 1 }\n  }\n}',
      /p\.json:3: .*low is above high/,
    );
    bad('{\n  "prices": {\n', /p\.json:\d+: not valid JSON/);
    bad('{"currency": "EUR"}', /p\.json:1: currency must be "USD"/);
    for (const text of ['{"x": 1}', '[1]'])
      assert.throws(
        () => parsePrices(text, 'p.json'),
        (e: Error) => !e.message.includes('\n'),
      );
  });
});

describe('the cost table of a large organization', () => {
  test('more than 40 lines over several accounts: one row per service, summed, costs.json keeps each', async () => {
    const { costBlocks } = await import('../../src/finding/costs.js');
    const { plainText } = await import('../../src/finding/document.js');
    const lines: CostLine[] = [];
    for (let i = 0; i < 30; i++) {
      const accountId = String(100000000000 + i);
      for (const region of ['eu-west-1', 'us-east-1'])
        lines.push({
          service: 'guardduty',
          accountId,
          region,
          item: `GuardDuty in ${region}`,
          kind: 'gap',
          monthlyUsd: { low: 1, high: 2 },
          basis: 'b',
        });
      lines.push({
        service: 'waf',
        accountId,
        region: 'eu-west-1',
        item: 'AWS WAF for 1 AppSync API',
        kind: 'gap',
        monthlyUsd: i === 0 ? null : { low: 8, high: 15 },
        basis: 'b',
      });
    }
    const blocks = costBlocks({ lines, table: PRICES });
    const tables = blocks.filter((b) => b.t === 'table');
    assert.equal(tables.length, 1);
    const t = tables[0]!;
    if (t.t !== 'table') throw new Error('unreachable');
    assert.deepEqual(
      t.header.map((h) => plainText(h)),
      ['Service', 'Items', 'Estimate a month (USD)', 'Basis'],
    );
    const rows = t.rows.map((r) => r.map((c) => plainText(c)));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0]!.slice(0, 3), [
      'GuardDuty',
      '60 items in 30 accounts, 2 regions',
      '$60.00–$120',
    ]);
    assert.deepEqual(rows[1]!.slice(0, 3), ['WAF', '30 items in 30 accounts, 1 region', '$232–$435']);
    assert.match(rows[1]![3]!, /1 item could not be estimated and is left out of the sum/);
    // A few lines stay one row each.
    const few = costBlocks({ lines: lines.slice(0, 9), table: PRICES }).find((b) => b.t === 'table');
    if (few?.t !== 'table') throw new Error('no table');
    assert.equal(few.rows.length, 9);
  });
});
