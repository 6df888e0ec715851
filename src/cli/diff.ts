/**
 * `watchpost diff OLD.json NEW.json`: a retest. Each side is an evidence bundle (judged again) or a
 * results file; the later one may be judged with the accept file. Writes diff.json and the retest
 * section as retest.md, retest.docx and retest.html (docs/retest.md).
 */
import { diffExitCode } from '../engagement/diff.js';
import { toJson } from '../evidence/bundle.js';
import { OutputDir } from '../evidence/output-dir.js';
import { analyse } from '../finding/analysis.js';
import { findingDocument, heading, layout, text } from '../finding/document.js';
import { resourceLabels, retestBlocks } from '../finding/retest.js';
import {
  acceptReportLines,
  acceptResults,
  readAcceptFile,
  readScanSide,
  retestOf,
  withResults,
} from '../pipeline/engagement.js';
import { DIFF_FILE } from '../pipeline/outputs.js';
import { renderFindingMarkdown } from '../render/markdown.js';
import { renderRetestSummary } from '../render/terminal.js';
import { DIFF } from './commands.js';
import { defaultOutDir, precheckOutDir, stamp, useColour, WRITES } from './common.js';
import { parseCommand } from './options.js';

export async function diffCommand(argv: string[]): Promise<number> {
  const { options: o, operands } = parseCommand(DIFF, argv);
  const [oldPath, newPath] = operands as [string, string];
  const plan = {
    force: o.force,
    protect: [oldPath, newPath, ...(o.accept ? [o.accept] : [])],
    writes: WRITES.diff,
  };
  precheckOutDir(o.out, plan);
  // Every input is read and checked before the output folder is made.
  const acceptFile = o.accept ? readAcceptFile(o.accept) : undefined;
  const before = readScanSide(oldPath);
  const later = readScanSide(newPath);
  const accepted = acceptResults(later.results, acceptFile);
  const after = acceptFile ? withResults(later, accepted.results) : later;
  const retest = retestOf(before, after);

  // The section as a document of its own: the same blocks the finding gets with `report --previous`.
  const view = later.bundle ? { resourceLabel: resourceLabels(analyse(later.bundle, after.results)) } : {};
  const doc = findingDocument({
    blocks: [heading(3, text('Retest')), ...retestBlocks(retest, view), layout('\n')],
    hasGaps: retest.summary.open > 0,
  });
  const { renderFindingDocx } = await import('../render/docx.js');
  const { renderDocumentPage } = await import('../render/html.js');
  const docx = await renderFindingDocx({ finding: doc });
  const html = renderDocumentPage({
    title: 'watchpost retest',
    doc,
    meta: `${retest.dates.before ?? 'earlier scan'} → ${retest.dates.after ?? 'later scan'} · ${retest.rows.length} results compared`,
  });

  const out = OutputDir.open(o.out ?? defaultOutDir(`diff-${stamp()}`), plan);
  const files = [
    out.write(DIFF_FILE, toJson(retest.rows)),
    out.write('retest.md', renderFindingMarkdown(doc).markdown),
    out.write('retest.docx', docx),
    out.write('retest.html', html),
  ];
  for (const line of acceptReportLines(accepted.reports, o.quiet)) process.stderr.write(`${line}\n`);
  if (!o.quiet) {
    process.stdout.write(
      renderRetestSummary(retest, { colour: useColour(process.stdout), outDir: out.path, files }),
    );
  }
  return diffExitCode(retest.summary, o.exitZero);
}
