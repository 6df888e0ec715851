/**
 * Internet-facing resources AWS WAF can protect, and the web ACL on each: API Gateway REST API stages,
 * Application Load Balancers, CloudFront distributions, AppSync GraphQL APIs, Cognito user pools, publicly
 * accessible App Runner services, Amplify apps and Verified Access instances.
 *
 * GetWebACLForResource: the WAF API reference says the answer's WebACL is null when no web ACL is associated
 * ("If there is no associated resource, WAF returns a null web ACL"), and WAFNonexistentItemException is
 * "the resource doesn't exist". So no ACL is read from an empty WebACL only; WAFNonexistentItemException stays
 * an error (kind not-found), which checks report as unknown rather than as "unprotected".
 */
import type {
  GetLoggingConfigurationCommandOutput,
  GetWebACLCommandOutput,
  GetWebACLForResourceCommandOutput,
} from '@aws-sdk/client-wafv2';
import type { z } from 'zod';
import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { AwsError, Observed } from '../../evidence/observed.js';
import { all, unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type {
  AmplifyAppSchema,
  AppRunnerServiceSchema,
  DistributionSchema,
  GraphqlApiSchema,
  LoadBalancerSchema,
  RestApiSchema,
  UserPoolSchema,
  VerifiedAccessInstanceSchema,
  WafEvidence,
} from './schema.js';
import { type WebAcl, type WebAclRef, type WebAclRule, webAclRefs } from './web-acl.js';

export { webAclRefs };

type RestApi = z.infer<typeof RestApiSchema>;
type LoadBalancer = z.infer<typeof LoadBalancerSchema>;
type Distribution = z.infer<typeof DistributionSchema>;
type GraphqlApi = z.infer<typeof GraphqlApiSchema>;
type UserPool = z.infer<typeof UserPoolSchema>;
type AppRunnerService = z.infer<typeof AppRunnerServiceSchema>;
type AmplifyApp = z.infer<typeof AmplifyAppSchema>;
type VerifiedAccessInstance = z.infer<typeof VerifiedAccessInstanceSchema>;
type WebAclAssociation = Observed<{ webAclArn: string | null }>;

export function interpretWebAcl(
  res: Observed<Pick<GetWebACLForResourceCommandOutput, 'WebACL'>>,
): WebAclAssociation {
  if (!res.ok) {
    if (res.error.code === 'WAFNonexistentItemException') {
      return { ok: false, error: { ...res.error, kind: 'not-found' } };
    }
    return res;
  }
  return { ok: true, value: { webAclArn: res.value.WebACL?.ARN || null } };
}

export function stageArn(partition: string, region: string, apiId: string, stage: string): string {
  return `arn:${partition}:apigateway:${region}::/restapis/${apiId}/stages/${stage}`;
}

export function verifiedAccessInstanceArn(
  partition: string,
  region: string,
  accountId: string,
  id: string,
): string {
  return `arn:${partition}:ec2:${region}:${accountId}:verified-access-instance/${id}`;
}

export function userPoolArn(partition: string, region: string, accountId: string, poolId: string): string {
  return `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${poolId}`;
}

/** WAF can only sit in front of Application Load Balancers facing the internet. */
export function needsWebAclRead(lb: { Type?: string | undefined; Scheme?: string | undefined }): boolean {
  // AWS always reports Scheme; an answer without it is read anyway (a missing read would hide a gap).
  return lb.Type === 'application' && lb.Scheme !== 'internal';
}

async function webAclOf(session: AwsSession, region: string, arn: string): Promise<WebAclAssociation> {
  return interpretWebAcl(await session.call(OPS.getWebAclForResource, region, { ResourceArn: arn }));
}

export async function collectRestApis(
  session: AwsSession,
  partition: string,
  region: string,
): Promise<Observed<{ apis: RestApi[] }>> {
  const list = await session.paginate(
    OPS.getRestApis,
    region,
    { limit: 500 },
    { inputToken: 'position', outputToken: (o) => o.position, items: (o) => o.items },
  );
  if (!list.ok) return list;
  const apis = await all(
    list.value.filter((a) => a.id),
    async (a): Promise<RestApi> => {
      const id = a.id as string;
      const stages = await session.call(OPS.getStages, region, { restApiId: id });
      return {
        id,
        name: a.name ?? '',
        endpointTypes: [...(a.endpointConfiguration?.types ?? [])],
        stages: !stages.ok
          ? stages
          : !Array.isArray(stages.value.item)
            ? { ok: false, error: unparseable(OPS.getStages.iamAction, 'GetStages answered without item') }
            : {
                ok: true,
                value: stages.value.item.flatMap((s) =>
                  s.stageName
                    ? [
                        {
                          stageName: s.stageName,
                          arn: stageArn(partition, region, id, s.stageName),
                          webAclArn: s.webAclArn || null,
                        },
                      ]
                    : [],
                ),
              },
      };
    },
  );
  return { ok: true, value: { apis } };
}

export async function collectLoadBalancers(
  session: AwsSession,
  region: string,
): Promise<Observed<{ loadBalancers: LoadBalancer[] }>> {
  const list = await session.paginate(
    OPS.describeLoadBalancers,
    region,
    {},
    { inputToken: 'Marker', outputToken: (o) => o.NextMarker, items: (o) => o.LoadBalancers },
  );
  if (!list.ok) return list;
  const loadBalancers = await all(
    list.value.filter((lb) => lb.LoadBalancerArn),
    async (lb): Promise<LoadBalancer> => {
      const arn = lb.LoadBalancerArn as string;
      return {
        arn,
        name: lb.LoadBalancerName ?? '',
        type: lb.Type ?? '',
        scheme: lb.Scheme ?? null,
        webAcl: needsWebAclRead(lb) ? await webAclOf(session, region, arn) : null,
      };
    },
  );
  return { ok: true, value: { loadBalancers } };
}

export async function collectDistributions(
  session: AwsSession,
  partition: string,
): Promise<Observed<{ distributions: Distribution[] }>> {
  const list = await session.paginate(
    OPS.listDistributions,
    globalRegion(partition),
    {},
    {
      inputToken: 'Marker',
      outputToken: (o) => (o.DistributionList?.IsTruncated ? o.DistributionList.NextMarker : undefined),
      // CloudFront leaves Items out when Quantity is 0 (the answer rule checks the two agree).
      items: (o) => (o.DistributionList?.Quantity === 0 ? [] : o.DistributionList?.Items),
    },
  );
  if (!list.ok) return list;
  const distributions = list.value
    .filter((d) => d.Id)
    .map(
      (d): Distribution => ({
        id: d.Id as string,
        arn: d.ARN ?? '',
        domainName: d.DomainName ?? '',
        aliases: [...(d.Aliases?.Items ?? [])],
        webAclId: d.WebACLId || null,
      }),
    );
  return { ok: true, value: { distributions } };
}

export async function collectGraphqlApis(
  session: AwsSession,
  region: string,
): Promise<Observed<{ apis: GraphqlApi[] }>> {
  const list = await session.paginate(
    OPS.listGraphqlApis,
    region,
    {},
    { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.graphqlApis },
  );
  if (!list.ok) return list;
  const apis = list.value
    .filter((a) => a.apiId)
    .map(
      (a): GraphqlApi => ({
        apiId: a.apiId as string,
        arn: a.arn ?? '',
        name: a.name ?? '',
        webAclArn: a.wafWebAclArn || null,
      }),
    );
  return { ok: true, value: { apis } };
}

export async function collectUserPools(
  session: AwsSession,
  partition: string,
  accountId: string,
  region: string,
): Promise<Observed<{ userPools: UserPool[] }>> {
  const list = await session.paginate(
    OPS.listUserPools,
    region,
    { MaxResults: 60 },
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.UserPools },
  );
  if (!list.ok) return list;
  const userPools = await all(
    list.value.filter((p) => p.Id),
    async (p): Promise<UserPool> => {
      const arn = userPoolArn(partition, region, accountId, p.Id as string);
      return { id: p.Id as string, arn, name: p.Name ?? '', webAcl: await webAclOf(session, region, arn) };
    },
  );
  return { ok: true, value: { userPools } };
}

/**
 * App Runner services: each one's ingress read (DescribeService, one call per service, only where services
 * exist), and the web ACL of those publicly accessible. A service App Runner lists as DELETED is gone.
 */
export async function collectAppRunnerServices(
  session: AwsSession,
  region: string,
): Promise<Observed<{ services: AppRunnerService[] }>> {
  const list = await session.paginate(
    OPS.listAppRunnerServices,
    region,
    { MaxResults: 20 },
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.ServiceSummaryList },
  );
  if (!list.ok) return list;
  const services = await all(
    list.value.filter((s) => s.ServiceArn && s.Status !== 'DELETED'),
    async (s): Promise<AppRunnerService> => {
      const arn = s.ServiceArn as string;
      const d = await session.call(OPS.describeAppRunnerService, region, { ServiceArn: arn });
      const access: AppRunnerService['access'] = d.ok
        ? {
            ok: true,
            value: {
              public:
                d.value.Service?.NetworkConfiguration?.IngressConfiguration?.IsPubliclyAccessible === true,
            },
          }
        : d;
      return {
        arn,
        name: s.ServiceName ?? '',
        access,
        webAcl: access.ok && access.value.public ? await webAclOf(session, region, arn) : null,
      };
    },
  );
  return { ok: true, value: { services } };
}

/** Amplify apps and the web ACL each one's firewall configuration names (no call per app). */
export async function collectAmplifyApps(
  session: AwsSession,
  region: string,
): Promise<Observed<{ apps: AmplifyApp[] }>> {
  const list = await session.paginate(
    OPS.listAmplifyApps,
    region,
    { maxResults: 100 },
    { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.apps },
  );
  if (!list.ok) return list;
  const apps = list.value
    .filter((a) => a.appId && a.appArn)
    .map(
      (a): AmplifyApp => ({
        appId: a.appId as string,
        arn: a.appArn as string,
        name: a.name ?? '',
        webAclArn: a.wafConfiguration?.webAclArn || null,
        wafStatus: a.wafConfiguration?.wafStatus ?? null,
      }),
    );
  return { ok: true, value: { apps } };
}

/** Verified Access instances and the web ACL of each (GetWebACLForResource, by the instance's ARN). */
export async function collectVerifiedAccessInstances(
  session: AwsSession,
  partition: string,
  accountId: string,
  region: string,
): Promise<Observed<{ instances: VerifiedAccessInstance[] }>> {
  const list = await session.paginate(
    OPS.describeVerifiedAccessInstances,
    region,
    { MaxResults: 200 },
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.VerifiedAccessInstances },
  );
  if (!list.ok) return list;
  const instances = await all(
    list.value.filter((i) => i.VerifiedAccessInstanceId),
    async (i): Promise<VerifiedAccessInstance> => {
      const id = i.VerifiedAccessInstanceId as string;
      const arn = verifiedAccessInstanceArn(partition, region, accountId, id);
      return { id, arn, name: i.Description || id, webAcl: await webAclOf(session, region, arn) };
    },
  );
  return { ok: true, value: { instances } };
}

/** The name of the one member of a WAF action (`{ Count: {} }` → Count) among `names`, or ''. */
function actionName(action: object | null | undefined, names: readonly string[]): string {
  if (!action) return '';
  const set = names.filter((n) => (action as Record<string, unknown>)[n] != null);
  return set.length === 1 ? set[0]! : '';
}

const RULE_ACTIONS = ['Block', 'Allow', 'Count', 'Captcha', 'Challenge'] as const;
const OVERRIDE_ACTIONS = ['None', 'Count'] as const;

type GroupStatements = {
  ManagedRuleGroupStatement?:
    | {
        VendorName?: string | undefined;
        Name?: string | undefined;
        RuleActionOverrides?: { Name?: string | undefined; ActionToUse?: object | undefined }[] | undefined;
        ExcludedRules?: { Name?: string | undefined }[] | undefined;
      }
    | undefined;
  RuleGroupReferenceStatement?:
    | {
        ARN?: string | undefined;
        RuleActionOverrides?: { Name?: string | undefined; ActionToUse?: object | undefined }[] | undefined;
        ExcludedRules?: { Name?: string | undefined }[] | undefined;
      }
    | undefined;
};

function ruleOf(
  name: string,
  statement: GroupStatements | undefined,
  action: object | undefined,
  overrideAction: object | undefined,
  firewallManager: 'pre' | 'post' | null,
): WebAclRule {
  const managed = statement?.ManagedRuleGroupStatement;
  const group = managed ?? statement?.RuleGroupReferenceStatement;
  const kind = managed ? 'managed' : group ? 'rule-group' : 'rule';
  return {
    name,
    kind,
    // A rule group's action is its OverrideAction; a rule's its Action. A rule given the other kind's
    // field is read as neither (empty: the check cannot tell).
    action: kind === 'rule' ? actionName(action, RULE_ACTIONS) : actionName(overrideAction, OVERRIDE_ACTIONS),
    managed: managed ? { vendor: managed.VendorName ?? '', name: managed.Name ?? '' } : null,
    ruleGroupArn: statement?.RuleGroupReferenceStatement?.ARN ?? null,
    ruleActionOverrides: (group?.RuleActionOverrides ?? []).map((o) => ({
      name: o.Name ?? '',
      action: actionName(o.ActionToUse, RULE_ACTIONS),
    })),
    excludedRules: (group?.ExcludedRules ?? []).map((x) => x.Name ?? ''),
    firewallManager,
  };
}

/** GetWebACL's answer → the web ACL's evidence (its rules in the order AWS evaluates them). */
export function interpretGetWebAcl(
  ref: WebAclRef,
  res: Observed<Pick<GetWebACLCommandOutput, 'WebACL'>>,
): Observed<WebAcl> {
  if (!res.ok) return res;
  const w = res.value.WebACL;
  const defaultAction = actionName(w?.DefaultAction, ['Allow', 'Block']);
  if (!w || !defaultAction) {
    return {
      ok: false,
      error: unparseable(
        OPS.getWebAcl.iamAction,
        'GetWebACL answered without a default action (Allow or Block)',
      ),
    };
  }
  const fms = (groups: typeof w.PreProcessFirewallManagerRuleGroups, when: 'pre' | 'post') =>
    (groups ?? []).map((g) =>
      ruleOf(g.Name ?? '', g.FirewallManagerStatement, undefined, g.OverrideAction, when),
    );
  return {
    ok: true,
    value: {
      arn: w.ARN ?? ref.arn,
      id: w.Id ?? ref.id,
      name: w.Name ?? ref.name,
      scope: ref.scope,
      defaultAction,
      rules: [
        ...fms(w.PreProcessFirewallManagerRuleGroups, 'pre'),
        ...(w.Rules ?? []).map((r) => ruleOf(r.Name ?? '', r.Statement, r.Action, r.OverrideAction, null)),
        ...fms(w.PostProcessFirewallManagerRuleGroups, 'post'),
      ],
    },
  };
}

/** Reads each web ACL once, in the region its ARN names; the evidence by region, then by ARN. */
export async function collectWebAcls(
  session: AwsSession,
  refs: readonly WebAclRef[],
): Promise<NonNullable<WafEvidence['webAcls']>> {
  const read = await all(refs, async (ref) => {
    const res = await session.call(OPS.getWebAcl, ref.region, {
      Name: ref.name,
      Id: ref.id,
      Scope: ref.scope,
    });
    return [ref, interpretGetWebAcl(ref, res)] as const;
  });
  return byRegion(read);
}

type Logging = { enabled: boolean; destinations: string[] };

/**
 * GetLoggingConfiguration's answer → the web ACL's logging. WAF API reference: WAFNonexistentItemException
 * is "the resource doesn't exist": asked of a web ACL an association just named, that is its logging
 * configuration, so logging is off (proof). Every other error stays an error.
 */
export function interpretLogging(
  res: Observed<Pick<GetLoggingConfigurationCommandOutput, 'LoggingConfiguration'>>,
): Observed<Logging> {
  if (!res.ok) {
    return res.error.code === 'WAFNonexistentItemException'
      ? { ok: true, value: { enabled: false, destinations: [] } }
      : res;
  }
  const destinations = [...(res.value.LoggingConfiguration?.LogDestinationConfigs ?? [])];
  return { ok: true, value: { enabled: true, destinations } };
}

/** Reads each web ACL's logging once, in the region of its ARN. */
export async function collectWebAclLogging(
  session: AwsSession,
  refs: readonly WebAclRef[],
): Promise<NonNullable<WafEvidence['webAclLogging']>> {
  const read = await all(refs, async (ref) => {
    const res = await session.call(OPS.getLoggingConfiguration, ref.region, { ResourceArn: ref.arn });
    return [ref, interpretLogging(res)] as const;
  });
  return byRegion(read);
}

function byRegion<T>(read: readonly (readonly [WebAclRef, T])[]): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const [ref, v] of read) {
    const region = out[ref.region] ?? {};
    region[ref.arn] = v;
    out[ref.region] = region;
  }
  return out;
}

/** The parts of WAF's collector, each named by the API it lists (exported for tests). */
export const PARTS = {
  apigateway: { name: 'waf:apigateway', operations: [OPS.getRestApis, OPS.getStages] },
  elbv2: { name: 'waf:elbv2', operations: [OPS.describeLoadBalancers, OPS.getWebAclForResource] },
  cloudfront: { name: 'waf:cloudfront', operations: [OPS.listDistributions] },
  appsync: { name: 'waf:appsync', operations: [OPS.listGraphqlApis] },
  cognito: { name: 'waf:cognito', operations: [OPS.listUserPools, OPS.getWebAclForResource] },
  apprunner: {
    name: 'waf:apprunner',
    operations: [OPS.listAppRunnerServices, OPS.describeAppRunnerService, OPS.getWebAclForResource],
  },
  amplify: { name: 'waf:amplify', operations: [OPS.listAmplifyApps] },
  verifiedAccess: {
    name: 'waf:verifiedaccess',
    operations: [OPS.describeVerifiedAccessInstances, OPS.getWebAclForResource],
  },
  webAcls: { name: 'waf:webacls', operations: [OPS.getWebAcl] },
  logging: { name: 'waf:logging', operations: [OPS.getLoggingConfiguration] },
} as const satisfies Record<string, CollectorPart>;

export const collect: Collector<WafEvidence> = async (kit) => {
  const { session, partition, accountId } = kit;
  const [restApis, loadBalancers, cloudFront, appSync, cognito, appRunner, amplify, verifiedAccess] =
    await Promise.all([
      kit.regional(PARTS.apigateway, (r) => collectRestApis(session, partition, r)),
      kit.regional(PARTS.elbv2, (r) => collectLoadBalancers(session, r)),
      kit.global(PARTS.cloudfront, () => collectDistributions(session, partition)),
      kit.regional(PARTS.appsync, (r) => collectGraphqlApis(session, r)),
      kit.regional(PARTS.cognito, (r) => collectUserPools(session, partition, accountId, r)),
      kit.regional(PARTS.apprunner, (r) => collectAppRunnerServices(session, r)),
      kit.regional(PARTS.amplify, (r) => collectAmplifyApps(session, r)),
      kit.regional(PARTS.verifiedAccess, (r) =>
        collectVerifiedAccessInstances(session, partition, accountId, r),
      ),
    ]);
  const listed = {
    restApis,
    loadBalancers,
    cloudFront,
    appSync,
    cognito,
    appRunner,
    amplify,
    verifiedAccess,
  };
  const refs = webAclRefs(listed);
  const failed = (error: AwsError) =>
    byRegion(refs.map((ref) => [ref, { ok: false, error } as const] as const));
  const [webAcls, webAclLogging] = await Promise.all([
    kit.account(PARTS.webAcls, () => collectWebAcls(session, refs), failed),
    kit.account(PARTS.logging, () => collectWebAclLogging(session, refs), failed),
  ]);
  return { ...listed, webAcls, webAclLogging };
};
