import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { parse } from './args.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';

export async function assessCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    'assess',
    argv,
    {
      out: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
    },
    { min: 1, max: 1, names: 'EVIDENCE.json' },
  );
  const evidencePath = positionals[0]!;
  const force = values.force === true;
  const plan = { force, protect: [evidencePath], writes: WRITES.assess };
  precheckOutDir(values.out as string | undefined, plan);
  const bundle = readBundle(evidencePath);
  const results = runChecks(bundle);
  const out = OutputDir.open((values.out as string | undefined) ?? defaultOutDir(`assess-${stamp()}`), plan);
  const { files } = await writeOutputs(out, bundle, results, {
    xrefs: {},
    evidence: false,
    resultsOnly: true,
  });
  if (values.quiet !== true) {
    process.stdout.write(
      renderSummary(bundle, results, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return exitCodeFor(results, values['exit-zero'] === true);
}
