import { runChecks } from '../checks/run.js';
import { readPrices } from '../costs/prices-file.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import type { Bundle } from '../evidence/schema.js';
import { retestLead } from '../finding/retest.js';
import {
  acceptReportLines,
  acceptResults,
  readAcceptFile,
  readScanSide,
  retestOf,
  sideOfBundle,
} from '../pipeline/engagement.js';
import {
  compose,
  costEstimate,
  type ReportOptions,
  renderChecklist,
  writeOutputs,
} from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { REPORT } from './commands.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { type Parsed, parseCommand } from './options.js';

export async function reportCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(REPORT, argv);
  const evidencePath = operands[0]!;
  return reportFromEvidence(o, {
    inputs: [evidencePath],
    read: () => ({ bundle: readBundle(evidencePath), notes: [] }),
    name: 'report',
    writes: WRITES.report,
    evidence: false,
  });
}

/** The options of the commands that write the finding from evidence already collected (report, merge). */
export type ReportingOptions = Parsed<typeof REPORT.options>['options'];

export interface EvidenceSource {
  /** The files the evidence is read from (never overwritten by an output). */
  inputs: readonly string[];
  /** Reads the evidence; called after every other input has been read and checked. */
  read: () => { bundle: Bundle; notes: string[] };
  /** The default output folder's name, before its time stamp. */
  name: string;
  /** The files the command may write. */
  writes: readonly string[];
  /** Whether the bundle is written too (evidence.json: merge's joined bundle). */
  evidence: boolean;
}

/**
 * Judges evidence and writes the finding and reports: `report` (one bundle) and `merge` (bundles joined).
 * Every input is read and checked before the output folder is made, and the finding is composed before
 * it too: a malformed accept file, earlier scan, template or a refused --final stops the command with
 * nothing written.
 */
export async function reportFromEvidence(o: ReportingOptions, source: EvidenceSource): Promise<number> {
  const options: ReportOptions = { xrefs: o.xref, answers: o.answer, final: o.final };
  if (o.template) options.templatePath = o.template;
  if (o.format) options.formats = o.format;
  if (o.noCosts) options.costs = false;
  else if (o.prices) options.costs = readPrices(o.prices);
  const plan = {
    force: o.force,
    protect: [
      ...source.inputs,
      ...[options.templatePath, o.accept, o.previous, o.prices].filter((p): p is string => p !== undefined),
    ],
    writes: source.writes,
  };
  precheckOutDir(o.out, plan);
  const acceptFile = o.accept ? readAcceptFile(o.accept) : undefined;
  const previous = o.previous ? readScanSide(o.previous) : undefined;
  const { bundle, notes } = source.read();
  const { results, reports } = acceptResults(runChecks(bundle), acceptFile);
  if (previous) options.retest = retestOf(previous, sideOfBundle(bundle, results));
  // The finding and the cost estimate are written as composed here (not made a second time).
  const costs = costEstimate(bundle, results, options);
  const finding = compose(bundle, results, options, costs);
  const out = OutputDir.open(o.out ?? defaultOutDir(`${source.name}-${stamp()}`), plan);
  const written = await writeOutputs(
    out,
    bundle,
    results,
    { ...options, evidence: source.evidence },
    { finding, costs },
  );
  for (const line of acceptReportLines(reports, o.quiet)) process.stderr.write(`${line}\n`);
  if (!o.quiet) {
    for (const note of notes) process.stderr.write(`watchpost: ${note}\n`);
    process.stdout.write(
      renderSummary(bundle, results, {
        colour: useColour(process.stdout),
        outDir: out.path,
        files: written.files,
      }),
    );
    if (options.retest) process.stdout.write(`${retestLead(options.retest)}\n`);
    if (written.finding) process.stdout.write(renderChecklist(written.finding, 'finding.md'));
  }
  return exitCodeFor(results, o.exitZero);
}
