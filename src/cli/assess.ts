import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { acceptReportLines, acceptResults, readAcceptFile } from '../pipeline/engagement.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { ASSESS } from './commands.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { parseCommand } from './options.js';

export async function assessCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(ASSESS, argv);
  const evidencePath = operands[0]!;
  const plan = {
    force: o.force,
    protect: [evidencePath, ...(o.accept ? [o.accept] : [])],
    writes: WRITES.assess,
  };
  precheckOutDir(o.out, plan);
  // A malformed accept file stops here, before the evidence is read or anything is written.
  const acceptFile = o.accept ? readAcceptFile(o.accept) : undefined;
  const bundle = readBundle(evidencePath);
  const { results, reports } = acceptResults(runChecks(bundle), acceptFile);
  const out = OutputDir.open(o.out ?? defaultOutDir(`assess-${stamp()}`), plan);
  const { files } = await writeOutputs(out, bundle, results, {
    xrefs: {},
    evidence: false,
    resultsOnly: true,
  });
  for (const line of acceptReportLines(reports, o.quiet)) process.stderr.write(`${line}\n`);
  if (!o.quiet) {
    process.stdout.write(
      renderSummary(bundle, results, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return exitCodeFor(results, o.exitZero);
}
