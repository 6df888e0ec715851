/**
 * The cost table (docs/costs.md) as document blocks: the caveat that it is an estimate, a table of the
 * gaps' and the current costs' lines with their basis, and the totals. Every text from a line is shown as
 * a value (it may hold resource names AWS gave): each renderer escapes it.
 */
import { type CostLine, costCaveat, totalOf, usdRange } from '../costs/estimate.js';
import type { PriceTable } from '../costs/prices.js';
import { type ContentBlock, type Inline, paragraph, table, text, value } from './document.js';

/** What the finding and the HTML report show of the estimate. */
export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly table: PriceTable;
}

const KIND: Record<CostLine['kind'], string> = { gap: 'to close the gap', current: 'paid today' };

function figure(l: CostLine): string {
  return l.monthlyUsd === null ? 'not estimated' : usdRange(l.monthlyUsd);
}

/** The blocks, or none when there is no line. */
export function costBlocks(estimate: CostEstimate): ContentBlock[] {
  // What a service already on costs is worth a line only where AWS reported it (costs.json keeps them all).
  const lines = estimate.lines.filter((l) => l.kind === 'gap' || l.monthlyUsd !== null);
  if (lines.length === 0) return [];
  const accounts = new Set(lines.map((l) => l.accountId));
  const several = accounts.size > 1;
  const header: Inline[][] = [
    ...(several ? [[text('Account')]] : []),
    [text('Item')],
    [text('Region')],
    [text('Cost')],
    [text('Estimate a month (USD)')],
    [text('Basis')],
  ];
  const rows: Inline[][][] = lines.map((l) => [
    ...(several ? [[value(l.accountId, 20)]] : []),
    [value(l.item, 200)],
    // Account-wide lines say so in words, as the evidence tables do.
    [l.region === 'global' ? text('Account-wide') : value(l.region, 40)],
    [text(KIND[l.kind])],
    [text(figure(l))],
    [value(l.basis, 900)],
  ]);
  const gaps = totalOf(lines.filter((l) => l.kind === 'gap'));
  const current = totalOf(lines.filter((l) => l.kind === 'current'));
  const totals: string[] = [];
  if (gaps) totals.push(`closing the gaps estimated above: about ${usdRange(gaps)} a month`);
  if (current) totals.push(`what the services already on cost today: about ${usdRange(current)} a month`);
  const blocks: ContentBlock[] = [paragraph(text(costCaveat(estimate.table))), table(header, rows)];
  if (totals.length > 0) blocks.push(paragraph(text(`In total, ${totals.join('; ')}.`)));
  return blocks;
}
