/** Trusted Advisor: the Trusted Advisor API first, the Support API when it does not answer (issue 13). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyError } from '../../src/aws/errors.js';
import { AwsSession, type Gateway } from '../../src/aws/gateway.js';
import type { Operation } from '../../src/aws/operation.js';
import type { AwsError, Observed } from '../../src/evidence/observed.js';
import { bothFailed, collectTrustedAdvisor } from '../../src/services/trustedadvisor/collect.js';
import { TrustedAdvisorEvidenceSchema } from '../../src/services/trustedadvisor/schema.js';

type Handler = (region: string, input: Record<string, unknown>) => Observed<unknown>;
const ok = (value: unknown): Observed<unknown> => ({ ok: true, value });
const fail = (error: AwsError): Observed<unknown> => ({ ok: false, error });

function fakeSession(handlers: Record<string, Handler>) {
  const calls: { command: string; region: string; input: Record<string, unknown> }[] = [];
  const gateway = {
    async execute(
      _s: unknown,
      op: Operation<unknown, unknown>,
      region: string,
      input: Record<string, unknown>,
    ) {
      calls.push({ command: op.command, region, input });
      const h = handlers[op.command];
      return h
        ? h(region, input)
        : fail({
            kind: 'access-denied',
            code: 'AccessDeniedException',
            message: 'denied',
            action: op.iamAction,
            httpStatus: 403,
          });
    },
  } as unknown as Gateway;
  return {
    session: new AwsSession(gateway, async () => ({ accessKeyId: 'x', secretAccessKey: 'y' })),
    calls,
  };
}

const rec = (i: number, status: string, pillars = ['security']) => ({
  id: `r${i}`,
  arn: `arn:aws:trustedadvisor::123456789012:recommendation/r${i}`,
  checkArn: `arn:aws:trustedadvisor:::check/c${i}`,
  name: `check ${i}`,
  status,
  pillars,
  source: 'ta_check',
  type: 'standard',
  resourcesAggregates: {
    okCount: 3,
    warningCount: status === 'warning' ? 2 : 0,
    errorCount: status === 'error' ? 1 : 0,
  },
});

const supportOk: Record<string, Handler> = {
  DescribeTrustedAdvisorChecksCommand: () =>
    ok({ checks: [{ id: 's1', name: 'IAM Use', category: 'security' }] }),
  DescribeTrustedAdvisorCheckSummariesCommand: () =>
    ok({
      summaries: [
        { checkId: 's1', status: 'ok', resourcesSummary: { resourcesFlagged: 0, resourcesProcessed: 1 } },
      ],
    }),
};

describe('Trusted Advisor collection', () => {
  test('the Trusted Advisor API answers: its security recommendations, pages followed, the Support API not asked', async () => {
    const { session, calls } = fakeSession({
      ListRecommendationsCommand: (_r, input) =>
        input.nextToken
          ? ok({ recommendationSummaries: [rec(3, 'error'), rec(4, 'ok', ['cost_optimizing'])] })
          : ok({ recommendationSummaries: [rec(1, 'ok'), rec(2, 'warning')], nextToken: 't' }),
    });
    const ta = await collectTrustedAdvisor(session, 'aws');
    TrustedAdvisorEvidenceSchema.parse(ta);
    assert.ok(ta.ok);
    assert.equal(ta.value.source, 'trustedadvisor');
    assert.deepEqual(
      ta.value.checks.map((c) => [c.id, c.status, c.resourcesFlagged, c.resourcesProcessed]),
      [
        ['arn:aws:trustedadvisor:::check/c1', 'ok', 0, 3],
        ['arn:aws:trustedadvisor:::check/c2', 'warning', 2, 5],
        ['arn:aws:trustedadvisor:::check/c3', 'error', 1, 4],
      ],
    );
    assert.deepEqual(
      calls.map((c) => c.command),
      ['ListRecommendationsCommand', 'ListRecommendationsCommand'],
    );
    assert.equal(calls[0]?.input.pillar, 'security');
    assert.ok(calls.every((c) => c.region === 'us-east-1'));
  });

  test('the Trusted Advisor API refused (plan or IAM): the Support API answers, and why is recorded', async () => {
    const planLimited = classifyError(
      Object.assign(new Error('Access denied due to support level'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      }),
      'trustedadvisor:ListRecommendations',
    );
    assert.equal(planLimited.kind, 'subscription-required');
    const { session, calls } = fakeSession({
      ...supportOk,
      ListRecommendationsCommand: () => fail(planLimited),
    });
    const ta = await collectTrustedAdvisor(session, 'aws');
    assert.ok(ta.ok);
    assert.equal(ta.value.source, 'support');
    assert.equal(ta.value.trustedAdvisorApiError?.kind, 'subscription-required');
    assert.equal(ta.value.checks[0]?.name, 'IAM Use');
    assert.equal(calls.filter((c) => c.command === 'ListRecommendationsCommand').length, 1);
  });

  test('an IAM denial of the Trusted Advisor API is not a plan limit; both refused → the Support API error', async () => {
    const { session } = fakeSession({});
    const ta = await collectTrustedAdvisor(session, 'aws');
    assert.equal(ta.ok, false);
    assert.equal(!ta.ok && ta.error.action, 'support:DescribeTrustedAdvisorChecks');
    const denied = classifyError(
      Object.assign(new Error('User is not authorized to perform: trustedadvisor:ListRecommendations'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      }),
      'trustedadvisor:ListRecommendations',
    );
    assert.equal(denied.kind, 'access-denied');
  });

  test('a hollow answer from the Trusted Advisor API is never "no recommendation": the Support API is asked', async () => {
    const { session } = fakeSession({
      ...supportOk,
      ListRecommendationsCommand: () =>
        fail({
          kind: 'unparseable',
          code: 'HollowAnswer',
          message: 'empty',
          action: 'trustedadvisor:ListRecommendations',
          httpStatus: 200,
        }),
    });
    const ta = await collectTrustedAdvisor(session, 'aws');
    assert.ok(ta.ok);
    assert.equal(ta.value.source, 'support');
  });

  test('neither API answers: the plan limit or the Support error when the Trusted Advisor API was refused, else its own failure', () => {
    const e = (kind: AwsError['kind'], code: string, action: string): AwsError => ({
      kind,
      code,
      action,
      message: code,
      httpStatus: null,
    });
    const subReq = e(
      'subscription-required',
      'SubscriptionRequiredException',
      'support:DescribeTrustedAdvisorChecks',
    );
    assert.equal(
      bothFailed(e('unparseable', 'HollowAnswer', 'trustedadvisor:ListRecommendations'), subReq),
      subReq,
    );
    const supportDown = e('server-error', 'InternalServerError', 'support:DescribeTrustedAdvisorChecks');
    assert.equal(
      bothFailed(
        e('access-denied', 'AccessDeniedException', 'trustedadvisor:ListRecommendations'),
        supportDown,
      ),
      supportDown,
    );
    const broken = bothFailed(
      e('unparseable', 'HollowAnswer', 'trustedadvisor:ListRecommendations'),
      supportDown,
    );
    assert.equal(broken.action, 'trustedadvisor:ListRecommendations');
    assert.match(broken.message, /Support API, asked instead, failed too \(InternalServerError/);
  });
});
