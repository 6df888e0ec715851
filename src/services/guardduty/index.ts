/**
 * Amazon GuardDuty: whether it watches every region, and with which protection plans.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { ServiceModule } from '../types.js';
import { guarddutyEnabled } from './checks/enabled.js';
import { guarddutyOrgAutoEnable } from './checks/org-auto-enable.js';
import { guarddutyProtectionPlans } from './checks/protection-plans.js';
import { guarddutyProse } from './prose.js';
import { GUARDDUTY_SERVICE_PRINCIPAL, GuardDutyEvidenceSchema } from './schema.js';

export const guardduty: ServiceModule<'guardduty', typeof GuardDutyEvidenceSchema, never> = {
  id: 'guardduty',
  labels: {
    title: 'Amazon GuardDuty',
    short: 'GuardDuty',
    column: 'GuardDuty',
    markerNames: ['guardduty', 'amazon guardduty'],
  },
  schema: GuardDutyEvidenceSchema,
  checks: [guarddutyEnabled, guarddutyProtectionPlans, guarddutyOrgAutoEnable],
  questions: [],
  needs: ['inventory'],
  delegatedAdministratorPrincipal: GUARDDUTY_SERVICE_PRINCIPAL,
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: guarddutyProse,
  gapKind: 'monitoring',
  gapWords:
    /\b(?:guardduty|monitoring|alert(?:s|ing)?|incident response|threat detection|intrusion detection|IDS)\b/i,
};
