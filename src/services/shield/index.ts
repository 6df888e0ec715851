/**
 * AWS Shield: whether the account subscribes to Shield Advanced where it has internet-facing resources and,
 * when it does, how the subscription is used (protections, automatic application-layer mitigation, proactive
 * engagement, renewal). The service module: no AWS SDK here (the collector and the operations load it, lazily).
 */

import type { Question, ServiceModule } from '../types.js';
import { shieldAdvanced } from './checks/advanced.js';
import { shieldAppLayerMitigation } from './checks/app-layer-mitigation.js';
import { shieldAutoRenew } from './checks/auto-renew.js';
import { shieldProactiveEngagement } from './checks/proactive-engagement.js';
import { shieldProtections } from './checks/protections.js';
import { shieldProse } from './prose.js';
import { type ShieldEvidence, ShieldEvidenceSchema } from './schema.js';

/** How the finding names what only Shield's evidence lists: Elastic IPs, accelerators, hosted zones. */
function* resourceLabels(shield: ShieldEvidence): Iterable<readonly [string, string]> {
  const adv = shield.ok ? shield.value.advanced : undefined;
  if (!adv) return;
  for (const r of Object.values(adv.elasticIps)) {
    if (r.ok) for (const a of r.value.addresses) yield [a.arn, `Elastic IP ${a.publicIp ?? a.allocationId}`];
  }
  if (adv.accelerators?.ok)
    for (const a of adv.accelerators.value.accelerators) yield [a.arn, `accelerator ${a.name}`];
  if (adv.hostedZones.ok) for (const z of adv.hostedZones.value.zones) yield [z.arn, `hosted zone ${z.name}`];
}

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
  checks: [
    shieldAdvanced,
    shieldProtections,
    shieldAppLayerMitigation,
    shieldProactiveEngagement,
    shieldAutoRenew,
  ],
  questions: QUESTIONS,
  needs: [],
  collector: async () => (await import('./collect.js')).collect,
  operations: async () => Object.values((await import('./operations.js')).OPS),
  prose: shieldProse,
  // Not kept for the finding of an organization scan (as before): there, resources only Shield's evidence
  // lists (Elastic IPs, accelerators, hosted zones) are named by their ARNs.
  resourceLabels,
  gapKind: 'web',
  gapWords: /\b(?:shield|DDoS|denial of service)\b/i,
};
