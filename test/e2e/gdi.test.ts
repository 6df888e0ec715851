/**
 * End to end, GuardDuty and Inspector depth (moto, with the proxy's gap fills): a protection plan the
 * detector does not report is unknown (never a pass); a member whose relationship with its GuardDuty
 * administrator is Removed is said not to be watched by it (result and finding); Inspector's status
 * unreadable in a region with no workload is not_applicable (relevance first).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { ALL_FEATURES_ON, type Scenario, seedScenario } from '../support/seed.js';
import { type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const ADMIN = '444455556666';

const { RDS_LOGIN_EVENTS: _, ...withoutRds } = ALL_FEATURES_ON;

const scenario: Scenario = {
  name: 'gdi',
  regions: {
    'us-east-1': { guardduty: { status: 'ENABLED', features: withoutRds }, instances: 1 },
    // S3 protection off where there is no bucket: no gap
    'eu-west-1': {
      guardduty: { status: 'ENABLED', features: { ...ALL_FEATURES_ON, S3_DATA_EVENTS: 'DISABLED' } },
    },
    // EKS protection off: judged everywhere (watchpost lists no EKS clusters)
    // and Inspector on with an instance it covers but cannot scan (ListCoverage, gap fill 11)
    'ap-southeast-2': {
      guardduty: { status: 'ENABLED', features: { ...ALL_FEATURES_ON, EKS_AUDIT_LOGS: 'DISABLED' } },
      inspector: ['EC2'],
      instances: 1,
    },
  },
  proxy: {
    guardDutyAdministrator: { accountId: ADMIN, relationshipStatus: 'Removed' },
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

  test('a plan off where none of its workloads exist is no gap; one without an inventory is judged', () => {
    const eu = one(run.results, 'guardduty.protection-plans', 'eu-west-1');
    assert.equal(eu.status, 'pass', eu.detail);
    assert.deepEqual(eu.data.noWorkloadPlans, ['S3 Protection']);
    assert.ok((eu.data.features as string[]).includes('S3_DATA_EVENTS=DISABLED'));
    const ap = one(run.results, 'guardduty.protection-plans', 'ap-southeast-2');
    assert.equal(ap.status, 'fail');
    assert.deepEqual(ap.data.disabledPlans, ['EKS Protection']);
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
});
