import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence } from '../../src/evidence/schema.js';
import { inspectorEnabled } from '../../src/services/inspector/checks/enabled.js';
import { inspectorScanTypes } from '../../src/services/inspector/checks/scan-types.js';
import { interpretAccountStatus } from '../../src/services/inspector/collect.js';
import { result } from '../finding/helpers.js';
import {
  ACCOUNT_ID,
  accessDenied,
  accountEvidence,
  awsError,
  ok,
  only,
  REGIONS,
  regional,
  run,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const status = (
  s: string,
  scan: Partial<Record<'ec2' | 'ecr' | 'lambda' | 'lambdaCode', string | null>> = {},
) =>
  ok({
    status: s,
    scanTypes: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'ENABLED', ...scan },
  });

function withInspector(
  perRegion: AccountEvidence['inspector'],
  inventory?: Partial<NonNullable<AccountEvidence['inventory']>>,
) {
  const base = accountEvidence();
  return accountEvidence({ inspector: perRegion, inventory: { ...base.inventory!, ...inventory } });
}

describe('inspector.enabled', () => {
  test('pass when ENABLED or ENABLING', () => {
    const vs = run(
      inspectorEnabled,
      withInspector({ 'us-east-1': status('ENABLED'), 'eu-west-1': status('ENABLING') }),
    );
    assert.deepEqual(
      vs.map((v) => v.status),
      ['pass', 'pass'],
    );
  });

  test('fail when DISABLED and workloads exist; not_applicable when the region provably has none', () => {
    const vs = run(inspectorEnabled, withInspector(regional(status('DISABLED'))));
    const us = only(vs, 'us-east-1');
    assert.equal(us.status, 'fail');
    assert.equal(us.data.ec2Instances, 1);
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('unknown (neither fail nor not_applicable) when DISABLED and the only workload inventory left is unreadable', () => {
    const a = withInspector(regional(status('SUSPENDED')), {
      lambdaFunctions: { 'us-east-1': ok({ names: [] }), 'eu-west-1': accessDenied('lambda:ListFunctions') },
    });
    const v = only(run(inspectorEnabled, a), 'eu-west-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'lambda:ListFunctions');
    assert.equal(v.data.lambdaFunctions, null);
  });

  test('fail when DISABLED and one inventory is unreadable but another proves workloads', () => {
    const a = withInspector(regional(status('DISABLED')), {
      ec2Instances: regional(ok({ ids: ['i-1'] })),
      lambdaFunctions: regional(accessDenied('lambda:ListFunctions')),
    });
    assert.equal(only(run(inspectorEnabled, a), 'eu-west-1').status, 'fail');
  });

  test('AccessDenied on BatchGetAccountStatus → unknown', () => {
    const a = withInspector({
      'us-east-1': accessDenied('inspector2:BatchGetAccountStatus'),
      'eu-west-1': status('ENABLED'),
    });
    const v = only(run(inspectorEnabled, a), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'inspector2:BatchGetAccountStatus');
  });

  test('missing evidence → unknown where workloads run, not_applicable where none; region list failure → one unknown "*"', () => {
    const vs = run(inspectorEnabled, accountEvidence({ inspector: undefined }));
    assert.equal(vs.length, REGIONS.length);
    const us = only(vs, 'us-east-1');
    assert.equal(us.status, 'unknown');
    assert.equal(us.cause?.kind, 'not-collected');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
    const star = run(
      inspectorEnabled,
      accountEvidence({ regionListing: accessDenied('ec2:DescribeRegions'), scannedRegions: [] }),
    );
    assert.equal(only(star, '*').status, 'unknown');
  });

  test('relevance first: status unreadable but no workload in the region → not_applicable, for both checks', () => {
    const a = withInspector({
      'us-east-1': accessDenied('inspector2:BatchGetAccountStatus'),
      'eu-west-1': accessDenied('inspector2:BatchGetAccountStatus'),
    });
    for (const check of [inspectorEnabled, inspectorScanTypes]) {
      const vs = run(check, a);
      assert.equal(only(vs, 'us-east-1').status, 'unknown', check.meta.id);
      const eu = only(vs, 'eu-west-1');
      assert.equal(eu.status, 'not_applicable', check.meta.id);
      assert.equal(eu.cause, null);
      assert.equal(eu.data.inspectorStatusUnread, 'AccessDeniedException');
      assert.match(eu.detail, /no EC2 instances, ECR repositories or Lambda functions/);
    }
  });

  test('status unreadable and one inventory unreadable (the rest empty) → unknown, not not_applicable', () => {
    const a = withInspector(regional(accessDenied('inspector2:BatchGetAccountStatus')), {
      lambdaFunctions: { 'us-east-1': ok({ names: [] }), 'eu-west-1': accessDenied('lambda:ListFunctions') },
    });
    for (const check of [inspectorEnabled, inspectorScanTypes]) {
      const v = only(run(check, a), 'eu-west-1');
      assert.equal(v.status, 'unknown', check.meta.id);
      assert.equal(v.cause?.action, 'inspector2:BatchGetAccountStatus');
    }
  });

  test('unavailable region → unknown', () => {
    const a = accountEvidence({
      unavailableRegions: [
        {
          name: 'me-south-1',
          error: awsError('region-disabled', 'OptInRequired', 'inspector2:BatchGetAccountStatus'),
        },
      ],
    });
    assert.equal(only(run(inspectorEnabled, a), 'me-south-1').status, 'unknown');
  });
});

describe('inspector.scan-types', () => {
  test('pass when every relevant scan type is on', () => {
    assert.equal(only(run(inspectorScanTypes, accountEvidence()), 'us-east-1').status, 'pass');
  });

  test('not_applicable when Inspector is off (inspector.enabled reports it)', () => {
    const v = only(run(inspectorScanTypes, withInspector(regional(status('DISABLED')))), 'us-east-1');
    assert.equal(v.status, 'not_applicable');
    assert.match(v.detail, /inspector\.enabled/);
  });

  test('not_applicable when the region has no workloads', () => {
    assert.equal(only(run(inspectorScanTypes, accountEvidence()), 'eu-west-1').status, 'not_applicable');
  });

  test('fail listing missing scan types for present workloads only', () => {
    const a = withInspector(regional(status('ENABLED', { ec2: 'DISABLED', lambdaCode: 'DISABLED' })), {
      ecrRepositories: regional(ok({ names: [] })),
    });
    const v = only(run(inspectorScanTypes, a), 'us-east-1');
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.missingScanTypes, ['ec2', 'lambdaCode']);
  });

  test('a disabled scan type without workloads does not fail', () => {
    const a = withInspector(regional(status('ENABLED', { ecr: 'DISABLED' })), {
      ecrRepositories: regional(ok({ names: [] })),
    });
    assert.equal(only(run(inspectorScanTypes, a), 'us-east-1').status, 'pass');
  });

  test('an inactive scan type whose workloads could not be listed is unknown, not a gap', () => {
    const a = withInspector(regional(status('ENABLED', { ecr: 'DISABLED' })), {
      ecrRepositories: regional(accessDenied('ecr:DescribeRepositories')),
    });
    const v = only(run(inspectorScanTypes, a), 'eu-west-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'ecr:DescribeRepositories');
    assert.deepEqual(v.data.missingScanTypes, []);
  });

  test('a relevant scan type whose state is not reported → unknown, not pass', () => {
    const a = withInspector(regional(status('ENABLED', { lambdaCode: null })));
    assert.equal(only(run(inspectorScanTypes, a), 'us-east-1').status, 'unknown');
  });

  /** ap-south-1 (Lambda code scanning not offered there), a Lambda function and no other workload. */
  const inApSouth1 = (scan: Parameters<typeof status>[1]) => {
    const base = accountEvidence();
    return accountEvidence({
      scannedRegions: ['ap-south-1'],
      inspector: { 'ap-south-1': status('ENABLED', scan) },
      inventory: {
        ...base.inventory!,
        ec2Instances: { 'ap-south-1': ok({ ids: [] }) },
        ecrRepositories: { 'ap-south-1': ok({ names: [] }) },
        lambdaFunctions: { 'ap-south-1': ok({ names: ['resize'] }) },
      },
    });
  };

  test('a scan type AWS does not offer in the region (left out of its answer there) is not a gap', () => {
    const region = 'ap-south-1';
    const a = inApSouth1({ lambdaCode: null });
    const v = only(run(inspectorScanTypes, a), region);
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.notOfferedScanTypes, ['lambdaCode']);
    assert.deepEqual(v.data.missingScanTypes, []);
    assert.match(v.detail, /Lambda code scanning is not offered there/);
    // Lambda standard scanning is offered there: off is still a gap.
    const w = only(run(inspectorScanTypes, inApSouth1({ lambda: 'DISABLED', lambdaCode: null })), region);
    assert.equal(w.status, 'fail');
    assert.deepEqual(w.data.missingScanTypes, ['lambda']);
  });

  test('where AWS reports the state of a scan type the table says it does not offer, the state is judged', () => {
    const v = only(run(inspectorScanTypes, inApSouth1({ lambdaCode: 'DISABLED' })), 'ap-south-1');
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.data.missingScanTypes, ['lambdaCode']);
    assert.deepEqual(v.data.notOfferedScanTypes, []);
  });

  test('AccessDenied → unknown where workloads run, not_applicable where the inventory proves none', () => {
    const a = withInspector(regional(accessDenied('inspector2:BatchGetAccountStatus')));
    const vs = run(inspectorScanTypes, a);
    assert.equal(only(vs, 'us-east-1').status, 'unknown');
    assert.equal(only(vs, 'us-east-1').cause?.action, 'inspector2:BatchGetAccountStatus');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });
});

describe('inspector.enabled: the organization delegated administrator (organization scans)', () => {
  const ADMIN = '444455556666';
  const P = 'inspector2.amazonaws.com';
  const withAdmins = (
    read: NonNullable<AccountEvidence['delegatedAdministrators']>[string] | undefined,
    base: AccountEvidence = accountEvidence(),
  ): AccountEvidence => (read ? { ...base, delegatedAdministrators: { [P]: read } } : base);

  test('enabled in a member: the pass names the organization administrator, in data too', () => {
    const v = only(run(inspectorEnabled, withAdmins(ok({ accountIds: [ADMIN] }))), 'us-east-1');
    assert.equal(v.status, 'pass');
    assert.match(v.detail, /the organization's Inspector delegated administrator is account 444455556666/);
    assert.equal(v.data.delegatedAdministrator, ADMIN);
  });

  test('the administrator account itself, none, several or an unreadable list add nothing', () => {
    const plain = only(run(inspectorEnabled, accountEvidence()), 'us-east-1');
    for (const read of [
      ok({ accountIds: [ACCOUNT_ID] }),
      ok({ accountIds: [] }),
      ok({ accountIds: [ADMIN, '777788889999'] }),
      accessDenied('organizations:ListDelegatedAdministrators'),
    ]) {
      const v = only(run(inspectorEnabled, withAdmins(read)), 'us-east-1');
      assert.equal(v.status, 'pass');
      assert.equal(v.detail, plain.detail);
      assert.equal(v.data.delegatedAdministrator, undefined);
    }
  });

  test('the administrator read never changes a verdict, of either Inspector check', () => {
    const evidences = [
      accountEvidence(),
      withInspector(regional(status('DISABLED'))),
      withInspector(regional(status('SUSPENDED')), {
        lambdaFunctions: regional(accessDenied('lambda:ListFunctions')),
        ec2Instances: regional(ok({ ids: [] })),
        ecrRepositories: regional(ok({ names: [] })),
      }),
      withInspector(regional(status('ENABLED', { ec2: 'DISABLED' }))),
      withInspector(regional(accessDenied('inspector2:BatchGetAccountStatus'))),
    ];
    const reads = [
      undefined,
      ok({ accountIds: [ADMIN] }),
      accessDenied('organizations:ListDelegatedAdministrators'),
    ];
    for (const check of [inspectorEnabled, inspectorScanTypes]) {
      for (const e of evidences) {
        const outcomes = reads.map((read) =>
          run(check, withAdmins(read, e)).map((v) => `${v.region}:${v.status}:${v.cause?.action ?? ''}`),
        );
        for (const o of outcomes) assert.deepEqual(o, outcomes[0], check.meta.id);
      }
    }
  });

  test('a member where Inspector is off still fails; the administrator is in the data for follow-up', () => {
    const v = only(
      run(
        inspectorEnabled,
        withAdmins(ok({ accountIds: [ADMIN] }), withInspector(regional(status('DISABLED')))),
      ),
      'us-east-1',
    );
    assert.equal(v.status, 'fail');
    assert.equal(v.data.delegatedAdministrator, ADMIN);
    assert.doesNotMatch(v.detail, /delegated administrator/);
  });
});

describe('inspector: code repository scanning and the finding', () => {
  test('codeRepository state is recorded in the data, never judged; absent (older bundles) reads null', () => {
    const withCode = withInspector(
      regional(
        ok({
          status: 'ENABLED',
          scanTypes: {
            ec2: 'ENABLED',
            ecr: 'ENABLED',
            lambda: 'ENABLED',
            lambdaCode: 'ENABLED',
            codeRepository: 'DISABLED',
          },
        }),
      ),
    );
    const v = only(run(inspectorScanTypes, withCode), 'us-east-1');
    assert.equal(v.status, 'pass');
    assert.equal(v.data.codeRepositoryScanning, 'DISABLED');
    assert.equal(
      only(run(inspectorScanTypes, accountEvidence()), 'us-east-1').data.codeRepositoryScanning,
      null,
    );
  });

  test('interpretAccountStatus reads resourceState.codeRepository', () => {
    const got = interpretAccountStatus(
      {
        accounts: [
          {
            accountId: ACCOUNT_ID,
            state: { status: 'ENABLED' },
            resourceState: {
              ec2: { status: 'ENABLED' },
              ecr: { status: 'ENABLED' },
              codeRepository: { status: 'ENABLED' },
            },
          },
        ],
      } as never,
      ACCOUNT_ID,
    );
    assert.ok(got.ok);
    assert.equal(got.value.scanTypes.codeRepository, 'ENABLED');
    assert.equal(got.value.scanTypes.lambda, null);
  });

  test('the finding names the organization delegated administrator where Inspector is active', () => {
    const pass = result('inspector.enabled', 'pass', 'us-east-1', null, {
      delegatedAdministrator: '444455556666',
    });
    const s = spoken('inspector', [pass]);
    assert.match(
      s.text,
      /^Amazon Inspector was active in us-east-1; the organization's Inspector delegated administrator, which can manage it for member accounts, is account 444455556666\./,
    );
    assert.equal(s.claims.length, 0);
    assert.equal(spoken('inspector', [result('inspector.enabled', 'pass', 'us-east-1')]).text, '');
  });
});
