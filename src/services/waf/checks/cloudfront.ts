import type { CheckDefinition } from '../../../checks/types.js';
import { unknownVerdict, verdict } from '../../../checks/types.js';
import { notCollectedGlobal } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { webAclVerdict } from '../web-acl.js';

const WHAT = 'which CloudFront distributions exist';

export const wafCloudFront: CheckDefinition = {
  meta: {
    id: 'waf.cloudfront',
    service: 'waf',
    title: 'CloudFront distributions are protected by AWS WAF',
    label: 'CloudFront distribution',
    severity: 'medium',
    securityHub: 'CloudFront.6',
    cis: null,
    remediation: 'Associate an AWS WAF web ACL (CloudFront scope) with each distribution.',
    scope: 'resource',
    enablement: true,
    resourceWords: /\bCloudFront(?: distributions?)?\b/i,
  },
  evaluate(account) {
    const waf = account.waf;
    if (!waf) return notCollectedGlobal('cloudfront:ListDistributions', WHAT);
    if (!waf.cloudFront.ok) return [unknownVerdict('global', null, waf.cloudFront.error, WHAT)];
    const dists = [...waf.cloudFront.value.distributions].sort((a, b) =>
      a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0,
    );
    if (dists.length === 0) {
      return [verdict('global', null, 'not_applicable', 'The account has no CloudFront distribution.')];
    }
    return dists.map((d) => {
      const data = { id: d.id, domainName: d.domainName, aliases: d.aliases, webAclId: d.webAclId };
      const label = `CloudFront distribution ${d.id} (${d.aliases[0] ?? d.domainName})`;
      return d.webAclId
        ? webAclVerdict(waf, 'global', d.arn, label, d.webAclId, data)
        : verdict('global', d.arn, 'fail', `${label} serves traffic without a WAF web ACL.`, data);
    });
  },
  prose: unprotected('CloudFront distributions'),
};
