/**
 * Runs the BUILT CLI (`node dist/cli/bin.js`; `npm test` builds first) as a subprocess with a clean
 * environment: no inherited AWS_* variables, fake keys, and the emulator's endpoint.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CREDENTIALS } from './seed.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'bin.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** True when the CLI has been built (e2e tests skip with a message otherwise). */
export function cliBuilt(): boolean {
  return existsSync(CLI);
}

/** A fresh temporary directory for one test's outputs. */
export function tempDir(prefix = 'watchpost-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A named pipe (FIFO) in a fresh temporary folder, or null where mkfifo is missing. */
export function makeFifo(): string | null {
  const p = join(tempDir('watchpost-fifo-'), 'pipe');
  try {
    execFileSync('mkfifo', [p]);
    return p;
  } catch {
    return null;
  }
}

/**
 * The environment of a CLI child: PATH, HOME (the given temp dir, with no AWS config or credentials
 * files), the fake test keys, region us-east-1, no instance metadata. Nothing of the caller's AWS setup
 * leaks in.
 */
export function isolatedCliEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Runs `watchpost <args>`. `env` is added to a minimal environment (PATH, HOME in a temp dir, fake keys,
 * region us-east-1); pass `AWS_ENDPOINT_URL: emulator.endpoint` to reach the emulator.
 */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  const home = tempDir('watchpost-home-');
  const base: Record<string, string> = { ...isolatedCliEnv(home), NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...base, ...env },
      cwd: home,
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
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
