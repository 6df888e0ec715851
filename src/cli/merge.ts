import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { mergeBundles } from '../pipeline/merge.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { parse } from './args.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    'merge',
    argv,
    {
      out: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
    },
    { min: 1, max: 10_000, names: 'EVIDENCE.json files' },
  );
  const force = values.force === true;
  const plan = { force, protect: positionals, writes: WRITES.merge };
  precheckOutDir(values.out as string | undefined, plan);
  const bundles = positionals.map((path) => ({ path, bundle: readBundle(path) }));
  const { bundle, replaced } = mergeBundles(bundles);
  const results = runChecks(bundle);
  const out = OutputDir.open((values.out as string | undefined) ?? defaultOutDir(`merged-${stamp()}`), plan);
  const { files } = await writeOutputs(out, bundle, results, { xrefs: {}, evidence: true });
  if (values.quiet !== true) {
    if (replaced.length > 0) {
      process.stderr.write(
        `watchpost: ${replaced.length} account(s) appeared in several bundles; the latest scan of each was kept\n`,
      );
    }
    process.stdout.write(
      renderSummary(bundle, results, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return exitCodeFor(results, values['exit-zero'] === true);
}
