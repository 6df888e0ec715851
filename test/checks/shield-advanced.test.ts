/** The Shield Advanced checks read only with an ACTIVE subscription: protections, mitigation, engagement, renewal. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckDefinition } from '../../src/checks/types.js';
import { shieldAppLayerMitigation } from '../../src/services/shield/checks/app-layer-mitigation.js';
import { shieldAutoRenew } from '../../src/services/shield/checks/auto-renew.js';
import { shieldProactiveEngagement } from '../../src/services/shield/checks/proactive-engagement.js';
import { shieldProtections } from '../../src/services/shield/checks/protections.js';
import type { ShieldAdvancedEvidence } from '../../src/services/shield/schema.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  emptyWafEvidence,
  err,
  ok,
  only,
  run,
  SHIELD_EIP_ARN,
  SHIELD_ZONE_ARN,
  shieldAdvancedEvidence,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188';
const CF = 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL';

const withAdvanced = (o: Partial<ShieldAdvancedEvidence>) =>
  accountEvidence({ shield: ok({ subscriptionState: 'ACTIVE', advanced: shieldAdvancedEvidence(o) }) });

const ALL: CheckDefinition[] = [
  shieldProtections,
  shieldAppLayerMitigation,
  shieldProactiveEngagement,
  shieldAutoRenew,
];

describe('Shield Advanced checks: the subscription gate', () => {
  for (const check of ALL) {
    test(`${check.meta.id}: INACTIVE → not_applicable (never fail without a subscription)`, () => {
      const v = only(run(check, accountEvidence({ shield: ok({ subscriptionState: 'INACTIVE' }) })));
      assert.equal(v.status, 'not_applicable');
    });
    test(`${check.meta.id}: subscription unknown → unknown; not collected → unknown`, () => {
      const denied = only(
        run(check, accountEvidence({ shield: accessDenied('shield:GetSubscriptionState') })),
      );
      assert.equal(denied.status, 'unknown');
      assert.equal(denied.cause?.action, 'shield:GetSubscriptionState');
      assert.equal(only(run(check, accountEvidence({ shield: undefined }))).cause?.kind, 'not-collected');
      const odd = only(run(check, accountEvidence({ shield: ok({ subscriptionState: 'PENDING' }) })));
      assert.equal(odd.status, 'unknown');
    });
    test(`${check.meta.id}: ACTIVE in a bundle without the Shield Advanced reads → unknown (not collected)`, () => {
      const v = only(run(check, accountEvidence({ shield: ok({ subscriptionState: 'ACTIVE' }) })));
      assert.equal(v.status, 'unknown');
      assert.equal(v.cause?.kind, 'not-collected');
    });
    test(`${check.meta.id}: the healthy fixture has no fail and no unknown`, () => {
      for (const v of run(check, accountEvidence()))
        assert.ok(v.status === 'pass', `${v.resource}: ${v.status}`);
    });
  }
});

describe('shield.auto-renew', () => {
  test('DISABLED → fail; missing or odd → unknown; read error → unknown naming DescribeSubscription', () => {
    const off = withAdvanced({
      subscription: ok({ autoRenew: 'DISABLED', proactiveEngagementStatus: 'ENABLED' }),
    });
    assert.equal(only(run(shieldAutoRenew, off)).status, 'fail');
    const none = withAdvanced({
      subscription: ok({ autoRenew: null, proactiveEngagementStatus: 'ENABLED' }),
    });
    assert.equal(only(run(shieldAutoRenew, none)).status, 'unknown');
    const odd = withAdvanced({ subscription: ok({ autoRenew: 'MAYBE', proactiveEngagementStatus: null }) });
    assert.equal(only(run(shieldAutoRenew, odd)).status, 'unknown');
    const denied = only(
      run(shieldAutoRenew, withAdvanced({ subscription: accessDenied('shield:DescribeSubscription') })),
    );
    assert.equal(denied.status, 'unknown');
    assert.equal(denied.cause?.action, 'shield:DescribeSubscription');
  });
  test('the finding says the protection would lapse', () => {
    const s = spoken('shield', [result('shield.auto-renew', 'fail')]);
    assert.match(s.text, /not set to renew automatically/);
    assert.equal(s.claims.length, 1);
    assert.doesNotMatch(s.text, /could be considered/);
  });
});

describe('shield.proactive-engagement', () => {
  const sub = (status: string | null) => ok({ autoRenew: 'ENABLED', proactiveEngagementStatus: status });
  test('DISABLED → fail (contacts not needed); ENABLED without contacts → fail; ENABLED with contacts → pass', () => {
    assert.equal(
      only(
        run(
          shieldProactiveEngagement,
          withAdvanced({
            subscription: sub('DISABLED'),
            emergencyContacts: accessDenied('shield:DescribeEmergencyContactSettings'),
          }),
        ),
      ).status,
      'fail',
    );
    const empty = only(run(shieldProactiveEngagement, withAdvanced({ emergencyContacts: ok({ count: 0 }) })));
    assert.equal(empty.status, 'fail');
    assert.match(empty.detail, /no emergency contact/);
    assert.equal(only(run(shieldProactiveEngagement, accountEvidence())).status, 'pass');
  });
  test('ENABLED with unreadable contacts → unknown naming the action; PENDING, missing, unreadable → unknown', () => {
    const v = only(
      run(
        shieldProactiveEngagement,
        withAdvanced({ emergencyContacts: accessDenied('shield:DescribeEmergencyContactSettings') }),
      ),
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'shield:DescribeEmergencyContactSettings');
    assert.equal(
      only(run(shieldProactiveEngagement, withAdvanced({ subscription: sub('PENDING') }))).status,
      'unknown',
    );
    assert.equal(
      only(run(shieldProactiveEngagement, withAdvanced({ subscription: sub(null) }))).status,
      'unknown',
    );
    const t = only(
      run(
        shieldProactiveEngagement,
        withAdvanced({
          subscription: err('throttled', 'ThrottlingException', 'shield:DescribeSubscription'),
        }),
      ),
    );
    assert.equal(t.cause?.kind, 'throttled');
  });
  test('the finding words each case', () => {
    const off = spoken('shield', [
      result('shield.proactive-engagement', 'fail', 'global', null, {
        proactiveEngagementStatus: 'DISABLED',
      }),
    ]);
    assert.match(off.text, /proactive engagement was off/);
    const noContact = spoken('shield', [
      result('shield.proactive-engagement', 'fail', 'global', null, { proactiveEngagementStatus: 'ENABLED' }),
    ]);
    assert.match(noContact.text, /no emergency contact/);
  });
});

describe('shield.protections', () => {
  test('each internet-facing resource is judged by its protection; private zones are left out', () => {
    const vs = run(shieldProtections, accountEvidence());
    assert.deepEqual(vs.map((v) => v.resource).sort(), [ALB, SHIELD_EIP_ARN, CF, SHIELD_ZONE_ARN].sort());
    assert.equal(only(vs, 'us-east-1', SHIELD_EIP_ARN).status, 'pass');
  });
  test('an unprotected resource → fail, with its kind', () => {
    const protections = ok({ protections: [] });
    const vs = run(
      shieldProtections,
      withAdvanced({
        protections,
        accelerators: ok({
          accelerators: [{ arn: 'arn:aws:globalaccelerator::111122223333:accelerator/a1', name: 'edge' }],
        }),
      }),
    );
    assert.equal(vs.length, 5);
    for (const v of vs) assert.equal(v.status, 'fail');
    assert.equal(
      only(vs, 'global', 'arn:aws:globalaccelerator::111122223333:accelerator/a1').data.kind,
      'Global Accelerator accelerator',
    );
  });
  test('ListProtections unreadable → one unknown naming it', () => {
    const v = only(
      run(shieldProtections, withAdvanced({ protections: accessDenied('shield:ListProtections') })),
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'shield:ListProtections');
  });
  test('each unreadable listing is an unknown of its own; the rest is still judged', () => {
    const a = accountEvidence({
      shield: ok({
        subscriptionState: 'ACTIVE',
        advanced: shieldAdvancedEvidence({
          elasticIps: {
            'us-east-1': accessDenied('ec2:DescribeAddresses'),
            'eu-west-1': ok({ addresses: [] }),
          },
          accelerators: err('server-error', 'InternalServerException', 'globalaccelerator:ListAccelerators'),
          hostedZones: ok({
            zones: [{ id: 'Z1', arn: 'arn:aws:route53:::hostedzone/Z1', name: 'x.', privateZone: null }],
          }),
        }),
      }),
    });
    const vs = run(shieldProtections, a);
    const unknownActions = vs
      .filter((v) => v.status === 'unknown')
      .map((v) => v.cause?.action)
      .sort();
    assert.deepEqual(unknownActions, [
      'ec2:DescribeAddresses',
      'globalaccelerator:ListAccelerators',
      'route53:ListHostedZones',
    ]);
    assert.equal(only(vs, 'global', CF).status, 'pass');
  });
  test('WAF evidence missing or unreadable → unknown for CloudFront and load balancers, never "none"', () => {
    const a = accountEvidence({ waf: undefined });
    const vs = run(shieldProtections, a);
    assert.ok(vs.some((v) => v.status === 'unknown' && v.cause?.action === 'cloudfront:ListDistributions'));
    assert.ok(
      vs.some(
        (v) => v.status === 'unknown' && v.cause?.action === 'elasticloadbalancing:DescribeLoadBalancers',
      ),
    );
    const waf = emptyWafEvidence();
    waf.cloudFront = accessDenied('cloudfront:ListDistributions');
    assert.ok(
      run(shieldProtections, accountEvidence({ waf })).some(
        (v) => v.status === 'unknown' && v.cause?.action === 'cloudfront:ListDistributions',
      ),
    );
  });
  test('nothing internet-facing anywhere, every listing read → not_applicable', () => {
    const a = accountEvidence({
      waf: emptyWafEvidence(),
      shield: ok({
        subscriptionState: 'ACTIVE',
        advanced: shieldAdvancedEvidence({
          elasticIps: { 'us-east-1': ok({ addresses: [] }), 'eu-west-1': ok({ addresses: [] }) },
          hostedZones: ok({ zones: [] }),
          accelerators: null,
        }),
      }),
    });
    assert.equal(only(run(shieldProtections, a)).status, 'not_applicable');
  });
  test('the finding lists the unprotected resources and claims them', () => {
    const s = spoken('shield', [
      result('shield.protections', 'fail', 'us-east-1', ALB),
      result('shield.protections', 'fail', 'global', CF),
    ]);
    assert.match(s.text, /2 internet-facing resources had no Shield Advanced protection/);
    assert.equal(s.claims.length, 2);
  });
});

describe('shield.app-layer-mitigation', () => {
  const prot = (status: string | null) =>
    ok({
      protections: [
        { id: 'p', name: 'web', resourceArn: ALB, appLayer: ok({ status }) },
        { id: 'z', name: 'zone', resourceArn: SHIELD_ZONE_ARN, appLayer: null },
      ],
    });
  test('ENABLED → pass, DISABLED → fail, in the load balancer region; other protections are not judged', () => {
    assert.equal(
      only(run(shieldAppLayerMitigation, withAdvanced({ protections: prot('ENABLED') }))).status,
      'pass',
    );
    const v = only(run(shieldAppLayerMitigation, withAdvanced({ protections: prot('DISABLED') })));
    assert.equal(v.status, 'fail');
    assert.equal(v.region, 'us-east-1');
    assert.equal(only(run(shieldAppLayerMitigation, accountEvidence()), 'global', CF).status, 'pass');
  });
  test('configuration not reported, odd status, DescribeProtection unreadable → unknown', () => {
    assert.equal(
      only(run(shieldAppLayerMitigation, withAdvanced({ protections: prot(null) }))).status,
      'unknown',
    );
    assert.equal(
      only(run(shieldAppLayerMitigation, withAdvanced({ protections: prot('SOMETIMES') }))).status,
      'unknown',
    );
    const denied = ok({
      protections: [
        { id: 'p', name: 'web', resourceArn: ALB, appLayer: accessDenied('shield:DescribeProtection') },
      ],
    });
    const v = only(run(shieldAppLayerMitigation, withAdvanced({ protections: denied })));
    assert.equal(v.cause?.action, 'shield:DescribeProtection');
    assert.equal(
      only(
        run(shieldAppLayerMitigation, withAdvanced({ protections: accessDenied('shield:ListProtections') })),
      ).status,
      'unknown',
    );
  });
  test('no protected distribution or load balancer → not_applicable', () => {
    const only1 = ok({
      protections: [{ id: 'z', name: 'zone', resourceArn: SHIELD_ZONE_ARN, appLayer: null }],
    });
    assert.equal(
      only(run(shieldAppLayerMitigation, withAdvanced({ protections: only1 }))).status,
      'not_applicable',
    );
  });
  test('the finding names the resources', () => {
    const s = spoken('shield', [result('shield.app-layer-mitigation', 'fail', 'us-east-1', ALB)]);
    assert.match(s.text, /Automatic application-layer DDoS mitigation was off for one protected resource/);
    assert.equal(s.claims.length, 1);
  });
});
