import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected } from '../../../checks/types.js';
import { perResourceRegional, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { associationVerdict } from '../web-acl.js';

export const wafAlb: CheckDefinition = {
  meta: {
    id: 'waf.alb',
    service: 'waf',
    title: 'Internet-facing Application Load Balancers are protected by AWS WAF',
    label: 'Load balancer',
    severity: 'medium',
    securityHub: 'ELB.16',
    cis: null,
    remediation: 'Associate an AWS WAF web ACL with each internet-facing Application Load Balancer.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\b(?:(?:application )?load[ -]balancers?|ALBs?|ELBs?)\b/i,
  },
  evaluate(account) {
    return perResourceRegional(
      account,
      account.waf?.loadBalancers,
      'elasticloadbalancing:DescribeLoadBalancers',
      'which load balancers exist',
      (v) =>
        v.loadBalancers
          .filter((lb) => lb.type.toLowerCase() === 'application')
          .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
      (region, lb) => {
        const data = { name: lb.name, scheme: lb.scheme };
        const label = `Application Load Balancer ${lb.name}`;
        if (lb.scheme === null) {
          return [
            unknownWith(
              region,
              lb.arn,
              unexpectedAnswer(
                'elasticloadbalancing:DescribeLoadBalancers',
                'SchemeNotReported',
                'scheme not reported',
              ),
              `whether ${label} is internet-facing (scheme not reported)`,
              data,
            ),
          ];
        }
        if (lb.scheme.toLowerCase() !== 'internet-facing') return [];
        const what = `whether ${label} has a WAF web ACL`;
        if (lb.webAcl === null) {
          return [unknownWith(region, lb.arn, notCollected('wafv2:GetWebACLForResource'), what, data)];
        }
        return [
          associationVerdict(
            account.waf,
            region,
            lb.arn,
            label,
            lb.webAcl,
            data,
            `${label} is internet-facing without a WAF web ACL.`,
          ),
        ];
      },
      (region) => `Region ${region} has no internet-facing Application Load Balancer.`,
    );
  },
  prose: unprotected('internet-facing Application Load Balancers'),
};
