/**
 * Usage signals for the cost estimate (src/costs/): current spend where AWS reports it, and CloudWatch
 * metrics where a gap's price depends on them. A source without checks, collected after the services
 * (`late`: what it reads follows from their evidence) unless the scan runs with `--no-costs`.
 */

import type { EvidenceSource } from '../types.js';
import { UsageSchema } from './schema.js';

export const usage: EvidenceSource<'usage', typeof UsageSchema> = {
  id: 'usage',
  schema: UsageSchema,
  late: true,
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
};
