import { readBundle } from '../evidence/bundle.js';
import { mergeBundles } from '../pipeline/merge.js';
import { MERGE } from './commands.js';
import { WRITES } from './common.js';
import { parseCommand } from './options.js';
import { reportFromEvidence } from './report.js';

export async function mergeCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(MERGE, argv);
  return reportFromEvidence(o, {
    inputs: operands,
    read: () => {
      const { bundle, replaced } = mergeBundles(operands.map((path) => ({ path, bundle: readBundle(path) })));
      const notes =
        replaced.length > 0
          ? [`${replaced.length} account(s) appeared in several bundles; the latest scan of each was kept`]
          : [];
      return { bundle, notes };
    },
    name: 'merged',
    writes: WRITES.merge,
    evidence: true,
  });
}
