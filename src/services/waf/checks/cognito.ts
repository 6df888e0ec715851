import type { CheckDefinition } from '../../../checks/types.js';
import { perResourceRegional } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { associationVerdict } from '../web-acl.js';

export const wafCognito: CheckDefinition = {
  meta: {
    id: 'waf.cognito',
    service: 'waf',
    title: 'Cognito user pools are protected by AWS WAF',
    label: 'Cognito user pool',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation:
      'Associate an AWS WAF web ACL with each Cognito user pool to filter sign-in and sign-up traffic.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\bCognito(?: user pools?)?\b/i,
  },
  evaluate(account) {
    return perResourceRegional(
      account,
      account.waf?.cognito,
      'cognito-idp:ListUserPools',
      'which Cognito user pools exist',
      (v) => [...v.userPools].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
      (region, pool) => [
        associationVerdict(account.waf, region, pool.arn, `Cognito user pool ${pool.name}`, pool.webAcl, {
          name: pool.name,
          userPoolId: pool.id,
        }),
      ],
      (region) => `Region ${region} has no Cognito user pool.`,
    );
  },
  prose: unprotected('Cognito user pools'),
};
