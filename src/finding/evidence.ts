/**
 * Evidence in place of screenshots: compact GFM tables built from check results. Every row names the
 * check id and the status it reports, so each line of evidence can be traced back to results.json.
 */

import { compareRegions } from '../evidence/regions.js';
import type { Result } from '../evidence/schema.js';
import { STATUS_RANK, type Status, worse } from '../evidence/status.js';
import { LABELS, SERVICES, type ServiceId } from '../services/registry.js';
import type { Analysis } from './analysis.js';
import { KNOWN_CHECK_IDS } from './condition.js';
import { escapeMarkdownInline as esc } from './escape.js';
import { Out } from './out.js';

export const MAX_RESOURCE_ROWS = 30;
/** Account-region rows of a service's regional table in a multi-account finding. */
export const MAX_REGIONAL_ROWS = 60;

/** Passing or not-applicable resource rows shown in full up to this many. */
const MAX_FINE_ROWS = 6;

/** Check ids in the registry's documented order, unknown ones after, alphabetically. */
function byCheckOrder(a: string, b: string): number {
  const rank = (id: string) => {
    const i = KNOWN_CHECK_IDS.indexOf(id);
    return i === -1 ? KNOWN_CHECK_IDS.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

function serviceTables(a: Analysis, service: ServiceId): string {
  const rs = a.forService(service);
  if (rs.length === 0) return '';
  const checkIds = [...new Set(rs.map((r) => r.checkId))].sort(byCheckOrder);
  const resourceChecks = new Set(rs.filter((r) => r.resource !== null).map((r) => r.checkId));
  const regionalChecks = checkIds.filter((id) => !resourceChecks.has(id));
  let md = `**${LABELS[service].title}** (check results)\n\n`;

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
    // One account: every region, a short table. Several: the account-regions with a gap (fail or unknown);
    // the others are counted, and every row is in report.html and results.json.
    const gap = (k: (typeof all)[number]) =>
      [...k.statuses.values()].some((st) => st.has('fail') || st.has('unknown'));
    const rows = a.multiAccount ? all.filter(gap) : all;
    const shown = rows.slice(0, MAX_REGIONAL_ROWS);
    if (shown.length > 0) {
      const head = a.multiAccount ? ['Account', 'Region', ...regionalChecks] : ['Region', ...regionalChecks];
      md += row(head) + row(head.map(() => '---'));
      for (const k of shown) {
        const cells = regionalChecks.map((id) => {
          const st = k.statuses.get(id);
          return st ? [...st].join(' / ') : '—';
        });
        const region = k.region === '*' ? '\\* (region list unreadable)' : esc(k.region);
        md += row(a.multiAccount ? [k.accountId, region, ...cells] : [region, ...cells]);
      }
    }
    const further = rows.length - shown.length;
    if (further > 0) {
      md += `\n${further} further account-region${further === 1 ? ' with a gap is' : 's with a gap are'} in report.html and results.json.\n`;
    }
    const fineRegions = all.length - rows.length;
    if (fineRegions > 0) {
      md += `${shown.length > 0 ? '\n' : ''}${fineRegions} account-region${fineRegions === 1 ? '' : 's'} passed or did not apply (listed in report.html and results.json).\n`;
    }
    md += '\n';
  }

  const candidates = rs.filter(
    (r) =>
      resourceChecks.has(r.checkId) && (r.resource !== null || r.status === 'unknown' || r.status === 'fail'),
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
    const head = [
      ...(a.multiAccount ? ['Account'] : []),
      'Resource',
      'Region',
      'Check',
      service === 'waf' ? 'Web ACL' : 'Status',
    ];
    md += row(head) + row(head.map(() => '---'));
    for (const r of resourceRows.slice(0, MAX_RESOURCE_ROWS)) {
      const status = service === 'waf' ? wafCell(r) : r.status;
      const resource = r.resource === null ? '(listing)' : esc(a.resourceLabel(r), 80);
      md += row([...(a.multiAccount ? [r.accountId] : []), resource, esc(r.region), r.checkId, status]);
    }
    const more = resourceRows.length - MAX_RESOURCE_ROWS;
    if (more > 0) md += `\n${more} further row${more === 1 ? '' : 's'} are in results.json.\n`;
    if (hideFine) {
      md += `\n${fine.length} other result${fine.length === 1 ? '' : 's'} passed or did not apply (listed in results.json).\n`;
    }
    md += '\n';
  }
  return md;
}

function wafCell(r: Result): string {
  if (r.status === 'pass') return 'pass (associated)';
  if (r.status === 'fail') return 'fail (none)';
  return r.status;
}

/** Tables for the services, then the coverage picture (label: the template's own marker text); null when empty. */
export function evidenceBlock(a: Analysis, services: readonly ServiceId[], label: string): Out | null {
  const parts = services.map((s) => serviceTables(a, s)).filter((t) => t !== '');
  if (parts.length === 0) return null;
  const out = new Out();
  out.add(parts.join('').replace(/\n+$/, '\n'));
  out.add(`\n![Coverage: ${label.replace(/[\\[\]]/g, '\\$&')}](coverage.svg)`);
  return out;
}

/** Accounts shown in full in the roll-up table; the rest are counted (all are in report.html). */
const MAX_ROLLUP_ACCOUNTS = 60;

/**
 * The organization roll-up: one row per account, one column per service, the worst result of each
 * (fail, then unknown, then pass, then n/a). Only for bundles that span several accounts.
 */
export function accountsOverview(a: Analysis): Out | null {
  if (!a.multiAccount) return null;
  const cell = new Map<string, Status>();
  for (const r of a.results) {
    const key = `${r.accountId}|${r.service}`;
    cell.set(key, worse(cell.get(key), r.status));
  }
  const accounts = a.accountIds();
  const head = ['Account', ...SERVICES.map((s) => LABELS[s].title)];
  let md = `**Accounts and services** (the worst result of each service in each account)\n\n`;
  md += row(head) + row(head.map(() => '---'));
  for (const id of accounts.slice(0, MAX_ROLLUP_ACCOUNTS)) {
    const name = a.accountName(id);
    const label = name ? `${id} (${esc(name, 40)})` : id;
    md += row([label, ...SERVICES.map((s) => cell.get(`${id}|${s}`) ?? '—')]);
  }
  const more = accounts.length - MAX_ROLLUP_ACCOUNTS;
  if (more > 0)
    md += `\n${more} further account${more === 1 ? ' is' : 's are'} in report.html and results.json.\n`;
  return new Out().add(`${md}\n`);
}
