/**
 * Time and heap of each stage of `watchpost report` on one bundle, in one process, to find what grows with
 * the number of accounts (bench/RESULTS.md, "1,000 accounts"):
 *
 *   node --expose-gc --import tsx bench/report-stages.ts <evidence.json> [--no-costs]
 *
 * Prints, per stage: wall ms, heap used before → after a full GC (what the stage left alive, including
 * its output, which is kept to the end as `report` kept every output before this branch), and RSS.
 */
import { runChecks } from '../src/checks/run.js';
import { readBundle, toJson } from '../src/evidence/bundle.js';
import { compose, costEstimate } from '../src/pipeline/outputs.js';
import { renderReportFiles } from '../src/render/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const path = process.argv[2];
if (!path) {
  console.error('usage: report-stages.ts <evidence.json> [--no-costs]');
  process.exit(2);
}
const mb = (n: number) => (n / 2 ** 20).toFixed(0);
let t = performance.now();
const kept: unknown[] = [];
const mark = (stage: string, output?: unknown) => {
  kept.push(output);
  const before = process.memoryUsage().heapUsed;
  gc();
  const m = process.memoryUsage();
  console.log(
    `${stage.padEnd(34)} ${(performance.now() - t).toFixed(0).padStart(6)} ms  heap ${mb(before)} → ${mb(m.heapUsed)} MB  RSS ${mb(m.rss)} MB`,
  );
  t = performance.now();
};
const size = (s: string | Uint8Array) => `${(s.length / 2 ** 20).toFixed(1)} M`;

const bundle = readBundle(path);
mark(`read ${bundle.accounts.length} accounts`);
const results = runChecks(bundle);
mark(`judge: ${results.length} results`);
const json = toJson(results);
mark(`results.json as one string ${size(json)}`, json);
const costs = process.argv.includes('--no-costs') ? null : costEstimate(bundle, results, { xrefs: {} });
mark(`cost estimate: ${costs?.lines.length ?? 0} lines`, costs);
const finding = compose(bundle, results, { xrefs: {} }, costs);
mark(`finding: finding.md ${size(finding.markdown)}`, finding);
for (const format of ['svg', 'png', 'md', 'docx', 'html', 'ocsf']) {
  const files = await renderReportFiles({
    bundle,
    results,
    finding: finding.document,
    costs,
    formats: [format],
  });
  mark(
    `${format}: ${Object.entries(files)
      .map(([name, content]) => `${name} ${size(content)}`)
      .join(', ')}`.slice(0, 34),
    files,
  );
}
