/**
 * An emulated organization recorded once and replayed, for benches that compare scans (cpu-ab.ts,
 * shards.ts): the management account and `templates` members are scanned through moto at 0 ms with their
 * answers kept (replay.ts); the other members replay a template's answers under their own ids.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedCliEnv } from '../test/support/cli.js';
import { type Emulator, startAwsEmulator } from '../test/support/proxy.js';
import { seedGuardDuty, seedInspector, seedMacie, TEST_CREDENTIALS, target } from '../test/support/seed.js';
import { createOrganization, MANAGEMENT, seedOrganizationTrail, startOrgFront } from './org-fixture.js';
import { type ReplayFront, startReplayFront } from './replay.js';

/** Mixed states: GuardDuty, Inspector and Macie differ by account; Macie is on by default in moto. */
export async function seedMixed(emu: Emulator, ids: string[], regions: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const t = target(emu, id);
    if (i % 3 === 0) await seedGuardDuty(t, 'us-east-1', { status: 'ENABLED' });
    if (i % 6 === 1) await seedGuardDuty(t, regions[regions.length - 1]!, { status: 'DISABLED' });
    if (i % 5 === 0) await seedInspector(t, 'us-east-1', ['EC2']);
    if (i % 4 === 0 && regions.includes('eu-west-1')) await seedMacie(t, 'eu-west-1', false);
    emu.setAccount(id, { supportPlan: i % 2 === 0 ? 'business' : 'basic', shield: 'INACTIVE' });
  }
}

/** User + system CPU seconds of a process (all its threads) so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export interface CliRun {
  exit: number;
  stdout: string;
  stderr: string;
  /** CPU seconds of the CLI process. */
  cpuS: number;
  wallS: number;
}

/** Runs the CLI (`cli`: its entry script) against `endpoint` with an isolated environment. */
export async function runBenchCli(
  cli: string,
  args: string[],
  endpoint: string,
  nodeFlags: string[] = [],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const home = mkdtempSync(join(tmpdir(), 'watchpost-bench-home-'));
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeFlags, cli, ...args], {
    env: { ...isolatedCliEnv(home), AWS_ENDPOINT_URL: endpoint, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let cpu = 0;
  const poll = setInterval(() => {
    if (child.pid) cpu = Math.max(cpu, cpuSeconds(child.pid));
  }, 20);
  const exit = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearInterval(poll);
  rmSync(home, { recursive: true, force: true });
  return { exit, stdout, stderr, cpuS: cpu, wallS: (Date.now() - started) / 1000 };
}

export interface RecordedOrganization {
  /** Every account id of the organization, sorted (the management account included). */
  ids: string[];
  replay: ReplayFront;
  stop(): Promise<void>;
}

/**
 * Creates an organization of `accounts` accounts in moto, seeds the mixed states, records the management
 * account and `templates` members with `recordCli` (a scan through moto at 0 ms), and leaves the replay
 * front answering at `latencyMs`.
 */
export async function recordOrganization(o: {
  accounts: number;
  templates: number;
  regions: readonly string[];
  latencyMs: number;
  recordCli: string;
}): Promise<RecordedOrganization> {
  const emu = await startAwsEmulator();
  const members = await createOrganization(emu, o.accounts - 1);
  const ids = [MANAGEMENT, ...members.map((m) => m.id)].sort();
  await seedOrganizationTrail(emu);
  const front = await startOrgFront(emu);
  const recorded = [...new Set([MANAGEMENT, ...ids.slice(0, o.templates)])].sort();
  const templates = recorded.filter((id) => id !== MANAGEMENT);
  await seedMixed(emu, recorded, o.regions);
  const clones = new Map<string, string>();
  for (const [i, id] of ids.filter((id) => !recorded.includes(id)).entries())
    clones.set(id, templates[i % templates.length]!);
  const replay = await startReplayFront(front.endpoint, TEST_CREDENTIALS.accessKeyId, MANAGEMENT, {
    mode: 'record',
    clones,
  });
  const stop = async () => {
    await replay.stop();
    await front.stop();
    await emu.stop();
  };
  try {
    emu.configure({ latencyMs: 0 });
    const out = mkdtempSync(join(tmpdir(), 'watchpost-record-'));
    const rec = await runBenchCli(
      o.recordCli,
      [
        'scan',
        '--org',
        '--accounts',
        recorded.join(','),
        '--regions',
        o.regions.join(','),
        '--out',
        out,
        '--force',
        '--quiet',
        '--format',
        'json',
      ],
      replay.endpoint,
    );
    if (rec.exit !== 0 && rec.exit !== 3) throw new Error(`record pass: exit ${rec.exit}\n${rec.stderr}`);
    replay.configure({ mode: 'replay', latencyMs: o.latencyMs });
    return { ids, replay, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
