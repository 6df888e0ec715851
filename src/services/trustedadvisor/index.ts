/**
 * AWS Trusted Advisor (through the Trusted Advisor API, else the AWS Support API): whether its security checks
 * report items left unattended.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { ServiceModule } from '../types.js';
import { trustedAdvisorSecurityChecks } from './checks/security-checks.js';
import { TrustedAdvisorEvidenceSchema } from './schema.js';

export const trustedadvisor: ServiceModule<'trustedadvisor', typeof TrustedAdvisorEvidenceSchema, never> = {
  id: 'trustedadvisor',
  labels: {
    title: 'Trusted Advisor',
    short: 'Trusted Advisor',
    column: 'TrustedAdv',
    markerNames: ['trusted advisor', 'aws trusted advisor', 'trustedadvisor'],
  },
  schema: TrustedAdvisorEvidenceSchema,
  checks: [trustedAdvisorSecurityChecks],
  questions: [],
  needs: [],
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  // The finding lists flagged checks with their counts.
  keepForFinding: (e) => e,
  resourcesAreChecks: true,
  gapKind: 'weaknesses',
  gapWords: /\b(?:trusted advisor|misconfigurations?|vulnerabilit(?:y|ies)|data exposures?|exposed data)\b/i,
};
