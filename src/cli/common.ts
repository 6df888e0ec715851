import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutputDir, OUTPUT_FILE_NAMES, type OutputPlan } from '../evidence/output-dir.js';

/** UTC time as a folder-name-safe stamp, e.g. 20261127T083000Z. */
export function stamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** A fresh default output folder under ./watchpost-out/. */
export function defaultOutDir(name: string): string {
  const base = join('watchpost-out', name);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/** What `diff` writes (and `report --previous` writes diff.json of). */
const RETEST_FILES: readonly string[] = ['diff.json', 'retest.md', 'retest.docx', 'retest.html'];
const SCAN_FILES = OUTPUT_FILE_NAMES.filter((n) => !RETEST_FILES.includes(n));

/** The files each command may write into its output folder. */
export const WRITES = {
  scan: SCAN_FILES,
  report: [...SCAN_FILES.filter((n) => n !== 'evidence.json' && n !== 'scan-parameters.json'), 'diff.json'],
  assess: ['results.json'],
  merge: [...SCAN_FILES.filter((n) => n !== 'scan-parameters.json'), 'diff.json'],
  diff: RETEST_FILES,
} as const;

/**
 * Fails before any work is done (the first AWS call, reading the evidence) when the output folder cannot
 * be used: see `checkOutputDir`. Without --out, the default parent ./watchpost-out is checked (it may hold
 * earlier runs).
 */
export function precheckOutDir(dir: string | undefined, plan: OutputPlan): void {
  checkOutputDir(dir ?? 'watchpost-out', dir ? plan : { ...plan, mustBeEmpty: false });
}

export function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/** 3 when a check failed (so CI jobs can gate on it), unless --exit-zero asked for 0. */
export function exitCodeFor(results: { status: string }[], exitZero = false): number {
  return !exitZero && results.some((r) => r.status === 'fail') ? 3 : 0;
}
