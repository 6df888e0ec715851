import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected } from '../../../checks/types.js';
import { perResourceRegional, unknownWith } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { associationVerdict } from '../web-acl.js';

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
