/**
 * Writes what people and machines read from one bundle and its results into an output folder.
 * Decisions were made by the checks and the finding composer; this only serialises and renders.
 * Everything is composed before the first file is written, so a refusal (bad template, --final with
 * open review items) leaves the output folder untouched.
 */
import { InputError, toJson } from '../evidence/bundle.js';
import { INPUT, readInputUtf8 } from '../evidence/input.js';
import type { OutputDir } from '../evidence/output-dir.js';
import type { Bundle, Result } from '../evidence/schema.js';
import {
  type Answers,
  composeFinding,
  FinalRefused,
  type FindingOutput,
  TemplateError,
} from '../finding/index.js';
import { OUTPUT_FILES, renderReportFiles } from '../render/index.js';
import { safeText } from '../render/terminal.js';
import { FinalRefusedError } from './errors.js';

export const FORMATS = ['md', 'html', 'docx', 'json', 'ocsf', 'png', 'svg'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  templatePath?: string;
  xrefs: Record<string, string>;
  answers?: Answers;
  final?: boolean;
  /** Which outputs to write; default all. `json` is results.json (and evidence.json for scans). */
  formats?: Format[];
}

export interface WriteOptions extends ReportOptions {
  /** Write evidence.json too (scan and merge do; report and assess read it from elsewhere). */
  evidence: boolean;
  /** Only results.json: `assess`. */
  resultsOnly?: boolean;
}

export { FinalRefusedError };

export function readTemplate(path: string): { text: string; path: string } {
  return { text: readInputUtf8(path, INPUT.template), path };
}

export function compose(bundle: Bundle, results: Result[], opts: ReportOptions): FindingOutput {
  try {
    return composeFinding({
      bundle,
      results,
      ...(opts.templatePath ? { template: readTemplate(opts.templatePath) } : {}),
      xrefs: opts.xrefs,
      ...(opts.answers ? { answers: opts.answers } : {}),
      final: opts.final === true,
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
): Promise<Written> {
  const want = new Set<Format>(opts.formats ?? FORMATS);
  const files: string[] = [];
  if (opts.resultsOnly) {
    files.push(out.write('results.json', toJson(results)));
    return { files, finding: null };
  }
  const finding = compose(bundle, results, opts);
  const rendered = await renderReportFiles({
    bundle,
    results,
    finding: finding.document,
    // Only what is written below: renderers load when needed (a JSON-only scan loads none).
    formats: [...want].filter((f) => f !== 'docx' || finding.hasGaps),
  });
  if (want.has('json')) {
    if (opts.evidence) files.push(out.write('evidence.json', toJson(bundle)));
    files.push(out.write('results.json', toJson(results)));
  }
  if (want.has('md'))
    files.push(out.write(finding.hasGaps ? 'finding.md' : 'no-finding.md', finding.markdown));
  const pick: [Format, string][] = [
    ['html', OUTPUT_FILES.html],
    ['svg', OUTPUT_FILES.coverageSvg],
    ['png', OUTPUT_FILES.coveragePng],
    ['ocsf', OUTPUT_FILES.ocsf],
  ];
  if (finding.hasGaps) pick.push(['docx', OUTPUT_FILES.docx]);
  for (const [format, name] of pick) {
    const content = rendered[name];
    if (want.has(format) && content !== undefined) files.push(out.write(name, content));
  }
  return { files, finding };
}

export function parseFormats(value: string | undefined): Format[] | undefined {
  if (value === undefined) return undefined;
  const out: Format[] = [];
  for (const f of value.split(',').map((s) => s.trim().toLowerCase())) {
    if (!f) continue;
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new InputError(`--format: unknown format ${JSON.stringify(f)} (known: ${FORMATS.join(', ')})`);
    }
    out.push(f as Format);
  }
  // An empty list would write only evidence.json (a scan) or nothing at all.
  if (out.length === 0) throw new InputError(`--format: give at least one format (${FORMATS.join(', ')})`);
  return out;
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
