/**
 * waf.logging: each web ACL in use (associated with a resource watchpost lists) logs the requests it
 * inspects (Security Hub WAF.11). One result per web ACL: in its region, CloudFront's at `global`.
 */
import type { CheckDefinition, Verdict } from '../../../checks/types.js';
import { eachRegion, notCollected, unknownVerdict, verdict } from '../../../checks/types.js';
import { notCollectedGlobal, unknownWith } from '../../../checks/util.js';
import type { AwsError, Observed } from '../../../evidence/observed.js';
import { list, prose } from '../../../finding/prose.js';
import type { WafEvidence } from '../schema.js';
import { type WebAclRef, webAclRefs } from '../web-acl.js';

const WHAT = 'which web ACLs are in use';

/** The first error among the region's listings and association reads (null: all read). */
function regionGap(waf: WafEvidence, region: string): AwsError | null {
  const entries: (Observed<unknown> | undefined)[] = [
    waf.restApis[region],
    waf.loadBalancers[region],
    waf.appSync[region],
    waf.cognito[region],
  ];
  // Kinds older scans did not list yet count only where the scan read them.
  for (const kind of [waf.appRunner, waf.amplify, waf.verifiedAccess]) if (kind) entries.push(kind[region]);
  for (const e of entries) {
    if (!e) return notCollected('wafv2:GetWebACLForResource');
    if (!e.ok) return e.error;
  }
  const more: Observed<unknown>[] = [];
  const r = waf.restApis[region];
  if (r?.ok) for (const api of r.value.apis) more.push(api.stages);
  const l = waf.loadBalancers[region];
  if (l?.ok) for (const lb of l.value.loadBalancers) if (lb.webAcl) more.push(lb.webAcl);
  const c = waf.cognito[region];
  if (c?.ok) for (const p of c.value.userPools) more.push(p.webAcl);
  const ar = waf.appRunner?.[region];
  if (ar?.ok) {
    for (const svc of ar.value.services) {
      more.push(svc.access);
      if (svc.webAcl) more.push(svc.webAcl);
    }
  }
  const va = waf.verifiedAccess?.[region];
  if (va?.ok) for (const i of va.value.instances) more.push(i.webAcl);
  for (const e of more) if (!e.ok) return e.error;
  return null;
}

function judge(waf: WafEvidence, region: string, ref: WebAclRef): Verdict {
  const label = `Web ACL ${ref.name}`;
  const data = { webAclName: ref.name, scope: ref.scope };
  const entry = waf.webAclLogging?.[ref.region]?.[ref.arn];
  const what = `whether ${label} logs requests`;
  if (!entry) return unknownWith(region, ref.arn, notCollected('wafv2:GetLoggingConfiguration'), what, data);
  if (!entry.ok) return unknownWith(region, ref.arn, entry.error, what, data);
  const { enabled, destinations } = entry.value;
  return enabled
    ? verdict(region, ref.arn, 'pass', `${label} logs the requests it inspects.`, {
        ...data,
        destinations,
      })
    : verdict(
        region,
        ref.arn,
        'fail',
        `${label} has no logging configuration: the requests it inspects (and blocks) are not logged.`,
        { ...data, destinations: [] },
      );
}

export const wafLogging: CheckDefinition = {
  meta: {
    id: 'waf.logging',
    service: 'waf',
    title: 'AWS WAF web ACLs in use log the requests they inspect',
    severity: 'low',
    securityHub: 'WAF.11',
    cis: null,
    remediation:
      'Turn on logging for each web ACL (to CloudWatch Logs, S3 or Data Firehose), redacting sensitive fields.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    const waf = account.waf;
    const refs = waf ? webAclRefs(waf) : [];
    const regional = eachRegion(account, waf?.restApis, 'apigateway:GET', WHAT, (region): Verdict[] => {
      if (!waf) return [];
      const here = refs.filter((r) => r.scope === 'REGIONAL' && r.region === region);
      const out = here.map((ref) => judge(waf, region, ref));
      const gap = regionGap(waf, region);
      if (gap) out.push(unknownVerdict(region, null, gap, WHAT));
      else if (out.length === 0)
        out.push(verdict(region, null, 'not_applicable', `Region ${region} has no web ACL in use.`));
      return out;
    });
    if (!waf) return [...regional, ...notCollectedGlobal('cloudfront:ListDistributions', WHAT)];
    const global = waf.cloudFront.ok
      ? refs.filter((r) => r.scope === 'CLOUDFRONT').map((ref) => judge(waf, 'global', ref))
      : [unknownVerdict('global', null, waf.cloudFront.error, 'which CloudFront web ACLs are in use')];
    return [...regional, ...global];
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`Web ACLs without logging, so that blocked and allowed requests leave no record to investigate: ${list(ctx.resources(fails), 15)}.`,
      ];
    },
  },
};
