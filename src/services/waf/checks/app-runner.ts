import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected, type Verdict, verdict } from '../../../checks/types.js';
import { perResourceRegional, unknownWith } from '../../../checks/util.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { unprotected } from '../prose.js';
import { associationVerdict } from '../web-acl.js';

/**
 * Regions with an App Runner endpoint, as AWS's "AWS App Runner endpoints and quotas" page (General
 * Reference) lists them, read 2026-12-02.
 */
export const APP_RUNNER_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
]);

/**
 * App Runner is not offered in a region when three facts agree: AWS documents no endpoint there, the
 * endpoint's name did not resolve (ENOTFOUND), and another read of the same scan in that region (the load
 * balancer listing) was answered, so the machine's DNS works. Any one alone stays unknown: the list may be
 * out of date, and a failing resolver fails every name.
 */
export function appRunnerNotOffered(account: AccountEvidence, v: Verdict): boolean {
  return (
    v.status === 'unknown' &&
    v.resource === null &&
    v.cause?.code === 'ENOTFOUND' &&
    !APP_RUNNER_REGIONS.has(v.region) &&
    account.waf?.loadBalancers[v.region]?.ok === true
  );
}

/** waf.app-runner: each publicly accessible App Runner service has a web ACL that can block requests. */
export const wafAppRunner: CheckDefinition = {
  meta: {
    id: 'waf.app-runner',
    service: 'waf',
    title: 'Publicly accessible App Runner services are protected by AWS WAF',
    label: 'App Runner service',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation: 'Associate an AWS WAF web ACL with each publicly accessible App Runner service.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\bApp ?Runner(?: services?)?\b/i,
  },
  evaluate(account) {
    const verdicts = perResourceRegional(
      account,
      account.waf?.appRunner,
      'apprunner:ListServices',
      'which App Runner services exist',
      (v) => [...v.services].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
      (region, svc) => {
        const data = { name: svc.name };
        const label = `App Runner service ${svc.name}`;
        if (!svc.access.ok) {
          return [
            unknownWith(region, svc.arn, svc.access.error, `whether ${label} is publicly accessible`, data),
          ];
        }
        // Reachable only from a VPC: not an internet-facing resource.
        if (!svc.access.value.public) return [];
        const what = `whether ${label} has a WAF web ACL`;
        if (svc.webAcl === null) {
          return [unknownWith(region, svc.arn, notCollected('wafv2:GetWebACLForResource'), what, data)];
        }
        return [
          associationVerdict(
            account.waf,
            region,
            svc.arn,
            label,
            svc.webAcl,
            data,
            `${label} is publicly accessible without a WAF web ACL.`,
          ),
        ];
      },
      (region) => `Region ${region} has no publicly accessible App Runner service.`,
    );
    return verdicts.map((v) =>
      appRunnerNotOffered(account, v)
        ? verdict(
            v.region,
            null,
            'not_applicable',
            `AWS App Runner is not offered in ${v.region} (AWS lists no endpoint there, and its endpoint name does not resolve).`,
            { appRunnerOffered: false },
          )
        : v,
    );
  },
  prose: unprotected('App Runner services'),
};
