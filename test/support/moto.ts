/**
 * Starts moto server (the AWS API emulator) on 127.0.0.1 on a free port for a test file, and stops it.
 * Uses `moto_server` from PATH; otherwise a pinned moto in a project-local virtualenv (.venv/), which it
 * installs on first use; otherwise fails with one line saying how to install it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const MOTO_VERSION = '5.2.1';
const ROOT = join(import.meta.dirname, '..', '..');
const VENV_BIN = join(ROOT, '.venv', 'bin', 'moto_server');

export interface Moto {
  endpoint: string;
  port: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function which(cmd: string): string | null {
  const res = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

export function motoBinary(): string {
  const onPath = which('moto_server');
  if (onPath) return onPath;
  if (existsSync(VENV_BIN)) return VENV_BIN;
  const py = which('python3');
  if (!py)
    throw new Error(
      'moto_server not found and no python3: install Python 3.10+ and run: pip install "moto[server]"',
    );
  const venv = spawnSync(py, ['-m', 'venv', join(ROOT, '.venv')], { stdio: 'inherit' });
  const pip = join(ROOT, '.venv', 'bin', 'pip');
  const inst =
    venv.status === 0
      ? spawnSync(pip, ['install', '-q', `moto[server]==${MOTO_VERSION}`], { stdio: 'inherit' })
      : venv;
  if (inst.status !== 0 || !existsSync(VENV_BIN)) {
    throw new Error(`could not install moto: run: pip install "moto[server]==${MOTO_VERSION}"`);
  }
  return VENV_BIN;
}

export async function startMoto(): Promise<Moto> {
  const bin = motoBinary();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' };
  delete env.MOTO_ACCOUNT_ID;
  const child: ChildProcess = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited: ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    port,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}
