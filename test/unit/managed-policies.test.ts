/** `watchpost policy`: IAM wildcard matching and what the embedded managed policies cover. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  actionMatches,
  coverageOf,
  type ManagedPolicy,
  policyAllows,
  resourceMatches,
  SECURITY_AUDIT,
  VIEW_ONLY_ACCESS,
} from '../../src/aws/managed-policies.js';
import { managedPolicyReport } from '../../src/cli/policy.js';
import { requiredIamActions } from '../../src/services/registry.js';

describe('IAM action matching', () => {
  test('exact names match case-insensitively', () => {
    assert.ok(actionMatches('guardduty:ListDetectors', 'guardduty:ListDetectors'));
    assert.ok(actionMatches('GuardDuty:listdetectors', 'guardduty:ListDetectors'));
    assert.ok(!actionMatches('guardduty:ListDetector', 'guardduty:ListDetectors'));
  });
  test('* matches any run, including an empty one; ? exactly one character', () => {
    assert.ok(actionMatches('guardduty:List*', 'guardduty:ListDetectors'));
    assert.ok(actionMatches('guardduty:List*', 'guardduty:List'));
    assert.ok(actionMatches('*', 'sts:AssumeRole'));
    assert.ok(actionMatches('ec2:Describe*s', 'ec2:DescribeRegions'));
    assert.ok(actionMatches('s3:GetBucketLocatio?', 's3:GetBucketLocation'));
    assert.ok(!actionMatches('s3:GetBucketLocatio?', 's3:GetBucketLocatio'));
    assert.ok(!actionMatches('guardduty:Get*', 'guardduty:ListDetectors'));
  });
  test('the service prefix is part of the match', () => {
    assert.ok(!actionMatches('inspector:List*', 'inspector2:ListCoverage'));
    assert.ok(!actionMatches('trustedadvisor:Describe*', 'support:DescribeTrustedAdvisorChecks'));
    assert.ok(!actionMatches('wafv2:List*', 'wafv2:GetWebACLForResource'));
  });
  test('regex metacharacters in patterns are literal', () => {
    assert.ok(!actionMatches('s3:Get.ucket', 's3:GetBucket'));
    assert.ok(actionMatches('a+b:(x)', 'a+b:(x)'));
  });
});

describe('IAM resource matching', () => {
  test('* crosses / and :, matching is case-sensitive', () => {
    assert.ok(resourceMatches('*', 'arn:aws:s3:::bucket'));
    assert.ok(
      resourceMatches(
        'arn:aws:apigateway:*::/restapis/*/stages',
        'arn:aws:apigateway:eu-west-1::/restapis/abc/stages',
      ),
    );
    assert.ok(
      !resourceMatches(
        'arn:aws:apigateway:*::/restapis/*/stages',
        'arn:aws:apigateway:eu-west-1::/restapis/abc',
      ),
    );
    assert.ok(!resourceMatches('arn:aws:apigateway:*::/RestApis', 'arn:aws:apigateway:eu-west-1::/restapis'));
  });
});

describe('coverage', () => {
  const policy = (actions: string[], resources?: string[]): ManagedPolicy => ({
    name: 't',
    arn: 'arn:aws:iam::aws:policy/t',
    version: 'v1',
    statements: [resources ? { actions, resources } : { actions }],
  });

  test('a resource-restricted grant covers apigateway:GET only when both paths we read are allowed', () => {
    assert.ok(
      policyAllows(
        policy(
          ['apigateway:GET'],
          ['arn:aws:apigateway:*::/restapis', 'arn:aws:apigateway:*::/restapis/*/stages'],
        ),
        'apigateway:GET',
      ),
    );
    assert.ok(
      !policyAllows(policy(['apigateway:GET'], ['arn:aws:apigateway:*::/restapis']), 'apigateway:GET'),
    );
    assert.ok(policyAllows(policy(['apigateway:*']), 'apigateway:GET'));
  });
  test('an action read on `*` is not covered by a grant limited to some resources', () => {
    assert.ok(
      !policyAllows(policy(['guardduty:*'], ['arn:aws:guardduty:*:*:detector/*']), 'guardduty:ListDetectors'),
    );
  });
  test('sts:GetCallerIdentity needs no grant', () => {
    assert.ok(policyAllows(policy([]), 'sts:GetCallerIdentity'));
  });
  test('missing lists exactly the actions not granted', () => {
    assert.deepEqual(
      coverageOf(policy(['ec2:Describe*']), ['ec2:DescribeRegions', 'ec2:GetX', 'a:B']).missing,
      ['a:B', 'ec2:GetX'],
    );
  });
});

const actions = await requiredIamActions();

describe('the embedded AWS managed policies against our allow-list', () => {
  test('SecurityAudit lacks only Amplify, the CloudTrail Lake and Macie reads, CloudWatch metrics, trustedadvisor:ListRecommendations and sts:AssumeRole', () => {
    // SecurityAudit v91 grants trustedadvisor:Describe* only: the Trusted Advisor API's ListRecommendations
    // is not covered (watchpost then falls back to the Support API, which SecurityAudit grants).
    // v91 lists cloudtrail reads by name, without ListEventDataStores / GetEventDataStore; of macie2 only
    // ListFindings; of amplify nothing. Nor does it grant the cost estimate's CloudWatch metrics
    // (guardduty:Get* covers GetUsageStatistics; inspector2:ListUsageTotals is listed), nor macie2:ListMembers
    // (organization scans read it from the Macie administrator, --org-mode).
    assert.deepEqual(coverageOf(SECURITY_AUDIT, actions).missing, [
      'amplify:ListApps',
      'cloudtrail:GetEventDataStore',
      'cloudtrail:ListEventDataStores',
      'cloudwatch:GetMetricData',
      'macie2:GetAdministratorAccount',
      'macie2:GetAutomatedDiscoveryConfiguration',
      'macie2:GetMacieSession',
      'macie2:GetUsageTotals',
      'macie2:ListClassificationJobs',
      'macie2:ListMembers',
      'sts:AssumeRole',
      'trustedadvisor:ListRecommendations',
    ]);
  });
  test('both grant organizations:ListDelegatedAdministrators (organizations:List*)', () => {
    for (const p of [SECURITY_AUDIT, VIEW_ONLY_ACCESS]) {
      assert.ok(policyAllows(p, 'organizations:ListDelegatedAdministrators'), p.name);
    }
  });
  test('ViewOnlyAccess lacks the service-status reads', () => {
    const missing = coverageOf(VIEW_ONLY_ACCESS, actions).missing;
    for (const a of [
      'guardduty:ListDetectors',
      'cloudtrail:GetTrailStatus',
      'support:DescribeTrustedAdvisorCheckSummaries',
      'inspector2:BatchGetAccountStatus',
      'macie2:GetMacieSession',
      'shield:GetSubscriptionState',
      'wafv2:GetWebACLForResource',
      'sts:AssumeRole',
    ]) {
      assert.ok(missing.includes(a), a);
    }
    for (const a of [
      'ec2:DescribeRegions',
      'ec2:DescribeInstances',
      'apigateway:GET',
      'lambda:ListFunctions',
    ]) {
      assert.ok(!missing.includes(a), a);
    }
  });
  test('App Runner and Amplify: compared with the published documents (v91, v46)', () => {
    const sa = coverageOf(SECURITY_AUDIT, actions).missing;
    assert.ok(!sa.includes('apprunner:ListServices'));
    assert.ok(!sa.includes('apprunner:DescribeService'));
    assert.ok(sa.includes('amplify:ListApps'));
    const vo = coverageOf(VIEW_ONLY_ACCESS, actions).missing;
    for (const a of ['amplify:ListApps', 'apprunner:ListServices', 'apprunner:DescribeService'])
      assert.ok(vo.includes(a), a);
    // ViewOnlyAccess v46 lists ec2:DescribeVerifiedAccessInstances by name and grants cloudwatch:Get*.
    assert.ok(!vo.includes('ec2:DescribeVerifiedAccessInstances'));
    assert.ok(!vo.includes('cloudwatch:GetMetricData'));
  });
  test('every action either policy is said to lack is one watchpost needs', () => {
    for (const p of [SECURITY_AUDIT, VIEW_ONLY_ACCESS]) {
      for (const a of coverageOf(p, actions).missing) assert.ok(actions.includes(a), a);
    }
  });
  test('the report names each policy and each missing action, and says when it is only for --org', () => {
    const text = managedPolicyReport(actions);
    assert.match(
      text,
      /SecurityAudit \(arn:aws:iam::aws:policy\/SecurityAudit, v91[^)]*\)\) does not grant 12/,
    );
    assert.match(text, /- sts:AssumeRole: only for organization scans/);
    assert.match(text, /- amplify:ListApps/);
    assert.doesNotMatch(text, /not compared/);
    assert.match(text, /ViewOnlyAccess .* does not grant \d+ of them/);
    assert.ok(text.split('\n').every((l) => l === '' || l.startsWith('#')));
  });
});
