/**
 * AWS WAF's reads: the internet-facing resources it can protect (API Gateway, load balancers, CloudFront,
 * AppSync, Cognito, App Runner, Amplify, Verified Access) and the web ACL of each, each with the rule its
 * answers must meet.
 */
import { ListAppsCommand } from '@aws-sdk/client-amplify';
import { GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { DescribeServiceCommand, ListServicesCommand } from '@aws-sdk/client-apprunner';
import { ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeVerifiedAccessInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetLoggingConfigurationCommand,
  GetWebACLCommand,
  GetWebACLForResourceCommand,
} from '@aws-sdk/client-wafv2';
import { absent, flag, list, num, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

/** A rule group's statement in a web ACL (or in a Firewall Manager rule group of it). */
const ruleGroupStatements = {
  // WAF API reference, ManagedRuleGroupStatement: VendorName and Name "Required: Yes"; RuleActionOverrides
  // and ExcludedRules "Required: No" (absent: no rule of the group is overridden).
  ManagedRuleGroupStatement: optional(
    record({
      VendorName: text(),
      Name: text(),
      RuleActionOverrides: absent(list(record({ Name: text(), ActionToUse: record({}) }))),
      ExcludedRules: absent(list(record({ Name: text() }))),
    }),
  ),
  // RuleGroupReferenceStatement: ARN "Required: Yes"; the overrides as above.
  RuleGroupReferenceStatement: optional(
    record({
      ARN: text(),
      RuleActionOverrides: absent(list(record({ Name: text(), ActionToUse: record({}) }))),
      ExcludedRules: absent(list(record({ Name: text() }))),
    }),
  ),
};

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
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
  // WAF API reference, WebACL: Name, Id, ARN, DefaultAction, VisibilityConfig "Required: Yes"; Rules is
  // "Required: No" but AWS answers [] for a web ACL without rules: an answer without Rules is never read
  // as "no rules" (unparseable, so unknown). Each rule has its Name and Statement, and an Action (a rule of
  // its own) or an OverrideAction (a rule group); the collector reads which. Pre/PostProcessFirewallManager-
  // RuleGroups are only there when AWS Firewall Manager manages the web ACL.
  getWebAcl: op('wafv2', 'GetWebACLCommand', 'wafv2:GetWebACL', (c, i: Input<typeof GetWebACLCommand>, s) => c.send(new GetWebACLCommand(i), { abortSignal: s }),
    { fields: { WebACL: record({ ARN: text(), Id: text(), Name: text(),
      DefaultAction: record({ Allow: optional(record({})), Block: optional(record({})) }),
      Rules: list(record({ Name: text(), Action: optional(record({})), OverrideAction: optional(record({})), Statement: record(ruleGroupStatements) })),
      PreProcessFirewallManagerRuleGroups: absent(list(record({ Name: text(), OverrideAction: optional(record({})), FirewallManagerStatement: record(ruleGroupStatements) }))),
      PostProcessFirewallManagerRuleGroups: absent(list(record({ Name: text(), OverrideAction: optional(record({})), FirewallManagerStatement: record(ruleGroupStatements) }))),
    }) } }),
  // WAF API reference, GetLoggingConfiguration: LoggingConfiguration with ResourceArn and
  // LogDestinationConfigs "Required: Yes". A web ACL without logging answers WAFNonexistentItemException
  // (the collector reads that as "logging off": the web ACL itself was just named by an association).
  getLoggingConfiguration: op('wafv2', 'GetLoggingConfigurationCommand', 'wafv2:GetLoggingConfiguration', (c, i: Input<typeof GetLoggingConfigurationCommand>, s) => c.send(new GetLoggingConfigurationCommand(i), { abortSignal: s }),
    { fields: { LoggingConfiguration: record({ ResourceArn: text(), LogDestinationConfigs: list(text()) }) } }),
  // CloudFront API reference, DistributionList: Quantity, IsTruncated, Marker, MaxItems "Required: Yes";
  // Items "Required: No" (CloudFront leaves it out when Quantity is 0: that is how "none" is told from a
  // hollow answer). DistributionSummary: Id, ARN, DomainName, WebACLId "Required: Yes" (WebACLId is empty
  // text when no web ACL is associated).
  listDistributions: op('cloudfront', 'ListDistributionsCommand', 'cloudfront:ListDistributions', (c, i: Input<typeof ListDistributionsCommand>, s) => c.send(new ListDistributionsCommand(i), { abortSignal: s }),
    { fields: { DistributionList: record({
      Quantity: num(), IsTruncated: flag(), NextMarker: optional(text()),
      Items: optional(list(record({ Id: text(), ARN: text(), DomainName: text(), WebACLId: text(), Aliases: optional(record({ Items: optional(list(text())) })) }))),
    }) }, check: distributionsProblem }, { root: 'DistributionList', lists: ['Items'] }),
  // AppSync answers `graphqlApis` (empty when there is none); each API has its id and ARN (the ARN names
  // the resource in the results). AppSync API reference, GraphqlApi:
  // wafWebAclArn is "The ARN of the WAF access control list (ACL) associated with this GraphqlApi, if one
  // exists".
  listGraphqlApis: op('appsync', 'ListGraphqlApisCommand', 'appsync:ListGraphqlApis', (c, i: Input<typeof ListGraphqlApisCommand>, s) => c.send(new ListGraphqlApisCommand(i), { abortSignal: s }),
    { fields: { graphqlApis: list(record({ apiId: text(), arn: text(), name: optional(text()), wafWebAclArn: absent(text()) })), nextToken: optional(text()) } }),
  // Cognito answers `UserPools` (empty when there is none); each pool has its Id.
  listUserPools: op('cognito-idp', 'ListUserPoolsCommand', 'cognito-idp:ListUserPools', (c, i: Input<typeof ListUserPoolsCommand>, s) => c.send(new ListUserPoolsCommand(i), { abortSignal: s }),
    { fields: { UserPools: list(record({ Id: text(), Name: optional(text()) })), NextToken: optional(text()) } }),
  // App Runner API reference, ListServices: ServiceSummaryList "Required: Yes" (empty when there is none);
  // each summary's ServiceArn names the service (WAF is asked by it).
  listAppRunnerServices: op('apprunner', 'ListServicesCommand', 'apprunner:ListServices', (c, i: Input<typeof ListServicesCommand>, s) => c.send(new ListServicesCommand(i), { abortSignal: s }),
    { fields: { ServiceSummaryList: list(record({ ServiceArn: text(), ServiceName: optional(text()), ServiceId: optional(text()), Status: optional(text()) })), NextToken: optional(text()) } }),
  // DescribeService: Service and its NetworkConfiguration "Required: Yes". IngressConfiguration
  // .IsPubliclyAccessible decides whether the service faces the internet (WAF is only asked for those); the
  // reference gives its absence no meaning, so it is required (absent: unknown, never "private").
  describeAppRunnerService: op('apprunner', 'DescribeServiceCommand', 'apprunner:DescribeService', (c, i: Input<typeof DescribeServiceCommand>, s) => c.send(new DescribeServiceCommand(i), { abortSignal: s }),
    { fields: { Service: record({ ServiceArn: text(), NetworkConfiguration: record({ IngressConfiguration: record({ IsPubliclyAccessible: flag() }) }) }) } }),
  // Amplify API reference, ListApps: apps "Required: Yes" (empty when there is none); App: appId, appArn,
  // name "Required: Yes". App.wafConfiguration is the app's firewall (Amplify associates a global,
  // CloudFront-scope web ACL itself: WAF's GetWebACLForResource does not take Amplify ARNs); its webAclArn
  // is "the web ACL associated with an Amplify app": absent when none is.
  listAmplifyApps: op('amplify', 'ListAppsCommand', 'amplify:ListApps', (c, i: Input<typeof ListAppsCommand>, s) => c.send(new ListAppsCommand(i), { abortSignal: s }),
    { fields: { apps: list(record({ appId: text(), appArn: text(), name: text(), wafConfiguration: absent(record({ webAclArn: absent(text()), wafStatus: optional(text()) })) })), nextToken: optional(text()) } }),
  // EC2 answers <verifiedAccessInstanceSet> (empty when there is none); each instance has its id (the
  // ARN WAF is asked with is built from it: arn:<partition>:ec2:<region>:<account>:verified-access-instance/<id>).
  describeVerifiedAccessInstances: op('ec2', 'DescribeVerifiedAccessInstancesCommand', 'ec2:DescribeVerifiedAccessInstances', (c, i: Input<typeof DescribeVerifiedAccessInstancesCommand>, s) => c.send(new DescribeVerifiedAccessInstancesCommand(i), { abortSignal: s }),
    { fields: { VerifiedAccessInstances: list(record({ VerifiedAccessInstanceId: text(), Description: optional(text()) })), NextToken: optional(text()) } }, { lists: ['verifiedAccessInstanceSet'] }),
} as const;

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
