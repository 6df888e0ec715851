/**
 * Collectors against moto server: seed resources with the AWS SDK, run collectAccount, check the evidence
 * and validate it with the schema. Moto's known gaps (Shield GetSubscriptionState, Trusted Advisor summaries,
 * GetMacieSession timestamps, Inspector omitting never-enabled accounts) must come out as classified errors,
 * never as invented values.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeImagesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateDetectorCommand,
  type DetectorFeatureConfiguration,
  GuardDutyClient,
} from '@aws-sdk/client-guardduty';
import { type BucketLocationConstraint, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssociateWebACLCommand, CreateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { Gateway } from '../../src/aws/gateway.js';
import { collectAccount } from '../../src/collect/account.js';
import { type AccountEvidence, AccountEvidenceSchema } from '../../src/evidence/schema.js';
import { type Moto, startMoto } from '../support/moto.js';

const ACCOUNT = '123456789012';
const R1 = 'us-east-1';
const R2 = 'eu-west-1';
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: Moto;
const saved = { ...process.env };

function client<C>(Ctor: new (c: Record<string, unknown>) => C, region: string): C {
  return new Ctor({
    region,
    endpoint: moto.endpoint,
    credentials: creds,
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

interface Seeded {
  liveInstances: string[];
  terminated: string;
  multiTrailArn: string;
  localTrailArn: string;
  publicAlb: string;
  internalAlb: string;
  webAclArn: string;
  restApiId: string;
  userPoolId: string;
  detectorId: string;
}

async function seed(): Promise<Seeded> {
  // EC2: two live instances in R1, one terminated; one in R2.
  const ec2 = client(EC2Client, R1);
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId ?? 'ami-12c6146b';
  const run = await ec2.send(
    new RunInstancesCommand({ ImageId: image, MinCount: 3, MaxCount: 3, InstanceType: 't3.micro' }),
  );
  const ids = (run.Instances ?? []).map((i) => i.InstanceId as string);
  const terminated = ids[2] as string;
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminated] }));
  const ec2b = client(EC2Client, R2);
  const image2 = (await ec2b.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId ?? 'ami-12c6146b';
  await ec2b.send(
    new RunInstancesCommand({ ImageId: image2, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }),
  );

  // S3 buckets in two regions.
  const s3 = client(S3Client, R1);
  await s3.send(new CreateBucketCommand({ Bucket: 'wp-trail-logs' }));
  await s3.send(
    new CreateBucketCommand({
      Bucket: 'wp-data-eu',
      CreateBucketConfiguration: { LocationConstraint: R2 as BucketLocationConstraint },
    }),
  );

  // ECR repository in R2.
  await client(ECRClient, R2).send(new CreateRepositoryCommand({ repositoryName: 'app/images' }));

  // CloudTrail: a multi-region trail homed in R1 (logging, advanced selectors) and a local trail in R2.
  const ct1 = client(CloudTrailClient, R1);
  const multi = await ct1.send(
    new CreateTrailCommand({
      Name: 'org-wide',
      S3BucketName: 'wp-trail-logs',
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
    }),
  );
  await ct1.send(new StartLoggingCommand({ Name: 'org-wide' }));
  await ct1.send(
    new PutEventSelectorsCommand({
      TrailName: 'org-wide',
      AdvancedEventSelectors: [
        { Name: 'anything', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ],
    }),
  );
  const ct2 = client(CloudTrailClient, R2);
  const local = await ct2.send(new CreateTrailCommand({ Name: 'eu-only', S3BucketName: 'wp-data-eu' }));
  await ct2.send(
    new PutEventSelectorsCommand({
      TrailName: 'eu-only',
      EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
    }),
  );

  // GuardDuty in R2 only, with a protection plan.
  const gd = await client(GuardDutyClient, R2).send(
    new CreateDetectorCommand({
      Enable: true,
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' } as unknown as DetectorFeatureConfiguration],
    }),
  );

  // ALBs in R1: internet-facing with a web ACL, internal without.
  const subnets = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
  );
  const subnetIds = (subnets.Subnets ?? []).map((s) => s.SubnetId as string).slice(0, 2);
  const elb = client(ElasticLoadBalancingV2Client, R1);
  const pub = await elb.send(
    new CreateLoadBalancerCommand({ Name: 'public-web', Subnets: subnetIds, Scheme: 'internet-facing' }),
  );
  const internal = await elb.send(
    new CreateLoadBalancerCommand({ Name: 'inside', Subnets: subnetIds, Scheme: 'internal' }),
  );
  const waf = client(WAFV2Client, R1);
  const acl = await waf.send(
    new CreateWebACLCommand({
      Name: 'edge-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [],
      VisibilityConfig: {
        SampledRequestsEnabled: false,
        CloudWatchMetricsEnabled: false,
        MetricName: 'edge',
      },
    }),
  );
  const webAclArn = acl.Summary?.ARN as string;
  const publicAlb = pub.LoadBalancers?.[0]?.LoadBalancerArn as string;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: webAclArn, ResourceArn: publicAlb }));

  // REST API with a stage in R1.
  const apigw = client(APIGatewayClient, R1);
  const api = await apigw.send(
    new CreateRestApiCommand({ name: '<b>api</b>', endpointConfiguration: { types: ['REGIONAL'] } }),
  );
  const restApiId = api.id as string;
  const root = (await apigw.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/');
  await apigw.send(
    new PutMethodCommand({ restApiId, resourceId: root?.id, httpMethod: 'GET', authorizationType: 'NONE' }),
  );
  await apigw.send(
    new PutIntegrationCommand({ restApiId, resourceId: root?.id, httpMethod: 'GET', type: 'MOCK' }),
  );
  await apigw.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));

  // Cognito user pool in R2, no web ACL.
  const pool = await client(CognitoIdentityProviderClient, R2).send(
    new CreateUserPoolCommand({ PoolName: 'users' }),
  );

  return {
    liveInstances: [ids[0] as string, ids[1] as string],
    terminated,
    multiTrailArn: multi.TrailARN as string,
    localTrailArn: local.TrailARN as string,
    publicAlb,
    internalAlb: internal.LoadBalancers?.[0]?.LoadBalancerArn as string,
    webAclArn,
    restApiId,
    userPoolId: pool.UserPool?.Id as string,
    detectorId: gd.DetectorId as string,
  };
}

describe('collectAccount against moto', () => {
  let seeded: Seeded;
  let ev: AccountEvidence;
  const progress: string[] = [];

  before(async () => {
    moto = await startMoto();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = creds.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = creds.secretAccessKey;
    process.env.AWS_REGION = R1;
    delete process.env.AWS_PROFILE;
    seeded = await seed();
    const gateway = new Gateway({
      maxAttempts: 1,
      callDeadlineMs: 20_000,
      ...(process.env.WP_DEBUG ? { debug: (l: string) => console.error(l) } : {}),
    });
    ev = await collectAccount(gateway.defaultSession(), {
      accountId: ACCOUNT,
      partition: 'aws',
      callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor`,
      requestedRegions: [R1, R2],
      onProgress: (e) => progress.push(`${e.service}@${e.region}`),
    });
  });

  after(async () => {
    await moto?.stop();
    process.env = saved;
  });

  test('the evidence validates against the schema', () => {
    const parsed = AccountEvidenceSchema.parse(JSON.parse(JSON.stringify(ev)));
    assert.equal(parsed.accountId, ACCOUNT);
  });

  test('regions: listing keeps only the aws partition, scans the requested regions', () => {
    assert.deepEqual(ev.scannedRegions, [R1, R2]);
    assert.deepEqual(ev.unavailableRegions, []);
    assert.ok(ev.regionListing.ok);
    if (ev.regionListing.ok) {
      assert.ok(ev.regionListing.value.enabled.includes(R2));
      assert.ok(
        ev.regionListing.value.enabled.every((r) => !r.startsWith('cn-') && !r.startsWith('us-gov-')),
      );
      assert.ok(ev.regionListing.value.skipped.some((s) => s.reason === 'other partition'));
    }
  });

  test('inventory: live instances per region, terminated left out; buckets with their region', () => {
    const r1 = ev.inventory?.ec2Instances[R1];
    assert.ok(r1?.ok);
    assert.deepEqual([...(r1.ok ? r1.value.ids : [])].sort(), [...seeded.liveInstances].sort());
    const r2 = ev.inventory?.ec2Instances[R2];
    assert.equal(r2?.ok && r2.value.ids.length, 1);
    const ecr = ev.inventory?.ecrRepositories[R2];
    assert.deepEqual(ecr?.ok && ecr.value.names, ['app/images']);
    const buckets = ev.inventory?.s3Buckets;
    assert.ok(buckets?.ok);
    const byName = Object.fromEntries(
      (buckets.ok ? buckets.value.buckets : []).map((b) => [b.name, b.region]),
    );
    assert.deepEqual(byName, { 'wp-trail-logs': R1, 'wp-data-eu': R2 });
  });

  test('cloudtrail: trails de-duplicated, details read in the home region', () => {
    const ct = ev.cloudtrail;
    assert.ok(ct);
    assert.deepEqual(ct.trails.map((t) => t.arn).sort(), [seeded.localTrailArn, seeded.multiTrailArn].sort());
    const r1 = ct.regions[R1];
    const r2 = ct.regions[R2];
    assert.ok(r1?.ok && r1.value.trailArns.includes(seeded.multiTrailArn));
    assert.ok(r2?.ok && r2.value.trailArns.includes(seeded.localTrailArn));
    const multi = ct.trails.find((t) => t.arn === seeded.multiTrailArn);
    assert.equal(multi?.homeRegion, R1);
    assert.equal(multi?.ownerAccountId, ACCOUNT);
    assert.equal(multi?.isMultiRegion, true);
    assert.equal(multi?.logFileValidation, true);
    assert.deepEqual(multi?.status.ok && multi.status.value.isLogging, true);
    assert.deepEqual(multi?.eventSelectors.ok && multi.eventSelectors.value.advanced, [
      { name: 'anything', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
    ]);
    const local = ct.trails.find((t) => t.arn === seeded.localTrailArn);
    assert.equal(local?.homeRegion, R2);
    assert.equal(local?.status.ok && local.status.value.isLogging, false);
    assert.deepEqual(
      local?.eventSelectors.ok && local.eventSelectors.value.basic?.[0]?.readWriteType,
      'WriteOnly',
    );
  });

  test('guardduty: no detector in R1 is an empty list; R2 detector with features', () => {
    const r1 = ev.guardduty?.[R1];
    assert.deepEqual(r1, { ok: true, value: { detectors: [] } });
    const r2 = ev.guardduty?.[R2];
    assert.ok(r2?.ok);
    const det = r2.ok ? r2.value.detectors[0] : undefined;
    assert.equal(det?.id, seeded.detectorId);
    assert.deepEqual(det?.detail, {
      ok: true,
      value: { status: 'ENABLED', features: [{ name: 'S3_DATA_EVENTS', status: 'ENABLED' }] },
    });
  });

  test('waf: ALB web ACL read for internet-facing only; stages and user pools listed', () => {
    const lbs = ev.waf?.loadBalancers[R1];
    assert.ok(lbs?.ok);
    const list = lbs.ok ? lbs.value.loadBalancers : [];
    const pub = list.find((l) => l.arn === seeded.publicAlb);
    assert.equal(pub?.type, 'application');
    assert.equal(pub?.scheme, 'internet-facing');
    assert.deepEqual(pub?.webAcl, { ok: true, value: { webAclArn: seeded.webAclArn } });
    const internal = list.find((l) => l.arn === seeded.internalAlb);
    assert.equal(internal?.webAcl, null);

    const apis = ev.waf?.restApis[R1];
    assert.ok(apis?.ok);
    const api = apis.ok ? apis.value.apis.find((a) => a.id === seeded.restApiId) : undefined;
    assert.equal(api?.name, '<b>api</b>'); // kept verbatim; escaping is the renderers' job
    assert.deepEqual(api?.endpointTypes, ['REGIONAL']);
    assert.deepEqual(api?.stages.ok && api.stages.value.map((s) => s.arn), [
      `arn:aws:apigateway:${R1}::/restapis/${seeded.restApiId}/stages/prod`,
    ]);

    const pools = ev.waf?.cognito[R2];
    assert.ok(pools?.ok);
    const pool = pools.ok ? pools.value.userPools[0] : undefined;
    assert.equal(pool?.id, seeded.userPoolId);
    assert.equal(pool?.arn, `arn:aws:cognito-idp:${R2}:${ACCOUNT}:userpool/${seeded.userPoolId}`);
    assert.deepEqual(pool?.webAcl, { ok: true, value: { webAclArn: null } });

    assert.deepEqual(ev.waf?.cloudFront, { ok: true, value: { distributions: [] } });
  });

  test('moto gaps come out as errors, never as invented values', () => {
    assert.equal(ev.shield?.ok, false);
    if (ev.shield && !ev.shield.ok) assert.equal(ev.shield.error.action, 'shield:GetSubscriptionState');
    assert.equal(ev.trustedadvisor?.ok, false);
    // moto has no Trusted Advisor API and no DescribeTrustedAdvisorCheckSummaries: neither API answers, and
    // the error names the Trusted Advisor API's failure and the Support API's.
    if (ev.trustedadvisor && !ev.trustedadvisor.ok) {
      assert.equal(ev.trustedadvisor.error.action, 'trustedadvisor:ListRecommendations');
      assert.match(ev.trustedadvisor.error.message, /support:DescribeTrustedAdvisorCheckSummaries/);
    }
    // moto's GetMacieSession timestamps cannot be parsed by the SDK.
    for (const r of [R1, R2]) {
      const m = ev.macie?.[r];
      assert.equal(m?.ok, false, `macie ${r}`);
      if (m && !m.ok) {
        assert.equal(m.error.kind, 'unparseable');
        assert.equal(m.error.action, 'macie2:GetMacieSession');
      }
      // moto omits never-enabled accounts from BatchGetAccountStatus.
      const i = ev.inspector?.[r];
      assert.equal(i?.ok, false, `inspector ${r}`);
      if (i && !i.ok) assert.equal(i.error.kind, 'unparseable');
    }
  });

  test('progress is reported per service and region', () => {
    for (const s of ['cloudtrail', 'guardduty', 'macie', 'inspector', 'waf:elbv2']) {
      assert.ok(progress.includes(`${s}@${R1}`), s);
      assert.ok(progress.includes(`${s}@${R2}`), s);
    }
    assert.ok(progress.includes('shield@global'));
  });
});
