/**
 * Peak memory and CPU of an organization scan for two or more builds of the CLI on one replay recording
 * (bench/RESULTS.md, "Peak memory"), with their outputs compared: the recording is made once (as
 * bench/cpu-ab.ts makes it), then each build scans the organization from it in turn, ROUNDS times, with
 * every output (FORMAT=json: --format json). Prints per run the peak RSS (VmHWM), CPU seconds (user +
 * system, all threads), AWS calls and unknowns, and keeps the outputs in OUT/<round>-<build index>/. Then
 * each output of every run is compared with the first build's first run after replacing what differs from
 * run to run by design (the run's start and end times, the assumed roles' session name, the date Word
 * records; in evidence.json the order of the accounts and of the call counts' keys): the files must then
 * be the same bytes.
 *
 *   node --import tsx bench/mem-ab.ts <dist/cli/bin.js of build A> <… of build B> …
 *   ACCOUNTS=1000 REGIONS=17 ROUNDS=1 LATENCY_MS=50 TEMPLATES=12 FORMAT=all OUT=/tmp/mem-ab
 *   COMPARE=<out dir A>,<out dir B> node --import tsx bench/mem-ab.ts   (only the comparison)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleSchema, ResultsSchema } from '../src/evidence/schema.js';
import { SYNTHETIC_REGIONS } from '../test/render/synthetic.js';
import { isolatedCliEnv } from '../test/support/cli.js';
import { type Emulator, startAwsEmulator } from '../test/support/proxy.js';
import { seedGuardDuty, seedInspector, seedMacie, TEST_CREDENTIALS, target } from '../test/support/seed.js';
import { createOrganization, MANAGEMENT, seedOrganizationTrail, startOrgFront } from './org-fixture.js';
import { startReplayFront } from './replay.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1000);
const REGIONS = SYNTHETIC_REGIONS.slice(0, Number(process.env.REGIONS ?? 17));
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const FORMAT = process.env.FORMAT ?? 'all';
const OUT = process.env.OUT ?? mkdtempSync(join(tmpdir(), 'watchpost-mem-ab-'));
const LATENCY = Number(process.env.LATENCY_MS ?? 50);
const TEMPLATES = Number(process.env.TEMPLATES ?? 12);
const builds = process.argv.slice(2);

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

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
  out: string;
  peakMb: number;
  cpuS: number;
  calls: number;
  unknown: number;
  wallS: number;
  load: number;
}

async function scan(cli: string, endpoint: string, args: string[], out: string): Promise<Run> {
  mkdirSync(out, { recursive: true });
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
      ...(FORMAT === 'all' ? [] : ['--format', FORMAT]),
    ],
    { env: { ...isolatedCliEnv(home), AWS_ENDPOINT_URL: endpoint }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let cpu = 0;
  let peak = 0;
  const poll = setInterval(() => {
    if (!child.pid) return;
    cpu = Math.max(cpu, cpuSeconds(child.pid));
    peak = Math.max(peak, peakRss(child.pid));
  }, 20);
  const exit = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearInterval(poll);
  if (exit !== 0 && exit !== 3) throw new Error(`${cli}: exit ${exit}\n${stderr}`);
  const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')));
  const results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  rmSync(home, { recursive: true, force: true });
  return {
    out,
    peakMb: peak,
    cpuS: cpu,
    calls: bundle.calls.calls,
    unknown: results.filter((r) => r.status === 'unknown').length,
    wallS: (Date.now() - started) / 1000,
    load,
  };
}

/**
 * A run's output with what differs between runs by design replaced: its start and end times (from its
 * evidence.json), the assumed roles' session name (`watchpost-<ms>`), Word's creation date. evidence.json
 * itself lists the accounts in the order they finished: it is compared account by account.
 */
function normalised(run: Pick<Run, 'out'>, name: string): string {
  const path = join(run.out, name);
  if (name.endsWith('.png') || name.endsWith('.docx')) {
    if (name.endsWith('.png')) return readFileSync(path).toString('base64');
    return readDocx(path);
  }
  const text = readFileSync(path, 'utf8');
  const bundle = timesOf(run.out);
  let t = text;
  const finished = bundle.finishedAt ?? bundle.startedAt;
  // The times as ISO text and as milliseconds (OCSF's `time`).
  for (const [stamp, label] of [
    [bundle.startedAt, 'STARTED'],
    [finished, 'FINISHED'],
    [String(Date.parse(bundle.startedAt)), 'STARTED_MS'],
    [String(Date.parse(finished)), 'FINISHED_MS'],
  ] as const)
    t = t.split(stamp).join(label);
  t = t.replace(/watchpost-\d{13}/g, 'watchpost-SESSION');
  if (name === 'evidence.json') {
    const b = JSON.parse(t) as { accounts: { accountId: string }[] };
    b.accounts.sort((x, y) => x.accountId.localeCompare(y.accountId));
    // Keys sorted too: the call counts per operation are summed in the order the workers reported them.
    return JSON.stringify(b, (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : v,
    );
  }
  return t;
}

const times = new Map<string, { startedAt: string; finishedAt: string | null }>();
function timesOf(out: string): { startedAt: string; finishedAt: string | null } {
  let t = times.get(out);
  if (!t) {
    const b = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')) as {
      startedAt: string;
      finishedAt: string | null;
    };
    t = { startedAt: b.startedAt, finishedAt: b.finishedAt };
    times.set(out, t);
  }
  return t;
}

/** Word's parts, its dates replaced (docProps/core.xml's and the comments' dates are the day it is made). */
function readDocx(path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-mem-ab-docx-'));
  try {
    const r = spawnSync('unzip', ['-q', '-o', path, '-d', dir]);
    if (r.status !== 0) return `unzip failed: ${String(r.stderr)}`;
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else
          files.push(
            `${p.slice(dir.length)}\n${readFileSync(p, 'latin1').replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, 'DATE')}`,
          );
      }
    };
    walk(dir);
    return files.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether two runs' output folders hold the same files (normalised): "the same N files" or what differs. */
function compareOutputs(a: string, b: string): string {
  const files = (d: string) =>
    readdirSync(d)
      .filter((n) => !n.startsWith('.'))
      .sort();
  const [names, other] = [files(a), files(b)];
  const differ = names.filter(
    (n) => !other.includes(n) || normalised({ out: a }, n) !== normalised({ out: b }, n),
  );
  const extra = other.filter((n) => !names.includes(n));
  return differ.length + extra.length === 0
    ? `the same ${names.length} files`
    : `DIFFER: ${[...differ, ...extra].join(', ')}`;
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
  // COMPARE=<dir A>,<dir B>: only compare two runs' outputs.
  if (process.env.COMPARE) {
    const [a, b] = process.env.COMPARE.split(',');
    console.log(`${a} against ${b}: ${compareOutputs(a!, b!)}`);
    return;
  }
  if (builds.length === 0) throw new Error('usage: bench/mem-ab.ts <cli A> <cli B> …');
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
    await scan(builds[0]!, replay.endpoint, ['--org', '--accounts', recorded.join(',')], join(OUT, 'record'));
    replay.configure({ mode: 'replay', latencyMs: LATENCY });
    const runs: { build: string; round: number; run: Run }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [bi, b] of builds.entries()) {
        replay.resetStats();
        const r = await scan(b, replay.endpoint, ['--org'], join(OUT, `${round + 1}-${bi}`));
        const misses = replay.stats().misses;
        runs.push({ build: b, round, run: r });
        console.log(
          `round ${round + 1} ${b}: peak RSS ${r.peakMb.toFixed(0)} MB, ${r.cpuS.toFixed(1)} CPU s, ${r.calls} calls, ${r.unknown} unknown, ${r.wallS.toFixed(1)} s wall, load ${r.load.toFixed(1)}, ${misses} misses, outputs ${r.out}`,
        );
      }
    }
    for (const { build, round, run } of runs.slice(1))
      console.log(
        `outputs of round ${round + 1} ${build} against round 1 ${runs[0]!.build}: ${compareOutputs(runs[0]!.run.out, run.out)}`,
      );
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
