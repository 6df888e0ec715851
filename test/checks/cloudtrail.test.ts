import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cloudtrailCloudWatchLogs } from '../../src/services/cloudtrail/checks/cloudwatch-logs.js';
import { cloudtrailEnabled } from '../../src/services/cloudtrail/checks/enabled.js';
import { cloudtrailKmsEncryption } from '../../src/services/cloudtrail/checks/kms-encryption.js';
import { cloudtrailLogValidation } from '../../src/services/cloudtrail/checks/log-validation.js';
import { cloudtrailLogging } from '../../src/services/cloudtrail/checks/logging.js';
import { cloudtrailManagementEvents } from '../../src/services/cloudtrail/checks/management-events.js';
import { cloudtrailMultiRegion } from '../../src/services/cloudtrail/checks/multi-region.js';
import type { Trail } from '../../src/services/cloudtrail/schema.js';
import { managementCoverage } from '../../src/services/cloudtrail/trails.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  awsError,
  cloudtrailEvidence,
  err,
  ORG_MASTER,
  ok,
  only,
  REGIONS,
  run,
  trail,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const stopped = () =>
  ok({
    isLogging: false,
    latestDeliveryTime: null,
    latestDeliveryError: null,
    latestCloudWatchLogsDeliveryTime: null,
  });

describe('cloudtrail.enabled', () => {
  test('pass in every region with a logging multi-region trail', () => {
    const vs = run(cloudtrailEnabled, accountEvidence());
    assert.deepEqual(
      vs.map((v) => [v.region, v.status]),
      REGIONS.map((r) => [r, 'pass']),
    );
    assert.match(only(vs, 'eu-west-1').detail, /main-trail/);
  });

  test('fail where no trail covers the region; a single-region trail only covers its home region', () => {
    const t = trail({ name: 'local', isMultiRegion: false, homeRegion: 'us-east-1' });
    const a = accountEvidence({
      cloudtrail: {
        ...cloudtrailEvidence([t]),
        regions: { 'us-east-1': ok({ trailArns: [t.arn] }), 'eu-west-1': ok({ trailArns: [] }) },
      },
    });
    const vs = run(cloudtrailEnabled, a);
    assert.equal(only(vs, 'us-east-1').status, 'pass');
    const eu = only(vs, 'eu-west-1');
    assert.equal(eu.status, 'fail');
    assert.deepEqual(eu.data.trails, []);
  });

  test('fail when every covering trail is proven stopped', () => {
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ status: stopped() })]) });
    const v = only(run(cloudtrailEnabled, a), 'us-east-1');
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /stopped/);
  });

  test('unknown (not fail) when the covering trail status is unreadable', () => {
    const a = accountEvidence({
      cloudtrail: cloudtrailEvidence([trail({ status: accessDenied('cloudtrail:GetTrailStatus') })]),
    });
    const v = only(run(cloudtrailEnabled, a), 'us-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'AccessDeniedException');
    assert.equal(v.cause?.action, 'cloudtrail:GetTrailStatus');
  });

  test('pass when one trail is logging even if another trail status is unreadable', () => {
    const a = accountEvidence({
      cloudtrail: cloudtrailEvidence([
        trail(),
        trail({ name: 'other', status: accessDenied('cloudtrail:GetTrailStatus') }),
      ]),
    });
    assert.equal(only(run(cloudtrailEnabled, a), 'us-east-1').status, 'pass');
  });

  test('unknown for a region whose DescribeTrails listing was denied', () => {
    const ct = cloudtrailEvidence([]);
    ct.regions['eu-west-1'] = accessDenied('cloudtrail:DescribeTrails');
    const vs = run(cloudtrailEnabled, accountEvidence({ cloudtrail: ct }));
    const eu = only(vs, 'eu-west-1');
    assert.equal(eu.status, 'unknown');
    assert.equal(eu.cause?.action, 'cloudtrail:DescribeTrails');
    assert.equal(only(vs, 'us-east-1').status, 'fail');
  });

  test('organization trail owned by the management account counts and is named', () => {
    const t = trail({ name: 'org-trail', ownerAccountId: ORG_MASTER, isOrganizationTrail: true });
    const vs = run(cloudtrailEnabled, accountEvidence({ cloudtrail: cloudtrailEvidence([t]) }));
    const v = only(vs, 'eu-west-1');
    assert.equal(v.status, 'pass');
    assert.match(v.detail, new RegExp(`organization trail owned by ${ORG_MASTER}`));
    assert.equal(v.data.organizationTrailOwner, ORG_MASTER);
  });

  test('region list unreadable → one unknown verdict for "*"', () => {
    const a = accountEvidence({
      regionListing: accessDenied('ec2:DescribeRegions'),
      scannedRegions: [],
    });
    const vs = run(cloudtrailEnabled, a);
    assert.equal(vs.length, 1);
    assert.equal(vs[0]!.region, '*');
    assert.equal(vs[0]!.status, 'unknown');
    assert.equal(vs[0]!.cause?.action, 'ec2:DescribeRegions');
  });

  test('a requested region that was unavailable is unknown', () => {
    const a = accountEvidence({
      unavailableRegions: [
        {
          name: 'ap-east-1',
          error: awsError('region-disabled', 'UnrecognizedClientException', 'sts:GetCallerIdentity'),
        },
      ],
    });
    const v = only(run(cloudtrailEnabled, a), 'ap-east-1');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'region-disabled');
  });

  test('missing evidence (interrupted scan) → unknown not-collected in every region', () => {
    const vs = run(cloudtrailEnabled, accountEvidence({ cloudtrail: undefined }));
    assert.equal(vs.length, REGIONS.length);
    for (const v of vs) {
      assert.equal(v.status, 'unknown');
      assert.equal(v.cause?.kind, 'not-collected');
    }
  });

  test('a listed trail whose details are missing blocks a fail', () => {
    const ct = cloudtrailEvidence([]);
    ct.regions['us-east-1'] = ok({ trailArns: ['arn:aws:cloudtrail:us-east-1:111122223333:trail/ghost'] });
    const v = only(run(cloudtrailEnabled, accountEvidence({ cloudtrail: ct })), 'us-east-1');
    assert.equal(v.status, 'unknown');
  });
});

describe('cloudtrail.multi-region', () => {
  test('pass with a logging multi-region trail', () => {
    const vs = run(cloudtrailMultiRegion, accountEvidence());
    assert.equal(only(vs, 'global').status, 'pass');
  });

  test('fail when only single-region trails exist', () => {
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ isMultiRegion: false })]) });
    const v = only(run(cloudtrailMultiRegion, a), 'global');
    assert.equal(v.status, 'fail');
    assert.equal(v.cause, null);
  });

  test('fail when the multi-region trail is stopped', () => {
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ status: stopped() })]) });
    assert.equal(only(run(cloudtrailMultiRegion, a), 'global').status, 'fail');
  });

  test('unknown when a regional listing failed and no pass is proven', () => {
    const ct = cloudtrailEvidence([]);
    ct.regions['eu-west-1'] = err('throttled', 'ThrottlingException', 'cloudtrail:DescribeTrails');
    const v = only(run(cloudtrailMultiRegion, accountEvidence({ cloudtrail: ct })), 'global');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.code, 'ThrottlingException');
  });

  test('pass is still proven when another region listing failed', () => {
    const ct = cloudtrailEvidence([trail()]);
    ct.regions['eu-west-1'] = accessDenied('cloudtrail:DescribeTrails');
    assert.equal(
      only(run(cloudtrailMultiRegion, accountEvidence({ cloudtrail: ct })), 'global').status,
      'pass',
    );
  });

  test('unknown when the multi-region trail status is unreadable', () => {
    const a = accountEvidence({
      cloudtrail: cloudtrailEvidence([trail({ status: accessDenied('cloudtrail:GetTrailStatus') })]),
    });
    assert.equal(only(run(cloudtrailMultiRegion, a), 'global').status, 'unknown');
  });

  test('unknown when the region list is unreadable and nothing proves a pass', () => {
    const a = accountEvidence({
      regionListing: accessDenied('ec2:DescribeRegions'),
      scannedRegions: [],
      cloudtrail: { regions: {}, trails: [] },
    });
    const v = only(run(cloudtrailMultiRegion, a), 'global');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'ec2:DescribeRegions');
  });

  test('organization trail owned by another account passes and says so', () => {
    const t = trail({ name: 'org', ownerAccountId: ORG_MASTER, isOrganizationTrail: true });
    const v = only(
      run(cloudtrailMultiRegion, accountEvidence({ cloudtrail: cloudtrailEvidence([t]) })),
      'global',
    );
    assert.equal(v.status, 'pass');
    assert.match(v.detail, /organization trail owned by 999988887777/);
  });

  test('missing evidence → unknown', () => {
    const v = only(run(cloudtrailMultiRegion, accountEvidence({ cloudtrail: undefined })), 'global');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
  });
});

describe('cloudtrail per-trail checks', () => {
  const good = trail();
  const bad = trail({
    name: 'bare',
    homeRegion: 'eu-west-1',
    isMultiRegion: false,
    logFileValidation: false,
    kmsKeyId: null,
    cloudWatchLogsLogGroupArn: null,
    status: stopped(),
  });
  const broken = trail({ name: 'denied', status: accessDenied('cloudtrail:GetTrailStatus') });
  const a = accountEvidence({ cloudtrail: cloudtrailEvidence([good, bad, broken]) });

  test('cloudtrail.logging: pass / fail / unknown per trail with region = home region', () => {
    const vs = run(cloudtrailLogging, a);
    assert.equal(vs.length, 3);
    assert.equal(only(vs, 'us-east-1', good.arn).status, 'pass');
    assert.equal(only(vs, 'eu-west-1', bad.arn).status, 'fail');
    const u = only(vs, 'us-east-1', broken.arn);
    assert.equal(u.status, 'unknown');
    assert.equal(u.cause?.action, 'cloudtrail:GetTrailStatus');
  });

  test('cloudtrail.log-validation, kms-encryption, cloudwatch-logs: pass and fail per trail', () => {
    for (const check of [cloudtrailLogValidation, cloudtrailKmsEncryption, cloudtrailCloudWatchLogs]) {
      const vs = run(check, a);
      assert.equal(only(vs, undefined, good.arn).status, 'pass', check.meta.id);
      assert.equal(only(vs, undefined, bad.arn).status, 'fail', check.meta.id);
      assert.equal(only(vs, undefined, bad.arn).region, 'eu-west-1');
    }
  });

  test('no trails at all → one not_applicable for "global"', () => {
    const none = accountEvidence({ cloudtrail: cloudtrailEvidence([]) });
    for (const check of [
      cloudtrailLogging,
      cloudtrailLogValidation,
      cloudtrailKmsEncryption,
      cloudtrailCloudWatchLogs,
    ]) {
      const v = only(run(check, none), 'global');
      assert.equal(v.status, 'not_applicable', check.meta.id);
      assert.equal(v.resource, null);
    }
  });

  test('no trails seen but a listing failed → unknown, not not_applicable', () => {
    const ct = cloudtrailEvidence([]);
    ct.regions['us-east-1'] = accessDenied('cloudtrail:DescribeTrails');
    const v = only(run(cloudtrailLogging, accountEvidence({ cloudtrail: ct })), 'global');
    assert.equal(v.status, 'unknown');
  });

  test('missing evidence → unknown', () => {
    const v = only(run(cloudtrailKmsEncryption, accountEvidence({ cloudtrail: undefined })), 'global');
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
  });

  test('org trail owned elsewhere is judged and named as such', () => {
    const t = trail({ name: 'org', ownerAccountId: ORG_MASTER, isOrganizationTrail: true, kmsKeyId: null });
    const v = only(run(cloudtrailKmsEncryption, accountEvidence({ cloudtrail: cloudtrailEvidence([t]) })));
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /organization trail owned by 999988887777/);
    assert.equal(v.data.ownerAccountId, ORG_MASTER);
  });

  test('cloudwatch-logs notes a stale delivery without reading the clock', () => {
    const t = trail({
      status: ok({
        isLogging: true,
        latestDeliveryTime: '2026-11-26T10:00:00.000Z',
        latestDeliveryError: null,
        latestCloudWatchLogsDeliveryTime: '2026-11-20T10:00:00.000Z',
      }),
    });
    const v = only(run(cloudtrailCloudWatchLogs, accountEvidence({ cloudtrail: cloudtrailEvidence([t]) })));
    assert.equal(v.status, 'pass');
    assert.equal(v.data.cloudWatchDeliveryStale, true);
    assert.match(v.detail, /lags/);
  });
});

describe('cloudtrail.management-events', () => {
  const withSelectors = (eventSelectors: Trail['eventSelectors'], extra: Partial<Trail> = {}) =>
    accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ eventSelectors, ...extra })]) });

  test('pass with basic All selector', () => {
    assert.equal(only(run(cloudtrailManagementEvents, accountEvidence())).status, 'pass');
  });

  test('basic selector defaults: null readWriteType and null includeManagementEvents mean all', () => {
    const a = withSelectors(
      ok({
        basic: [{ readWriteType: null, includeManagementEvents: null, excludeManagementEventSources: [] }],
        advanced: null,
      }),
    );
    assert.equal(only(run(cloudtrailManagementEvents, a)).status, 'pass');
  });

  test('no selectors at all is the AWS default (all management events)', () => {
    assert.equal(
      only(run(cloudtrailManagementEvents, withSelectors(ok({ basic: [], advanced: null })))).status,
      'pass',
    );
    assert.equal(
      only(run(cloudtrailManagementEvents, withSelectors(ok({ basic: null, advanced: null })))).status,
      'pass',
    );
  });

  test('fail naming the trail when it is write-only', () => {
    const a = withSelectors(
      ok({
        basic: [
          { readWriteType: 'WriteOnly', includeManagementEvents: true, excludeManagementEventSources: [] },
        ],
        advanced: null,
      }),
    );
    const v = only(run(cloudtrailManagementEvents, a));
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /main-trail records write-only management events/);
  });

  test('fail when management events are excluded', () => {
    const a = withSelectors(
      ok({
        basic: [{ readWriteType: 'All', includeManagementEvents: false, excludeManagementEventSources: [] }],
        advanced: null,
      }),
    );
    assert.match(only(run(cloudtrailManagementEvents, a)).detail, /no management events/);
  });

  test('advanced selectors with a custom Name are read by their fields', () => {
    const a = withSelectors(
      ok({
        basic: null,
        advanced: [
          {
            name: 'Everything the auditors want',
            fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }],
          },
        ],
      }),
    );
    assert.equal(only(run(cloudtrailManagementEvents, a)).status, 'pass');
  });

  test('advanced: readOnly true and false in separate selectors cover both', () => {
    const a = withSelectors(
      ok({
        basic: null,
        advanced: [
          {
            name: 'r',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['true'] },
            ],
          },
          {
            name: 'w',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['false'] },
            ],
          },
        ],
      }),
    );
    assert.equal(only(run(cloudtrailManagementEvents, a)).status, 'pass');
  });

  test('advanced: readOnly true only → fail read-only; a selector named "Management events" for data does not count', () => {
    const a = withSelectors(
      ok({
        basic: null,
        advanced: [
          {
            name: 'Log all management events',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
            ],
          },
          {
            name: 'x',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['true'] },
            ],
          },
        ],
      }),
    );
    const v = only(run(cloudtrailManagementEvents, a));
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /read-only/);
  });

  test('unknown when the candidate trail selectors are unreadable', () => {
    const v = only(
      run(cloudtrailManagementEvents, withSelectors(accessDenied('cloudtrail:GetEventSelectors'))),
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'cloudtrail:GetEventSelectors');
  });

  test('fail when there is no multi-region trail (lists proven complete)', () => {
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([]) });
    assert.equal(only(run(cloudtrailManagementEvents, a)).status, 'fail');
  });

  test('unknown when there is no logging candidate and a trail status is unreadable', () => {
    const a = accountEvidence({
      cloudtrail: cloudtrailEvidence([trail({ status: accessDenied('cloudtrail:GetTrailStatus') })]),
    });
    assert.equal(only(run(cloudtrailManagementEvents, a)).status, 'unknown');
  });

  test('single-region trails do not satisfy it', () => {
    const a = accountEvidence({ cloudtrail: cloudtrailEvidence([trail({ isMultiRegion: false })]) });
    assert.equal(only(run(cloudtrailManagementEvents, a)).status, 'fail');
  });

  test('managementCoverage: notEquals readOnly true means write-only', () => {
    const c = managementCoverage({
      basic: null,
      advanced: [
        {
          name: null,
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'readOnly', notEquals: ['true'] },
          ],
        },
      ],
    });
    assert.deepEqual([c.read, c.write], [false, true]);
  });

  test('missing evidence → unknown', () => {
    assert.equal(
      only(run(cloudtrailManagementEvents, accountEvidence({ cloudtrail: undefined }))).status,
      'unknown',
    );
  });
});

describe('CloudTrail in the finding', () => {
  const noTrail = [
    result('cloudtrail.enabled', 'fail', 'eu-west-1'),
    result('cloudtrail.enabled', 'fail', 'us-east-1'),
    result('cloudtrail.multi-region', 'fail'),
    result('cloudtrail.management-events', 'fail'),
  ];

  test('no trail anywhere: one sentence names the regions and stands for the multi-region and management-event fails', () => {
    const s = spoken('cloudtrail', noTrail);
    assert.deepEqual(s.passages, [
      'No CloudTrail trail was recording API activity in the 2 regions reviewed (eu-west-1 and us-east-1), so actions taken in the account would leave no audit record there.',
    ]);
    assert.equal(s.claims.length, 4);
  });

  test('recorded somewhere: each check speaks, management events right after the multi-region sentence', () => {
    const trailArn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/legacy';
    const s = spoken('cloudtrail', [
      result('cloudtrail.enabled', 'pass', 'us-east-1'),
      ...noTrail.slice(0, 1),
      ...noTrail.slice(2),
      result('cloudtrail.kms-encryption', 'fail', 'us-east-1', trailArn),
    ]);
    assert.equal(
      s.text,
      'CloudTrail recorded API activity in us-east-1, but no logging trail covered eu-west-1. None of the logging trails was a multi-region trail, so regions without a trail of their own, including any enabled later, would not be recorded. No multi-region logging trail recorded both read and write management events. The trail arn:aws:cloudtrail:us-east-1:111122223333:trail/legacy did not encrypt log files with a KMS key, leaving only the default S3-managed encryption.',
    );
    assert.equal(s.claims.length, 4);
  });
});
