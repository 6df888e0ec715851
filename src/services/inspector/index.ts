/**
 * Amazon Inspector: whether it scans the workloads (EC2, ECR, Lambda) running in each region.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { ServiceModule } from '../types.js';
import { inspectorCoverage } from './checks/coverage.js';
import { inspectorEnabled } from './checks/enabled.js';
import { inspectorScanTypes } from './checks/scan-types.js';
import { inspectorProse } from './prose.js';
import { INSPECTOR } from './regions.js';
import { INSPECTOR_SERVICE_PRINCIPAL, InspectorEvidenceSchema } from './schema.js';

export const inspector: ServiceModule<'inspector', typeof InspectorEvidenceSchema, never> = {
  id: 'inspector',
  labels: {
    title: 'Amazon Inspector',
    short: 'Inspector',
    column: 'Inspector',
    markerNames: ['inspector', 'amazon inspector'],
  },
  schema: InspectorEvidenceSchema,
  checks: [inspectorEnabled, inspectorScanTypes, inspectorCoverage],
  questions: [],
  needs: ['inventory'],
  delegatedAdministratorPrincipal: INSPECTOR_SERVICE_PRINCIPAL,
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: inspectorProse,
  offeredIn: INSPECTOR,
  gapKind: 'weaknesses',
  gapWords: /\b(?:inspector|misconfigurations?|vulnerabilit(?:y|ies)|data exposures?|exposed data)\b/i,
};
