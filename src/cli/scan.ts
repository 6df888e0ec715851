import { runChecks } from '../checks/run.js';
import { OutputDir } from '../evidence/output-dir.js';
import type { CallStats } from '../evidence/schema.js';
import { writeOutputs } from '../pipeline/outputs.js';
import { scan } from '../pipeline/scan.js';
import { renderSummary } from '../render/terminal.js';
import { parse, parsePositiveInt, parseRegions, parseServices, parseXrefs } from './args.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour } from './common.js';

export async function scanCommand(argv: string[]): Promise<number> {
  const { values } = parse(
    'scan',
    argv,
    {
      profile: { type: 'string' },
      regions: { type: 'string' },
      services: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      template: { type: 'string' },
      xref: { type: 'string', multiple: true },
      'max-attempts': { type: 'string' },
      concurrency: { type: 'string' },
      quiet: { type: 'boolean' },
      debug: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  );
  const regions = parseRegions(values.regions as string | undefined);
  const services = parseServices(values.services as string | undefined);
  const maxAttempts = parsePositiveInt('max-attempts', values['max-attempts'] as string | undefined, 20);
  const concurrency = parsePositiveInt('concurrency', values.concurrency as string | undefined, 512);
  const xrefs = parseXrefs(values.xref as string[] | undefined);
  const force = values.force === true;
  const quiet = values.quiet === true;
  const outArg = values.out as string | undefined;
  precheckOutDir(outArg, force);
  void xrefs;

  const progress = quiet ? undefined : progressLine();
  const bundle = await scan({
    ...(values.profile ? { profile: values.profile as string } : {}),
    ...(regions ? { regions } : {}),
    ...(services ? { services } : {}),
    ...(maxAttempts ? { maxAttempts } : {}),
    ...(concurrency ? { maxConcurrency: concurrency } : {}),
    ...(values.debug ? { debug: (line: string) => process.stderr.write(`debug: ${line}\n`) } : {}),
    ...(progress ? { onCall: progress.update } : {}),
  });
  progress?.done();
  const results = runChecks(bundle);
  const account = bundle.accounts[0]?.accountId ?? 'account';
  const out = OutputDir.open(outArg ?? defaultOutDir(`${account}-${stamp()}`), { force });
  const files = writeOutputs(out, bundle, results, { evidence: true });
  if (!quiet) {
    process.stdout.write(
      renderSummary(bundle, results, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return exitCodeFor(results);
}

/** Progress on stderr: a rewritten line on a TTY, a plain line every few seconds otherwise. */
function progressLine(): { update: (s: CallStats) => void; done: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  const started = Date.now();
  let last = 0;
  let lastCalls = 0;
  return {
    update(s: CallStats) {
      const now = Date.now();
      if (now - last < (tty ? 150 : 5000)) return;
      last = now;
      lastCalls = s.calls;
      const line = `scanning: ${s.calls} AWS calls, ${s.errors} errors, ${((now - started) / 1000).toFixed(1)} s`;
      process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    },
    done() {
      if (tty && lastCalls > 0) process.stderr.write('\r\u001b[K');
    },
  };
}
