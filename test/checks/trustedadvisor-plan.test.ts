/** trustedadvisor.security-checks: which API answered, and what a Basic plan still lets a person see. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CONSOLE_CHECKS_ON_EVERY_PLAN,
  trustedAdvisorSecurityChecks,
} from '../../src/services/trustedadvisor/checks/security-checks.js';
import { result } from '../finding/helpers.js';
import { accountEvidence, err, ok, only, run } from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const check = (status: string) => ({
  id: 'arn:aws:trustedadvisor:::check/x',
  name: 'Security Groups - Specific Ports Unrestricted',
  category: 'security',
  status,
  resourcesFlagged: 2,
  resourcesProcessed: 9,
});

describe('trustedadvisor.security-checks and its sources', () => {
  test('results say which API answered', () => {
    const a = accountEvidence({
      trustedadvisor: ok({ checks: [check('warning')], source: 'trustedadvisor' }),
    });
    const v = only(run(trustedAdvisorSecurityChecks, a));
    assert.equal(v.status, 'fail');
    assert.equal(v.data.source, 'trustedadvisor');
    const old = only(run(trustedAdvisorSecurityChecks, accountEvidence()));
    assert.equal(old.data.source, 'support');
  });
  test('an odd status from the Trusted Advisor API is unknown naming trustedadvisor:ListRecommendations', () => {
    const a = accountEvidence({
      trustedadvisor: ok({ checks: [check('pending')], source: 'trustedadvisor' }),
    });
    const v = only(run(trustedAdvisorSecurityChecks, a));
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'trustedadvisor:ListRecommendations');
  });
  test('Basic plan: not assessable, never fail; the result names the checks the console still shows', () => {
    const a = accountEvidence({
      trustedadvisor: err(
        'subscription-required',
        'SubscriptionRequiredException',
        'support:DescribeTrustedAdvisorChecks',
      ),
    });
    const v = only(run(trustedAdvisorSecurityChecks, a));
    assert.equal(v.status, 'unknown');
    assert.match(v.detail, /MFA on Root Account/);
    assert.deepEqual(v.data.consoleChecks, [...CONSOLE_CHECKS_ON_EVERY_PLAN]);
  });
  test('Basic plan: the finding asks for the console checks by name and claims nothing', () => {
    const r = {
      ...result('trustedadvisor.security-checks', 'unknown'),
      cause: {
        kind: 'subscription-required' as const,
        code: 'SubscriptionRequiredException',
        action: 'support:DescribeTrustedAdvisorChecks',
        message: 'x',
      },
    };
    const s = spoken('trustedadvisor', [r]);
    assert.equal(s.claims.length, 0);
    const why = trustedAdvisorSecurityChecks.prose.unknown?.([r]);
    assert.ok(why?.why);
  });
});
