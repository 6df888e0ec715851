import { runChecks } from '../checks/run.js';
import { readBundle } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import {
  compose,
  parseFormats,
  type ReportOptions,
  renderChecklist,
  writeOutputs,
} from '../pipeline/outputs.js';
import { renderSummary } from '../render/terminal.js';
import { parse, parseAnswers, parseXrefs } from './args.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    'report',
    argv,
    {
      template: { type: 'string' },
      xref: { type: 'string', multiple: true },
      answer: { type: 'string', multiple: true },
      final: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
    },
    { min: 1, max: 1, names: 'EVIDENCE.json' },
  );
  const evidencePath = positionals[0]!;
  const force = values.force === true;
  const options: ReportOptions = {
    xrefs: parseXrefs(values.xref as string[] | undefined),
    answers: parseAnswers(values.answer as string[] | undefined),
    final: values.final === true,
  };
  if (values.template) options.templatePath = values.template as string;
  const formats = parseFormats(values.format as string | undefined);
  if (formats) options.formats = formats;
  const plan = {
    force,
    protect: [evidencePath, ...(options.templatePath ? [options.templatePath] : [])],
    writes: WRITES.report,
  };
  precheckOutDir(values.out as string | undefined, plan);
  const bundle = readBundle(evidencePath);
  const results = runChecks(bundle);
  // Compose first: a bad template or a refused --final must not create or touch the output folder.
  compose(bundle, results, options);
  const out = OutputDir.open((values.out as string | undefined) ?? defaultOutDir(`report-${stamp()}`), plan);
  const written = await writeOutputs(out, bundle, results, { ...options, evidence: false });
  if (values.quiet !== true) {
    process.stdout.write(
      renderSummary(bundle, results, {
        colour: useColour(process.stdout),
        outDir: out.path,
        files: written.files,
      }),
    );
    if (written.finding) process.stdout.write(renderChecklist(written.finding, 'finding.md'));
  }
  return exitCodeFor(results, values['exit-zero'] === true);
}
