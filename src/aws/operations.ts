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
import * as z from 'zod';
import {
  type AnswerRule,
  absent,
  flag,
  list,
  num,
  optional,
  type Protocol,
  record,
  text,
} from './answers.js';

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

/** The wire protocol of each client (what a well-formed answer body looks like). */
export const PROTOCOLS: Readonly<Record<ClientKey, Protocol>> = {
  apigateway: 'rest-json',
  appsync: 'rest-json',
  cloudfront: 'rest-xml',
  cloudtrail: 'json',
  'cognito-idp': 'json',
  ec2: 'ec2',
  ecr: 'json',
  elbv2: 'query',
  guardduty: 'rest-json',
  inspector2: 'rest-json',
  lambda: 'rest-json',
  macie2: 'rest-json',
  organizations: 'json',
  s3: 'rest-xml',
  shield: 'json',
  sts: 'query',
  support: 'json',
  wafv2: 'json',
};

export interface Operation<I, O> {
  readonly client: ClientKey;
  /** The SDK command name, e.g. "ListDetectorsCommand" (what the client middleware sees). */
  readonly command: string;
  /** The API operation name, e.g. "ListDetectors". */
  readonly name: string;
  readonly iamAction: string;
  /** Calls that only work against a service's home region (global services). */
  readonly homeRegion?: string;
  readonly protocol: Protocol;
  /** XML protocols: the root element of a successful answer (query and EC2: `<Name>Response`). */
  readonly root: string | null;
  /** XML protocols: the elements of the answer that hold a list (checked to hold elements, not text). */
  readonly lists: readonly string[];
  /**
   * XML protocols: elements that hold text the SDK would read as absent if they held an element (the
   * SDK refuses an element in other text fields itself).
   */
  readonly texts: readonly string[];
  /** What a usable answer holds (answers.ts); checked by the gateway on every successful call. */
  readonly answer: AnswerRule<O>;
  readonly send: (client: unknown, input: I, signal: AbortSignal) => Promise<O>;
}

type Input<C extends abstract new (...args: never) => unknown> = NonNullable<ConstructorParameters<C>[0]>;

function op<K extends ClientKey, I, O>(
  client: K,
  command: string,
  iamAction: string,
  send: (client: ClientOf<K>, input: I, signal: AbortSignal) => Promise<O>,
  answer: AnswerRule<NoInfer<O>>,
  options: { homeRegion?: string; root?: string; lists?: readonly string[]; texts?: readonly string[] } = {},
): Operation<I, O> {
  const name = command.replace(/Command$/, '');
  const protocol = PROTOCOLS[client];
  const root = options.root ?? (protocol === 'query' || protocol === 'ec2' ? `${name}Response` : null);
  const spec: Operation<I, O> = {
    client,
    command,
    name,
    iamAction,
    protocol,
    root,
    lists: options.lists ?? [],
    texts: options.texts ?? [],
    answer,
    send: send as (client: unknown, input: I, signal: AbortSignal) => Promise<O>,
  };
  return options.homeRegion ? { ...spec, homeRegion: options.homeRegion } : spec;
}

/** Global APIs of the `aws` partition answer in us-east-1. */
const US_EAST_1 = 'us-east-1';
const global = { homeRegion: US_EAST_1 };

/**
 * The operations, each with the rule its answers must meet (answers.ts). A rule names the fields watchpost
 * reads: `list`, `text`, `flag`, `num`, `record` are required; `optional(…)` may be absent and is never
 * relied on for a verdict by its absence; `absent(…)` may be absent because the AWS API reference says what
 * that means (cited at the rule). Pagination tokens are optional everywhere. "Model" below is the service's
 * published API model (the SDK types its required members as such). Lists the model leaves optional are
 * still required when a verdict rests on them and no AWS document says their absence means "none" (moto
 * answers each of them as an empty list): should AWS ever leave one out, the result is an unknown, the
 * safe side, never an empty account.
 */
// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // STS API reference: an identity always has Account and Arn (the scan refuses to start without them).
  getCallerIdentity: op('sts', 'GetCallerIdentityCommand', 'sts:GetCallerIdentity', (c, i: object, s) => c.send(new GetCallerIdentityCommand(i), { abortSignal: s }),
    { fields: { Account: text(), Arn: text() } }),
  // STS model: Credentials' AccessKeyId, SecretAccessKey, SessionToken and Expiration are required members.
  assumeRole: op('sts', 'AssumeRoleCommand', 'sts:AssumeRole', (c, i: Input<typeof AssumeRoleCommand>, s) => c.send(new AssumeRoleCommand(i), { abortSignal: s }),
    { fields: { Credentials: record({ AccessKeyId: text(), SecretAccessKey: text(), SessionToken: text(), Expiration: z.date() }) } }),
  // EC2 answers always carry <regionInfo> (empty only if no region answered, which cannot be: the call
  // itself is made to one). OptInStatus: read when present (regions.ts).
  describeRegions: op('ec2', 'DescribeRegionsCommand', 'ec2:DescribeRegions', (c, i: Input<typeof DescribeRegionsCommand>, s) => c.send(new DescribeRegionsCommand(i), { abortSignal: s }),
    { fields: { Regions: list(record({ RegionName: text(), OptInStatus: optional(text()) })) } }, { lists: ['regionInfo'] }),
  // EC2 answers always carry <reservationSet> (an empty element when there is no instance), each
  // reservation its <instancesSet>, each instance its instanceState. A terminated instance is told by its
  // state, so the state is required: without it a gone instance would count as a workload.
  describeInstances: op('ec2', 'DescribeInstancesCommand', 'ec2:DescribeInstances', (c, i: Input<typeof DescribeInstancesCommand>, s) => c.send(new DescribeInstancesCommand(i), { abortSignal: s }),
    { fields: { Reservations: list(record({ Instances: list(record({ InstanceId: text(), State: record({ Name: text() }) })) })), NextToken: optional(text()) } }, { lists: ['reservationSet', 'instancesSet'] }),
  // CloudTrail answers `trailList` (empty when there is no trail). A trail's ARN and its flags are always
  // reported; absent flags would read as "off". KmsKeyId and CloudWatchLogsLogGroupArn are only present
  // when configured (CloudTrail API reference, Trail: "Specifies the KMS key ID that encrypts the logs",
  // "Specifies an Amazon Resource Name (ARN)... that represents the log group"; CreateTrail: both optional,
  // not set unless given).
  describeTrails: op('cloudtrail', 'DescribeTrailsCommand', 'cloudtrail:DescribeTrails', (c, i: Input<typeof DescribeTrailsCommand>, s) => c.send(new DescribeTrailsCommand(i), { abortSignal: s }),
    { fields: { trailList: list(record({
      TrailARN: text(), Name: optional(text()), HomeRegion: optional(text()), S3BucketName: optional(text()),
      IsMultiRegionTrail: flag(), IsOrganizationTrail: flag(), LogFileValidationEnabled: flag(),
      KmsKeyId: absent(text()), CloudWatchLogsLogGroupArn: absent(text()),
    })) } }),
  // CloudTrail API reference, GetTrailStatus: IsLogging is what the call is for. The delivery times and
  // error are reported only once something happened ("Specifies the date and time that CloudTrail last
  // delivered…", "Displays any Amazon S3 error that CloudTrail encountered…").
  getTrailStatus: op('cloudtrail', 'GetTrailStatusCommand', 'cloudtrail:GetTrailStatus', (c, i: Input<typeof GetTrailStatusCommand>, s) => c.send(new GetTrailStatusCommand(i), { abortSignal: s }),
    { fields: { IsLogging: flag(), LatestDeliveryTime: absent(z.date()), LatestDeliveryError: absent(text()), LatestCloudWatchLogsDeliveryTime: absent(z.date()) } }),
  // CloudTrail API reference, GetEventSelectors: the answer names the trail (TrailARN) and holds its basic
  // or its advanced selectors. EventSelector: ReadWriteType "By default, the value is All",
  // IncludeManagementEvents "By default, the value is true"; ExcludeManagementEventSources and the
  // AdvancedFieldSelector operators only narrow when present.
  getEventSelectors: op('cloudtrail', 'GetEventSelectorsCommand', 'cloudtrail:GetEventSelectors', (c, i: Input<typeof GetEventSelectorsCommand>, s) => c.send(new GetEventSelectorsCommand(i), { abortSignal: s }),
    { fields: {
      TrailARN: text(),
      EventSelectors: optional(list(record({ ReadWriteType: absent(text()), IncludeManagementEvents: absent(flag()), ExcludeManagementEventSources: absent(list(text())) }))),
      AdvancedEventSelectors: optional(list(record({ Name: optional(text()), FieldSelectors: list(record({
        Field: text(), Equals: absent(list(text())), NotEquals: absent(list(text())), StartsWith: absent(list(text())),
        NotStartsWith: absent(list(text())), EndsWith: absent(list(text())), NotEndsWith: absent(list(text())),
      })) }))),
    }, check: selectorsProblem }),
  // AWS Support model: `checks` and each check's id, name and category are required members.
  describeTrustedAdvisorChecks: op('support', 'DescribeTrustedAdvisorChecksCommand', 'support:DescribeTrustedAdvisorChecks', (c, i: Input<typeof DescribeTrustedAdvisorChecksCommand>, s) => c.send(new DescribeTrustedAdvisorChecksCommand(i), { abortSignal: s }),
    { fields: { checks: list(record({ id: text(), name: text(), category: text() })) } }, global),
  // AWS Support model: `summaries`, and each summary's checkId and status, are required members.
  describeTrustedAdvisorCheckSummaries: op('support', 'DescribeTrustedAdvisorCheckSummariesCommand', 'support:DescribeTrustedAdvisorCheckSummaries', (c, i: Input<typeof DescribeTrustedAdvisorCheckSummariesCommand>, s) => c.send(new DescribeTrustedAdvisorCheckSummariesCommand(i), { abortSignal: s }),
    { fields: { summaries: list(record({ checkId: text(), status: text(), resourcesSummary: optional(record({ resourcesProcessed: optional(num()), resourcesFlagged: optional(num()) })) })) } }, global),
  // Inspector model: `accounts` is a required member; so are AccountState's accountId, state (its status)
  // and resourceState (its ec2 and ecr); lambda and lambdaCode are not (newer scan types: absent reads as
  // "not reported", an unknown). `failedAccounts` is optional.
  batchGetAccountStatus: op('inspector2', 'BatchGetAccountStatusCommand', 'inspector2:BatchGetAccountStatus', (c, i: Input<typeof BatchGetAccountStatusCommand>, s) => c.send(new BatchGetAccountStatusCommand(i), { abortSignal: s }),
    { fields: {
      accounts: list(record({
        accountId: text(), state: record({ status: text() }),
        resourceState: record({ ec2: record({ status: text() }), ecr: record({ status: text() }), lambda: optional(record({ status: text() })), lambdaCode: optional(record({ status: text() })) }),
      })),
      failedAccounts: optional(list(record({ accountId: text(), errorCode: optional(text()), errorMessage: optional(text()) }))),
    } }),
  // ECR answers `repositories` (empty when there is none).
  describeRepositories: op('ecr', 'DescribeRepositoriesCommand', 'ecr:DescribeRepositories', (c, i: Input<typeof DescribeRepositoriesCommand>, s) => c.send(new DescribeRepositoriesCommand(i), { abortSignal: s }),
    { fields: { repositories: list(record({ repositoryName: text() })), nextToken: optional(text()) } }),
  // Lambda answers `Functions` (empty when there is none).
  listFunctions: op('lambda', 'ListFunctionsCommand', 'lambda:ListFunctions', (c, i: Input<typeof ListFunctionsCommand>, s) => c.send(new ListFunctionsCommand(i), { abortSignal: s }),
    { fields: { Functions: list(record({ FunctionName: text() })), NextMarker: optional(text()) } }),
  // Macie API reference, GetMacieSession: `status` is what the call is for.
  getMacieSession: op('macie2', 'GetMacieSessionCommand', 'macie2:GetMacieSession', (c, i: Input<typeof GetMacieSessionCommand>, s) => c.send(new GetMacieSessionCommand(i), { abortSignal: s }),
    { fields: { status: text() } }),
  // Macie API reference, GetAdministratorAccount: `administrator` only for an account that has one (`{}`
  // otherwise). Evidence only: never a verdict.
  getMacieAdministrator: op('macie2', 'GetAdministratorAccountCommand', 'macie2:GetAdministratorAccount', (c, i: Input<typeof MacieGetAdministratorAccountCommand>, s) => c.send(new MacieGetAdministratorAccountCommand(i), { abortSignal: s }),
    { fields: { administrator: absent(record({ accountId: optional(text()), relationshipStatus: optional(text()) })) } }),
  // S3 answers <Buckets> (an empty element when there is no bucket); each bucket has its Name.
  listBuckets: op('s3', 'ListBucketsCommand', 's3:ListAllMyBuckets', (c, i: Input<typeof ListBucketsCommand>, s) => c.send(new ListBucketsCommand(i), { abortSignal: s }),
    { fields: { Buckets: list(record({ Name: text(), BucketRegion: optional(text()) })), ContinuationToken: optional(text()) } }, { ...global, root: 'ListAllMyBucketsResult', lists: ['Buckets'] }),
  // S3 API reference, GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint of null"
  // (an empty <LocationConstraint/>, which the root element check still requires).
  getBucketLocation: op('s3', 'GetBucketLocationCommand', 's3:GetBucketLocation', (c, i: Input<typeof GetBucketLocationCommand>, s) => c.send(new GetBucketLocationCommand(i), { abortSignal: s }),
    { fields: { LocationConstraint: absent(text()) } }, { root: 'LocationConstraint', texts: ['LocationConstraint'] }),
  // GuardDuty model, ListDetectors: `detectorIds` is a required member.
  listDetectors: op('guardduty', 'ListDetectorsCommand', 'guardduty:ListDetectors', (c, i: Input<typeof ListDetectorsCommand>, s) => c.send(new ListDetectorsCommand(i), { abortSignal: s }),
    { fields: { DetectorIds: list(text()), NextToken: optional(text()) } }),
  // GuardDuty model, GetDetector: `status` is a required member, `features` optional (absent is reported
  // as such: an unknown of the protection-plans check). A feature without its name or status says
  // nothing and is not dropped silently.
  getDetector: op('guardduty', 'GetDetectorCommand', 'guardduty:GetDetector', (c, i: Input<typeof GetDetectorCommand>, s) => c.send(new GetDetectorCommand(i), { abortSignal: s }),
    { fields: { Status: text(), Features: optional(list(record({ Name: text(), Status: text() }))) } }),
  // Evidence only (who manages the detector), never a verdict: read when present.
  getGuardDutyAdministrator: op('guardduty', 'GetAdministratorAccountCommand', 'guardduty:GetAdministratorAccount', (c, i: Input<typeof GetAdministratorAccountCommand>, s) => c.send(new GetAdministratorAccountCommand(i), { abortSignal: s }),
    { fields: { Administrator: optional(record({ AccountId: optional(text()), RelationshipStatus: optional(text()) })) } }),
  // API Gateway answers `item` (the SDK's `items`; empty when there is no API); each API has its id.
  getRestApis: op('apigateway', 'GetRestApisCommand', 'apigateway:GET', (c, i: Input<typeof GetRestApisCommand>, s) => c.send(new GetRestApisCommand(i), { abortSignal: s }),
    { fields: { items: list(record({ id: text(), name: optional(text()), endpointConfiguration: optional(record({ types: optional(list(text())) })) })), position: optional(text()) } }),
  // API Gateway answers `item` (empty when the API has no stage). API Gateway API reference, Stage:
  // webAclArn is "The ARN of the WebAcl associated with the Stage": absent when none is associated.
  getStages: op('apigateway', 'GetStagesCommand', 'apigateway:GET', (c, i: Input<typeof GetStagesCommand>, s) => c.send(new GetStagesCommand(i), { abortSignal: s }),
    { fields: { item: list(record({ stageName: text(), webAclArn: absent(text()) })) } }),
  // ELB answers <LoadBalancers> (an empty element when there is none); AWS always reports each load
  // balancer's Type and Scheme (Scheme defaults to internet-facing at creation). Whether WAF applies is
  // decided from them, so they are required.
  describeLoadBalancers: op('elbv2', 'DescribeLoadBalancersCommand', 'elasticloadbalancing:DescribeLoadBalancers', (c, i: Input<typeof DescribeLoadBalancersCommand>, s) => c.send(new DescribeLoadBalancersCommand(i), { abortSignal: s }),
    { fields: { LoadBalancers: list(record({ LoadBalancerArn: text(), LoadBalancerName: optional(text()), Type: text(), Scheme: text() })), NextMarker: optional(text()) } }, { lists: ['LoadBalancers'] }),
  // WAF API reference, GetWebACLForResource: "If there is no associated resource, WAF returns a null web
  // ACL" (so `{}` is "no web ACL"; an empty body is not). A web ACL has its ARN (a required member).
  getWebAclForResource: op('wafv2', 'GetWebACLForResourceCommand', 'wafv2:GetWebACLForResource', (c, i: Input<typeof GetWebACLForResourceCommand>, s) => c.send(new GetWebACLForResourceCommand(i), { abortSignal: s }),
    { fields: { WebACL: absent(record({ ARN: text() })) } }),
  // CloudFront API reference, DistributionList: Quantity, IsTruncated, Marker, MaxItems "Required: Yes";
  // Items "Required: No" (CloudFront leaves it out when Quantity is 0: that is how "none" is told from a
  // hollow answer). DistributionSummary: Id, ARN, DomainName, WebACLId "Required: Yes" (WebACLId is empty
  // text when no web ACL is associated).
  listDistributions: op('cloudfront', 'ListDistributionsCommand', 'cloudfront:ListDistributions', (c, i: Input<typeof ListDistributionsCommand>, s) => c.send(new ListDistributionsCommand(i), { abortSignal: s }),
    { fields: { DistributionList: record({
      Quantity: num(), IsTruncated: flag(), NextMarker: optional(text()),
      Items: optional(list(record({ Id: text(), ARN: text(), DomainName: text(), WebACLId: text(), Aliases: optional(record({ Items: optional(list(text())) })) }))),
    }) }, check: distributionsProblem }, { ...global, root: 'DistributionList', lists: ['Items'] }),
  // AppSync answers `graphqlApis` (empty when there is none); each API has its id and ARN (the ARN names
  // the resource in the results). AppSync API reference, GraphqlApi:
  // wafWebAclArn is "The ARN of the WAF access control list (ACL) associated with this GraphqlApi, if one
  // exists".
  listGraphqlApis: op('appsync', 'ListGraphqlApisCommand', 'appsync:ListGraphqlApis', (c, i: Input<typeof ListGraphqlApisCommand>, s) => c.send(new ListGraphqlApisCommand(i), { abortSignal: s }),
    { fields: { graphqlApis: list(record({ apiId: text(), arn: text(), name: optional(text()), wafWebAclArn: absent(text()) })), nextToken: optional(text()) } }),
  // Cognito answers `UserPools` (empty when there is none); each pool has its Id.
  listUserPools: op('cognito-idp', 'ListUserPoolsCommand', 'cognito-idp:ListUserPools', (c, i: Input<typeof ListUserPoolsCommand>, s) => c.send(new ListUserPoolsCommand(i), { abortSignal: s }),
    { fields: { UserPools: list(record({ Id: text(), Name: optional(text()) })), NextToken: optional(text()) } }),
  // Shield model, GetSubscriptionState: `SubscriptionState` is a required member.
  getSubscriptionState: op('shield', 'GetSubscriptionStateCommand', 'shield:GetSubscriptionState', (c, i: Input<typeof GetSubscriptionStateCommand>, s) => c.send(new GetSubscriptionStateCommand(i), { abortSignal: s }),
    { fields: { SubscriptionState: text() } }, global),
  // Organizations: the answer describes the organization (its id and management account).
  describeOrganization: op('organizations', 'DescribeOrganizationCommand', 'organizations:DescribeOrganization', (c, i: Input<typeof DescribeOrganizationCommand>, s) => c.send(new DescribeOrganizationCommand(i), { abortSignal: s }),
    { fields: { Organization: record({ Id: text(), MasterAccountId: optional(text()) }) } }, global),
  // Organizations answers `Accounts` (never empty: the management account is one); each has its Id.
  listAccounts: op('organizations', 'ListAccountsCommand', 'organizations:ListAccounts', (c, i: Input<typeof ListAccountsCommand>, s) => c.send(new ListAccountsCommand(i), { abortSignal: s }),
    { fields: { Accounts: list(record({ Id: text(), Name: optional(text()), State: optional(text()), Status: optional(text()) })), NextToken: optional(text()) } }, global),
  // Organizations answers `DelegatedAdministrators` (empty when there is none); each has its Id.
  listDelegatedAdministrators: op('organizations', 'ListDelegatedAdministratorsCommand', 'organizations:ListDelegatedAdministrators', (c, i: Input<typeof ListDelegatedAdministratorsCommand>, s) => c.send(new ListDelegatedAdministratorsCommand(i), { abortSignal: s }),
    { fields: { DelegatedAdministrators: list(record({ Id: text() })), NextToken: optional(text()) } }, global),
} as const;

/**
 * GetEventSelectors holds the selectors in use: basic or advanced. An answer with neither list, or with
 * only an empty list of one kind, says nothing about them. (Both lists present and empty is what a trail
 * created without selectors answers in moto; watchpost reads it as AWS's default, all management events.)
 */
function selectorsProblem(o: {
  EventSelectors?: unknown[] | undefined;
  AdvancedEventSelectors?: unknown[] | undefined;
}): string | null {
  const basic = o.EventSelectors ?? null;
  const advanced = o.AdvancedEventSelectors ?? null;
  if (basic === null && advanced === null) return 'without EventSelectors or AdvancedEventSelectors';
  if (basic === null && advanced?.length === 0) return 'with only an empty AdvancedEventSelectors';
  if (advanced === null && basic?.length === 0) return 'with only an empty EventSelectors';
  return null;
}

/** CloudFront tells "no distribution" by Quantity 0; Items must be there whenever Quantity says so. */
function distributionsProblem(o: {
  DistributionList?:
    | {
        Quantity?: number | undefined;
        IsTruncated?: boolean | undefined;
        NextMarker?: string | undefined;
        Items?: unknown[] | undefined;
      }
    | undefined;
}): string | null {
  const d = o.DistributionList;
  if (!d) return 'without DistributionList';
  const items = d.Items?.length ?? 0;
  if (d.Quantity !== undefined && d.Quantity > 0 && items === 0)
    return `with Quantity ${d.Quantity} but no Items`;
  if (d.Quantity === 0 && items > 0) return `with Quantity 0 but ${items} Items`;
  if (d.IsTruncated && !d.NextMarker) return 'with IsTruncated but no NextMarker';
  return null;
}

/** Every operation, by `client:command` (the client middleware looks answers' rules up by it). */
export const OPERATION_BY_COMMAND: ReadonlyMap<string, Operation<unknown, unknown>> = new Map(
  (Object.values(OPS) as Operation<unknown, unknown>[]).map((o) => [`${o.client}:${o.command}`, o]),
);

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
