import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChecks } from '../checks/run.js';
import { PRICES } from '../costs/prices.js';
import type { EntryReport } from '../engagement/accept.js';
import { InputError, readBundle, toJson } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { PARAMETERS_FILE, readScanParameters } from '../evidence/scan-parameters.js';
import type { Bundle, ShardInfo } from '../evidence/schema.js';
import { parseTemplate } from '../finding/index.js';
import { OrganizationCosts } from '../pipeline/costs.js';
import { checkProfile } from '../pipeline/credentials.js';
import { acceptReportLines, acceptResults } from '../pipeline/engagement.js';
import { runOrganizationScan } from '../pipeline/org.js';
import { readTemplate, renderChecklist, type Written, writeOutputs } from '../pipeline/outputs.js';
import { scan } from '../pipeline/scan.js';
import { selectionDigest } from '../pipeline/shard.js';
import { renderSummary, safeText } from '../render/terminal.js';
import { defaultOutDir, exitCodeFor, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { progressLine } from './progress.js';
import {
  recordParameters,
  resumeSelection,
  type Selection,
  type ShardSelection,
  selectionFromOptions,
} from './resume.js';
import { scanOptions } from './scan-options.js';

export async function scanCommand(argv: string[]): Promise<number> {
  const options = scanOptions(argv);
  const { report, quiet, resume, org } = options;
  let selection = selectionFromOptions(options.given);
  let force = options.force;
  let outArg = options.out;

  let previous: Bundle | undefined;
  if (resume) {
    const path = join(resume, 'evidence.json');
    if (!existsSync(path)) throw new InputError(`${path}: nothing to resume (no evidence.json)`);
    previous = readBundle(path);
    // The scan's own parameters, unless DIR was written by a watchpost that did not record them. Checked
    // before anything is read from AWS or written: a contradicting option leaves DIR as it is.
    const recorded = readScanParameters(resume, previous.startedAt);
    if (recorded) selection = resumeSelection(recorded, options.given, resume);
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
  const plan = { force, protect: options.inputs, writes: WRITES.scan };
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
    ...(report.costs === false ? { usage: false } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.concurrency ? { maxConcurrency: options.concurrency } : {}),
    ...(options.debug
      ? { debug: (line: string) => process.stderr.write(`debug: ${safeText(line, 1000)}\n`) }
      : {}),
    ...(progress ? { onCall: progress.update } : {}),
    signal: interrupt.signal,
  };

  try {
    if (!org) {
      const bundle = await scan(common);
      progress?.done();
      const { results, reports } = acceptResults(runChecks(bundle), options.accept);
      const account = bundle.accounts[0]?.accountId ?? 'account';
      const out = OutputDir.open(outArg ?? defaultOutDir(`${account}-${stamp()}`), plan);
      // The evidence is saved first: whatever happens while composing, the scan is not lost.
      const evidenceFile = out.write('evidence.json', toJson(bundle));
      const written = await writeOutputs(out, bundle, results, { ...report, evidence: false });
      written.files.unshift(evidenceFile);
      finish(bundle, results, out.path, written, quiet, interrupt.signal.aborted, reports);
      return interrupt.signal.aborted ? 130 : exitCodeFor(results, options.exitZero);
    }

    const out = OutputDir.open(outArg ?? defaultOutDir(`org-${stamp()}`), plan);
    // Each finished account is written to evidence.json and judged as it arrives; only a slim copy
    // (names for the finding and the report) stays in memory. Its cost lines are made then, from its
    // whole evidence (the same lines `report` makes from evidence.json; docs/costs.md).
    const now = new Date();
    const costs =
      report.costs === false
        ? null
        : new OrganizationCosts(report.costs ?? PRICES, report.answers ?? {}, options.accept, now);
    const {
      bundle,
      results: judged,
      summary,
    } = await runOrganizationScan(
      {
        ...common,
        roleName: selection.roleName,
        ...(selection.externalId ? { externalId: selection.externalId } : {}),
        ...(selection.include ? { include: selection.include } : {}),
        ...(selection.exclude ? { exclude: selection.exclude } : {}),
        ...(selection.shard ? { shard: shardInfo(selection, selection.shard) } : {}),
        ...(options.accountConcurrency ? { accountConcurrency: options.accountConcurrency } : {}),
        orgMode: options.orgMode,
        ...(options.workers > 0 && process.argv[1]
          ? { workers: options.workers, workerScript: process.argv[1] }
          : {}),
        onWarning: (line: string) =>
          process.stderr.write(
            `${process.stderr.isTTY ? '\r\u001b[K' : ''}watchpost: ${safeText(line, 500)}\n`,
          ),
        ...(progress ? { onSelected: progress.total } : {}),
        ...(costs ? { onJudged: costs.add.bind(costs) } : {}),
      },
      out.path,
      previous,
      progress?.account,
    );
    progress?.done();
    const { results, reports } = acceptResults(judged, options.accept, now);
    // The parameters go next to the evidence, so that `--resume DIR` alone finishes this same scan.
    const parametersFile = out.write(PARAMETERS_FILE, toJson(recordParameters(selection, bundle.startedAt)));
    const written = await writeOutputs(out, bundle, results, {
      ...report,
      evidence: false,
      estimate: costs ? costs.estimate() : null,
    });
    written.files.unshift(join(out.path, 'evidence.json'), parametersFile);
    finish(bundle, results, out.path, written, quiet, !bundle.complete, reports);
    if (selection.shard && !quiet) {
      const { index, count } = selection.shard;
      process.stdout.write(
        `This is shard ${index}/${count} of the organization (${summary.selected.length} of its selected accounts); join the ${count} shards' evidence.json with: watchpost merge …\n`,
      );
    }
    if (!bundle.complete && !quiet) {
      process.stdout.write(
        `${summary.pending.length} account(s) not scanned yet: watchpost scan --resume ${out.path}${selection.externalId ? ' --external-id …' : ''}\n`,
      );
    }
    return interrupt.signal.aborted ? 130 : exitCodeFor(results, options.exitZero);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The shard as the bundle records it: with the digest of the selection every shard of the scan shares. */
function shardInfo(selection: Selection, shard: ShardSelection): ShardInfo {
  const p = recordParameters(selection, '');
  return {
    index: shard.index,
    count: shard.count,
    run: shard.run,
    selection: selectionDigest({ ...p, count: shard.count }),
  };
}

function finish(
  bundle: Bundle,
  results: ReturnType<typeof runChecks>,
  outDir: string,
  written: Written,
  quiet: boolean,
  incomplete: boolean,
  acceptReports: readonly EntryReport[],
) {
  for (const line of acceptReportLines(acceptReports, quiet)) process.stderr.write(`${line}\n`);
  if (quiet) return;
  process.stdout.write(
    renderSummary(bundle, results, { colour: useColour(process.stdout), outDir, files: written.files }),
  );
  if (written.finding) process.stdout.write(renderChecklist(written.finding, 'finding.md'));
  if (incomplete) process.stdout.write('The scan is incomplete: unread parts are reported as unknown.\n');
}
