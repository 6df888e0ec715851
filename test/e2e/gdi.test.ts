/**
 * End to end, GuardDuty and Inspector depth (moto, with the proxy's gap fills): a protection plan the
 * detector does not report is unknown (never a pass); a member whose relationship with its GuardDuty
 * administrator is Removed is said not to be watched by it (result and finding); Inspector's status
 * unreadable in a region with no workload is not_applicable (relevance first); EKS, RDS and Runtime
 * Monitoring judged where their workloads run (EKS, ECS, RDS read only where a plan is off); Malware
 * Protection for S3 recorded; the delegated administrator's organization auto-enable (gap fills 19, 20).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt } from '../support/cli.js';
import { DEFAULT_ACCOUNT, type Emulator, startAwsEmulator } from '../support/proxy.js';
import { ALL_FEATURES_ON, type Scenario, seedScenario } from '../support/seed.js';
import { type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const ADMIN = '444455556666';

const { RDS_LOGIN_EVENTS: _, ...withoutRds } = ALL_FEATURES_ON;

const scenario: Scenario = {
  name: 'gdi',
  regions: {
    // RDS Protection not reported where an RDS for PostgreSQL database runs: unknown
    'us-east-1': {
      guardduty: { status: 'ENABLED', features: withoutRds },
      instances: 1,
      rdsInstances: [{ id: 'orders', engine: 'postgres' }],
    },
    // S3, EKS and RDS Protection off where there is no bucket, no EKS cluster and only a MySQL
    // database (which RDS Protection does not monitor): no gap
    'eu-west-1': {
      guardduty: {
        status: 'ENABLED',
        features: {
          ...ALL_FEATURES_ON,
          S3_DATA_EVENTS: 'DISABLED',
          EKS_AUDIT_LOGS: 'DISABLED',
          RDS_LOGIN_EVENTS: 'DISABLED',
        },
      },
      rdsInstances: [{ id: 'shop', engine: 'mysql' }],
    },
    // EKS Protection and Runtime Monitoring off where an EKS cluster, an ECS cluster and an instance run
    // and Inspector on with an instance it covers but cannot scan (ListCoverage, gap fill 11)
    'ap-southeast-2': {
      guardduty: {
        status: 'ENABLED',
        features: { ...ALL_FEATURES_ON, EKS_AUDIT_LOGS: 'DISABLED', RUNTIME_MONITORING: 'DISABLED' },
      },
      inspector: ['EC2'],
      instances: 1,
      eksClusters: ['prod'],
      ecsClusters: ['web'],
    },
  },
  proxy: {
    guardDutyAdministrator: { accountId: ADMIN, relationshipStatus: 'Removed' },
    malwareProtectionPlans: { 'ap-southeast-2': [{ id: 'mpp1', bucket: 'uploads', status: 'ACTIVE' }] },
    inspectorCoverage: {
      'ap-southeast-2': [
        {
          resourceType: 'AWS_EC2_INSTANCE',
          resourceId: 'i-0unscanned',
          statusCode: 'INACTIVE',
          reason: 'UNMANAGED_EC2_INSTANCE',
        },
        {
          resourceType: 'AWS_EC2_INSTANCE',
          resourceId: 'i-0stopped',
          statusCode: 'INACTIVE',
          reason: 'EC2_INSTANCE_STOPPED',
        },
      ],
    },
  },
  faults: [
    {
      region: 'eu-west-1',
      service: 'inspector2',
      operation: 'BatchGetAccountStatus',
      fault: 'access-denied',
    },
  ],
};

function one(results: readonly Result[], checkId: string, region: string): Result {
  const hits = results.filter((r) => r.checkId === checkId && r.region === region);
  assert.equal(hits.length, 1, `${checkId} ${region}`);
  return hits[0]!;
}

describe('e2e: GuardDuty and Inspector depth', { skip }, () => {
  let emu: Emulator;
  let run: ScanRun;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, scenario);
    run = await scanWith(emu, ['--services', 'guardduty,inspector', '--max-attempts', '1']);
    assert.ok(run.code === 0 || run.code === 3, run.stderr);
  });
  after(async () => {
    await emu?.stop();
  });

  test('a protection plan the detector does not report is unknown, not a pass', () => {
    const v = one(run.results, 'guardduty.protection-plans', 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'FeaturesNotReported');
    assert.deepEqual(v.data.notReportedPlans, ['RDS Protection']);
  });

  test('a plan off where none of its workloads exist is no gap; where they run it fails', () => {
    const eu = one(run.results, 'guardduty.protection-plans', 'eu-west-1');
    assert.equal(eu.status, 'pass', eu.detail);
    assert.deepEqual(eu.data.noWorkloadPlans, ['S3 Protection', 'EKS Protection', 'RDS Protection']);
    assert.ok((eu.data.features as string[]).includes('S3_DATA_EVENTS=DISABLED'));
    const ap = one(run.results, 'guardduty.protection-plans', 'ap-southeast-2');
    assert.equal(ap.status, 'fail');
    assert.deepEqual(ap.data.disabledPlans, ['EKS Protection', 'Runtime Monitoring']);
    assert.deepEqual(ap.data.workloadCounts, ['EKS Protection=1', 'Runtime Monitoring=3']);
  });

  test('the workloads are read only where a plan is off; Malware Protection for S3 is recorded', () => {
    const counts = emu.counts();
    // eu-west-1 (EKS off) and ap-southeast-2 (EKS and Runtime off); us-east-1 has both on
    assert.equal(counts['eks:ListClusters'], 2);
    assert.equal(counts['ecs:ListClusters'], 1);
    // us-east-1 (RDS not reported) and eu-west-1 (RDS off)
    assert.equal(counts['rds:DescribeDBInstances'], 2);
    const ap = one(run.results, 'guardduty.protection-plans', 'ap-southeast-2');
    assert.deepEqual(ap.data.malwareProtectedBuckets, ['uploads']);
    assert.deepEqual(
      one(run.results, 'guardduty.protection-plans', 'us-east-1').data.malwareProtectedBuckets,
      [],
    );
    assert.match(ap.detail, /Malware Protection for S3 scans new objects in bucket uploads/);
    // a member of another administrator is not asked for the organization's configuration
    assert.equal(counts['guardduty:DescribeOrganizationConfiguration'] ?? 0, 0);
    assert.equal(one(run.results, 'guardduty.org-auto-enable', 'us-east-1').status, 'not_applicable');
  });

  test('a member whose administrator relationship is Removed: pass on its own detector, said unwatched', () => {
    const v = one(run.results, 'guardduty.enabled', 'eu-west-1');
    assert.equal(v.status, 'pass');
    assert.equal(v.data.administratorAccount, ADMIN);
    assert.equal(v.data.administratorRelationship, 'Removed');
    assert.match(v.detail, /does not manage this detector or receive its findings/);
    const md = readFileSync(join(run.out, 'finding.md'), 'utf8');
    assert.match(md, /relationship with administrator account 444455556666 was Removed/);
  });

  test('Inspector unreadable where nothing runs → not_applicable; where an instance runs it stays judged', () => {
    for (const check of ['inspector.enabled', 'inspector.scan-types']) {
      const v = one(run.results, check, 'eu-west-1');
      assert.equal(v.status, 'not_applicable', `${check}: ${v.detail}`);
      assert.equal(v.data.inspectorStatusUnread, 'AccessDeniedException');
    }
    assert.equal(one(run.results, 'inspector.enabled', 'us-east-1').status, 'fail');
    assert.equal(one(run.results, 'inspector.coverage', 'eu-west-1').status, 'not_applicable');
    assert.equal(one(run.results, 'inspector.enabled', 'eu-west-1').cause, null);
  });

  test('inspector.coverage: an instance Inspector covers but does not scan is named; a stopped one is not', () => {
    const v = one(run.results, 'inspector.coverage', 'ap-southeast-2');
    assert.equal(v.status, 'fail', v.detail);
    assert.deepEqual(v.data.notScanned, ['i-0unscanned (UNMANAGED_EC2_INSTANCE)']);
    assert.deepEqual(v.data.inactiveNoGap, ['i-0stopped (EC2_INSTANCE_STOPPED)']);
    // GetConfiguration (gap fill 12, agent-based by default): said beside the gap
    assert.equal(v.data.ec2ScanMode, 'EC2_SSM_AGENT_BASED');
    assert.match(v.detail, /agent-based only/);
    assert.equal(one(run.results, 'inspector.enabled', 'ap-southeast-2').status, 'pass');
    const md = readFileSync(join(run.out, 'finding.md'), 'utf8');
    assert.match(md, /Amazon Inspector was active but was not scanning i-0unscanned/);
  });

  test("the organization's delegated administrator: auto-enable NONE fails, NEW passes; a refused workload read is unknown", async () => {
    emu.configure({
      accounts: {
        [DEFAULT_ACCOUNT]: {
          guardDutyOrganization: {
            'us-east-1': {
              autoEnableOrganizationMembers: 'NONE',
              features: [{ name: 'RDS_LOGIN_EVENTS', autoEnable: 'NONE' }],
            },
            'eu-west-1': { autoEnableOrganizationMembers: 'NEW' },
          },
        },
      },
      faults: [{ region: 'eu-west-1', service: 'eks', operation: 'ListClusters', fault: 'access-denied' }],
    });
    const admin = await scanWith(emu, ['--services', 'guardduty', '--max-attempts', '1']);
    assert.ok(admin.code === 3, admin.stderr);
    const us = one(admin.results, 'guardduty.org-auto-enable', 'us-east-1');
    assert.equal(us.status, 'fail', us.detail);
    assert.deepEqual(us.data.plansNotAutoEnabled, ['RDS Protection']);
    assert.equal(one(admin.results, 'guardduty.org-auto-enable', 'eu-west-1').status, 'pass');
    const ap = one(admin.results, 'guardduty.org-auto-enable', 'ap-southeast-2');
    assert.equal(ap.status, 'not_applicable', ap.detail);
    const eu = one(admin.results, 'guardduty.protection-plans', 'eu-west-1');
    assert.equal(eu.status, 'unknown');
    assert.equal(eu.cause?.action, 'eks:ListClusters');
    const md = readFileSync(join(admin.out, 'finding.md'), 'utf8');
    assert.match(md, /did not enable GuardDuty automatically for member accounts in us-east-1/);
  });
});
