/**
 * Every command-line option, declared once: its flag, the name of its value, its help text, what happens
 * without it, and how its value is read and checked. Commands (commands.ts) take the declarations they
 * need, so an option shared by several commands is the same object in each; `--help` is written from them
 * (help.ts), and `parseCommand` derives node:util `parseArgs`' configuration from them and returns each
 * value with the type its declaration gives it.
 */
import { parseArgs } from 'node:util';
import { formatBytes, INPUT, InputError } from '../evidence/input.js';
import { ACCOUNT_ID_RE, REGION_RE } from '../evidence/scan-parameters.js';
import { ORG_MODE_HELP, ORG_MODES, type OrgMode } from '../pipeline/org-mode.js';
import { parseShardSpec } from '../pipeline/shard.js';
import {
  type Answers,
  FORMATS,
  type Format,
  OUTPUT_FORMATS,
  QUESTIONS,
  SERVICES,
  type ServiceId,
} from './catalog.js';
import { DEFAULT_ROLE_NAME } from './resume.js';

/**
 * Wrong command-line usage: printed as one line, `watchpost COMMAND: …`, and a hint naming that command's
 * help; exit 2. The value parsers below throw it without a command (`--regions: …`); `parseCommand` names
 * the command.
 */
export class UsageError extends InputError {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose help the hint names; none: the overview (`watchpost help`). */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A usage error of `command`: `watchpost COMMAND: message`. */
export function usageError(command: string, message: string): UsageError {
  return new UsageError(`watchpost ${command}: ${message}`, command);
}

// ------------------------------------------------------------------------------------------- declarations

type Kind = 'boolean' | 'string' | 'repeatable';
type Raw<K extends Kind> = K extends 'boolean'
  ? boolean | undefined
  : K extends 'string'
    ? string | undefined
    : string[] | undefined;

/** One option, as declared; `T` is the type of its value once parsed. */
export interface Option<T = unknown> {
  /** The flag without its dashes: `regions`. */
  flag: string;
  /** `boolean`: a switch; `string`: takes one value; `repeatable`: takes a value each time it is given. */
  kind: Kind;
  /** The value's name in help: `a,b`, `DIR`, `N`. */
  arg?: string;
  /** What the option does (one paragraph, wrapped by help). A function when it lists things declared elsewhere. */
  help: string | (() => string);
  /** What happens without the option, for help: "every region enabled for the account". */
  default?: string;
  /** Lines shown under the option in help: each allowed value and what it means. */
  details?: () => readonly (readonly [string, string])[];
  /** Help heading the option is listed under (default: "Options"). */
  section?: string;
  /** Only meaningful in an organization scan: refused without `--org` (or `--resume`). */
  needsOrg?: boolean;
  /** The raw value (undefined when the option is absent) → the value; throws `UsageError('--flag: …')`. */
  parse(raw: Raw<Kind>): T;
}

interface Declaration<K extends Kind, T> extends Omit<Option<T>, 'kind' | 'parse'> {
  kind: K;
  parse: (raw: Raw<K>) => T;
}

function option<K extends Kind, T>(d: Declaration<K, T>): Option<T> {
  // parseArgs is configured from `kind` (parseCommand), so the raw value has the type `kind` says.
  return { ...d, parse: (raw) => d.parse(raw as Raw<K>) };
}

/** A switch: true when given. */
function flag(flag: string, help: string, more: Partial<Option<boolean>> = {}): Option<boolean> {
  return option({ flag, kind: 'boolean', help, ...more, parse: (v) => v === true });
}

/** The text given, as it is (undefined when absent). */
const asGiven = (v: string | undefined): string | undefined => v;

// ------------------------------------------------------------------------------------------- value parsers

/** `--regions a,b`: region names, de-duplicated, at least one. */
export function parseRegions(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0)
    throw new UsageError('--regions: give at least one region, e.g. --regions eu-west-1,us-east-1');
  for (const r of regions) {
    if (!REGION_RE.test(r))
      throw new UsageError(`--regions: ${JSON.stringify(r)} is not a region name (e.g. eu-west-1)`);
  }
  return [...new Set(regions)];
}

/**
 * A comma-separated list of names from `known` (any case), in the order given, at least one: e.g.
 * `--services`, `--format` (whose empty list would write next to nothing).
 */
function parseChoices<T extends string>(
  flag: string,
  noun: string,
  known: readonly T[],
  value: string | undefined,
): T[] | undefined {
  if (value === undefined) return undefined;
  const out: T[] = [];
  for (const name of value.split(',').map((x) => x.trim().toLowerCase())) {
    if (!name) continue;
    const found = known.find((k) => k === name);
    if (!found) {
      throw new UsageError(`--${flag}: unknown ${noun} ${JSON.stringify(name)} (known: ${known.join(', ')})`);
    }
    out.push(found);
  }
  if (out.length === 0) throw new UsageError(`--${flag}: give at least one ${noun} (${known.join(', ')})`);
  return out;
}

/** `--services a,b`: known service ids. */
export const parseServices = (value: string | undefined): ServiceId[] | undefined =>
  parseChoices('services', 'service', SERVICES, value);

/** `--format a,b`: known formats. */
export const parseFormats = (value: string | undefined): Format[] | undefined =>
  parseChoices('format', 'format', FORMATS, value);

/** A whole number from 1 to `max`, or undefined when absent. */
export function parsePositiveInt(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name}: expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** `--xref KEY=TEXT`, repeatable. */
export function parseXrefs(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--xref: expected KEY=TEXT, got ${JSON.stringify(v)}`);
    const key = v.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.-]+(?:#[1-9]\d{0,3})?$/.test(key))
      throw new UsageError(
        `--xref: key ${JSON.stringify(key)} may only use letters, digits, _ . - (and #N for the N-th one, e.g. XREF#2)`,
      );
    out[key] = v.slice(eq + 1);
  }
  return out;
}

/** `--answer KEY=VALUE`, repeatable: the consultant's decisions (QUESTIONS). */
export function parseAnswers(values: readonly string[] | undefined): Answers {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const [key = '', value = ''] = v.split('=', 2);
    const question = QUESTIONS.find((q) => q.key === key);
    if (!question) {
      throw new UsageError(
        `--answer: unknown question ${JSON.stringify(key)} (known: ${QUESTIONS.map((q) => q.key).join(', ')})`,
      );
    }
    if (!question.values.includes(value)) {
      throw new UsageError(
        `--answer ${key}: expected ${question.values.join(' or ')}, got ${JSON.stringify(value)}`,
      );
    }
    out[key] = value;
  }
  // Every key and value was checked against QUESTIONS, which lists exactly the Answers type's fields.
  return out as Answers;
}

/** `--accounts a,b`, `--exclude-accounts a,b`: 12-digit ids separated by commas or spaces. */
export function parseAccountList(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!ACCOUNT_ID_RE.test(id))
      throw new UsageError(`--${flag}: ${JSON.stringify(id)} is not a 12-digit account id`);
  }
  return ids;
}

/** `--workers N`: 0 to 16; undefined when absent (the command picks one per CPU core). */
export function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 16) {
    throw new UsageError(`--workers: expected a whole number from 0 to 16, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

// ------------------------------------------------------------------------------------------- the options

const ORG = 'Organizations (from the management account or a delegated administrator)';

/** The options, each declared once; commands.ts says which command takes which. */
export const OPTIONS = {
  profile: option({
    flag: 'profile',
    kind: 'string',
    arg: 'NAME',
    help: 'use a named profile from ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name); exit 2 if neither has it',
    default: 'the standard AWS credential chain',
    // An empty name is no profile (as before).
    parse: (v) => (v ? v : undefined),
  }),
  regions: option({
    flag: 'regions',
    kind: 'string',
    arg: 'a,b',
    help: 'only these regions',
    default: 'every region enabled for the account',
    parse: parseRegions,
  }),
  services: option({
    flag: 'services',
    kind: 'string',
    arg: 'a,b',
    help: () => `only these services: ${SERVICES.join(', ')}`,
    default: 'all',
    parse: parseServices,
  }),
  out: option({
    flag: 'out',
    kind: 'string',
    arg: 'DIR',
    help: 'output folder, checked before any work starts',
    default: 'a new folder under ./watchpost-out/',
    parse: asGiven,
  }),
  force: flag(
    'force',
    'replace the files watchpost writes in an existing, non-empty output folder (never an input file)',
  ),
  template: option({
    flag: 'template',
    kind: 'string',
    arg: 'FILE',
    help: `finding template, UTF-8, at most ${formatBytes(INPUT.template.maxBytes)}; see docs/templates.md`,
    default: "watchpost's own",
    // An empty path is no template (as before).
    parse: (v) => (v ? v : undefined),
  }),
  xref: option({
    flag: 'xref',
    kind: 'repeatable',
    arg: 'KEY=TEXT',
    help: 'resolve a cross-reference marker in the template: KEY#N the N-th one of that key (in template order), KEY every one left',
    parse: parseXrefs,
  }),
  answer: option({
    flag: 'answer',
    kind: 'repeatable',
    arg: 'KEY=VALUE',
    help: () =>
      `a decision only you can make: ${QUESTIONS.map((q) => `${q.key}=${q.values.join('|')}`).join(', ')}`,
    parse: parseAnswers,
  }),
  format: option({
    flag: 'format',
    kind: 'string',
    arg: 'a,b',
    help: 'outputs to write, at least one',
    default: 'all',
    details: () => FORMATS.map((f) => [f, OUTPUT_FORMATS[f].help] as const),
    parse: parseFormats,
  }),
  noCosts: flag(
    'no-costs',
    'leave the cost estimate out: no costs.json, no cost table in the finding and report.html (scan: no usage reads either)',
  ),
  prices: option({
    flag: 'prices',
    kind: 'string',
    arg: 'FILE',
    help: `a price table (JSON, at most ${formatBytes(INPUT.prices.maxBytes)}; see docs/costs.md) overriding any price or assumption of the bundled one; a malformed file stops the command before anything is read or written (exit 2)`,
    default: 'the bundled AWS list prices',
    parse: (v) => (v ? v : undefined),
  }),
  final: flag('final', 'strip consultant guidance; refuse (exit 2) while review items remain'),
  accept: option({
    flag: 'accept',
    kind: 'string',
    arg: 'FILE',
    help: `the client's accepted risks (YAML, at most ${formatBytes(INPUT.accept.maxBytes)}; see docs/accepting.md): a failing result an entry covers becomes accepted, with the entry's reason, and leaves the finding's claims; each entry's outcome (applied, expired, unused, …) is printed on stderr; a malformed file stops the command before anything is read or written (exit 2)`,
    parse: (v) => (v ? v : undefined),
  }),
  previous: option({
    flag: 'previous',
    kind: 'string',
    arg: 'OLD.json',
    help: 'an earlier scan (its evidence.json or results.json): the finding gets a retest section saying what was fixed, is still open, new, accepted or now unknown, and diff.json is written (see docs/retest.md)',
    parse: (v) => (v ? v : undefined),
  }),
  maxAttempts: option({
    flag: 'max-attempts',
    kind: 'string',
    arg: 'N',
    help: 'attempts per AWS call including retries, 1 to 20',
    default: '4, 8 with --org; throttled calls get 12, 20 with --org, unless this is given',
    parse: (v) => parsePositiveInt('max-attempts', v, 20),
  }),
  concurrency: option({
    flag: 'concurrency',
    kind: 'string',
    arg: 'N',
    help: 'AWS calls in flight at once, role assumptions aside, 1 to 512',
    default: '32, 256 with --org',
    parse: (v) => parsePositiveInt('concurrency', v, 512),
  }),
  quiet: flag('quiet', 'no progress and no summary (errors still go to stderr)'),
  exitZero: flag(
    'exit-zero',
    'exit 0 instead of 3 (a check failed; for diff: a gap is still open or new); runtime and input errors still exit 1 and 2',
  ),
  debug: flag('debug', 'one line per AWS call on stderr (never credentials)'),

  org: flag('org', 'scan every active account of the organization', { section: ORG }),
  roleName: option({
    flag: 'role-name',
    kind: 'string',
    arg: 'NAME',
    help: 'role to assume in each member account',
    default: DEFAULT_ROLE_NAME,
    section: ORG,
    needsOrg: true,
    parse: (v) => {
      if (v === '') throw new UsageError('--role-name: give the name of a role');
      return v;
    },
  }),
  externalId: option({
    flag: 'external-id',
    kind: 'string',
    arg: 'ID',
    help: 'external id for the role, when its trust policy asks for one (never stored; give it again with --resume)',
    section: ORG,
    needsOrg: true,
    // An empty id is no id (as before).
    parse: (v) => (v ? v : undefined),
  }),
  accounts: option({
    flag: 'accounts',
    kind: 'string',
    arg: 'a,b',
    help: 'only these account ids, separated by commas or spaces',
    default: 'every active account',
    section: ORG,
    needsOrg: true,
    parse: (v) => parseAccountList('accounts', v),
  }),
  accountsFrom: option({
    flag: 'accounts-from',
    kind: 'string',
    arg: 'FILE',
    help: `only the account ids in FILE (one per line, # comments; at most ${formatBytes(INPUT.accounts.maxBytes)}); adds to --accounts`,
    section: ORG,
    needsOrg: true,
    parse: asGiven,
  }),
  excludeAccounts: option({
    flag: 'exclude-accounts',
    kind: 'string',
    arg: 'a,b',
    help: 'skip these account ids',
    section: ORG,
    needsOrg: true,
    parse: (v) => parseAccountList('exclude-accounts', v),
  }),
  shard: option({
    flag: 'shard',
    kind: 'string',
    arg: 'K/N',
    help: 'scan shard K of N (from 1/N to N/N): a stable share of the accounts, the same on every run; auto/N takes K from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX (0-based, plus one); join the N bundles with `watchpost merge`',
    section: ORG,
    needsOrg: true,
    parse: (v) => {
      if (v === undefined) return undefined;
      try {
        return parseShardSpec(v, process.env);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    },
  }),
  shardRun: option({
    flag: 'shard-run',
    kind: 'string',
    arg: 'NAME',
    help: 'a name every shard of one run shares (e.g. the job name); merge refuses shards of different runs',
    section: ORG,
    needsOrg: true,
    parse: (v) => {
      if (v === undefined) return undefined;
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(v))
        throw new UsageError('--shard-run: letters, digits, . _ : - (at most 128)');
      return v;
    },
  }),
  accountConcurrency: option({
    flag: 'account-concurrency',
    kind: 'string',
    arg: 'N',
    help: 'accounts scanned at once, 1 to 64',
    default: '8',
    section: ORG,
    needsOrg: true,
    parse: (v) => parsePositiveInt('account-concurrency', v, 64),
  }),
  workers: option({
    flag: 'workers',
    kind: 'string',
    arg: 'N',
    help: 'threads scanning accounts, 0 to 16 (0: all in one thread); --concurrency is shared among them',
    default: 'one per CPU core, at most 4',
    section: ORG,
    needsOrg: true,
    parse: parseWorkers,
  }),
  orgMode: option({
    flag: 'org-mode',
    kind: 'string',
    arg: 'MODE',
    help: "where members' state is read when the organization has an administrator account for a service: from that administrator, many accounts per call (bulk, auto), or in each account (per-account); values the administrator's answer does not prove are still read in each account",
    default: 'auto',
    details: () => ORG_MODES.map((m) => [m, ORG_MODE_HELP[m]] as const),
    section: ORG,
    needsOrg: true,
    parse: (v): OrgMode => {
      if (v === undefined) return 'auto';
      if (!(ORG_MODES as readonly string[]).includes(v))
        throw new UsageError(
          `--org-mode: expected ${ORG_MODES.join(', ')}, got ${JSON.stringify(v.slice(0, 40))}`,
        );
      return v as OrgMode;
    },
  }),
  resume: option({
    flag: 'resume',
    kind: 'string',
    arg: 'DIR',
    help: 'finish an interrupted organization scan in DIR (Ctrl-C keeps what was read) with the regions, services, role, accounts and profile it was started with (DIR/scan-parameters.json); options given must agree with them (exit 2 otherwise); --external-id is not stored and must be given again',
    section: ORG,
    parse: asGiven,
  }),

  json: flag('json', 'the policy document alone (nothing on stderr)'),
  text: flag(
    'text',
    'the annotated form on stdout: which AWS managed policies cover the actions, as # comments, then the policy (not valid JSON)',
  ),
} as const satisfies Record<string, Option>;

// ------------------------------------------------------------------------------------------- parsing

export type Options = Record<string, Option>;
/** The parsed values of a set of options, by the key they are declared under. */
export type Values<O extends Options> = {
  -readonly [K in keyof O]: O[K] extends Option<infer T> ? T : never;
};

/** What a command takes besides options: its operands. */
export interface Operands {
  /** For help and messages: `EVIDENCE.json`, `EVIDENCE.json…`. */
  usage: string;
  /** For "missing …": `EVIDENCE.json`, `EVIDENCE.json files`. */
  names: string;
  min: number;
  max: number;
}

/** What `parseCommand` needs of a command. */
export interface CommandSyntax<O extends Options = Options> {
  name: string;
  operands: Operands;
  options: O;
}

export interface Parsed<O extends Options> {
  options: Values<O>;
  operands: string[];
  /** The keys of the options that were on the command line (whatever their value). */
  given: ReadonlySet<keyof O>;
}

/** "unknown option --region (did you mean --regions?)": the declared flags close to the one given. */
function unknownOption(raw: string, flags: readonly string[]): string {
  const name = raw.replace(/^-+/, '');
  const close = flags.filter(
    (f) => name.length >= 3 && (f.startsWith(name) || name.startsWith(f) || editDistance(f, name) <= 2),
  );
  return `unknown option ${raw}${close.length > 0 ? ` (did you mean ${close.map((f) => `--${f}`).join(' or ')}?)` : ''}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The command line of `command`, checked against its declared options and operands: values parsed and
 * validated by their declarations, in the order declared. Any problem is a `UsageError` naming the command.
 */
export function parseCommand<O extends Options>(command: CommandSyntax<O>, argv: string[]): Parsed<O> {
  const entries = Object.entries(command.options);
  const config = Object.fromEntries(
    entries.map(([, o]) => [
      o.flag,
      {
        type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const),
        multiple: o.kind === 'repeatable',
      },
    ]),
  );
  // Not strict: the problems strict mode finds are reported here, in our words (its messages differ
  // between Node versions and suggest `--` to users who mistyped a flag).
  const res = parseArgs({ args: argv, options: config, allowPositionals: true, strict: false, tokens: true });
  const byFlag = new Map(entries.map(([, o]) => [o.flag, o]));
  for (const token of res.tokens) {
    if (token.kind !== 'option') continue;
    const o = byFlag.get(token.name);
    if (!o) throw usageError(command.name, unknownOption(token.rawName, [...byFlag.keys()]));
    if (o.kind === 'boolean' && token.value !== undefined)
      throw usageError(command.name, `${token.rawName} takes no value`);
    if (o.kind === 'boolean') continue;
    const needs = `${token.rawName} needs a value (${token.rawName} ${o.arg ?? 'VALUE'})`;
    if (token.value === undefined) throw usageError(command.name, needs);
    // `--out --force`: a forgotten value, not a folder named "--force".
    if (!token.inlineValue && token.value.startsWith('-')) {
      throw usageError(
        command.name,
        `${needs}, not ${token.value}; write ${token.rawName}=${token.value} if that is the value`,
      );
    }
  }
  const { min, max, names } = command.operands;
  if (res.positionals.length < min) throw usageError(command.name, `missing ${names}`);
  if (res.positionals.length > max) {
    throw usageError(command.name, `unexpected argument ${JSON.stringify(res.positionals[max])}`);
  }
  const values: Record<string, unknown> = {};
  const given = new Set<keyof O>();
  for (const [key, o] of entries) {
    // The raw value has the type configured above for the option's kind.
    const raw = res.values[o.flag] as Raw<Kind>;
    if (raw !== undefined) given.add(key);
    try {
      values[key] = o.parse(raw);
    } catch (e) {
      if (e instanceof UsageError && e.command === undefined) throw usageError(command.name, e.message);
      throw e;
    }
  }
  // Every declared key was filled by its own declaration's parse, whose return type Values<O> names.
  return { options: values as Values<O>, operands: res.positionals, given };
}
