/**
 * The commands: what each is for, its operands and the options it takes (declared in options.ts, shared
 * ones being the same declaration in every command). Help (help.ts) is written from this list, parsing
 * (`parseCommand`) reads it, and main.ts runs a command from it. Each command's code loads only when it
 * runs (the AWS SDK alone takes seconds to load).
 */
import { type CommandSyntax, OPTIONS as O, type Options } from './options.js';

export interface Command<Opts extends Options = Options> extends CommandSyntax<Opts> {
  /** One line, for the overview. */
  summary: string;
  /** What the command does, for its help. */
  description: string;
  run: () => Promise<(argv: string[]) => Promise<number>>;
}

const NO_OPERANDS = { usage: '', names: '', min: 0, max: 0 };
const EVIDENCE = { usage: 'EVIDENCE.json', names: 'EVIDENCE.json', min: 1, max: 1 };
/** Options of every command that writes into an output folder. */
const OUTPUT = { out: O.out, force: O.force, quiet: O.quiet, exitZero: O.exitZero };
/** Options of the commands that write the finding. */
const FINDING = {
  template: O.template,
  xref: O.xref,
  answer: O.answer,
  format: O.format,
  noCosts: O.noCosts,
  prices: O.prices,
};

/** Options of the commands that write the finding from evidence already collected (report, merge). */
const REPORTING = { ...FINDING, final: O.final, accept: O.accept, previous: O.previous, ...OUTPUT };

export const SCAN = {
  name: 'scan',
  operands: NO_OPERANDS,
  summary: 'scan the account of the current credentials (read-only)',
  description:
    'Scans every enabled region of the account the credentials belong to (or of every account of an organization), keeps all evidence (evidence.json, and scan-parameters.json for an organization), judges every check and writes the outputs.',
  options: {
    profile: O.profile,
    regions: O.regions,
    services: O.services,
    ...OUTPUT,
    ...FINDING,
    accept: O.accept,
    maxAttempts: O.maxAttempts,
    concurrency: O.concurrency,
    debug: O.debug,
    org: O.org,
    roleName: O.roleName,
    externalId: O.externalId,
    accounts: O.accounts,
    accountsFrom: O.accountsFrom,
    excludeAccounts: O.excludeAccounts,
    shard: O.shard,
    shardRun: O.shardRun,
    accountConcurrency: O.accountConcurrency,
    workers: O.workers,
    orgMode: O.orgMode,
    resume: O.resume,
  },
  run: async () => (await import('./scan.js')).scanCommand,
} as const satisfies Command;

export const ASSESS = {
  name: 'assess',
  operands: EVIDENCE,
  summary: 'recompute results offline from an evidence bundle',
  description:
    'Recomputes results.json from an evidence bundle without contacting AWS. The results are byte-for-byte those of the scan that produced the bundle (for the same watchpost version).',
  options: { accept: O.accept, ...OUTPUT },
  run: async () => (await import('./assess.js')).assessCommand,
} as const satisfies Command;

export const REPORT = {
  name: 'report',
  operands: EVIDENCE,
  summary: 're-make the finding and reports offline from an evidence bundle',
  description: 'Re-makes the finding and reports offline from an evidence bundle.',
  options: REPORTING,
  run: async () => (await import('./report.js')).reportCommand,
} as const satisfies Command;

export const MERGE = {
  name: 'merge',
  operands: { usage: 'EVIDENCE.json…', names: 'EVIDENCE.json files', min: 1, max: 10_000 },
  summary: 'join bundles of separately scanned account sets',
  description:
    'Joins evidence bundles of separately scanned account sets (for example one per shard of an organization scanned on different machines) into one bundle (evidence.json), and writes results and reports for the whole, with the same options as report. When an account appears in several bundles, its latest scan is kept.',
  options: REPORTING,
  run: async () => (await import('./merge.js')).mergeCommand,
} as const satisfies Command;

export const DIFF = {
  name: 'diff',
  operands: { usage: 'OLD.json NEW.json', names: 'OLD.json and NEW.json', min: 2, max: 2 },
  summary: 'compare two scans for a retest: fixed, still open, new, accepted, now unknown',
  description:
    'Compares an earlier scan with a later one (each its evidence.json, judged again, or its results.json), per account, region, check and resource, and writes diff.json and the retest section (retest.md, retest.docx, retest.html; see docs/retest.md). Exits 3 when a gap is still open or new, 0 otherwise. With --accept, the later scan is judged with the accept file.',
  options: {
    accept: O.accept,
    out: O.out,
    force: O.force,
    quiet: O.quiet,
    exitZero: O.exitZero,
  },
  run: async () => (await import('./diff.js')).diffCommand,
} as const satisfies Command;

export const POLICY = {
  name: 'policy',
  operands: NO_OPERANDS,
  summary: 'print the least-privilege IAM policy watchpost needs',
  description:
    "Prints the least-privilege IAM policy for every AWS call watchpost can make (derived from the gateway's allow-list) as JSON on stdout, so that `watchpost policy > policy.json` is the policy document; which AWS managed policies already cover it goes to stderr.",
  options: { json: O.json, text: O.text },
  run: async () => (await import('./policy.js')).policyCommand,
} as const satisfies Command;

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [SCAN, ASSESS, REPORT, DIFF, MERGE, POLICY];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
