/**
 * The AWS emulator used by the tests: moto server behind a small HTTP proxy on 127.0.0.1.
 *
 * The product talks to the proxy (AWS_ENDPOINT_URL = `emulator.endpoint`). The proxy:
 * - identifies every request (account, region, service, operation) from its SigV4 Authorization header,
 *   X-Amz-Target, the query `Action=` and a table of REST routes, and counts requests per operation;
 * - fills a short list of gaps where moto 5.2.1 is missing an operation or answers unlike real AWS
 *   (see GAP FILLS below and docs/testing.md); every fill is commented with what AWS does;
 * - injects faults shaped the way AWS answers them, per protocol (see FaultRule), and latency; `hollow-*`
 *   faults answer 200 with an empty body, an HTML page, the protocol's empty document or wrongly typed
 *   values, made from the real answer (hollow.ts).
 *
 * Control: from the test process (`emulator.configure(...)`, `emulator.addFault(...)`, `emulator.counts()`),
 * or over HTTP for a CLI running as a subprocess: `POST <endpoint>/__emulator/config` with the same JSON as
 * `configure`, `POST <endpoint>/__emulator/reset`, `GET <endpoint>/__emulator/counts`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { forwardBuffered } from './forward.js';
import { type HollowKind, hollowAnswer } from './hollow.js';
import { type Moto, startMoto } from './moto.js';

export const DEFAULT_ACCOUNT = '123456789012';

export type FaultKind =
  | 'access-denied'
  | 'scp-deny'
  | 'subscription-required'
  | 'throttle'
  | 'server-error'
  | 'timeout'
  | 'reset'
  | 'malformed'
  | 'region-disabled'
  | 'hollow-empty'
  | 'hollow-document'
  | 'hollow-html'
  | 'hollow-types';

/**
 * One fault rule. Every given selector must match (case-insensitive). `service` is the SigV4 signing name
 * (`guardduty`, `elasticloadbalancing`, `cognito-idp`, …; the aliases `elbv2` and `cognito` are accepted).
 * `operation` is the API operation name (`GetDetector`) or `service:Operation`.
 * `times`: apply to that many matching requests, then let requests through (default: always).
 */
export interface FaultRule {
  account?: string;
  region?: string;
  service?: string;
  operation?: string;
  fault: FaultKind;
  times?: number;
  /** server-error: 500 (default) or 503. */
  status?: number;
  /** timeout: how long to hold the socket before destroying it (default 120 s). */
  holdMs?: number;
}

export type SupportPlan = 'basic' | 'developer' | 'business' | 'enterprise-on-ramp' | 'enterprise';
export type TaStatus = 'ok' | 'warning' | 'error' | 'not_available';

/** Scenario data the proxy serves where moto has nothing (per account). */
export interface AccountScenario {
  /** Support plan; "basic"/"developer" make every Support API call answer SubscriptionRequiredException. Default business. */
  supportPlan?: SupportPlan;
  /** Trusted Advisor summary status per check id (default "ok"), optionally with the flagged count. */
  trustedAdvisor?: Record<string, TaStatus | { status: TaStatus; flagged?: number }>;
  /** Shield Advanced subscription state. Default INACTIVE. */
  shield?: 'ACTIVE' | 'INACTIVE';
  /**
   * Shield Advanced details served where moto cannot (DescribeSubscription, DescribeEmergencyContactSettings)
   * and Global Accelerator (not in moto): defaults AutoRenew ENABLED, proactive engagement ENABLED, one
   * emergency contact, no accelerator.
   */
  shieldAdvanced?: {
    autoRenew?: 'ENABLED' | 'DISABLED';
    proactiveEngagement?: 'ENABLED' | 'DISABLED' | 'PENDING';
    emergencyContacts?: string[];
    accelerators?: { arn: string; name: string }[];
    /**
     * The automatic application-layer response of every CloudFront/ALB protection, as
     * Enable/DisableApplicationLayerAutomaticResponse would have set it (moto implements neither and never
     * reports the configuration). Omitted: moto's answer as it is (no configuration: unknown).
     */
    appLayer?: 'ENABLED' | 'DISABLED';
  };
  /** Regions reported as `not-opted-in` by DescribeRegions; calls into them answer as a disabled region. */
  notOptedInRegions?: string[];
  /**
   * GuardDuty administrator of this (member) account, answered by GetAdministratorAccount in every region
   * where the account has a detector (gap fill 10). Default: none (`{}`, a standalone account).
   */
  guardDutyAdministrator?: { accountId: string; relationshipStatus: string };
  /**
   * Inspector ListCoverage per region (gap fill 11): covered resources and their scan status. Default:
   * none listed (so no INACTIVE resource).
   */
  inspectorCoverage?: Record<string, InspectorCovered[]>;
  /**
   * Where this account is the Inspector delegated administrator: accounts its BatchGetAccountStatus lists
   * in `failedAccounts`, with the errorCode (gap fill 27). Default none.
   */
  inspectorMembersFailed?: Record<string, string>;
  /** Inspector GetConfiguration EC2 scan mode per region (gap fill 12). Default EC2_SSM_AGENT_BASED. */
  inspectorEc2ScanMode?: Record<string, 'EC2_SSM_AGENT_BASED' | 'EC2_HYBRID'>;
  /**
   * Macie per region where it is enabled: automated sensitive data discovery (default ENABLED, as AWS
   * sets it for accounts that enable Macie since June 2023) and classification jobs (default none).
   */
  macie?: Record<
    string,
    {
      automatedDiscovery?: 'ENABLED' | 'DISABLED';
      jobs?: { name: string; jobStatus: string; jobType?: 'ONE_TIME' | 'SCHEDULED' }[];
    }
  >;
  /**
   * What each service already costs per region (gap fill 26: GuardDuty GetUsageStatistics, Inspector
   * ListUsageTotals, Macie GetUsageTotals), in USD. Default: no usage reported.
   */
  usage?: Record<string, { guardduty?: number; inspector?: number; macie?: number }>;
  /**
   * GuardDuty DescribeOrganizationConfiguration per region where this account is the organization's
   * delegated GuardDuty administrator (gap fill 21); elsewhere 400 BadRequestException.
   */
  guardDutyOrganization?: Record<
    string,
    {
      autoEnableOrganizationMembers?: 'NEW' | 'ALL' | 'NONE';
      features?: { name: string; autoEnable: 'NEW' | 'ALL' | 'NONE' }[];
    }
  >;
  /** GuardDuty Malware Protection for S3 plans per region (gap fill 22). Default: none. */
  malwareProtectionPlans?: Record<
    string,
    { id: string; bucket: string; status?: 'ACTIVE' | 'WARNING' | 'ERROR' }[]
  >;
  /**
   * CloudTrail Lake event data stores per home region (gap fill 19): default none. Each store records all
   * management events (default selector), ENABLED, multi-region, unless told otherwise.
   */
  eventDataStores?: Record<string, EventDataStoreSpec[]>;
  /**
   * App Runner services per region (gap fill 23: App Runner is missing from moto): name and whether it is
   * publicly accessible. Default none. Their ARNs: `appRunnerServiceArn`.
   */
  appRunnerServices?: Record<string, { name: string; public: boolean }[]>;
  /**
   * Amplify apps per region (gap fill 24: Amplify is missing from moto): app id, name and the web ACL its
   * firewall names (a global web ACL ARN; none by default). ARN: arn:aws:amplify:REGION:ACCOUNT:apps/ID.
   */
  amplifyApps?: Record<string, { appId: string; name: string; webAclArn?: string; wafStatus?: string }[]>;
  /**
   * Verified Access instances per region (gap fill 25: moto 5.2.1 does not implement
   * DescribeVerifiedAccessInstances). Default none. ARN: arn:aws:ec2:REGION:ACCOUNT:verified-access-instance/ID.
   */
  verifiedAccessInstances?: Record<string, { id: string; description: string }[]>;
}

/**
 * An account that never enabled Inspector, as BatchGetAccountStatus reports it in AWS (gap fill 4):
 * state DISABLED and every resourceState DISABLED.
 */
function inspectorDisabled(accountId: string): { accountId: string } {
  const disabled = { status: 'DISABLED' };
  return {
    accountId,
    state: disabled,
    resourceState: {
      ec2: disabled,
      ecr: disabled,
      lambda: disabled,
      lambdaCode: disabled,
      codeRepository: disabled,
    },
  } as { accountId: string };
}

/** A CloudTrail Lake event data store of scenario data. */
export interface EventDataStoreSpec {
  name: string;
  status?: string;
  multiRegion?: boolean;
  organization?: boolean;
  /** AdvancedEventSelectors as AWS answers them; default all management events. */
  advanced?: { Name?: string; FieldSelectors: { Field: string; Equals?: string[] }[] }[];
}

/** The ARN of a scenario's App Runner service (its id: 32 hex digits from its name, deterministic). */
export function appRunnerServiceArn(account: string, region: string, name: string): string {
  const id = createHash('sha256').update(name).digest('hex').slice(0, 32);
  return `arn:aws:apprunner:${region}:${account}:service/${name}/${id}`;
}

/** One ListCoverage CoveredResource of scenario data (accountId: the scenario's account). */
export interface InspectorCovered {
  resourceType: 'AWS_EC2_INSTANCE' | 'AWS_ECR_CONTAINER_IMAGE' | 'AWS_ECR_REPOSITORY' | 'AWS_LAMBDA_FUNCTION';
  resourceId: string;
  scanType?: 'NETWORK' | 'PACKAGE' | 'CODE';
  statusCode: 'ACTIVE' | 'INACTIVE';
  reason: string;
}

export interface EmulatorConfig {
  faults?: FaultRule[];
  /** Added to every proxied request (benchmarks). */
  latencyMs?: number;
  /** Scenario data per account id. */
  accounts?: Record<string, AccountScenario>;
}

export interface RequestInfo {
  account: string;
  region: string;
  service: string;
  operation: string;
  /** `service:Operation`, the key used by `counts()`. */
  key: string;
  protocol: Protocol;
}

export interface Emulator {
  /** The proxy URL: what the product uses as AWS_ENDPOINT_URL. */
  endpoint: string;
  /** moto itself (no gap fills, no faults): for seeding. */
  motoEndpoint: string;
  moto: Moto;
  /** Replaces the given keys of the configuration (faults, latencyMs, accounts). */
  configure(config: EmulatorConfig): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Scenario data of one account (merged into what is there). */
  setAccount(accountId: string, scenario: AccountScenario): void;
  config(): EmulatorConfig;
  /** Requests seen per `service:Operation` since the last reset. */
  counts(): Record<string, number>;
  /** Every request seen since the last reset, in order. */
  requests(): RequestInfo[];
  resetCounts(): void;
  /** Wipes moto state, the configuration, learned accounts and counts. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export type Protocol = 'json' | 'query' | 'ec2' | 'rest-json' | 'rest-xml';

// ------------------------------------------------------------------------------------- identification

const SERVICE_ALIASES: Record<string, string> = {
  elbv2: 'elasticloadbalancing',
  cognito: 'cognito-idp',
  'cognito-identity-provider': 'cognito-idp',
  inspector: 'inspector2',
  macie: 'macie2',
};

/** REST routes of the operations watchpost and the seeding use (rest-json / rest-xml services). */
const REST_ROUTES: [service: string, method: string, path: RegExp, operation: string][] = [
  ['macie2', 'GET', /^\/macie$/, 'GetMacieSession'],
  ['macie2', 'POST', /^\/macie$/, 'EnableMacie'],
  ['macie2', 'DELETE', /^\/macie$/, 'DisableMacie'],
  ['macie2', 'PATCH', /^\/macie$/, 'UpdateMacieSession'],
  ['macie2', 'GET', /^\/administrator$/, 'GetAdministratorAccount'],
  ['macie2', 'GET', /^\/members$/, 'ListMembers'],
  ['macie2', 'POST', /^\/invitations$/, 'CreateInvitations'],
  ['macie2', 'GET', /^\/invitations$/, 'ListInvitations'],
  ['macie2', 'POST', /^\/invitations\/accept$/, 'AcceptInvitation'],
  ['macie2', 'GET', /^\/automated-discovery\/configuration$/, 'GetAutomatedDiscoveryConfiguration'],
  ['macie2', 'POST', /^\/jobs\/list$/, 'ListClassificationJobs'],
  ['inspector2', 'POST', /^\/status\/batch\/get$/, 'BatchGetAccountStatus'],
  ['inspector2', 'POST', /^\/enable$/, 'Enable'],
  ['inspector2', 'POST', /^\/disable$/, 'Disable'],
  ['inspector2', 'POST', /^\/delegatedadminaccounts\/enable$/, 'EnableDelegatedAdminAccount'],
  ['inspector2', 'POST', /^\/delegatedadminaccounts\/list$/, 'ListDelegatedAdminAccounts'],
  ['inspector2', 'POST', /^\/delegatedadminaccounts\/get$/, 'GetDelegatedAdminAccount'],
  ['inspector2', 'POST', /^\/coverage\/list$/, 'ListCoverage'],
  ['inspector2', 'POST', /^\/configuration\/get$/, 'GetConfiguration'],
  ['guardduty', 'GET', /^\/detector$/, 'ListDetectors'],
  ['guardduty', 'POST', /^\/detector$/, 'CreateDetector'],
  ['guardduty', 'GET', /^\/detector\/[^/]+$/, 'GetDetector'],
  ['guardduty', 'POST', /^\/detector\/[^/]+$/, 'UpdateDetector'],
  ['guardduty', 'GET', /^\/detector\/[^/]+\/administrator$/, 'GetAdministratorAccount'],
  ['guardduty', 'GET', /^\/detector\/[^/]+\/member$/, 'ListMembers'],
  ['guardduty', 'POST', /^\/detector\/[^/]+\/usage\/statistics$/, 'GetUsageStatistics'],
  ['inspector2', 'POST', /^\/usage\/list$/, 'ListUsageTotals'],
  ['macie2', 'GET', /^\/usage$/, 'GetUsageTotals'],
  ['guardduty', 'GET', /^\/detector\/[^/]+\/admin$/, 'DescribeOrganizationConfiguration'],
  ['guardduty', 'GET', /^\/malware-protection-plan$/, 'ListMalwareProtectionPlans'],
  ['guardduty', 'GET', /^\/malware-protection-plan\/[^/]+$/, 'GetMalwareProtectionPlan'],
  ['eks', 'GET', /^\/clusters$/, 'ListClusters'],
  ['eks', 'POST', /^\/clusters$/, 'CreateCluster'],
  ['apigateway', 'GET', /^\/restapis$/, 'GetRestApis'],
  ['apigateway', 'POST', /^\/restapis$/, 'CreateRestApi'],
  ['apigateway', 'GET', /^\/restapis\/[^/]+\/stages$/, 'GetStages'],
  ['apigateway', 'POST', /^\/restapis\/[^/]+\/stages$/, 'CreateStage'],
  ['apigateway', 'GET', /^\/restapis\/[^/]+\/resources$/, 'GetResources'],
  ['apigateway', 'PUT', /^\/restapis\/[^/]+\/resources\/[^/]+\/methods\/[^/]+$/, 'PutMethod'],
  [
    'apigateway',
    'PUT',
    /^\/restapis\/[^/]+\/resources\/[^/]+\/methods\/[^/]+\/integration$/,
    'PutIntegration',
  ],
  ['apigateway', 'POST', /^\/restapis\/[^/]+\/deployments$/, 'CreateDeployment'],
  ['appsync', 'GET', /^\/v1\/apis$/, 'ListGraphqlApis'],
  ['appsync', 'POST', /^\/v1\/apis$/, 'CreateGraphqlApi'],
  ['cloudfront', 'GET', /^\/2020-05-31\/distribution$/, 'ListDistributions'],
  ['cloudfront', 'POST', /^\/2020-05-31\/distribution$/, 'CreateDistribution'],
  ['lambda', 'GET', /^\/2015-03-31\/functions\/?$/, 'ListFunctions'],
  ['lambda', 'POST', /^\/2015-03-31\/functions\/?$/, 'CreateFunction'],
  ['s3', 'GET', /^\/$/, 'ListBuckets'],
  ['route53', 'GET', /^\/2013-04-01\/hostedzone$/, 'ListHostedZones'],
  ['trustedadvisor', 'GET', /^\/v1\/recommendations$/, 'ListRecommendations'],
  ['amplify', 'GET', /^\/apps\/?$/, 'ListApps'],
  ['s3', 'PUT', /^\/[^/]+\/?$/, 'CreateBucket'],
];

function restOperation(service: string, method: string, url: URL): string {
  if (service === 's3' && method === 'GET' && url.searchParams.has('location')) return 'GetBucketLocation';
  if (service === 's3' && method === 'GET' && url.searchParams.has('policyStatus'))
    return 'GetBucketPolicyStatus';
  for (const [svc, m, re, op] of REST_ROUTES) {
    if (svc === service && m === method && re.test(url.pathname)) return op;
  }
  return `${method} ${url.pathname}`;
}

const JSON_SERVICES = new Set([
  'support',
  'shield',
  'cloudtrail',
  'wafv2',
  'ecr',
  'cognito-idp',
  'organizations',
  'logs',
  'kms',
  'globalaccelerator',
  'apprunner',
]);
const REST_XML = new Set(['s3', 'cloudfront', 'route53']);

export interface Identified extends RequestInfo {
  accessKey: string;
  body: Buffer;
  url: URL;
  target: string | null;
  form: URLSearchParams | null;
}

function parseAuth(
  req: Pick<IncomingMessage, 'headers'>,
  url: URL,
): { accessKey: string; region: string; service: string } {
  const auth = String(req.headers.authorization ?? '');
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  if (m) return { accessKey: m[1]!, region: m[2]!, service: m[3]! };
  const q = url.searchParams.get('X-Amz-Credential');
  const parts = q?.split('/') ?? [];
  if (parts.length >= 5) return { accessKey: parts[0]!, region: parts[2]!, service: parts[3]! };
  return { accessKey: '', region: 'us-east-1', service: 'unknown' };
}

/**
 * Reads a request's account, region, service, operation and protocol (SigV4 Authorization header,
 * X-Amz-Target, the query `Action=`, the REST routes above). `accountOf` maps the access key to an account.
 */
export function identifyRequest(
  req: Pick<IncomingMessage, 'url' | 'method' | 'headers'>,
  body: Buffer,
  accountOf: (accessKey: string) => string = () => DEFAULT_ACCOUNT,
): Identified {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const { accessKey, region, service } = parseAuth(req, url);
  const account = accountOf(accessKey);
  const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : null;
  const ctype = String(req.headers['content-type'] ?? '');
  let form: URLSearchParams | null = null;
  if (ctype.includes('x-www-form-urlencoded')) form = new URLSearchParams(body.toString('utf8'));
  else if (url.searchParams.has('Action')) form = url.searchParams;
  let operation: string;
  let protocol: Protocol;
  if (target) {
    operation = target.slice(target.lastIndexOf('.') + 1);
    protocol = 'json';
  } else if (form?.get('Action')) {
    operation = form.get('Action')!;
    protocol = service === 'ec2' ? 'ec2' : 'query';
  } else {
    protocol = REST_XML.has(service) ? 'rest-xml' : JSON_SERVICES.has(service) ? 'json' : 'rest-json';
    operation = restOperation(service, req.method ?? 'GET', url);
  }
  return {
    account,
    region,
    service,
    operation,
    key: `${service}:${operation}`,
    protocol,
    accessKey,
    body,
    url,
    target,
    form,
  };
}

// ------------------------------------------------------------------------------------------- faults

function norm(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const l = s.toLowerCase();
  return SERVICE_ALIASES[l] ?? l;
}

function ruleMatches(rule: FaultRule, r: RequestInfo): boolean {
  if (rule.times !== undefined && rule.times <= 0) return false;
  if (rule.account && rule.account !== r.account) return false;
  if (rule.region && rule.region.toLowerCase() !== r.region.toLowerCase()) return false;
  if (rule.service && norm(rule.service) !== r.service.toLowerCase()) return false;
  if (rule.operation) {
    let op = rule.operation;
    if (op.includes(':')) {
      const [svc, name] = op.split(':') as [string, string];
      if (norm(svc) !== r.service.toLowerCase()) return false;
      op = name;
    }
    if (op.toLowerCase() !== r.operation.toLowerCase()) return false;
  }
  return true;
}

/** IAM action as AWS names it in a denial message (signing name → IAM prefix where they differ). */
function iamAction(r: RequestInfo): string {
  const prefix: Record<string, string> = { apigateway: 'apigateway', 'cognito-idp': 'cognito-idp' };
  const svc = prefix[r.service] ?? r.service;
  if (r.service === 'apigateway') return 'apigateway:GET';
  if (r.service === 's3' && r.operation === 'ListBuckets') return 's3:ListAllMyBuckets';
  return `${svc}:${r.operation}`;
}

interface ErrorShape {
  status: number;
  code: string;
  message: string;
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Writes an AWS-shaped error for the request's protocol. */
function sendError(res: ServerResponse, r: Identified, e: ErrorShape): void {
  const a = errorAnswer(r, e);
  res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
  res.end(a.body);
}

/** An AWS-shaped error for the request's protocol. */
function errorAnswer(r: Identified, e: ErrorShape): Upstream {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId };
  let body: string;
  switch (r.protocol) {
    case 'json':
      headers['content-type'] = 'application/x-amz-json-1.1';
      body = JSON.stringify({ __type: e.code, message: e.message });
      break;
    case 'rest-json':
      headers['content-type'] = 'application/json';
      headers['x-amzn-errortype'] = e.code;
      body = JSON.stringify({ message: e.message, Message: e.message });
      break;
    case 'ec2':
      headers['content-type'] = 'text/xml;charset=UTF-8';
      body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
      break;
    case 'rest-xml':
      headers['content-type'] = 'application/xml';
      body =
        r.service === 's3'
          ? `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message><RequestId>${requestId}</RequestId></Error>`
          : `<?xml version="1.0"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      break;
    default:
      headers['content-type'] = 'text/xml';
      body = `<?xml version="1.0"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  }
  return { status: e.status, headers, body: Buffer.from(body) };
}

/** The AWS error a fault produces for this request's protocol. */
export function faultShape(fault: FaultKind, r: RequestInfo, status?: number): ErrorShape {
  const who = `arn:aws:sts::${r.account}:assumed-role/WatchpostAudit/watchpost`;
  const action = iamAction(r);
  switch (fault) {
    case 'access-denied':
    case 'scp-deny': {
      const why =
        fault === 'scp-deny'
          ? ' with an explicit deny in a service control policy'
          : ' because no identity-based policy allows the action';
      const message = `User: ${who} is not authorized to perform: ${action}${why}`;
      // AWS JSON services: AccessDeniedException 400; REST JSON services: 403; EC2: UnauthorizedOperation
      // 403; other query services (STS, ELBv2) and S3/CloudFront: AccessDenied 403.
      if (r.protocol === 'json') return { status: 400, code: 'AccessDeniedException', message };
      if (r.protocol === 'rest-json') return { status: 403, code: 'AccessDeniedException', message };
      if (r.protocol === 'ec2')
        return {
          status: 403,
          code: 'UnauthorizedOperation',
          message: `You are not authorized to perform this operation. ${message}`,
        };
      return { status: 403, code: 'AccessDenied', message };
    }
    case 'subscription-required':
      // Support API on a Basic/Developer plan: 400 SubscriptionRequiredException (AWS Support API reference).
      return {
        status: 400,
        code: 'SubscriptionRequiredException',
        message: 'AWS Premium Support Subscription is required to use this service.',
      };
    case 'throttle':
      if (r.protocol === 'json')
        return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
      if (r.protocol === 'ec2')
        return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
      if (r.service === 's3')
        return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
      if (r.protocol === 'rest-json')
        return {
          status: 429,
          code:
            r.service === 'apigateway' || r.service === 'lambda'
              ? 'TooManyRequestsException'
              : 'ThrottlingException',
          message: 'Rate exceeded',
        };
      return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
    case 'server-error': {
      const s = status ?? 500;
      if (s === 503)
        return {
          status: 503,
          code: r.protocol === 'json' ? 'ServiceUnavailableException' : 'ServiceUnavailable',
          message: 'Service is unavailable.',
        };
      return {
        status: s,
        code:
          r.protocol === 'json' || r.protocol === 'rest-json' ? 'InternalServerException' : 'InternalError',
        message: 'We encountered an internal error. Please try again.',
      };
    }
    case 'region-disabled':
      // A call into an opt-in region the account has not enabled is refused at authentication: JSON and
      // REST JSON services answer UnrecognizedClientException "The security token included in the request
      // is invalid"; EC2 answers AuthFailure; other query/XML services InvalidClientTokenId.
      if (r.protocol === 'json')
        return {
          status: 400,
          code: 'UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        };
      if (r.protocol === 'rest-json')
        return {
          status: 403,
          code: 'UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        };
      if (r.protocol === 'ec2')
        return {
          status: 401,
          code: 'AuthFailure',
          message: 'AWS was not able to validate the provided access credentials',
        };
      return {
        status: 403,
        code: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      };
    default:
      return { status: 500, code: 'InternalError', message: `fault ${fault}` };
  }
}

// -------------------------------------------------------------------------------------------- emulator

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

class AwsEmulator implements Emulator {
  endpoint = '';
  motoEndpoint: string;
  private server: Server | null = null;
  private cfg: Required<EmulatorConfig> = { faults: [], latencyMs: 0, accounts: {} };
  private keyToAccount = new Map<string, string>();
  private log: RequestInfo[] = [];
  private held = new Set<Socket>();

  constructor(readonly moto: Moto) {
    this.motoEndpoint = moto.endpoint;
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`emulator proxy error: ${String(err)}`);
        } else res.destroy();
      });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.server = server;
  }

  configure(config: EmulatorConfig): void {
    if (config.faults !== undefined) this.cfg.faults = config.faults.map((f) => ({ ...f }));
    if (config.latencyMs !== undefined) this.cfg.latencyMs = config.latencyMs;
    if (config.accounts !== undefined) this.cfg.accounts = structuredClone(config.accounts);
  }
  addFault(rule: FaultRule): void {
    this.cfg.faults.push({ ...rule });
  }
  clearFaults(): void {
    this.cfg.faults = [];
  }
  setAccount(accountId: string, scenario: AccountScenario): void {
    this.cfg.accounts[accountId] = { ...this.cfg.accounts[accountId], ...scenario };
  }
  config(): EmulatorConfig {
    return structuredClone(this.cfg);
  }
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.log) out[r.key] = (out[r.key] ?? 0) + 1;
    return out;
  }
  requests(): RequestInfo[] {
    return [...this.log];
  }
  resetCounts(): void {
    this.log = [];
  }
  async reset(): Promise<void> {
    this.cfg = { faults: [], latencyMs: 0, accounts: {} };
    this.keyToAccount.clear();
    this.log = [];
    for (const s of this.held) s.destroy();
    this.held.clear();
    await this.moto.reset();
  }
  async stop(): Promise<void> {
    for (const s of this.held) s.destroy();
    this.held.clear();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    await this.moto.stop();
  }

  private account(scenarioAccount: string): AccountScenario {
    return this.cfg.accounts[scenarioAccount] ?? {};
  }

  private identify(req: IncomingMessage, body: Buffer): Identified {
    const headerAccount = req.headers['x-moto-account-id'];
    return identifyRequest(
      req,
      body,
      (accessKey) =>
        (typeof headerAccount === 'string' && headerAccount) ||
        this.keyToAccount.get(accessKey) ||
        DEFAULT_ACCOUNT,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if ((req.url ?? '').startsWith('/__emulator/')) return this.control(req, res, body);

    const r = this.identify(req, body);
    this.log.push({
      account: r.account,
      region: r.region,
      service: r.service,
      operation: r.operation,
      key: r.key,
      protocol: r.protocol,
    });
    if (this.cfg.latencyMs > 0) await new Promise((ok) => setTimeout(ok, this.cfg.latencyMs));

    const rule = this.cfg.faults.find((f) => ruleMatches(f, r));
    if (rule) {
      if (rule.times !== undefined) rule.times--;
      if (!rule.fault.startsWith('hollow-')) {
        this.applyFault(rule, r, req, res);
        return;
      }
    }
    // GAP FILL: calls into a region the scenario marks not opted in are refused as AWS refuses them.
    if (this.account(r.account).notOptedInRegions?.includes(r.region) && r.service !== 'iam') {
      return sendError(res, r, faultShape('region-disabled', r));
    }
    let up: Upstream;
    const filled = await this.gapFill(r, req);
    if (filled && 'error' in filled) up = errorAnswer(r, filled.error);
    else if (filled) up = filled;
    else {
      up = await this.forward(req, r.body);
      if (r.service === 'sts' && r.operation === 'AssumeRole') this.learnAssumeRole(up.body.toString('utf8'));
    }
    // A hollow 200 is made from the real answer (its root element, its fields), shaped for the protocol.
    if (rule) up = hollowAnswer(rule.fault.slice('hollow-'.length) as HollowKind, r.protocol, up);
    return this.send(res, up);
  }

  private send(res: ServerResponse, up: Upstream): void {
    res.writeHead(up.status, { ...up.headers, 'content-length': String(up.body.length) });
    res.end(up.body);
  }

  private applyFault(rule: FaultRule, r: Identified, req: IncomingMessage, res: ServerResponse): void {
    switch (rule.fault) {
      case 'reset':
        req.socket.destroy();
        break;
      case 'timeout': {
        // Hold the socket without answering; destroy it after holdMs (or when the emulator stops).
        const sock = req.socket;
        this.held.add(sock);
        const t = setTimeout(() => {
          this.held.delete(sock);
          sock.destroy();
        }, rule.holdMs ?? 120_000);
        t.unref();
        sock.once('close', () => {
          clearTimeout(t);
          this.held.delete(sock);
        });
        break;
      }
      case 'malformed': {
        // 200 with a body cut short: what a proxy or a dropped connection mid-body leaves behind.
        const xml = r.protocol !== 'json' && r.protocol !== 'rest-json';
        const text = xml
          ? '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Trunc'
          : '{"truncated": [{"a": ';
        res.writeHead(200, {
          'content-type': xml ? 'text/xml' : 'application/json',
          'content-length': String(text.length),
        });
        res.end(text);
        break;
      }
      default:
        sendError(res, r, faultShape(rule.fault, r, rule.status));
    }
  }

  private async control(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const reply = (status: number, value: unknown) => {
      const text = JSON.stringify(value);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      });
      res.end(text);
    };
    try {
      if (path === '/__emulator/config' && req.method === 'POST') {
        this.configure(JSON.parse(body.toString('utf8') || '{}') as EmulatorConfig);
        return reply(200, this.config());
      }
      if (path === '/__emulator/config' && req.method === 'GET') return reply(200, this.config());
      if (path === '/__emulator/counts' && req.method === 'GET') return reply(200, this.counts());
      if (path === '/__emulator/reset' && req.method === 'POST') {
        await this.reset();
        return reply(200, { ok: true });
      }
      return reply(404, { error: `unknown control path ${path}` });
    } catch (err) {
      return reply(400, { error: String(err) });
    }
  }

  private learnAssumeRole(xml: string): void {
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
    const arn = /<Arn>arn:[^:]+:sts::(\d{12}):assumed-role/.exec(xml)?.[1];
    if (key && arn) this.keyToAccount.set(key, arn);
  }

  /** Forwards the request to moto unchanged (except Host) and buffers the answer. */
  forward(
    req: { method?: string | undefined; url?: string | undefined; headers: IncomingMessage['headers'] },
    body: Buffer,
    extraHeaders: Record<string, string> = {},
  ): Promise<Upstream> {
    return forwardBuffered(
      new URL(this.motoEndpoint),
      { method: req.method, path: req.url, headers: req.headers },
      body,
      {
        extra: extraHeaders,
      },
    );
  }

  /** Sends a JSON (awsJson 1.1) request of our own to moto, as the given account. */
  private async motoJson(
    r: Identified,
    service: string,
    target: string,
    payload: unknown,
  ): Promise<Upstream> {
    const auth = `AWS4-HMAC-SHA256 Credential=${r.accessKey || 'AKIAEMULATOR'}/20240101/${r.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
    return this.forward(
      {
        method: 'POST',
        url: '/',
        headers: {
          authorization: auth,
          'x-amz-target': target,
          'content-type': 'application/x-amz-json-1.1',
          'x-moto-account-id': r.account,
        },
      },
      Buffer.from(JSON.stringify(payload)),
    );
  }

  /** Sends a REST JSON request of our own to moto, as the given account, in the request's region. */
  private async motoRest(
    r: Identified,
    service: string,
    method: string,
    path: string,
    payload: unknown,
  ): Promise<Upstream> {
    const auth = `AWS4-HMAC-SHA256 Credential=${r.accessKey || 'AKIAEMULATOR'}/20240101/${r.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
    return this.forward(
      {
        method,
        url: path,
        headers: {
          authorization: auth,
          'content-type': 'application/json',
          'x-moto-account-id': r.account,
        },
      },
      Buffer.from(JSON.stringify(payload)),
    );
  }

  /**
   * 27. Inspector2 BatchGetAccountStatus asked about other accounts (gap fill 4 answers an account about
   *     itself). AWS Inspector API reference: BatchGetAccountStatus "retrieves the Amazon Inspector status
   *     of multiple Amazon Web Services accounts within your environment"; the organization's delegated
   *     administrator reads its members' status; an account it cannot read is listed in `failedAccounts`
   *     (FailedAccount: accountId, errorCode such as ACCESS_DENIED, errorMessage). moto keeps each
   *     account's Inspector state apart and answers another account's ids with nothing (gap fill 4 would
   *     then make them DISABLED). Answered here: the caller's own id as fill 4 does; another account of
   *     the organization, when the caller is the Inspector delegated administrator recorded by the
   *     management account in this region, with that account's own status (as fill 4 answers it to the
   *     account itself); any other account ACCESS_DENIED in failedAccounts; and scenario data
   *     (`inspectorMembersFailed` of the caller) lists chosen accounts in failedAccounts.
   */
  private async inspectorStatusForOthers(r: Identified, ids: string[]): Promise<Upstream> {
    const statusOf = async (account: string): Promise<{ accountId: string }> => {
      const up = await this.motoRest({ ...r, account }, 'inspector2', 'POST', '/status/batch/get', {
        accountIds: [account],
      });
      const found =
        up.status === 200
          ? (JSON.parse(up.body.toString('utf8')) as { accounts?: { accountId: string }[] }).accounts?.find(
              (a) => a.accountId === account,
            )
          : undefined;
      return found ?? inspectorDisabled(account);
    };
    const org = await this.motoJson(r, 'organizations', 'AWSOrganizationsV20161128.DescribeOrganization', {});
    const management =
      org.status === 200
        ? (JSON.parse(org.body.toString('utf8')) as { Organization?: { MasterAccountId?: string } })
            .Organization?.MasterAccountId
        : undefined;
    let isAdmin = false;
    const members = new Set<string>();
    if (management) {
      const listed = await this.motoRest(
        { ...r, account: management },
        'inspector2',
        'POST',
        '/delegatedadminaccounts/list',
        {},
      );
      const admins =
        listed.status === 200
          ? ((
              JSON.parse(listed.body.toString('utf8')) as {
                delegatedAdminAccounts?: { accountId: string; status: string }[];
              }
            ).delegatedAdminAccounts ?? [])
          : [];
      isAdmin = admins.some((a) => a.accountId === r.account && a.status === 'ENABLED');
      // Every page: moto answers ListAccounts 100 accounts at a time (the bench's organization has 1,000).
      let token: string | undefined;
      do {
        const accounts = await this.motoJson(
          { ...r, account: management },
          'organizations',
          'AWSOrganizationsV20161128.ListAccounts',
          token ? { NextToken: token } : {},
        );
        if (accounts.status !== 200) break;
        const page = JSON.parse(accounts.body.toString('utf8')) as {
          Accounts?: { Id: string }[];
          NextToken?: string;
        };
        for (const a of page.Accounts ?? []) members.add(a.Id);
        token = page.NextToken;
      } while (token);
    }
    const chosen = this.account(r.account).inspectorMembersFailed ?? {};
    const out: { accountId: string }[] = [];
    const failed: { accountId: string; errorCode: string; errorMessage: string }[] = [];
    for (const id of ids) {
      if (chosen[id]) {
        failed.push({ accountId: id, errorCode: chosen[id], errorMessage: `Account ${id}: ${chosen[id]}` });
      } else if (id === r.account || (isAdmin && members.has(id))) {
        out.push(await statusOf(id));
      } else {
        failed.push({
          accountId: id,
          errorCode: 'ACCESS_DENIED',
          errorMessage: `Account ${r.account} is not the Amazon Inspector administrator of account ${id}`,
        });
      }
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
      body: Buffer.from(JSON.stringify({ accounts: out, failedAccounts: failed })),
    };
  }

  // ======================================================================================== GAP FILLS
  // moto 5.2.1 is missing these operations or answers them unlike AWS. Each fill says what AWS does.
  private async gapFill(
    r: Identified,
    req: IncomingMessage,
  ): Promise<Upstream | { error: ErrorShape } | null> {
    const acct = this.account(r.account);
    const json = (value: unknown, status = 200): Upstream => ({
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
      body: Buffer.from(JSON.stringify(value)),
    });

    // 1. AWS Support API (Trusted Advisor). AWS Support API reference, "SubscriptionRequiredException":
    //    accounts on the Basic or Developer plan get 400 SubscriptionRequiredException for every call.
    //    DescribeTrustedAdvisorCheckSummaries is not implemented by moto: answer it from scenario data
    //    (status per check id, default "ok"), shaped as TrustedAdvisorCheckSummary.
    if (r.service === 'support') {
      const plan = acct.supportPlan ?? 'business';
      if (plan === 'basic' || plan === 'developer') return { error: faultShape('subscription-required', r) };
      if (r.operation === 'DescribeTrustedAdvisorCheckSummaries') {
        const input = JSON.parse(r.body.toString('utf8') || '{}') as { checkIds?: string[] };
        const summaries = (input.checkIds ?? []).map((checkId) => {
          const s = acct.trustedAdvisor?.[checkId] ?? 'ok';
          const status = typeof s === 'string' ? s : s.status;
          const flagged =
            typeof s === 'string' ? (status === 'warning' || status === 'error' ? 1 : 0) : (s.flagged ?? 0);
          return {
            checkId,
            timestamp: '2024-01-01T00:00:00Z',
            status,
            hasFlaggedResources: flagged > 0,
            resourcesSummary: {
              resourcesProcessed: 10,
              resourcesFlagged: flagged,
              resourcesIgnored: 0,
              resourcesSuppressed: 0,
            },
            categorySpecificSummary: {
              costOptimizing: { estimatedMonthlySavings: 0, estimatedPercentMonthlySavings: 0 },
            },
          };
        });
        return json({ summaries });
      }
      return null;
    }

    // 2. Shield GetSubscriptionState (not implemented by moto). AWS Shield API reference: returns
    //    SubscriptionState ACTIVE or INACTIVE. From scenario data, default INACTIVE.
    if (r.service === 'shield' && r.operation === 'GetSubscriptionState') {
      return json({ SubscriptionState: acct.shield ?? 'INACTIVE' });
    }

    // 3. Macie GetMacieSession. AWS Macie API reference: createdAt/updatedAt are RFC 3339 date-times
    //    (moto omits the time zone, which the SDK rejects: add Z). When Macie is not enabled AWS answers
    //    403 AccessDeniedException "Macie is not enabled." (moto: 404 ResourceNotFoundException).
    if (r.service === 'macie2' && r.operation === 'GetMacieSession') {
      const up = await this.forward(req, r.body);
      if (up.status === 404 || up.headers['x-amzn-errortype']?.startsWith('ResourceNotFoundException')) {
        return { error: { status: 403, code: 'AccessDeniedException', message: 'Macie is not enabled.' } };
      }
      if (up.status === 200) {
        const v = JSON.parse(up.body.toString('utf8')) as Record<string, unknown>;
        for (const k of ['createdAt', 'updatedAt']) {
          const t = v[k];
          if (typeof t === 'string' && !/(Z|[+-]\d\d:\d\d)$/.test(t)) v[k] = `${t}Z`;
        }
        return {
          ...up,
          headers: { ...up.headers, 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify(v)),
        };
      }
      return up;
    }

    // 28. Macie ListMembers (asked of an administrator, scan --org --org-mode bulk|auto). AWS Macie API
    //    reference: invitedAt/updatedAt are RFC 3339 date-times (moto omits the time zone, which the SDK
    //    rejects: add Z, as fill 3 does); where Macie is not enabled for the caller, Macie answers every
    //    call 403 AccessDeniedException "Macie is not enabled." (moto lists the members anyway).
    if (r.service === 'macie2' && r.operation === 'ListMembers') {
      const session = await this.motoRest(r, 'macie2', 'GET', '/macie', {});
      if (session.status !== 200)
        return { error: { status: 403, code: 'AccessDeniedException', message: 'Macie is not enabled.' } };
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const v = JSON.parse(up.body.toString('utf8')) as { members?: Record<string, unknown>[] };
      for (const m of v.members ?? []) {
        for (const k of ['invitedAt', 'updatedAt']) {
          const t = m[k];
          if (typeof t === 'string' && !/(Z|[+-]\d\d:\d\d)$/.test(t)) m[k] = `${t}Z`;
        }
      }
      return {
        ...up,
        headers: { ...up.headers, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(v)),
      };
    }

    // 4. Inspector2 BatchGetAccountStatus. AWS Inspector API reference: accountIds is optional (default:
    //    the caller) and every requested account is reported; an account that never enabled Inspector
    //    has state DISABLED and every resourceState DISABLED. moto answers 500 without accountIds and
    //    omits accounts it never saw enabled.
    if (r.service === 'inspector2' && r.operation === 'BatchGetAccountStatus') {
      const input = JSON.parse(r.body.toString('utf8') || '{}') as { accountIds?: string[] };
      const ids = input.accountIds?.length ? input.accountIds : [r.account];
      if (ids.some((id) => id !== r.account)) return this.inspectorStatusForOthers(r, ids);
      const up = await this.forward(req, Buffer.from(JSON.stringify({ ...input, accountIds: ids })));
      if (up.status !== 200) return up;
      const v = JSON.parse(up.body.toString('utf8')) as {
        accounts?: { accountId: string }[];
        failedAccounts?: unknown[];
      };
      const accounts = v.accounts ?? [];
      for (const id of ids) {
        if (!accounts.some((a) => a.accountId === id)) accounts.push(inspectorDisabled(id));
      }
      return {
        ...up,
        headers: { ...up.headers, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ accounts, failedAccounts: v.failedAccounts ?? [] })),
      };
    }

    // 5. AppSync ListGraphqlApis. AWS AppSync API reference: GraphqlApi.wafWebAclArn is the web ACL
    //    associated with the API. moto never sets it: ask moto's wafv2 GetWebACLForResource (moto stores
    //    AssociateWebACL for any ARN) and fill it in.
    if (r.service === 'appsync' && r.operation === 'ListGraphqlApis') {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const v = JSON.parse(up.body.toString('utf8')) as {
        graphqlApis?: { arn: string; wafWebAclArn?: string }[];
      };
      for (const api of v.graphqlApis ?? []) {
        const w = await this.motoJson(r, 'wafv2', 'AWSWAF_20190729.GetWebACLForResource', {
          ResourceArn: api.arn,
        });
        if (w.status === 200) {
          const acl = (JSON.parse(w.body.toString('utf8')) as { WebACL?: { ARN?: string } }).WebACL;
          if (acl?.ARN) api.wafWebAclArn = acl.ARN;
        }
      }
      return { ...up, body: Buffer.from(JSON.stringify(v)) };
    }

    // 6. ELBv2 DescribeLoadBalancers. AWS ELB API reference: Scheme defaults to internet-facing and is
    //    always reported; moto leaves it out when CreateLoadBalancer had no Scheme.
    if (r.service === 'elasticloadbalancing' && r.operation === 'DescribeLoadBalancers') {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const xml = up.body
        .toString('utf8')
        .replace(/<LoadBalancerArn>[\s\S]*?(?=<LoadBalancerArn>|<\/LoadBalancers>)/g, (lb) =>
          /<Scheme>[^<]+<\/Scheme>/.test(lb)
            ? lb
            : lb
                .replace(/<Scheme\s*\/>|<Scheme><\/Scheme>/, '')
                .replace('</LoadBalancerName>', '</LoadBalancerName><Scheme>internet-facing</Scheme>'),
        );
      return { ...up, body: Buffer.from(xml) };
    }

    // 7. EC2 DescribeRegions. AWS EC2 API reference: only regions of the caller's partition; without
    //    AllRegions=true, regions not opted in are left out; OptInStatus per region. moto lists every
    //    partition's regions and ignores AllRegions. Scenario `notOptedInRegions` marks regions not opted in.
    if (r.service === 'ec2' && r.operation === 'DescribeRegions') {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const all = r.form?.get('AllRegions') === 'true';
      const partitionOf = (name: string) =>
        name.startsWith('cn-') ? 'cn' : name.startsWith('us-gov-') ? 'gov' : 'aws';
      const mine = partitionOf(r.region);
      const notOpted = new Set(acct.notOptedInRegions ?? []);
      const xml = up.body.toString('utf8').replace(/<item>([\s\S]*?)<\/item>/g, (item, inner: string) => {
        const name = /<regionName>([^<]+)<\/regionName>/.exec(inner)?.[1] ?? '';
        if (partitionOf(name) !== mine) return '';
        let status = /<optInStatus>([^<]+)<\/optInStatus>/.exec(inner)?.[1] ?? 'opt-in-not-required';
        if (notOpted.has(name)) status = 'not-opted-in';
        if (!all && status === 'not-opted-in') return '';
        return item.replace(/<optInStatus>[^<]*<\/optInStatus>/, `<optInStatus>${status}</optInStatus>`);
      });
      return { ...up, body: Buffer.from(xml) };
    }

    // 8. Organizations ListDelegatedAdministrators for Amazon Inspector. AWS Organizations API reference:
    //    lists the accounts registered as delegated administrator for the ServicePrincipal (Account fields
    //    plus DelegationEnabledDate); Amazon Inspector registers its administrator under
    //    `inspector2.amazonaws.com` when the management account calls inspector2 EnableDelegatedAdminAccount
    //    (Inspector user guide, "Designating a delegated administrator"). moto's Organizations knows six
    //    service principals and answers InvalidInputException for this one. Answered from what moto's
    //    inspector2 recorded for the caller (ListDelegatedAdminAccounts, status ENABLED, in the region the
    //    call was signed for), with each account described by moto's Organizations.
    if (r.service === 'organizations' && r.operation === 'ListDelegatedAdministrators') {
      const input = JSON.parse(r.body.toString('utf8') || '{}') as { ServicePrincipal?: string };
      if (input.ServicePrincipal !== 'inspector2.amazonaws.com') return null;
      const listed = await this.motoRest(r, 'inspector2', 'POST', '/delegatedadminaccounts/list', {});
      if (listed.status !== 200) return listed;
      const admins =
        (
          JSON.parse(listed.body.toString('utf8')) as {
            delegatedAdminAccounts?: { accountId: string; status: string }[];
          }
        ).delegatedAdminAccounts ?? [];
      const out: Record<string, unknown>[] = [];
      for (const a of admins.filter((x) => x.status === 'ENABLED')) {
        const d = await this.motoJson(r, 'organizations', 'AWSOrganizationsV20161128.DescribeAccount', {
          AccountId: a.accountId,
        });
        const account =
          d.status === 200
            ? (JSON.parse(d.body.toString('utf8')) as { Account?: Record<string, unknown> }).Account
            : undefined;
        out.push({ ...(account ?? { Id: a.accountId }), DelegationEnabledDate: 1704067200 });
      }
      return json({ DelegatedAdministrators: out });
    }

    // 9. CloudFront ListDistributions. AWS CloudFront API reference, DistributionSummary: WebACLId is
    //    "Required: Yes" (empty text when no web ACL is associated). moto leaves it out of every summary
    //    (it keeps it in the distribution's configuration): read it from moto's GetDistributionConfig.
    if (r.service === 'cloudfront' && r.operation === 'ListDistributions') {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      let xml = up.body.toString('utf8');
      const summaries = xml.match(/<DistributionSummary>[\s\S]*?<\/DistributionSummary>/g) ?? [];
      for (const summary of summaries) {
        if (/<WebACLId[\s>/]/.test(summary)) continue;
        const id = /<Id>([^<]+)<\/Id>/.exec(summary)?.[1];
        if (!id) continue;
        const cfg = await this.forward(
          { method: 'GET', url: `/2020-05-31/distribution/${id}/config`, headers: req.headers },
          Buffer.alloc(0),
        );
        const acl =
          cfg.status === 200
            ? (/<WebACLId>([^<]*)<\/WebACLId>/.exec(cfg.body.toString('utf8'))?.[1] ?? '')
            : '';
        xml = xml.replace(
          summary,
          summary.replace('</DistributionSummary>', `<WebACLId>${acl}</WebACLId></DistributionSummary>`),
        );
      }
      return { ...up, body: Buffer.from(xml) };
    }

    // 10. GuardDuty GetAdministratorAccount. AWS GuardDuty API reference: a member account gets
    //     `{"administrator": {"accountId", "invitationId", "relationshipStatus", "invitedAt"}}` (status
    //     Enabled, Removed, Resigned, Disabled, Invited, …), any other account `{}`. moto 5.2.1 answers with
    //     keys in the wrong case ("Administrator", "AccountId", "RelationshipStatus": "ENABLED"; the SDK
    //     parses an empty result) and names the organization's GuardDuty administrators recorded in the
    //     caller's own account rather than the caller's administrator. moto still checks the detector (an
    //     unknown detector keeps moto's error); the answer comes from scenario `guardDutyAdministrator`.
    if (r.service === 'guardduty' && r.operation === 'GetAdministratorAccount') {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const admin = acct.guardDutyAdministrator;
      return json(
        admin
          ? {
              administrator: {
                accountId: admin.accountId,
                invitationId: `inv-${r.account}`,
                relationshipStatus: admin.relationshipStatus,
                invitedAt: '2024-01-01T00:00:00.000Z',
              },
            }
          : {},
      );
    }

    // 11. Inspector2 ListCoverage (not implemented by moto 5.2.1). AWS Inspector API reference: lists the
    //     resources Inspector covers (coveredResources: resourceType, resourceId, accountId, scanType,
    //     scanStatus {statusCode ACTIVE|INACTIVE, reason}), narrowed by filterCriteria (accountId and
    //     scanStatusCode, EQUALS / NOT_EQUALS, are the ones watchpost sends). Answered from scenario
    //     `inspectorCoverage` for the region of the call, filtered as asked; none listed by default.
    if (r.service === 'inspector2' && r.operation === 'ListCoverage') {
      type Filter = { comparison?: string; value?: string }[] | undefined;
      const input = JSON.parse(r.body.toString('utf8') || '{}') as {
        filterCriteria?: { accountId?: Filter; scanStatusCode?: Filter };
      };
      const keep = (f: Filter, v: string) =>
        (f ?? []).every((c) => (c.comparison === 'NOT_EQUALS' ? c.value !== v : c.value === v));
      const covered = (acct.inspectorCoverage?.[r.region] ?? [])
        .map((c) => ({
          accountId: r.account,
          resourceId: c.resourceId,
          resourceType: c.resourceType,
          scanType: c.scanType ?? 'PACKAGE',
          scanStatus: { statusCode: c.statusCode, reason: c.reason },
        }))
        .filter(
          (c) =>
            keep(input.filterCriteria?.accountId, c.accountId) &&
            keep(input.filterCriteria?.scanStatusCode, c.scanStatus.statusCode),
        );
      return json({ coveredResources: covered });
    }

    // 12. Inspector2 GetConfiguration (not implemented by moto 5.2.1). AWS Inspector API reference:
    //     ec2Configuration.scanModeState {scanMode EC2_SSM_AGENT_BASED | EC2_HYBRID, scanModeStatus} and
    //     ecrConfiguration. Answered from scenario `inspectorEc2ScanMode` for the region of the call
    //     (test default EC2_SSM_AGENT_BASED, the agent-based mode), status SUCCESS.
    if (r.service === 'inspector2' && r.operation === 'GetConfiguration') {
      const scanMode = acct.inspectorEc2ScanMode?.[r.region] ?? 'EC2_SSM_AGENT_BASED';
      return json({
        ec2Configuration: { scanModeState: { scanMode, scanModeStatus: 'SUCCESS' } },
        ecrConfiguration: {
          rescanDurationState: {
            rescanDuration: 'DAYS_30',
            status: 'SUCCESS',
            pullDateRescanDuration: 'DAYS_90',
          },
        },
      });
    }

    // 10. Trusted Advisor API (the whole `trustedadvisor` service is missing from moto). Trusted Advisor API
    //     guide: without a Business, Enterprise On-Ramp or Enterprise plan every call answers 403
    //     AccessDeniedException "Access denied due to support level". ListRecommendations answers
    //     `recommendationSummaries` (RecommendationSummary: id, arn, name, status ok|warning|error, pillars,
    //     source, resourcesAggregates). Served from the same data as the Support API fill: moto's static
    //     check list (DescribeTrustedAdvisorChecks, read from moto) and the scenario's status per check id;
    //     checks whose status is not_available are left out (the Trusted Advisor API has no such status).
    if (r.service === 'trustedadvisor') {
      const plan = acct.supportPlan ?? 'business';
      if (plan === 'basic' || plan === 'developer') {
        return {
          error: {
            status: 403,
            code: 'AccessDeniedException',
            message: 'Access denied due to support level',
          },
        };
      }
      if (r.operation !== 'ListRecommendations') return null;
      const up = await this.motoJson(
        { ...r, region: 'us-east-1' },
        'support',
        'AWSSupport_20130415.DescribeTrustedAdvisorChecks',
        { language: 'en' },
      );
      // Under moto's IAM enforcement the caller may not read moto's check list: the Trusted Advisor API
      // call is then refused as AWS refuses an IAM-denied call.
      if (up.status !== 200) {
        return {
          error: {
            status: 403,
            code: 'AccessDeniedException',
            message: 'User is not authorized to perform: trustedadvisor:ListRecommendations',
          },
        };
      }
      const all =
        (
          JSON.parse(up.body.toString('utf8')) as {
            checks?: { id: string; name: string; category: string }[];
          }
        ).checks ?? [];
      const pillar = r.url.searchParams.get('pillar');
      const pillarOf = (category: string) => (category === 'fault_tolerance' ? 'fault_tolerance' : category);
      const recommendationSummaries = all
        .filter((c) => !pillar || pillarOf(c.category) === pillar)
        .map((c) => {
          const sc = acct.trustedAdvisor?.[c.id] ?? 'ok';
          const status = typeof sc === 'string' ? sc : sc.status;
          const flagged =
            typeof sc === 'string' ? (status === 'warning' || status === 'error' ? 1 : 0) : (sc.flagged ?? 0);
          return { id: c.id, status, flagged, c };
        })
        .filter((x) => x.status !== 'not_available')
        .map(({ id, status, flagged, c }) => ({
          id: `rec-${id}`,
          arn: `arn:aws:trustedadvisor::${r.account}:recommendation/rec-${id}`,
          checkArn: `arn:aws:trustedadvisor:::check/${id}`,
          name: c.name,
          type: 'standard',
          status,
          pillars: [pillarOf(c.category)],
          source: 'ta_check',
          resourcesAggregates: {
            okCount: 10 - flagged,
            warningCount: status === 'warning' ? flagged : 0,
            errorCount: status === 'error' ? flagged : 0,
          },
        }));
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify({ recommendationSummaries })),
      };
    }

    // 11. Shield DescribeSubscription (moto's StartTime "27/11/2026, 05:18:56" is unreadable by the SDK) and
    //     DescribeEmergencyContactSettings (not implemented by moto). AWS Shield API reference:
    //     DescribeSubscription answers `Subscription` (AutoRenew ENABLED|DISABLED, ProactiveEngagementStatus
    //     ENABLED|DISABLED|PENDING, StartTime, TimeCommitmentInSeconds, SubscriptionLimits); without a
    //     subscription, ResourceNotFoundException. DescribeEmergencyContactSettings answers
    //     EmergencyContactList. From scenario data.
    if (
      r.service === 'shield' &&
      (r.operation === 'DescribeSubscription' || r.operation === 'DescribeEmergencyContactSettings')
    ) {
      if ((acct.shield ?? 'INACTIVE') !== 'ACTIVE') {
        return {
          error: {
            status: 400,
            code: 'ResourceNotFoundException',
            message: 'The subscription does not exist.',
          },
        };
      }
      const adv = acct.shieldAdvanced ?? {};
      if (r.operation === 'DescribeEmergencyContactSettings') {
        return json({
          EmergencyContactList: (adv.emergencyContacts ?? ['soc@example.com']).map((EmailAddress) => ({
            EmailAddress,
          })),
        });
      }
      return json({
        Subscription: {
          StartTime: 1_764_000_000,
          TimeCommitmentInSeconds: 31_536_000,
          AutoRenew: adv.autoRenew ?? 'ENABLED',
          ProactiveEngagementStatus: adv.proactiveEngagement ?? 'ENABLED',
          SubscriptionLimits: {
            ProtectionLimits: { ProtectedResourceTypeLimits: [] },
            ProtectionGroupLimits: {
              MaxProtectionGroups: 1000,
              PatternTypeLimits: { ArbitraryPatternLimits: { MaxMembers: 10000 } },
            },
          },
        },
      });
    }

    // 13. Shield DescribeProtection. AWS Shield API reference: Protection.ApplicationLayerAutomaticResponseConfiguration
    //     (Status ENABLED|DISABLED, Action) is what EnableApplicationLayerAutomaticResponse and
    //     DisableApplicationLayerAutomaticResponse set on a CloudFront or ALB protection; moto implements
    //     neither and never reports it. When the scenario says what they set (shieldAdvanced.appLayer), it is
    //     added to moto's answer for CloudFront and ALB protections; otherwise moto's answer is unchanged.
    if (r.service === 'shield' && r.operation === 'DescribeProtection' && acct.shieldAdvanced?.appLayer) {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const v = JSON.parse(up.body.toString('utf8')) as {
        Protection?: { ResourceArn?: string } & Record<string, unknown>;
      };
      const arn = v.Protection?.ResourceArn ?? '';
      if (v.Protection && (arn.includes(':cloudfront::') || arn.includes(':loadbalancer/app/'))) {
        v.Protection.ApplicationLayerAutomaticResponseConfiguration = {
          Status: acct.shieldAdvanced.appLayer,
          Action: { Block: {} },
        };
      }
      return { ...up, body: Buffer.from(JSON.stringify(v)) };
    }

    // 12. Global Accelerator ListAccelerators (the service is missing from moto). AWS Global Accelerator
    //     API reference: answers `Accelerators` (AcceleratorArn, Name, …), empty when there is none; the API
    //     is served from us-west-2. From scenario data (default none).
    if (r.service === 'globalaccelerator' && r.operation === 'ListAccelerators') {
      const list = acct.shieldAdvanced?.accelerators ?? [];
      return json({
        Accelerators: list.map((a) => ({
          AcceleratorArn: a.arn,
          Name: a.name,
          Enabled: true,
          Status: 'DEPLOYED',
        })),
      });
    }

    // 17. Macie GetAutomatedDiscoveryConfiguration and ListClassificationJobs (not implemented by moto).
    //    AWS Macie API reference: the first answers `status` ENABLED or DISABLED (with the classification
    //    scope and sensitivity template ids, and when it was last changed); the second `items`, one
    //    JobSummary per job (jobId, name, jobStatus, jobType, createdAt, bucketCriteria…), empty when the
    //    account has none. Where Macie is not enabled every Macie call answers 403 AccessDeniedException
    //    "Macie is not enabled." (as fill 3). From scenario data (`macie` per region): discovery ENABLED by
    //    default (AWS enables it for accounts that enable Macie since June 2023), no job.
    if (
      r.service === 'macie2' &&
      (r.operation === 'GetAutomatedDiscoveryConfiguration' || r.operation === 'ListClassificationJobs')
    ) {
      const session = await this.motoRest(r, 'macie2', 'GET', '/macie', {});
      if (session.status !== 200) {
        return { error: { status: 403, code: 'AccessDeniedException', message: 'Macie is not enabled.' } };
      }
      const spec = acct.macie?.[r.region] ?? {};
      const rest = (value: unknown): Upstream => ({
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify(value)),
      });
      if (r.operation === 'GetAutomatedDiscoveryConfiguration') {
        return rest({
          status: spec.automatedDiscovery ?? 'ENABLED',
          autoEnableOrganizationMembers: 'NONE',
          lastUpdatedAt: '2024-01-01T00:00:00Z',
        });
      }
      return rest({
        items: (spec.jobs ?? []).map((j, i) => ({
          jobId: `job${i}${r.region.replace(/-/g, '')}`,
          name: j.name,
          jobStatus: j.jobStatus,
          jobType: j.jobType ?? 'SCHEDULED',
          createdAt: '2024-01-01T00:00:00Z',
        })),
      });
    }

    // 26. Usage totals (not implemented by moto 5.2.1). AWS API references: GuardDuty GetUsageStatistics
    //    (SUM_BY_ACCOUNT) answers UsageStatistics.SumByAccount, one {AccountId, Total {Amount (a decimal
    //    string), Unit "USD"}} per account; Inspector ListUsageTotals answers `totals`, one {accountId,
    //    usage [{type, total, estimatedMonthlyCost, currency}]} per account; Macie GetUsageTotals answers
    //    `usageTotals` [{type, estimatedCost (a decimal string), currency}] and the timeRange. From scenario
    //    data (`usage` per region); nothing reported without it.
    if (
      (r.service === 'guardduty' && r.operation === 'GetUsageStatistics') ||
      (r.service === 'inspector2' && r.operation === 'ListUsageTotals') ||
      (r.service === 'macie2' && r.operation === 'GetUsageTotals')
    ) {
      const spec = acct.usage?.[r.region] ?? {};
      const rest = (value: unknown): Upstream => ({
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify(value)),
      });
      if (r.service === 'guardduty') {
        return rest({
          usageStatistics: {
            sumByAccount:
              spec.guardduty === undefined
                ? []
                : [{ accountId: r.account, total: { amount: spec.guardduty.toFixed(2), unit: 'USD' } }],
          },
        });
      }
      if (r.service === 'inspector2') {
        return rest({
          totals:
            spec.inspector === undefined
              ? []
              : [
                  {
                    accountId: r.account,
                    usage: [
                      {
                        type: 'EC2_INSTANCE_HOURS',
                        total: 720,
                        estimatedMonthlyCost: spec.inspector,
                        currency: 'USD',
                      },
                    ],
                  },
                ],
        });
      }
      return rest({
        usageTotals:
          spec.macie === undefined
            ? []
            : [{ type: 'DATA_INVENTORY_EVALUATION', estimatedCost: spec.macie.toFixed(2), currency: 'USD' }],
        timeRange: 'PAST_30_DAYS',
      });
    }

    // 19. CloudTrail Lake ListEventDataStores / GetEventDataStore (not implemented by moto). AWS CloudTrail
    //    API reference: ListEventDataStores answers `EventDataStores` (ARN and Name of each store in the
    //    account and region; empty when none), GetEventDataStore the store's Status, AdvancedEventSelectors,
    //    MultiRegionEnabled, OrganizationEnabled…, or 400 EventDataStoreNotFoundException. From scenario data
    //    (`eventDataStores` per home region), none by default.
    if (
      r.service === 'cloudtrail' &&
      (r.operation === 'ListEventDataStores' || r.operation === 'GetEventDataStore')
    ) {
      const specs = acct.eventDataStores?.[r.region] ?? [];
      const arnOf = (e: EventDataStoreSpec) =>
        `arn:aws:cloudtrail:${r.region}:${r.account}:eventdatastore/${e.name}`;
      if (r.operation === 'ListEventDataStores') {
        return json({ EventDataStores: specs.map((e) => ({ EventDataStoreArn: arnOf(e), Name: e.name })) });
      }
      const asked = (JSON.parse(r.body.toString('utf8') || '{}') as { EventDataStore?: string })
        .EventDataStore;
      const e = specs.find((x) => arnOf(x) === asked || x.name === asked);
      if (!e) {
        return {
          error: {
            status: 400,
            code: 'EventDataStoreNotFoundException',
            message: `The specified event data store ${asked ?? ''} was not found.`,
          },
        };
      }
      return json({
        EventDataStoreArn: arnOf(e),
        Name: e.name,
        Status: e.status ?? 'ENABLED',
        AdvancedEventSelectors: e.advanced ?? [
          {
            Name: 'Default management events',
            FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
          },
        ],
        MultiRegionEnabled: e.multiRegion ?? true,
        OrganizationEnabled: e.organization ?? false,
        RetentionPeriod: 2557,
        TerminationProtectionEnabled: true,
      });
    }

    // 20. S3 GetBucketPolicyStatus (not implemented by moto). AWS S3 API reference: answers
    //    <PolicyStatus><IsPublic>true|false</IsPublic></PolicyStatus>; a bucket without a policy answers
    //    404 NoSuchBucketPolicy, a missing bucket 404 NoSuchBucket. Read from moto's own GetBucketPolicy;
    //    IsPublic approximates AWS's rule ("Understanding how Amazon S3 evaluates public access"): an Allow
    //    statement whose principal is "*" (or {"AWS": "*"}) and which has no Condition.
    if (r.service === 's3' && r.operation === 'GetBucketPolicyStatus') {
      const bucket = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter((x) => x !== '')[0] ?? '';
      const auth = `AWS4-HMAC-SHA256 Credential=${r.accessKey || 'AKIAEMULATOR'}/20240101/${r.region}/s3/aws4_request, SignedHeaders=host, Signature=0`;
      const up = await this.forward(
        {
          method: 'GET',
          url: `/${encodeURIComponent(bucket)}?policy`,
          headers: { authorization: auth, 'x-moto-account-id': r.account },
        },
        Buffer.alloc(0),
      );
      if (up.status !== 200) return up; // NoSuchBucket, NoSuchBucketPolicy: moto's answers, as AWS's
      const doc = JSON.parse(up.body.toString('utf8')) as {
        Statement?: { Effect?: string; Principal?: unknown; Condition?: unknown }[];
      };
      const anyone = (p: unknown): boolean =>
        p === '*' ||
        (typeof p === 'object' && p !== null && [(p as { AWS?: unknown }).AWS].flat().some((x) => x === '*'));
      const isPublic = (doc.Statement ?? []).some(
        (st) => st.Effect === 'Allow' && anyone(st.Principal) && st.Condition === undefined,
      );
      return {
        status: 200,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() },
        body: Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?>\n<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>${isPublic ? 'true' : 'false'}</IsPublic></PolicyStatus>`,
        ),
      };
    }

    // 23. App Runner (the service is missing from moto). AWS App Runner API reference: ListServices answers
    //     ServiceSummaryList (ServiceName, ServiceId, ServiceArn, ServiceUrl, CreatedAt, UpdatedAt, Status),
    //     empty when there is none; DescribeService answers Service with its NetworkConfiguration
    //     (IngressConfiguration.IsPubliclyAccessible) and ResourceNotFoundException for an unknown ARN.
    //     From scenario data `appRunnerServices` (default none).
    if (r.service === 'apprunner' && (r.operation === 'ListServices' || r.operation === 'DescribeService')) {
      const services = (acct.appRunnerServices?.[r.region] ?? []).map((svc) => {
        const arn = appRunnerServiceArn(r.account, r.region, svc.name);
        return {
          ServiceName: svc.name,
          ServiceId: arn.slice(arn.lastIndexOf('/') + 1),
          ServiceArn: arn,
          ServiceUrl: `${svc.name}.${r.region}.awsapprunner.com`,
          CreatedAt: 1704067200,
          UpdatedAt: 1704067200,
          Status: 'RUNNING',
          public: svc.public,
        };
      });
      const json10 = (value: unknown): Upstream => ({
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify(value)),
      });
      if (r.operation === 'ListServices') {
        return json10({ ServiceSummaryList: services.map(({ public: _, ...summary }) => summary) });
      }
      const input = JSON.parse(r.body.toString('utf8') || '{}') as { ServiceArn?: string };
      const found = services.find((x) => x.ServiceArn === input.ServiceArn);
      if (!found) {
        return {
          error: { status: 400, code: 'ResourceNotFoundException', message: 'Service not found.' },
        };
      }
      const { public: isPublic, ...summary } = found;
      return json10({
        Service: {
          ...summary,
          SourceConfiguration: {},
          InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
          AutoScalingConfigurationSummary: {},
          NetworkConfiguration: {
            EgressConfiguration: { EgressType: 'DEFAULT' },
            IngressConfiguration: { IsPubliclyAccessible: isPublic },
            IpAddressType: 'IPV4',
          },
        },
      });
    }

    // 24. Amplify ListApps (the service is missing from moto). AWS Amplify API reference: `apps`, one App
    //     each (appId, appArn, name, platform, createTime, updateTime, …; wafConfiguration with the web ACL
    //     the app's firewall uses, when one is associated), empty when there is none. From scenario data
    //     `amplifyApps` (default none).
    if (r.service === 'amplify' && r.operation === 'ListApps') {
      const apps = (acct.amplifyApps?.[r.region] ?? []).map((a) => ({
        appId: a.appId,
        appArn: `arn:aws:amplify:${r.region}:${r.account}:apps/${a.appId}`,
        name: a.name,
        platform: 'WEB',
        createTime: 1704067200,
        updateTime: 1704067200,
        defaultDomain: `${a.appId}.amplifyapp.com`,
        ...(a.webAclArn
          ? { wafConfiguration: { webAclArn: a.webAclArn, wafStatus: a.wafStatus ?? 'ASSOCIATION_SUCCESS' } }
          : {}),
      }));
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify({ apps })),
      };
    }

    // 25. EC2 DescribeVerifiedAccessInstances (not implemented by moto 5.2.1). AWS EC2 API reference:
    //     <verifiedAccessInstanceSet>, one item per instance (verifiedAccessInstanceId, description,
    //     creationTime, …), empty when there is none. From scenario data `verifiedAccessInstances`.
    if (r.service === 'ec2' && r.operation === 'DescribeVerifiedAccessInstances') {
      const items = (acct.verifiedAccessInstances?.[r.region] ?? [])
        .map(
          (i) =>
            `<item><verifiedAccessInstanceId>${xmlEscape(i.id)}</verifiedAccessInstanceId><description>${xmlEscape(i.description)}</description><creationTime>2024-01-01T00:00:00Z</creationTime></item>`,
        )
        .join('');
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVerifiedAccessInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${randomUUID()}</requestId><verifiedAccessInstanceSet>${items}</verifiedAccessInstanceSet></DescribeVerifiedAccessInstancesResponse>`;
      return {
        status: 200,
        headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(xml),
      };
    }

    // 18. CloudTrail GetInsightSelectors. AWS CloudTrail API reference: a trail without Insights answers
    //    400 InsightNotEnabledException; moto answers 200 with only TrailARN.
    if (r.service === 'cloudtrail' && r.operation === 'GetInsightSelectors') {
      const up = await this.forward(req, r.body);
      if (up.status !== 200) return up;
      const v = JSON.parse(up.body.toString('utf8')) as { InsightSelectors?: unknown[] };
      if (!v.InsightSelectors || v.InsightSelectors.length === 0) {
        return {
          error: {
            status: 400,
            code: 'InsightNotEnabledException',
            message: 'Trail does not have Insights enabled.',
          },
        };
      }
      return up;
    }
    // 21. GuardDuty DescribeOrganizationConfiguration (not implemented by moto 5.2.1). AWS GuardDuty API
    //    reference: "Returns information about the account selected as the delegated administrator for
    //    GuardDuty": autoEnableOrganizationMembers (NEW | ALL | NONE), memberAccountLimitReached (required),
    //    features[] (name, autoEnable). Any other account is refused with 400 BadRequestException (the
    //    operation's documented client error; the message is ours, AWS does not document it). From scenario
    //    data `guardDutyOrganization` per region.
    if (r.service === 'guardduty' && r.operation === 'DescribeOrganizationConfiguration') {
      const spec = acct.guardDutyOrganization?.[r.region];
      if (!spec) {
        return {
          error: {
            status: 400,
            code: 'BadRequestException',
            message:
              'The request is rejected because the current account is not the delegated administrator.',
          },
        };
      }
      return json({
        autoEnable: (spec.autoEnableOrganizationMembers ?? 'NONE') !== 'NONE',
        autoEnableOrganizationMembers: spec.autoEnableOrganizationMembers ?? 'NONE',
        memberAccountLimitReached: false,
        features: (spec.features ?? []).map((f) => ({ name: f.name, autoEnable: f.autoEnable })),
      });
    }

    // 22. GuardDuty ListMalwareProtectionPlans and GetMalwareProtectionPlan (not implemented by moto
    //    5.2.1). AWS GuardDuty API reference: the list answers malwareProtectionPlans[] with each plan's
    //    malwareProtectionPlanId (empty when there is none); Get answers the plan: protectedResource.s3Bucket
    //    (bucketName, objectPrefixes), status (ACTIVE | WARNING | ERROR), role, actions, createdAt; an unknown
    //    id 404 ResourceNotFoundException. From scenario data `malwareProtectionPlans` per region.
    if (
      r.service === 'guardduty' &&
      (r.operation === 'ListMalwareProtectionPlans' || r.operation === 'GetMalwareProtectionPlan')
    ) {
      const plans = acct.malwareProtectionPlans?.[r.region] ?? [];
      if (r.operation === 'ListMalwareProtectionPlans') {
        return json({ malwareProtectionPlans: plans.map((p) => ({ malwareProtectionPlanId: p.id })) });
      }
      const id = decodeURIComponent(r.url.pathname.split('/').pop() ?? '');
      const plan = plans.find((p) => p.id === id);
      if (!plan) {
        return {
          error: { status: 404, code: 'ResourceNotFoundException', message: `No plan ${id}.` },
        };
      }
      return json({
        arn: `arn:aws:guardduty:${r.region}:${r.account}:malware-protection-plan/${plan.id}`,
        role: `arn:aws:iam::${r.account}:role/GuardDutyMalwareProtection`,
        protectedResource: { s3Bucket: { bucketName: plan.bucket, objectPrefixes: [] } },
        actions: { tagging: { status: 'ENABLED' } },
        createdAt: 1704067200, // GuardDuty timestamps are epoch seconds

        status: plan.status ?? 'ACTIVE',
        statusReasons: [],
        tags: {},
      });
    }
    return null;
  }
}

/** Starts moto and the proxy in front of it. One per test file; call `stop()` in `after`. */
export async function startAwsEmulator(): Promise<Emulator> {
  const moto = await startMoto();
  const emu = new AwsEmulator(moto);
  try {
    await emu.listen();
  } catch (err) {
    await moto.stop();
    throw err;
  }
  return emu;
}
