import type { CheckDefinition, Verdict } from '../../../checks/types.js';
import { notCollected, regionalScope, unknownVerdict, verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { text } from '../../../finding/document.js';
import { list, plural, prose } from '../../../finding/prose.js';
import { advancedOrVerdicts } from '../advanced.js';
import type { ShieldAdvancedEvidence } from '../schema.js';

const WHAT = 'whether Shield Advanced protects the internet-facing resources';
const WHAT_KIND = (kind: string) => `whether Shield Advanced protects the ${kind}`;

/** The kinds of internet-facing resource Shield Advanced protects, as the results' data name them. */
export const KINDS = {
  distribution: 'CloudFront distribution',
  loadBalancer: 'internet-facing Application Load Balancer',
  elasticIp: 'Elastic IP',
  accelerator: 'Global Accelerator accelerator',
  hostedZone: 'public Route 53 hosted zone',
} as const;
type Kind = keyof typeof KINDS;

interface Candidate {
  region: string;
  arn: string;
  kind: Kind;
}

/**
 * Every internet-facing resource Shield Advanced can protect, and an unknown verdict for every listing that
 * could not be read (CloudFront and load balancers from WAF's evidence, the others from Shield's).
 */
function candidates(
  account: AccountEvidence,
  adv: ShieldAdvancedEvidence,
): { found: Candidate[]; unknowns: Verdict[] } {
  const found: Candidate[] = [];
  const unknowns: Verdict[] = [];
  const waf = account.waf;
  // CloudFront (global).
  if (!waf)
    unknowns.push(
      unknownVerdict(
        'global',
        null,
        notCollected('cloudfront:ListDistributions'),
        WHAT_KIND('CloudFront distributions'),
      ),
    );
  else if (!waf.cloudFront.ok)
    unknowns.push(
      unknownVerdict('global', null, waf.cloudFront.error, WHAT_KIND('CloudFront distributions')),
    );
  else
    for (const d of waf.cloudFront.value.distributions)
      found.push({ region: 'global', arn: d.arn, kind: 'distribution' });
  // Per region: internet-facing ALBs and Elastic IPs.
  const scope = regionalScope(account);
  if (!scope.ok) unknowns.push(unknownVerdict('*', null, scope.error, WHAT));
  for (const region of scope.ok ? scope.regions : []) {
    const lbs = waf?.loadBalancers[region];
    const lbWhat = WHAT_KIND('internet-facing Application Load Balancers');
    if (!lbs)
      unknowns.push(
        unknownVerdict(region, null, notCollected('elasticloadbalancing:DescribeLoadBalancers'), lbWhat),
      );
    else if (!lbs.ok) unknowns.push(unknownVerdict(region, null, lbs.error, lbWhat));
    else {
      for (const lb of lbs.value.loadBalancers) {
        if (lb.type.toLowerCase() !== 'application') continue;
        if (lb.scheme === null) {
          unknowns.push(
            unknownWith(
              region,
              lb.arn,
              {
                kind: 'unparseable',
                code: 'FieldMissing',
                message: 'the load balancer scheme was not reported',
                action: 'elasticloadbalancing:DescribeLoadBalancers',
                httpStatus: null,
              },
              'whether the load balancer is internet-facing',
              { kind: KINDS.loadBalancer },
            ),
          );
        } else if (lb.scheme.toLowerCase() === 'internet-facing')
          found.push({ region, arn: lb.arn, kind: 'loadBalancer' });
      }
    }
    const eips = adv.elasticIps[region];
    if (!eips)
      unknowns.push(
        unknownVerdict(region, null, notCollected('ec2:DescribeAddresses'), WHAT_KIND('Elastic IPs')),
      );
    else if (!eips.ok) unknowns.push(unknownVerdict(region, null, eips.error, WHAT_KIND('Elastic IPs')));
    else for (const a of eips.value.addresses) found.push({ region, arn: a.arn, kind: 'elasticIp' });
  }
  for (const u of account.unavailableRegions) unknowns.push(unknownVerdict(u.name, null, u.error, WHAT));
  // Global Accelerator (null: not offered in the partition).
  if (adv.accelerators && !adv.accelerators.ok)
    unknowns.push(
      unknownVerdict('global', null, adv.accelerators.error, WHAT_KIND('Global Accelerator accelerators')),
    );
  else
    for (const a of adv.accelerators?.ok ? adv.accelerators.value.accelerators : [])
      found.push({ region: 'global', arn: a.arn, kind: 'accelerator' });
  // Route 53: public hosted zones only.
  if (!adv.hostedZones.ok)
    unknowns.push(unknownVerdict('global', null, adv.hostedZones.error, WHAT_KIND('Route 53 hosted zones')));
  else {
    for (const z of adv.hostedZones.value.zones) {
      if (z.privateZone === true) continue;
      if (z.privateZone === null) {
        unknowns.push(
          unknownWith(
            'global',
            z.arn,
            {
              kind: 'unparseable',
              code: 'FieldMissing',
              message: 'ListHostedZones did not say whether the zone is private',
              action: 'route53:ListHostedZones',
              httpStatus: null,
            },
            'whether the hosted zone is public',
            { kind: KINDS.hostedZone },
          ),
        );
      } else found.push({ region: 'global', arn: z.arn, kind: 'hostedZone' });
    }
  }
  return { found, unknowns };
}

export const shieldProtections: CheckDefinition = {
  meta: {
    id: 'shield.protections',
    service: 'shield',
    title: 'Shield Advanced protects each internet-facing resource',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation:
      'Add a Shield Advanced protection for each internet-facing resource the subscription is meant to cover (CloudFront distributions, internet-facing Application Load Balancers, Elastic IPs, Global Accelerator accelerators, public Route 53 hosted zones).',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    const gate = advancedOrVerdicts(account, 'shield:ListProtections', WHAT);
    if ('verdicts' in gate) return gate.verdicts;
    const adv = gate.advanced;
    if (!adv.protections.ok) return [unknownWith('global', null, adv.protections.error, WHAT, {})];
    const protectedArns = new Set(adv.protections.value.protections.map((p) => p.resourceArn));
    const { found, unknowns } = candidates(account, adv);
    const out: Verdict[] = found.map((c) => {
      const data = { kind: KINDS[c.kind] };
      return protectedArns.has(c.arn)
        ? verdict(c.region, c.arn, 'pass', `Shield Advanced protects this ${KINDS[c.kind]}.`, data)
        : verdict(c.region, c.arn, 'fail', `This ${KINDS[c.kind]} has no Shield Advanced protection.`, data);
    });
    out.push(...unknowns);
    if (out.length === 0) {
      out.push(
        verdict(
          'global',
          null,
          'not_applicable',
          'No internet-facing resource that Shield Advanced can protect was found.',
        ),
      );
    }
    return out;
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`The account subscribed to Shield Advanced, but ${plural(fails.length, 'internet-facing resource')} had no Shield Advanced protection, so ${text(fails.length === 1 ? 'it was' : 'they were')} left without its DDoS response: ${list(ctx.resources(fails), 15)}.`,
      ];
    },
  },
};
