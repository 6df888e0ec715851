/**
 * CPU per AWS call of an organization scan, for two or more builds of the CLI measured alternately under
 * the same machine load (issue 16). It records a replay once, as `npm run bench` does (the management
 * account and BENCH_TEMPLATES members through moto at 0 ms), then scans the organization from the replay
 * with each build in turn, ROUNDS times, and prints each run's CPU seconds (user + system of the CLI
 * process, all threads), AWS calls, CPU per call and unknown results, and per build the median.
 *
 *   node --import tsx bench/cpu-ab.ts <dist/cli/bin.js of build A> <… of build B> …
 *   node --import tsx bench/cpu-ab.ts 'dist/cli/bin.js' 'dist/cli/bin.js --concurrency 256'   (settings A/B:
 *   a build is its entry script and, after a space, extra arguments for the scan)
 *   ACCOUNTS=50 REGIONS=17 ROUNDS=3 LATENCY_MS=50 TEMPLATES=12 PROF_DIR=<V8 CPU profiles of each CLI, threads too>
 *
 * Copy a build's dist/ (with package.json and a node_modules link beside it) to keep it while you rebuild.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleSchema, ResultsSchema } from '../src/evidence/schema.js';
import { SYNTHETIC_REGIONS } from '../test/render/synthetic.js';
import { recordOrganization, runBenchCli } from './recorded-org.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 50);
const REGIONS = SYNTHETIC_REGIONS.slice(0, Number(process.env.REGIONS ?? 17));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LATENCY = Number(process.env.LATENCY_MS ?? 50);
const TEMPLATES = Number(process.env.TEMPLATES ?? 12);
const builds = process.argv.slice(2);

interface Run {
  /** A digest of every result's account, check, region, resource, status, detail and cause: equal digests, equal verdicts. */
  verdicts: string;
  cpuS: number;
  calls: number;
  unknown: number;
  wallS: number;
  load: number;
}

async function scan(build: string, endpoint: string, args: string[]): Promise<Run> {
  const [cli = '', ...extra] = build.split(' ').filter(Boolean);
  const out = mkdtempSync(join(tmpdir(), 'watchpost-ab-'));
  const load = loadavg()[0] ?? 0;
  const run = await runBenchCli(
    cli,
    [
      'scan',
      ...args,
      ...extra,
      '--regions',
      REGIONS.join(','),
      '--out',
      out,
      '--force',
      '--quiet',
      '--format',
      'json',
    ],
    endpoint,
    process.env.PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROF_DIR] : [],
  );
  if (run.exit !== 0 && run.exit !== 3) throw new Error(`${cli}: exit ${run.exit}\n${run.stderr}`);
  const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')));
  const results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  rmSync(out, { recursive: true, force: true });
  const lines = results
    .map((r) =>
      JSON.stringify([
        r.accountId,
        r.checkId,
        r.region,
        r.resource,
        r.status,
        r.detail,
        r.cause?.kind ?? null,
      ]),
    )
    .sort();
  return {
    verdicts: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12),
    cpuS: run.cpuS,
    calls: bundle.calls.calls,
    unknown: results.filter((r) => r.status === 'unknown').length,
    wallS: run.wallS,
    load,
  };
}

async function main(): Promise<void> {
  if (builds.length === 0) throw new Error('usage: bench/cpu-ab.ts <cli A> <cli B> …');
  const { replay, stop } = await recordOrganization({
    accounts: ACCOUNTS,
    templates: TEMPLATES,
    regions: REGIONS,
    latencyMs: LATENCY,
    recordCli: builds[0]!.split(' ')[0]!,
  });
  try {
    const runs = new Map<string, Run[]>(builds.map((b) => [b, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const b of builds) {
        replay.resetStats();
        const r = await scan(b, replay.endpoint, ['--org']);
        const misses = replay.stats().misses;
        runs.get(b)!.push(r);
        console.log(
          `round ${round + 1} ${b}: ${r.cpuS.toFixed(1)} CPU s, ${r.calls} calls, ${((1000 * r.cpuS) / r.calls).toFixed(3)} ms/call, ${r.unknown} unknown, verdicts ${r.verdicts}, ${r.wallS.toFixed(1)} s wall, load ${r.load.toFixed(1)}, ${misses} misses`,
        );
      }
    }
    for (const [b, rs] of runs) {
      const per = rs.map((r) => (1000 * r.cpuS) / r.calls).sort((x, y) => x - y);
      const median = per[Math.floor(per.length / 2)]!;
      console.log(
        `${b}: median ${median.toFixed(3)} ms CPU per call (${per.map((p) => p.toFixed(3)).join(', ')}), calls ${rs.map((r) => r.calls).join('/')}, unknown ${rs.map((r) => r.unknown).join('/')}, verdicts ${[...new Set(rs.map((r) => r.verdicts))].join('/')}`,
      );
    }
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
