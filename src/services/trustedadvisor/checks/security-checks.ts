import type { CheckDefinition } from '../../../checks/types.js';
import { causeOf, verdict } from '../../../checks/types.js';
import { notCollectedGlobal, unknownWith } from '../../../checks/util.js';

const WHAT = 'the Trusted Advisor security checks';

export const trustedAdvisorSecurityChecks: CheckDefinition = {
  meta: {
    id: 'trustedadvisor.security-checks',
    service: 'trustedadvisor',
    title: 'Trusted Advisor security recommendations are acted upon',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation:
      'Review each flagged Trusted Advisor security check and fix or formally accept the flagged resources.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    const ta = account.trustedadvisor;
    if (!ta) return notCollectedGlobal('support:DescribeTrustedAdvisorChecks', WHAT);
    if (!ta.ok) {
      if (ta.error.kind === 'subscription-required') {
        return [
          {
            region: 'global',
            resource: null,
            status: 'unknown',
            detail:
              'The AWS Support API, which reports Trusted Advisor results, needs a Business, Enterprise On-Ramp or Enterprise support plan; review Trusted Advisor in the console instead.',
            cause: causeOf(ta.error),
            data: { supportPlanRequired: true },
          },
        ];
      }
      return [unknownWith('global', null, ta.error, WHAT, {})];
    }
    const checks = [...ta.value.checks].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    if (checks.length === 0) {
      return [verdict('global', null, 'not_applicable', 'Trusted Advisor returned no security checks.')];
    }
    return checks.map((c) => {
      const data = {
        checkId: c.id,
        name: c.name,
        taStatus: c.status,
        resourcesFlagged: c.resourcesFlagged,
        resourcesProcessed: c.resourcesProcessed,
      };
      const flagged =
        c.resourcesFlagged === null
          ? 'an unreported number of resources'
          : `${c.resourcesFlagged} resource(s)`;
      switch (c.status.toLowerCase()) {
        case 'ok':
          return verdict('global', c.name, 'pass', `Trusted Advisor check "${c.name}" flags nothing.`, data);
        case 'warning':
          return verdict(
            'global',
            c.name,
            'fail',
            `Trusted Advisor check "${c.name}" warns about ${flagged}.`,
            data,
          );
        case 'error':
          return verdict(
            'global',
            c.name,
            'fail',
            `Trusted Advisor check "${c.name}" recommends action on ${flagged}.`,
            data,
          );
        case 'not_available':
          return verdict(
            'global',
            c.name,
            'not_applicable',
            `Trusted Advisor check "${c.name}" has no result for this account.`,
            data,
          );
        default:
          return unknownWith(
            'global',
            c.name,
            {
              kind: 'unparseable',
              code: 'UnexpectedStatus',
              message: `unexpected Trusted Advisor status ${c.status}`,
              action: 'support:DescribeTrustedAdvisorCheckSummaries',
              httpStatus: null,
            },
            `the result of Trusted Advisor check "${c.name}"`,
            data,
          );
      }
    });
  },
};
