/**
 * The retest section (docs/retest.md): one sentence saying where the earlier scan's gaps went and what is
 * new, the table of what moved, and for several accounts the roll-up of each account's movement. Built
 * from a retest diff (src/engagement/diff.ts) as document blocks, so the finding (`report --previous`,
 * compose/retest.ts) and `watchpost diff` (retest.md, retest.docx, retest.html) show the same words.
 * Nothing here decides a change: diff.ts did.
 */
import type { Change, DiffRow, DiffSummary } from '../engagement/diff.js';
import { retestSentence } from '../engagement/diff.js';
import type { Result } from '../evidence/schema.js';
import type { Status } from '../evidence/status.js';
import type { Analysis } from './analysis.js';
import { type ContentBlock, type Inline, paragraph, strong, table, text } from './document.js';
import { name, prose } from './prose.js';

/** A retest: the diff of an earlier scan against this one, and when each scan was made. */
export interface Retest {
  rows: readonly DiffRow[];
  summary: DiffSummary;
  /** The calendar day (YYYY-MM-DD, UTC) each scan started, when known (a results file does not say). */
  dates: { before: string | null; after: string | null };
}

export interface RetestView {
  /** A readable name for a resource (a trail's name, a load balancer's); default: the resource as is. */
  resourceLabel?: (accountId: string, resource: string) => string;
  /** Where the full list is, for the line that counts the rows left out ("diff.json"). */
  fullList?: string;
}

/** Rows of the table shown in full; the rest are counted (all are in diff.json). */
export const MAX_RETEST_ROWS = 60;
/** Accounts shown in full in the roll-up. */
export const MAX_RETEST_ACCOUNTS = 60;

/** The words for each change, and the order the table lists them in: what needs doing first. */
export const CHANGE_LABEL: Readonly<Record<Change, string>> = {
  regressed: 'regressed',
  new: 'new',
  'still-open': 'still open',
  'now-unknown': 'now unknown',
  accepted: 'accepted',
  fixed: 'fixed',
  'out-of-scope': 'out of scope',
  unchanged: 'unchanged',
};
const CHANGE_ORDER = Object.keys(CHANGE_LABEL) as Change[];

/** A status in a table cell; no result is a dash. */
export function statusCell(s: Status | null): string {
  return s === null ? '—' : s;
}

/** The first sentence of the section, e.g. "Retest of 2027-03-01: 5 of 8 gaps fixed, …". */
export function retestLead(r: Retest): string {
  const sentence = retestSentence(r.summary, r.dates.after ?? undefined);
  return r.dates.before ? `${sentence} The earlier scan was made on ${r.dates.before}.` : sentence;
}

/** The rows that moved (every change but `unchanged`), worst first, then in the diff's order. */
export function movedRows(rows: readonly DiffRow[]): DiffRow[] {
  const rank = (c: Change) => CHANGE_ORDER.indexOf(c);
  return rows
    .map((row, i) => ({ row, i }))
    .filter((x) => x.row.change !== 'unchanged')
    .sort((x, y) => rank(x.row.change) - rank(y.row.change) || x.i - y.i)
    .map((x) => x.row);
}

function cell(s: string): Inline[] {
  return [text(s)];
}

/** The sentence, the table of what moved, and (several accounts) the roll-up. */
export function retestBlocks(r: Retest, view: RetestView = {}): ContentBlock[] {
  const multiAccount = r.summary.accounts.length > 1;
  const out: ContentBlock[] = [paragraph(text(retestLead(r)))];
  const moved = movedRows(r.rows);
  if (moved.length > 0) {
    const head = [
      ...(multiAccount ? ['Account'] : []),
      'Check',
      'Region',
      'Resource',
      'Before',
      'After',
      'Change',
    ].map(cell);
    const shown = moved
      .slice(0, MAX_RETEST_ROWS)
      .map((row) => [
        ...(multiAccount ? [[name(row.accountId)]] : []),
        cell(row.checkId),
        [name(row.region === '*' ? '* (region list unreadable)' : row.region)],
        row.resource === null
          ? cell('—')
          : [name(view.resourceLabel?.(row.accountId, row.resource) ?? row.resource, 80)],
        cell(statusCell(row.before)),
        cell(statusCell(row.after)),
        [strong(text(CHANGE_LABEL[row.change]))],
      ]);
    out.push(table(head, shown));
    const more = moved.length - shown.length;
    if (more > 0) {
      out.push(
        paragraph(
          prose`${more} further row${text(more === 1 ? '' : 's')} that moved ${text(more === 1 ? 'is' : 'are')} in ${text(view.fullList ?? 'diff.json')}.`,
        ),
      );
    }
  }
  if (multiAccount) out.push(...accountsRollup(r));
  return out;
}

/** One row per account: where its earlier gaps went, what is new, and whether each scan covered it. */
function accountsRollup(r: Retest): ContentBlock[] {
  const accounts = r.summary.accounts;
  const scanned = (b: boolean) => (b ? 'yes' : 'no');
  const head = [
    'Account',
    'Gaps before',
    'Fixed',
    'Still open',
    'Accepted',
    'Now unknown',
    'Out of scope',
    'New gaps',
    'Scanned before / now',
  ].map(cell);
  const rows = accounts
    .slice(0, MAX_RETEST_ACCOUNTS)
    .map((a) => [
      [name(a.accountId)],
      ...[
        a.gaps.before,
        a.gaps.fixed,
        a.gaps.stillOpen,
        a.gaps.accepted,
        a.gaps.nowUnknown,
        a.gaps.outOfScope,
        a.newGaps.new + a.newGaps.regressed,
      ].map((n) => cell(String(n))),
      cell(`${scanned(a.scanned.before)} / ${scanned(a.scanned.after)}`),
    ]);
  const out: ContentBlock[] = [
    paragraph(strong(text('Accounts')), text(' (where each account’s earlier gaps went, and its new gaps)')),
    table(head, rows),
  ];
  const more = accounts.length - rows.length;
  if (more > 0) {
    out.push(paragraph(prose`${more} further account${text(more === 1 ? ' is' : 's are')} in diff.json.`));
  }
  return out;
}

/** Readable resource names from the finding's analysis of a scan (it reads only account and resource). */
export function resourceLabels(a: Analysis): (accountId: string, resource: string) => string {
  return (accountId, resource) => a.resourceLabel({ accountId, resource } as Result);
}

/** The calendar day (UTC) of an ISO timestamp, or null. */
export function dayOf(iso: string | null | undefined): string | null {
  const m = iso ? /^(\d{4}-\d{2}-\d{2})T/.exec(iso) : null;
  return m ? m[1]! : null;
}
