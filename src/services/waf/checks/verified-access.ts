import type { CheckDefinition } from '../../../checks/types.js';
import { perResourceRegional } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { associationVerdict } from '../web-acl.js';

/** waf.verified-access: each Verified Access instance has a web ACL that can block requests. */
export const wafVerifiedAccess: CheckDefinition = {
  meta: {
    id: 'waf.verified-access',
    service: 'waf',
    title: 'Verified Access instances are protected by AWS WAF',
    label: 'Verified Access instance',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation: 'Associate an AWS WAF web ACL with each AWS Verified Access instance.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\bVerified Access(?: instances?)?\b/i,
  },
  evaluate(account) {
    return perResourceRegional(
      account,
      account.waf?.verifiedAccess,
      'ec2:DescribeVerifiedAccessInstances',
      'which Verified Access instances exist',
      (v) => [...v.instances].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
      (region, inst) => [
        associationVerdict(
          account.waf,
          region,
          inst.arn,
          `Verified Access instance ${inst.name}`,
          inst.webAcl,
          { name: inst.name, instanceId: inst.id },
        ),
      ],
      (region) => `Region ${region} has no Verified Access instance.`,
    );
  },
  prose: unprotected('Verified Access instances'),
};
