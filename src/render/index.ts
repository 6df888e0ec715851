/**
 * Renderers people and other tools read. They display results, evidence and the finding; they never
 * decide anything. `renderReportFiles` produces the files of docs/outputs.md in one call.
 *
 * The renderers are loaded when a file needs them (docx alone is ~0.5 MB of code, the PNG needs a
 * native addon): a scan that writes only JSON never loads them.
 */

import type { CheckMeta } from '../checks/types.js';
import type { Bundle, Result } from '../evidence/schema.js';
import type { CostEstimate } from '../finding/costs.js';
import { coverageFigures, type FindingDocument, figurePngName } from '../finding/document.js';
import { CHECKS } from '../services/registry.js';
import { fileOf } from './formats.js';
import { renderOcsf } from './ocsf.js';

export { coverageGrid, escapeXml, jsonForScript, STATUS_DISPLAY } from './common.js';
export type { HtmlReportInput } from './html.js';
export { type MarkdownOutput, renderFindingMarkdown } from './markdown.js';
export { OCSF_VERSION, renderOcsf } from './ocsf.js';
// Not re-exported, so that importing this module does not load them: coverage.js (SVG, PNG), docx.js,
// html.js. Import those modules directly.

/** The files rendered here, by role (their names are declared with the formats, in formats.ts). */
export const OUTPUT_FILES = {
  html: fileOf('html'),
  coverageSvg: fileOf('svg'),
  coveragePng: fileOf('png'),
  docx: fileOf('docx'),
  ocsf: fileOf('ocsf'),
} as const;

export interface ReportFilesInput {
  bundle: Bundle;
  results: Result[];
  /** The composed finding (finding.md is rendered from it by renderFindingMarkdown). */
  finding: FindingDocument;
  /** Check metadata (titles, severity, remediation); default: the registry's. */
  checks?: readonly CheckMeta[];
  /** Fixed time for Word comments (reproducible output). */
  date?: Date;
  /**
   * Which files to render, by format: `html`, `svg`, `png`, `docx`, `ocsf`, and `md` for the pictures
   * finding.md links (each subsection's SVG and PNG; finding.md itself is renderFindingMarkdown's); others
   * are ignored; default all but `md`. A file another one embeds is rendered for it but returned only
   * when asked for.
   */
  formats?: Iterable<string>;
  /** The cost estimate, for report.html's Costs section (null or absent: none). */
  costs?: CostEstimate | null;
}

/** File name → contents (text or bytes) for the rendered outputs (those asked for in `formats`). */
export async function renderReportFiles(
  input: ReportFilesInput,
): Promise<Record<string, string | Uint8Array>> {
  const want = new Set(input.formats ?? ['html', 'svg', 'png', 'docx', 'ocsf']);
  const checks = input.checks ? [...input.checks] : CHECKS.map((c) => c.meta);
  const files: Record<string, string | Uint8Array> = {};
  /** Each subsection's picture (SVG then PNG), for finding.md. */
  const figureFiles: Record<string, string | Uint8Array> = {};
  // The Word document embeds the PNGs, which are drawn from the SVGs.
  const needPng = want.has('png') || want.has('docx');
  if (want.has('svg') || needPng || want.has('md')) {
    const { renderCoveragePng, renderCoverageSvg, renderFigureSvg } = await import('./coverage.js');
    const svg = renderCoverageSvg({ bundle: input.bundle, results: input.results });
    if (want.has('svg')) files[OUTPUT_FILES.coverageSvg] = svg;
    const figurePngs: Record<string, Uint8Array> = {};
    if (want.has('md') || want.has('docx')) {
      for (const fig of coverageFigures(input.finding.blocks)) {
        const figSvg = renderFigureSvg(input.bundle, fig);
        const png = renderCoveragePng(figSvg);
        figurePngs[fig.src] = png;
        if (want.has('md')) {
          figureFiles[fig.src] = figSvg;
          figureFiles[figurePngName(fig.src)] = png;
        }
      }
    }
    if (needPng) {
      const png = renderCoveragePng(svg);
      if (want.has('png')) files[OUTPUT_FILES.coveragePng] = png;
      if (want.has('docx')) {
        const { renderFindingDocx } = await import('./docx.js');
        files[OUTPUT_FILES.docx] = await renderFindingDocx({
          finding: input.finding,
          coveragePng: png,
          figurePngs,
          ...(input.date ? { date: input.date } : {}),
        });
      }
    }
  }
  if (want.has('html')) {
    const { renderHtmlReport } = await import('./html.js');
    files[OUTPUT_FILES.html] = renderHtmlReport({
      bundle: input.bundle,
      results: input.results,
      finding: input.finding,
      checks,
      costs: input.costs ?? null,
    });
  }
  if (want.has('ocsf')) {
    files[OUTPUT_FILES.ocsf] =
      `${JSON.stringify(renderOcsf({ bundle: input.bundle, results: input.results, checks }), null, 2)}\n`;
  }
  // In the order of OUTPUT_FILES, whatever the order of rendering, then the subsections' pictures.
  return {
    ...Object.fromEntries(
      Object.values(OUTPUT_FILES).flatMap((name) => (files[name] === undefined ? [] : [[name, files[name]]])),
    ),
    ...figureFiles,
  };
}
