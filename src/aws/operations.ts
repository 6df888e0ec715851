/**
 * The allow-list: every AWS operation watchpost may call, with the IAM action it needs. The gateway
 * refuses anything not listed here, and `watchpost policy` derives the least-privilege policy from it.
 * Only read operations belong here (sts:AssumeRole only yields read credentials for the member account).
 */
import { APIGatewayClient, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { AppSyncClient, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
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
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  GetMacieSessionCommand,
  Macie2Client,
  GetAdministratorAccountCommand as MacieGetAdministratorAccountCommand,
} from '@aws-sdk/client-macie2';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSubscriptionStateCommand, ShieldClient } from '@aws-sdk/client-shield';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DescribeTrustedAdvisorCheckSummariesCommand,
  DescribeTrustedAdvisorChecksCommand,
  SupportClient,
} from '@aws-sdk/client-support';
import { GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';

/** The SDK client classes the gateway may construct, by our service key. */
export const CLIENTS = {
  apigateway: APIGatewayClient,
  appsync: AppSyncClient,
  cloudfront: CloudFrontClient,
  cloudtrail: CloudTrailClient,
  'cognito-idp': CognitoIdentityProviderClient,
  ec2: EC2Client,
  ecr: ECRClient,
  elbv2: ElasticLoadBalancingV2Client,
  guardduty: GuardDutyClient,
  inspector2: Inspector2Client,
  lambda: LambdaClient,
  macie2: Macie2Client,
  organizations: OrganizationsClient,
  s3: S3Client,
  shield: ShieldClient,
  sts: STSClient,
  support: SupportClient,
  wafv2: WAFV2Client,
} as const;
export type ClientKey = keyof typeof CLIENTS;
type ClientOf<K extends ClientKey> = InstanceType<(typeof CLIENTS)[K]>;

export interface Operation<I, O> {
  readonly client: ClientKey;
  /** The SDK command name, e.g. "ListDetectorsCommand" (what the client middleware sees). */
  readonly command: string;
  readonly iamAction: string;
  /** Calls that only work against a service's home region (global services). */
  readonly homeRegion?: string;
  readonly send: (client: unknown, input: I, signal: AbortSignal) => Promise<O>;
}

function op<K extends ClientKey, I, O>(
  client: K,
  command: string,
  iamAction: string,
  send: (client: ClientOf<K>, input: I, signal: AbortSignal) => Promise<O>,
  homeRegion?: string,
): Operation<I, O> {
  const spec: Operation<I, O> = {
    client,
    command,
    iamAction,
    send: send as (client: unknown, input: I, signal: AbortSignal) => Promise<O>,
  };
  return homeRegion ? { ...spec, homeRegion } : spec;
}

/** Global APIs of the `aws` partition answer in us-east-1. */
const US_EAST_1 = 'us-east-1';

// biome-ignore format: one line per operation reads best as a table
export const OPS = {
  getCallerIdentity: op('sts', 'GetCallerIdentityCommand', 'sts:GetCallerIdentity', (c, i: object, s) => c.send(new GetCallerIdentityCommand(i), { abortSignal: s })),
  assumeRole: op('sts', 'AssumeRoleCommand', 'sts:AssumeRole', (c, i: NonNullable<ConstructorParameters<typeof AssumeRoleCommand>[0]>, s) => c.send(new AssumeRoleCommand(i), { abortSignal: s })),
  describeRegions: op('ec2', 'DescribeRegionsCommand', 'ec2:DescribeRegions', (c, i: NonNullable<ConstructorParameters<typeof DescribeRegionsCommand>[0]>, s) => c.send(new DescribeRegionsCommand(i), { abortSignal: s })),
  describeInstances: op('ec2', 'DescribeInstancesCommand', 'ec2:DescribeInstances', (c, i: NonNullable<ConstructorParameters<typeof DescribeInstancesCommand>[0]>, s) => c.send(new DescribeInstancesCommand(i), { abortSignal: s })),
  describeTrails: op('cloudtrail', 'DescribeTrailsCommand', 'cloudtrail:DescribeTrails', (c, i: NonNullable<ConstructorParameters<typeof DescribeTrailsCommand>[0]>, s) => c.send(new DescribeTrailsCommand(i), { abortSignal: s })),
  getTrailStatus: op('cloudtrail', 'GetTrailStatusCommand', 'cloudtrail:GetTrailStatus', (c, i: NonNullable<ConstructorParameters<typeof GetTrailStatusCommand>[0]>, s) => c.send(new GetTrailStatusCommand(i), { abortSignal: s })),
  getEventSelectors: op('cloudtrail', 'GetEventSelectorsCommand', 'cloudtrail:GetEventSelectors', (c, i: NonNullable<ConstructorParameters<typeof GetEventSelectorsCommand>[0]>, s) => c.send(new GetEventSelectorsCommand(i), { abortSignal: s })),
  describeTrustedAdvisorChecks: op('support', 'DescribeTrustedAdvisorChecksCommand', 'support:DescribeTrustedAdvisorChecks', (c, i: NonNullable<ConstructorParameters<typeof DescribeTrustedAdvisorChecksCommand>[0]>, s) => c.send(new DescribeTrustedAdvisorChecksCommand(i), { abortSignal: s }), US_EAST_1),
  describeTrustedAdvisorCheckSummaries: op('support', 'DescribeTrustedAdvisorCheckSummariesCommand', 'support:DescribeTrustedAdvisorCheckSummaries', (c, i: NonNullable<ConstructorParameters<typeof DescribeTrustedAdvisorCheckSummariesCommand>[0]>, s) => c.send(new DescribeTrustedAdvisorCheckSummariesCommand(i), { abortSignal: s }), US_EAST_1),
  batchGetAccountStatus: op('inspector2', 'BatchGetAccountStatusCommand', 'inspector2:BatchGetAccountStatus', (c, i: NonNullable<ConstructorParameters<typeof BatchGetAccountStatusCommand>[0]>, s) => c.send(new BatchGetAccountStatusCommand(i), { abortSignal: s })),
  describeRepositories: op('ecr', 'DescribeRepositoriesCommand', 'ecr:DescribeRepositories', (c, i: NonNullable<ConstructorParameters<typeof DescribeRepositoriesCommand>[0]>, s) => c.send(new DescribeRepositoriesCommand(i), { abortSignal: s })),
  listFunctions: op('lambda', 'ListFunctionsCommand', 'lambda:ListFunctions', (c, i: NonNullable<ConstructorParameters<typeof ListFunctionsCommand>[0]>, s) => c.send(new ListFunctionsCommand(i), { abortSignal: s })),
  getMacieSession: op('macie2', 'GetMacieSessionCommand', 'macie2:GetMacieSession', (c, i: NonNullable<ConstructorParameters<typeof GetMacieSessionCommand>[0]>, s) => c.send(new GetMacieSessionCommand(i), { abortSignal: s })),
  getMacieAdministrator: op('macie2', 'GetAdministratorAccountCommand', 'macie2:GetAdministratorAccount', (c, i: NonNullable<ConstructorParameters<typeof MacieGetAdministratorAccountCommand>[0]>, s) => c.send(new MacieGetAdministratorAccountCommand(i), { abortSignal: s })),
  listBuckets: op('s3', 'ListBucketsCommand', 's3:ListAllMyBuckets', (c, i: NonNullable<ConstructorParameters<typeof ListBucketsCommand>[0]>, s) => c.send(new ListBucketsCommand(i), { abortSignal: s }), US_EAST_1),
  getBucketLocation: op('s3', 'GetBucketLocationCommand', 's3:GetBucketLocation', (c, i: NonNullable<ConstructorParameters<typeof GetBucketLocationCommand>[0]>, s) => c.send(new GetBucketLocationCommand(i), { abortSignal: s })),
  listDetectors: op('guardduty', 'ListDetectorsCommand', 'guardduty:ListDetectors', (c, i: NonNullable<ConstructorParameters<typeof ListDetectorsCommand>[0]>, s) => c.send(new ListDetectorsCommand(i), { abortSignal: s })),
  getDetector: op('guardduty', 'GetDetectorCommand', 'guardduty:GetDetector', (c, i: NonNullable<ConstructorParameters<typeof GetDetectorCommand>[0]>, s) => c.send(new GetDetectorCommand(i), { abortSignal: s })),
  getGuardDutyAdministrator: op('guardduty', 'GetAdministratorAccountCommand', 'guardduty:GetAdministratorAccount', (c, i: NonNullable<ConstructorParameters<typeof GetAdministratorAccountCommand>[0]>, s) => c.send(new GetAdministratorAccountCommand(i), { abortSignal: s })),
  getRestApis: op('apigateway', 'GetRestApisCommand', 'apigateway:GET', (c, i: NonNullable<ConstructorParameters<typeof GetRestApisCommand>[0]>, s) => c.send(new GetRestApisCommand(i), { abortSignal: s })),
  getStages: op('apigateway', 'GetStagesCommand', 'apigateway:GET', (c, i: NonNullable<ConstructorParameters<typeof GetStagesCommand>[0]>, s) => c.send(new GetStagesCommand(i), { abortSignal: s })),
  describeLoadBalancers: op('elbv2', 'DescribeLoadBalancersCommand', 'elasticloadbalancing:DescribeLoadBalancers', (c, i: NonNullable<ConstructorParameters<typeof DescribeLoadBalancersCommand>[0]>, s) => c.send(new DescribeLoadBalancersCommand(i), { abortSignal: s })),
  getWebAclForResource: op('wafv2', 'GetWebACLForResourceCommand', 'wafv2:GetWebACLForResource', (c, i: NonNullable<ConstructorParameters<typeof GetWebACLForResourceCommand>[0]>, s) => c.send(new GetWebACLForResourceCommand(i), { abortSignal: s })),
  listDistributions: op('cloudfront', 'ListDistributionsCommand', 'cloudfront:ListDistributions', (c, i: NonNullable<ConstructorParameters<typeof ListDistributionsCommand>[0]>, s) => c.send(new ListDistributionsCommand(i), { abortSignal: s }), US_EAST_1),
  listGraphqlApis: op('appsync', 'ListGraphqlApisCommand', 'appsync:ListGraphqlApis', (c, i: NonNullable<ConstructorParameters<typeof ListGraphqlApisCommand>[0]>, s) => c.send(new ListGraphqlApisCommand(i), { abortSignal: s })),
  listUserPools: op('cognito-idp', 'ListUserPoolsCommand', 'cognito-idp:ListUserPools', (c, i: NonNullable<ConstructorParameters<typeof ListUserPoolsCommand>[0]>, s) => c.send(new ListUserPoolsCommand(i), { abortSignal: s })),
  getSubscriptionState: op('shield', 'GetSubscriptionStateCommand', 'shield:GetSubscriptionState', (c, i: NonNullable<ConstructorParameters<typeof GetSubscriptionStateCommand>[0]>, s) => c.send(new GetSubscriptionStateCommand(i), { abortSignal: s }), US_EAST_1),
  describeOrganization: op('organizations', 'DescribeOrganizationCommand', 'organizations:DescribeOrganization', (c, i: NonNullable<ConstructorParameters<typeof DescribeOrganizationCommand>[0]>, s) => c.send(new DescribeOrganizationCommand(i), { abortSignal: s }), US_EAST_1),
  listAccounts: op('organizations', 'ListAccountsCommand', 'organizations:ListAccounts', (c, i: NonNullable<ConstructorParameters<typeof ListAccountsCommand>[0]>, s) => c.send(new ListAccountsCommand(i), { abortSignal: s }), US_EAST_1),
  listDelegatedAdministrators: op('organizations', 'ListDelegatedAdministratorsCommand', 'organizations:ListDelegatedAdministrators', (c, i: NonNullable<ConstructorParameters<typeof ListDelegatedAdministratorsCommand>[0]>, s) => c.send(new ListDelegatedAdministratorsCommand(i), { abortSignal: s }), US_EAST_1),
} as const;

/** Allowed SDK command names per client, enforced by a middleware on every client the gateway builds. */
export const ALLOWED_COMMANDS: ReadonlyMap<ClientKey, ReadonlySet<string>> = (() => {
  const m = new Map<ClientKey, Set<string>>();
  for (const o of Object.values(OPS) as Operation<unknown, unknown>[]) {
    const set = m.get(o.client) ?? new Set<string>();
    set.add(o.command);
    m.set(o.client, set);
  }
  return m;
})();

/** Every IAM action watchpost needs, sorted: the least-privilege policy. */
export function requiredIamActions(): string[] {
  return [...new Set((Object.values(OPS) as Operation<unknown, unknown>[]).map((o) => o.iamAction))].sort();
}
