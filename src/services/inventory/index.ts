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
};
