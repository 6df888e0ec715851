import type { CheckDefinition, Verdict } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { list, prose } from '../../../finding/prose.js';
import { advancedOrVerdicts } from '../advanced.js';

const ACTION = 'shield:DescribeProtection';
const WHAT = 'whether automatic application-layer DDoS mitigation is on';

export const shieldAppLayerMitigation: CheckDefinition = {
  meta: {
    id: 'shield.app-layer-mitigation',
    service: 'shield',
    title:
      'Shield Advanced mitigates application-layer DDoS attacks automatically on protected CloudFront distributions and Application Load Balancers',
    severity: 'low',
    securityHub: null,
    cis: null,
    remediation:
      'Turn on automatic application-layer DDoS mitigation for each protected CloudFront distribution and Application Load Balancer (its web ACL must be associated), starting in Count mode if unsure.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    const gate = advancedOrVerdicts(account, ACTION, WHAT);
    if ('verdicts' in gate) return gate.verdicts;
    const protections = gate.advanced.protections;
    if (!protections.ok) return [unknownWith('global', null, protections.error, WHAT, {})];
    const out: Verdict[] = [];
    for (const p of protections.value.protections) {
      if (p.appLayer === null) continue;
      const region = regionOf(p.resourceArn);
      const data = { protectionId: p.id };
      if (!p.appLayer.ok) {
        out.push(unknownWith(region, p.resourceArn, p.appLayer.error, WHAT, data));
        continue;
      }
      const status = p.appLayer.value.status;
      const withStatus = { ...data, appLayerStatus: status };
      switch (status === null ? null : status.toUpperCase()) {
        case 'ENABLED':
          out.push(
            verdict(
              region,
              p.resourceArn,
              'pass',
              'Automatic application-layer DDoS mitigation is on.',
              withStatus,
            ),
          );
          break;
        case 'DISABLED':
          out.push(
            verdict(
              region,
              p.resourceArn,
              'fail',
              'Automatic application-layer DDoS mitigation is off for this protected resource.',
              withStatus,
            ),
          );
          break;
        case null:
          out.push(
            unknownWith(
              region,
              p.resourceArn,
              unexpectedAnswer(
                ACTION,
                'FieldMissing',
                'DescribeProtection did not report an automatic application-layer response configuration',
              ),
              WHAT,
              withStatus,
            ),
          );
          break;
        default:
          out.push(
            unknownWith(
              region,
              p.resourceArn,
              unexpectedAnswer(ACTION, 'UnexpectedValue', `unexpected automatic response status ${status}`),
              WHAT,
              withStatus,
            ),
          );
      }
    }
    if (out.length === 0) {
      return [
        verdict(
          'global',
          null,
          'not_applicable',
          'Shield Advanced protects no CloudFront distribution or Application Load Balancer.',
        ),
      ];
    }
    return out;
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`Automatic application-layer DDoS mitigation was off for ${text(fails.length === 1 ? 'one protected resource' : `${fails.length} protected resources`)}, so a request flood would have to be handled by hand: ${list(ctx.resources(fails), 15)}.`,
      ];
    },
  },
};

/** The region of a protected resource: CloudFront is global; a load balancer's ARN names its region. */
function regionOf(arn: string): string {
  const region = arn.split(':')[3] ?? '';
  return region === '' ? 'global' : region;
}
