/**
 * Trusted Advisor's reads, each with the rule its answers must meet: the Trusted Advisor API
 * (ListRecommendations, security pillar), and the AWS Support API it falls back to.
 */
import {
  DescribeTrustedAdvisorCheckSummariesCommand,
  DescribeTrustedAdvisorChecksCommand,
} from '@aws-sdk/client-support';
import { ListRecommendationsCommand } from '@aws-sdk/client-trustedadvisor';
import { list, num, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // AWS Support model: `checks` and each check's id, name and category are required members.
  describeTrustedAdvisorChecks: op('support', 'DescribeTrustedAdvisorChecksCommand', 'support:DescribeTrustedAdvisorChecks', (c, i: Input<typeof DescribeTrustedAdvisorChecksCommand>, s) => c.send(new DescribeTrustedAdvisorChecksCommand(i), { abortSignal: s }),
    { fields: { checks: list(record({ id: text(), name: text(), category: text() })) } }),
  // AWS Support model: `summaries`, and each summary's checkId and status, are required members.
  describeTrustedAdvisorCheckSummaries: op('support', 'DescribeTrustedAdvisorCheckSummariesCommand', 'support:DescribeTrustedAdvisorCheckSummaries', (c, i: Input<typeof DescribeTrustedAdvisorCheckSummariesCommand>, s) => c.send(new DescribeTrustedAdvisorCheckSummariesCommand(i), { abortSignal: s }),
    { fields: { summaries: list(record({ checkId: text(), status: text(), resourcesSummary: optional(record({ resourcesProcessed: optional(num()), resourcesFlagged: optional(num()) })) })) } }),
  // Trusted Advisor API model, ListRecommendations: `recommendationSummaries`, and each summary's id, arn,
  // name, status (ok | warning | error), pillars and resourcesAggregates (okCount, warningCount, errorCount),
  // are required members. checkArn is not (recommendations of other sources have none).
  listRecommendations: op('trustedadvisor', 'ListRecommendationsCommand', 'trustedadvisor:ListRecommendations', (c, i: Input<typeof ListRecommendationsCommand>, s) => c.send(new ListRecommendationsCommand(i), { abortSignal: s }),
    { fields: { recommendationSummaries: list(record({ id: text(), arn: text(), name: text(), status: text(), pillars: list(text()), checkArn: optional(text()), resourcesAggregates: record({ okCount: num(), warningCount: num(), errorCount: num() }) })), nextToken: optional(text()) } }),
} as const;
