/**
 * Evidence in place of screenshots: compact tables built from check results, in the words people read
 * (check labels, status words, "Account-wide"); every cell is one result's status, so each line of evidence
 * traces back to results.json. Rows and columns where nothing applied are counted, not shown.
 */
import { compareRegions } from '../evidence/regions.js';
import type { Result } from '../evidence/schema.js';
import { STATUS_RANK, STATUS_WORDS, type Status, worse } from '../evidence/status.js';
import { checkLabel, checkRank, LABELS, SERVICES, type ServiceId } from '../services/registry.js';
import type { Analysis } from './analysis.js';
import {
  type ContentBlock,
  figure,
  figureFileName,
  type Inline,
  paragraph,
  strong,
  table,
  text,
} from './document.js';
import { name, prose } from './prose.js';

export const MAX_RESOURCE_ROWS = 30;
/** Account-region rows of a service's regional table in a multi-account finding. */
export const MAX_REGIONAL_ROWS = 60;

/** Passing or not-applicable resource rows shown in full up to this many. */
const MAX_FINE_ROWS = 6;

/** Check ids in the registry's documented order, unknown ones after, alphabetically. */
function byCheckOrder(a: string, b: string): number {
  const rank = (id: string) => checkRank(id) ?? Number.MAX_SAFE_INTEGER;
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A cell of our words (labels, status words). */
function cell(s: string): Inline[] {
  return [text(s)];
}

/** A cell of statuses, in the words people read. */
function statusCell(statuses: Iterable<Status>): Inline[] {
  return cell([...statuses].map((st) => STATUS_WORDS[st]).join(' / '));
}

/** A region cell: an account-wide result says so; the region list that could not be read is `*`. */
function regionCell(region: string): Inline[] {
  if (region === 'global') return cell('Account-wide');
  if (region === '*') return cell('All regions (the region list could not be read)');
  return [name(region)];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function serviceTables(a: Analysis, service: ServiceId, omitUnknown: boolean): ContentBlock[] {
  const rs = a.forService(service).filter((r) => !(omitUnknown && r.status === 'unknown'));
  if (rs.length === 0) return [];
  const checkIds = [...new Set(rs.map((r) => r.checkId))].sort(byCheckOrder);
  const resourceChecks = new Set(rs.filter((r) => r.resource !== null).map((r) => r.checkId));
  const regionalChecks = checkIds.filter((id) => !resourceChecks.has(id));
  const out: ContentBlock[] = [];

  if (regionalChecks.length > 0) {
    // One pass over the results: statuses per account × region × check.
    const cellsByKey = new Map<
      string,
      { accountId: string; region: string; statuses: Map<string, Set<Status>> }
    >();
    const regional = new Set(regionalChecks);
    for (const r of rs) {
      if (!regional.has(r.checkId)) continue;
      const key = `${r.accountId}|${r.region}`;
      let entry = cellsByKey.get(key);
      if (!entry) {
        entry = { accountId: r.accountId, region: r.region, statuses: new Map() };
        cellsByKey.set(key, entry);
      }
      const st = entry.statuses.get(r.checkId);
      if (st) st.add(r.status);
      else entry.statuses.set(r.checkId, new Set([r.status]));
    }
    const all = [...cellsByKey.values()].sort((x, y) =>
      x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : compareRegions(x.region, y.region),
    );
    // A row where no check applied says nothing: it is counted, not shown. One account: every other
    // region. Several: the account-regions with a gap (fail, accepted or unknown); the others are counted.
    const applies = (k: (typeof all)[number]) =>
      [...k.statuses.values()].some((st) => [...st].some((s) => s !== 'not_applicable'));
    const gap = (k: (typeof all)[number]) =>
      [...k.statuses.values()].some((st) => st.has('fail') || st.has('unknown') || st.has('accepted'));
    const rows = all.filter(a.multiAccount ? gap : applies);
    // Columns where every shown cell is "not applicable" (or empty) go too.
    const columns = regionalChecks.filter((id) =>
      rows.some((k) => [...(k.statuses.get(id) ?? [])].some((s) => s !== 'not_applicable')),
    );
    const shown = rows.slice(0, MAX_REGIONAL_ROWS);
    if (shown.length > 0) {
      const head = [...(a.multiAccount ? ['Account'] : []), 'Region', ...columns.map(checkLabel)].map(cell);
      out.push(
        table(
          head,
          shown.map((k) => {
            const cells = columns.map((id) => {
              const st = k.statuses.get(id);
              return st ? statusCell(st) : cell('—');
            });
            return [...(a.multiAccount ? [[name(k.accountId)]] : []), regionCell(k.region), ...cells];
          }),
        ),
      );
    }
    const further = rows.length - shown.length;
    if (further > 0) {
      out.push(
        paragraph(
          text(
            `${plural(further, 'further account-region with a gap is', 'further account-regions with a gap are')} not shown.`,
          ),
        ),
      );
    }
    const hidden = all.length - rows.length;
    if (hidden > 0 && shown.length > 0) {
      out.push(
        paragraph(
          text(
            `${plural(hidden, a.multiAccount ? 'other account-region is' : 'other region is', a.multiAccount ? 'other account-regions are' : 'other regions are')} not shown: no gap was found there.`,
          ),
        ),
      );
    }
  }

  const candidates = rs.filter(
    (r) =>
      resourceChecks.has(r.checkId) &&
      (r.resource !== null || r.status === 'unknown' || r.status === 'fail' || r.status === 'accepted'),
  );
  // Passing rows give context when they are few; many (Trusted Advisor's checks) only bury the gaps.
  // A resource a check does not apply to says nothing: never shown.
  const isFine = (r: Result) => r.status === 'pass' || r.status === 'not_applicable';
  const fine = candidates.filter(isFine);
  const hideFine = fine.length > MAX_FINE_ROWS;
  const resourceRows = candidates
    .filter((r) => r.status !== 'not_applicable' && (!hideFine || !isFine(r)))
    .sort(
      (x, y) =>
        STATUS_RANK[y.status] - STATUS_RANK[x.status] ||
        byCheckOrder(x.checkId, y.checkId) ||
        compareRegions(x.region, y.region) ||
        ((x.resource ?? '') < (y.resource ?? '') ? -1 : (x.resource ?? '') > (y.resource ?? '') ? 1 : 0),
    );
  if (resourceRows.length > 0) {
    const head = [...(a.multiAccount ? ['Account'] : []), 'Resource', 'Region', 'Check', 'Status'].map(cell);
    out.push(
      table(
        head,
        resourceRows.slice(0, MAX_RESOURCE_ROWS).map((r) => [
          ...(a.multiAccount ? [[name(r.accountId)]] : []),
          r.resource === null ? cell('(all of this kind)') : [name(a.resourceLabel(r), 80)],
          // A resource outside any region (CloudFront, a Trusted Advisor check) is global, not account-wide.
          r.region === 'global' ? cell('Global') : regionCell(r.region),
          cell(checkLabel(r.checkId)),
          statusCell([r.status]),
        ]),
      ),
    );
    const more = resourceRows.length - MAX_RESOURCE_ROWS;
    if (more > 0)
      out.push(paragraph(text(`${plural(more, 'further row is', 'further rows are')} not shown.`)));
    const hiddenFine = candidates.length - resourceRows.length;
    if (hiddenFine > 0) {
      out.push(
        paragraph(
          text(
            `${plural(hiddenFine, 'other result is', 'other results are')} not shown: no gap was found there.`,
          ),
        ),
      );
    }
  }
  return out.length === 0
    ? []
    : [paragraph(strong(text(LABELS[service].title)), text(' (check results)')), ...out];
}

/**
 * Tables for the services, then the coverage picture of those services alone (its caption names the
 * template's own marker text; its file name comes from the label), drawn from the finding's results (the
 * waived ones are not in `a`); none when no service has a result.
 */
export function evidenceBlocks(
  a: Analysis,
  services: readonly ServiceId[],
  label: string,
  /** `--answer unknown=omit`: results that could not be assessed get no cell. */
  omitUnknown = false,
): ContentBlock[] {
  const blocks = services.flatMap((s) => serviceTables(a, s, omitUnknown));
  if (blocks.length === 0) return [];
  const shown = new Set<string>(services);
  const results = a.results.filter((r) => shown.has(r.service) && !(omitUnknown && r.status === 'unknown'));
  // A picture with no cell to draw is left out.
  if (results.length === 0) return blocks;
  return [
    ...blocks,
    figure(`Coverage: ${label}`, figureFileName(label), { services: [...services], results }),
  ];
}

/** Accounts shown in full in the roll-up table; the rest are counted (all are in report.html). */
const MAX_ROLLUP_ACCOUNTS = 60;
/**
 * The organization roll-up: one row per account, one column per service, the worst result of each
 * (fail, then unknown, then pass, then n/a). Only for bundles that span several accounts.
 */
export function accountsOverview(a: Analysis, omitUnknown = false): ContentBlock[] {
  if (!a.multiAccount) return [];
  const worst = new Map<string, Status>();
  for (const r of a.results) {
    if (omitUnknown && r.status === 'unknown') continue;
    const key = `${r.accountId}|${r.service}`;
    worst.set(key, worse(worst.get(key), r.status));
  }
  const accounts = a.accountIds();
  const head = ['Account', ...SERVICES.map((s) => LABELS[s].title)].map(cell);
  const out: ContentBlock[] = [
    paragraph(
      strong(text('Accounts and services')),
      text(' (the worst result of each service in each account)'),
    ),
    table(
      head,
      accounts.slice(0, MAX_ROLLUP_ACCOUNTS).map((id) => {
        const accountName = a.accountName(id);
        const label = accountName ? prose`${name(id)} (${name(accountName, 40)})` : [name(id)];
        const worstOf = (s: ServiceId) => worst.get(`${id}|${s}`);
        return [label, ...SERVICES.map((s) => (worstOf(s) ? statusCell([worstOf(s)!]) : cell('—')))];
      }),
    ),
  ];
  const more = accounts.length - MAX_ROLLUP_ACCOUNTS;
  if (more > 0) {
    out.push(paragraph(text(`${plural(more, 'further account is', 'further accounts are')} not shown.`)));
  }
  return out;
}
