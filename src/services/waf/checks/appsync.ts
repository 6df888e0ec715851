import { offeredExcept } from '../../../checks/offered.js';
import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { perResourceRegional } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { webAclVerdict } from '../web-acl.js';

/**
 * AWS AppSync has no endpoint in these regions, by AWS's published endpoint metadata (botocore 1.43.67; the
 * "AWS AppSync endpoints and quotas" page, as far as it could be read on 2026-12-03, has no New Zealand row).
 * There a listing that cannot resolve is "not offered" (checks/offered.ts).
 */
export const APPSYNC = offeredExcept('AWS AppSync', 'appsync:', [
  'ap-east-2',
  'ap-southeast-6',
  'mx-central-1',
]);

export const wafAppSync: CheckDefinition = {
  meta: {
    id: 'waf.appsync',
    service: 'waf',
    title: 'AppSync GraphQL APIs are protected by AWS WAF',
    label: 'AppSync API',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation: 'Associate an AWS WAF web ACL with each AppSync GraphQL API.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\bAppSync\b/i,
    offeredIn: APPSYNC,
  },
  evaluate(account) {
    return perResourceRegional(
      account,
      account.waf?.appSync,
      'appsync:ListGraphqlApis',
      'which AppSync GraphQL APIs exist',
      (v) => [...v.apis].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
      (region, api) => {
        const data = { name: api.name, apiId: api.apiId, webAclArn: api.webAclArn };
        const label = `AppSync GraphQL API ${api.name}`;
        return [
          api.webAclArn && account.waf
            ? webAclVerdict(account.waf, region, api.arn, label, api.webAclArn, data)
            : verdict(region, api.arn, 'fail', `${label} has no WAF web ACL.`, data),
        ];
      },
      (region) => `Region ${region} has no AppSync GraphQL API.`,
    );
  },
  prose: unprotected('AppSync GraphQL APIs'),
};
