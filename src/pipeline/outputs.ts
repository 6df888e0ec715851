/**
 * Writes what people and machines read from one bundle and its results into an output folder.
 * Decisions were made by the checks and the finding composer; this only serialises and renders.
 * Everything is composed before the first file is written, so a refusal (bad template, --final with
 * open review items) leaves the output folder untouched.
 */
import { costJson } from '../costs/estimate.js';
import type { PriceTable } from '../costs/prices.js';
import { InputError, jsonChunks, toJson } from '../evidence/bundle.js';
import { INPUT, readInputUtf8 } from '../evidence/input.js';
import type { OutputDir } from '../evidence/output-dir.js';
import type { Bundle, Result } from '../evidence/schema.js';
import type { CostEstimate } from '../finding/costs.js';
import { coverageFigures, figurePngName } from '../finding/document.js';
import {
  type Answers,
  composeFinding,
  FinalRefused,
  type FindingOutput,
  TemplateError,
} from '../finding/index.js';
import type { Retest } from '../finding/retest.js';
import { FORMATS, type Format, fileOf, OUTPUT_FORMATS } from '../render/formats.js';
import { renderReportFiles } from '../render/index.js';
import { ocsfFindings } from '../render/ocsf.js';
import { safeText } from '../render/terminal.js';
import { CHECKS } from '../services/registry.js';
import { costEstimate as estimateOf } from './costs.js';
import { FinalRefusedError } from './errors.js';
import { memoryMark } from './memory-debug.js';

export type { Format };

export interface ReportOptions {
  templatePath?: string;
  xrefs: Record<string, string>;
  answers?: Answers;
  final?: boolean;
  /** Which outputs to write; default all. `json` is results.json (and evidence.json for scans). */
  formats?: Format[];
  /** The comparison with an earlier scan (`report --previous`): a retest section, and diff.json. */
  retest?: Retest;
  /** The price table of the cost estimate (`--prices`; default the bundled one); false: `--no-costs`. */
  costs?: PriceTable | false;
}

export interface WriteOptions extends ReportOptions {
  /** Write evidence.json too (scan and merge do; report and assess read it from elsewhere). */
  evidence: boolean;
  /** Only results.json: `assess`. */
  resultsOnly?: boolean;
  /**
   * The cost estimate already made (an organization scan makes it account by account: pipeline/costs.ts);
   * absent: made here from the bundle.
   */
  estimate?: CostEstimate | null;
}

export { FinalRefusedError };

/** `xs.map(f)` made one element at a time, as it is written (costs.json of 1,000 accounts is ~17 MB). */
function* mapped<T, U>(xs: Iterable<T>, f: (x: T) => U): Generator<U> {
  for (const x of xs) yield f(x);
}

/**
 * The checks' metadata, as renderReportFiles passes it to report.html and the OCSF findings: read when the
 * files are written (the list is the registry's, which a check added for a test extends).
 */
const checkMetas = () => CHECKS.map((c) => c.meta);

/** The rows of a retest (docs/retest.md), written by `diff` and `report --previous`. */
export const DIFF_FILE = 'diff.json';

/** The cost estimate's lines (docs/costs.md, docs/outputs.md). */
export const COSTS_FILE = 'costs.json';

export function readTemplate(path: string): { text: string; path: string } {
  return { text: readInputUtf8(path, INPUT.template), path };
}

/** The cost estimate of a scan (docs/costs.md), or null with `--no-costs`. */
export function costEstimate(bundle: Bundle, results: Result[], opts: ReportOptions): CostEstimate | null {
  return estimateOf(bundle, results, opts.costs, opts.answers);
}

export function compose(
  bundle: Bundle,
  results: Result[],
  opts: ReportOptions,
  costs: CostEstimate | null = costEstimate(bundle, results, opts),
): FindingOutput {
  try {
    return composeFinding({
      bundle,
      results,
      ...(opts.templatePath ? { template: readTemplate(opts.templatePath) } : {}),
      xrefs: opts.xrefs,
      ...(opts.answers ? { answers: opts.answers } : {}),
      final: opts.final === true,
      ...(opts.retest ? { retest: opts.retest } : {}),
      ...(costs ? { costs } : {}),
    });
  } catch (e) {
    if (e instanceof TemplateError) throw new InputError(e.message.split('\n')[0] ?? 'bad template');
    if (e instanceof FinalRefused) throw new FinalRefusedError(e.items);
    throw e;
  }
}

export interface Written {
  files: string[];
  finding: FindingOutput | null;
}

export async function writeOutputs(
  out: OutputDir,
  bundle: Bundle,
  results: Result[],
  opts: WriteOptions,
  /** The finding and cost estimate already composed from the same bundle and options (`report`). */
  composed?: { finding: FindingOutput; costs: CostEstimate | null },
): Promise<Written> {
  const want = new Set<Format>(opts.formats ?? FORMATS);
  const files: string[] = [];
  const [resultsFile, evidenceFile] = OUTPUT_FORMATS.json.files;
  if (opts.resultsOnly) {
    files.push(out.writeChunks(resultsFile, jsonChunks(results)));
    return { files, finding: null };
  }
  const costs = composed
    ? composed.costs
    : opts.estimate !== undefined
      ? opts.estimate
      : costEstimate(bundle, results, opts);
  memoryMark('outputs: cost estimate');
  const finding = composed?.finding ?? compose(bundle, results, opts, costs);
  memoryMark('outputs: finding composed');
  // Each output is rendered just before it is written and dropped after, and the large ones (results.json,
  // findings.ocsf.json, report.html) are written in pieces: an organization of 1,000 accounts has ~320,000
  // results, and holding every output at once (results.json ~110 MB, findings.ocsf.json ~40 MB,
  // report.html ~35 MB) doubled the peak memory.
  // The coverage pictures and Word are small and share the pictures: they are rendered together, first.
  const docx = finding.hasGaps && want.has('docx');
  const pictures = await renderReportFiles({
    bundle,
    results,
    finding: finding.document,
    costs,
    formats: (['svg', 'png', 'md', ...(docx ? ['docx'] : [])] as string[]).filter((f) =>
      want.has(f as Format),
    ),
  });
  memoryMark('outputs: pictures and Word rendered');
  if (want.has('json')) {
    if (opts.evidence) files.push(out.write(evidenceFile, toJson(bundle)));
    files.push(out.writeChunks(resultsFile, jsonChunks(results)));
    if (opts.retest) files.push(out.write(DIFF_FILE, toJson(opts.retest.rows)));
    if (costs) files.push(out.writeChunks(COSTS_FILE, jsonChunks(mapped(costs.lines, costJson))));
  }
  memoryMark('outputs: json written');
  if (want.has('md')) {
    const [findingFile, noFindingFile] = OUTPUT_FORMATS.md.files;
    files.push(out.write(finding.hasGaps ? findingFile : noFindingFile, finding.markdown));
    // The pictures finding.md links: each subsection's, as SVG and PNG.
    for (const fig of coverageFigures(finding.document.blocks)) {
      for (const name of [fig.src, figurePngName(fig.src)]) {
        const content = pictures[name];
        if (content !== undefined) files.push(out.write(name, content));
      }
    }
  }
  // The rendered files, in this order; Word only when there is a finding to put in it.
  const rest: Format[] = ['html', 'svg', 'png', 'ocsf', ...(finding.hasGaps ? (['docx'] as const) : [])];
  for (const format of rest) {
    if (!want.has(format)) continue;
    const name = fileOf(format);
    if (format === 'ocsf') {
      files.push(out.writeChunks(name, jsonChunks(ocsfFindings({ bundle, results, checks: checkMetas() }))));
      memoryMark('outputs: ocsf written');
      continue;
    }
    if (format === 'html') {
      const { renderHtmlReportParts } = await import('../render/html.js');
      const page = renderHtmlReportParts({
        bundle,
        results,
        finding: finding.document,
        checks: checkMetas(),
        costs,
      });
      files.push(out.writeChunks(name, page));
      memoryMark('outputs: html written');
      continue;
    }
    const content = pictures[name];
    if (content !== undefined) files.push(out.write(name, content));
  }
  return { files, finding };
}

/** The review checklist printed after a review-mode run. */
export function renderChecklist(finding: FindingOutput, file: string): string {
  if (finding.reviewItems.length === 0) return '';
  const lines = [`Review before sending (${finding.reviewItems.length} item(s) highlighted in ${file}):`];
  for (const item of finding.reviewItems) {
    const text = safeText(item.text.replace(/\s+/g, ' '), 100);
    const why = item.why ? ` — ${safeText(item.why.replace(/\s+/g, ' '), 140)}` : '';
    lines.push(`  [ ] ${file}:${item.line} ${item.kind}: ${text}${why}`);
  }
  return `${lines.join('\n')}\n`;
}
