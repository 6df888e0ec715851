/**
 * The main thread of a large organization scan without AWS: what it keeps while the accounts arrive
 * (results, slim accounts, cost lines: the same calls as runOrganizationScan and `scan`), then the end of
 * the scan (writeOutputs with every output, as `scan --org` does), with the heap and RSS sampled every 20 ms
 * (bench/RESULTS.md, "Peak memory"):
 *
 *   node --import tsx bench/end-phase.ts <evidence.json of a few accounts> <accounts> <out dir> [--plain]
 *
 * The source's accounts are templates, cloned under distinct ids as bench/org-bundle.ts does. `--plain`:
 * without the interner (interner.ts), as before it. Prints the live heap after the scan phase (after a
 * GC when run with --expose-gc), the peak heap and RSS of each stage, and the CPU time of the process.
 */
import { readFileSync } from 'node:fs';
import { compareResults, runChecks } from '../src/checks/run.js';
import { PRICES } from '../src/costs/prices.js';
import { OutputDir } from '../src/evidence/output-dir.js';
import {
  type AccountEvidence,
  type Bundle,
  BundleSchema,
  type Result,
  SCHEMA_VERSION,
} from '../src/evidence/schema.js';
import { OrganizationCosts } from '../src/pipeline/costs.js';
import { Interner } from '../src/pipeline/interner.js';
import { slimAccount } from '../src/pipeline/org.js';
import { writeOutputs } from '../src/pipeline/outputs.js';
import { cloneId } from './org-bundle.js';

const [srcPath, n, outDir] = process.argv.slice(2);
if (!srcPath || !n || !outDir) {
  console.error('usage: end-phase.ts <evidence.json> <accounts> <out dir> [--plain]');
  process.exit(2);
}
const plain = process.argv.includes('--plain');
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (x: number) => (x / 2 ** 20).toFixed(0);
const source = BundleSchema.parse(JSON.parse(readFileSync(srcPath, 'utf8')));
const texts = source.accounts.map((t) => JSON.stringify(t));
let stage = 'scan';
const peaks = new Map<string, { heap: number; rss: number }>();
const sample = () => {
  const m = process.memoryUsage();
  const p = peaks.get(stage) ?? { heap: 0, rss: 0 };
  peaks.set(stage, { heap: Math.max(p.heap, m.heapUsed), rss: Math.max(p.rss, m.rss) });
};
const timer = setInterval(sample, 20);

const startedAt = source.startedAt;
const empty = (): Bundle => ({
  schemaVersion: SCHEMA_VERSION,
  tool: source.tool,
  startedAt,
  finishedAt: null,
  complete: true,
  partition: source.partition,
  accounts: [],
  calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
});
const now = new Date();
const costs = new OrganizationCosts(PRICES, {}, undefined, now);
const interner = new Interner();
const results: Result[] = [];
const slim: AccountEvidence[] = [];
for (let i = 0; i < Number(n); i++) {
  const t = source.accounts[i % texts.length]!;
  const account = JSON.parse(texts[i % texts.length]!.split(t.accountId).join(cloneId(i))) as AccountEvidence;
  account.accountName = `member-${String(i).padStart(4, '0')}`;
  const judged = runChecks({ ...empty(), accounts: [account] });
  costs.add(account, judged);
  if (plain) {
    results.push(...judged);
    slim.push(slimAccount(account));
  } else {
    for (const r of judged) results.push(interner.result(r));
    slim.push(interner.account(slimAccount(account)));
  }
  if (i % 50 === 0) await new Promise((r) => setImmediate(r));
}
slim.sort((a, b) => a.accountId.localeCompare(b.accountId));
results.sort(compareResults);
gc?.();
const live = process.memoryUsage();
console.log(
  `after the scan phase: ${results.length} results, live heap ${mb(live.heapUsed)} MB, RSS ${mb(live.rss)} MB`,
);
const bundle: Bundle = {
  ...empty(),
  finishedAt: source.finishedAt ?? source.startedAt,
  organization: { id: 'o-bench', managementAccountId: cloneId(0), pendingAccounts: [] },
  accounts: slim,
};
stage = 'end';
const out = OutputDir.open(outDir, { force: true });
await writeOutputs(out, bundle, results, { xrefs: {}, evidence: false, estimate: costs.estimate() });
clearInterval(timer);
sample();
const cpu = process.cpuUsage();
for (const [s, p] of peaks) console.log(`${s}: peak heap ${mb(p.heap)} MB, peak RSS ${mb(p.rss)} MB`);
console.log(
  `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, VmHWM ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
);
