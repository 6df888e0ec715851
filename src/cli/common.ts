import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../evidence/bundle.js';

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

/** Fails before any work is done when --out names a non-empty folder and --force is absent. */
export function precheckOutDir(dir: string | undefined, force: boolean): void {
  if (!dir || force || !existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: exists and is not a folder`);
  if (readdirSync(dir).length > 0) {
    throw new InputError(
      `${dir}: output folder already exists and is not empty (use --force to replace its files)`,
    );
  }
}

export function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/** 3 when a check failed (so CI jobs can gate on it), unless --exit-zero asked for 0. */
export function exitCodeFor(results: { status: string }[], exitZero = false): number {
  return !exitZero && results.some((r) => r.status === 'fail') ? 3 : 0;
}
