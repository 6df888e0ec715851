/**
 * watchpost command line. Commands are thin: parse, call the pipeline, print.
 * Exit codes: 0 nothing failed, 3 something failed, 1 runtime error, 2 bad usage or bad input.
 */
import { redact } from '../aws/redact.js';
import { InputError } from '../evidence/bundle.js';
import { TemplateError } from '../finding/types.js';
import { CredentialsError, FinalRefusedError } from '../pipeline/errors.js';
import { safeText } from '../render/terminal.js';
import { VERSION } from '../version.js';
import { UsageError } from './args.js';
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

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // Messages can carry text from AWS (error messages): no control characters or bidi overrides.
  return safeText(redact(msg.split('\n')[0] ?? msg), 1000);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof FinalRefusedError) {
      process.stderr.write(`watchpost: ${oneLine(e)}; nothing was written:\n`);
      for (const item of e.items) {
        process.stderr.write(
          `  finding.md:${item.line}:${item.column} ${item.kind}: ${safeText(item.text.replace(/\s+/g, ' '), 120)}\n`,
        );
      }
      process.exitCode = EXIT.usage;
    } else if (e instanceof UsageError) {
      process.stderr.write(`${oneLine(e)}\n(see: watchpost --help)\n`);
      process.exitCode = EXIT.usage;
    } else if (e instanceof InputError || e instanceof TemplateError) {
      // A TemplateError can surface directly (scan checks --template before scanning): bad input, not a crash.
      process.stderr.write(`watchpost: ${oneLine(e)}\n`);
      process.exitCode = EXIT.usage;
    } else if (e instanceof CredentialsError) {
      process.stderr.write(`watchpost: ${oneLine(e)}\n`);
      process.exitCode = EXIT.runtime;
    } else {
      process.stderr.write(`watchpost: internal error: ${oneLine(e)}\n`);
      if (process.env.WATCHPOST_DEBUG_STACK === '1' && e instanceof Error)
        process.stderr.write(`${redact(e.stack ?? '')}\n`);
      process.exitCode = EXIT.runtime;
    }
  },
);
