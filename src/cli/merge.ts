import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { mergeBundles } from '../pipeline/merge.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { MERGE } from './commands.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { parseCommand } from './options.js';

export async function mergeCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(MERGE, argv);
  const plan = { force: o.force, protect: operands, writes: WRITES.merge };
  precheckOutDir(o.out, plan);
  const bundles = operands.map((path) => ({ path, bundle: readBundle(path) }));
  const { bundle, replaced } = mergeBundles(bundles);
  const results = runChecks(bundle);
  const out = OutputDir.open(o.out ?? defaultOutDir(`merged-${stamp()}`), plan);
  const { files } = await writeOutputs(out, bundle, results, { xrefs: {}, evidence: true });
  if (!o.quiet) {
    if (replaced.length > 0) {
      process.stderr.write(
        `watchpost: ${replaced.length} account(s) appeared in several bundles; the latest scan of each was kept\n`,
      );
    }
    process.stdout.write(
      renderSummary(bundle, results, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return exitCodeFor(results, o.exitZero);
}
