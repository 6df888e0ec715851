/**
 * AWS Shield: whether the account subscribes to Shield Advanced where it has internet-facing resources.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { Question, ServiceModule } from '../types.js';
import { shieldAdvanced } from './checks/advanced.js';
import { shieldProse } from './prose.js';
import { ShieldEvidenceSchema } from './schema.js';

const QUESTIONS = [
  {
    key: 'shield-advanced',
    values: ['keep', 'drop'],
    help: 'Recommend Shield Advanced? "drop" leaves it out of the finding.',
  },
] as const satisfies readonly Question[];

export const shield: ServiceModule<'shield', typeof ShieldEvidenceSchema, (typeof QUESTIONS)[number]> = {
  id: 'shield',
  labels: {
    title: 'AWS Shield Advanced',
    short: 'Shield',
    column: 'Shield',
    markerNames: ['shield', 'aws shield', 'shield advanced', 'aws shield advanced'],
  },
  schema: ShieldEvidenceSchema,
  checks: [shieldAdvanced],
  questions: QUESTIONS,
  needs: [],
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: shieldProse,
};
