/**
 * CPU per AWS call of an organization scan, for two or more builds of the CLI measured alternately under
 * the same machine load (issue 16). It records a replay once, as `npm run bench` does (the management
 * account and BENCH_TEMPLATES members through moto at 0 ms), then scans the organization from the replay
 * with each build in turn, ROUNDS times, and prints each run's CPU seconds (user + system of the CLI
 * process, all threads), AWS calls, CPU per call and unknown results, and per build the median.
 *
 *   node --import tsx bench/cpu-ab.ts <dist/cli/bin.js of build A> <… of build B> …
 *   ACCOUNTS=50 REGIONS=17 ROUNDS=3 LATENCY_MS=50 TEMPLATES=12 PROF_DIR=<V8 CPU profiles of each CLI, threads too>
 *
 * Copy a build's dist/ (with package.json and a node_modules link beside it) to keep it while you rebuild.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleSchema, ResultsSchema } from '../src/evidence/schema.js';
import { SYNTHETIC_REGIONS } from '../test/render/synthetic.js';
import { isolatedCliEnv } from '../test/support/cli.js';
import { type Emulator, startAwsEmulator } from '../test/support/proxy.js';
import { seedGuardDuty, seedInspector, seedMacie, TEST_CREDENTIALS, target } from '../test/support/seed.js';
import { createOrganization, MANAGEMENT, seedOrganizationTrail, startOrgFront } from './org-fixture.js';
import { startReplayFront } from './replay.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 50);
const REGIONS = SYNTHETIC_REGIONS.slice(0, Number(process.env.REGIONS ?? 17));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LATENCY = Number(process.env.LATENCY_MS ?? 50);
const TEMPLATES = Number(process.env.TEMPLATES ?? 12);
const builds = process.argv.slice(2);

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface Run {
  /** A digest of every result's account, check, region, resource, status, detail and cause: equal digests, equal verdicts. */
  verdicts: string;
  cpuS: number;
  calls: number;
  unknown: number;
  wallS: number;
  load: number;
}

async function scan(cli: string, endpoint: string, args: string[]): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'watchpost-ab-'));
  const home = mkdtempSync(join(tmpdir(), 'watchpost-ab-home-'));
  const load = loadavg()[0] ?? 0;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROF_DIR] : []),
      cli,
      'scan',
      ...args,
      '--regions',
      REGIONS.join(','),
      '--out',
      out,
      '--force',
      '--quiet',
      '--format',
      'json',
    ],
    { env: { ...isolatedCliEnv(home), AWS_ENDPOINT_URL: endpoint }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let cpu = 0;
  const poll = setInterval(() => {
    if (child.pid) cpu = Math.max(cpu, cpuSeconds(child.pid));
  }, 20);
  const exit = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearInterval(poll);
  if (exit !== 0 && exit !== 3) throw new Error(`${cli}: exit ${exit}\n${stderr}`);
  const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')));
  const results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  rmSync(out, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
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
    cpuS: cpu,
    calls: bundle.calls.calls,
    unknown: results.filter((r) => r.status === 'unknown').length,
    wallS: (Date.now() - started) / 1000,
    load,
  };
}

async function seedMixed(emu: Emulator, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const t = target(emu, id);
    if (i % 3 === 0) await seedGuardDuty(t, 'us-east-1', { status: 'ENABLED' });
    if (i % 6 === 1) await seedGuardDuty(t, REGIONS[REGIONS.length - 1]!, { status: 'DISABLED' });
    if (i % 5 === 0) await seedInspector(t, 'us-east-1', ['EC2']);
    if (i % 4 === 0 && REGIONS.includes('eu-west-1')) await seedMacie(t, 'eu-west-1', false);
    emu.setAccount(id, { supportPlan: i % 2 === 0 ? 'business' : 'basic', shield: 'INACTIVE' });
  }
}

async function main(): Promise<void> {
  if (builds.length === 0) throw new Error('usage: bench/cpu-ab.ts <cli A> <cli B> …');
  const emu = await startAwsEmulator();
  const members = await createOrganization(emu, ACCOUNTS - 1);
  const ids = [MANAGEMENT, ...members.map((m) => m.id)].sort();
  await seedOrganizationTrail(emu);
  const front = await startOrgFront(emu);
  const recorded = [...new Set([MANAGEMENT, ...ids.slice(0, TEMPLATES)])].sort();
  const templates = recorded.filter((id) => id !== MANAGEMENT);
  await seedMixed(emu, recorded);
  const clones = new Map<string, string>();
  for (const [i, id] of ids.filter((id) => !recorded.includes(id)).entries())
    clones.set(id, templates[i % templates.length]!);
  const replay = await startReplayFront(front.endpoint, TEST_CREDENTIALS.accessKeyId, MANAGEMENT, {
    mode: 'record',
    clones,
  });
  try {
    emu.configure({ latencyMs: 0 });
    await scan(builds[0]!, replay.endpoint, ['--org', '--accounts', recorded.join(',')]);
    replay.configure({ mode: 'replay', latencyMs: LATENCY });
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
    await replay.stop();
    await front.stop();
    await emu.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
