/**
 * watchpost command line. Commands are thin: parse, call the pipeline, print.
 * Exit codes: 0 nothing failed, 3 something failed, 1 runtime error, 2 bad usage or bad input.
 *
 * Only help and version are imported statically: `--help` must not load the schema (zod), the finding
 * composer or the AWS SDK. The error classes are imported when an error is reported; a command that
 * threw has loaded them already.
 */
import { redact } from '../aws/redact.js';
import { VERSION } from '../version.js';
import { HELP, helpFor } from './help.js';

export const EXIT = { ok: 0, runtime: 1, usage: 2, failed: 3 } as const;

/** Each command loads its own dependencies when it runs (the AWS SDK alone takes seconds to load). */
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  assess: async () => (await import('./assess.js')).assessCommand,
  report: async () => (await import('./report.js')).reportCommand,
  policy: async () => (await import('./policy.js')).policyCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? rest[0] : undefined;
    process.stdout.write(topic ? helpFor(topic) : HELP);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    process.stdout.write(`watchpost ${VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`watchpost: unknown command ${JSON.stringify(command)} (try: watchpost --help)\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpFor(command));
    return EXIT.ok;
  }
  const run = await load();
  return run(rest);
}

/** Writes what went wrong to stderr and returns the exit code. */
async function reportError(e: unknown): Promise<number> {
  const [
    { InputError },
    { TemplateError },
    { CredentialsError, FinalRefusedError },
    { UsageError },
    { safeText },
  ] = await Promise.all([
    import('../evidence/bundle.js'),
    import('../finding/types.js'),
    import('../pipeline/errors.js'),
    import('./args.js'),
    import('../render/terminal.js'),
  ]);
  const oneLine = (err: unknown): string => {
    const msg = err instanceof Error ? err.message : String(err);
    // Messages can carry text from AWS (error messages): no control characters or bidi overrides.
    return safeText(redact(msg.split('\n')[0] ?? msg), 1000);
  };
  if (e instanceof FinalRefusedError) {
    process.stderr.write(`watchpost: ${oneLine(e)}; nothing was written:\n`);
    for (const item of e.items) {
      process.stderr.write(
        `  finding.md:${item.line}:${item.column} ${item.kind}: ${safeText(item.text.replace(/\s+/g, ' '), 120)}\n`,
      );
    }
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`${oneLine(e)}\n(see: watchpost --help)\n`);
    return EXIT.usage;
  }
  if (e instanceof InputError || e instanceof TemplateError) {
    // A TemplateError can surface directly (scan checks --template before scanning): bad input, not a crash.
    process.stderr.write(`watchpost: ${oneLine(e)}\n`);
    return EXIT.usage;
  }
  if (e instanceof CredentialsError) {
    process.stderr.write(`watchpost: ${oneLine(e)}\n`);
    return EXIT.runtime;
  }
  process.stderr.write(`watchpost: internal error: ${oneLine(e)}\n`);
  if (process.env.WATCHPOST_DEBUG_STACK === '1' && e instanceof Error)
    process.stderr.write(`${redact(e.stack ?? '')}\n`);
  return EXIT.runtime;
}

main(process.argv.slice(2))
  .catch(reportError)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // The error report itself failed (its modules could not load): say so without the message, which
      // could carry unneutralised text from AWS.
      process.stderr.write(
        `watchpost: internal error (${e instanceof Error ? e.name : typeof e}; the error report failed)\n`,
      );
      process.exitCode = EXIT.runtime;
    },
  );
