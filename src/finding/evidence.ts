/**
 * Evidence in place of screenshots: compact tables built from check results. Every row names the check id
 * and the status it reports, so each line of evidence can be traced back to results.json.
 */
import { compareRegions } from '../evidence/regions.js';
import type { Result } from '../evidence/schema.js';
import { STATUS_RANK, type Status, worse } from '../evidence/status.js';
import { checkRank, LABELS, SERVICES, type ServiceId, serviceModule } from '../services/registry.js';
import type { Analysis } from './analysis.js';
import { type ContentBlock, figure, type Inline, paragraph, strong, table, text } from './document.js';
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

/** A cell of our words (check ids, statuses). */
function cell(s: string): Inline[] {
  return [text(s)];
}

/** A region cell: the region list that could not be read is `*`. */
function regionCell(region: string): Inline[] {
  return [name(region === '*' ? '* (region list unreadable)' : region)];
}

function serviceTables(a: Analysis, service: ServiceId): ContentBlock[] {
  const rs = a.forService(service);
  if (rs.length === 0) return [];
  const checkIds = [...new Set(rs.map((r) => r.checkId))].sort(byCheckOrder);
  const resourceChecks = new Set(rs.filter((r) => r.resource !== null).map((r) => r.checkId));
  const regionalChecks = checkIds.filter((id) => !resourceChecks.has(id));
  const out: ContentBlock[] = [paragraph(strong(text(LABELS[service].title)), text(' (check results)'))];

  if (regionalChecks.length > 0) {
    // One pass over the results: statuses per account × region × check.
    const cellsByKey = new Map<
      string,
      { accountId: string; region: string; statuses: Map<string, Set<string>> }
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
    // One account: every region, a short table. Several: the account-regions with a gap (fail, accepted
    // or unknown); the others are counted, and every row is in report.html and results.json.
    const gap = (k: (typeof all)[number]) =>
      [...k.statuses.values()].some((st) => st.has('fail') || st.has('unknown') || st.has('accepted'));
    const rows = a.multiAccount ? all.filter(gap) : all;
    const shown = rows.slice(0, MAX_REGIONAL_ROWS);
    if (shown.length > 0) {
      const head = [...(a.multiAccount ? ['Account'] : []), 'Region', ...regionalChecks].map(cell);
      out.push(
        table(
          head,
          shown.map((k) => {
            const cells = regionalChecks.map((id) => {
              const st = k.statuses.get(id);
              return cell(st ? [...st].join(' / ') : '—');
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
          prose`${further} further account-region${text(further === 1 ? ' with a gap is' : 's with a gap are')} in report.html and results.json.`,
        ),
      );
    }
    const fineRegions = all.length - rows.length;
    if (fineRegions > 0) {
      out.push(
        paragraph(
          prose`${fineRegions} account-region${text(fineRegions === 1 ? '' : 's')} passed or did not apply (listed in report.html and results.json).`,
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
  const isFine = (r: Result) => r.status === 'pass' || r.status === 'not_applicable';
  const fine = candidates.filter(isFine);
  const hideFine = fine.length > MAX_FINE_ROWS;
  const resourceRows = candidates
    .filter((r) => !hideFine || !isFine(r))
    .sort(
      (x, y) =>
        STATUS_RANK[y.status] - STATUS_RANK[x.status] ||
        byCheckOrder(x.checkId, y.checkId) ||
        compareRegions(x.region, y.region) ||
        ((x.resource ?? '') < (y.resource ?? '') ? -1 : (x.resource ?? '') > (y.resource ?? '') ? 1 : 0),
    );
  if (resourceRows.length > 0) {
    // A service may say what its last column shows (WAF: whether a web ACL is associated).
    const column = serviceModule(service).prose?.resourceColumn;
    const head = [
      ...(a.multiAccount ? ['Account'] : []),
      'Resource',
      'Region',
      'Check',
      column?.heading ?? 'Status',
    ].map(cell);
    out.push(
      table(
        head,
        resourceRows
          .slice(0, MAX_RESOURCE_ROWS)
          .map((r) => [
            ...(a.multiAccount ? [[name(r.accountId)]] : []),
            r.resource === null ? cell('(listing)') : [name(a.resourceLabel(r), 80)],
            [name(r.region)],
            cell(r.checkId),
            cell(column ? (column.cellOf?.(r) ?? column.cell[r.status]) : r.status),
          ]),
      ),
    );
    const more = resourceRows.length - MAX_RESOURCE_ROWS;
    if (more > 0)
      out.push(paragraph(prose`${more} further row${text(more === 1 ? '' : 's')} are in results.json.`));
    if (hideFine) {
      out.push(
        paragraph(
          prose`${fine.length} other result${text(fine.length === 1 ? '' : 's')} passed or did not apply (listed in results.json).`,
        ),
      );
    }
  }
  return out;
}

/**
 * Tables for the services, then the coverage picture (its caption names the template's own marker text);
 * none when no service has a result.
 */
export function evidenceBlocks(a: Analysis, services: readonly ServiceId[], label: string): ContentBlock[] {
  const blocks = services.flatMap((s) => serviceTables(a, s));
  if (blocks.length === 0) return [];
  return [...blocks, figure(`Coverage: ${label}`, 'coverage.svg')];
}

/** Accounts shown in full in the roll-up table; the rest are counted (all are in report.html). */
const MAX_ROLLUP_ACCOUNTS = 60;
/**
 * The organization roll-up: one row per account, one column per service, the worst result of each
 * (fail, then unknown, then pass, then n/a). Only for bundles that span several accounts.
 */
export function accountsOverview(a: Analysis): ContentBlock[] {
  if (!a.multiAccount) return [];
  const worst = new Map<string, Status>();
  for (const r of a.results) {
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
        return [label, ...SERVICES.map((s) => cell(worst.get(`${id}|${s}`) ?? '—'))];
      }),
    ),
  ];
  const more = accounts.length - MAX_ROLLUP_ACCOUNTS;
  if (more > 0) {
    out.push(
      paragraph(
        prose`${more} further account${text(more === 1 ? ' is' : 's are')} in report.html and results.json.`,
      ),
    );
  }
  return out;
}
