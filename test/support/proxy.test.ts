import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AppSyncClient, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  BatchGetAccountStatusCommand,
  GetConfigurationCommand,
  Inspector2Client,
  ListCoverageCommand,
} from '@aws-sdk/client-inspector2';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSubscriptionStateCommand, ShieldClient } from '@aws-sdk/client-shield';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DescribeTrustedAdvisorCheckSummariesCommand,
  DescribeTrustedAdvisorChecksCommand,
  SupportClient,
} from '@aws-sdk/client-support';
import { GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type HollowKind, parseXml, type WireProtocol, type XmlElement } from './hollow.js';
import { type Emulator, startAwsEmulator } from './proxy.js';
import {
  seedAlb,
  seedAppSync,
  seedCloudFront,
  seedGuardDuty,
  seedInspector,
  seedMacie,
  seedRestApi,
  seedTrail,
  seedUserPool,
  TEST_CREDENTIALS,
  target,
} from './seed.js';

let emu: Emulator;

type Ctor<C> = new (config: Record<string, unknown>) => C;
/** A client against the proxy, as the product would build it. */
function viaProxy<C>(Client: Ctor<C>, region = 'us-east-1', extra: Record<string, unknown> = {}): C {
  return new Client({
    region,
    endpoint: emu.endpoint,
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

before(async () => {
  emu = await startAwsEmulator();
});
after(async () => {
  await emu.stop();
});
beforeEach(async () => {
  await emu.reset();
});

describe('identification and counting', () => {
  test('counts requests per service:Operation with region and account', async () => {
    await viaProxy(GuardDutyClient, 'eu-west-1').send(new ListDetectorsCommand({}));
    await viaProxy(GuardDutyClient, 'eu-west-1').send(new ListDetectorsCommand({}));
    await viaProxy(SupportClient).send(new DescribeTrustedAdvisorChecksCommand({ language: 'en' }));
    const counts = emu.counts();
    assert.equal(counts['guardduty:ListDetectors'], 2);
    assert.equal(counts['support:DescribeTrustedAdvisorChecks'], 1);
    const first = emu.requests()[0]!;
    assert.equal(first.region, 'eu-west-1');
    assert.equal(first.account, '123456789012');
    assert.equal(first.protocol, 'rest-json');
  });

  test('learns the account of AssumeRole credentials', async () => {
    const sts = viaProxy(STSClient);
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222233334444:role/Audit', RoleSessionName: 's' }),
    );
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    emu.addFault({ account: '222233334444', service: 'guardduty', fault: 'access-denied' });
    const member = viaProxy(GuardDutyClient, 'us-east-1', { credentials: creds });
    const err = await rejection(member.send(new ListDetectorsCommand({})));
    assert.equal(err.name, 'AccessDeniedException');
    // the caller's own account is unaffected
    const own = await viaProxy(GuardDutyClient).send(new ListDetectorsCommand({}));
    assert.deepEqual(own.DetectorIds, []);
    const ident = await viaProxy(STSClient, 'us-east-1', { credentials: creds }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(ident.Account, '222233334444');
  });

  test('control API over HTTP configures faults and reports counts', async () => {
    const res = await fetch(`${emu.endpoint}/__emulator/config`, {
      method: 'POST',
      body: JSON.stringify({ faults: [{ service: 'shield', fault: 'throttle' }] }),
    });
    assert.equal(res.status, 200);
    const err = await rejection(viaProxy(ShieldClient).send(new GetSubscriptionStateCommand({})));
    assert.equal(err.name, 'ThrottlingException');
    const counts = (await (await fetch(`${emu.endpoint}/__emulator/counts`)).json()) as Record<
      string,
      number
    >;
    assert.equal(counts['shield:GetSubscriptionState'], 1);
    const bad = await fetch(`${emu.endpoint}/__emulator/config`, { method: 'POST', body: '{nope' });
    assert.equal(bad.status, 400);
  });
});

describe('gap fills', () => {
  test('Trusted Advisor summaries from scenario data; Basic plan → SubscriptionRequiredException', async () => {
    emu.setAccount('123456789012', { supportPlan: 'business', trustedAdvisor: { DqdJqYeRm5: 'warning' } });
    const support = viaProxy(SupportClient);
    const out = await support.send(
      new DescribeTrustedAdvisorCheckSummariesCommand({ checkIds: ['DqdJqYeRm5', 'zXCkfM1nI3'] }),
    );
    assert.deepEqual(
      out.summaries?.map((s) => [s.checkId, s.status, s.resourcesSummary?.resourcesFlagged]),
      [
        ['DqdJqYeRm5', 'warning', 1],
        ['zXCkfM1nI3', 'ok', 0],
      ],
    );
    emu.setAccount('123456789012', { supportPlan: 'basic' });
    for (const cmd of [
      new DescribeTrustedAdvisorChecksCommand({ language: 'en' }),
      new DescribeTrustedAdvisorCheckSummariesCommand({ checkIds: ['DqdJqYeRm5'] }),
    ]) {
      const err = await rejection(support.send(cmd as DescribeTrustedAdvisorChecksCommand));
      assert.equal(err.name, 'SubscriptionRequiredException');
      assert.equal(err.status, 400);
    }
  });

  test('Shield GetSubscriptionState: default INACTIVE, scenario ACTIVE', async () => {
    const shield = viaProxy(ShieldClient);
    assert.equal((await shield.send(new GetSubscriptionStateCommand({}))).SubscriptionState, 'INACTIVE');
    emu.setAccount('123456789012', { shield: 'ACTIVE' });
    assert.equal((await shield.send(new GetSubscriptionStateCommand({}))).SubscriptionState, 'ACTIVE');
  });

  test('Macie: RFC 3339 timestamps when on; AccessDeniedException "Macie is not enabled." when off', async () => {
    const macie = viaProxy(Macie2Client, 'eu-west-1');
    const on = await macie.send(new GetMacieSessionCommand({}));
    assert.equal(on.status, 'ENABLED');
    assert.ok(on.createdAt instanceof Date && !Number.isNaN(on.createdAt.getTime()));
    await seedMacie(target(emu), 'eu-west-1', false);
    const err = await rejection(macie.send(new GetMacieSessionCommand({})));
    assert.equal(err.name, 'AccessDeniedException');
    assert.equal(err.message, 'Macie is not enabled.');
    assert.equal(err.status, 403);
  });

  test('Inspector BatchGetAccountStatus reports never-enabled accounts as DISABLED', async () => {
    const insp = viaProxy(Inspector2Client, 'eu-west-1');
    const off = await insp.send(new BatchGetAccountStatusCommand({ accountIds: ['123456789012'] }));
    assert.equal(off.accounts?.[0]?.state?.status, 'DISABLED');
    assert.equal(off.accounts?.[0]?.resourceState?.lambda?.status, 'DISABLED');
    await seedInspector(target(emu), 'eu-west-1', ['EC2']);
    const on = await insp.send(new BatchGetAccountStatusCommand({}));
    assert.equal(on.accounts?.[0]?.state?.status, 'ENABLED');
    assert.equal(on.accounts?.[0]?.resourceState?.ec2?.status, 'ENABLED');
    assert.equal(on.accounts?.[0]?.resourceState?.ecr?.status, 'DISABLED');
  });

  test('GuardDuty GetAdministratorAccount: {} by default, the scenario administrator with its relationship', async () => {
    const id = await seedGuardDuty(target(emu), 'eu-west-1', { status: 'ENABLED' });
    const gd = viaProxy(GuardDutyClient, 'eu-west-1');
    const none = await gd.send(new GetAdministratorAccountCommand({ DetectorId: id }));
    assert.equal(none.Administrator, undefined);
    emu.setAccount('123456789012', {
      guardDutyAdministrator: { accountId: '444455556666', relationshipStatus: 'Removed' },
    });
    const got = await gd.send(new GetAdministratorAccountCommand({ DetectorId: id }));
    assert.equal(got.Administrator?.AccountId, '444455556666');
    assert.equal(got.Administrator?.RelationshipStatus, 'Removed');
    // an unknown detector keeps moto's error
    const err = await rejection(gd.send(new GetAdministratorAccountCommand({ DetectorId: 'nope' })));
    assert.notEqual(err.status, 200);
  });

  test('Inspector ListCoverage: from scenario data for the region, filtered as asked; none by default', async () => {
    const insp = viaProxy(Inspector2Client, 'eu-west-1');
    const none = await insp.send(new ListCoverageCommand({}));
    assert.deepEqual(none.coveredResources, []);
    emu.setAccount('123456789012', {
      inspectorCoverage: {
        'eu-west-1': [
          {
            resourceType: 'AWS_EC2_INSTANCE',
            resourceId: 'i-1',
            statusCode: 'INACTIVE',
            reason: 'NO_INVENTORY',
          },
          { resourceType: 'AWS_EC2_INSTANCE', resourceId: 'i-2', statusCode: 'ACTIVE', reason: 'SUCCESSFUL' },
        ],
      },
    });
    const inactive = await insp.send(
      new ListCoverageCommand({
        filterCriteria: {
          accountId: [{ comparison: 'EQUALS', value: '123456789012' }],
          scanStatusCode: [{ comparison: 'EQUALS', value: 'INACTIVE' }],
        },
      }),
    );
    assert.deepEqual(
      inactive.coveredResources?.map((c) => [c.resourceId, c.scanStatus?.reason]),
      [['i-1', 'NO_INVENTORY']],
    );
    const other = await viaProxy(Inspector2Client, 'us-east-1').send(new ListCoverageCommand({}));
    assert.deepEqual(other.coveredResources, []);
  });

  test('Inspector GetConfiguration: EC2 scan mode from scenario data, agent-based by default', async () => {
    const insp = viaProxy(Inspector2Client, 'eu-west-1');
    const dflt = await insp.send(new GetConfigurationCommand({}));
    assert.equal(dflt.ec2Configuration?.scanModeState?.scanMode, 'EC2_SSM_AGENT_BASED');
    emu.setAccount('123456789012', { inspectorEc2ScanMode: { 'eu-west-1': 'EC2_HYBRID' } });
    const hybrid = await insp.send(new GetConfigurationCommand({}));
    assert.equal(hybrid.ec2Configuration?.scanModeState?.scanMode, 'EC2_HYBRID');
  });

  test('AppSync ListGraphqlApis carries wafWebAclArn from the WAF association', async () => {
    const t = target(emu);
    const protectedArn = await seedAppSync(t, 'us-east-1', { name: 'with-acl', webAcl: true });
    await seedAppSync(t, 'us-east-1', { name: 'without-acl' });
    const out = await viaProxy(AppSyncClient).send(new ListGraphqlApisCommand({}));
    const byName = new Map(out.graphqlApis?.map((a) => [a.name, a]));
    assert.match(
      byName.get('with-acl')?.wafWebAclArn ?? '',
      /^arn:aws:wafv2:us-east-1:123456789012:regional\/webacl\//,
    );
    assert.equal(byName.get('with-acl')?.arn, protectedArn);
    assert.equal(byName.get('without-acl')?.wafWebAclArn, undefined);
  });

  test('WAF GetWebACLForResource works for ALB, user pool and API stage (moto stores any ARN)', async () => {
    const t = target(emu);
    const alb = await seedAlb(t, 'us-east-1', { name: 'pub', scheme: 'internet-facing', webAcl: true });
    const bare = await seedAlb(t, 'us-east-1', { name: 'bare', scheme: 'internet-facing' });
    const pool = await seedUserPool(t, 'us-east-1', { name: 'users', webAcl: true });
    const apiId = await seedRestApi(t, 'us-east-1', { name: 'api', stages: { prod: true, dev: false } });
    const waf = viaProxy(WAFV2Client);
    const acl = async (arn: string) =>
      (await waf.send(new GetWebACLForResourceCommand({ ResourceArn: arn }))).WebACL?.ARN;
    assert.ok(await acl(alb));
    assert.equal(await acl(bare), undefined);
    assert.ok(await acl(pool));
    assert.ok(await acl(`arn:aws:apigateway:us-east-1::/restapis/${apiId}/stages/prod`));
    assert.equal(await acl(`arn:aws:apigateway:us-east-1::/restapis/${apiId}/stages/dev`), undefined);
  });

  test('ELBv2 reports a Scheme for every load balancer', async () => {
    await seedAlb(target(emu), 'us-east-1', { name: 'noscheme' });
    await seedAlb(target(emu), 'us-east-1', { name: 'inside', scheme: 'internal' });
    const out = await viaProxy(ElasticLoadBalancingV2Client).send(new DescribeLoadBalancersCommand({}));
    const byName = new Map(out.LoadBalancers?.map((l) => [l.LoadBalancerName, l.Scheme]));
    assert.equal(byName.get('noscheme'), 'internet-facing');
    assert.equal(byName.get('inside'), 'internal');
  });

  test('CloudFront ListDistributions carries WebACLId (the associated web ACL, or empty)', async () => {
    const t = target(emu);
    await seedCloudFront(t, { comment: 'with-acl', webAcl: true });
    await seedCloudFront(t, { comment: 'without-acl' });
    const out = await viaProxy(CloudFrontClient).send(new ListDistributionsCommand({}));
    const acls = (out.DistributionList?.Items ?? []).map((d) => d.WebACLId);
    assert.equal(acls.length, 2);
    assert.equal(acls.filter((a) => a === '').length, 1, JSON.stringify(acls));
    assert.equal(
      acls.filter((a) => a?.startsWith('arn:aws:wafv2:us-east-1:123456789012:global/webacl/')).length,
      1,
    );
  });

  test('EC2 DescribeRegions: own partition only, opt-in status from the scenario, AllRegions honoured', async () => {
    emu.setAccount('123456789012', { notOptedInRegions: ['eu-south-1'] });
    const ec2 = viaProxy(EC2Client);
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    const names = enabled.Regions?.map((r) => r.RegionName) ?? [];
    assert.ok(names.includes('us-east-1') && names.includes('eu-west-1'));
    assert.ok(!names.includes('eu-south-1'), 'not opted in: left out without AllRegions');
    assert.ok(!names.some((n) => n?.startsWith('cn-') || n?.startsWith('us-gov-')));
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    const south = all.Regions?.find((r) => r.RegionName === 'eu-south-1');
    assert.equal(south?.OptInStatus, 'not-opted-in');
    // and the region itself refuses calls like a disabled region
    const err = await rejection(viaProxy(GuardDutyClient, 'eu-south-1').send(new ListDetectorsCommand({})));
    assert.equal(err.name, 'UnrecognizedClientException');
  });

  test('seeded trails and detectors are visible through the proxy', async () => {
    const t = target(emu);
    await seedTrail(t, { name: 'main', homeRegion: 'us-east-1', multiRegion: true });
    const id = await seedGuardDuty(t, 'us-east-1', {
      status: 'ENABLED',
      features: { S3_DATA_EVENTS: 'DISABLED' },
    });
    const trails = await viaProxy(CloudTrailClient).send(new DescribeTrailsCommand({}));
    assert.deepEqual(
      trails.trailList?.map((x) => x.Name),
      ['main'],
    );
    const det = await viaProxy(GuardDutyClient).send(new GetDetectorCommand({ DetectorId: id }));
    assert.equal(det.Status, 'ENABLED');
    assert.deepEqual(
      det.Features?.map((f) => [f.Name, f.Status]),
      [['S3_DATA_EVENTS', 'DISABLED']],
    );
  });
});

describe('faults', () => {
  test('access-denied per protocol', async () => {
    emu.configure({ faults: [{ fault: 'access-denied' }] });
    const json = await rejection(viaProxy(ShieldClient).send(new GetSubscriptionStateCommand({})));
    assert.equal(json.name, 'AccessDeniedException');
    assert.equal(json.status, 400);
    assert.match(json.message, /is not authorized to perform: shield:GetSubscriptionState/);
    const rest = await rejection(viaProxy(GuardDutyClient).send(new ListDetectorsCommand({})));
    assert.equal(rest.name, 'AccessDeniedException');
    assert.equal(rest.status, 403);
    const ec2 = await rejection(viaProxy(EC2Client).send(new DescribeRegionsCommand({})));
    assert.equal(ec2.name, 'UnauthorizedOperation');
    const query = await rejection(
      viaProxy(ElasticLoadBalancingV2Client).send(new DescribeLoadBalancersCommand({})),
    );
    assert.equal(query.name, 'AccessDenied');
    const s3 = await rejection(viaProxy(S3Client).send(new ListBucketsCommand({})));
    assert.equal(s3.name, 'AccessDenied');
    assert.match(s3.message, /s3:ListAllMyBuckets/);
  });

  test('scp-deny says explicit deny in a service control policy', async () => {
    emu.addFault({ region: 'eu-west-1', fault: 'scp-deny' });
    const err = await rejection(viaProxy(GuardDutyClient, 'eu-west-1').send(new ListDetectorsCommand({})));
    assert.equal(err.name, 'AccessDeniedException');
    assert.match(err.message, /explicit deny in a service control policy/);
    // another region is untouched
    await viaProxy(GuardDutyClient, 'us-east-1').send(new ListDetectorsCommand({}));
  });

  test('subscription-required', async () => {
    emu.addFault({ service: 'support', fault: 'subscription-required' });
    const err = await rejection(
      viaProxy(SupportClient).send(new DescribeTrustedAdvisorChecksCommand({ language: 'en' })),
    );
    assert.equal(err.name, 'SubscriptionRequiredException');
  });

  test('throttle with times: the SDK retries and then succeeds; counts show every attempt', async () => {
    emu.addFault({ service: 'guardduty', operation: 'ListDetectors', fault: 'throttle', times: 2 });
    const gd = viaProxy(GuardDutyClient, 'us-east-1', { maxAttempts: 3, retryMode: 'standard' });
    const out = await gd.send(new ListDetectorsCommand({}));
    assert.deepEqual(out.DetectorIds, []);
    assert.equal(out.$metadata.attempts, 3);
    assert.equal(emu.counts()['guardduty:ListDetectors'], 3);
  });

  test('throttle shapes per protocol', async () => {
    emu.addFault({ fault: 'throttle' });
    assert.equal(
      (await rejection(viaProxy(ShieldClient).send(new GetSubscriptionStateCommand({})))).name,
      'ThrottlingException',
    );
    const ec2 = await rejection(viaProxy(EC2Client).send(new DescribeRegionsCommand({})));
    assert.equal(ec2.name, 'RequestLimitExceeded');
    assert.equal(ec2.status, 503);
    const s3 = await rejection(viaProxy(S3Client).send(new ListBucketsCommand({})));
    assert.equal(s3.name, 'SlowDown');
  });

  test('server-error 500 and 503', async () => {
    emu.configure({
      faults: [
        { service: 'guardduty', fault: 'server-error', times: 1 },
        { service: 'shield', fault: 'server-error', status: 503 },
      ],
    });
    const a = await rejection(viaProxy(GuardDutyClient).send(new ListDetectorsCommand({})));
    assert.equal(a.status, 500);
    const b = await rejection(viaProxy(ShieldClient).send(new GetSubscriptionStateCommand({})));
    assert.equal(b.status, 503);
    // times: 1 is used up
    await viaProxy(GuardDutyClient).send(new ListDetectorsCommand({}));
  });

  test('timeout holds the socket past the client timeout', async () => {
    emu.addFault({ service: 'guardduty', fault: 'timeout', holdMs: 5000 });
    const gd = viaProxy(GuardDutyClient, 'us-east-1', {
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
    });
    const started = Date.now();
    const err = await rejection(gd.send(new ListDetectorsCommand({})));
    assert.match(`${err.name} ${err.message}`, /timeout|timed out/i);
    assert.ok(Date.now() - started < 4000);
  });

  test('reset destroys the connection', async () => {
    emu.addFault({ service: 'guardduty', fault: 'reset' });
    const err = await rejection(viaProxy(GuardDutyClient).send(new ListDetectorsCommand({})));
    assert.match(`${err.name} ${err.message}`, /socket hang up|ECONNRESET/i);
  });

  test('malformed answers cannot be parsed', async () => {
    emu.addFault({ service: 'guardduty', fault: 'malformed' });
    emu.addFault({ service: 'ec2', fault: 'malformed' });
    const a = await rejection(viaProxy(GuardDutyClient).send(new ListDetectorsCommand({})));
    assert.ok(a.name.length > 0);
    const b = await rejection(viaProxy(EC2Client).send(new DescribeRegionsCommand({})));
    assert.ok(b.name.length > 0);
  });

  test('region-disabled answers as AWS does for a region the account has not enabled', async () => {
    emu.addFault({ region: 'ap-east-1', fault: 'region-disabled' });
    const json = await rejection(
      viaProxy(ShieldClient, 'ap-east-1').send(new GetSubscriptionStateCommand({})),
    );
    assert.equal(json.name, 'UnrecognizedClientException');
    const ec2 = await rejection(viaProxy(EC2Client, 'ap-east-1').send(new DescribeRegionsCommand({})));
    assert.equal(ec2.name, 'AuthFailure');
  });

  test('latencyMs delays every request', async () => {
    emu.configure({ latencyMs: 150 });
    const started = Date.now();
    await viaProxy(GuardDutyClient).send(new ListDetectorsCommand({}));
    assert.ok(Date.now() - started >= 140);
  });
});

describe('hollow faults', () => {
  const auth = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=AKIAEMULATOR/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  /** One request per protocol family, sent as the SDK would (only what the proxy reads matters). */
  const requests: Record<
    WireProtocol,
    { service: string; operation: string; init: RequestInit; path: string }
  > = {
    json: {
      service: 'cloudtrail',
      operation: 'DescribeTrails',
      path: '/',
      init: {
        method: 'POST',
        headers: {
          authorization: auth('cloudtrail'),
          'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails',
          'content-type': 'application/x-amz-json-1.1',
        },
        body: '{}',
      },
    },
    'rest-json': {
      service: 'guardduty',
      operation: 'ListDetectors',
      path: '/detector',
      init: { method: 'GET', headers: { authorization: auth('guardduty') } },
    },
    query: {
      service: 'elasticloadbalancing',
      operation: 'DescribeLoadBalancers',
      path: '/',
      init: {
        method: 'POST',
        headers: {
          authorization: auth('elasticloadbalancing'),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
      },
    },
    ec2: {
      service: 'ec2',
      operation: 'DescribeRegions',
      path: '/',
      init: {
        method: 'POST',
        headers: { authorization: auth('ec2'), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeRegions&Version=2016-11-15',
      },
    },
    'rest-xml': {
      service: 's3',
      operation: 'ListBuckets',
      path: '/',
      init: { method: 'GET', headers: { authorization: auth('s3') } },
    },
  };
  const answer = async (protocol: WireProtocol, kind: HollowKind) => {
    const q = requests[protocol];
    emu.configure({ faults: [{ service: q.service, operation: q.operation, fault: `hollow-${kind}` }] });
    const res = await fetch(`${emu.endpoint}${q.path}`, q.init);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const xmlRoot = (body: string) => {
    const doc = parseXml(body);
    assert.ok(doc, `well-formed XML: ${body.slice(0, 200)}`);
    return doc.root;
  };
  const childNames = (el: XmlElement) => el.children.flatMap((c) => (typeof c === 'string' ? [] : [c.name]));

  test('hollow-empty: 200 with the protocol content type and no body', async () => {
    for (const p of Object.keys(requests) as WireProtocol[]) {
      const a = await answer(p, 'empty');
      assert.equal(a.status, 200, p);
      assert.equal(a.body, '', p);
      assert.match(a.type, p === 'json' || p === 'rest-json' ? /json/ : /xml/, p);
    }
  });

  test('hollow-html: 200 with a captive portal page', async () => {
    for (const p of Object.keys(requests) as WireProtocol[]) {
      const a = await answer(p, 'html');
      assert.equal(a.status, 200, p);
      assert.match(a.type, /^text\/html/, p);
      assert.match(a.body, /^<!DOCTYPE html>/, p);
    }
  });

  test("hollow-document: the protocol's empty document, with the real root element", async () => {
    assert.equal((await answer('json', 'document')).body, '{}');
    assert.equal((await answer('rest-json', 'document')).body, '{}');
    const query = xmlRoot((await answer('query', 'document')).body);
    assert.equal(query.name, 'DescribeLoadBalancersResponse');
    const result = query.children.find(
      (c): c is XmlElement => typeof c !== 'string' && c.name === 'DescribeLoadBalancersResult',
    );
    assert.ok(result);
    assert.deepEqual(result.children, []);
    const ec2 = xmlRoot((await answer('ec2', 'document')).body);
    assert.equal(ec2.name, 'DescribeRegionsResponse');
    assert.deepEqual(childNames(ec2), ['requestId']);
    const s3 = xmlRoot((await answer('rest-xml', 'document')).body);
    assert.equal(s3.name, 'ListAllMyBucketsResult');
    assert.deepEqual(s3.children, []);
  });

  test('hollow-types: the real answer with values of the wrong type', async () => {
    assert.deepEqual(JSON.parse((await answer('json', 'types')).body), { trailList: 'x' });
    assert.equal(JSON.parse((await answer('rest-json', 'types')).body).detectorIds, 'x');
    assert.match((await answer('query', 'types')).body, /<LoadBalancers>x<\/LoadBalancers>/);
    assert.match((await answer('ec2', 'types')).body, /<regionInfo>x<\/regionInfo>/);
    const s3 = (await answer('rest-xml', 'types')).body;
    assert.match(s3, /<Buckets>x<\/Buckets>/);
    assert.equal(xmlRoot(s3).name, 'ListAllMyBucketsResult');
  });

  test('a hollow fault on top of an error keeps the error (document, types)', async () => {
    emu.configure({ faults: [{ service: 's3', operation: 'GetBucketLocation', fault: 'hollow-types' }] });
    const err = await rejection(
      viaProxy(S3Client).send(new GetBucketLocationCommand({ Bucket: 'no-such-bucket' })),
    );
    assert.equal(err.status, 404);
    assert.equal(err.name, 'NoSuchBucket');
  });
});
