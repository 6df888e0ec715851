import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../checks/run.js';
import { InputError, readBundle, toJson } from '../evidence/bundle.js';
import { INPUT, readInputText } from '../evidence/input.js';
import { OutputDir } from '../evidence/output-dir.js';
import { PARAMETERS_FILE, readScanParameters } from '../evidence/scan-parameters.js';
import type { AccountEvidence, Bundle, CallStats } from '../evidence/schema.js';
import { parseTemplate } from '../finding/index.js';
import { checkProfile } from '../pipeline/credentials.js';
import { runOrganizationScan } from '../pipeline/org.js';
import {
  parseFormats,
  type ReportOptions,
  readTemplate,
  renderChecklist,
  type Written,
  writeOutputs,
} from '../pipeline/outputs.js';
import { scan } from '../pipeline/scan.js';
import { renderSummary, safeText } from '../render/terminal.js';
import {
  parse,
  parseAnswers,
  parsePositiveInt,
  parseRegions,
  parseServices,
  parseXrefs,
  UsageError,
} from './args.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { type GivenOptions, recordParameters, resumeSelection, selectionFromOptions } from './resume.js';

const ACCOUNT_RE = /^\d{12}$/;

function parseAccountList(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!ACCOUNT_RE.test(id))
      throw new UsageError(`--${flag}: ${JSON.stringify(id)} is not a 12-digit account id`);
  }
  return ids;
}

/** One account id per line; `#` starts a comment. Errors name the file and line. */
function readAccountsFile(path: string): string[] {
  const text = readInputText(path, INPUT.accounts);
  const ids: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    if (!ACCOUNT_RE.test(line))
      throw new InputError(
        `${path}:${i + 1}: ${JSON.stringify(line.slice(0, 40))} is not a 12-digit account id`,
      );
    ids.push(line);
  });
  return ids;
}

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
      answer: { type: 'string', multiple: true },
      'max-attempts': { type: 'string' },
      concurrency: { type: 'string' },
      quiet: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
      debug: { type: 'boolean' },
      org: { type: 'boolean' },
      'role-name': { type: 'string' },
      'external-id': { type: 'string' },
      accounts: { type: 'string' },
      'exclude-accounts': { type: 'string' },
      'accounts-from': { type: 'string' },
      'account-concurrency': { type: 'string' },
      workers: { type: 'string' },
      resume: { type: 'string' },
      format: { type: 'string' },
    },
    { min: 0, max: 0, names: '' },
  );
  const regions = parseRegions(values.regions as string | undefined);
  const services = parseServices(values.services as string | undefined);
  const maxAttempts = parsePositiveInt('max-attempts', values['max-attempts'] as string | undefined, 20);
  const concurrency = parsePositiveInt('concurrency', values.concurrency as string | undefined, 512);
  const accountConcurrency = parsePositiveInt(
    'account-concurrency',
    values['account-concurrency'] as string | undefined,
    64,
  );
  const workers = parseWorkers(values.workers as string | undefined);
  const report: ReportOptions = {
    xrefs: parseXrefs(values.xref as string[] | undefined),
    answers: parseAnswers(values.answer as string[] | undefined),
  };
  if (values.template) report.templatePath = values.template as string;
  const formats = parseFormats(values.format as string | undefined);
  if (formats) report.formats = formats;
  const quiet = values.quiet === true;
  const resume = values.resume as string | undefined;
  const org = values.org === true || resume !== undefined;
  let force = values.force === true;
  let outArg = values.out as string | undefined;
  const orgOnly = [
    'role-name',
    'external-id',
    'accounts',
    'exclude-accounts',
    'accounts-from',
    'account-concurrency',
    'workers',
  ];
  for (const flag of orgOnly) {
    if (values[flag] !== undefined && !org) throw new UsageError(`--${flag} needs --org`);
  }
  if (values['role-name'] === '') throw new UsageError('--role-name: give the name of a role');

  // What to scan, as given; a bad account list or accounts file stops the run here (exit 2).
  const accountFlags = ['accounts', 'accounts-from'].filter((f) => values[f] !== undefined);
  const given: GivenOptions = {
    ...(values.profile ? { profile: values.profile as string } : {}),
    ...(regions ? { regions } : {}),
    ...(services ? { services } : {}),
    ...(values['role-name'] !== undefined ? { roleName: values['role-name'] as string } : {}),
    ...(values['external-id'] ? { externalId: values['external-id'] as string } : {}),
    ...(accountFlags.length > 0
      ? {
          accounts: {
            ids: [
              ...(parseAccountList('accounts', values.accounts as string | undefined) ?? []),
              ...(values['accounts-from'] ? readAccountsFile(values['accounts-from'] as string) : []),
            ],
            flags: accountFlags.map((f) => `--${f}`),
          },
        }
      : {}),
    ...(values['exclude-accounts'] !== undefined
      ? { excludeAccounts: parseAccountList('exclude-accounts', values['exclude-accounts'] as string) ?? [] }
      : {}),
  };
  let selection = selectionFromOptions(given);

  let previous: Bundle | undefined;
  if (resume) {
    if (outArg && outArg !== resume)
      throw new UsageError('--resume writes into the folder it resumes; drop --out');
    const path = join(resume, 'evidence.json');
    if (!existsSync(path)) throw new InputError(`${path}: nothing to resume (no evidence.json)`);
    previous = readBundle(path);
    // The scan's own parameters, unless DIR was written by a watchpost that did not record them. Checked
    // before anything is read from AWS or written: a contradicting option leaves DIR as it is.
    const recorded = readScanParameters(resume, previous.startedAt);
    if (recorded) selection = resumeSelection(recorded, given, resume);
    else if (!quiet) {
      process.stderr.write(
        `watchpost: ${resume} holds no recorded scan parameters (an older watchpost wrote it): resuming with the options given now\n`,
      );
    }
    outArg = resume;
    force = true;
  }
  // The output folder is checked before the first AWS call: a folder that cannot be written is found now,
  // not after the scan.
  const plan = {
    force,
    protect: [report.templatePath, values['accounts-from'] as string | undefined].filter(
      (p): p is string => p !== undefined,
    ),
    writes: WRITES.scan,
  };
  precheckOutDir(outArg, plan);
  // A bad template is reported before the scan, not after it.
  if (report.templatePath) parseTemplate(readTemplate(report.templatePath).text, report.templatePath);
  // A named profile that is not configured is bad input: said now, by name, not as the SDK's
  // "Could not load credentials from any providers" after the first call.
  await checkProfile(selection.profile);

  // First Ctrl-C: stop collecting, keep what was read and write it marked incomplete. Second: exit now.
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nwatchpost: interrupted; writing what was collected (Ctrl-C again to quit at once)\n',
    );
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = quiet ? undefined : progressLine();
  const common = {
    ...(selection.profile ? { profile: selection.profile } : {}),
    ...(selection.regions ? { regions: selection.regions } : {}),
    ...(selection.services ? { services: selection.services } : {}),
    ...(maxAttempts ? { maxAttempts } : {}),
    ...(concurrency ? { maxConcurrency: concurrency } : {}),
    ...(values.debug
      ? { debug: (line: string) => process.stderr.write(`debug: ${safeText(line, 1000)}\n`) }
      : {}),
    ...(progress ? { onCall: progress.update } : {}),
    signal: interrupt.signal,
  };

  try {
    if (!org) {
      const bundle = await scan(common);
      progress?.done();
      const results = runChecks(bundle);
      const account = bundle.accounts[0]?.accountId ?? 'account';
      const out = OutputDir.open(outArg ?? defaultOutDir(`${account}-${stamp()}`), plan);
      // The evidence is saved first: whatever happens while composing, the scan is not lost.
      const evidenceFile = out.write('evidence.json', toJson(bundle));
      const written = await writeOutputs(out, bundle, results, { ...report, evidence: false });
      written.files.unshift(evidenceFile);
      finish(bundle, results, out.path, written, quiet, interrupt.signal.aborted);
      return interrupt.signal.aborted ? 130 : exitCodeFor(results, values['exit-zero'] === true);
    }

    const out = OutputDir.open(outArg ?? defaultOutDir(`org-${stamp()}`), plan);
    // Each finished account is written to evidence.json and judged as it arrives; only a slim copy
    // (names for the finding and the report) stays in memory.
    const { bundle, results, summary } = await runOrganizationScan(
      {
        ...common,
        roleName: selection.roleName,
        ...(selection.externalId ? { externalId: selection.externalId } : {}),
        ...(selection.include ? { include: selection.include } : {}),
        ...(selection.exclude ? { exclude: selection.exclude } : {}),
        ...(accountConcurrency ? { accountConcurrency } : {}),
        ...(workers > 0 && process.argv[1] ? { workers, workerScript: process.argv[1] } : {}),
        onWarning: (line: string) =>
          process.stderr.write(
            `${process.stderr.isTTY ? '\r\u001b[K' : ''}watchpost: ${safeText(line, 500)}\n`,
          ),
        ...(progress ? { onSelected: progress.total } : {}),
      },
      out.path,
      previous,
      progress?.account,
    );
    progress?.done();
    // The parameters go next to the evidence, so that `--resume DIR` alone finishes this same scan.
    const parametersFile = out.write(PARAMETERS_FILE, toJson(recordParameters(selection, bundle.startedAt)));
    const written = await writeOutputs(out, bundle, results, { ...report, evidence: false });
    written.files.unshift(join(out.path, 'evidence.json'), parametersFile);
    finish(bundle, results, out.path, written, quiet, !bundle.complete);
    if (!bundle.complete && !quiet) {
      process.stdout.write(
        `${summary.pending.length} account(s) not scanned yet: watchpost scan --resume ${out.path}${selection.externalId ? ' --external-id …' : ''}\n`,
      );
    }
    return interrupt.signal.aborted ? 130 : exitCodeFor(results, values['exit-zero'] === true);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function finish(
  bundle: Bundle,
  results: ReturnType<typeof runChecks>,
  outDir: string,
  written: Written,
  quiet: boolean,
  incomplete: boolean,
) {
  if (quiet) return;
  process.stdout.write(
    renderSummary(bundle, results, { colour: useColour(process.stdout), outDir, files: written.files }),
  );
  if (written.finding) process.stdout.write(renderChecklist(written.finding, 'finding.md'));
  if (incomplete) process.stdout.write('The scan is incomplete: unread parts are reported as unknown.\n');
}

interface Progress {
  update: (s: CallStats) => void;
  /** Organization scans: how many accounts will be scanned. */
  total: (n: number) => void;
  /** Organization scans: one account finished. */
  account: (a: AccountEvidence) => void;
  done: () => void;
}

/**
 * Progress on stderr: a rewritten line on a TTY (at most every 150 ms), a plain line every 5 s otherwise.
 * Organization scans add accounts done / total, regions scanned and an ETA from the accounts' pace.
 */
function progressLine(): Progress {
  const tty = Boolean(process.stderr.isTTY);
  const started = Date.now();
  let last = 0;
  let shown = false;
  let shownCalls = -1;
  let total = -1;
  let accounts = 0;
  let regions = 0;
  let stats: CallStats = { calls: 0, retries: 0, errors: 0, byOperation: {} };
  const show = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < (tty ? 150 : 5000)) return;
    last = now;
    shown = true;
    shownCalls = stats.calls;
    const secs = (now - started) / 1000;
    const parts = [`${stats.calls} AWS calls`, `${stats.retries} retries`, `${stats.errors} errors`];
    if (total >= 0) {
      parts.unshift(`${accounts}/${total} accounts`, `${regions} regions`);
      if (accounts > 0 && accounts < total) {
        parts.push(`ETA ${Math.ceil((secs / accounts) * (total - accounts))} s`);
      }
    }
    const line = `scanning: ${parts.join(', ')}, ${secs.toFixed(1)} s`;
    process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
  };
  return {
    update(s) {
      stats = s;
      show(false);
    },
    total(n) {
      total = n;
    },
    account(a) {
      accounts++;
      regions += a.scannedRegions.length;
      show(false);
    },
    done() {
      if (tty && shown) process.stderr.write('\r\u001b[K');
      // a log (not a TTY) ends with the totals, not with whatever the last 5-second tick showed
      else if (!tty && shown && shownCalls !== stats.calls) show(true);
    },
  };
}

/**
 * `--workers N`: threads for an organization's accounts (0: all in the main thread). By default one per
 * CPU core, at most 4: the scan is CPU-bound in the SDK once calls overlap.
 */
function parseWorkers(value: string | undefined): number {
  if (value === undefined) {
    const cores = availableParallelism();
    return cores > 1 ? Math.min(cores, 4) : 0;
  }
  if (!/^\d+$/.test(value) || Number(value) > 16) {
    throw new UsageError(`--workers: expected a whole number from 0 to 16, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}
