/**
 * `watchpost help [COMMAND]`, `watchpost --help`, `watchpost COMMAND --help`: written from the command and
 * option declarations (commands.ts, options.ts), so help lists exactly what the parser accepts.
 */
import { COMMANDS, type Command } from './commands.js';
import type { Option } from './options.js';

/** Help is wrapped to this many columns. */
const WIDTH = 100;

/** `text` wrapped to WIDTH, every line indented by `indent` spaces (the first by `first`, when given). */
function wrap(text: string, indent: number, first = indent): string[] {
  const lines: string[] = [];
  let line = '';
  let lead = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && lead + line.length + 1 + word.length > WIDTH) {
      lines.push(' '.repeat(lead) + line);
      line = word;
      lead = indent;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(' '.repeat(lead) + line);
  return lines;
}

const usageOf = (c: Command): string =>
  ['watchpost', c.name, c.operands.usage, Object.keys(c.options).length > 0 ? '[options]' : '']
    .filter(Boolean)
    .join(' ');

const flagOf = (o: Option): string => `--${o.flag}${o.arg ? ` ${o.arg}` : ''}`;

function describe(o: Option): string {
  const help = typeof o.help === 'function' ? o.help() : o.help;
  const repeatable = o.kind === 'repeatable' ? ' (repeatable)' : '';
  const details = o.details ? ':' : '';
  return `${help}${repeatable}${o.default ? ` (default: ${o.default})` : ''}${details}`;
}

/** The options of one command, grouped under their sections, flags and texts in two columns. */
function optionLines(options: readonly Option[]): string[] {
  const column = 2 + Math.max(...options.map((o) => flagOf(o).length)) + 2;
  const sections = new Map<string, Option[]>();
  for (const o of options) {
    const name = o.section ?? 'Options';
    sections.set(name, [...(sections.get(name) ?? []), o]);
  }
  const lines: string[] = [];
  for (const [name, list] of sections) {
    lines.push('', `${name}:`);
    for (const o of list) {
      const flag = `  ${flagOf(o)}`;
      const text = wrap(describe(o), column);
      lines.push(flag + (text[0] ?? '').slice(flag.length), ...text.slice(1));
      const details = o.details?.() ?? [];
      const key = Math.max(0, ...details.map(([k]) => k.length));
      for (const [k, v] of details) {
        const [head = '', ...tail] = wrap(v, column + 2 + key + 2);
        lines.push(' '.repeat(column + 2) + k.padEnd(key + 2) + head.trimStart(), ...tail);
      }
    }
  }
  return lines;
}

/** The help of one command. */
export function commandHelp(command: Command): string {
  const lines = [
    usageOf(command),
    '',
    ...wrap(command.description, 0),
    ...optionLines(Object.values(command.options)),
  ];
  return `${lines.join('\n')}\n`;
}

/** The overview: every command in one line, exit codes, credentials. */
export function overview(): string {
  const rows: [string, string][] = [
    ...COMMANDS.map((c): [string, string] => [usageOf(c), c.summary]),
    ['watchpost help COMMAND', 'what one command does, and its options'],
    ['watchpost --version', 'the version of watchpost'],
  ];
  const column = 2 + Math.max(...rows.map(([u]) => u.length)) + 2;
  return `${[
    'watchpost — audit AWS accounts for the security services a consultant expects, and write the finding.',
    '',
    'Usage:',
    ...rows.flatMap(([usage, summary]) => {
      const text = wrap(summary, column);
      return [`  ${usage}`.padEnd(column) + (text[0] ?? '').trimStart(), ...text.slice(1)];
    }),
    '',
    ...wrap(
      'Exit codes: 0 nothing failed, 3 a check failed, or for diff a gap is still open or new (0 with --exit-zero), 1 runtime error, 2 bad usage or bad input.',
      0,
    ),
    ...wrap(
      'Credentials come from the standard AWS chain (environment, shared files, --profile, SSO, container and instance roles). AWS_ENDPOINT_URL is honoured as the AWS SDK does.',
      0,
    ),
  ].join('\n')}\n`;
}
