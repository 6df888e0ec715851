import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { inspectorCoverage } from '../../src/services/inspector/checks/coverage.js';
import { collectCoverage } from '../../src/services/inspector/collect.js';
import { result } from '../finding/helpers.js';
import { accessDenied, accountEvidence, ok, only, regional, run } from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

type Inactive = {
  resourceType: string;
  resourceId: string;
  scanType: string;
  statusCode: string | null;
  reason: string | null;
};
const ec2 = (id: string, reason: string | null, statusCode: string | null = 'INACTIVE'): Inactive => ({
  resourceType: 'AWS_EC2_INSTANCE',
  resourceId: id,
  scanType: 'PACKAGE',
  statusCode,
  reason,
});

function withCoverage(
  coverage:
    | NonNullable<
        Extract<NonNullable<AccountEvidence['inspector']>[string], { ok: true }>['value']['coverage']
      >
    | undefined,
  status = 'ENABLED',
): AccountEvidence {
  return accountEvidence({
    inspector: regional(
      ok({
        status,
        scanTypes: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'ENABLED' },
        ...(coverage ? { coverage } : {}),
      }),
    ),
  });
}

describe('inspector.coverage', () => {
  test('pass when no covered resource is inactive; not_applicable where the region has no workload', () => {
    const vs = run(inspectorCoverage, accountEvidence());
    assert.equal(only(vs, 'us-east-1').status, 'pass');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('fail naming each resource Inspector covers but does not scan, with its reason', () => {
    const a = withCoverage(
      ok({ inactive: [ec2('i-0b', 'UNMANAGED_EC2_INSTANCE'), ec2('i-0a', 'NO_INVENTORY')] }),
    );
    const v = only(run(inspectorCoverage, a), 'us-east-1');
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.notScanned, ['i-0a (NO_INVENTORY)', 'i-0b (UNMANAGED_EC2_INSTANCE)']);
    assert.deepEqual(v.data.notScannedTypes, ['AWS_EC2_INSTANCE']);
  });

  test('stopped, terminated, excluded-by-tag resources and code repositories are no gap', () => {
    const a = withCoverage(
      ok({
        inactive: [
          ec2('i-stopped', 'EC2_INSTANCE_STOPPED'),
          ec2('i-tagged', 'EXCLUDED_BY_TAG'),
          { ...ec2('repo', 'NO_INVENTORY'), resourceType: 'CODE_REPOSITORY' },
        ],
      }),
    );
    const v = only(run(inspectorCoverage, a), 'us-east-1');
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.inactiveNoGap, [
      'i-stopped (EC2_INSTANCE_STOPPED)',
      'i-tagged (EXCLUDED_BY_TAG)',
    ]);
  });

  test('a resource without its scan status → unknown (ScanStatusNotReported), never a pass', () => {
    const v = only(
      run(inspectorCoverage, withCoverage(ok({ inactive: [ec2('i-1', null, null)] }))),
      'us-east-1',
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'ScanStatusNotReported');
    assert.equal(v.cause?.action, 'inspector2:ListCoverage');
  });

  test('ListCoverage denied → unknown where workloads run, not_applicable where none', () => {
    const vs = run(inspectorCoverage, withCoverage(accessDenied('inspector2:ListCoverage')));
    assert.equal(only(vs, 'us-east-1').status, 'unknown');
    assert.equal(only(vs, 'us-east-1').cause?.action, 'inspector2:ListCoverage');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('coverage not read (older bundle) → unknown not-collected', () => {
    const v = only(run(inspectorCoverage, withCoverage(undefined)), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
    assert.equal(v.cause?.action, 'inspector2:ListCoverage');
  });

  test('Inspector off → not_applicable (inspector.enabled reports it); status unreadable → unknown', () => {
    assert.equal(
      only(run(inspectorCoverage, withCoverage(undefined, 'DISABLED')), 'us-east-1').status,
      'not_applicable',
    );
    const a = accountEvidence({ inspector: regional(accessDenied('inspector2:BatchGetAccountStatus')) });
    const vs = run(inspectorCoverage, a);
    assert.equal(only(vs, 'us-east-1').status, 'unknown');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('the finding names the resources and claims the fail', () => {
    const fail = result('inspector.coverage', 'fail', 'us-east-1', null, {
      notScanned: ['i-0a (NO_INVENTORY)'],
    });
    const s = spoken('inspector', [fail]);
    assert.match(
      s.text,
      /In us-east-1, Amazon Inspector was active but was not scanning i-0a \(NO_INVENTORY\)/,
    );
    assert.equal(s.claims.length, 1);
  });

  test("the collector asks for the account's INACTIVE resources on every page and keeps its own", async () => {
    const calls: unknown[] = [];
    const pages = [
      {
        coveredResources: [
          {
            resourceType: 'AWS_EC2_INSTANCE',
            resourceId: 'i-1',
            accountId: '111122223333',
            scanType: 'PACKAGE',
            scanStatus: { statusCode: 'INACTIVE', reason: 'NO_INVENTORY' },
          },
        ],
        nextToken: 't',
      },
      {
        coveredResources: [
          {
            resourceType: 'AWS_EC2_INSTANCE',
            resourceId: 'i-2',
            accountId: '999999999999',
            scanType: 'PACKAGE',
          },
        ],
      },
    ];
    const session = {
      paginate: async (_op: unknown, _region: string, input: unknown) => {
        calls.push(input);
        return { ok: true, value: pages.flatMap((p) => p.coveredResources) };
      },
    };
    const got = await collectCoverage(session as never, '111122223333', 'us-east-1');
    assert.ok(got.ok);
    assert.deepEqual(got.value.inactive, [
      {
        resourceType: 'AWS_EC2_INSTANCE',
        resourceId: 'i-1',
        scanType: 'PACKAGE',
        statusCode: 'INACTIVE',
        reason: 'NO_INVENTORY',
      },
    ]);
    assert.deepEqual((calls[0] as { filterCriteria: unknown }).filterCriteria, {
      accountId: [{ comparison: 'EQUALS', value: '111122223333' }],
      scanStatusCode: [{ comparison: 'EQUALS', value: 'INACTIVE' }],
    });
  });
});

describe('inspector.coverage: the EC2 scan mode (GetConfiguration, evidence only)', () => {
  const base = (ec2ScanMode: unknown, inactive: Inactive[]) =>
    accountEvidence({
      inspector: regional(
        ok({
          status: 'ENABLED',
          scanTypes: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'ENABLED' },
          coverage: ok({ inactive }),
          ec2ScanMode: ec2ScanMode as never,
        }),
      ),
    });

  test('agent-based only with an unscanned instance: the fail says hybrid mode would scan it', () => {
    const v = only(
      run(
        inspectorCoverage,
        base(ok({ scanMode: 'EC2_SSM_AGENT_BASED' }), [ec2('i-1', 'UNMANAGED_EC2_INSTANCE')]),
      ),
      'us-east-1',
    );
    assert.equal(v.status, 'fail');
    assert.equal(v.data.ec2ScanMode, 'EC2_SSM_AGENT_BASED');
    assert.match(v.detail, /agent-based only \(EC2_SSM_AGENT_BASED\)/);
  });

  test('hybrid, not reported or unreadable: no such words, and the verdict never changes', () => {
    const gaps = [ec2('i-1', 'UNMANAGED_EC2_INSTANCE')];
    for (const mode of [
      ok({ scanMode: 'EC2_HYBRID' }),
      ok({ scanMode: null }),
      accessDenied('inspector2:GetConfiguration'),
      undefined,
    ]) {
      const v = only(run(inspectorCoverage, base(mode, gaps)), 'us-east-1');
      assert.equal(v.status, 'fail');
      assert.doesNotMatch(v.detail, /agent-based/);
    }
    for (const mode of [
      ok({ scanMode: 'EC2_SSM_AGENT_BASED' }),
      accessDenied('inspector2:GetConfiguration'),
    ]) {
      assert.equal(only(run(inspectorCoverage, base(mode, [])), 'us-east-1').status, 'pass');
    }
  });
});
