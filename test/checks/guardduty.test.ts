import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Observed } from '../../src/evidence/observed.js';
import { guarddutyEnabled } from '../../src/services/guardduty/checks/enabled.js';
import { guarddutyOrgAutoEnable } from '../../src/services/guardduty/checks/org-auto-enable.js';
import { guarddutyProtectionPlans } from '../../src/services/guardduty/checks/protection-plans.js';
import { interpretDetector, workloadReadsNeeded } from '../../src/services/guardduty/collect.js';
import type { GuardDutyEvidence } from '../../src/services/guardduty/schema.js';
import { result } from '../finding/helpers.js';
import {
  ACCOUNT_ID,
  accessDenied,
  accountEvidence,
  allFeatures,
  detectorEnabled,
  guarddutyEvidence,
  notGuardDutyAdministrator,
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

describe('guardduty.protection-plans: EKS, RDS and Runtime Monitoring where their workloads exist', () => {
  const off = (...names: string[]) =>
    allFeatures().map((f) => (names.includes(f.name) ? { ...f, status: 'DISABLED' } : f));
  const names = (...n: string[]) => ok({ names: n });
  const dbs = (...d: [string, string][]) => ok({ databases: d.map(([id, engine]) => ({ id, engine })) });
  type Workloads = NonNullable<Extract<GuardDutyEvidence[string], { ok: true }>['value']['workloads']>;
  const judge = (region: string, features: { name: string; status: string }[], workloads: Workloads) => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({
        [region]: ok({ detectors: [detectorEnabled('d', features)], workloads }),
      }),
    });
    return only(run(guarddutyProtectionPlans, a), region);
  };
  const none: Workloads = {
    eksClusters: names(),
    ecsClusters: names(),
    rdsInstances: dbs(),
    rdsClusters: dbs(),
  };

  test('EKS and RDS Protection off where there is no cluster and no database → no gap', () => {
    // eu-west-1 has no EC2 instance either, so Runtime Monitoring off is no gap there
    const v = judge('eu-west-1', off('EKS_AUDIT_LOGS', 'RDS_LOGIN_EVENTS', 'RUNTIME_MONITORING'), none);
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.noWorkloadPlans, ['EKS Protection', 'RDS Protection', 'Runtime Monitoring']);
    assert.deepEqual(v.data.workloadCounts, ['EKS Protection=0', 'RDS Protection=0', 'Runtime Monitoring=0']);
  });

  test('EKS Protection off with an EKS cluster → fail', () => {
    const v = judge('eu-west-1', off('EKS_AUDIT_LOGS'), { eksClusters: names('prod'), ecsClusters: names() });
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.disabledPlans, ['EKS Protection']);
    assert.deepEqual(v.data.workloadCounts, ['EKS Protection=1']);
  });

  test('RDS Protection is needed only for Aurora MySQL/PostgreSQL and RDS for PostgreSQL', () => {
    const mysql = judge('eu-west-1', off('RDS_LOGIN_EVENTS'), {
      rdsInstances: dbs(['shop', 'mysql'], ['legacy', 'sqlserver-ex'], ['graph', 'neptune']),
      rdsClusters: dbs(['docs', 'docdb']),
    });
    assert.equal(mysql.status, 'pass');
    assert.deepEqual(mysql.data.noWorkloadPlans, ['RDS Protection']);
    for (const [where, engine] of [
      ['rdsInstances', 'postgres'],
      ['rdsInstances', 'aurora-mysql'],
      ['rdsClusters', 'aurora-postgresql'],
    ] as const) {
      const v = judge('eu-west-1', off('RDS_LOGIN_EVENTS'), {
        rdsInstances: dbs(),
        rdsClusters: dbs(),
        [where]: dbs(['db', engine]),
      });
      assert.equal(v.status, 'fail', engine);
      assert.deepEqual(v.data.disabledPlans, ['RDS Protection']);
    }
  });

  test('one RDS read refused: a covered database in the other still proves the need; none → unknown', () => {
    const seen = judge('eu-west-1', off('RDS_LOGIN_EVENTS'), {
      rdsInstances: accessDenied('rds:DescribeDBInstances'),
      rdsClusters: dbs(['c', 'aurora-mysql']),
    });
    assert.equal(seen.status, 'fail');
    const v = judge('eu-west-1', off('RDS_LOGIN_EVENTS'), {
      rdsInstances: dbs(['m', 'mysql']),
      rdsClusters: accessDenied('rds:DescribeDBClusters'),
    });
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'rds:DescribeDBClusters');
    assert.match(v.detail, /RDS Protection/);
  });

  test('Runtime Monitoring is needed where EKS clusters, ECS clusters or EC2 instances exist', () => {
    // us-east-1 has an EC2 instance in the inventory
    const ec2 = judge('us-east-1', off('RUNTIME_MONITORING'), { eksClusters: names(), ecsClusters: names() });
    assert.equal(ec2.status, 'fail');
    assert.deepEqual(ec2.data.disabledPlans, ['Runtime Monitoring']);
    const ecs = judge('eu-west-1', off('RUNTIME_MONITORING'), {
      eksClusters: names(),
      ecsClusters: names('arn:aws:ecs:eu-west-1:123456789012:cluster/web'),
    });
    assert.equal(ecs.status, 'fail');
  });

  test('Runtime Monitoring off, ECS clusters unreadable, nothing else → unknown citing ecs:ListClusters', () => {
    const v = judge('eu-west-1', off('RUNTIME_MONITORING'), {
      eksClusters: names(),
      ecsClusters: accessDenied('ecs:ListClusters'),
    });
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'ecs:ListClusters');
    assert.match(v.detail, /ECS clusters/);
  });

  test('EKS clusters unreadable with EKS Protection off → unknown citing eks:ListClusters', () => {
    const v = judge('eu-west-1', off('EKS_AUDIT_LOGS'), { eksClusters: accessDenied('eks:ListClusters') });
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'eks:ListClusters');
  });

  test('a workload read missing where its plan is off (interrupted) → unknown not-collected', () => {
    const v = judge('eu-west-1', off('EKS_AUDIT_LOGS'), {});
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
    assert.equal(v.cause?.action, 'eks:ListClusters');
  });

  test('a plan GetDetector does not report, where its workloads are proven absent, is no gap', () => {
    const features = allFeatures().filter((f) => f.name !== 'RDS_LOGIN_EVENTS');
    const v = judge('eu-west-1', features, { rdsInstances: dbs(), rdsClusters: dbs() });
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.notReportedPlans, []);
    const present = judge('eu-west-1', features, {
      rdsInstances: dbs(['p', 'postgres']),
      rdsClusters: dbs(),
    });
    assert.equal(present.status, 'unknown');
    assert.equal(present.cause?.code, 'FeaturesNotReported');
  });
});

describe('guardduty.protection-plans: Malware Protection for S3 (informational)', () => {
  const withPlans = (
    malwareProtectionPlans: Extract<
      GuardDutyEvidence[string],
      { ok: true }
    >['value']['malwareProtectionPlans'],
  ) =>
    only(
      run(
        guarddutyProtectionPlans,
        accountEvidence({
          guardduty: guarddutyEvidence({
            'us-east-1': ok({ detectors: [detectorEnabled()], malwareProtectionPlans }),
          }),
        }),
      ),
      'us-east-1',
    );

  test('the buckets plans protect are in the data and the detail; the verdict does not change', () => {
    const v = withPlans(
      ok({
        plans: [
          { id: 'p1', detail: ok({ bucket: 'uploads', status: 'ACTIVE' }) },
          { id: 'p2', detail: ok({ bucket: 'inbox', status: 'ERROR' }) },
        ],
      }),
    );
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.malwareProtectedBuckets, ['inbox', 'uploads']);
    assert.deepEqual(v.data.malwareProtectionPlans, ['p1: uploads=ACTIVE', 'p2: inbox=ERROR']);
    assert.equal(v.data.malwareProtectionUnread, null);
    assert.match(v.detail, /Malware Protection for S3 scans new objects in 2 buckets: inbox, uploads\./);
  });

  test('a refused list or plan is recorded, never a verdict', () => {
    const denied = withPlans(accessDenied('guardduty:ListMalwareProtectionPlans'));
    assert.equal(denied.status, 'pass');
    assert.equal(
      denied.data.malwareProtectionUnread,
      'guardduty:ListMalwareProtectionPlans AccessDeniedException',
    );
    assert.doesNotMatch(denied.detail, /Malware Protection for S3/);
    const plan = withPlans(
      ok({ plans: [{ id: 'p1', detail: accessDenied('guardduty:GetMalwareProtectionPlan') }] }),
    );
    assert.equal(plan.status, 'pass');
    assert.deepEqual(plan.data.malwareProtectedBuckets, []);
    assert.equal(
      plan.data.malwareProtectionUnread,
      'guardduty:GetMalwareProtectionPlan AccessDeniedException',
    );
  });
});

describe('guardduty.org-auto-enable', () => {
  type Org = Extract<GuardDutyEvidence[string], { ok: true }>['value']['organization'];
  const judge = (organization: Org, extra: Record<string, unknown> = {}) =>
    only(
      run(
        guarddutyOrgAutoEnable,
        accountEvidence({
          guardduty: guarddutyEvidence({
            'us-east-1': ok({
              detectors: [detectorEnabled()],
              ...extra,
              ...(organization ? { organization } : {}),
            }),
          }),
        }),
      ),
      'us-east-1',
    );
  const config = (
    autoEnableMembers: string | null,
    features: { name: string; autoEnable: string }[] | null = [],
  ) => ok({ autoEnableMembers, memberAccountLimitReached: false, features });

  test('the delegated administrator with auto-enable NONE → fail, plans not auto-enabled recorded', () => {
    const v = judge(
      config('NONE', [
        { name: 'S3_DATA_EVENTS', autoEnable: 'NEW' },
        { name: 'RDS_LOGIN_EVENTS', autoEnable: 'NONE' },
      ]),
    );
    assert.equal(v.status, 'fail');
    assert.equal(v.cause, null);
    assert.match(v.detail, /not enabled automatically for member accounts/);
    assert.deepEqual(v.data.plansNotAutoEnabled, ['RDS Protection']);
    assert.deepEqual(v.data.featuresAutoEnable, ['S3_DATA_EVENTS=NEW', 'RDS_LOGIN_EVENTS=NONE']);
  });

  test('NEW or ALL → pass', () => {
    assert.equal(judge(config('NEW')).status, 'pass');
    const all = judge(config('ALL'));
    assert.equal(all.status, 'pass');
    assert.match(all.detail, /all member accounts/);
  });

  test('not an administrator (BadRequestException) → not_applicable', () => {
    const v = judge(notGuardDutyAdministrator());
    assert.equal(v.status, 'not_applicable');
  });

  test('a member of another administrator → not_applicable (nothing asked)', () => {
    const v = judge(undefined, {
      administrator: ok({ accountId: '444455556666', relationshipStatus: 'Enabled' }),
    });
    assert.equal(v.status, 'not_applicable');
    assert.match(v.detail, /444455556666/);
  });

  test('refused, throttled, not reported or an unexpected value → unknown', () => {
    const denied = judge(accessDenied('guardduty:DescribeOrganizationConfiguration'));
    assert.equal(denied.status, 'unknown');
    assert.equal(denied.cause?.action, 'guardduty:DescribeOrganizationConfiguration');
    const missing = judge(config(null));
    assert.equal(missing.status, 'unknown');
    assert.equal(missing.cause?.code, 'FieldMissing');
    const odd = judge(config('SOMETIMES'));
    assert.equal(odd.status, 'unknown');
    assert.equal(odd.cause?.code, 'UnexpectedValue');
    const notRead = judge(undefined);
    assert.equal(notRead.status, 'unknown');
    assert.equal(notRead.cause?.kind, 'not-collected');
  });

  test('GuardDuty off → not_applicable; its state unreadable → unknown', () => {
    const a = accountEvidence({
      guardduty: guarddutyEvidence({
        'us-east-1': ok({ detectors: [suspended()] }),
        'eu-west-1': ok({ detectors: [unreadable()] }),
      }),
    });
    const vs = run(guarddutyOrgAutoEnable, a);
    assert.equal(only(vs, 'us-east-1').status, 'not_applicable');
    assert.equal(only(vs, 'eu-west-1').status, 'unknown');
  });

  test('the finding names the regions where new accounts are not enabled automatically', () => {
    const s = spoken('guardduty', [result('guardduty.org-auto-enable', 'fail', 'us-east-1')]);
    assert.match(
      s.text,
      /delegated GuardDuty administrator.*did not enable GuardDuty automatically for member accounts in us-east-1/,
    );
    assert.equal(s.claims.length, 1);
  });
});

describe('GuardDuty collector: which workload reads can change a verdict', () => {
  test('only those of plans not on; nothing when features are not reported', () => {
    assert.deepEqual(workloadReadsNeeded(allFeatures()), []);
    assert.deepEqual(workloadReadsNeeded(null), []);
    assert.deepEqual(workloadReadsNeeded([]), []);
    const off = (...n: string[]) =>
      allFeatures().map((f) => (n.includes(f.name) ? { ...f, status: 'DISABLED' } : f));
    assert.deepEqual(workloadReadsNeeded(off('EKS_AUDIT_LOGS')), ['eksClusters']);
    assert.deepEqual(workloadReadsNeeded(off('RDS_LOGIN_EVENTS')), ['rdsInstances', 'rdsClusters']);
    assert.deepEqual(workloadReadsNeeded(off('RUNTIME_MONITORING')), ['eksClusters', 'ecsClusters']);
    const eksRuntime = allFeatures()
      .filter((f) => f.name !== 'RUNTIME_MONITORING')
      .concat([{ name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED' }]);
    assert.deepEqual(workloadReadsNeeded(eksRuntime), []);
    // not reported counts as not on
    assert.deepEqual(workloadReadsNeeded(allFeatures().filter((f) => f.name !== 'RDS_LOGIN_EVENTS')), [
      'rdsInstances',
      'rdsClusters',
    ]);
  });
});

describe('GuardDuty in the finding: Malware Protection for S3 (context, never a claim)', () => {
  test('after the gaps, the protected buckets are named with their region; only the gap is claimed', () => {
    const r = result('guardduty.protection-plans', 'fail', 'us-east-1', null, {
      disabledPlans: ['S3 Protection'],
      malwareProtectedBuckets: ['uploads', 'inbox'],
    });
    const s = spoken('guardduty', [r]);
    assert.match(
      s.text,
      /S3 Protection turned off\. GuardDuty Malware Protection for S3 scanned the objects uploaded to uploads \(us-east-1\) and inbox \(us-east-1\) for malware\.$/,
    );
    assert.equal(s.claims.length, 1);
  });
  test('with no gap, nothing is said', () => {
    const r = result('guardduty.protection-plans', 'pass', 'us-east-1', null, {
      malwareProtectedBuckets: ['uploads'],
    });
    assert.equal(spoken('guardduty', [r]).text, '');
  });
});
