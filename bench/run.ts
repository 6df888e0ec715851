/**
 * `npm run bench`: scans an emulated AWS (moto + the test emulator + the organization front, all on
 * 127.0.0.1) with the built CLI and prints wall time, AWS calls, calls per account-region, retries, peak RSS
 * of the CLI process (VmHWM), its CPU time, the critical path (longest dependent call chain × latency) and
 * the ratio.
 *
 * Replay (default): a record pass scans the management account and BENCH_TEMPLATES member accounts through
 * moto (0 ms) and keeps every answer (bench/replay.ts); the measured runs are then answered from memory
 * after the injected latency, with no moto in the loop, so they measure watchpost, not the emulator. The
 * other members of the organization replay a template member's answers (cycled), under their own ids.
 *
 *   (a) one account × N regions, 50 ms per call;
 *   (b) organizations of 50 and 200 accounts × N regions, mixed states, 50 ms per call;
 *   (c) the same organizations with every 3rd call throttled;
 *   and the HTML report of the synthetic 500-account data.
 *
 * BENCH_MODE=moto (or both) adds the former moto-backed runs (every call answered by moto behind the
 * latency-injecting emulator), labelled "moto".
 *
 * Environment: BENCH_REGIONS (default 17), BENCH_ORGS (default "50,200"), BENCH_LATENCY_MS (default 50),
 * BENCH_TEMPLATES (default 12), BENCH_THROTTLE_EVERY (default 3), BENCH_TIMEOUT_S (per run, default 300),
 * BENCH_THROTTLE_ORGS (default: the first of BENCH_ORGS), BENCH_MODE (replay | moto | both), BENCH_CONCURRENCY / BENCH_ACCOUNT_CONCURRENCY (passed as --concurrency /
 * --account-concurrency when set), BENCH_CPU_PROF (a directory: the CLI writes V8 CPU profiles there), BENCH_NODE_FLAGS (extra node flags for
 * the CLI process, e.g. --max-old-space-size=256), BENCH_FORMAT (the CLI's --format, default json; `all`: every
 * output, as a scan writes by default), BENCH_ORG_MODE (`--org-mode` of the organization scans: auto | bulk |
 * per-account, or several separated by commas, each measured in turn on the same recording, with their
 * verdicts compared; default: none passed, the CLI's default), BENCH_ORG_ADMINS (default 1; 0: an
 * organization without the administrators below, as the bench had before `--org-mode` was measured),
 * BENCH_ROLE_SECONDS (how long replayed AssumeRole credentials last, default 3600; a member's credentials
 * are renewed when less than a minute is left, so 90 renews them every ~30 s while its calls are in flight).
 *
 * Administrators (BENCH_ORG_ADMINS=1): the first template member is Amazon Inspector's delegated
 * administrator in every region; the management account, which has a GuardDuty detector in every region and
 * Macie on by default, administers GuardDuty and Macie for three templates in four (the fourth is nobody's
 * member and reads its own). So `--org-mode bulk|auto` reads members' Inspector status, GuardDuty and Macie
 * administrators and the organization trail in bulk (bench/replay.ts answers the administrators' requests
 * about clones from the templates' recorded answers). The record pass runs once per measured mode, so each
 * mode's own reads are recorded.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import type { Bundle } from '../src/evidence/schema.js';
import { findingDocument, heading, text } from '../src/finding/document.js';
import { renderHtmlReport } from '../src/render/html.js';
import { CHECKS } from '../src/services/registry.js';
import { SYNTHETIC_REGIONS, syntheticReport } from '../test/render/synthetic.js';
import { CLI, isolatedCliEnv } from '../test/support/cli.js';
import { type Emulator, startAwsEmulator } from '../test/support/proxy.js';
import {
  clientFor,
  seedGuardDuty,
  seedInspectorDelegatedAdmin,
  seedMacieAdministrator,
  TEST_CREDENTIALS,
  target,
} from '../test/support/seed.js';
import { browserFigures } from './browser.js';
import {
  createOrganization,
  MANAGEMENT,
  type OrgFront,
  seedOrganizationTrail,
  startOrgFront,
} from './org-fixture.js';
import { seedMixed } from './recorded-org.js';
import { type ReplayFront, startReplayFront } from './replay.js';

/** The 17 regions enabled by default in a commercial AWS account (shared with the synthetic report data). */
const ALL_REGIONS = SYNTHETIC_REGIONS;
const REGIONS = ALL_REGIONS.slice(0, Number(process.env.BENCH_REGIONS ?? 17));
const ORGS = (process.env.BENCH_ORGS ?? '50,200')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const TEMPLATES = Number(process.env.BENCH_TEMPLATES ?? 12);
const THROTTLE_EVERY = Number(process.env.BENCH_THROTTLE_EVERY ?? 3);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);
const MODE = process.env.BENCH_MODE ?? 'replay';
/** Outputs the CLI writes: `--format` (default json), or `all` for every output (the scan's default). */
const FORMAT = process.env.BENCH_FORMAT ?? 'json';
const ORG_MODE_NAMES = ['auto', 'bulk', 'per-account'];
/** `--org-mode` of the organization scans, each measured in turn (null: none passed, the CLI's default). */
const ORG_MODES: (string | null)[] = (() => {
  const listed = (process.env.BENCH_ORG_MODE ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const m of listed)
    if (!ORG_MODE_NAMES.includes(m))
      throw new Error(`BENCH_ORG_MODE: ${m} is not one of ${ORG_MODE_NAMES.join(', ')}`);
  return listed.length > 0 ? [...new Set(listed)] : [null];
})();
const modeArgs = (mode: string | null): string[] => (mode ? ['--org-mode', mode] : []);
const modeLabel = (mode: string | null): string => (mode ? `, --org-mode ${mode}` : '');
const ORG_ADMINS = process.env.BENCH_ORG_ADMINS !== '0';
/** Organization sizes of the throttling runs (default: the first of BENCH_ORGS). */
const THROTTLE_ORGS = (process.env.BENCH_THROTTLE_ORGS ?? String(ORGS[0] ?? ''))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
/**
 * Longest chain of calls that depend on each other. One account: GetCallerIdentity → DescribeRegions →
 * a regional list (ListDetectors, DescribeTrails, DescribeLoadBalancers, GetRestApis) → its detail call.
 * Organization: GetCallerIdentity → DescribeOrganization → ListAccounts → AssumeRole → the same three.
 */
const CHAIN_SINGLE = 4;
const CHAIN_ORG = 7;

interface Row {
  name: string;
  accounts: number;
  wallS: number;
  calls: number;
  retries: number;
  perAccountRegion: number;
  peakRssMb: number;
  criticalS: number;
  unknownThrottled: number;
  unknown: number;
  exit: number;
  cpuS: number;
  load: string;
  misses: number | null;
  /** Status per account, check, region and resource, sorted (compared between `--org-mode`s). */
  verdicts?: string[];
}

/** User + system CPU seconds of a live process. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function runScan(
  name: string,
  endpoint: string,
  args: string[],
  accounts: number,
  chain: number,
  replay?: ReplayFront,
): Promise<Row> {
  replay?.resetStats();
  const load0 = loadavg()[0] ?? 0;
  const out = mkdtempSync(join(tmpdir(), 'watchpost-bench-'));
  const home = mkdtempSync(join(tmpdir(), 'watchpost-bench-home-'));
  const extra: string[] = [];
  if (process.env.BENCH_CONCURRENCY) extra.push('--concurrency', process.env.BENCH_CONCURRENCY);
  if (process.env.BENCH_ACCOUNT_CONCURRENCY && args.includes('--org'))
    extra.push('--account-concurrency', process.env.BENCH_ACCOUNT_CONCURRENCY);
  const started = Date.now();
  // The replay front answers in this process, on the same cores as the CLI: its CPU is part of the wall.
  const frontCpu0 = process.cpuUsage();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) : []),
      CLI,
      'scan',
      ...args,
      ...extra,
      '--regions',
      REGIONS.join(','),
      '--out',
      out,
      '--force',
      '--quiet',
      ...(FORMAT === 'all' ? [] : ['--format', FORMAT]),
    ],
    {
      env: { ...isolatedCliEnv(home), AWS_ENDPOINT_URL: endpoint },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let peak = 0;
  let peakAt = 0;
  let cpu = 0;
  const poll = setInterval(() => {
    if (child.pid) {
      const hwm = peakRss(child.pid);
      if (hwm > peak) peakAt = (Date.now() - started) / 1000;
      peak = Math.max(peak, hwm);
      cpu = Math.max(cpu, cpuSeconds(child.pid));
    }
  }, 50);
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, TIMEOUT_S * 1000);
  const exit = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearInterval(poll);
  clearTimeout(killer);
  const wallS = (Date.now() - started) / 1000;
  const frontCpu = process.cpuUsage(frontCpu0);
  console.log(
    `${name}: peak RSS ${peak.toFixed(0)} MB reached at ${peakAt.toFixed(1)} s of ${wallS.toFixed(1)} s; bench process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, CPU during the run ${((frontCpu.user + frontCpu.system) / 1e6).toFixed(1)} s (replay front, emulators)`,
  );
  if (killed) {
    return {
      name: `${name} — KILLED after ${TIMEOUT_S} s`,
      accounts,
      wallS,
      calls: 0,
      retries: 0,
      perAccountRegion: 0,
      peakRssMb: peak,
      criticalS: (chain * LATENCY) / 1000,
      unknownThrottled: 0,
      unknown: 0,
      exit,
      cpuS: cpu,
      load: `${load0.toFixed(1)}→${(loadavg()[0] ?? 0).toFixed(1)}`,
      misses: replay ? replay.stats().misses : null,
    };
  }
  if (exit !== 0 && exit !== 3)
    throw new Error(`${name}: exit ${exit} after ${wallS.toFixed(1)} s\n${stderr}`);
  // Without validating them again (the CLI wrote them): results.json of 1,000 accounts is ~110 MB, and
  // a parsed and validated copy of it cost the bench process more memory than the CLI's whole scan.
  const bundle = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')) as Pick<
    Bundle,
    'accounts' | 'calls' | 'organization'
  >;
  if (bundle.organization) console.log(`${name}: ${administratorFigures(bundle)}`);
  const accountRegions = bundle.accounts.reduce((n, a) => n + a.scannedRegions.length, 0) || 1;
  console.log(
    `${name}: calls per account-region by operation: ${Object.entries(bundle.calls.byOperation)
      .sort(([, x], [, y]) => y - x)
      .map(([op, n]) => `${op} ${(n / accountRegions).toFixed(2)}`)
      .join(', ')}`,
  );
  const counted = countUnknowns(join(out, 'results.json'));
  const verdicts =
    ORG_MODES.length > 1 && args.includes('--org') ? verdictsOf(join(out, 'results.json')) : undefined;
  console.log(
    `${name}: bench process peak RSS after reading the outputs ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  return {
    name,
    accounts,
    wallS,
    calls: bundle.calls.calls,
    retries: bundle.calls.retries,
    perAccountRegion: bundle.calls.calls / accountRegions,
    peakRssMb: peak,
    criticalS: (chain * LATENCY) / 1000,
    unknownThrottled: counted.throttled,
    unknown: counted.unknown,
    exit,
    cpuS: cpu,
    load: `${load0.toFixed(1)}→${(loadavg()[0] ?? 0).toFixed(1)}`,
    misses: replay ? replay.stats().misses : null,
    ...(verdicts ? { verdicts } : {}),
  };
}

type Via = { from: 'administrator' | 'account'; fallback?: string } | undefined;

/**
 * What the administrators' bulk reads gave (`organization.administratorReads`), and per service how many
 * account-regions (CloudTrail: organization trails seen by members) took the administrator's answer
 * (`via` / `administratorVia` from: administrator) or fell back to their own read.
 */
function administratorFigures(bundle: Pick<Bundle, 'accounts' | 'organization'>): string {
  const reads = bundle.organization?.administratorReads;
  const said = reads
    ? Object.entries(reads)
        .map(([service, r]) =>
          r.error
            ? `${service}: none (${r.error})`
            : `${service}: ${r.administrator} (${r.regions.length} regions)`,
        )
        .join('; ')
    : 'none (per-account)';
  const count: Record<string, { administrator: number; fallback: number }> = {};
  const tally = (service: string, via: Via) => {
    if (!via) return;
    const c = count[service] ?? { administrator: 0, fallback: 0 };
    count[service] = c;
    if (via.from === 'administrator') c.administrator++;
    else c.fallback++;
  };
  for (const a of bundle.accounts) {
    for (const r of Object.values(a.inspector ?? {})) if (r.ok) tally('inspector', r.value.via);
    for (const r of Object.values(a.guardduty ?? {})) if (r.ok) tally('guardduty', r.value.administratorVia);
    for (const r of Object.values(a.macie ?? {})) if (r.ok) tally('macie', r.value.administratorVia);
    for (const t of a.cloudtrail?.trails ?? []) tally('cloudtrail', t.via);
  }
  const took = Object.entries(count)
    .map(([s, c]) => `${s} ${c.administrator} from the administrator, ${c.fallback} own read (fallback)`)
    .join('; ');
  return `administrator reads: ${said}; answers taken: ${took || 'none'}`;
}

/**
 * Status per account, check, region and resource of a results.json as watchpost writes it (a result's
 * fields at four spaces), read line by line, sorted: two scans of the same recording give the same list
 * when their verdicts are the same.
 */
function verdictsOf(path: string): string[] {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 22);
  const decoder = new StringDecoder('utf8');
  const out: string[] = [];
  let rest = '';
  let current: Record<string, string> = {};
  const FIELD = /^ {4}"(accountId|checkId|region|resource|status)": (.*?),?$/;
  const line = (l: string) => {
    const m = FIELD.exec(l);
    if (m) current[m[1]!] = m[2]!;
    else if (l.startsWith('  }')) {
      out.push(
        [current.accountId, current.checkId, current.region, current.resource, current.status].join(' '),
      );
      current = {};
    }
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const lines = (rest + decoder.write(buf.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line(l);
    }
    line(rest);
  } finally {
    closeSync(fd);
  }
  return out.sort();
}

/** Whether the verdicts of the same scan in different `--org-mode`s agree, and where they differ. */
function compareVerdicts(label: string, runs: { mode: string | null; verdicts: string[] }[]): string {
  const digest = (v: string[]) => createHash('sha256').update(v.join('\n')).digest('hex').slice(0, 16);
  const [first, ...others] = runs;
  if (!first) return '';
  const lines = [
    `${label}: verdicts (status per account/check/region/resource) ${runs
      .map((r) => `${r.mode ?? 'default'} ${r.verdicts.length} results sha256 ${digest(r.verdicts)}`)
      .join(', ')}`,
  ];
  for (const o of others) {
    const a = new Set(first.verdicts);
    const b = new Set(o.verdicts);
    const onlyA = first.verdicts.filter((v) => !b.has(v));
    const onlyB = o.verdicts.filter((v) => !a.has(v));
    lines.push(
      onlyA.length === 0 && onlyB.length === 0
        ? `  ${first.mode ?? 'default'} = ${o.mode ?? 'default'}: same verdicts`
        : `  ${first.mode ?? 'default'} ≠ ${o.mode ?? 'default'}: ${onlyA.length} only in the first, ${onlyB.length} only in the second; first few:\n${[
            ...onlyA.slice(0, 10).map((v) => `    - ${v}`),
            ...onlyB.slice(0, 10).map((v) => `    + ${v}`),
          ].join('\n')}`,
    );
  }
  return lines.join('\n');
}

/**
 * Unknown results, and those caused by throttling, of a results.json as watchpost writes it (`toJson`: a
 * result's fields at four spaces, its cause's at six), read line by line.
 */
function countUnknowns(path: string): { unknown: number; throttled: number } {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 22);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let unknown = 0;
  let throttled = 0;
  let inCause = false;
  const line = (l: string) => {
    if (l.startsWith('    "status": "unknown"')) unknown++;
    else if (l === '    "cause": {') inCause = true;
    else if (inCause && l.startsWith('    }')) inCause = false;
    else if (inCause && l.startsWith('      "kind": "throttled"')) throttled++;
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const lines = (rest + decoder.write(buf.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line(l);
    }
    line(rest);
  } finally {
    closeSync(fd);
  }
  return { unknown, throttled };
}

/**
 * The organization's administrators (BENCH_ORG_ADMINS): the first template is Inspector's delegated
 * administrator in every region (designated by the management account); the management account has a
 * GuardDuty detector in every region and administers GuardDuty (the org front's fixture data,
 * relationship Enabled) and Macie (invitation accepted, where the member's and its own Macie are on, as
 * seedMixed leaves them) for three templates in four. Returns GuardDuty's member → administrator map.
 */
async function seedAdministrators(
  emu: Emulator,
  recorded: string[],
  templates: string[],
): Promise<Record<string, string>> {
  const management = target(emu, MANAGEMENT);
  const admin = templates[0];
  if (!admin) return {};
  for (const region of REGIONS) await seedInspectorDelegatedAdmin(management, region, admin);
  const gd = (region: string) => clientFor(GuardDutyClient, management, region);
  for (const region of REGIONS) {
    const listed = await gd(region).send(new ListDetectorsCommand({}));
    if ((listed.DetectorIds ?? []).length === 0)
      await seedGuardDuty(management, region, { status: 'ENABLED' });
  }
  // seedMixed turns Macie off in eu-west-1 for every 4th recorded account.
  const macieOn = (id: string, region: string) => !(region === 'eu-west-1' && recorded.indexOf(id) % 4 === 0);
  const members = templates.filter((_, i) => i % 4 !== 3);
  const guardDuty: Record<string, string> = {};
  for (const id of members) {
    guardDuty[id] = MANAGEMENT;
    for (const region of REGIONS)
      if (macieOn(id, region) && macieOn(MANAGEMENT, region))
        await seedMacieAdministrator(target(emu, id), region, MANAGEMENT);
  }
  return guardDuty;
}

function table(rows: Row[]): string {
  const head = [
    'scenario',
    'accounts',
    'wall s',
    'AWS calls',
    'calls/acct-region',
    'retries',
    'peak RSS MB',
    'critical path s',
    'wall / critical',
    'unknown (throttled)',
    'CPU s',
    'load 1m',
    'replay misses',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.name,
        r.accounts,
        r.wallS.toFixed(1),
        r.calls,
        r.perAccountRegion.toFixed(1),
        r.retries,
        r.peakRssMb.toFixed(0),
        r.criticalS.toFixed(2),
        r.criticalS > 0 ? (r.wallS / r.criticalS).toFixed(1) : '—',
        `${r.unknown} (${r.unknownThrottled})`,
        r.cpuS.toFixed(1),
        r.load,
        r.misses ?? '—',
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const machine = `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
  console.log(
    `watchpost bench: ${REGIONS.length} regions, ${LATENCY} ms per call, mode ${MODE}; ${machine}; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rows: Row[] = [];
  const push = (row: Row) => {
    rows.push(row);
    console.log(table([row]));
  };
  const emu = await startAwsEmulator();
  let front: OrgFront | undefined;
  let replay: ReplayFront | undefined;
  try {
    const maxOrg = Math.max(0, ...ORGS);
    const members = maxOrg > 1 ? await createOrganization(emu, maxOrg - 1) : [];
    const ids = [MANAGEMENT, ...members.map((m) => m.id)].sort();
    if (members.length > 0) await seedOrganizationTrail(emu);
    front = await startOrgFront(emu);
    const selection = (n: number) => (n < ids.length ? ['--accounts', ids.slice(0, n).join(',')] : []);

    if (MODE === 'replay' || MODE === 'both') {
      // Record: the management account and the first TEMPLATES members, through moto at 0 ms.
      const recorded = [...new Set([MANAGEMENT, ...ids.slice(0, TEMPLATES)])].sort();
      const templates = recorded.filter((id) => id !== MANAGEMENT);
      await seedMixed(emu, recorded, REGIONS);
      if (ORG_ADMINS && members.length > 0)
        front.configure({ guardDutyAdministrators: await seedAdministrators(emu, recorded, templates) });
      const clones = new Map<string, string>();
      const others = ids.filter((id) => !recorded.includes(id));
      for (const [i, id] of others.entries()) clones.set(id, templates[i % templates.length]!);
      replay = await startReplayFront(front.endpoint, TEST_CREDENTIALS.accessKeyId, MANAGEMENT, {
        mode: 'record',
        clones,
      });
      emu.configure({ latencyMs: 0 });
      push(await runScan('record pass: 1 account, moto (0 ms)', replay.endpoint, [], 1, CHAIN_SINGLE));
      if (members.length > 0) {
        for (const mode of ORG_MODES)
          push(
            await runScan(
              `record pass: org of ${recorded.length}, moto (0 ms)${modeLabel(mode)}`,
              replay.endpoint,
              ['--org', '--accounts', recorded.join(','), ...modeArgs(mode)],
              recorded.length,
              CHAIN_ORG,
            ),
          );
      }
      console.log(`recorded ${replay.stats().recorded} answers`);
      replay.configure({ mode: 'replay', latencyMs: LATENCY });
      push(
        await runScan(`(a) replay: 1 account, ${LATENCY} ms`, replay.endpoint, [], 1, CHAIN_SINGLE, replay),
      );
      const compared: string[] = [];
      const measure = async (label: string, n: number) => {
        const accounts = Math.min(n, ids.length);
        const runs: { mode: string | null; verdicts: string[] }[] = [];
        for (const mode of ORG_MODES) {
          const row = await runScan(
            `${label}${modeLabel(mode)}`,
            replay!.endpoint,
            ['--org', ...selection(n), ...modeArgs(mode)],
            accounts,
            CHAIN_ORG,
            replay,
          );
          console.log(`${row.name}: replay ${JSON.stringify(replay!.stats())}`);
          if (row.verdicts) runs.push({ mode, verdicts: row.verdicts });
          push({ ...row, verdicts: undefined });
        }
        if (runs.length > 1) {
          const c = compareVerdicts(`${label}, ${accounts} accounts`, runs);
          console.log(c);
          compared.push(c);
        }
      };
      for (const n of ORGS) await measure(`(b) replay: org, ${LATENCY} ms`, n);
      if (THROTTLE_EVERY > 0) {
        replay.configure({ throttleEvery: THROTTLE_EVERY });
        for (const n of THROTTLE_ORGS)
          await measure(`(c) replay: org, ${LATENCY} ms, every ${THROTTLE_EVERY}rd call throttled`, n);
        replay.configure({ throttleEvery: 0 });
      }
      for (const c of compared) console.log(c);
      const missed = replay.missedKeys();
      if (missed.length > 0) console.log(`replay misses (first ${missed.length}):\n${missed.join('\n')}`);
    }

    if (MODE === 'moto' || MODE === 'both') {
      await seedMixed(emu, ids, REGIONS);
      emu.resetCounts();
      emu.configure({ latencyMs: 0 });
      push(await runScan('moto: 1 account, moto alone (0 ms)', front.endpoint, [], 1, CHAIN_SINGLE));
      emu.configure({ latencyMs: LATENCY });
      push(await runScan(`moto: 1 account, ${LATENCY} ms`, front.endpoint, [], 1, CHAIN_SINGLE));
      for (const n of ORGS) {
        push(
          await runScan(
            `moto: org, ${LATENCY} ms`,
            front.endpoint,
            ['--org', ...selection(n)],
            Math.min(n, ids.length),
            CHAIN_ORG,
          ),
        );
      }
      const first = ORGS[0];
      if (first && THROTTLE_EVERY > 0) {
        front.configure({ throttleEvery: THROTTLE_EVERY });
        push(
          await runScan(
            `moto: org, ${LATENCY} ms, every ${THROTTLE_EVERY}rd call throttled`,
            front.endpoint,
            ['--org', ...selection(first)],
            Math.min(first, ids.length),
            CHAIN_ORG,
          ),
        );
        front.configure({ throttleEvery: 0 });
      }
    }
  } finally {
    await replay?.stop();
    await front?.stop();
    await emu.stop();
  }

  const synthetic = syntheticReport({ accounts: 500, regions: 17 });
  const t0 = performance.now();
  const html = renderHtmlReport({
    bundle: synthetic.bundle,
    results: synthetic.results,
    finding: findingDocument({ blocks: [heading(3, text('Synthetic'))] }),
    checks: CHECKS.map((c) => c.meta),
  });
  const renderMs = performance.now() - t0;

  console.log('');
  console.log(table(rows));
  console.log('');
  console.log(
    `HTML report of the synthetic data (500 accounts × 17 regions, ${synthetic.results.length} results): ${renderMs.toFixed(0)} ms, ${(html.length / 2 ** 20).toFixed(1)} MiB`,
  );
  console.log(await browserFigures(html));
  console.log(`Machine: ${machine}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
