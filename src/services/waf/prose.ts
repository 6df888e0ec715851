/**
 * What the finding says of AWS WAF: a lead sentence, then one item per kind of resource left without a web
 * ACL that can block, each written by its check (`unprotected`): the resources with no web ACL, then those
 * whose web ACL cannot block requests, grouped by web ACL, with why.
 */
import type { CheckProse } from '../../checks/types.js';
import type { Result } from '../../evidence/schema.js';
import { bullets, type Inline, paragraph, text } from '../../finding/document.js';
import { join, list, name, plural, prose } from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';
import { OWN_CAUSES } from './web-acl.js';

/** A fail whose resource has a web ACL that cannot block (its check put `webAclProblem` in the data). */
export function cannotBlock(r: Result): boolean {
  return typeof r.data.webAclProblem === 'string';
}

const WHY: Record<string, string> = {
  'no-rules': 'has no rules and lets every request through by default',
  'count-only': 'only counts or allows requests and lets every other request through by default',
};

/** A check's item in WAF's list: "<kind>: <the resources without a web ACL that can block>". */
export function unprotected(kind: string): CheckProse {
  return {
    fail(ctx, fails) {
      ctx.claim(fails);
      const parts: Inline[][] = [];
      const none = fails.filter((r) => !cannotBlock(r));
      if (none.length > 0) parts.push(list(ctx.resources(none), 15));
      const groups = new Map<string, Result[]>();
      for (const r of fails.filter(cannotBlock)) {
        const key = `${String(r.data.webAclName ?? '')}|${String(r.data.webAclProblem)}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      for (const rs of groups.values()) {
        const first = rs[0]!;
        const acl = String(first.data.webAclName ?? first.data.webAclArn ?? '');
        const why = WHY[String(first.data.webAclProblem)] ?? 'cannot block requests';
        parts.push(prose`${list(ctx.resources(rs), 15)}, whose web ACL ${name(acl)} ${text(why)}`);
      }
      return [prose`${text(kind)}: ${join(parts, '; ')}`];
    },
    unknown(unknowns) {
      const code = unknowns[0]?.cause?.code ?? '';
      if (!OWN_CAUSES.has(code)) return undefined;
      return {
        why:
          code === 'WafClassicWebAcl'
            ? prose`The web ACL is an AWS WAF Classic one, which watchpost does not read: check its rules by hand (AWS WAF Classic is retired; migrating to AWS WAF is advised). Nothing is claimed here.`
            : prose`The web ACL lets requests through by default and its rule groups have some rules overridden, so whether any rule still blocks cannot be told from the web ACL: check the rule groups by hand. Nothing is claimed here.`,
      };
    },
  };
}

export const wafProse: ServiceProse = {
  arrange(ctx, items) {
    // waf.logging (last in the checks) speaks in a paragraph of its own, after the list of resources.
    const logging = ctx.a.forService('waf').some((r) => r.checkId === 'waf.logging' && r.status === 'fail');
    const protection = logging ? items.slice(0, -1) : items;
    const after = logging ? [paragraph(items[items.length - 1]!)] : [];
    const rs = ctx.a.forService('waf').filter((r) => r.checkId !== 'waf.logging');
    const fails = rs.filter((r) => r.status === 'fail');
    if (protection.length === 0) return after;
    const passes = rs.filter((r) => r.status === 'pass').length;
    const weak = fails.some(cannotBlock);
    const lead = weak
      ? passes === 0
        ? prose`None of the internet-facing resources that AWS WAF can protect had a web ACL that can block requests:`
        : prose`AWS WAF protected ${plural(passes, 'internet-facing resource')}, but ${plural(fails.length, 'other')} had no web ACL that can block requests:`
      : passes === 0
        ? prose`None of the internet-facing resources that AWS WAF can protect had a web ACL associated with it:`
        : prose`AWS WAF protected ${plural(passes, 'internet-facing resource')}, but ${plural(fails.length, 'other')} had no web ACL associated with ${text(fails.length === 1 ? 'it' : 'them')}:`;
    return [paragraph(lead), bullets(protection), ...after];
  },
};
