/**
 * What the finding says of Amazon GuardDuty as a whole, beyond its checks' sentences: who manages the
 * detectors of a member account (GetAdministratorAccount), and where a member's relationship with its
 * administrator is not "Enabled", so the administrator does not watch it. Context for the reader, never a
 * claim: these sentences name passes only (the verdict follows the member's own detector). And which S3
 * buckets a Malware Protection for S3 plan protects (informational: which buckets receive untrusted
 * uploads, the ones AWS recommends it for, is not something watchpost can see, so it is never a gap).
 */
import type { Result } from '../../evidence/schema.js';
import { paragraph } from '../../finding/document.js';
import {
  accountLabel,
  allOf,
  dataStrings,
  join,
  list,
  name,
  prose,
  where as regionsOf,
  type Sentence,
} from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';
import { guarddutyEnabled, LINKED } from './checks/enabled.js';
import { guarddutyProtectionPlans } from './checks/protection-plans.js';

export const guarddutyProse: ServiceProse = {
  lead(ctx) {
    const groups = new Map<string, Result[]>();
    const own = ctx.results(guarddutyEnabled);
    for (const r of own.pass) {
      const admin = r.data.administratorAccount;
      if (typeof admin !== 'string') continue;
      const rel =
        typeof r.data.administratorRelationship === 'string' ? r.data.administratorRelationship : '';
      const key = `${admin}\u0000${rel}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const unlinked: Sentence[] = [];
    const managed: Sentence[] = [];
    for (const [key, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const [admin = '', rel = ''] = key.split('\u0000');
      const where = regionsOf(ctx, g, allOf(own));
      if (rel.toUpperCase() === LINKED) {
        managed.push(prose`GuardDuty in ${where} was managed by administrator account ${name(admin, 40)}.`);
      } else if (rel !== '') {
        unlinked.push(
          prose`In ${where}, GuardDuty was enabled but its relationship with administrator account ${name(admin, 40)} was ${name(rel, 40)}, so that account neither managed the detector nor received its findings: what GuardDuty detects there reaches only the account itself.`,
        );
      }
    }
    return [...unlinked, ...managed];
  },
  // After the gaps, as context: which buckets Malware Protection for S3 watches.
  arrange(ctx, sentences) {
    const own = ctx.results(guarddutyProtectionPlans);
    const protectedBuckets = [...own.pass, ...own.fail, ...own.unknown].flatMap((r) =>
      (dataStrings(r.data.malwareProtectedBuckets) ?? []).map((b) =>
        ctx.a.multiAccount
          ? prose`${name(b, 63)} (${name(r.region)}, account ${accountLabel(ctx.a, r.accountId)})`
          : prose`${name(b, 63)} (${ctx.regions([r])})`,
      ),
    );
    const malware =
      protectedBuckets.length > 0
        ? [
            prose`GuardDuty Malware Protection for S3 scanned the objects uploaded to ${list(protectedBuckets)} for malware.`,
          ]
        : [];
    return [paragraph(join([...sentences, ...malware]))];
  },
};
