/**
 * The cost table (docs/costs.md) as document blocks: the caveat that it is an estimate, a table of the
 * gaps' and the current costs' lines with their basis, and the totals. Every text from a line is shown as
 * a value (it may hold resource names AWS gave): each renderer escapes it.
 */
import { type CostLine, costCaveat, totalOf, usdRange } from '../costs/estimate.js';
import type { PriceTable } from '../costs/prices.js';
import { LABELS } from '../services/registry.js';
import {
  bullets,
  type ContentBlock,
  type Inline,
  paragraph,
  strong,
  table,
  text,
  value,
} from './document.js';

/** What the finding and the HTML report show of the estimate. */
export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly table: PriceTable;
}

function figure(l: CostLine): string {
  return l.monthlyUsd === null ? 'not estimated' : usdRange(l.monthlyUsd);
}

/** Rows of one cost table before an organization's lines are summed per service instead. */
const MAX_ROWS = 40;

/**
 * An organization's lines per service: how many items in how many accounts and regions, and their sum
 * (costs.json lists every item). A thousand accounts would otherwise make a table of tens of thousands of
 * rows that no client reads.
 */
function summary(lines: readonly CostLine[]): ContentBlock {
  const header: Inline[][] = [
    [text('Service')],
    [text('Items')],
    [text('Estimate a month (USD)')],
    [text('Basis')],
  ];
  const services = [...new Set(lines.map((l) => l.service))];
  const rows = services.map((service) => {
    const own = lines.filter((l) => l.service === service);
    const accounts = new Set(own.map((l) => l.accountId)).size;
    const regions = new Set(own.filter((l) => l.region !== 'global').map((l) => l.region)).size;
    const unpriced = own.filter((l) => l.monthlyUsd === null).length;
    const sum = totalOf(own);
    const where = `${count(accounts, 'account')}${regions > 0 ? `, ${count(regions, 'region')}` : ''}`;
    const basis =
      `The sum of the ${count(own.length, 'item')} costs.json lists for ${LABELS[service].title}, each with its basis.` +
      (unpriced > 0
        ? ` ${count(unpriced, 'item')} could not be estimated and ${unpriced === 1 ? 'is' : 'are'} left out of the sum.`
        : '');
    return [
      [text(LABELS[service].short)],
      [text(`${count(own.length, 'item')} in ${where}`)],
      [text(sum ? usdRange(sum) : 'not estimated')],
      [text(basis)],
    ];
  });
  return table(header, rows);
}

function count(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}

/**
 * The blocks, or none when there is no line: the caveat; what closing the gaps would cost and what the
 * services already on cost today, each a table with its total; then, once per service, what its lines
 * share (free trials, what costs extra, the source of the prices), so that each row says only its own.
 */
export function costBlocks(estimate: CostEstimate): ContentBlock[] {
  // What a service already on costs is worth a line only where AWS reported it (costs.json keeps them all).
  const lines = estimate.lines.filter((l) => l.kind === 'gap' || l.monthlyUsd !== null);
  if (lines.length === 0) return [];
  const several = new Set(lines.map((l) => l.accountId)).size > 1;
  const header: Inline[][] = [
    ...(several ? [[text('Account')]] : []),
    [text('Item')],
    [text('Region')],
    [text('Estimate a month (USD)')],
    [text('Basis')],
  ];
  const row = (l: CostLine): Inline[][] => [
    ...(several ? [[value(l.accountId, 20)]] : []),
    [value(l.item, 200)],
    // Account-wide lines say so in words, as the evidence tables do.
    [l.region === 'global' ? text('Account-wide') : value(l.region, 40)],
    [text(figure(l))],
    [value(l.basis, 600)],
  ];
  const blocks: ContentBlock[] = [paragraph(text(costCaveat(estimate.table)))];
  const part = (kind: CostLine['kind'], title: string, total: (usd: string) => string) => {
    const own = lines.filter((l) => l.kind === kind);
    if (own.length === 0) return;
    blocks.push(
      paragraph(strong(text(title))),
      several && own.length > MAX_ROWS ? summary(own) : table(header, own.map(row)),
    );
    const sum = totalOf(own);
    if (sum) blocks.push(paragraph(text(total(usdRange(sum)))));
  };
  part('gap', 'What closing the gaps would cost', (t) => `In total, about ${t} a month.`);
  part(
    'current',
    'What the services already on cost today',
    (t) => `In total, about ${t} a month, as AWS reports it.`,
  );
  const terms = new Map<string, { service: CostLine['service']; terms: string }>();
  for (const l of lines) {
    if (l.terms) terms.set(`${l.service}\u0000${l.terms}`, { service: l.service, terms: l.terms });
  }
  if (terms.size > 0) {
    blocks.push(
      paragraph(text('Terms and sources of the prices:')),
      bullets(
        [...terms.values()].map((t) => [
          strong(text(`${LABELS[t.service].short}:`)),
          text(' '),
          value(t.terms, 600),
        ]),
      ),
    );
  }
  return blocks;
}
