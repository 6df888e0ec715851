/**
 * Joins bundles of separately scanned account sets (sharded organization scans) into one.
 * Pure: bundles in, bundle out.
 */
import { InputError } from '../evidence/bundle.js';
import type { CallStats } from '../evidence/observed.js';
import type { AccountEvidence, Bundle } from '../evidence/schema.js';
import { checkShards } from './shard.js';

export function mergeBundles(bundles: { bundle: Bundle; path: string }[]): {
  bundle: Bundle;
  replaced: string[];
} {
  const first = bundles[0];
  if (!first) throw new InputError('merge: give at least one evidence bundle');
  // Shards of one scan: all of them, once each (the joined bundle is then that scan, not a shard).
  checkShards(bundles);
  const byAccount = new Map<string, { account: AccountEvidence; finishedAt: string }>();
  const replaced: string[] = [];
  const calls: CallStats = { calls: 0, retries: 0, errors: 0, byOperation: {} };
  const pending = new Map<string, { id: string; name: string | null }>();
  for (const { bundle, path } of bundles) {
    if (bundle.partition !== first.bundle.partition) {
      throw new InputError(
        `${path}: partition ${bundle.partition} differs from ${first.bundle.partition} in ${first.path}`,
      );
    }
    const finishedAt = bundle.finishedAt ?? bundle.startedAt;
    for (const account of bundle.accounts) {
      const seen = byAccount.get(account.accountId);
      if (seen) replaced.push(account.accountId);
      // The later scan of the same account wins.
      if (!seen || finishedAt >= seen.finishedAt) byAccount.set(account.accountId, { account, finishedAt });
    }
    for (const p of bundle.organization?.pendingAccounts ?? []) pending.set(p.id, p);
    calls.calls += bundle.calls.calls;
    calls.retries += bundle.calls.retries;
    calls.errors += bundle.calls.errors;
    for (const [k, v] of Object.entries(bundle.calls.byOperation))
      calls.byOperation[k] = (calls.byOperation[k] ?? 0) + v;
  }
  for (const id of byAccount.keys()) pending.delete(id);
  const accounts = [...byAccount.values()]
    .map((v) => v.account)
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  const starts = bundles.map((b) => b.bundle.startedAt).sort();
  const ends = bundles.map((b) => b.bundle.finishedAt ?? '').sort();
  const org = bundles.find((b) => b.bundle.organization)?.bundle.organization;
  const bundle: Bundle = {
    schemaVersion: first.bundle.schemaVersion,
    tool: first.bundle.tool,
    startedAt: starts[0] ?? first.bundle.startedAt,
    finishedAt: ends[ends.length - 1] || null,
    complete: bundles.every((b) => b.bundle.complete) && pending.size === 0,
    partition: first.bundle.partition,
    ...(org || pending.size > 0
      ? {
          organization: {
            id: org?.id ?? null,
            managementAccountId: org?.managementAccountId ?? null,
            pendingAccounts: [...pending.values()].sort((a, b) => a.id.localeCompare(b.id)),
            ...(org?.delegatedAdministrators ? { delegatedAdministrators: org.delegatedAdministrators } : {}),
            ...(org?.administratorReads ? { administratorReads: org.administratorReads } : {}),
          },
        }
      : {}),
    accounts,
    calls,
  };
  return { bundle, replaced: [...new Set(replaced)].sort() };
}
