import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { perResourceRegional } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { webAclVerdict } from '../web-acl.js';

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
