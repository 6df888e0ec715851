/**
 * Renderers people and other tools read. They display results, evidence and the finding; they never
 * decide anything. `renderReportFiles` produces every file of docs/outputs.md in one call.
 */
import { CHECKS } from '../checks/index.js';
import type { CheckMeta } from '../checks/types.js';
import type { Bundle, Result } from '../evidence/schema.js';
import { renderCoveragePng, renderCoverageSvg } from './coverage.js';
import { renderFindingDocx } from './docx.js';
import { type ReviewNote, renderHtmlReport } from './html.js';
import { renderOcsf } from './ocsf.js';

export { coverageGrid, escapeXml, jsonForScript, STATUS_DISPLAY } from './common.js';
export { pngSize, renderCoveragePng, renderCoverageSvg } from './coverage.js';
export { renderFindingDocx } from './docx.js';
export { parseFindingMarkdown } from './finding-markdown.js';
export { type HtmlReportInput, type ReviewNote, renderHtmlReport } from './html.js';
export { OCSF_VERSION, renderOcsf } from './ocsf.js';

export const OUTPUT_FILES = {
  html: 'report.html',
  coverageSvg: 'coverage.svg',
  coveragePng: 'coverage.png',
  docx: 'finding.docx',
  ocsf: 'findings.ocsf.json',
} as const;

export interface ReportFilesInput {
  bundle: Bundle;
  results: Result[];
  findingMarkdown: string;
  reviewItems?: ReviewNote[];
  /** Check metadata (titles, severity, remediation); default: the registry's. */
  checks?: readonly CheckMeta[];
  /** Fixed time for Word comments (reproducible output). */
  date?: Date;
}

/** File name → contents (text or bytes) for the rendered outputs. */
export async function renderReportFiles(
  input: ReportFilesInput,
): Promise<Record<string, string | Uint8Array>> {
  const checks = input.checks ? [...input.checks] : CHECKS.map((c) => c.meta);
  const svg = renderCoverageSvg({ bundle: input.bundle, results: input.results });
  const png = renderCoveragePng(svg);
  const html = renderHtmlReport({
    bundle: input.bundle,
    results: input.results,
    findingMarkdown: input.findingMarkdown,
    checks,
    ...(input.reviewItems ? { reviewItems: input.reviewItems } : {}),
  });
  const docx = await renderFindingDocx({
    findingMarkdown: input.findingMarkdown,
    coveragePng: png,
    ...(input.date ? { date: input.date } : {}),
  });
  const ocsf = `${JSON.stringify(renderOcsf({ bundle: input.bundle, results: input.results, checks }), null, 2)}\n`;
  return {
    [OUTPUT_FILES.html]: html,
    [OUTPUT_FILES.coverageSvg]: svg,
    [OUTPUT_FILES.coveragePng]: png,
    [OUTPUT_FILES.docx]: docx,
    [OUTPUT_FILES.ocsf]: ocsf,
  };
}
