/**
 * Shards of an organization scan: `scan --org --shard K/N` scans a stable 1/N of the selected accounts, so
 * that N machines (a Kubernetes Indexed Job, an AWS Batch array job) share one organization, and `merge`
 * joins their bundles back into one. No scheduler of our own: the engine that starts the N copies hands each
 * its index.
 *
 * The split is by a hash of the account id, not by position in a list: the same account lands in the same
 * shard on every run, whatever order AWS lists the accounts in, and an account joining the organization does
 * not move the others.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../evidence/input.js';
import type { Bundle, ShardInfo } from '../evidence/schema.js';

/** Where `--shard auto/N` reads its index from (0-based, as the engines count), first match wins. */
export const SHARD_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/** Most shards one scan may be cut into. */
export const MAX_SHARDS = 1000;

/** A shard as given on the command line: 1-based `index` of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
  /** Where the index came from (`--shard 2/4`, or the environment variable `auto` read). */
  source: string;
}

/**
 * `--shard K/N` (K from 1 to N) or `--shard auto/N`: K is the 0-based index an engine puts in the
 * environment (`JOB_COMPLETION_INDEX`, `AWS_BATCH_JOB_ARRAY_INDEX`) plus one. Errors are one line.
 */
export function parseShardSpec(value: string, env: NodeJS.ProcessEnv): ShardSpec {
  const m = /^(auto|\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  if (!m) throw new InputError(`--shard ${value}: give K/N (shard K of N, from 1/N to N/N) or auto/N`);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS)
    throw new InputError(`--shard ${value}: N must be from 1 to ${MAX_SHARDS}`);
  if (m[1] !== 'auto') {
    const index = Number(m[1]);
    if (index < 1 || index > count)
      throw new InputError(`--shard ${value}: K must be from 1 to ${count} (shards are numbered from 1)`);
    return { index, count, source: `--shard ${index}/${count}` };
  }
  for (const name of SHARD_INDEX_VARIABLES) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,4}$/.test(raw.trim()))
      throw new InputError(
        `--shard auto/${count}: ${name}=${JSON.stringify(raw.slice(0, 20))} is not an index`,
      );
    const zeroBased = Number(raw.trim());
    if (zeroBased >= count)
      throw new InputError(
        `--shard auto/${count}: ${name}=${zeroBased} is not below ${count}; the job's parallelism and N must agree`,
      );
    return { index: zeroBased + 1, count, source: `${name}=${zeroBased}` };
  }
  throw new InputError(
    `--shard auto/${count}: none of ${SHARD_INDEX_VARIABLES.join(', ')} is set; give the shard as K/${count}`,
  );
}

/** The 1-based shard an account belongs to when the scan is cut into `count` shards. */
export function shardOfAccount(accountId: string, count: number): number {
  const digest = createHash('sha256').update(`watchpost-shard:${accountId}`).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/**
 * What every shard of one scan shares, as a short digest: the selection (regions, services, role, account
 * lists) and the number of shards. `merge` refuses shards whose selections differ: they are parts of
 * different scans.
 */
export function selectionDigest(selection: {
  regions: readonly string[] | null;
  services: readonly string[] | null;
  roleName: string;
  accounts: readonly string[] | null;
  excludeAccounts: readonly string[] | null;
  count: number;
}): string {
  const canonical = JSON.stringify([
    selection.regions ? [...selection.regions].sort() : null,
    selection.services ? [...selection.services].sort() : null,
    selection.roleName,
    selection.accounts ? [...selection.accounts].sort() : null,
    selection.excludeAccounts ? [...selection.excludeAccounts].sort() : null,
    selection.count,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

const label = (s: ShardInfo): string => `${s.index}/${s.count}`;

/**
 * Checks that bundles that are shards are the shards of one scan, each present exactly once. Bundles none
 * of which is a shard pass unchecked (merging separately scanned account sets, as before). Throws an
 * `InputError` naming the files.
 */
export function checkShards(bundles: readonly { bundle: Bundle; path: string }[]): void {
  const sharded = bundles.filter((b) => b.bundle.organization?.shard);
  if (sharded.length === 0) return;
  const plain = bundles.find((b) => !b.bundle.organization?.shard);
  const first = sharded[0]!;
  const s0 = first.bundle.organization!.shard!;
  if (plain) {
    throw new InputError(
      `merge: ${plain.path} is not a shard but ${first.path} is shard ${label(s0)}; merge the shards of one scan on their own`,
    );
  }
  const org0 = first.bundle.organization?.id ?? null;
  const byIndex = new Map<number, string>();
  for (const { bundle, path } of sharded) {
    const s = bundle.organization!.shard!;
    const org = bundle.organization?.id ?? null;
    if (org !== org0)
      throw new InputError(`merge: ${path} is from organization ${org}, ${first.path} from ${org0}`);
    if (s.count !== s0.count)
      throw new InputError(
        `merge: ${path} is shard ${label(s)}, ${first.path} shard ${label(s0)}: not one scan`,
      );
    if (s.run !== s0.run)
      throw new InputError(
        `merge: ${path} is from run ${JSON.stringify(s.run)}, ${first.path} from run ${JSON.stringify(s0.run)} (--shard-run): not one scan`,
      );
    if (s.selection !== s0.selection)
      throw new InputError(
        `merge: ${path} and ${first.path} scanned different selections (regions, services, role or accounts): not one scan`,
      );
    const seen = byIndex.get(s.index);
    if (seen) throw new InputError(`merge: shard ${label(s)} is given twice: ${seen} and ${path}`);
    byIndex.set(s.index, path);
  }
  const missing: number[] = [];
  for (let i = 1; i <= s0.count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((i) => `${i}/${s0.count}`);
    throw new InputError(
      `merge: shard${missing.length > 1 ? 's' : ''} ${shown.join(', ')}${missing.length > 5 ? `, … (${missing.length} in all)` : ''} of this scan ${missing.length > 1 ? 'are' : 'is'} missing; give every shard's evidence.json`,
    );
  }
}
