import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Observed } from '../../src/evidence/observed.js';
import { guarddutyEnabled } from '../../src/services/guardduty/checks/enabled.js';
import { guarddutyProtectionPlans } from '../../src/services/guardduty/checks/protection-plans.js';
import { interpretDetector } from '../../src/services/guardduty/collect.js';
import { result } from '../finding/helpers.js';
import {
  ACCOUNT_ID,
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
import { spoken } from '../support/prose.js';

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

describe("guardduty.enabled: the member's administrator (GetAdministratorAccount)", () => {
  const ADMIN = '444455556666';
  type Admin = { accountId: string; relationshipStatus: string | null } | null;
  const withAdmin = (administrator: Admin | Observed<Admin>) =>
    accountEvidence({
      guardduty: guarddutyEvidence({
        'us-east-1': ok({
          detectors: [detectorEnabled()],
          administrator:
            administrator !== null && 'ok' in administrator ? administrator : ok<Admin>(administrator),
        }),
      }),
    });

  test('relationship Enabled: the pass says who manages it', () => {
    const v = only(
      run(guarddutyEnabled, withAdmin({ accountId: ADMIN, relationshipStatus: 'Enabled' })),
      'us-east-1',
    );
    assert.equal(v.status, 'pass');
    assert.match(v.detail, /managed by administrator account 444455556666/);
    assert.equal(v.data.administratorAccount, ADMIN);
    assert.equal(v.data.administratorRelationship, 'Enabled');
  });

  test('relationship not Enabled: still a pass (own detector), saying the administrator does not watch it', () => {
    for (const rel of ['Removed', 'Resigned', 'Disabled', 'Invited']) {
      const v = only(
        run(guarddutyEnabled, withAdmin({ accountId: ADMIN, relationshipStatus: rel })),
        'us-east-1',
      );
      assert.equal(v.status, 'pass', rel);
      assert.doesNotMatch(v.detail, /managed by/);
      assert.match(v.detail, new RegExp(`relationship with administrator account ${ADMIN} is ${rel}`));
      assert.match(v.detail, /does not manage this detector or receive its findings/);
      assert.equal(v.data.administratorRelationship, rel);
    }
  });

  test('relationship not reported: said so, neither managed nor unmanaged', () => {
    const v = only(
      run(guarddutyEnabled, withAdmin({ accountId: ADMIN, relationshipStatus: null })),
      'us-east-1',
    );
    assert.equal(v.status, 'pass');
    assert.match(v.detail, /relationship status not reported/);
    assert.doesNotMatch(v.detail, /managed by|does not manage/);
  });

  test('none, the account itself or an unreadable read add nothing; the verdict never changes', () => {
    const plain = only(run(guarddutyEnabled, accountEvidence()), 'us-east-1');
    for (const a of [
      withAdmin(null),
      withAdmin({ accountId: ACCOUNT_ID, relationshipStatus: 'Enabled' }),
      withAdmin(accessDenied('guardduty:GetAdministratorAccount')),
    ]) {
      const v = only(run(guarddutyEnabled, a), 'us-east-1');
      assert.equal(v.status, 'pass');
      assert.equal(v.detail, plain.detail);
      assert.equal(v.data.administratorAccount, undefined);
    }
  });

  test('the finding says where the administrator does not watch the detector, and who manages the others', () => {
    const removed = result('guardduty.enabled', 'pass', 'us-east-1', null, {
      administratorAccount: ADMIN,
      administratorRelationship: 'Removed',
    });
    const managed = result('guardduty.enabled', 'pass', 'eu-west-1', null, {
      administratorAccount: ADMIN,
      administratorRelationship: 'Enabled',
    });
    const s = spoken('guardduty', [removed, managed]);
    assert.match(
      s.text,
      /^In us-east-1, GuardDuty was enabled but its relationship with administrator account 444455556666 was Removed, so that account neither managed the detector nor received its findings/,
    );
    assert.match(s.text, /GuardDuty in eu-west-1 was managed by administrator account 444455556666\./);
    assert.equal(s.claims.length, 0);
    assert.equal(spoken('guardduty', [result('guardduty.enabled', 'pass', 'us-east-1')]).text, '');
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

describe('guardduty.protection-plans: each plan where its workloads exist', () => {
  const off = (...names: string[]) =>
    allFeatures().map((f) => (names.includes(f.name) ? { ...f, status: 'DISABLED' } : f));
  const inRegion = (
    region: string,
    features: { name: string; status: string }[] | null,
    inventory?: Partial<NonNullable<ReturnType<typeof accountEvidence>['inventory']>>,
  ) => {
    const base = accountEvidence();
    const a = accountEvidence({
      guardduty: guarddutyEvidence({ [region]: ok({ detectors: [detectorEnabled('d', features)] }) }),
      inventory: { ...base.inventory!, ...inventory },
    });
    return only(run(guarddutyProtectionPlans, a), region);
  };

  test('a plan off where the inventory proves none of its workloads is no gap (pass, listed)', () => {
    // eu-west-1: no bucket, instance or function
    const v = inRegion('eu-west-1', off('S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'LAMBDA_NETWORK_LOGS'));
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.noWorkloadPlans, [
      'S3 Protection',
      'Malware Protection for EC2',
      'Lambda Protection',
    ]);
    assert.match(v.detail, /off where there is nothing for them to protect/);
  });

  test('the same plans off where their workloads run → fail', () => {
    const v = inRegion('us-east-1', off('S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS'));
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.disabledPlans, ['S3 Protection', 'Lambda Protection']);
  });

  test('plans without an inventory (EKS, RDS, Runtime Monitoring) are judged everywhere GuardDuty is on', () => {
    const v = inRegion('eu-west-1', off('EKS_AUDIT_LOGS', 'RDS_LOGIN_EVENTS'));
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.disabledPlans, ['EKS Protection', 'RDS Protection']);
  });

  test('a plan off whose workloads could not be listed → unknown citing the inventory read', () => {
    const v = inRegion('eu-west-1', off('LAMBDA_NETWORK_LOGS'), {
      lambdaFunctions: { 'us-east-1': ok({ names: [] }), 'eu-west-1': accessDenied('lambda:ListFunctions') },
    });
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'lambda:ListFunctions');
    const s3 = inRegion('us-east-1', off('S3_DATA_EVENTS'), {
      s3Buckets: accessDenied('s3:ListAllMyBuckets'),
    });
    assert.equal(s3.status, 'unknown');
    assert.equal(s3.cause?.action, 's3:ListAllMyBuckets');
  });

  test('S3 off, no bucket here but one whose region is unknown → unknown (BucketRegionUnknown)', () => {
    const v = inRegion('eu-west-1', off('S3_DATA_EVENTS'), {
      s3Buckets: ok({ buckets: [{ name: 'somewhere', region: null }] }),
    });
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'BucketRegionUnknown');
  });

  test('inventory not collected (interrupted scan) → unknown not-collected for a plan that is off', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({
        'eu-west-1': ok({ detectors: [detectorEnabled('d', off('EBS_MALWARE_PROTECTION'))] }),
      }),
      inventory: undefined,
    });
    const v = only(run(guarddutyProtectionPlans, a), 'eu-west-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
    assert.equal(v.cause?.action, 'ec2:DescribeInstances');
  });

  test('a plan not reported where it has no workload is not_applicable to it (no unknown)', () => {
    const v = inRegion(
      'eu-west-1',
      allFeatures().filter((f) => f.name !== 'LAMBDA_NETWORK_LOGS'),
    );
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.noWorkloadPlans, ['Lambda Protection']);
    assert.deepEqual(v.data.notReportedPlans, []);
  });

  test('every feature by its AWS name and the agent management configuration are in the data', () => {
    const features = allFeatures().map((f) =>
      f.name === 'RUNTIME_MONITORING'
        ? {
            ...f,
            additional: [
              { name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' },
              { name: 'EC2_AGENT_MANAGEMENT', status: 'DISABLED' },
            ],
          }
        : f,
    );
    const v = inRegion('us-east-1', features);
    assert.equal(v.status, 'pass');
    assert.ok((v.data.features as string[]).includes('S3_DATA_EVENTS=ENABLED'));
    assert.deepEqual(v.data.additionalConfiguration, [
      'RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT=ENABLED',
      'RUNTIME_MONITORING/EC2_AGENT_MANAGEMENT=DISABLED',
    ]);
  });

  test('interpretDetector keeps each feature and its AdditionalConfiguration', () => {
    const d = interpretDetector({
      Status: 'ENABLED',
      Features: [
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }],
        },
        { Name: 'S3_DATA_EVENTS', Status: 'DISABLED' },
      ],
    } as never);
    assert.ok(d.ok);
    assert.deepEqual(d.value.features, [
      {
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additional: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
      },
      { name: 'S3_DATA_EVENTS', status: 'DISABLED' },
    ]);
  });
});
