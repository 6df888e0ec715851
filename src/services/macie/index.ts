/**
 * Amazon Macie: whether it looks for sensitive data where the account keeps S3 buckets.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { Question, ServiceModule } from '../types.js';
import { macieAnalysis } from './checks/analysis.js';
import { macieEnabled } from './checks/enabled.js';
import { macieProse } from './prose.js';
import { MACIE } from './regions.js';
import { MACIE_SERVICE_PRINCIPAL, MacieEvidenceSchema } from './schema.js';

const QUESTIONS = [
  {
    key: 'personal-data',
    values: ['yes', 'no'],
    help: 'May the S3 buckets hold personal or otherwise sensitive data? "no" drops the Macie subsection.',
    words: /\b(?:personal(?:ly identifiable)? (?:data|information)|PII|sensitive data)\b/i,
    keepWhen: 'yes',
  },
] as const satisfies readonly Question[];

export const macie: ServiceModule<'macie', typeof MacieEvidenceSchema, (typeof QUESTIONS)[number]> = {
  id: 'macie',
  labels: {
    title: 'Amazon Macie',
    short: 'Macie',
    column: 'Macie',
    markerNames: ['macie', 'amazon macie'],
  },
  schema: MacieEvidenceSchema,
  checks: [macieEnabled, macieAnalysis],
  questions: QUESTIONS,
  needs: ['inventory'],
  delegatedAdministratorPrincipal: MACIE_SERVICE_PRINCIPAL,
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: macieProse,
  offeredIn: MACIE,
  gapKind: 'weaknesses',
  gapWords:
    /\b(?:macie|misconfigurations?|vulnerabilit(?:y|ies)|data exposures?|exposed data|sensitive data|data leak(?:s|age)?|PII)\b/i,
};
