/**
 * collectAccount and the collectors against a scripted gateway: error paths moto cannot produce (denials,
 * subscription errors, failed region listings, pagination, Macie's "not enabled" denial).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AwsSession, type Gateway } from '../../src/aws/gateway.js';
import type { Operation } from '../../src/aws/operation.js';
import { collectAccount } from '../../src/collect/account.js';
import type { AwsError, Observed } from '../../src/evidence/observed.js';
import { AccountEvidenceSchema, BundleSchema } from '../../src/evidence/schema.js';
import { collectCloudTrail } from '../../src/services/cloudtrail/collect.js';
import { INSPECTOR_SERVICE_PRINCIPAL } from '../../src/services/inspector/schema.js';
import { collectMacieRegion } from '../../src/services/macie/collect.js';
import { collectDelegatedAdministrators } from '../../src/services/organizations/collect.js';
import { collectTrustedAdvisor } from '../../src/services/trustedadvisor/collect.js';
import { collectLoadBalancers } from '../../src/services/waf/collect.js';

type Handler = (region: string, input: Record<string, unknown>) => Observed<unknown>;
interface Call {
  action: string;
  command: string;
  region: string;
  input: Record<string, unknown>;
}

const ACCOUNT = '123456789012';

function denied(
  action: string,
  code = 'AccessDeniedException',
  message = 'not authorized to perform',
): AwsError {
  return { kind: 'access-denied', code, message, action, httpStatus: 403 };
}

/** A session whose gateway answers from `handlers` (by command name); unscripted calls are denied. */
function fakeSession(handlers: Record<string, Handler>): { session: AwsSession; calls: Call[] } {
  const calls: Call[] = [];
  const gateway = {
    async execute(
      _s: unknown,
      op: Operation<unknown, unknown>,
      region: string,
      input: Record<string, unknown>,
    ) {
      calls.push({ action: op.iamAction, command: op.command, region, input });
      const h = handlers[op.command];
      return h ? h(region, input) : { ok: false, error: denied(op.iamAction) };
    },
  } as unknown as Gateway;
  const session = new AwsSession(gateway, async () => ({ accessKeyId: 'x', secretAccessKey: 'y' }));
  return { session, calls };
}

const ok = (value: unknown): Observed<unknown> => ({ ok: true, value });

describe('collectAccount with a scripted gateway', () => {
  test('everything denied: every part is an error, nothing reads as empty', async () => {
    const { session } = fakeSession({
      DescribeRegionsCommand: () =>
        ok({
          Regions: [
            { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
            { RegionName: 'ap-east-1', OptInStatus: 'not-opted-in' },
          ],
        }),
    });
    const ev = await collectAccount(session, {
      accountId: ACCOUNT,
      partition: 'aws',
      callerArn: `arn:aws:iam::${ACCOUNT}:user/a`,
    });
    AccountEvidenceSchema.parse(ev);
    assert.deepEqual(ev.scannedRegions, ['us-east-1']);
    const r = 'us-east-1';
    const regional = [
      ev.inventory?.ec2Instances[r],
      ev.inventory?.ecrRepositories[r],
      ev.inventory?.lambdaFunctions[r],
      ev.cloudtrail?.regions[r],
      ev.inspector?.[r],
      ev.macie?.[r],
      ev.guardduty?.[r],
      ev.waf?.restApis[r],
      ev.waf?.loadBalancers[r],
      ev.waf?.appSync[r],
      ev.waf?.cognito[r],
    ];
    for (const o of regional) {
      assert.equal(o?.ok, false);
      assert.equal(o && !o.ok && o.error.kind, 'access-denied');
    }
    for (const o of [ev.inventory?.s3Buckets, ev.trustedadvisor, ev.waf?.cloudFront, ev.shield]) {
      assert.equal(o?.ok, false);
    }
    assert.deepEqual(ev.cloudtrail?.trails, []);
  });

  test('region listing denied without --regions: nothing scanned, listing carries the error', async () => {
    const { session, calls } = fakeSession({});
    const ev = await collectAccount(session, {
      accountId: ACCOUNT,
      partition: 'aws',
      callerArn: 'arn:aws:iam::123456789012:user/a',
      services: ['guardduty'],
    });
    assert.deepEqual(ev.scannedRegions, []);
    assert.equal(ev.regionListing.ok, false);
    assert.equal(!ev.regionListing.ok && ev.regionListing.error.action, 'ec2:DescribeRegions');
    assert.deepEqual(ev.guardduty, {});
    // GuardDuty's protection plans need the inventory: nothing regional of it is read without regions,
    // only its global bucket list (ListBuckets, denied here like every call of the fake session)
    assert.deepEqual(ev.inventory?.ec2Instances, {});
    assert.equal(ev.inventory?.s3Buckets.ok, false);
    assert.equal(ev.macie, undefined);
    assert.deepEqual(
      calls.map((c) => c.command),
      ['DescribeRegionsCommand', 'ListBucketsCommand'],
    );
  });

  test('region listing denied with --regions: requested regions scanned anyway', async () => {
    const { session, calls } = fakeSession({
      ListDetectorsCommand: () => ok({ DetectorIds: [] }),
    });
    const ev = await collectAccount(session, {
      accountId: ACCOUNT,
      partition: 'aws',
      callerArn: 'arn:aws:iam::123456789012:user/a',
      requestedRegions: ['eu-central-1'],
      services: ['guardduty'],
    });
    assert.deepEqual(ev.scannedRegions, ['eu-central-1']);
    assert.deepEqual(ev.guardduty?.['eu-central-1'], { ok: true, value: { detectors: [] } });
    assert.equal(calls[0]?.region, 'us-east-1');
    assert.deepEqual(calls[0]?.input, { AllRegions: true });
  });

  test('Macie off in one region, denied in another', async () => {
    const { session } = fakeSession({
      DescribeRegionsCommand: () =>
        ok({
          Regions: [
            { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
            { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
          ],
        }),
      GetMacieSessionCommand: (region) => ({
        ok: false,
        error: denied(
          'macie2:GetMacieSession',
          'AccessDeniedException',
          region === 'us-east-1'
            ? 'Macie is not enabled.'
            : 'User: x is not authorized to perform: macie2:GetMacieSession with an explicit deny',
        ),
      }),
    });
    const ev = await collectAccount(session, {
      accountId: ACCOUNT,
      partition: 'aws',
      callerArn: 'arn:aws:iam::123456789012:user/a',
      services: ['macie'],
    });
    assert.deepEqual(ev.macie?.['us-east-1'], {
      ok: true,
      value: { status: 'NOT_ENABLED', basis: 'AccessDeniedException: Macie is not enabled.' },
    });
    assert.equal(ev.macie?.['eu-west-1']?.ok, false);
    assert.ok(ev.inventory, 'inventory is collected for Macie relevance');
  });

  test('a collector defect is recorded, not thrown', async () => {
    const { session } = fakeSession({
      DescribeRegionsCommand: () => ok({ Regions: [{ RegionName: 'us-east-1' }] }),
      ListDetectorsCommand: () => {
        throw new Error('bug');
      },
    });
    const ev = await collectAccount(session, {
      accountId: ACCOUNT,
      partition: 'aws',
      callerArn: 'arn:aws:iam::123456789012:user/a',
      services: ['guardduty'],
    });
    const g = ev.guardduty?.['us-east-1'];
    assert.equal(g?.ok, false);
    assert.equal(g && !g.ok && g.error.code, 'CollectorFailed');
  });
});

describe('collectors with a scripted gateway', () => {
  test('CloudTrail: shadow trail seen in two regions is read once, in its home region, by ARN', async () => {
    const arn = 'arn:aws:cloudtrail:eu-west-1:999988887777:trail/org';
    const trail = { TrailARN: arn, Name: 'org', HomeRegion: 'eu-west-1', IsOrganizationTrail: true };
    const { session, calls } = fakeSession({
      DescribeTrailsCommand: () => ok({ trailList: [trail] }),
      GetTrailStatusCommand: () => ok({ IsLogging: true }),
      GetEventSelectorsCommand: () => ({
        ok: false,
        error: {
          ...denied('cloudtrail:GetEventSelectors'),
          code: 'TrailNotFoundException',
          kind: 'not-found',
        },
      }),
    });
    const ev = await collectCloudTrail(session, ['us-east-1', 'us-west-2']);
    assert.equal(ev.trails.length, 1);
    assert.equal(ev.trails[0]?.ownerAccountId, '999988887777');
    assert.equal(ev.trails[0]?.eventSelectors.ok, false);
    const status = calls.filter((c) => c.command === 'GetTrailStatusCommand');
    assert.deepEqual(
      status.map((c) => [c.region, c.input.Name]),
      [['eu-west-1', arn]],
    );
    const sel = calls.find((c) => c.command === 'GetEventSelectorsCommand');
    assert.deepEqual([sel?.region, sel?.input.TrailName], ['eu-west-1', arn]);
    assert.deepEqual(ev.regions['us-west-2'], { ok: true, value: { trailArns: [arn] } });
  });

  test('CloudTrail Lake: the list once per region, Get only for entries without status and selectors', async () => {
    const arn = (r: string, n: string) => `arn:aws:cloudtrail:${r}:${ACCOUNT}:eventdatastore/${n}`;
    const mgmt = [{ Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }];
    const { session, calls } = fakeSession({
      DescribeTrailsCommand: () => ok({ trailList: [] }),
      ListEventDataStoresCommand: (region) =>
        region === 'us-east-1'
          ? ok({
              EventDataStores: [
                { EventDataStoreArn: arn(region, 'bare'), Name: 'bare' },
                {
                  EventDataStoreArn: arn(region, 'full'),
                  Name: 'full',
                  Status: 'ENABLED',
                  AdvancedEventSelectors: mgmt,
                  MultiRegionEnabled: false,
                  OrganizationEnabled: false,
                },
              ],
            })
          : { ok: false, error: denied('cloudtrail:ListEventDataStores') },
      GetEventDataStoreCommand: () =>
        ok({
          EventDataStoreArn: arn('us-east-1', 'bare'),
          Status: 'STOPPED_INGESTION',
          AdvancedEventSelectors: mgmt,
          MultiRegionEnabled: true,
          OrganizationEnabled: true,
        }),
    });
    const ev = await collectCloudTrail(session, ['us-east-1', 'eu-west-1']);
    assert.deepEqual(
      calls
        .filter((c) => c.command === 'ListEventDataStoresCommand')
        .map((c) => c.region)
        .sort(),
      ['eu-west-1', 'us-east-1'],
    );
    const gets = calls.filter((c) => c.command === 'GetEventDataStoreCommand');
    assert.deepEqual(
      gets.map((c) => c.input.EventDataStore),
      [arn('us-east-1', 'bare')],
    );
    const east = ev.eventDataStores?.['us-east-1'];
    assert.ok(east?.ok);
    const [bare, full] = east.value.stores;
    assert.deepEqual(bare?.details, {
      ok: true,
      value: {
        status: 'STOPPED_INGESTION',
        multiRegion: true,
        organization: true,
        advanced: [{ name: 'm', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }],
      },
    });
    assert.equal(full?.details.ok && full.details.value.status, 'ENABLED');
    assert.equal(ev.eventDataStores?.['eu-west-1']?.ok, false);
    assert.deepEqual(ev.buckets, []);
  });

  test('CloudTrail Lake is read only where a store could change a verdict', async () => {
    const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
    const scenario = async (o: { multiRegion: boolean; logging: boolean; selectors: Observed<unknown> }) => {
      const { session, calls } = fakeSession({
        DescribeTrailsCommand: () =>
          ok({
            trailList: [
              {
                TrailARN: trailArn,
                Name: 'main',
                HomeRegion: 'us-east-1',
                IsMultiRegionTrail: o.multiRegion,
              },
            ],
          }),
        GetTrailStatusCommand: () => ok({ IsLogging: o.logging }),
        GetEventSelectorsCommand: () => o.selectors,
        ListEventDataStoresCommand: () => ok({ EventDataStores: [] }),
      });
      const ev = await collectCloudTrail(session, ['us-east-1', 'eu-west-1']);
      const lists = calls.filter((c) => c.command === 'ListEventDataStoresCommand').length;
      return { ev, lists };
    };
    const all = ok({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
    // Proof: a logging multi-region trail recording read and write management events. No list call; the
    // evidence names the trail and holds no store listing.
    const proven = await scenario({ multiRegion: true, logging: true, selectors: all });
    assert.equal(proven.lists, 0);
    assert.deepEqual(proven.ev.lakeNotRead, { trail: trailArn });
    assert.equal(proven.ev.eventDataStores, undefined);
    // Anything less and every region is listed, as before.
    const writeOnly = ok({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] });
    for (const [name, o] of [
      ['single-region', { multiRegion: false, logging: true, selectors: all }],
      ['stopped', { multiRegion: true, logging: false, selectors: all }],
      ['write events only', { multiRegion: true, logging: true, selectors: writeOnly }],
      [
        'selectors unreadable',
        {
          multiRegion: true,
          logging: true,
          selectors: { ok: false, error: denied('cloudtrail:GetEventSelectors') },
        },
      ],
    ] as const) {
      const r = await scenario(o);
      assert.equal(r.lists, 2, name);
      assert.equal(r.ev.lakeNotRead, undefined, name);
      assert.ok(r.ev.eventDataStores?.['eu-west-1']?.ok, name);
    }
  });

  test('CloudTrail: each trail bucket read once; NoSuchBucket and NoSuchBucketPolicy are answers', async () => {
    const trail = (name: string, bucket: string) => ({
      TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}`,
      Name: name,
      HomeRegion: 'us-east-1',
      S3BucketName: bucket,
    });
    const s3Error = (code: string, action: string): Observed<unknown> => ({
      ok: false,
      error: {
        kind: code === 'NoSuchBucket' ? 'not-found' : 'other',
        code,
        message: code,
        action,
        httpStatus: 404,
      },
    });
    const { session, calls } = fakeSession({
      DescribeTrailsCommand: () =>
        ok({ trailList: [trail('a', 'shared'), trail('b', 'shared'), trail('c', 'gone')] }),
      GetTrailStatusCommand: () => ok({ IsLogging: true }),
      ListEventDataStoresCommand: () => ok({ EventDataStores: [] }),
      GetBucketLocationCommand: (_r, input) =>
        input.Bucket === 'gone'
          ? s3Error('NoSuchBucket', 's3:GetBucketLocation')
          : ok({ LocationConstraint: 'eu-west-1' }),
      GetBucketPolicyStatusCommand: () => s3Error('NoSuchBucketPolicy', 's3:GetBucketPolicyStatus'),
    });
    const ev = await collectCloudTrail(session, ['us-east-1']);
    assert.deepEqual(
      calls.filter((c) => c.command === 'GetBucketLocationCommand').map((c) => c.input.Bucket),
      ['gone', 'shared'],
    );
    const ps = calls.filter((c) => c.command === 'GetBucketPolicyStatusCommand');
    assert.deepEqual(
      ps.map((c) => [c.region, c.input.Bucket]),
      [['eu-west-1', 'shared']],
    );
    const [gone, shared] = ev.buckets ?? [];
    assert.equal(gone?.location.ok && gone.location.value.exists, false);
    assert.equal(gone?.policyStatus, null);
    assert.equal(shared?.location.ok && shared.location.value.region, 'eu-west-1');
    assert.equal(shared?.policyStatus?.ok && shared.policyStatus.value.hasPolicy, false);
  });

  test('Trusted Advisor: SubscriptionRequiredException is kept as is', async () => {
    const { session } = fakeSession({
      DescribeTrustedAdvisorChecksCommand: () => ({
        ok: false,
        error: {
          kind: 'subscription-required',
          code: 'SubscriptionRequiredException',
          message: 'AWS Premium Support Subscription is required to use this service.',
          action: 'support:DescribeTrustedAdvisorChecks',
          httpStatus: 400,
        },
      }),
    });
    const ta = await collectTrustedAdvisor(session, 'aws');
    assert.equal(ta.ok, false);
    assert.equal(!ta.ok && ta.error.kind, 'subscription-required');
  });

  test('Trusted Advisor: security checks only, summaries asked in batches', async () => {
    const checks = Array.from({ length: 250 }, (_, i) => ({
      id: `c${i}`,
      name: `check ${i}`,
      category: i % 2 === 0 ? 'security' : 'cost_optimizing',
      description: '',
      metadata: [],
    }));
    const { session, calls } = fakeSession({
      DescribeTrustedAdvisorChecksCommand: () => ok({ checks }),
      DescribeTrustedAdvisorCheckSummariesCommand: (_r, input) =>
        ok({
          summaries: (input.checkIds as string[]).map((id) => ({
            checkId: id,
            status: 'ok',
            resourcesSummary: { resourcesFlagged: 0, resourcesProcessed: 3 },
          })),
        }),
    });
    const ta = await collectTrustedAdvisor(session, 'aws-us-gov');
    assert.ok(ta.ok);
    assert.equal(ta.ok && ta.value.checks.length, 125);
    assert.ok(ta.ok && ta.value.checks.every((c) => c.category === 'security' && c.status === 'ok'));
    const batches = calls.filter((c) => c.command === 'DescribeTrustedAdvisorCheckSummariesCommand');
    assert.equal(batches.length, 2);
    assert.ok(batches.every((b) => (b.input.checkIds as string[]).length <= 100));
    assert.ok(calls.every((c) => c.region === 'us-gov-west-1'));
  });

  test('ELBv2: pages followed by Marker; web ACL errors stay on the load balancer', async () => {
    const lb = (n: string, Type: string, Scheme: string) => ({
      LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/${n}/1`,
      LoadBalancerName: n,
      Type,
      Scheme,
    });
    const { session, calls } = fakeSession({
      DescribeLoadBalancersCommand: (_r, input) =>
        input.Marker === 'p2'
          ? ok({ LoadBalancers: [lb('b', 'network', 'internet-facing')] })
          : ok({ LoadBalancers: [lb('a', 'application', 'internet-facing')], NextMarker: 'p2' }),
      GetWebACLForResourceCommand: () => ({
        ok: false,
        error: {
          ...denied('wafv2:GetWebACLForResource'),
          code: 'WAFNonexistentItemException',
          kind: 'other',
        },
      }),
    });
    const res = await collectLoadBalancers(session, 'us-east-1');
    assert.ok(res.ok);
    const lbs = res.ok ? res.value.loadBalancers : [];
    assert.deepEqual(
      lbs.map((l) => l.name),
      ['a', 'b'],
    );
    assert.equal(lbs[0]?.webAcl?.ok, false);
    assert.equal(lbs[0]?.webAcl && !lbs[0].webAcl.ok && lbs[0].webAcl.error.kind, 'not-found');
    assert.equal(lbs[1]?.webAcl, null);
    assert.equal(calls.filter((c) => c.command === 'GetWebACLForResourceCommand').length, 1);
  });
});

describe('who manages Macie and Inspector, with a scripted gateway', () => {
  const ADMIN = '444455556666';

  test('Macie: the administrator is read where Macie is enabled or paused, never where it is off', async () => {
    const { session, calls } = fakeSession({
      GetMacieSessionCommand: (region) =>
        region === 'ap-southeast-2'
          ? {
              ok: false,
              error: denied('macie2:GetMacieSession', 'AccessDeniedException', 'Macie is not enabled.'),
            }
          : ok({ status: region === 'us-east-1' ? 'ENABLED' : 'PAUSED' }),
      GetAdministratorAccountCommand: (region) =>
        region === 'us-east-1'
          ? ok({ administrator: { accountId: ADMIN, relationshipStatus: 'Enabled', invitationId: 'i' } })
          : ok({}),
      GetAutomatedDiscoveryConfigurationCommand: () => ok({ status: 'DISABLED' }),
      ListClassificationJobsCommand: (_r, input) =>
        input.nextToken
          ? ok({ items: [{ jobId: 'j2', jobStatus: 'COMPLETE' }] })
          : ok({
              items: [{ jobId: 'j1', name: 'weekly', jobStatus: 'IDLE', jobType: 'SCHEDULED' }],
              nextToken: 't',
            }),
    });
    const us = await collectMacieRegion(session, 'us-east-1');
    const eu = await collectMacieRegion(session, 'eu-west-1');
    const ap = await collectMacieRegion(session, 'ap-southeast-2');
    assert.deepEqual(us, {
      ok: true,
      value: {
        status: 'ENABLED',
        basis: 'GetMacieSession: ENABLED',
        administrator: { ok: true, value: { accountId: ADMIN, relationshipStatus: 'Enabled' } },
        discovery: { ok: true, value: { status: 'DISABLED' } },
        classificationJobs: {
          ok: true,
          value: {
            jobs: [
              { jobId: 'j1', name: 'weekly', jobStatus: 'IDLE', jobType: 'SCHEDULED' },
              { jobId: 'j2', name: null, jobStatus: 'COMPLETE', jobType: null },
            ],
          },
        },
      },
    });
    assert.deepEqual(eu.ok && eu.value.administrator, { ok: true, value: null });
    // What Macie looks at is read only where it runs (not where paused or off).
    assert.equal(eu.ok && eu.value.discovery, undefined);
    assert.deepEqual(
      calls
        .filter(
          (c) => c.action.startsWith('macie2:') && !/GetMacieSession|GetAdministratorAccount/.test(c.action),
        )
        .map((c) => `${c.region} ${c.action}`),
      [
        'us-east-1 macie2:GetAutomatedDiscoveryConfiguration',
        'us-east-1 macie2:ListClassificationJobs',
        'us-east-1 macie2:ListClassificationJobs',
      ],
    );
    assert.deepEqual(ap, {
      ok: true,
      value: { status: 'NOT_ENABLED', basis: 'AccessDeniedException: Macie is not enabled.' },
    });
    assert.deepEqual(
      calls.filter((c) => c.action === 'macie2:GetAdministratorAccount').map((c) => c.region),
      ['us-east-1', 'eu-west-1'],
    );
  });

  test('Macie: a denied administrator read is kept as an error and leaves the session state as read', async () => {
    const { session } = fakeSession({ GetMacieSessionCommand: () => ok({ status: 'ENABLED' }) });
    const res = await collectMacieRegion(session, 'us-east-1');
    assert.ok(res.ok);
    assert.equal(res.ok && res.value.status, 'ENABLED');
    const admin = res.ok ? res.value.administrator : undefined;
    assert.equal(admin?.ok, false);
    assert.equal(admin && !admin.ok && admin.error.action, 'macie2:GetAdministratorAccount');
  });

  test('Inspector: the organization view, every page, for inspector2.amazonaws.com in the global region', async () => {
    const { session, calls } = fakeSession({
      ListDelegatedAdministratorsCommand: (_r, input) =>
        input.NextToken === 'p2'
          ? ok({ DelegatedAdministrators: [{ Id: ADMIN, Status: 'ACTIVE' }] })
          : ok({ DelegatedAdministrators: [{ Id: '333344445555' }, {}], NextToken: 'p2' }),
    });
    const read = await collectDelegatedAdministrators(session, 'aws-cn', [INSPECTOR_SERVICE_PRINCIPAL]);
    assert.deepEqual(read, {
      'inspector2.amazonaws.com': { ok: true, value: { accountIds: ['333344445555', ADMIN] } },
    });
    assert.deepEqual(
      calls.map((c) => [c.action, c.region, c.input.ServicePrincipal]),
      [
        ['organizations:ListDelegatedAdministrators', 'cn-northwest-1', 'inspector2.amazonaws.com'],
        ['organizations:ListDelegatedAdministrators', 'cn-northwest-1', 'inspector2.amazonaws.com'],
      ],
    );
  });

  test('Inspector: a denied organization view is an error under its service principal, valid in a bundle', async () => {
    const { session } = fakeSession({});
    const read = await collectDelegatedAdministrators(session, 'aws', [INSPECTOR_SERVICE_PRINCIPAL]);
    const entry = read['inspector2.amazonaws.com'];
    assert.equal(entry?.ok, false);
    assert.equal(entry && !entry.ok && entry.error.action, 'organizations:ListDelegatedAdministrators');
    BundleSchema.parse({
      schemaVersion: 1,
      tool: { name: 'watchpost', version: '0' },
      startedAt: 'x',
      finishedAt: null,
      complete: true,
      partition: 'aws',
      organization: {
        id: null,
        managementAccountId: null,
        pendingAccounts: [],
        delegatedAdministrators: read,
      },
      accounts: [],
      calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
    });
  });
});
