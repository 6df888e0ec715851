/**
 * What the finding says of Amazon Inspector as a whole, beyond its checks' sentences: in an organization
 * scan, the organization's Inspector delegated administrator, which can manage Inspector for member
 * accounts (see services/inspector/collect.ts: the read names the administrator, it does not prove that a
 * member is associated with it, so the words say no more). Context, never a claim.
 */
import type { Result } from '../../evidence/schema.js';
import { allOf, name, prose, type Sentence, where } from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';
import { inspectorEnabled } from './checks/enabled.js';

export const inspectorProse: ServiceProse = {
  lead(ctx) {
    const byAdmin = new Map<string, Result[]>();
    const own = ctx.results(inspectorEnabled);
    for (const r of own.pass) {
      const admin = r.data.delegatedAdministrator;
      if (typeof admin === 'string') byAdmin.set(admin, [...(byAdmin.get(admin) ?? []), r]);
    }
    const out: Sentence[] = [];
    for (const [admin, g] of [...byAdmin].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.push(
        prose`Amazon Inspector was active in ${where(ctx, g, allOf(own))}; the organization's Inspector delegated administrator, which can manage it for member accounts, is account ${name(admin, 40)}.`,
      );
    }
    return out;
  },
};
