import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { compose, type ReportOptions, renderChecklist, writeOutputs } from '../pipeline/outputs.js';
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
  const plan = {
    force: o.force,
    protect: [evidencePath, ...(options.templatePath ? [options.templatePath] : [])],
    writes: WRITES.report,
  };
  precheckOutDir(o.out, plan);
  const bundle = readBundle(evidencePath);
  const results = runChecks(bundle);
  // Compose first: a bad template or a refused --final must not create or touch the output folder.
  compose(bundle, results, options);
  const out = OutputDir.open(o.out ?? defaultOutDir(`report-${stamp()}`), plan);
  const written = await writeOutputs(out, bundle, results, { ...options, evidence: false });
  if (!o.quiet) {
    process.stdout.write(
      renderSummary(bundle, results, {
        colour: useColour(process.stdout),
        outDir: out.path,
        files: written.files,
      }),
    );
    if (written.finding) process.stdout.write(renderChecklist(written.finding, 'finding.md'));
  }
  return exitCodeFor(results, o.exitZero);
}
