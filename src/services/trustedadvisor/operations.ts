/** Trusted Advisor's reads (through the AWS Support API), each with the rule its answers must meet. */
import {
  DescribeTrustedAdvisorCheckSummariesCommand,
  DescribeTrustedAdvisorChecksCommand,
} from '@aws-sdk/client-support';
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
} as const;
