/** Pure mapping functions of the collectors, fed with hand-made SDK-shaped answers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectorFailure } from '../../src/collect/account.js';
import { interpretRegions, selectRegions } from '../../src/collect/regions.js';
import type { AwsError } from '../../src/evidence/observed.js';
import {
  arnParts,
  normaliseSelectors,
  normaliseStatus,
  trailBase,
} from '../../src/services/cloudtrail/collect.js';
import { interpretDetector } from '../../src/services/guardduty/collect.js';
import { failedAccountKind, interpretAccountStatus } from '../../src/services/inspector/collect.js';
import { bucketRegionFromLocation, liveInstanceIds } from '../../src/services/inventory/collect.js';
import {
  interpretMacieAdministrator,
  interpretMacieSession,
  saysMacieNotEnabled,
} from '../../src/services/macie/collect.js';
import { interpretSubscriptionState } from '../../src/services/shield/collect.js';
import {
  mergeSummaries,
  SUMMARY_MISSING,
  securityChecks,
} from '../../src/services/trustedadvisor/collect.js';
import {
  interpretWebAcl,
  needsWebAclRead,
  PARTS,
  stageArn,
  userPoolArn,
} from '../../src/services/waf/collect.js';

const err = (code: string, message: string, kind: AwsError['kind'] = 'access-denied'): AwsError => ({
  kind,
  code,
  message,
  action: 'x:Y',
  httpStatus: 400,
});

describe('regions', () => {
  const answer = [
    { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
    { RegionName: 'me-south-1', OptInStatus: 'opted-in' },
    { RegionName: 'cn-north-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'us-gov-west-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
  ];

  test('keeps enabled regions of the partition and says why others are skipped', () => {
    const l = interpretRegions('aws', answer);
    assert.deepEqual(l.enabled, ['eu-west-1', 'me-south-1', 'us-east-1']);
    assert.deepEqual(l.skipped, [
      { name: 'af-south-1', reason: 'not opted in' },
      { name: 'cn-north-1', reason: 'other partition' },
      { name: 'us-gov-west-1', reason: 'other partition' },
    ]);
  });

  test('china partition keeps only cn-* regions', () => {
    assert.deepEqual(interpretRegions('aws-cn', answer).enabled, ['cn-north-1']);
  });

  test('requested regions narrow the scan; disabled ones are unavailable with RegionNotEnabled', () => {
    const listing = { ok: true as const, value: interpretRegions('aws', answer) };
    const s = selectRegions('aws', listing, ['eu-west-1', 'af-south-1', 'cn-north-1', 'xx-nowhere-1']);
    assert.deepEqual(s.scanned, ['eu-west-1']);
    assert.deepEqual(
      s.unavailable.map((u) => [u.name, u.error.kind, u.error.code, u.error.action]),
      [
        ['af-south-1', 'region-disabled', 'RegionNotEnabled', 'ec2:DescribeRegions'],
        ['cn-north-1', 'region-disabled', 'RegionNotEnabled', 'ec2:DescribeRegions'],
        ['xx-nowhere-1', 'region-disabled', 'RegionNotEnabled', 'ec2:DescribeRegions'],
      ],
    );
    assert.match(s.unavailable[0]?.error.message ?? '', /not opted in/);
  });

  test('without a request every enabled region is scanned', () => {
    const listing = { ok: true as const, value: interpretRegions('aws', answer) };
    assert.deepEqual(selectRegions('aws', listing).scanned, ['eu-west-1', 'me-south-1', 'us-east-1']);
  });

  test('failed listing: requested regions are scanned anyway, otherwise none', () => {
    const listing = { ok: false as const, error: err('UnauthorizedOperation', 'denied') };
    assert.deepEqual(selectRegions('aws', listing, ['eu-west-1', 'eu-west-1']).scanned, ['eu-west-1']);
    assert.deepEqual(selectRegions('aws', listing).scanned, []);
  });
});

describe('inventory', () => {
  test('terminated instances are left out, others kept', () => {
    const ids = liveInstanceIds([
      {
        Instances: [
          { InstanceId: 'i-1', State: { Name: 'running' } },
          { InstanceId: 'i-2', State: { Name: 'terminated' } },
        ],
      },
      { Instances: [{ InstanceId: 'i-3', State: { Name: 'stopped' } }] },
      {},
    ]);
    assert.deepEqual(ids, ['i-1', 'i-3']);
  });

  test('bucket location constraints map to regions', () => {
    assert.equal(bucketRegionFromLocation(undefined), 'us-east-1');
    assert.equal(bucketRegionFromLocation(null), 'us-east-1');
    assert.equal(bucketRegionFromLocation(''), 'us-east-1');
    assert.equal(bucketRegionFromLocation('EU'), 'eu-west-1');
    assert.equal(bucketRegionFromLocation('ap-south-1'), 'ap-south-1');
  });
});

describe('cloudtrail', () => {
  test('owner account and home region come from the trail and its ARN', () => {
    const arn = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail';
    assert.deepEqual(arnParts(arn), { region: 'eu-west-1', account: '111122223333' });
    const base = trailBase(
      { TrailARN: arn, Name: 'org-trail', IsOrganizationTrail: true, IsMultiRegionTrail: true },
      'us-east-1',
    );
    assert.equal(base?.ownerAccountId, '111122223333');
    assert.equal(base?.homeRegion, 'eu-west-1');
    assert.equal(base?.isOrganizationTrail, true);
    assert.equal(base?.logFileValidation, false);
    assert.equal(base?.kmsKeyId, null);
    assert.equal(trailBase({ Name: 'no-arn' }, 'us-east-1'), null);
  });

  test('classic selectors keep AWS defaults as null', () => {
    const s = normaliseSelectors({
      EventSelectors: [
        { ReadWriteType: 'All', IncludeManagementEvents: true },
        {},
        {
          DataResources: [
            { Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/'] },
            { Type: 'AWS::Lambda::Function' },
          ],
        },
      ],
    });
    assert.deepEqual(s.basic, [
      {
        readWriteType: 'All',
        includeManagementEvents: true,
        excludeManagementEventSources: [],
        dataResources: [],
      },
      {
        readWriteType: null,
        includeManagementEvents: null,
        excludeManagementEventSources: [],
        dataResources: [],
      },
      {
        readWriteType: null,
        includeManagementEvents: null,
        excludeManagementEventSources: [],
        dataResources: [
          { type: 'AWS::S3::Object', values: ['arn:aws:s3:::b/'] },
          { type: 'AWS::Lambda::Function', values: [] },
        ],
      },
    ]);
    assert.equal(s.advanced, null);
  });

  test('advanced selectors keep field operators and omit absent ones', () => {
    const s = normaliseSelectors({
      AdvancedEventSelectors: [
        {
          Name: 'my custom name',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'], StartsWith: ['s3'] },
          ],
        },
      ],
    });
    assert.equal(s.basic, null);
    assert.deepEqual(s.advanced, [
      {
        name: 'my custom name',
        fieldSelectors: [
          { field: 'eventCategory', equals: ['Management'] },
          { field: 'eventSource', notEquals: ['kms.amazonaws.com'], startsWith: ['s3'] },
        ],
      },
    ]);
  });

  test('trail status: dates become ISO text; missing IsLogging is unparseable', () => {
    const st = normaliseStatus({ IsLogging: false, LatestDeliveryTime: new Date('2026-01-02T03:04:05Z') });
    assert.deepEqual(st, {
      ok: true,
      value: {
        isLogging: false,
        latestDeliveryTime: '2026-01-02T03:04:05.000Z',
        latestDeliveryError: null,
        latestCloudWatchLogsDeliveryTime: null,
      },
    });
    const bad = normaliseStatus({});
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.kind, 'unparseable');
    assert.equal(!bad.ok && bad.error.action, 'cloudtrail:GetTrailStatus');
  });
});

describe('trusted advisor', () => {
  test('keeps security checks and merges their summaries', () => {
    const checks = securityChecks([
      { id: 'a', name: 'IAM Access Key Rotation', category: 'security', description: '', metadata: [] },
      { id: 'b', name: 'Low Utilization', category: 'cost_optimizing', description: '', metadata: [] },
      { id: 'c', name: 'MFA on Root', category: 'security', description: '', metadata: [] },
    ]);
    assert.deepEqual(
      checks.map((c) => c.id),
      ['a', 'c'],
    );
    const merged = mergeSummaries(checks, [
      {
        checkId: 'a',
        status: 'warning',
        timestamp: '',
        hasFlaggedResources: true,
        resourcesSummary: {
          resourcesProcessed: 4,
          resourcesFlagged: 2,
          resourcesIgnored: 0,
          resourcesSuppressed: 0,
        },
        categorySpecificSummary: {},
      },
    ]);
    assert.deepEqual(merged[0], {
      id: 'a',
      name: 'IAM Access Key Rotation',
      category: 'security',
      status: 'warning',
      resourcesFlagged: 2,
      resourcesProcessed: 4,
    });
    assert.equal(merged[1]?.status, SUMMARY_MISSING);
    assert.equal(merged[1]?.resourcesFlagged, null);
  });
});

describe('inspector', () => {
  const id = '123456789012';
  test('maps account and scan type states', () => {
    const r = interpretAccountStatus(
      {
        accounts: [
          {
            accountId: id,
            state: { status: 'ENABLED', errorCode: undefined, errorMessage: undefined },
            resourceState: {
              ec2: { status: 'ENABLED' },
              ecr: { status: 'DISABLED' },
              lambda: { status: 'ENABLED' },
            } as never,
          },
        ],
        failedAccounts: [],
      },
      id,
    );
    assert.deepEqual(r, {
      ok: true,
      value: {
        status: 'ENABLED',
        scanTypes: {
          ec2: 'ENABLED',
          ecr: 'DISABLED',
          lambda: 'ENABLED',
          lambdaCode: null,
          codeRepository: null,
        },
      },
    });
  });

  test('failedAccounts becomes an error carrying its code', () => {
    const r = interpretAccountStatus(
      {
        accounts: [],
        failedAccounts: [{ accountId: id, errorCode: 'ACCESS_DENIED', errorMessage: 'nope' }],
      },
      id,
    );
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && [r.error.kind, r.error.code, r.error.action], [
      'access-denied',
      'ACCESS_DENIED',
      'inspector2:BatchGetAccountStatus',
    ]);
    assert.equal(failedAccountKind('INTERNAL_ERROR'), 'server-error');
    assert.equal(failedAccountKind('SSM_THROTTLED'), 'throttled');
    assert.equal(failedAccountKind('ACCOUNT_IS_ISOLATED'), 'other');
  });

  test('an account absent from the answer is unparseable, not disabled', () => {
    const r = interpretAccountStatus(
      { accounts: [{ accountId: '999999999999' } as never], failedAccounts: [] },
      id,
    );
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.kind, 'unparseable');
  });
});

describe('macie', () => {
  test('AccessDeniedException saying Macie is not enabled reads as NOT_ENABLED', () => {
    const r = interpretMacieSession({
      ok: false,
      error: err('AccessDeniedException', 'Macie is not enabled.'),
    });
    assert.deepEqual(r, {
      ok: true,
      value: { status: 'NOT_ENABLED', basis: 'AccessDeniedException: Macie is not enabled.' },
    });
  });

  test('a genuine permission denial stays an error', () => {
    const msg =
      'User: arn:aws:sts::123456789012:assumed-role/audit/x is not authorized to perform: macie2:GetMacieSession';
    const r = interpretMacieSession({ ok: false, error: err('AccessDeniedException', msg) });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.kind, 'access-denied');
    assert.equal(
      saysMacieNotEnabled(
        'AccessDeniedException',
        'Macie is not enabled; explicit deny in a service control policy',
      ),
      false,
    );
    assert.equal(saysMacieNotEnabled('AccessDenied', 'Macie is not enabled'), false);
  });

  test('ResourceNotFoundException and other errors stay errors', () => {
    for (const e of [
      err('ResourceNotFoundException', 'Macie is not enabled', 'not-found'),
      err('ThrottlingException', 'slow down', 'throttled'),
    ]) {
      const r = interpretMacieSession({ ok: false, error: e });
      assert.equal(r.ok, false, e.code);
    }
  });

  test('session status is kept with its basis; no status is unparseable', () => {
    assert.deepEqual(interpretMacieSession({ ok: true, value: { status: 'PAUSED' } }), {
      ok: true,
      value: { status: 'PAUSED', basis: 'GetMacieSession: PAUSED' },
    });
    const r = interpretMacieSession({ ok: true, value: {} });
    assert.equal(!r.ok && r.error.kind, 'unparseable');
  });

  test('administrator: a member names its administrator; `{}` is none; an error stays an error', () => {
    assert.deepEqual(
      interpretMacieAdministrator({
        ok: true,
        value: { administrator: { accountId: '444455556666', relationshipStatus: 'Enabled' } },
      }),
      { ok: true, value: { accountId: '444455556666', relationshipStatus: 'Enabled' } },
    );
    assert.deepEqual(
      interpretMacieAdministrator({ ok: true, value: { administrator: { accountId: '444455556666' } } }),
      { ok: true, value: { accountId: '444455556666', relationshipStatus: null } },
    );
    assert.deepEqual(interpretMacieAdministrator({ ok: true, value: {} }), { ok: true, value: null });
    const e = err('AccessDeniedException', 'not authorized to perform: macie2:GetAdministratorAccount');
    assert.deepEqual(interpretMacieAdministrator({ ok: false, error: e }), { ok: false, error: e });
  });
});

describe('guardduty', () => {
  test('features from Features[]; null when absent', () => {
    assert.deepEqual(
      interpretDetector({
        Status: 'ENABLED',
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'RUNTIME_MONITORING', Status: 'DISABLED' },
        ],
      }),
      {
        ok: true,
        value: {
          status: 'ENABLED',
          features: [
            { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
            { name: 'RUNTIME_MONITORING', status: 'DISABLED' },
          ],
        },
      },
    );
    assert.deepEqual(interpretDetector({ Status: 'DISABLED' }), {
      ok: true,
      value: { status: 'DISABLED', features: null },
    });
    const bad = interpretDetector({});
    assert.equal(!bad.ok && bad.error.kind, 'unparseable');
  });
});

describe('waf and shield', () => {
  test('an empty WebACL means no web ACL; WAFNonexistentItemException stays an error', () => {
    assert.deepEqual(interpretWebAcl({ ok: true, value: {} }), { ok: true, value: { webAclArn: null } });
    assert.deepEqual(interpretWebAcl({ ok: true, value: { WebACL: { ARN: 'arn:acl' } as never } }), {
      ok: true,
      value: { webAclArn: 'arn:acl' },
    });
    const r = interpretWebAcl({ ok: false, error: err('WAFNonexistentItemException', 'gone', 'other') });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.kind, 'not-found');
    assert.equal(!r.ok && r.error.code, 'WAFNonexistentItemException');
  });

  test('web ACL read only for ALBs not marked internal', () => {
    assert.equal(needsWebAclRead({ Type: 'application', Scheme: 'internet-facing' }), true);
    assert.equal(needsWebAclRead({ Type: 'application', Scheme: 'internal' }), false);
    assert.equal(needsWebAclRead({ Type: 'network', Scheme: 'internet-facing' }), false);
  });

  test('ARNs are built per partition', () => {
    assert.equal(
      stageArn('aws-cn', 'cn-north-1', 'abc', 'prod'),
      'arn:aws-cn:apigateway:cn-north-1::/restapis/abc/stages/prod',
    );
    assert.equal(
      userPoolArn('aws', 'eu-west-1', '123456789012', 'eu-west-1_X'),
      'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_X',
    );
  });

  test('shield subscription state', () => {
    assert.deepEqual(interpretSubscriptionState({ SubscriptionState: 'INACTIVE' }), {
      ok: true,
      value: { subscriptionState: 'INACTIVE' },
    });
    const r = interpretSubscriptionState({});
    assert.equal(!r.ok && r.error.kind, 'unparseable');
  });

  test('collector failure record names the operations read, not the JavaScript error', () => {
    const e = collectorFailure(PARTS.elbv2, new TypeError('(o.accounts ?? []).find is not a function'));
    assert.equal(e.code, 'CollectorFailed');
    assert.equal(e.action, 'elasticloadbalancing:DescribeLoadBalancers');
    assert.match(e.message, /elasticloadbalancing:DescribeLoadBalancers, wafv2:GetWebACLForResource/);
    assert.doesNotMatch(e.message, /not a function|TypeError|\?\?/);
  });
});
