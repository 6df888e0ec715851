/**
 * cloudtrail.insights: a logging trail records CloudTrail Insights events (unusual API call rates or error
 * rates), read with GetInsightSelectors per trail. CloudTrail's InsightNotEnabledException is its answer
 * for a trail without Insights (API reference): proof of "off", collected as no Insights types.
 */
import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected, unknownVerdict, verdict } from '../../../checks/types.js';
import { listWords, notCollectedGlobal, unknownWith } from '../../../checks/util.js';
import { inAccounts, prose } from '../../../finding/prose.js';
import { isLogging, orgNote, sortedTrails, trailListGap } from '../trails.js';

const WHAT = 'whether a logging trail records CloudTrail Insights events';

export const cloudtrailInsights: CheckDefinition = {
  meta: {
    id: 'cloudtrail.insights',
    service: 'cloudtrail',
    title: 'A logging trail records CloudTrail Insights events',
    severity: 'low',
    securityHub: null,
    cis: null,
    remediation:
      'Enable CloudTrail Insights (API call rate and API error rate) on the multi-region trail, so that unusual bursts of activity are flagged.',
    scope: 'account',
    enablement: false,
  },
  evaluate(account) {
    const ct = account.cloudtrail;
    if (!ct) return notCollectedGlobal('cloudtrail:DescribeTrails', WHAT);
    const all = sortedTrails(ct.trails);
    const logging = all.filter(isLogging);
    const data = { trails: logging.map((t) => t.arn) };
    for (const t of logging) {
      const ins = t.insights;
      if (ins?.ok && ins.value.types.length > 0) {
        return [
          verdict(
            'global',
            null,
            'pass',
            `Trail ${t.name}${orgNote(t, account.accountId)} records CloudTrail Insights (${listWords(ins.value.types)}).`,
            { ...data, insightTrail: t.arn, insightTypes: ins.value.types },
          ),
        ];
      }
    }
    const statusErr = all.find((t) => !t.status.ok);
    if (statusErr && !statusErr.status.ok)
      return [unknownWith('global', null, statusErr.status.error, WHAT, data)];
    const gap = trailListGap(account);
    if (gap) return [{ ...unknownVerdict('global', null, gap, WHAT), data }];
    if (logging.length === 0) {
      return [
        verdict(
          'global',
          null,
          'not_applicable',
          'No CloudTrail trail is logging; cloudtrail.enabled reports it.',
          data,
        ),
      ];
    }
    for (const t of logging) {
      if (!t.insights)
        return [unknownWith('global', null, notCollected('cloudtrail:GetInsightSelectors'), WHAT, data)];
      if (!t.insights.ok) return [unknownWith('global', null, t.insights.error, WHAT, data)];
    }
    return [
      verdict(
        'global',
        null,
        'fail',
        `No logging trail records CloudTrail Insights events (${listWords(logging.map((t) => t.name))}: InsightNotEnabledException or no Insights type).`,
        data,
      ),
    ];
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        inAccounts(
          ctx,
          fails,
          prose`CloudTrail Insights was not enabled on any logging trail, so unusual bursts of API calls or errors (a sign of a compromised credential or a runaway script) would not be flagged.`,
        ),
      ];
    },
  },
};
