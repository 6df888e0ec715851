/**
 * AWS WAF: whether each internet-facing resource it can protect has a web ACL.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { ServiceModule } from '../types.js';
import { wafAlb } from './checks/alb.js';
import { wafApiGateway } from './checks/api-gateway.js';
import { wafAppSync } from './checks/appsync.js';
import { wafCloudFront } from './checks/cloudfront.js';
import { wafCognito } from './checks/cognito.js';
import { WafEvidenceSchema } from './schema.js';

export const waf: ServiceModule<'waf', typeof WafEvidenceSchema, never> = {
  id: 'waf',
  labels: {
    title: 'AWS WAF',
    short: 'WAF',
    column: 'WAF',
    markerNames: ['waf', 'aws waf'],
  },
  schema: WafEvidenceSchema,
  checks: [wafApiGateway, wafAlb, wafCloudFront, wafAppSync, wafCognito],
  questions: [],
  needs: [],
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
};
