/**
 * What the AWS managed policies SecurityAudit and job-function/ViewOnlyAccess grant, for the services
 * watchpost reads, so that `watchpost policy` can say truthfully which of our actions each one covers.
 *
 * The patterns are copied from the published policy documents (default versions below, as stored by
 * zoph-io/IAMTrail `policies/SecurityAudit` and `policies/ViewOnlyAccess`), keeping only the entries whose
 * service prefix is one watchpost calls. Only Allow statements exist in both documents. When AWS publishes a
 * new version this data has to be refreshed by hand; the unit test pins what the current data concludes.
 */

export interface AllowStatement {
  /** IAM action patterns (case-insensitive, `*` and `?` wildcards). */
  readonly actions: readonly string[];
  /** Resource patterns (case-sensitive); omitted means `*`. */
  readonly resources?: readonly string[];
}

export interface ManagedPolicy {
  readonly name: string;
  readonly arn: string;
  /** Policy version and its creation date, as published. */
  readonly version: string;
  readonly statements: readonly AllowStatement[];
}

/**
 * Resources watchpost's calls touch, for actions whose managed-policy grants are resource-restricted.
 * API Gateway authorizes `apigateway:GET` on the path being read: GetRestApis reads `/restapis`, GetStages
 * reads `/restapis/{id}/stages`. Anything not listed is checked against resource `*`.
 */
export const ACTION_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  'apigateway:GET': [
    'arn:aws:apigateway:us-east-1::/restapis',
    'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages',
  ],
};

/** Actions AWS always allows to an authenticated caller (STS API reference, GetCallerIdentity). */
export const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['sts:GetCallerIdentity']);

/** Why an action is needed, when only some scans need it. */
export const ACTION_NOTES: Readonly<Record<string, string>> = {
  'sts:AssumeRole': 'only for organization scans (--org / --accounts-from)',
  'organizations:DescribeOrganization': 'only for organization scans',
  'organizations:ListAccounts': 'only for organization scans',
  'cloudwatch:GetMetricData': 'only for the cost estimate (request counts and S3 storage)',
  'guardduty:GetUsageStatistics': 'only for the cost estimate (what GuardDuty costs today)',
  'inspector2:ListUsageTotals': 'only for the cost estimate (what Inspector costs today)',
  'macie2:GetUsageTotals': 'only for the cost estimate (what Macie costs today)',
  'macie2:ListMembers':
    "only for organization scans that read members' Macie administrator from the administrator (--org-mode auto or bulk); refused, each member reads its own",
  'trustedadvisor:ListRecommendations':
    'Trusted Advisor API; when it is refused, Trusted Advisor is read through the Support API instead',
};

const API_GATEWAY_READS: AllowStatement = {
  actions: ['apigateway:GET'],
  resources: [
    'arn:aws:apigateway:*::/apis',
    'arn:aws:apigateway:*::/apis/*/stages',
    'arn:aws:apigateway:*::/apis/*/stages/*',
    'arn:aws:apigateway:*::/restapis',
    'arn:aws:apigateway:*::/restapis/*/stages',
    'arn:aws:apigateway:*::/restapis/*/stages/*',
  ],
};

export const SECURITY_AUDIT: ManagedPolicy = {
  name: 'SecurityAudit',
  arn: 'arn:aws:iam::aws:policy/SecurityAudit',
  version: 'v91 (2026-07-21)',
  statements: [
    {
      actions: [
        'apprunner:DescribeAutoScalingConfiguration',
        'apprunner:DescribeCustomDomains',
        'apprunner:DescribeObservabilityConfiguration',
        'apprunner:DescribeService',
        'apprunner:DescribeVpcConnector',
        'apprunner:DescribeVpcIngressConnection',
        'apprunner:ListAutoScalingConfigurations',
        'apprunner:ListConnections',
        'apprunner:ListObservabilityConfigurations',
        'apprunner:ListOperations',
        'apprunner:ListServices',
        'apprunner:ListTagsForResource',
        'apprunner:ListVpcConnectors',
        'apprunner:ListVpcIngressConnections',
        'appsync:GetApiCache',
        'appsync:List*',
        'cloudfront:Get*',
        'cloudfront:List*',
        'cloudtrail:DescribeTrails',
        'cloudtrail:GetEventSelectors',
        'cloudtrail:GetInsightSelectors',
        'cloudtrail:GetTrail',
        'cloudtrail:GetTrailStatus',
        'cloudtrail:ListTags',
        'cloudtrail:ListTrails',
        'cloudtrail:LookupEvents',
        'cloudwatch:Describe*',
        'cloudwatch:GetDashboard',
        'cloudwatch:ListDashboards',
        'cloudwatch:ListTagsForResource',
        'cognito-idp:Describe*',
        'cognito-idp:ListUserPools',
        'ec2:Describe*',
        'ecr:DescribeRepositories',
        'ecs:List*',
        'eks:ListClusters',
        'elasticloadbalancing:Describe*',
        'globalaccelerator:Describe*',
        'globalaccelerator:List*',
        'guardduty:DescribeMalwareScans',
        'guardduty:DescribeOrganizationConfiguration',
        'guardduty:DescribePublishingDestination',
        'guardduty:Get*',
        'guardduty:List*',
        'inspector2:BatchGetAccountStatus',
        'inspector2:BatchGetFreeTrialInfo',
        'inspector2:DescribeOrganizationConfiguration',
        'inspector2:GetConfiguration',
        'inspector2:GetDelegatedAdminAccount',
        'inspector2:GetFindingsReportStatus',
        'inspector2:GetMember',
        'inspector2:ListAccountPermissions',
        'inspector2:ListCoverage',
        'inspector2:ListCoverageStatistics',
        'inspector2:ListDelegatedAdminAccounts',
        'inspector2:ListFilters',
        'inspector2:ListFindingAggregations',
        'inspector2:ListFindings',
        'inspector2:ListTagsForResource',
        'inspector2:ListUsageTotals',
        'lambda:List*',
        'macie2:ListFindings',
        'organizations:Describe*',
        'organizations:List*',
        'rds:Describe*',
        'route53:Get*',
        'route53:List*',
        's3:GetBucket*',
        's3:ListAllMyBuckets',
        's3:ListBucket',
        'shield:Describe*',
        'shield:GetSubscriptionState',
        'shield:List*',
        'sts:GetAccessKeyInfo',
        'support:DescribeTrustedAdvisorCheckRefreshStatuses',
        'support:DescribeTrustedAdvisorCheckResult',
        'support:DescribeTrustedAdvisorChecks',
        'support:DescribeTrustedAdvisorCheckSummaries',
        'wafv2:GetLoggingConfiguration',
        'trustedadvisor:Describe*',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:ListResourcesForWebACL',
        'wafv2:ListWebACLs',
      ],
    },
    API_GATEWAY_READS,
  ],
};

export const VIEW_ONLY_ACCESS: ManagedPolicy = {
  name: 'ViewOnlyAccess',
  arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
  version: 'v46 (2026-09-30)',
  statements: [
    {
      actions: [
        'amplify:GetWebACLForResource',
        'amplify:ListDomainAssociations',
        'amplify:ListResourcesForWebACL',
        'appsync:GetApi',
        'appsync:GetGraphqlApi',
        'cloudfront:List*',
        'cloudtrail:DescribeTrails',
        'cloudtrail:ListEventDataStores',
        'cloudtrail:ListTrails',
        'cloudtrail:LookupEvents',
        'cloudwatch:Get*',
        'cloudwatch:List*',
        'cognito-idp:List*',
        'ec2:DescribeAddresses',
        'ec2:DescribeInstance*',
        'ec2:DescribeRegions',
        'ec2:DescribeVerifiedAccessInstances',
        'ecr:DescribeRepositories',
        'ecs:List*',
        'eks:ListClusters',
        'elasticloadbalancing:DescribeLoadBalancers',
        'inspector:List*',
        'lambda:List*',
        'organizations:List*',
        'rds:Describe*',
        'route53:Get*',
        'route53:List*',
        's3:ListAllMyBuckets',
        's3:ListBucket',
        'shield:List*',
        'trustedadvisor:Describe*',
        'wafv2:List*',
      ],
    },
    API_GATEWAY_READS,
  ],
};

export const MANAGED_POLICIES: readonly ManagedPolicy[] = [SECURITY_AUDIT, VIEW_ONLY_ACCESS];

function globToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${body}$`, flags);
}

/** IAM action matching: `*` any run of characters, `?` one character, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return globToRegExp(pattern, 'is').test(action);
}

/** IAM resource matching: `*` any run of characters (across `:` and `/`), `?` one, case-sensitive. */
export function resourceMatches(pattern: string, resource: string): boolean {
  return globToRegExp(pattern, 's').test(resource);
}

/** True when one statement allows `action` on every resource watchpost's calls of it touch. */
function statementAllows(st: AllowStatement, action: string): boolean {
  if (!st.actions.some((p) => actionMatches(p, action))) return false;
  const patterns = st.resources ?? ['*'];
  const needed = ACTION_RESOURCES[action] ?? ['*'];
  // `*` as the needed resource can only be satisfied by a `*` grant.
  return needed.every((r) =>
    r === '*' ? patterns.includes('*') : patterns.some((p) => resourceMatches(p, r)),
  );
}

/** Whether the policy (or AWS itself, for always-allowed actions) grants `action`. */
export function policyAllows(policy: ManagedPolicy, action: string): boolean {
  if (ALWAYS_ALLOWED.has(action)) return true;
  return policy.statements.some((st) => statementAllows(st, action));
}

export interface Coverage {
  policy: ManagedPolicy;
  /** The actions (from those given) this policy does not grant, sorted. */
  missing: string[];
}

export function coverageOf(policy: ManagedPolicy, actions: readonly string[]): Coverage {
  return {
    policy,
    missing: actions.filter((a) => !policyAllows(policy, a)).sort(),
  };
}
