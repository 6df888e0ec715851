/** Helpers shared by the renderers: escaping, status display, and the coverage grid's cell aggregation. */

import { compareRegions } from '../evidence/regions.js';
import type { Bundle, Result } from '../evidence/schema.js';
import { STATUS_WORDS, type Status, worse, zeroCounts } from '../evidence/status.js';
import { SERVICES, type ServiceId } from '../services/registry.js';

/**
 * Characters XML 1.0 does not allow anywhere in a document, even escaped: C0 controls other than tab, LF
 * and CR, U+FFFE, U+FFFF and UTF-16 surrogates that are not part of a pair. One of them in a resource name
 * or a template makes a Word document or an SVG ill-formed (Word and LibreOffice refuse to open it).
 */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` with every character XML forbids replaced by U+FFFD (the replacement character): safe in any XML text. */
export function xmlSafe(s: string): string {
  return s.replace(XML_FORBIDDEN, '\uFFFD');
}

/** Escapes text for HTML/XML element content and quoted attribute values (forbidden characters become U+FFFD). */
export function escapeXml(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
export const escapeHtml = escapeXml;

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&`, the JS line separators and the
 * noncharacters U+FFFE / U+FFFF are written as \u escapes, so no `</script` or `<!--` can appear and the
 * page holds no character HTML forbids (JSON.stringify already escapes controls and lone surrogates);
 * JSON.parse reads the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export const STATUS_DISPLAY: Record<Status, { symbol: string; label: string; color: string; ink: string }> = {
  fail: { symbol: '✗', label: STATUS_WORDS.fail.toUpperCase(), color: '#d7191c', ink: '#ffffff' },
  unknown: { symbol: '?', label: STATUS_WORDS.unknown.toUpperCase(), color: '#fdae61', ink: '#1a1a1a' },
  // A gap the client accepted (docs/accepting.md): blue, apart from the red-to-green scale of the others.
  accepted: { symbol: '≈', label: STATUS_WORDS.accepted.toUpperCase(), color: '#2166ac', ink: '#ffffff' },
  pass: { symbol: '✓', label: STATUS_WORDS.pass.toUpperCase(), color: '#1a9641', ink: '#ffffff' },
  not_applicable: {
    symbol: '–',
    label: STATUS_WORDS.not_applicable.toUpperCase(),
    color: '#d9d9d9',
    ink: '#1a1a1a',
  },
};

export interface CoverageCell {
  status: Status;
  counts: Record<Status, number>;
}

export interface CoverageGrid {
  rows: string[];
  rowKind: 'region' | 'account';
  columns: ServiceId[];
  /** cells[row][column]; undefined where no result exists. */
  cells: (CoverageCell | undefined)[][];
}

/**
 * The grid shown in the report and the picture: regions × services (results across all accounts, or
 * only `accountId`'s), or accounts × services when `rows: 'account'`. Each cell holds the worst status.
 * With `services` (a finding subsection's picture), only those columns and only the rows where one of
 * them has a result.
 */
export function coverageGrid(
  bundle: Bundle,
  results: readonly Result[],
  opts: {
    service?: ServiceId;
    services?: readonly ServiceId[];
    accountId?: string;
    rows?: 'region' | 'account';
  } = {},
): CoverageGrid {
  const rowKind = opts.rows ?? 'region';
  const only = opts.services ?? (opts.service ? [opts.service] : null);
  const columns = only ? SERVICES.filter((s) => only.includes(s)) : [...SERVICES];
  const rowSet = new Set<string>();
  if (opts.services) {
    // Rows come from the results alone.
  } else if (rowKind === 'region') {
    for (const a of bundle.accounts) {
      if (opts.accountId && a.accountId !== opts.accountId) continue;
      for (const r of a.scannedRegions) rowSet.add(r);
    }
  } else for (const a of bundle.accounts) rowSet.add(a.accountId);
  const selected = results.filter(
    (r) => (!opts.accountId || r.accountId === opts.accountId) && (!only || only.includes(r.service)),
  );
  for (const r of selected) rowSet.add(rowKind === 'region' ? r.region : r.accountId);
  const rows = [...rowSet].sort(rowKind === 'region' ? compareRegions : (a, b) => a.localeCompare(b));
  const rowIndex = new Map(rows.map((r, i) => [r, i]));
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const cells: (CoverageCell | undefined)[][] = rows.map(() => columns.map(() => undefined));
  for (const r of selected) {
    const ri = rowIndex.get(rowKind === 'region' ? r.region : r.accountId)!;
    const ci = colIndex.get(r.service);
    if (ci === undefined) continue;
    const row = cells[ri]!;
    let cell = row[ci];
    if (!cell) {
      cell = { status: r.status, counts: zeroCounts() };
      row[ci] = cell;
    }
    cell.counts[r.status]++;
    cell.status = worse(cell.status, r.status);
  }
  return { rows, rowKind, columns, cells };
}
