import type { CheckDefinition } from '../../../checks/types.js';
import { causeOf, verdict } from '../../../checks/types.js';
import { notCollectedGlobal, unknownWith } from '../../../checks/util.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { text } from '../../../finding/document.js';
import { type Item, list, name, plural, prose, sortResults } from '../../../finding/prose.js';

const WHAT = 'the Trusted Advisor security checks';

/**
 * The security checks AWS shows every account in the Trusted Advisor console, whatever its support plan
 * (Basic and Developer plans included): what a person can still review by hand when the APIs are refused.
 */
export const CONSOLE_CHECKS_ON_EVERY_PLAN = [
  'Amazon S3 Bucket Permissions',
  'Security Groups - Specific Ports Unrestricted',
  'IAM Use',
  'MFA on Root Account',
  'Amazon EBS Public Snapshots',
  'Amazon RDS Public Snapshots',
] as const;

/** How many resources a Trusted Advisor check of this name flagged, from the evidence (null: not reported). */
function flaggedIn(account: AccountEvidence | undefined, checkName: string): number | null {
  const ta = account?.trustedadvisor;
  if (!ta?.ok) return null;
  return ta.value.checks.findLast((c) => c.name === checkName)?.resourcesFlagged ?? null;
}

export const trustedAdvisorSecurityChecks: CheckDefinition = {
  meta: {
    id: 'trustedadvisor.security-checks',
    service: 'trustedadvisor',
    title: 'Trusted Advisor security recommendations are acted upon',
    label: 'Security check',
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
    if (!ta) return notCollectedGlobal('trustedadvisor:ListRecommendations', WHAT);
    if (!ta.ok) {
      if (ta.error.kind === 'subscription-required') {
        return [
          {
            region: 'global',
            resource: null,
            status: 'unknown',
            detail: `Neither the Trusted Advisor API nor the AWS Support API answers without a Business, Enterprise On-Ramp or Enterprise support plan, so Trusted Advisor is not assessable here; the console still shows every plan these security checks, to review by hand: ${CONSOLE_CHECKS_ON_EVERY_PLAN.join(', ')}.`,
            cause: causeOf(ta.error),
            data: { supportPlanRequired: true, consoleChecks: [...CONSOLE_CHECKS_ON_EVERY_PLAN] },
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
    const source = ta.value.source ?? 'support';
    const statusAction =
      source === 'trustedadvisor'
        ? 'trustedadvisor:ListRecommendations'
        : 'support:DescribeTrustedAdvisorCheckSummaries';
    return checks.map((c) => {
      const data = {
        source,
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
              action: statusAction,
              httpStatus: null,
            },
            `the result of Trusted Advisor check "${c.name}"`,
            data,
          );
      }
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      const names = sortResults(fails).map((r): Item => {
        const flagged =
          typeof r.data.resourcesFlagged === 'number'
            ? r.data.resourcesFlagged
            : flaggedIn(ctx.a.account(r.accountId), r.resource ?? '');
        const check = name(ctx.a.resourceLabel(r) || r.detail, 80);
        return flagged !== null && flagged > 0 ? prose`${check} (${plural(flagged, 'item')} flagged)` : check;
      });
      const which =
        fails.length === 1 ? 'one of its security checks' : `${fails.length} of its security checks`;
      return [
        prose`Trusted Advisor was available, but ${text(which)} reported items that had not been dealt with: ${list(names, 12)}.`,
      ];
    },
    // Without a support plan that includes the API, the console still shows the checks.
    unknown(unknowns) {
      const cause = unknowns[0]?.cause;
      const accounts = new Set(unknowns.map((r) => r.accountId)).size;
      const whose =
        accounts > 1 ? `the plans of the ${accounts} accounts concerned do` : "the account's plan does";
      if (cause?.kind !== 'subscription-required') return undefined;
      return {
        what: prose`could not be read through the API`,
        why: prose`The Support API answered ${name(cause.code, 60)}: it, like the Trusted Advisor API, needs a Business, Enterprise On-Ramp or Enterprise support plan, so Trusted Advisor was not assessable. On this plan the Trusted Advisor console still shows ${text(CONSOLE_CHECKS_ON_EVERY_PLAN.join(', '))}: review them there by hand and record what they show; nothing is claimed here.`,
        limitation: prose`Trusted Advisor's security checks were not assessed: reading them needs a Business, Enterprise On-Ramp or Enterprise support plan, and ${text(whose)} not include it (AWS answered ${name(cause.code, 60)}). On every plan the Trusted Advisor console still shows ${text(CONSOLE_CHECKS_ON_EVERY_PLAN.join(', '))}; these can be reviewed there.`,
      };
    },
  },
};
