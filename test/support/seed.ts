/**
 * Scenario seeding: creates AWS state in moto through the AWS SDK v3 (straight to moto, so the proxy's
 * request counts stay clean), plus the scenario data the proxy serves itself (support plan, Trusted
 * Advisor statuses, Shield state, regions not opted in) and fault rules.
 *
 * `seedScenario(emulator, scenario)` applies a declarative `Scenario`; the named scenarios below are
 * realistic accounts used by the end-to-end tests.
 */

import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { AppSyncClient, CreateGraphqlApiCommand } from '@aws-sdk/client-appsync';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeSubnetsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateClusterCommand as CreateEcsClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { CreateClusterCommand as CreateEksClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateDetectorCommand,
  type DetectorFeatureConfiguration,
  GuardDutyClient,
} from '@aws-sdk/client-guardduty';
import {
  EnableCommand,
  EnableDelegatedAdminAccountCommand,
  Inspector2Client,
  type ResourceScanType,
} from '@aws-sdk/client-inspector2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  AcceptInvitationCommand,
  CreateInvitationsCommand,
  DisableMacieCommand,
  EnableMacieCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteBucketCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateProtectionCommand, ShieldClient } from '@aws-sdk/client-shield';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  PutLoggingConfigurationCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import type { AccountScenario, Emulator, FaultRule } from './proxy.js';
import { appRunnerServiceArn, DEFAULT_ACCOUNT } from './proxy.js';

export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

interface Target {
  /** moto endpoint (default) or the proxy. */
  endpoint: string;
  account: string;
}

type Ctor<C> = new (config: Record<string, unknown>) => C;
const cache = new Map<string, unknown>();

/** An SDK client against moto, acting as `account` (moto's x-moto-account-id header). */
export function clientFor<C extends { middlewareStack: { add: (...a: never[]) => void } }>(
  Client: Ctor<C>,
  t: Target,
  region: string,
): C {
  const id = `${Client.name}|${t.endpoint}|${t.account}|${region}`;
  const hit = cache.get(id);
  if (hit) return hit as C;
  const c = new Client({
    region,
    endpoint: t.endpoint,
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  (c.middlewareStack as unknown as { add: (mw: unknown, o: unknown) => void }).add(
    (next: (a: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
      (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers['x-moto-account-id'] = t.account;
        return next(args);
      },
    { step: 'build', name: 'motoAccount' },
  );
  cache.set(id, c);
  return c;
}

export function target(emulator: Emulator, account = DEFAULT_ACCOUNT): Target {
  return { endpoint: emulator.motoEndpoint, account };
}

// ------------------------------------------------------------------------------------------ building blocks

export async function seedBucket(t: Target, region: string, name: string): Promise<void> {
  const s3 = clientFor(S3Client, t, region);
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
}

export interface TrailSpec {
  name: string;
  homeRegion: string;
  multiRegion?: boolean;
  logging?: boolean;
  logFileValidation?: boolean;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  /** Basic selectors; absent leaves moto's empty list (AWS default: all management events). */
  readWriteType?: 'All' | 'ReadOnly' | 'WriteOnly';
  /** Bucket for the logs (created in the home region). */
  bucket?: string;
  /** Data events for every S3 object and Lambda function, read and write (basic DataResources). */
  dataEvents?: boolean;
  /** Insights types (PutInsightSelectors), e.g. ['ApiCallRateInsight']. */
  insights?: string[];
  /**
   * The trail's bucket afterwards: `public` gives it a policy letting anyone read its objects, `deleted`
   * deletes it once the trail exists (CloudTrail keeps pointing at it). Default: the bucket as created.
   */
  bucketState?: 'public' | 'deleted';
  /**
   * Advanced selectors instead of basic ones: all management events and the network activity events
   * (eventCategory NetworkActivity) of these event sources, e.g. ['ec2.amazonaws.com'].
   */
  networkActivity?: string[];
}

/** Creates a trail (and its bucket), optionally starts logging and sets basic event selectors. */
export async function seedTrail(t: Target, spec: TrailSpec): Promise<string> {
  const bucket = spec.bucket ?? `${spec.name}-logs-${t.account}`.toLowerCase();
  await seedBucket(t, spec.homeRegion, bucket);
  const ct = clientFor(CloudTrailClient, t, spec.homeRegion);
  const created = await ct.send(
    new CreateTrailCommand({
      Name: spec.name,
      S3BucketName: bucket,
      IsMultiRegionTrail: spec.multiRegion ?? false,
      EnableLogFileValidation: spec.logFileValidation ?? false,
      ...(spec.kmsKeyId ? { KmsKeyId: spec.kmsKeyId } : {}),
      ...(spec.cloudWatchLogsLogGroupArn
        ? {
            CloudWatchLogsLogGroupArn: spec.cloudWatchLogsLogGroupArn,
            CloudWatchLogsRoleArn:
              spec.cloudWatchLogsRoleArn ?? `arn:aws:iam::${t.account}:role/CloudTrailToLogs`,
          }
        : {}),
    }),
  );
  if (spec.logging ?? true) await ct.send(new StartLoggingCommand({ Name: spec.name }));
  if (spec.readWriteType || spec.dataEvents) {
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: spec.name,
        EventSelectors: [
          {
            ReadWriteType: spec.readWriteType ?? 'All',
            IncludeManagementEvents: true,
            ...(spec.dataEvents
              ? {
                  DataResources: [
                    { Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] },
                    { Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] },
                  ],
                }
              : {}),
          },
        ],
      }),
    );
  }
  if (spec.networkActivity?.length) {
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: spec.name,
        AdvancedEventSelectors: [
          { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          {
            Name: 'VPC endpoint network activity',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['NetworkActivity'] },
              { Field: 'eventSource', Equals: spec.networkActivity },
            ],
          },
        ],
      }),
    );
  }
  if (spec.bucketState) {
    const s3 = clientFor(S3Client, t, spec.homeRegion);
    if (spec.bucketState === 'deleted') await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    else {
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: `arn:aws:s3:::${bucket}/*`,
              },
            ],
          }),
        }),
      );
    }
  }
  if (spec.insights?.length) {
    await ct.send(
      new PutInsightSelectorsCommand({
        TrailName: spec.name,
        InsightSelectors: spec.insights.map((t) => ({ InsightType: t as 'ApiCallRateInsight' })),
      }),
    );
  }
  return created.TrailARN ?? '';
}

export interface GuardDutySpec {
  status: 'ENABLED' | 'DISABLED';
  /** Protection plans (names as in GuardDuty Features), e.g. { S3_DATA_EVENTS: 'ENABLED' }. */
  features?: Record<string, 'ENABLED' | 'DISABLED'>;
}

export async function seedGuardDuty(t: Target, region: string, spec: GuardDutySpec): Promise<string> {
  const gd = clientFor(GuardDutyClient, t, region);
  const features = spec.features
    ? Object.entries(spec.features).map(
        ([Name, Status]) => ({ Name, Status }) as unknown as DetectorFeatureConfiguration,
      )
    : undefined;
  const out = await gd.send(
    new CreateDetectorCommand({
      Enable: spec.status === 'ENABLED',
      ...(features ? { Features: features } : {}),
    }),
  );
  return out.DetectorId ?? '';
}

export type InspectorScanType = 'EC2' | 'ECR' | 'LAMBDA' | 'LAMBDA_CODE';

/** Enables Inspector for the given scan types (moto inspector2 Enable). */
export async function seedInspector(
  t: Target,
  region: string,
  scanTypes: InspectorScanType[],
): Promise<void> {
  const insp = clientFor(Inspector2Client, t, region);
  await insp.send(
    new EnableCommand({ accountIds: [t.account], resourceTypes: scanTypes as ResourceScanType[] }),
  );
}

/**
 * The management account `t` designates `admin` as Amazon Inspector's delegated administrator in `region`
 * (inspector2 EnableDelegatedAdminAccount; the proxy's Organizations ListDelegatedAdministrators fill reads it).
 */
export async function seedInspectorDelegatedAdmin(t: Target, region: string, admin: string): Promise<void> {
  const insp = clientFor(Inspector2Client, t, region);
  await insp.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin }));
}

/**
 * Makes `admin` the Macie administrator of the member `t` in `region`: the administrator invites, the
 * member accepts (moto keeps the invitation with the administrator, so its id is read there; raw HTTP,
 * because moto's `invitedAt` has no time zone and the SDK rejects it). Afterwards the member's
 * GetAdministratorAccount names `admin`. Seed the member's Macie state first: DisableMacie clears it.
 */
export async function seedMacieAdministrator(t: Target, region: string, admin: string): Promise<void> {
  const from: Target = { endpoint: t.endpoint, account: admin };
  await clientFor(Macie2Client, from, region).send(new CreateInvitationsCommand({ accountIds: [t.account] }));
  const res = await fetch(`${t.endpoint}/invitations`, {
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/${region}/macie2/aws4_request, SignedHeaders=host, Signature=0`,
      'x-moto-account-id': admin,
    },
  });
  const listed = (await res.json()) as { invitations?: { accountId: string; invitationId: string }[] };
  const invitationId = listed.invitations?.find((i) => i.accountId === t.account)?.invitationId;
  if (!invitationId)
    throw new Error(`moto kept no Macie invitation from ${admin} to ${t.account} in ${region}`);
  await clientFor(Macie2Client, t, region).send(
    new AcceptInvitationCommand({ administratorAccountId: admin, invitationId }),
  );
}

/** moto has Macie ENABLED by default in every account and region: this sets it explicitly. */
export async function seedMacie(t: Target, region: string, enabled: boolean): Promise<void> {
  const m = clientFor(Macie2Client, t, region);
  if (enabled) {
    await m.send(new EnableMacieCommand({})).catch(() => undefined); // already on in moto
  } else {
    await m.send(new DisableMacieCommand({}));
  }
}

/**
 * What a seeded web ACL's rules are (default action Allow in each case): `blocks` (the default) has AWS's
 * common managed rule group, so it can block; `no-rules` has none; `count-only` has one rule that only counts.
 */
export type WebAclKind = 'blocks' | 'no-rules' | 'count-only';

/**
 * A web ACL to associate: true (a new one that blocks), a name or ARN, or a named one of a kind (with
 * `logging: false`, one without a logging configuration; seeded web ACLs log by default).
 */
export type AclSpec = string | boolean | { name: string; kind: WebAclKind; logging?: boolean };

const visibility = (name: string) => ({
  SampledRequestsEnabled: false,
  CloudWatchMetricsEnabled: false,
  MetricName: name,
});

export async function seedWebAcl(
  t: Target,
  region: string,
  name: string,
  scope: 'REGIONAL' | 'CLOUDFRONT' = 'REGIONAL',
  kind: WebAclKind = 'blocks',
  logging = true,
): Promise<{ arn: string; id: string }> {
  const waf = clientFor(WAFV2Client, t, scope === 'CLOUDFRONT' ? 'us-east-1' : region);
  const rules = {
    blocks: [
      {
        Name: 'common',
        Priority: 1,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        VisibilityConfig: visibility('common'),
      },
    ],
    'no-rules': [],
    'count-only': [
      {
        Name: 'watch-admin',
        Priority: 1,
        Action: { Count: {} },
        Statement: {
          ByteMatchStatement: {
            SearchString: new TextEncoder().encode('/admin'),
            FieldToMatch: { UriPath: {} },
            TextTransformations: [{ Priority: 0, Type: 'NONE' as const }],
            PositionalConstraint: 'STARTS_WITH' as const,
          },
        },
        VisibilityConfig: visibility('watch-admin'),
      },
    ],
  }[kind];
  const out = await waf.send(
    new CreateWebACLCommand({
      Name: name,
      Scope: scope,
      DefaultAction: { Allow: {} },
      Rules: rules,
      VisibilityConfig: visibility(name),
    }),
  );
  const arn = out.Summary?.ARN ?? '';
  if (logging) {
    const home = scope === 'CLOUDFRONT' ? 'us-east-1' : region;
    await waf.send(
      new PutLoggingConfigurationCommand({
        LoggingConfiguration: {
          ResourceArn: arn,
          LogDestinationConfigs: [`arn:aws:logs:${home}:${t.account}:log-group:aws-waf-logs-${name}`],
        },
      }),
    );
  }
  return { arn, id: out.Summary?.Id ?? '' };
}

export async function associateWebAcl(
  t: Target,
  region: string,
  webAclArn: string,
  resourceArn: string,
): Promise<void> {
  const waf = clientFor(WAFV2Client, t, region);
  await waf.send(new AssociateWebACLCommand({ WebACLArn: webAclArn, ResourceArn: resourceArn }));
}

/** A web ACL name from a resource's (WAF allows letters, digits, - and _): deterministic for the goldens. */
function aclName(resource: string): string {
  return `${resource.replace(/[^\w-]/g, '-').slice(0, 120)}-acl`;
}

async function aclFor(
  t: Target,
  region: string,
  webAcl: AclSpec | undefined,
  resource: string,
): Promise<string | null> {
  if (!webAcl) return null;
  if (typeof webAcl === 'object')
    return (await seedWebAcl(t, region, webAcl.name, 'REGIONAL', webAcl.kind, webAcl.logging ?? true)).arn;
  if (typeof webAcl === 'string' && webAcl.startsWith('arn:')) return webAcl;
  const name = typeof webAcl === 'string' ? webAcl : aclName(resource);
  return (await seedWebAcl(t, region, name)).arn;
}

export interface AlbSpec {
  name: string;
  /** Omit to create without a Scheme (moto may then report none; AWS defaults to internet-facing). */
  scheme?: 'internet-facing' | 'internal';
  type?: 'application' | 'network';
  /** true: a new web ACL; a string: web ACL name or ARN. */
  webAcl?: AclSpec;
  /** true: a Shield Advanced protection on the load balancer (shield CreateProtection). */
  shieldProtection?: boolean;
}

export async function seedAlb(t: Target, region: string, spec: AlbSpec): Promise<string> {
  const ec2 = clientFor(EC2Client, t, region);
  const subnets = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
  );
  const ids = (subnets.Subnets ?? [])
    .map((s) => s.SubnetId ?? '')
    .filter(Boolean)
    .slice(0, 2);
  const elb = clientFor(ElasticLoadBalancingV2Client, t, region);
  const out = await elb.send(
    new CreateLoadBalancerCommand({
      Name: spec.name,
      Subnets: ids,
      Type: spec.type ?? 'application',
      ...(spec.scheme ? { Scheme: spec.scheme } : {}),
    }),
  );
  const arn = out.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  const acl = await aclFor(t, region, spec.webAcl, spec.name);
  if (acl) await associateWebAcl(t, region, acl, arn);
  return arn;
}

export interface RestApiSpec {
  name: string;
  endpointType?: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  /** Stage name → web ACL (true: a new one; string: name or ARN; false/undefined: none). */
  stages: Record<string, AclSpec | undefined>;
}

export async function seedRestApi(t: Target, region: string, spec: RestApiSpec): Promise<string> {
  const apigw = clientFor(APIGatewayClient, t, region);
  const api = await apigw.send(
    new CreateRestApiCommand({
      name: spec.name,
      endpointConfiguration: { types: [spec.endpointType ?? 'REGIONAL'] },
    }),
  );
  const restApiId = api.id ?? '';
  const resources = await apigw.send(new GetResourcesCommand({ restApiId }));
  const root = resources.items?.find((r) => r.path === '/')?.id ?? '';
  await apigw.send(
    new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }),
  );
  await apigw.send(
    new PutIntegrationCommand({ restApiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }),
  );
  for (const [stageName, webAcl] of Object.entries(spec.stages)) {
    await apigw.send(new CreateDeploymentCommand({ restApiId, stageName }));
    const acl = await aclFor(t, region, webAcl, `${spec.name}-${stageName}`);
    if (acl)
      await associateWebAcl(
        t,
        region,
        acl,
        `arn:aws:apigateway:${region}::/restapis/${restApiId}/stages/${stageName}`,
      );
  }
  return restApiId;
}

export async function seedCloudFront(
  t: Target,
  spec: { comment: string; webAcl?: AclSpec },
): Promise<string> {
  let webAclId = '';
  if (typeof spec.webAcl === 'object') {
    webAclId = (
      await seedWebAcl(
        t,
        'us-east-1',
        spec.webAcl.name,
        'CLOUDFRONT',
        spec.webAcl.kind,
        spec.webAcl.logging ?? true,
      )
    ).arn;
  } else if (spec.webAcl) {
    webAclId =
      typeof spec.webAcl === 'string' && spec.webAcl.startsWith('arn:')
        ? spec.webAcl
        : (
            await seedWebAcl(
              t,
              'us-east-1',
              typeof spec.webAcl === 'string' ? spec.webAcl : `cf-${spec.comment}`,
              'CLOUDFRONT',
            )
          ).arn;
  }
  const cf = clientFor(CloudFrontClient, t, 'us-east-1');
  const origin = `${spec.comment}-origin.example.com`;
  const out = await cf.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `${spec.comment}-${Date.now()}`,
        Comment: spec.comment,
        Enabled: true,
        WebACLId: webAclId,
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'o1',
              DomainName: origin,
              CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'o1',
          ViewerProtocolPolicy: 'redirect-to-https',
          MinTTL: 0,
          ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
          TrustedSigners: { Enabled: false, Quantity: 0 },
        },
      },
    }),
  );
  return out.Distribution?.ARN ?? '';
}

export async function seedAppSync(
  t: Target,
  region: string,
  spec: { name: string; webAcl?: AclSpec },
): Promise<string> {
  const as = clientFor(AppSyncClient, t, region);
  const out = await as.send(new CreateGraphqlApiCommand({ name: spec.name, authenticationType: 'API_KEY' }));
  const arn = out.graphqlApi?.arn ?? '';
  const acl = await aclFor(t, region, spec.webAcl, spec.name);
  if (acl) await associateWebAcl(t, region, acl, arn);
  return arn;
}

export async function seedUserPool(
  t: Target,
  region: string,
  spec: { name: string; webAcl?: AclSpec },
): Promise<string> {
  const idp = clientFor(CognitoIdentityProviderClient, t, region);
  const out = await idp.send(new CreateUserPoolCommand({ PoolName: spec.name }));
  const arn = out.UserPool?.Arn ?? '';
  const acl = await aclFor(t, region, spec.webAcl, spec.name);
  if (acl) await associateWebAcl(t, region, acl, arn);
  return arn;
}

export async function seedInstance(t: Target, region: string, count = 1): Promise<string[]> {
  const ec2 = clientFor(EC2Client, t, region);
  // One of moto's built-in AMIs (valid in every region); DescribeImages is slow in moto.
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: count,
      MaxCount: count,
      InstanceType: 't3.micro',
    }),
  );
  return (out.Instances ?? []).map((i) => i.InstanceId ?? '');
}

/** moto's Lambda needs the execution role to exist in IAM (no IAM SDK client here: raw query call). */
async function ensureLambdaRole(t: Target): Promise<string> {
  const name = 'watchpost-test-lambda-role';
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: name,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  });
  await fetch(t.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
      'x-moto-account-id': t.account,
    },
    body,
  }); // EntityAlreadyExists on the second call is fine
  return `arn:aws:iam::${t.account}:role/${name}`;
}

/** A minimal valid zip archive (one empty file "index.js"). */
function tinyZip(): Uint8Array {
  const name = Buffer.from('index.js');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(name.length, 28);
  const localLen = local.length + name.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(localLen, 16);
  return Buffer.concat([local, name, central, name, end]);
}

export async function seedLambda(t: Target, region: string, name: string): Promise<string> {
  const role = await ensureLambdaRole(t);
  const lambda = clientFor(LambdaClient, t, region);
  const out = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: tinyZip() },
    }),
  );
  return out.FunctionArn ?? '';
}

export async function seedEcrRepo(t: Target, region: string, name: string): Promise<string> {
  const ecr = clientFor(ECRClient, t, region);
  const out = await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
  return out.repository?.repositoryArn ?? '';
}

/** An EKS cluster (moto eks CreateCluster). */
export async function seedEksCluster(t: Target, region: string, name: string): Promise<void> {
  await clientFor(EKSClient, t, region).send(
    new CreateEksClusterCommand({
      name,
      roleArn: `arn:aws:iam::${t.account}:role/eks-cluster`,
      resourcesVpcConfig: { subnetIds: [] },
    }),
  );
}

/** An ECS cluster (moto ecs CreateCluster). */
export async function seedEcsCluster(t: Target, region: string, name: string): Promise<void> {
  await clientFor(ECSClient, t, region).send(new CreateEcsClusterCommand({ clusterName: name }));
}

/** An RDS DB instance of the given engine (moto rds CreateDBInstance). */
export async function seedRdsInstance(
  t: Target,
  region: string,
  spec: { id: string; engine: string },
): Promise<void> {
  await clientFor(RDSClient, t, region).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: spec.id,
      Engine: spec.engine,
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'admin1',
      MasterUserPassword: 'not-a-secret-1',
    }),
  );
}

// ------------------------------------------------------------------------------------------ scenarios

export interface RegionSpec {
  guardduty?: GuardDutySpec;
  /** Inspector scan types to enable (empty or absent: Inspector off). */
  inspector?: InspectorScanType[];
  /** Macie on in this region (default off, like a fresh AWS account). */
  macie?: boolean;
  /** Macie administrator of this account in this region (invitation accepted). */
  macieAdministrator?: string;
  /** This (management) account designates that account Inspector's delegated administrator here. */
  inspectorDelegatedAdmin?: string;
  buckets?: string[];
  instances?: number;
  lambdas?: string[];
  ecrRepos?: string[];
  albs?: AlbSpec[];
  restApis?: RestApiSpec[];
  appSync?: { name: string; webAcl?: AclSpec }[];
  userPools?: { name: string; webAcl?: AclSpec }[];
  /** EKS cluster names (GuardDuty EKS Protection and Runtime Monitoring relevance). */
  eksClusters?: string[];
  /** ECS cluster names (Runtime Monitoring relevance). */
  ecsClusters?: string[];
  /** RDS DB instances and their engine (RDS Protection relevance: Aurora, RDS for PostgreSQL). */
  rdsInstances?: { id: string; engine: string }[];
  /** App Runner services (proxy data; public by default), a web ACL associated in moto by their ARN. */
  appRunner?: { name: string; public?: boolean; webAcl?: AclSpec }[];
  /** Amplify apps (proxy data); a web ACL (true or a name) is a global (CloudFront-scope) one. */
  amplify?: { appId: string; name: string; webAcl?: true | string }[];
  /** Verified Access instances (proxy data), a web ACL associated in moto by their ARN. */
  verifiedAccess?: { id: string; description: string; webAcl?: AclSpec }[];
}

export interface Scenario {
  name: string;
  account?: string;
  /** The regions the test scans; every one is made explicit (Macie set on/off). */
  regions: Record<string, RegionSpec>;
  trails?: TrailSpec[];
  distributions?: { comment: string; webAcl?: AclSpec }[];
  /** Served by the proxy: support plan, Trusted Advisor statuses, Shield, regions not opted in. */
  proxy?: AccountScenario;
  faults?: FaultRule[];
}

/** Seeds a scenario into a (freshly reset) emulator and configures the proxy. Resets request counts. */
export async function seedScenario(emulator: Emulator, scenario: Scenario): Promise<void> {
  const account = scenario.account ?? DEFAULT_ACCOUNT;
  const t = target(emulator, account);
  const extra: Required<
    Pick<AccountScenario, 'appRunnerServices' | 'amplifyApps' | 'verifiedAccessInstances'>
  > = { appRunnerServices: {}, amplifyApps: {}, verifiedAccessInstances: {} };
  for (const trail of scenario.trails ?? []) await seedTrail(t, trail);
  for (const [region, spec] of Object.entries(scenario.regions)) {
    await seedMacie(t, region, spec.macie ?? false);
    if (spec.macieAdministrator) await seedMacieAdministrator(t, region, spec.macieAdministrator);
    if (spec.inspectorDelegatedAdmin)
      await seedInspectorDelegatedAdmin(t, region, spec.inspectorDelegatedAdmin);
    if (spec.guardduty) await seedGuardDuty(t, region, spec.guardduty);
    if (spec.inspector?.length) await seedInspector(t, region, spec.inspector);
    for (const b of spec.buckets ?? []) await seedBucket(t, region, b);
    if (spec.instances) await seedInstance(t, region, spec.instances);
    for (const l of spec.lambdas ?? []) await seedLambda(t, region, l);
    for (const r of spec.ecrRepos ?? []) await seedEcrRepo(t, region, r);
    for (const c of spec.eksClusters ?? []) await seedEksCluster(t, region, c);
    for (const c of spec.ecsClusters ?? []) await seedEcsCluster(t, region, c);
    for (const d of spec.rdsInstances ?? []) await seedRdsInstance(t, region, d);
    for (const a of spec.albs ?? []) {
      const arn = await seedAlb(t, region, a);
      if (a.shieldProtection) {
        await clientFor(ShieldClient, t, region).send(
          new CreateProtectionCommand({ Name: a.name, ResourceArn: arn }),
        );
      }
    }
    for (const a of spec.restApis ?? []) await seedRestApi(t, region, a);
    for (const a of spec.appSync ?? []) await seedAppSync(t, region, a);
    for (const p of spec.userPools ?? []) await seedUserPool(t, region, p);
    await seedMotoless(t, account, region, spec, extra);
  }
  for (const d of scenario.distributions ?? []) await seedCloudFront(t, d);
  emulator.setAccount(account, { ...scenario.proxy, ...extra });
  if (scenario.faults) emulator.configure({ faults: scenario.faults });
  emulator.resetCounts();
}

/**
 * Resources of services moto lacks (App Runner, Amplify, Verified Access): served by the proxy from
 * scenario data (gap fills 23-25); their web ACLs are real moto web ACLs, associated by ARN (moto's
 * AssociateWebACL records any ARN; Amplify's firewall names its global web ACL in the app itself).
 */
async function seedMotoless(
  t: Target,
  account: string,
  region: string,
  spec: RegionSpec,
  extra: Required<Pick<AccountScenario, 'appRunnerServices' | 'amplifyApps' | 'verifiedAccessInstances'>>,
): Promise<void> {
  for (const svc of spec.appRunner ?? []) {
    extra.appRunnerServices[region] = [
      ...(extra.appRunnerServices[region] ?? []),
      { name: svc.name, public: svc.public ?? true },
    ];
    const acl = await aclFor(t, region, svc.webAcl, svc.name);
    if (acl) await associateWebAcl(t, region, acl, appRunnerServiceArn(account, region, svc.name));
  }
  for (const app of spec.amplify ?? []) {
    const name = typeof app.webAcl === 'string' ? app.webAcl : aclName(app.name);
    const webAclArn = app.webAcl ? (await seedWebAcl(t, region, name, 'CLOUDFRONT')).arn : undefined;
    extra.amplifyApps[region] = [
      ...(extra.amplifyApps[region] ?? []),
      { appId: app.appId, name: app.name, ...(webAclArn ? { webAclArn } : {}) },
    ];
  }
  for (const inst of spec.verifiedAccess ?? []) {
    extra.verifiedAccessInstances[region] = [
      ...(extra.verifiedAccessInstances[region] ?? []),
      { id: inst.id, description: inst.description },
    ];
    const acl = await aclFor(t, region, inst.webAcl, inst.description);
    const arn = `arn:aws:ec2:${region}:${account}:verified-access-instance/${inst.id}`;
    if (acl) await associateWebAcl(t, region, acl, arn);
  }
}

/** Every GuardDuty protection plan on. */
export const ALL_FEATURES_ON: Record<string, 'ENABLED'> = {
  S3_DATA_EVENTS: 'ENABLED',
  EKS_AUDIT_LOGS: 'ENABLED',
  EBS_MALWARE_PROTECTION: 'ENABLED',
  RDS_LOGIN_EVENTS: 'ENABLED',
  LAMBDA_NETWORK_LOGS: 'ENABLED',
  RUNTIME_MONITORING: 'ENABLED',
};

/** A fresh account: nothing enabled, a few workloads so each service is relevant. Basic support plan. */
export const allOff: Scenario = {
  name: 'allOff',
  regions: {
    'us-east-1': {
      buckets: ['alloff-data'],
      instances: 1,
      albs: [{ name: 'alloff-web', scheme: 'internet-facing' }],
    },
    'eu-west-1': {},
  },
  proxy: { supportPlan: 'basic', shield: 'INACTIVE' },
};

/** Everything on and protected. */
export const allFine: Scenario = {
  name: 'allFine',
  trails: [
    {
      name: 'org-audit',
      homeRegion: 'us-east-1',
      multiRegion: true,
      logFileValidation: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:cloudtrail:*',
      dataEvents: true,
      insights: ['ApiCallRateInsight', 'ApiErrorRateInsight'],
    },
  ],
  regions: {
    'us-east-1': {
      guardduty: { status: 'ENABLED', features: ALL_FEATURES_ON },
      inspector: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'],
      macie: true,
      instances: 1,
      albs: [{ name: 'fine-web', scheme: 'internet-facing', webAcl: true, shieldProtection: true }],
    },
    'eu-west-1': {
      guardduty: { status: 'ENABLED', features: ALL_FEATURES_ON },
      inspector: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'],
      macie: true,
    },
  },
  proxy: { supportPlan: 'business', shield: 'ACTIVE', shieldAdvanced: { appLayer: 'ENABLED' } },
};

/**
 * Three regions, each different:
 * - us-east-1: GuardDuty on with S3 protection off; Inspector EC2 only while Lambda exists; Macie on;
 *   a protected ALB, an unprotected REST API stage, an unprotected AppSync API, an internal ALB, an
 *   unprotected public App Runner service and a private one, a protected Verified Access instance.
 * - eu-west-1: GuardDuty suspended; Inspector off with an instance; Macie off with a bucket;
 *   an unprotected internet-facing ALB, a protected user pool, an Amplify app without a web ACL.
 * - ap-southeast-2: nothing on and nothing deployed (only GuardDuty is relevant).
 * CloudTrail: one logging multi-region trail without validation/KMS/CloudWatch, one stopped regional trail.
 * Trusted Advisor: business plan, one security check warning. Shield INACTIVE. One unprotected distribution.
 */
export const mixedRegions: Scenario = {
  name: 'mixedRegions',
  trails: [
    { name: 'main-trail', homeRegion: 'us-east-1', multiRegion: true, logging: true },
    {
      name: 'old-eu-trail',
      homeRegion: 'eu-west-1',
      multiRegion: false,
      logging: false,
      logFileValidation: true,
    },
  ],
  regions: {
    'us-east-1': {
      guardduty: {
        status: 'ENABLED',
        features: { ...ALL_FEATURES_ON, S3_DATA_EVENTS: 'DISABLED' },
      },
      inspector: ['EC2'],
      macie: true,
      instances: 1,
      lambdas: ['orders-handler'],
      albs: [
        { name: 'shop-public', scheme: 'internet-facing', webAcl: true },
        { name: 'shop-internal', scheme: 'internal' },
      ],
      restApis: [{ name: 'orders-api', endpointType: 'REGIONAL', stages: { prod: false } }],
      appSync: [{ name: 'catalog-graphql' }],
      appRunner: [{ name: 'orders-web' }, { name: 'orders-worker', public: false }],
      verifiedAccess: [{ id: 'vai-0a1b2c3d4e5f60718', description: 'staff-portal', webAcl: true }],
    },
    'eu-west-1': {
      guardduty: { status: 'DISABLED' },
      macie: false,
      buckets: ['customer-exports-eu'],
      instances: 1,
      albs: [{ name: 'eu-public', scheme: 'internet-facing' }],
      userPools: [{ name: 'eu-customers', webAcl: true }],
      amplify: [{ appId: 'd1a2b3c4e5f6g7', name: 'eu-marketing-site' }],
    },
    'ap-southeast-2': {},
  },
  distributions: [{ comment: 'static-site' }],
  proxy: {
    supportPlan: 'business',
    shield: 'INACTIVE',
    trustedAdvisor: { Pfx0RwqBli: { status: 'warning', flagged: 2 } },
    // GuardDuty Malware Protection for S3 on an upload bucket (gap fill 20): recorded, never a verdict
    malwareProtectionPlans: {
      'us-east-1': [{ id: 'mpp-orders-uploads', bucket: 'orders-uploads', status: 'ACTIVE' }],
    },
  },
};

/** CloudTrail exists and logs, but single-region, write-only, no validation/KMS/CloudWatch. Everything else fine. */
export const misconfiguredCloudTrailOnly: Scenario = {
  ...allFine,
  name: 'misconfiguredCloudTrailOnly',
  trails: [{ name: 'legacy', homeRegion: 'us-east-1', multiRegion: false, readWriteType: 'WriteOnly' }],
};

/** Detection services fine; web-facing resources without web ACLs, or with one that cannot block. */
export const wafGapsOnly: Scenario = {
  ...allFine,
  name: 'wafGapsOnly',
  regions: {
    'us-east-1': {
      ...allFine.regions['us-east-1'],
      albs: [
        { name: 'gap-web', scheme: 'internet-facing' },
        // A web ACL that cannot block (issue 13): no rules, default action Allow.
        { name: 'weak-web', scheme: 'internet-facing', webAcl: { name: 'empty-acl', kind: 'no-rules' } },
      ],
      restApis: [{ name: 'gap-api', endpointType: 'EDGE', stages: { prod: false, dev: true } }],
      appSync: [{ name: 'gap-graphql' }],
      userPools: [{ name: 'gap-users' }],
    },
    'eu-west-1': allFine.regions['eu-west-1']!,
  },
  distributions: [
    { comment: 'gap-cdn' },
    { comment: 'weak-cdn', webAcl: { name: 'count-only-acl', kind: 'count-only' } },
  ],
  proxy: { supportPlan: 'business', shield: 'INACTIVE' },
};

/** allFine, but the auditing role may not read GuardDuty detectors nor the Support API (fault rules). */
export const accessDenied: Scenario = {
  ...allFine,
  name: 'accessDenied',
  faults: [
    { service: 'guardduty', operation: 'ListDetectors', fault: 'access-denied' },
    { service: 'trustedadvisor', fault: 'access-denied' },
    { service: 'support', fault: 'access-denied' },
    { region: 'eu-west-1', service: 'macie2', fault: 'scp-deny' },
  ],
};

/**
 * Hostile strings as an audited account could hold them in names and tags (HTML, Markdown, CriticMarkup,
 * table pipes, terminal control characters, a right-to-left override, a very long name). moto accepts
 * them in the fields below (AWS itself is stricter for some): used by test/e2e/hostile.test.ts.
 */
export const HOSTILE = {
  html: '<img src=x onerror=alert(1)>',
  markdown: '**bold** [link](http://x)',
  critic: '{==x==}{>>c<<}{~~a~>b~~}',
  pipes: 'col|umn | split',
  control: 'red\u001b[31m bell\u0007 rlo\u202eevil',
  long: `long-${'L'.repeat(600)}-end`,
} as const;

/**
 * One region with web-facing resources named with HOSTILE strings and no web ACL, so every name is
 * judged `fail` and named in the finding; Macie off with a bucket, GuardDuty off.
 */
export const hostile: Scenario = {
  name: 'hostile',
  regions: {
    'us-east-1': {
      restApis: [
        { name: `api ${HOSTILE.html} ${HOSTILE.pipes}`, endpointType: 'REGIONAL', stages: { prod: false } },
        { name: HOSTILE.long, endpointType: 'REGIONAL', stages: { prod: false } },
      ],
      appSync: [{ name: `gql ${HOSTILE.markdown} ${HOSTILE.critic}` }],
      userPools: [{ name: `pool ${HOSTILE.control} ${HOSTILE.critic}` }],
    },
  },
  distributions: [{ comment: `cdn ${HOSTILE.html}` }],
  proxy: { supportPlan: 'business', shield: 'INACTIVE' },
};

export const SCENARIOS = {
  allOff,
  allFine,
  mixedRegions,
  misconfiguredCloudTrailOnly,
  wafGapsOnly,
  accessDenied,
  hostile,
};

/**
 * Makes moto's generated ids (CloudFront distribution ids and domains, REST API ids, ARN suffixes, …)
 * deterministic: moto's `POST /moto-api/seed?a=<int>` seeds its random generator. Call after `reset()`
 * and before seeding a scenario, so the same scenario gets the same ids on every run.
 */
export async function seedMotoRandom(emulator: Emulator, a = 42): Promise<void> {
  const res = await fetch(`${emulator.motoEndpoint}/moto-api/seed?a=${a}`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto /moto-api/seed answered HTTP ${res.status}`);
}
