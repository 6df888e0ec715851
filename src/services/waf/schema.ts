/** AWS WAF's part of the evidence (AccountEvidence.waf): the resources it can protect, and their web ACLs. */
import * as z from 'zod';
import { nstr, observed, regional, str } from '../../evidence/observed.js';

const webAclAssociation = observed(z.object({ webAclArn: nstr }));
export const RestApiSchema = z.object({
  id: str,
  name: str,
  /** EDGE | REGIONAL | PRIVATE */
  endpointTypes: z.array(str),
  stages: observed(z.array(z.object({ stageName: str, arn: str, webAclArn: nstr }))),
});
export const LoadBalancerSchema = z.object({
  arn: str,
  name: str,
  type: str, // application | network | gateway
  scheme: nstr, // internet-facing | internal
  webAcl: webAclAssociation.nullable(), // read only for internet-facing ALBs
});
export const DistributionSchema = z.object({
  id: str,
  arn: str,
  domainName: str,
  aliases: z.array(str),
  webAclId: nstr,
});
export const GraphqlApiSchema = z.object({ apiId: str, arn: str, name: str, webAclArn: nstr });
export const UserPoolSchema = z.object({ id: str, arn: str, name: str, webAcl: webAclAssociation });
export const AppRunnerServiceSchema = z.object({
  arn: str,
  name: str,
  /** DescribeService's NetworkConfiguration.IngressConfiguration.IsPubliclyAccessible. */
  access: observed(z.object({ public: z.boolean() })),
  /** Read only for publicly accessible services (null otherwise, and where access was not read). */
  webAcl: webAclAssociation.nullable(),
});
export const AmplifyAppSchema = z.object({
  appId: str,
  arn: str,
  name: str,
  /** The app's wafConfiguration.webAclArn (a global, CloudFront-scope web ACL), null when none. */
  webAclArn: nstr,
  /** wafConfiguration.wafStatus (ASSOCIATING, ASSOCIATION_SUCCESS, …), null when AWS gave none. */
  wafStatus: nstr,
});
export const VerifiedAccessInstanceSchema = z.object({
  id: str,
  arn: str,
  name: str,
  webAcl: webAclAssociation,
});
/** One rule of a web ACL, as GetWebACL gives it (src/services/waf/web-acl.ts judges whether it can block). */
export const WebAclRuleSchema = z.object({
  name: str,
  /** rule: a rule of the web ACL's own; rule-group: a reference to a rule group; managed: a managed rule group. */
  kind: z.enum(['rule', 'rule-group', 'managed']),
  /**
   * A rule's Action (Block, Allow, Count, Captcha, Challenge); a rule group's OverrideAction (None: the
   * group's own actions apply; Count: every match only counted). Empty text when the answer gave neither.
   */
  action: str,
  /** A managed rule group's vendor and name (e.g. AWS, AWSManagedRulesCommonRuleSet). */
  managed: z.object({ vendor: str, name: str }).nullable(),
  /** A referenced rule group's ARN. */
  ruleGroupArn: nstr,
  /** A rule group's rules whose action is overridden (RuleActionOverrides): rule name and the action used. */
  ruleActionOverrides: z.array(z.object({ name: str, action: str })),
  /** A rule group's ExcludedRules (the older way of setting some of its rules to Count). */
  excludedRules: z.array(str),
  /** Set by AWS Firewall Manager: evaluated before (pre) or after (post) the web ACL's own rules. */
  firewallManager: z.enum(['pre', 'post']).nullable(),
});
export const WebAclSchema = z.object({
  arn: str,
  id: str,
  name: str,
  /** REGIONAL | CLOUDFRONT */
  scope: str,
  /** Allow | Block: what happens to a request no rule stopped. */
  defaultAction: str,
  rules: z.array(WebAclRuleSchema),
});
export const WafEvidenceSchema = z.object({
  restApis: regional(z.object({ apis: z.array(RestApiSchema) })),
  loadBalancers: regional(z.object({ loadBalancers: z.array(LoadBalancerSchema) })),
  cloudFront: observed(z.object({ distributions: z.array(DistributionSchema) })),
  appSync: regional(z.object({ apis: z.array(GraphqlApiSchema) })),
  cognito: regional(z.object({ userPools: z.array(UserPoolSchema) })),
  /** App Runner services (absent from scans before they were read: their checks are then unknown). */
  appRunner: regional(z.object({ services: z.array(AppRunnerServiceSchema) })).optional(),
  /** Amplify apps (absent from older scans). */
  amplify: regional(z.object({ apps: z.array(AmplifyAppSchema) })).optional(),
  /** Verified Access instances (absent from older scans). */
  verifiedAccess: regional(z.object({ instances: z.array(VerifiedAccessInstanceSchema) })).optional(),
  /**
   * Each distinct WAFv2 web ACL the resources above use, read once (GetWebACL), by the region it was read
   * in (CloudFront's, Scope CLOUDFRONT: us-east-1 for the aws partition), then by its ARN. Absent from
   * evidence of scans before it was read (checks then report unknown, not collected).
   */
  webAcls: z.record(str, z.record(str, observed(WebAclSchema))).optional(),
  /**
   * Each of those web ACLs' logging (GetLoggingConfiguration), keyed alike: where its logs go; `enabled`
   * false when AWS answered WAFNonexistentItemException (no logging configuration). Absent from older scans.
   */
  webAclLogging: z
    .record(str, z.record(str, observed(z.object({ enabled: z.boolean(), destinations: z.array(str) }))))
    .optional(),
});
export type WafEvidence = z.infer<typeof WafEvidenceSchema>;
