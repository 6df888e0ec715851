import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { guarddutyEnabled } from '../../src/services/guardduty/checks/enabled.js';
import { guarddutyProtectionPlans } from '../../src/services/guardduty/checks/protection-plans.js';
import {
  accessDenied,
  accountEvidence,
  allFeatures,
  detectorEnabled,
  guarddutyEvidence,
  ok,
  only,
  REGIONS,
  run,
} from '../fixtures/evidence.js';

const suspended = (id = 'det1') => ({ id, detail: ok({ status: 'DISABLED', features: allFeatures() }) });
const unreadable = (id = 'det1') => ({ id, detail: accessDenied('guardduty:GetDetector') });

describe('guardduty.enabled', () => {
  test('pass in every region with an enabled detector', () => {
    assert.ok(run(guarddutyEnabled, accountEvidence()).every((v) => v.status === 'pass'));
  });

  test('fail when a region has no detector (used or not)', () => {
    const a = accountEvidence({ guardduty: guarddutyEvidence({ 'eu-west-1': ok({ detectors: [] }) }) });
    const v = only(run(guarddutyEnabled, a), 'eu-west-1');
    assert.equal(v.status, 'fail');
    assert.equal(v.cause, null);
  });

  test('detector suspended → fail saying suspended', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [suspended()] }) }),
    });
    const v = only(run(guarddutyEnabled, a), 'us-east-1');
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /suspended/);
  });

  test('GetDetector failed and nothing proven enabled → unknown, not fail', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [unreadable()] }) }),
    });
    const v = only(run(guarddutyEnabled, a), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'guardduty:GetDetector');
  });

  test('ListDetectors AccessDenied → unknown', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': accessDenied('guardduty:ListDetectors') }),
    });
    assert.equal(only(run(guarddutyEnabled, a), 'us-east-1').status, 'unknown');
  });

  test('missing evidence → unknown per region', () => {
    const vs = run(guarddutyEnabled, accountEvidence({ guardduty: undefined }));
    assert.equal(vs.length, REGIONS.length);
    assert.ok(vs.every((v) => v.status === 'unknown' && v.cause?.kind === 'not-collected'));
  });
});

describe('guardduty.protection-plans', () => {
  test('pass when every plan is on', () => {
    assert.ok(run(guarddutyProtectionPlans, accountEvidence()).every((v) => v.status === 'pass'));
  });

  test('fail naming disabled plans in human words', () => {
    const features = allFeatures().map((f) =>
      f.name === 'S3_DATA_EVENTS' || f.name === 'RDS_LOGIN_EVENTS' ? { ...f, status: 'DISABLED' } : f,
    );
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [detectorEnabled('d', features)] }) }),
    });
    const v = only(run(guarddutyProtectionPlans, a), 'us-east-1');
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.disabledPlans, ['S3 Protection', 'RDS Protection']);
  });

  test('runtime monitoring: EKS_RUNTIME_MONITORING enabled counts', () => {
    const features = allFeatures()
      .filter((f) => f.name !== 'RUNTIME_MONITORING')
      .concat([{ name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED' }]);
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [detectorEnabled('d', features)] }) }),
    });
    assert.equal(only(run(guarddutyProtectionPlans, a), 'us-east-1').status, 'pass');
  });

  test('a plan missing from Features[] is unknown (FeaturesNotReported), never a pass', () => {
    const features = allFeatures().filter((f) => f.name !== 'LAMBDA_NETWORK_LOGS');
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [detectorEnabled('d', features)] }) }),
    });
    const v = only(run(guarddutyProtectionPlans, a), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'FeaturesNotReported');
    assert.equal(v.cause?.action, 'guardduty:GetDetector');
    assert.match(v.cause?.message ?? '', /Lambda Protection/);
    assert.deepEqual(v.data.notReportedPlans, ['Lambda Protection']);
  });

  test('a plan proven off still fails when another plan is not reported', () => {
    const features = allFeatures()
      .filter((f) => f.name !== 'LAMBDA_NETWORK_LOGS')
      .map((f) => (f.name === 'S3_DATA_EVENTS' ? { ...f, status: 'DISABLED' } : f));
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [detectorEnabled('d', features)] }) }),
    });
    const v = only(run(guarddutyProtectionPlans, a), 'us-east-1');
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.notReportedPlans, ['Lambda Protection']);
  });

  test('Features[] empty → unknown', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [detectorEnabled('d', [])] }) }),
    });
    const v = only(run(guarddutyProtectionPlans, a), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'FeaturesNotReported');
  });

  test('features null → unknown', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ 'us-east-1': ok({ detectors: [detectorEnabled('d', null)] }) }),
    });
    assert.equal(only(run(guarddutyProtectionPlans, a), 'us-east-1').status, 'unknown');
  });

  test('not_applicable when GuardDuty is off; unknown when its state is unreadable', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({
        'us-east-1': ok({ detectors: [suspended()] }),
        'eu-west-1': ok({ detectors: [unreadable()] }),
      }),
    });
    const vs = run(guarddutyProtectionPlans, a);
    assert.equal(only(vs, 'us-east-1').status, 'not_applicable');
    assert.equal(only(vs, 'eu-west-1').status, 'unknown');
  });
});
