import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { ASSESS } from './commands.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { parseCommand } from './options.js';

export async function assessCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(ASSESS, argv);
  const evidencePath = operands[0]!;
  const plan = { force: o.force, protect: [evidencePath], writes: WRITES.assess };
  precheckOutDir(o.out, plan);
  const bundle = readBundle(evidencePath);
  const results = runChecks(bundle);
  const out = OutputDir.open(o.out ?? defaultOutDir(`assess-${stamp()}`), plan);
  const { files } = await writeOutputs(out, bundle, results, {
    xrefs: {},
    evidence: false,
    resultsOnly: true,
  });
  if (!o.quiet) {
    process.stdout.write(
      renderSummary(bundle, results, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return exitCodeFor(results, o.exitZero);
}
