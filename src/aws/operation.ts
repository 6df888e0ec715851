/**
 * What an AWS operation is to watchpost, and the one way to make one: `op()`. Each service declares the
 * operations it may call in its own folder (src/services/<service>/operations.ts; the scan's own reads in
 * core-operations.ts), each with the IAM action it needs and the rule its answers must meet (answers.ts).
 *
 * `op()` is the allow-list: every operation it makes is registered as it is made, and the gateway refuses
 * any other (an object that was not made here, and, through a client middleware, any command name that is
 * not registered for its client). `watchpost policy` lists the IAM actions of every registered operation.
 *
 * Read-only by construction: `op()` refuses, when the operation is defined, a command or IAM action whose
 * name is not a read (Describe*, Get*, List*, BatchGet*), unless it is on the commented exception list
 * below. A module that tried to define a write would fail as it loads, before any call is made.
 */
import { AmplifyClient } from '@aws-sdk/client-amplify';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { AppSyncClient } from '@aws-sdk/client-appsync';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GlobalAcceleratorClient } from '@aws-sdk/client-global-accelerator';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { ShieldClient } from '@aws-sdk/client-shield';
import { STSClient } from '@aws-sdk/client-sts';
import { SupportClient } from '@aws-sdk/client-support';
import { TrustedAdvisorClient } from '@aws-sdk/client-trustedadvisor';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import type { AnswerRule, Protocol } from './answers.js';

/** The SDK client classes the gateway may construct, by our client key. */
export const CLIENTS = {
  amplify: AmplifyClient,
  apigateway: APIGatewayClient,
  apprunner: AppRunnerClient,
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
  globalaccelerator: GlobalAcceleratorClient,
  route53: Route53Client,
  trustedadvisor: TrustedAdvisorClient,
  eks: EKSClient,
  ecs: ECSClient,
  rds: RDSClient,
} as const;
export type ClientKey = keyof typeof CLIENTS;
type ClientOf<K extends ClientKey> = InstanceType<(typeof CLIENTS)[K]>;

/** The wire protocol of each client (what a well-formed answer body looks like). */
export const PROTOCOLS: Readonly<Record<ClientKey, Protocol>> = {
  amplify: 'rest-json',
  apigateway: 'rest-json',
  apprunner: 'json',
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
  globalaccelerator: 'json',
  route53: 'rest-xml',
  trustedadvisor: 'rest-json',
  eks: 'rest-json',
  ecs: 'json',
  rds: 'query',
};

export interface Operation<I, O> {
  readonly client: ClientKey;
  /** The SDK command name, e.g. "ListDetectorsCommand" (what the client middleware sees). */
  readonly command: string;
  /** The API operation name, e.g. "ListDetectors". */
  readonly name: string;
  readonly iamAction: string;
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

/** Any operation, whatever its input and answer (for lists of operations: the allow-list, policy). */
export type AnyOperation = Operation<never, unknown>;

/** The input type of an SDK command class (`Input<typeof ListDetectorsCommand>`). */
export type Input<C extends abstract new (...args: never) => unknown> = NonNullable<
  ConstructorParameters<C>[0]
>;

// ------------------------------------------------------------------------------------------ read-only

/** AWS names its operations that change nothing with these verbs (commands and IAM actions alike). */
const READ_VERB = /^(Describe|Get|List|BatchGet)[A-Z]/;

/**
 * Operations whose name is not a read verb but which are allowed, each with the reason. Nothing else
 * that does not read by name can be defined.
 */
const NOT_READS_BY_NAME: ReadonlyMap<string, string> = new Map([
  // Only organization scans, only the role the user names: it yields the member account's credentials, with
  // which watchpost makes the same read calls there. It creates a session, nothing in the account.
  ['sts:AssumeRoleCommand', 'sts:AssumeRole'],
]);

/** API Gateway's IAM actions are HTTP verbs: GET is its read (GetRestApis and GetStages need it). */
const READ_ACTIONS_BY_VERB = new Set(['apigateway:GET']);

/** Why `command` / `iamAction` is not a read watchpost may define, or null when it is one. */
export function notReadProblem(client: ClientKey, command: string, iamAction: string): string | null {
  const exception = NOT_READS_BY_NAME.get(`${client}:${command}`);
  if (exception !== undefined) {
    return exception === iamAction
      ? null
      : `${client}:${command} is allowed only with IAM action ${exception}`;
  }
  const name = command.replace(/Command$/, '');
  if (!command.endsWith('Command') || !READ_VERB.test(name)) {
    return `${client}:${command} is not a read operation (Describe*, Get*, List*, BatchGet*)`;
  }
  const [, action = ''] = iamAction.split(':');
  if (!READ_VERB.test(action) && !READ_ACTIONS_BY_VERB.has(iamAction)) {
    return `IAM action ${iamAction} of ${client}:${command} is not a read action`;
  }
  return null;
}

// ------------------------------------------------------------------------------------------ registry

const REGISTERED = new Set<AnyOperation>();
const BY_COMMAND = new Map<string, AnyOperation>();

/**
 * Makes an operation and registers it in the allow-list. Its answer rule (answers.ts) names the fields
 * watchpost reads: `list`, `text`, `flag`, `num`, `record` are required; `optional(…)` may be absent and is
 * never relied on for a verdict by its absence; `absent(…)` may be absent because the AWS API reference says
 * what that means (cited at the rule). Pagination tokens are optional everywhere. "Model", in the comments at
 * the rules, is the service's published API model (the SDK types its required members as such). Lists the
 * model leaves optional are still required when a verdict rests on them and no AWS document says their
 * absence means "none" (moto answers each of them as an empty list): should AWS ever leave one out, the
 * result is an unknown, the safe side, never an empty account.
 * Throws, as the defining module loads, for a name
 * that is not a read (see NOT_READS_BY_NAME) and for a command defined twice.
 */
export function op<K extends ClientKey, I, O>(
  client: K,
  command: string,
  iamAction: string,
  send: (client: ClientOf<K>, input: I, signal: AbortSignal) => Promise<O>,
  answer: AnswerRule<NoInfer<O>>,
  options: { root?: string; lists?: readonly string[]; texts?: readonly string[] } = {},
): Operation<I, O> {
  const problem = notReadProblem(client, command, iamAction);
  if (problem) throw new Error(`watchpost refuses to define ${problem}`);
  const key = `${client}:${command}`;
  if (BY_COMMAND.has(key)) throw new Error(`watchpost: ${key} is defined twice`);
  const name = command.replace(/Command$/, '');
  const protocol = PROTOCOLS[client];
  const root = options.root ?? (protocol === 'query' || protocol === 'ec2' ? `${name}Response` : null);
  const operation: Operation<I, O> = {
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
  REGISTERED.add(operation);
  BY_COMMAND.set(key, operation);
  return operation;
}

/** True for an operation made by `op()` (the gateway calls nothing else). */
export function isRegistered(operation: AnyOperation): boolean {
  return REGISTERED.has(operation);
}

/** The registered operation of a client's SDK command (the client middleware looks answers' rules up by it). */
export function operationFor(client: ClientKey, command: string | undefined): AnyOperation | undefined {
  return command === undefined ? undefined : BY_COMMAND.get(`${client}:${command}`);
}

/** Every operation registered so far (the modules that define them must have been loaded). */
export function registeredOperations(): AnyOperation[] {
  return [...REGISTERED];
}
