/**
 * Internet-facing resources AWS WAF can protect, and the web ACL on each: API Gateway REST API stages,
 * Application Load Balancers, CloudFront distributions, AppSync GraphQL APIs and Cognito user pools.
 *
 * GetWebACLForResource: the WAF API reference says the answer's WebACL is null when no web ACL is associated
 * ("If there is no associated resource, WAF returns a null web ACL"), and WAFNonexistentItemException is
 * "the resource doesn't exist". So no ACL is read from an empty WebACL only; WAFNonexistentItemException stays
 * an error (kind not-found), which checks report as unknown rather than as "unprotected".
 */
import type { GetWebACLForResourceCommandOutput } from '@aws-sdk/client-wafv2';
import type { z } from 'zod';
import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { Observed } from '../../evidence/observed.js';
import { all, unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type {
  DistributionSchema,
  GraphqlApiSchema,
  LoadBalancerSchema,
  RestApiSchema,
  UserPoolSchema,
  WafEvidence,
} from './schema.js';

type RestApi = z.infer<typeof RestApiSchema>;
type LoadBalancer = z.infer<typeof LoadBalancerSchema>;
type Distribution = z.infer<typeof DistributionSchema>;
type GraphqlApi = z.infer<typeof GraphqlApiSchema>;
type UserPool = z.infer<typeof UserPoolSchema>;
type WebAcl = Observed<{ webAclArn: string | null }>;

export function interpretWebAcl(res: Observed<Pick<GetWebACLForResourceCommandOutput, 'WebACL'>>): WebAcl {
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

export function userPoolArn(partition: string, region: string, accountId: string, poolId: string): string {
  return `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${poolId}`;
}

/** WAF can only sit in front of Application Load Balancers facing the internet. */
export function needsWebAclRead(lb: { Type?: string | undefined; Scheme?: string | undefined }): boolean {
  // AWS always reports Scheme; an answer without it is read anyway (a missing read would hide a gap).
  return lb.Type === 'application' && lb.Scheme !== 'internal';
}

async function webAclOf(session: AwsSession, region: string, arn: string): Promise<WebAcl> {
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

/** The parts of WAF's collector, each named by the API it lists (exported for tests). */
export const PARTS = {
  apigateway: { name: 'waf:apigateway', operations: [OPS.getRestApis, OPS.getStages] },
  elbv2: { name: 'waf:elbv2', operations: [OPS.describeLoadBalancers, OPS.getWebAclForResource] },
  cloudfront: { name: 'waf:cloudfront', operations: [OPS.listDistributions] },
  appsync: { name: 'waf:appsync', operations: [OPS.listGraphqlApis] },
  cognito: { name: 'waf:cognito', operations: [OPS.listUserPools, OPS.getWebAclForResource] },
} as const satisfies Record<string, CollectorPart>;

export const collect: Collector<WafEvidence> = async (kit) => {
  const { session, partition, accountId } = kit;
  const [restApis, loadBalancers, cloudFront, appSync, cognito] = await Promise.all([
    kit.regional(PARTS.apigateway, (r) => collectRestApis(session, partition, r)),
    kit.regional(PARTS.elbv2, (r) => collectLoadBalancers(session, r)),
    kit.global(PARTS.cloudfront, () => collectDistributions(session, partition)),
    kit.regional(PARTS.appsync, (r) => collectGraphqlApis(session, r)),
    kit.regional(PARTS.cognito, (r) => collectUserPools(session, partition, accountId, r)),
  ]);
  return { restApis, loadBalancers, cloudFront, appSync, cognito };
};
