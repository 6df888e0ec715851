/**
 * Trusted Advisor's security checks, once per account in the partition's global region: first through the
 * Trusted Advisor API (ListRecommendations, security pillar), and when it does not answer (a Basic or
 * Developer plan: 403 "Access denied due to support level"; an IAM policy without
 * trustedadvisor:ListRecommendations, such as SecurityAudit; or any other failure) through the AWS Support
 * API (the security checks and their summaries), recording why. SubscriptionRequiredException from the
 * Support API (Basic/Developer plans) stays the error it is: the checks cannot be read.
 */
import type { TrustedAdvisorCheckDescription, TrustedAdvisorCheckSummary } from '@aws-sdk/client-support';
import type { RecommendationSummary } from '@aws-sdk/client-trustedadvisor';
import type { z } from 'zod';
import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { AwsError, Observed } from '../../evidence/observed.js';
import { unparseable } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { TrustedAdvisorCheckSchema, TrustedAdvisorEvidence } from './schema.js';

type TaCheck = z.infer<typeof TrustedAdvisorCheckSchema>;

/** Status recorded for a security check whose summary AWS did not return (we do not know its state). */
export const SUMMARY_MISSING = 'summary_missing';

const BATCH = 100;

export function securityChecks(
  checks: readonly TrustedAdvisorCheckDescription[],
): TrustedAdvisorCheckDescription[] {
  return checks.filter((c) => c.category === 'security' && typeof c.id === 'string');
}

export function mergeSummaries(
  checks: readonly TrustedAdvisorCheckDescription[],
  summaries: readonly TrustedAdvisorCheckSummary[],
): TaCheck[] {
  const byId = new Map(summaries.map((s) => [s.checkId, s]));
  return checks.map((c) => {
    const s = byId.get(c.id);
    return {
      id: c.id ?? '',
      name: c.name ?? '',
      category: c.category ?? '',
      status: s?.status ?? SUMMARY_MISSING,
      resourcesFlagged: s?.resourcesSummary?.resourcesFlagged ?? null,
      resourcesProcessed: s?.resourcesSummary?.resourcesProcessed ?? null,
    };
  });
}

/** The Trusted Advisor API's security recommendations as checks (flagged: warning and error counts). */
export function recommendationChecks(recs: readonly RecommendationSummary[]): TaCheck[] {
  return recs
    .filter((r) => (r.pillars ?? []).includes('security'))
    .map((r) => {
      const a = r.resourcesAggregates;
      const flagged = a ? (a.warningCount ?? 0) + (a.errorCount ?? 0) : null;
      return {
        id: r.checkArn ?? r.id ?? '',
        name: r.name ?? '',
        category: 'security',
        status: r.status ?? '',
        resourcesFlagged: flagged,
        resourcesProcessed: a && flagged !== null ? (a.okCount ?? 0) + flagged : null,
      };
    });
}

async function throughTrustedAdvisorApi(session: AwsSession, region: string): Promise<Observed<TaCheck[]>> {
  const recs = await session.paginate(
    OPS.listRecommendations,
    region,
    { pillar: 'security', language: 'en' },
    { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.recommendationSummaries },
  );
  return recs.ok ? { ok: true, value: recommendationChecks(recs.value) } : recs;
}

export async function collectTrustedAdvisor(
  session: AwsSession,
  partition: string,
): Promise<TrustedAdvisorEvidence> {
  const region = globalRegion(partition);
  const api = await throughTrustedAdvisorApi(session, region);
  if (api.ok) return { ok: true, value: { checks: api.value, source: 'trustedadvisor' } };
  const support = await throughSupportApi(session, region, api.error);
  if (support.ok) return support;
  return { ok: false, error: bothFailed(api.error, support.error) };
}

/**
 * The error that stands for Trusted Advisor when neither API answered: the Support API's when the Trusted
 * Advisor API was refused (by the plan or by IAM: the Support API is then the source that matters, and a
 * Basic plan's SubscriptionRequiredException says what it is); else the Trusted Advisor API's own failure
 * (it was reachable but broken, throttled or unreadable), naming the Support API's failure too.
 */
export function bothFailed(api: AwsError, support: AwsError): AwsError {
  if (support.kind === 'subscription-required') return support;
  if (api.kind === 'access-denied' || api.kind === 'subscription-required') return support;
  return {
    ...api,
    message: `${api.message}; the AWS Support API, asked instead, failed too (${support.code} on ${support.action})`,
  };
}

async function throughSupportApi(
  session: AwsSession,
  region: string,
  apiError: AwsError,
): Promise<TrustedAdvisorEvidence> {
  const list = await session.call(OPS.describeTrustedAdvisorChecks, region, { language: 'en' });
  if (!list.ok) return list;
  if (!Array.isArray(list.value.checks)) {
    return {
      ok: false,
      error: unparseable(
        OPS.describeTrustedAdvisorChecks.iamAction,
        'DescribeTrustedAdvisorChecks answered without checks',
      ),
    };
  }
  const checks = securityChecks(list.value.checks);
  const ids = checks.map((c) => c.id as string);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  const answers = await Promise.all(
    batches.map((checkIds) => session.call(OPS.describeTrustedAdvisorCheckSummaries, region, { checkIds })),
  );
  const summaries: TrustedAdvisorCheckSummary[] = [];
  for (const a of answers) {
    if (!a.ok) return a;
    if (!Array.isArray(a.value.summaries)) {
      return {
        ok: false,
        error: unparseable(
          OPS.describeTrustedAdvisorCheckSummaries.iamAction,
          'DescribeTrustedAdvisorCheckSummaries answered without summaries',
        ),
      };
    }
    summaries.push(...a.value.summaries);
  }
  return {
    ok: true,
    value: { checks: mergeSummaries(checks, summaries), source: 'support', trustedAdvisorApiError: apiError },
  };
}

const PART: CollectorPart = {
  name: 'trustedadvisor',
  operations: [
    OPS.listRecommendations,
    OPS.describeTrustedAdvisorChecks,
    OPS.describeTrustedAdvisorCheckSummaries,
  ],
};

export const collect: Collector<TrustedAdvisorEvidence> = (kit) =>
  kit.global(PART, () => collectTrustedAdvisor(kit.session, kit.partition));
