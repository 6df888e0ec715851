import { runChecks } from '../checks/run.js';
import { readPrices } from '../costs/prices-file.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
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
import { parseCommand } from './options.js';

export async function reportCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(REPORT, argv);
  const evidencePath = operands[0]!;
  const options: ReportOptions = { xrefs: o.xref, answers: o.answer, final: o.final };
  if (o.template) options.templatePath = o.template;
  if (o.format) options.formats = o.format;
  if (o.noCosts) options.costs = false;
  else if (o.prices) options.costs = readPrices(o.prices);
  const plan = {
    force: o.force,
    protect: [
      evidencePath,
      ...[options.templatePath, o.accept, o.previous, o.prices].filter((p): p is string => p !== undefined),
    ],
    writes: WRITES.report,
  };
  precheckOutDir(o.out, plan);
  // Every input is read and checked before the output folder is made: a malformed accept file or
  // earlier scan stops the command with nothing written.
  const acceptFile = o.accept ? readAcceptFile(o.accept) : undefined;
  const previous = o.previous ? readScanSide(o.previous) : undefined;
  const bundle = readBundle(evidencePath);
  const { results, reports } = acceptResults(runChecks(bundle), acceptFile);
  if (previous) options.retest = retestOf(previous, sideOfBundle(bundle, results));
  // Compose first: a bad template or a refused --final must not create or touch the output folder. The
  // finding and the cost estimate are then written as composed (not made a second time).
  const costs = costEstimate(bundle, results, options);
  const finding = compose(bundle, results, options, costs);
  const out = OutputDir.open(o.out ?? defaultOutDir(`report-${stamp()}`), plan);
  const written = await writeOutputs(
    out,
    bundle,
    results,
    { ...options, evidence: false },
    { finding, costs },
  );
  for (const line of acceptReportLines(reports, o.quiet)) process.stderr.write(`${line}\n`);
  if (!o.quiet) {
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
