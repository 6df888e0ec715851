/**
 * watchpost command line. Commands are thin: parse, call the pipeline, print.
 * Exit codes: 0 nothing failed, 3 something failed, 1 runtime error, 2 bad usage or bad input.
 */
import { redact } from '../aws/redact.js';
import { InputError } from '../evidence/bundle.js';
import { TemplateError } from '../finding/types.js';
import { FinalRefusedError } from '../pipeline/outputs.js';
import { CredentialsError } from '../pipeline/scan.js';
import { safeText } from '../render/terminal.js';
import { VERSION } from '../version.js';
import { UsageError } from './args.js';
import { assessCommand } from './assess.js';
import { HELP, helpFor } from './help.js';
import { mergeCommand } from './merge.js';
import { policyCommand } from './policy.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';

export const EXIT = { ok: 0, runtime: 1, usage: 2, failed: 3 } as const;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  scan: scanCommand,
  assess: assessCommand,
  report: reportCommand,
  policy: policyCommand,
  merge: mergeCommand,
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
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`watchpost: unknown command ${JSON.stringify(command)} (try: watchpost --help)\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpFor(command));
    return EXIT.ok;
  }
  return run(rest);
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return redact(msg.split('\n')[0] ?? msg);
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
