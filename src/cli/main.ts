/**
 * watchpost command line. Commands are thin: parse, call the pipeline, print.
 * Exit codes: 0 nothing failed, 3 something failed, 1 runtime error, 2 bad usage or bad input.
 *
 * Only the version is imported statically: `--version` loads nothing else. The commands' declarations
 * (and with them the lists help shows: services, questions, formats) load for help and for every command;
 * a command's own code and the AWS SDK load only when that command runs. The error classes are imported
 * when an error is reported; a command that threw has loaded them already.
 */
import { redact } from '../aws/redact.js';
import { VERSION } from '../version.js';

export const EXIT = { ok: 0, runtime: 1, usage: 2, failed: 3 } as const;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    process.stdout.write(`watchpost ${VERSION}\n`);
    return EXIT.ok;
  }
  const [{ COMMANDS, findCommand }, { commandHelp, overview }, { UsageError, usageError }] =
    await Promise.all([import('./commands.js'), import('./help.js'), import('./options.js')]);
  const names = COMMANDS.map((c) => c.name).join(', ');
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(overview());
    return EXIT.ok;
  }
  if (command === 'help') {
    const [topic, extra] = rest;
    if (extra !== undefined) throw usageError('help', `unexpected argument ${JSON.stringify(extra)}`);
    if (topic === undefined || topic === 'help' || topic === '--help' || topic === '-h') {
      process.stdout.write(overview());
      return EXIT.ok;
    }
    const found = findCommand(topic);
    if (!found) throw usageError('help', `unknown command ${JSON.stringify(topic)} (commands: ${names})`);
    process.stdout.write(commandHelp(found));
    return EXIT.ok;
  }
  const found = findCommand(command);
  if (!found)
    throw new UsageError(`watchpost: unknown command ${JSON.stringify(command)} (commands: ${names})`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(found));
    return EXIT.ok;
  }
  const run = await found.run();
  return run(rest);
}

/** The hint after a usage error: the help of the command it is about, or the overview. */
function helpHint(command: string | undefined): string {
  return `(see: watchpost help${command && command !== 'help' ? ` ${command}` : ''})`;
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
    import('./options.js'),
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
    process.stderr.write(`${oneLine(e)}\n${helpHint(e.command)}\n`);
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
