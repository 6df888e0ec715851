/**
 * `watchpost scan`'s command line as one typed value: the declared options parsed (options.ts), the
 * rules between them checked, the account selection read. Every problem is a usage error of `scan`
 * (exit 2), found before anything is read from AWS or written.
 */
import { availableParallelism } from 'node:os';
import { readPrices } from '../costs/prices-file.js';
import type { AcceptFile } from '../engagement/accept.js';
import { INPUT, InputError, readInputText } from '../evidence/input.js';
import { ACCOUNT_ID_RE } from '../evidence/scan-parameters.js';
import { readAcceptFile } from '../pipeline/engagement.js';
import type { OrgMode } from '../pipeline/org-mode.js';
import type { ReportOptions } from '../pipeline/outputs.js';
import { SCAN } from './commands.js';
import { parseCommand, usageError } from './options.js';
import type { GivenOptions } from './resume.js';

export interface ScanOptions {
  /** What to scan, as given: profile, regions, services, role, account selection. */
  given: GivenOptions;
  /** `--org`, or `--resume` (which resumes an organization scan). */
  org: boolean;
  /** `--resume DIR`. */
  resume?: string;
  out?: string;
  force: boolean;
  quiet: boolean;
  exitZero: boolean;
  debug: boolean;
  maxAttempts?: number;
  concurrency?: number;
  accountConcurrency?: number;
  /** Threads for an organization's accounts; 0: all in the main thread. */
  workers: number;
  /** `--org-mode`: where members' state is read (pipeline/org-bulk.ts). */
  orgMode: OrgMode;
  report: ReportOptions;
  /** `--accept FILE`, read and validated before the scan starts. */
  accept?: AcceptFile;
  /** Files the scan reads (template, accounts file, accept file), which the output folder must not overwrite. */
  inputs: string[];
}

/** One account id per line; `#` starts a comment. Errors name the file and line. */
function readAccountsFile(path: string): string[] {
  const text = readInputText(path, INPUT.accounts);
  const ids: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    if (!ACCOUNT_ID_RE.test(line))
      throw new InputError(
        `${path}:${i + 1}: ${JSON.stringify(line.slice(0, 40))} is not a 12-digit account id`,
      );
    ids.push(line);
  });
  return ids;
}

/**
 * By default one worker thread per CPU core, at most 4: an organization scan is CPU-bound in the SDK once
 * calls overlap. None on a single core.
 */
function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, 4) : 0;
}

export function scanOptions(argv: string[]): ScanOptions {
  const { options: o, given: on } = parseCommand(SCAN, argv);
  const org = o.org || o.resume !== undefined;
  if (!org) {
    for (const [key, decl] of Object.entries(SCAN.options)) {
      if (decl.needsOrg && on.has(key as keyof typeof SCAN.options))
        throw usageError('scan', `--${decl.flag} needs --org`);
    }
  }
  if (o.shardRun !== undefined && o.shard === undefined)
    throw usageError('scan', '--shard-run names the run of a sharded scan: give --shard too');
  if (o.resume !== undefined && o.out !== undefined && o.out !== o.resume)
    throw usageError('scan', '--resume writes into the folder it resumes; drop --out');

  const report: ReportOptions = { xrefs: o.xref, answers: o.answer };
  if (o.template) report.templatePath = o.template;
  // A malformed price table stops the scan here, before anything is read from AWS (exit 2).
  if (o.noCosts) report.costs = false;
  else if (o.prices) report.costs = readPrices(o.prices);
  if (o.format) report.formats = o.format;

  // The account selection: a bad accounts file stops the run here (exit 2, naming its line).
  const accountFlags = [
    ...(o.accounts !== undefined ? ['--accounts'] : []),
    ...(o.accountsFrom !== undefined ? ['--accounts-from'] : []),
  ];
  const given: GivenOptions = {
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.regions ? { regions: o.regions } : {}),
    ...(o.services ? { services: o.services } : {}),
    ...(o.roleName !== undefined ? { roleName: o.roleName } : {}),
    ...(o.externalId ? { externalId: o.externalId } : {}),
    ...(accountFlags.length > 0
      ? {
          accounts: {
            ids: [...(o.accounts ?? []), ...(o.accountsFrom ? readAccountsFile(o.accountsFrom) : [])],
            flags: accountFlags,
          },
        }
      : {}),
    ...(o.excludeAccounts !== undefined ? { excludeAccounts: o.excludeAccounts } : {}),
    ...(o.shard ? { shard: { index: o.shard.index, count: o.shard.count, run: o.shardRun ?? null } } : {}),
  };
  return {
    given,
    org,
    ...(o.resume !== undefined ? { resume: o.resume } : {}),
    ...(o.out !== undefined ? { out: o.out } : {}),
    force: o.force,
    quiet: o.quiet,
    exitZero: o.exitZero,
    debug: o.debug,
    ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
    ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
    ...(o.accountConcurrency !== undefined ? { accountConcurrency: o.accountConcurrency } : {}),
    workers: o.workers ?? defaultWorkers(),
    orgMode: o.orgMode,
    report,
    // A malformed accept file stops the scan here, before anything is read from AWS (exit 2).
    ...(o.accept !== undefined ? { accept: readAcceptFile(o.accept) } : {}),
    inputs: [o.template, o.accountsFrom, o.accept, o.prices].filter((p): p is string => p !== undefined),
  };
}
