import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cloudtrailInsights as check } from '../../src/services/cloudtrail/checks/insights.js';
import { interpretInsights } from '../../src/services/cloudtrail/collect.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  cloudtrailEvidence,
  err,
  ok,
  only,
  run,
  trail,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const off = ok({ types: [] as string[], basis: 'InsightNotEnabledException: test' });
const stopped = ok({
  isLogging: false,
  latestDeliveryTime: null,
  latestDeliveryError: null,
  latestCloudWatchLogsDeliveryTime: null,
});

describe('cloudtrail.insights', () => {
  test('a logging trail with Insights → pass naming the types', () => {
    const v = only(run(check, accountEvidence()));
    assert.equal(v.status, 'pass');
    assert.match(v.detail, /ApiCallRateInsight/);
  });

  test('every logging trail answered InsightNotEnabledException → fail', () => {
    const v = only(
      run(check, accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ insights: off })]) })),
    );
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /main-trail/);
  });

  test('Insights only on a stopped trail → fail', () => {
    const a = accountEvidence({
      cloudtrail: cloudtrailEvidence([trail({ insights: off }), trail({ name: 'old', status: stopped })]),
    });
    assert.equal(only(run(check, a)).status, 'fail');
  });

  test('one trail unreadable, another with Insights → pass; unreadable and none proven → unknown', () => {
    const denied = accessDenied('cloudtrail:GetInsightSelectors') as ReturnType<typeof trail>['insights'];
    const pass = accountEvidence({
      cloudtrail: cloudtrailEvidence([trail({ name: 'a', insights: denied }), trail({ name: 'b' })]),
    });
    assert.equal(only(run(check, pass)).status, 'pass');
    const unknown = accountEvidence({
      cloudtrail: cloudtrailEvidence([
        trail({ name: 'a', insights: denied }),
        trail({ name: 'b', insights: off }),
      ]),
    });
    const v = only(run(check, unknown));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'cloudtrail:GetInsightSelectors');
  });

  test('evidence from before the read → unknown (not collected)', () => {
    const v = only(
      run(check, accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ insights: undefined })]) })),
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
  });

  test('no logging trail → not_applicable; no trail with an incomplete list → unknown', () => {
    const none = accountEvidence({ cloudtrail: cloudtrailEvidence([]) });
    assert.equal(only(run(check, none)).status, 'not_applicable');
    const gap = accountEvidence({
      cloudtrail: {
        regions: {
          'us-east-1': accessDenied('cloudtrail:DescribeTrails'),
          'eu-west-1': ok({ trailArns: [] }),
        },
        trails: [],
      },
    });
    assert.equal(only(run(check, gap)).status, 'unknown');
  });

  test('the finding says Insights was not enabled and claims the fail', () => {
    const s = spoken('cloudtrail', [result('cloudtrail.insights', 'fail')]);
    assert.match(s.text, /CloudTrail Insights was not enabled on any logging trail/);
    assert.equal(s.claims.length, 1);
  });
});

describe('GetInsightSelectors → evidence', () => {
  test('InsightNotEnabledException is proof of none; other errors stay errors', () => {
    const none = interpretInsights(
      err('other', 'InsightNotEnabledException', 'cloudtrail:GetInsightSelectors'),
    );
    assert.deepEqual(none.ok && none.value.types, []);
    const denied = interpretInsights(accessDenied('cloudtrail:GetInsightSelectors'));
    assert.equal(denied.ok, false);
  });
  test('the types answered are kept', () => {
    const v = interpretInsights(
      ok({
        InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
      }),
    );
    assert.deepEqual(v.ok && v.value.types, ['ApiCallRateInsight', 'ApiErrorRateInsight']);
  });
});
