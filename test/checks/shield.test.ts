import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shieldAdvanced } from '../../src/services/shield/checks/advanced.js';
import { accessDenied, accountEvidence, emptyWafEvidence, ok, only, run } from '../fixtures/evidence.js';

describe('shield.advanced', () => {
  test('ACTIVE → pass', () => {
    assert.equal(only(run(shieldAdvanced, accountEvidence())).status, 'pass');
  });

  test('INACTIVE with internet-facing resources → fail, worded as a costly option', () => {
    const v = only(run(shieldAdvanced, accountEvidence({ shield: ok({ subscriptionState: 'INACTIVE' }) })));
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /costly/);
    assert.equal(v.data.internetFacingLoadBalancers, 1);
  });

  test('INACTIVE and WAF evidence proves no internet-facing resources → not_applicable', () => {
    const a = accountEvidence({ shield: ok({ subscriptionState: 'INACTIVE' }), waf: emptyWafEvidence() });
    assert.equal(only(run(shieldAdvanced, a)).status, 'not_applicable');
  });

  test('INACTIVE and WAF evidence incomplete → fail (absence not proven)', () => {
    const waf = emptyWafEvidence();
    waf.loadBalancers['eu-west-1'] = accessDenied('elasticloadbalancing:DescribeLoadBalancers');
    const a = accountEvidence({ shield: ok({ subscriptionState: 'INACTIVE' }), waf });
    const v = only(run(shieldAdvanced, a));
    assert.equal(v.status, 'fail');
    assert.equal(v.data.exposureProven, false);
  });

  test('error → unknown; missing → unknown', () => {
    assert.equal(
      only(run(shieldAdvanced, accountEvidence({ shield: accessDenied('shield:GetSubscriptionState') })))
        .status,
      'unknown',
    );
    assert.equal(
      only(run(shieldAdvanced, accountEvidence({ shield: undefined }))).cause?.kind,
      'not-collected',
    );
  });
});
