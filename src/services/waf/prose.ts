/**
 * What the finding says of AWS WAF: a lead sentence, then one item per kind of resource left without a web
 * ACL, each written by its check (`unprotected`).
 */
import type { CheckProse } from '../../checks/types.js';
import { bullets, paragraph, text } from '../../finding/document.js';
import { list, plural, prose } from '../../finding/prose.js';
import type { ServiceProse } from '../types.js';

/** A check's item in WAF's list: "<kind>: <the resources without a web ACL>". */
export function unprotected(kind: string): CheckProse {
  return {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [prose`${text(kind)}: ${list(ctx.resources(fails), 15)}`];
    },
  };
}

export const wafProse: ServiceProse = {
  arrange(ctx, items) {
    const rs = ctx.a.forService('waf');
    const fails = rs.filter((r) => r.status === 'fail').length;
    const passes = rs.filter((r) => r.status === 'pass').length;
    const lead =
      passes === 0
        ? prose`None of the internet-facing resources that AWS WAF can protect had a web ACL associated with it:`
        : prose`AWS WAF protected ${plural(passes, 'internet-facing resource')}, but ${plural(fails, 'other')} had no web ACL associated with ${text(fails === 1 ? 'it' : 'them')}:`;
    return [paragraph(lead), bullets(items)];
  },
};
