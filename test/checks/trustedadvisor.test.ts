import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trustedAdvisorSecurityChecks as check } from '../../src/services/trustedadvisor/checks/security-checks.js';
import { accessDenied, accountEvidence, err, ok, only, run } from '../fixtures/evidence.js';

const taCheck = (name: string, status: string, flagged: number | null = 0) => ({
  id: `id-${name}`,
  name,
  category: 'security',
  status,
  resourcesFlagged: flagged,
  resourcesProcessed: 10,
});

describe('trustedadvisor.security-checks', () => {
  test('one verdict per TA check: ok → pass, warning/error → fail, not_available → not_applicable', () => {
    const a = accountEvidence({
      trustedadvisor: ok({
        checks: [
          taCheck('IAM Access Key Rotation', 'warning', 3),
          taCheck('MFA on Root Account', 'error', 1),
          taCheck('Security Groups - Specific Ports Unrestricted', 'ok'),
          taCheck('Amazon S3 Bucket Permissions', 'not_available', null),
        ],
      }),
    });
    const vs = run(check, a);
    assert.equal(vs.length, 4);
    const rot = only(vs, 'global', 'IAM Access Key Rotation');
    assert.equal(rot.status, 'fail');
    assert.match(rot.detail, /3 resource/);
    assert.equal(rot.data.resourcesFlagged, 3);
    assert.equal(only(vs, 'global', 'MFA on Root Account').status, 'fail');
    assert.equal(only(vs, 'global', 'Security Groups - Specific Ports Unrestricted').status, 'pass');
    assert.equal(only(vs, 'global', 'Amazon S3 Bucket Permissions').status, 'not_applicable');
  });

  test('Basic support plan (SubscriptionRequiredException) → one unknown, never fail', () => {
    const a = accountEvidence({
      trustedadvisor: err(
        'subscription-required',
        'SubscriptionRequiredException',
        'support:DescribeTrustedAdvisorChecks',
        'AWS Premium Support Subscription is required to use this service.',
      ),
    });
    const vs = run(check, a);
    assert.equal(vs.length, 1);
    const v = vs[0]!;
    assert.equal(v.status, 'unknown');
    assert.equal(v.resource, null);
    assert.equal(v.region, 'global');
    assert.match(v.detail, /Business, Enterprise On-Ramp or Enterprise/);
    assert.match(v.detail, /console/);
    assert.equal(v.cause?.code, 'SubscriptionRequiredException');
  });

  test('AccessDenied → unknown with the action', () => {
    const v = only(
      run(check, accountEvidence({ trustedadvisor: accessDenied('support:DescribeTrustedAdvisorChecks') })),
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'support:DescribeTrustedAdvisorChecks');
  });

  test('missing evidence → unknown not-collected', () => {
    const v = only(run(check, accountEvidence({ trustedadvisor: undefined })));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
  });

  test('unexpected TA status → unknown for that check', () => {
    const v = only(run(check, accountEvidence({ trustedadvisor: ok({ checks: [taCheck('X', 'weird')] }) })));
    assert.equal(v.status, 'unknown');
  });

  test('verdicts are sorted by check name', () => {
    const vs = run(
      check,
      accountEvidence({ trustedadvisor: ok({ checks: [taCheck('b', 'ok'), taCheck('a', 'ok')] }) }),
    );
    assert.deepEqual(
      vs.map((v) => v.resource),
      ['a', 'b'],
    );
  });
});
