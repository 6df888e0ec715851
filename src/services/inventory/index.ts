/**
 * The workload inventory (EC2 instances, ECR repositories, Lambda functions, S3 buckets): shared evidence
 * that makes a service relevant in a region. It has no checks; services that read it say so (`needs`).
 */

import type { Observed, Regional } from '../../evidence/observed.js';
import type { EvidenceSource } from '../types.js';
import { type Inventory, InventorySchema } from './schema.js';

/** Whether some region lists one (for the facts): a read that failed proves nothing. */
function anyIn<K extends string>(r: Regional<Record<K, string[]>>, key: K): boolean {
  return Object.values<Observed<Record<K, string[]>>>(r).some((o) => o.ok && o.value[key].length > 0);
}

/** An organization keeps, per region, only whether there is one (the facts need no more). */
function firstOnly<K extends string>(
  r: Regional<Record<K, string[]>>,
  key: K,
): Regional<Record<K, string[]>> {
  return Object.fromEntries(
    Object.entries<Observed<Record<K, string[]>>>(r).map(([region, o]) => [
      region,
      o.ok ? { ok: true, value: { [key]: o.value[key].slice(0, 1) } as Record<K, string[]> } : o,
    ]),
  );
}

function used(name: string, words: RegExp, holds: (e: Inventory) => boolean) {
  return { name, words, holds: (evidence: readonly Inventory[]) => evidence.some(holds) };
}

export const inventory: EvidenceSource<'inventory', typeof InventorySchema> = {
  id: 'inventory',
  schema: InventorySchema,
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  // Macie's sentences name the buckets of a region; of the rest, the facts need only whether there is one.
  keepForFinding: (e) => ({
    ec2Instances: firstOnly(e.ec2Instances, 'ids'),
    ecrRepositories: firstOnly(e.ecrRepositories, 'names'),
    lambdaFunctions: firstOnly(e.lambdaFunctions, 'names'),
    s3Buckets: e.s3Buckets,
  }),
  // Each fact's words: a template option that uses them needs the fact, and a kept sentence that uses them
  // where the fact does not hold names workloads the account does not have (docs/templates.md).
  facts: [
    used('s3:used', /\b(?:S3|buckets?)\b/i, (e) => e.s3Buckets.ok && e.s3Buckets.value.buckets.length > 0),
    used('lambda:used', /\bLambda(?: functions?)?\b/i, (e) => anyIn(e.lambdaFunctions, 'names')),
    used('ec2:used', /\bEC2(?: instances?)?\b/i, (e) => anyIn(e.ec2Instances, 'ids')),
    used('ecr:used', /\b(?:ECR|container images?)\b/i, (e) => anyIn(e.ecrRepositories, 'names')),
  ],
};
