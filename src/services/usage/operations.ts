/**
 * The usage reads behind the cost estimate (src/costs/): what AWS reports a service already costs, and
 * the CloudWatch metrics that drive the price of a gap. Each with the rule its answers must meet.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetUsageStatisticsCommand } from '@aws-sdk/client-guardduty';
import { ListUsageTotalsCommand } from '@aws-sdk/client-inspector2';
import { GetUsageTotalsCommand } from '@aws-sdk/client-macie2';
import { list, num, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // GuardDuty model, GetUsageStatistics (SUM_BY_ACCOUNT): the usage cost of the last 30 days per account;
  // `Total.Amount` is a string in `Total.Unit` (USD). An account GuardDuty does not list has no entry.
  getGuardDutyUsage: op('guardduty', 'GetUsageStatisticsCommand', 'guardduty:GetUsageStatistics', (c, i: Input<typeof GetUsageStatisticsCommand>, s) => c.send(new GetUsageStatisticsCommand(i), { abortSignal: s }),
    { fields: { UsageStatistics: record({ SumByAccount: optional(list(record({ AccountId: text(), Total: record({ Amount: text(), Unit: text() }) }))) }), NextToken: optional(text()) } }),
  // Inspector model, ListUsageTotals: per account, each usage type with its `estimatedMonthlyCost` and
  // `currency` (both required here: without them the line is not estimated, never zero).
  listInspectorUsage: op('inspector2', 'ListUsageTotalsCommand', 'inspector2:ListUsageTotals', (c, i: Input<typeof ListUsageTotalsCommand>, s) => c.send(new ListUsageTotalsCommand(i), { abortSignal: s }),
    { fields: { totals: list(record({ accountId: text(), usage: list(record({ type: text(), estimatedMonthlyCost: num(), currency: text() })) })), nextToken: optional(text()) } }),
  // Macie model, GetUsageTotals: each usage type's `estimatedCost` (a string) in `currency`.
  getMacieUsage: op('macie2', 'GetUsageTotalsCommand', 'macie2:GetUsageTotals', (c, i: Input<typeof GetUsageTotalsCommand>, s) => c.send(new GetUsageTotalsCommand(i), { abortSignal: s }),
    { fields: { usageTotals: list(record({ type: text(), estimatedCost: text(), currency: text() })) } }),
  // CloudWatch model, GetMetricData: one result per query id with its values (empty when the metric had
  // no data point in the window) and a StatusCode (Complete, PartialData: more on the next page,
  // InternalError, Forbidden).
  getMetricData: op('cloudwatch', 'GetMetricDataCommand', 'cloudwatch:GetMetricData', (c, i: Input<typeof GetMetricDataCommand>, s) => c.send(new GetMetricDataCommand(i), { abortSignal: s }),
    { fields: { MetricDataResults: list(record({ Id: text(), Values: list(num()), StatusCode: text() })), NextToken: optional(text()) } }),
} as const;
