import { offeredExcept } from '../../../checks/offered.js';
import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { perResourceRegional, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import { unprotected } from '../prose.js';
import { webAclVerdict } from '../web-acl.js';

/**
 * Amplify's firewall states in which the web ACL it names is not (or not yet, or no longer) the one in
 * front of the app (Amplify API reference, WafConfiguration.wafStatus).
 */
const UNSETTLED = new Set(['ASSOCIATING', 'DISASSOCIATING', 'ASSOCIATION_FAILED']);

/**
 * AWS Amplify has no endpoint in these regions, by AWS's published endpoint metadata (botocore 1.43.67) and
 * as far as the "AWS Amplify endpoints and quotas" page could be read (2026-12-03). There a listing that
 * cannot resolve is "not offered" (checks/offered.ts).
 */
export const AMPLIFY = offeredExcept('AWS Amplify', 'amplify:', [
  'af-south-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'mx-central-1',
]);

/** waf.amplify: each Amplify app has a web ACL that can block requests (Amplify's firewall support). */
export const wafAmplify: CheckDefinition = {
  meta: {
    id: 'waf.amplify',
    service: 'waf',
    title: 'Amplify apps are protected by AWS WAF',
    label: 'Amplify app',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation: "Turn on Amplify's firewall support with an AWS WAF web ACL for each hosted Amplify app.",
    scope: 'resource',
    enablement: true,
    resourceWords: /\bAmplify(?: apps?)?\b/i,
    offeredIn: AMPLIFY,
  },
  evaluate(account) {
    return perResourceRegional(
      account,
      account.waf?.amplify,
      'amplify:ListApps',
      'which Amplify apps exist',
      (v) => [...v.apps].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
      (region, app) => {
        const data = { name: app.name, appId: app.appId, wafStatus: app.wafStatus };
        const label = `Amplify app ${app.name}`;
        const status = (app.wafStatus ?? '').toUpperCase();
        if (UNSETTLED.has(status) && (app.webAclArn || status === 'ASSOCIATING')) {
          return [
            unknownWith(
              region,
              app.arn,
              unexpectedAnswer(
                'amplify:ListApps',
                'WafAssociationUnsettled',
                `the app's web ACL association is ${status}`,
              ),
              `whether ${label} has a WAF web ACL`,
              { ...data, webAclArn: app.webAclArn },
            ),
          ];
        }
        return [
          app.webAclArn && account.waf
            ? webAclVerdict(account.waf, region, app.arn, label, app.webAclArn, data)
            : verdict(region, app.arn, 'fail', `${label} has no WAF web ACL.`, { ...data, webAclArn: null }),
        ];
      },
      (region) => `Region ${region} has no Amplify app.`,
    );
  },
  prose: unprotected('Amplify apps'),
};
