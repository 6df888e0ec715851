/**
 * The coverage picture: regions × services, each cell the worst status there, drawn with a colour AND a
 * symbol plus label so it reads in greyscale print and for colour-blind readers. SVG text is escaped;
 * the PNG is rasterised from the SVG with resvg (system fonts; without any font the text is missing but
 * an image is still produced).
 */
import { Resvg } from '@resvg/resvg-js';
import type { Bundle, Result } from '../evidence/schema.js';
import { STATUS_RANK, STATUSES, type Status } from '../evidence/status.js';
import type { FigureCoverage } from '../finding/document.js';
import { LABELS, type ServiceId } from '../services/registry.js';
import { coverageGrid, escapeXml, STATUS_DISPLAY } from './common.js';

export interface CoverageSvgInput {
  bundle: Bundle;
  results: readonly Result[];
  /** Only this service's column. */
  service?: ServiceId;
  /** Only these services' columns, and only the rows where one of them has a result. */
  services?: readonly ServiceId[];
  /** Only this account's results (default: all accounts, worst status per region). */
  accountId?: string;
  /** Picture title; default names the account(s). */
  title?: string;
}

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
const CELL_W = 136;
const CELL_H = 26;
const LABEL_W = 150;
const TOP = 64;
const PAD = 12;
/** Worst first, as the cells choose. */
const LEGEND_ORDER = [...STATUSES].sort((a, b) => STATUS_RANK[b] - STATUS_RANK[a]);

const LEGEND_NOTE = 'Cell = the worst status there, in this order';
/** Under the legend: what a FAIL cell's number counts. */
const COUNT_NOTE = 'FAIL n: n failing results there';

function legendText(s: Status): string {
  return `${STATUS_DISPLAY[s].symbol} ${STATUS_DISPLAY[s].label}`;
}

export function renderCoverageSvg(input: CoverageSvgInput): string {
  const { bundle, results } = input;
  const opts: { service?: ServiceId; services?: readonly ServiceId[]; accountId?: string } = {};
  if (input.service) opts.service = input.service;
  if (input.services) opts.services = input.services;
  if (input.accountId) opts.accountId = input.accountId;
  const grid = coverageGrid(bundle, results, opts);
  const accountIds = input.accountId ? [input.accountId] : bundle.accounts.map((a) => a.accountId);
  const title =
    input.title ??
    (accountIds.length === 1
      ? `Security service coverage, account ${accountIds[0]}`
      : `Security service coverage, ${accountIds.length} accounts (worst status per region)`);

  // The legend is one line under the grid: the picture is as wide as the wider of the two.
  const legendW =
    LEGEND_ORDER.reduce((w, s) => w + 40 + legendText(s).length * 8, PAD) + LEGEND_NOTE.length * 7;
  const width = Math.max(PAD * 2 + LABEL_W + grid.columns.length * CELL_W, legendW + PAD);
  const gridBottom = TOP + grid.rows.length * CELL_H;
  const legendY = gridBottom + 22;
  const height = legendY + 48;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${PAD}" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
  );
  // Column headers.
  grid.columns.forEach((svc, c) => {
    const x = PAD + LABEL_W + c * CELL_W + CELL_W / 2;
    out.push(
      `<text x="${x}" y="${TOP - 10}" text-anchor="middle" font-weight="bold" fill="#1a1a1a">${escapeXml(LABELS[svc].short)}</text>`,
    );
  });
  out.push(
    `<text x="${PAD}" y="${TOP - 10}" font-weight="bold" fill="#1a1a1a">${grid.rowKind === 'region' ? 'Region' : 'Account'}</text>`,
  );
  grid.rows.forEach((row, r) => {
    const y = TOP + r * CELL_H;
    // Account-wide results say so in words, as the finding's tables do (never the internal "global").
    const label = row === '*' ? '* (region list unreadable)' : row === 'global' ? 'Account-wide' : row;
    out.push(
      `<text x="${PAD}" y="${y + CELL_H / 2 + 4}" fill="#1a1a1a" class="row-label">${escapeXml(label)}</text>`,
    );
    grid.columns.forEach((_svc, c) => {
      const x = PAD + LABEL_W + c * CELL_W;
      const cell = grid.cells[r]![c];
      if (!cell) {
        out.push(
          `<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="#ffffff" stroke="#bdbdbd"/>`,
        );
        out.push(
          `<text x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 4}" text-anchor="middle" fill="#9e9e9e">—</text>`,
        );
        return;
      }
      const d = STATUS_DISPLAY[cell.status];
      // A FAIL cell says how many failing results it stands for.
      const label =
        cell.status === 'fail' ? `${d.symbol} ${d.label} ${cell.counts.fail}` : `${d.symbol} ${d.label}`;
      out.push(
        `<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${d.color}" stroke="#ffffff"/>`,
      );
      out.push(
        `<text x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 4}" text-anchor="middle" fill="${d.ink}" font-weight="bold" data-status="${cell.status}">${escapeXml(label)}</text>`,
      );
    });
  });
  // Legend.
  let lx = PAD;
  for (const s of LEGEND_ORDER) {
    const d = STATUS_DISPLAY[s];
    out.push(`<rect x="${lx}" y="${legendY}" width="16" height="16" fill="${d.color}" stroke="#757575"/>`);
    const text = legendText(s);
    out.push(`<text x="${lx + 22}" y="${legendY + 12}" fill="#1a1a1a">${escapeXml(text)}</text>`);
    lx += 40 + text.length * 8;
  }
  out.push(`<text x="${lx}" y="${legendY + 12}" fill="#555555">${LEGEND_NOTE}</text>`);
  out.push(`<text x="${PAD}" y="${legendY + 34}" fill="#555555" class="count-note">${COUNT_NOTE}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** A finding subsection's picture: only its services, from the results the finding uses. */
export function renderFigureSvg(bundle: Bundle, fig: { alt: string; coverage: FigureCoverage }): string {
  return renderCoverageSvg({
    bundle,
    results: fig.coverage.results,
    services: fig.coverage.services,
    title: fig.alt,
  });
}

/** Rasterises the SVG at 2× for print. System fonts are loaded; with none, text is simply not drawn. */
export function renderCoveragePng(svg: string, opts: { loadSystemFonts?: boolean } = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: { loadSystemFonts: opts.loadSystemFonts ?? true, defaultFontFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Width and height of a PNG from its IHDR chunk, or null if the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || !sig.every((b, i) => png[i] === b)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
