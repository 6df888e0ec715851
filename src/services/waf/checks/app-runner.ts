import type { RegionalOffer } from '../../../checks/offered.js';
import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected } from '../../../checks/types.js';
import { perResourceRegional, unknownWith } from '../../../checks/util.js';
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

/** AWS App Runner's regions (checks/offered.ts): elsewhere a listing that cannot resolve is "not offered". */
export const APP_RUNNER: RegionalOffer = {
  name: 'AWS App Runner',
  actionPrefix: 'apprunner:',
  regions: APP_RUNNER_REGIONS,
};

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
    offeredIn: APP_RUNNER,
  },
  evaluate(account) {
    return perResourceRegional(
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
  },
  prose: unprotected('App Runner services'),
};
