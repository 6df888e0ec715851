/**
 * The workload inventory (EC2 instances, ECR repositories, Lambda functions, S3 buckets): shared evidence
 * that makes a service relevant in a region. It has no checks; services that read it say so (`needs`).
 */

import type { EvidenceSource } from '../types.js';
import { InventorySchema } from './schema.js';

export const inventory: EvidenceSource<'inventory', typeof InventorySchema> = {
  id: 'inventory',
  schema: InventorySchema,
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  // Macie's sentences name the buckets of a region; the rest of the inventory only decides relevance.
  keepForFinding: (e) => ({
    ec2Instances: {},
    ecrRepositories: {},
    lambdaFunctions: {},
    s3Buckets: e.s3Buckets,
  }),
  facts: [
    {
      name: 's3:used',
      holds: (evidence) => evidence.some((e) => e.s3Buckets.ok && e.s3Buckets.value.buckets.length > 0),
      words: /\b(?:S3|buckets?)\b/i,
    },
  ],
};
