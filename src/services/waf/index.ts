/**
 * AWS WAF: whether each internet-facing resource it can protect has a web ACL.
 * The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { ServiceModule } from '../types.js';
import { wafAlb } from './checks/alb.js';
import { wafAmplify } from './checks/amplify.js';
import { wafApiGateway } from './checks/api-gateway.js';
import { wafAppRunner } from './checks/app-runner.js';
import { wafAppSync } from './checks/appsync.js';
import { wafCloudFront } from './checks/cloudfront.js';
import { wafCognito } from './checks/cognito.js';
import { wafLogging } from './checks/logging.js';
import { wafVerifiedAccess } from './checks/verified-access.js';
import { wafProse } from './prose.js';
import { type WafEvidence, WafEvidenceSchema } from './schema.js';
import { webAclRefs } from './web-acl.js';

/** The names of the resources WAF's checks judge, by the id or ARN their results give. */
function* resourceLabels(waf: WafEvidence): Iterable<readonly [string, string]> {
  for (const r of Object.values(waf.restApis)) {
    if (!r.ok) continue;
    for (const api of r.value.apis) {
      yield [api.id, `REST API ${api.name}`];
      if (api.stages.ok)
        for (const st of api.stages.value) yield [st.arn, `${api.name} stage ${st.stageName}`];
    }
  }
  for (const r of Object.values(waf.loadBalancers)) {
    if (r.ok) for (const lb of r.value.loadBalancers) yield [lb.arn, lb.name];
  }
  if (waf.cloudFront.ok) {
    for (const d of waf.cloudFront.value.distributions) {
      const label = `${d.id} (${d.aliases[0] ?? d.domainName})`;
      yield [d.arn, label];
      yield [d.id, label];
    }
  }
  for (const r of Object.values(waf.appSync)) {
    if (r.ok) for (const api of r.value.apis) yield [api.arn, api.name];
  }
  for (const r of Object.values(waf.cognito)) {
    if (r.ok) for (const p of r.value.userPools) yield [p.arn, p.name];
  }
  for (const r of Object.values(waf.appRunner ?? {})) {
    if (r.ok) for (const svc of r.value.services) yield [svc.arn, svc.name];
  }
  for (const r of Object.values(waf.amplify ?? {})) {
    if (r.ok) for (const app of r.value.apps) yield [app.arn, app.name];
  }
  for (const r of Object.values(waf.verifiedAccess ?? {})) {
    if (r.ok) for (const i of r.value.instances) yield [i.arn, i.name];
  }
  for (const ref of webAclRefs(waf)) yield [ref.arn, `web ACL ${ref.name}`];
}

export const waf: ServiceModule<'waf', typeof WafEvidenceSchema, never> = {
  id: 'waf',
  labels: {
    title: 'AWS WAF',
    short: 'WAF',
    column: 'WAF',
    markerNames: ['waf', 'aws waf'],
  },
  schema: WafEvidenceSchema,
  checks: [
    wafApiGateway,
    wafAlb,
    wafCloudFront,
    wafAppSync,
    wafCognito,
    wafAppRunner,
    wafAmplify,
    wafVerifiedAccess,
    wafLogging,
  ],
  questions: [],
  needs: [],
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: wafProse,
  resourceLabels,
  // The finding names the resources; its listings are small.
  keepForFinding: (e) => e,
  facts: [
    {
      // Some resource AWS WAF could protect was found (whether protected or not, or not known).
      name: 'web:exposed',
      holds: (_, results) => results.some((r) => r.resource !== null && r.status !== 'not_applicable'),
    },
  ],
  gapKind: 'web',
  gapWords: /\b(?:WAF|web application firewalls?|web applications?|web ACLs?|internet-facing)\b/i,
};
