/** Shared helpers of the end-to-end tests: run a scan against the emulator and index its results. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { type CliResult, runCli, tempDir } from '../support/cli.js';
import type { Emulator } from '../support/proxy.js';

export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

export interface ScanRun extends CliResult {
  out: string;
  results: Result[];
}

export async function scanWith(emu: Emulator, extra: string[] = []): Promise<ScanRun> {
  const out = tempDir();
  const run = await runCli(
    ['scan', '--regions', REGIONS.join(','), '--out', out, '--force', '--quiet', ...extra],
    { AWS_ENDPOINT_URL: emu.endpoint },
  );
  let results: Result[] = [];
  try {
    results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  } catch (err) {
    throw new Error(`scan gave no readable results.json (exit ${run.code}): ${String(err)}\n${run.stderr}`);
  }
  return { ...run, out, results };
}

/** A stable key per verdict. Resource ARNs carry moto's random ids; the names inside them are ours. */
export function keyOf(r: Pick<Result, 'checkId' | 'region' | 'resource'>): string {
  return `${r.checkId}|${r.region}|${r.resource ?? '-'}`;
}

export function index(results: readonly Result[]): Map<string, Result> {
  return new Map(results.map((r) => [keyOf(r), r]));
}

/** Verdicts whose status differs between two runs (or that exist in only one). */
export function changed(before: readonly Result[], after: readonly Result[]): string[] {
  const a = index(before);
  const b = index(after);
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k)?.status !== b.get(k)?.status).sort();
}
