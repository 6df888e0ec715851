/**
 * The default finding template (our own wording, same structure and ratings as the consultant's) and the
 * sentences behind its `{==AUTO==}` markers: what each service's gaps are, as typed document nodes.
 *
 * Rules the sentences follow: a region or resource is named as lacking something only when a `fail` result
 * says so (each such mention is claimed through `ctx.claim`); `unknown` results become review items, never
 * claims. Names from the account go in as `name(…)` (see prose.ts).
 */
import type { Result } from '../evidence/schema.js';
import { planName } from '../services/guardduty/plans.js';
import { scanTypeName } from '../services/inspector/scan-types.js';
import { ANSWERS, type Answers, isEnablementCheck, LABELS, type ServiceId } from '../services/registry.js';
import { WAF_KINDS } from '../services/waf/resource-kinds.js';
import { type Analysis, sortResults } from './analysis.js';
import {
  assertNever,
  bullets,
  type ContentBlock,
  type Inline,
  paragraph,
  plainText,
  text,
} from './document.js';
import {
  cap,
  type Item,
  join,
  list,
  name,
  type ProseContext,
  plural,
  prose,
  review,
  unique,
} from './prose.js';

export const DEFAULT_TEMPLATE_PATH = '<default template>';

export const DEFAULT_TEMPLATE = `---
category: CNF
cvss: TBA
---
### AWS Security Features Not Enabled
A review of the AWS environment showed that AWS services which help to harden it, find weaknesses in it, keep a record of activity and raise alerts about suspicious events were switched off or only partly set up. Each affected service is described below.

{==NOTE: Written by watchpost from the collected evidence. Go through every subsection with the client before issuing: a service may be off on purpose (cost, or another tool covering the same ground), in which case adjust or drop it.==}

{==CloudTrail==}
{==AUTO==}

{==SCREENSHOT==}

{==Trusted Advisor==}
{==AUTO==}

{==SCREENSHOT==}

{==Inspector==}
{==AUTO==}

{==SCREENSHOT==}

{==Macie==}
{==AUTO==}

{==SCREENSHOT==}

{==GuardDuty==}
{==AUTO==}

{==SCREENSHOT==}

{==WAF & Shield==}
{==AUTO==}

{==SCREENSHOT==}
#### Impact: Medium
{==OPTION[inspector:gap or macie:gap or trustedadvisor:gap]==}Misconfigurations, software vulnerabilities and exposed data that go unnoticed leave more of the environment open to attack and give an attacker weaknesses to exploit. {==OPTION[cloudtrail:gap or guardduty:gap]==}Gaps in logging, monitoring and alerting mean that a security incident may not be noticed or dealt with quickly. {==OPTION[waf:gap or shield:gap]==}Web applications without a web application firewall in front of them are easier for an attacker to probe for vulnerabilities.
#### Likelihood: Low
{==OPTION[inspector:gap or macie:gap or trustedadvisor:gap]==}Weaknesses and exposed data may stay unnoticed for some time, all the more so where security assessments are not carried out regularly. {==OPTION[cloudtrail:gap or guardduty:gap]==}The missing monitoring and alerting only matters once an incident happens. {==OPTION[waf:gap or shield:gap]==}Taking advantage of the missing web application firewall still requires a weakness in the application behind it.
#### Recommendation
Review the services listed above and enable and configure those that fit the organisation's risk profile. {==OPTION[cloudtrail:gap or guardduty:gap]==}Give priority to logging and alerting, starting with CloudTrail and GuardDuty. {==/OPTION==}Make sure that what these services report is monitored, reviewed and acted upon.

Most of these services are charged for. The organisation should weigh them periodically in a risk assessment and cost-benefit analysis, to decide whether the controls already in place are enough or whether the extra protection of a paid service is worth its cost.
`;

// ------------------------------------------------------------------------------------------------ helpers

interface Groups {
  pass: Result[];
  fail: Result[];
  unknown: Result[];
  na: Result[];
  /** Gaps the client accepted: never claimed here (compose/accepted.ts says what was accepted). */
  accepted: Result[];
}

function group(rs: readonly Result[], checkId: string): Groups {
  const g: Groups = { pass: [], fail: [], unknown: [], na: [], accepted: [] };
  for (const r of rs) {
    if (r.checkId !== checkId) continue;
    switch (r.status) {
      case 'pass':
        g.pass.push(r);
        break;
      case 'fail':
        g.fail.push(r);
        break;
      case 'unknown':
        g.unknown.push(r);
        break;
      case 'not_applicable':
        g.na.push(r);
        break;
      case 'accepted':
        g.accepted.push(r);
        break;
      default:
        assertNever(r.status);
    }
  }
  return g;
}

function stringList(v: Result['data'][string] | undefined): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
}

/**
 * Decisions only the consultant can make, given with `--answer KEY=VALUE` (the services' `questions`).
 * Without an answer the finding keeps the question highlighted (and --final refuses); with one, the
 * wording follows it.
 */
export { ANSWERS, type Answers };

function trails(ctx: ProseContext, rs: readonly Result[]): Inline[] {
  return prose`the ${text(rs.length === 1 ? 'trail' : 'trails')} ${list(ctx.resources(rs, false))}`;
}

/**
 * Groups results by the names (our words, or names from the account) each lists; the key is the names as
 * read, comma-separated (`distinct`: each name once).
 */
function byNames(rs: readonly Result[], names: (r: Result) => readonly Inline[], distinct: boolean) {
  const groups = new Map<string, { names: (readonly Inline[])[]; results: Result[] }>();
  for (const r of rs) {
    const n = distinct ? unique(names(r)) : names(r).map((x) => [x]);
    const key = n.map((x) => plainText(x)).join(', ');
    const g = groups.get(key) ?? { names: n, results: [] };
    g.results.push(r);
    groups.set(key, g);
  }
  return groups;
}

// ------------------------------------------------------------------------------------- service sentences

function cloudtrail(ctx: ProseContext): ContentBlock[] {
  const rs = ctx.a.forService('cloudtrail');
  const s: Inline[][] = [];
  const en = group(rs, 'cloudtrail.enabled');
  const offEverywhere = en.fail.length > 0 && en.pass.length === 0;
  if (en.fail.length > 0) {
    ctx.claim(en.fail);
    const f = ctx.regions(en.fail);
    s.push(
      offEverywhere
        ? prose`No CloudTrail trail was recording API activity in ${text(f.length === 1 ? 'the region' : `the ${f.length} regions`)} reviewed (${list(f)}), so actions taken in the account would leave no audit record there.`
        : prose`CloudTrail recorded API activity in ${list(ctx.regions(en.pass))}, but no logging trail covered ${list(f)}.`,
    );
  }
  const mr = group(rs, 'cloudtrail.multi-region');
  const me = group(rs, 'cloudtrail.management-events').fail;
  // With no trail recording anywhere, the first sentence already says there is no multi-region trail and
  // no management-event recording: those fails are named by it rather than by sentences of their own.
  if (offEverywhere) ctx.claim([...mr.fail, ...me]);
  if (mr.fail.length > 0 && !offEverywhere) {
    ctx.claim(mr.fail);
    s.push(
      prose`None of the logging trails was a multi-region trail, so regions without a trail of their own, including any enabled later, would not be recorded.`,
    );
  }
  const logging = group(rs, 'cloudtrail.logging').fail;
  if (logging.length > 0) {
    ctx.claim(logging);
    s.push(
      prose`${cap(trails(ctx, logging))} ${text(logging.length === 1 ? 'was' : 'were')} set up but not logging.`,
    );
  }
  if (me.length > 0 && !offEverywhere) {
    ctx.claim(me);
    s.push(prose`No multi-region logging trail recorded both read and write management events.`);
  }
  const val = group(rs, 'cloudtrail.log-validation').fail;
  if (val.length > 0) {
    ctx.claim(val);
    s.push(
      prose`Log file integrity validation was off for ${trails(ctx, val)}, so later changes to delivered log files could not be detected.`,
    );
  }
  const kms = group(rs, 'cloudtrail.kms-encryption').fail;
  if (kms.length > 0) {
    ctx.claim(kms);
    s.push(
      prose`${cap(trails(ctx, kms))} did not encrypt log files with a KMS key, leaving only the default S3-managed encryption.`,
    );
  }
  const cw = group(rs, 'cloudtrail.cloudwatch-logs').fail;
  if (cw.length > 0) {
    ctx.claim(cw);
    s.push(
      prose`${cap(trails(ctx, cw))} did not send events to CloudWatch Logs, which metric filters and alarms on API activity rely on.`,
    );
  }
  return s.length > 0 ? [paragraph(join(s))] : [];
}

function trustedadvisor(ctx: ProseContext): ContentBlock[] {
  const fails = group(ctx.a.forService('trustedadvisor'), 'trustedadvisor.security-checks').fail;
  if (fails.length === 0) return [];
  ctx.claim(fails);
  const names = sortResults(fails).map((r): Item => {
    const flagged =
      typeof r.data.resourcesFlagged === 'number'
        ? r.data.resourcesFlagged
        : ctx.a.taFlagged(r.accountId, r.resource ?? '');
    const check = name(ctx.a.resourceLabel(r) || r.detail, 80);
    return flagged !== null && flagged > 0 ? prose`${check} (${plural(flagged, 'item')} flagged)` : check;
  });
  const which = fails.length === 1 ? 'one of its security checks' : `${fails.length} of its security checks`;
  return [
    paragraph(
      prose`Trusted Advisor was available, but ${text(which)} reported items that had not been dealt with: ${list(names, 12)}.`,
    ),
  ];
}

function inspector(ctx: ProseContext): ContentBlock[] {
  const rs = ctx.a.forService('inspector');
  const s: Inline[][] = [];
  const en = group(rs, 'inspector.enabled');
  if (en.fail.length > 0) {
    ctx.claim(en.fail);
    const f = list(ctx.regions(en.fail));
    s.push(
      en.pass.length === 0
        ? prose`Amazon Inspector, which scans EC2 instances, container images and Lambda functions for known software vulnerabilities and unintended network exposure, was not active in ${f}.`
        : prose`Amazon Inspector was active in ${list(ctx.regions(en.pass))} but not in ${f}.`,
    );
  }
  const st = group(rs, 'inspector.scan-types').fail;
  const bySet = byNames(
    st,
    (r) =>
      (stringList(r.data.missingScanTypes) ?? []).map((t) => {
        const known = scanTypeName(t);
        return known !== undefined ? text(known) : name(t, 40);
      }),
    false,
  );
  for (const [key, g] of bySet) {
    ctx.claim(g.results);
    const types = key ? list(g.names) : [text('some scan types')];
    s.push(
      prose`In ${list(ctx.regions(g.results))}, Inspector was active but ${types} ${text(key.includes(',') ? 'were' : 'was')} switched off although workloads of that kind were running there.`,
    );
  }
  return s.length > 0 ? [paragraph(join(s))] : [];
}

function macie(ctx: ProseContext): ContentBlock[] {
  const en = group(ctx.a.forService('macie'), 'macie.enabled');
  if (en.fail.length === 0) return [];
  // The consultant established that no bucket may hold personal data: Macie is not worth a paragraph.
  if (ctx.answers['personal-data'] === 'no') return [];
  ctx.claim(en.fail);
  const paused = en.fail.filter(
    (r) => r.data.macieStatus === 'PAUSED' || r.data.status === 'PAUSED' || /paused/i.test(r.detail),
  );
  const off = en.fail.filter((r) => !paused.includes(r));
  const s: Inline[][] = [];
  if (off.length > 0) {
    const although = en.pass.length > 0 ? prose`, although it was in ${list(ctx.regions(en.pass))}` : [];
    s.push(
      prose`Amazon Macie, which looks for sensitive data in S3 buckets and flags buckets that are public or unencrypted, was not enabled in ${list(ctx.regions(off))}${although}.`,
    );
  }
  if (paused.length > 0) s.push(prose`Macie was paused in ${list(ctx.regions(paused))}.`);
  const buckets = sortResults(en.fail).flatMap(
    (r) => stringList(r.data.buckets) ?? ctx.a.bucketsIn(r.accountId, r.region),
  );
  if (buckets.length > 0) {
    s.push(
      prose`The account keeps data in S3 there (${plural(new Set(buckets).size, 'bucket')}: ${list(buckets.map((b) => name(b, 63)))}).`,
    );
  }
  const personal =
    ctx.answers['personal-data'] === 'yes'
      ? text('The client indicated that these buckets may hold personal or otherwise sensitive data.')
      : review(
          'question',
          prose`Could these buckets hold personal or otherwise sensitive data?`,
          prose`Ask the client: Macie earns its cost where buckets may hold personal data. If none can, drop this subsection (--answer personal-data=no); if some can, --answer personal-data=yes.`,
        );
  return [paragraph(join(s), text(' '), personal)];
}

function guardduty(ctx: ProseContext): ContentBlock[] {
  const rs = ctx.a.forService('guardduty');
  const s: Inline[][] = [];
  const en = group(rs, 'guardduty.enabled');
  const suspended = en.fail.filter((r) => r.data.suspended === true || /suspend/i.test(r.detail));
  const none = en.fail.filter((r) => !suspended.includes(r));
  if (none.length > 0) {
    ctx.claim(none);
    const f = ctx.regions(none);
    if (en.pass.length === 0 && en.unknown.length === 0 && suspended.length === 0) {
      s.push(
        prose`Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in any of the ${plural(f.length, 'region')} reviewed (${list(f)}).`,
      );
    } else if (en.pass.length === 0) {
      s.push(
        prose`Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in ${list(f)}.`,
      );
    } else {
      s.push(
        prose`GuardDuty was enabled in ${list(ctx.regions(en.pass))} but not in ${list(f)}. AWS advises running it in every enabled region, unused ones included, where unwanted activity would otherwise go unseen.`,
      );
    }
  }
  if (suspended.length > 0) {
    ctx.claim(suspended);
    s.push(
      prose`The GuardDuty detector was suspended in ${list(ctx.regions(suspended))}, so no threat detection took place there.`,
    );
  }
  const plans = group(rs, 'guardduty.protection-plans').fail;
  const bySet = byNames(
    plans,
    (r) =>
      (stringList(r.data.disabledPlans) ?? []).map((p) => {
        const known = planName(p);
        return known !== undefined ? text(known) : name(p, 40);
      }),
    true,
  );
  for (const [key, g] of bySet) {
    ctx.claim(g.results);
    const turnedOff = key ? list(g.names) : [text('some protection plans')];
    s.push(prose`In ${list(ctx.regions(g.results))}, GuardDuty ran with ${turnedOff} turned off.`);
  }
  return s.length > 0 ? [paragraph(join(s))] : [];
}

function waf(ctx: ProseContext): ContentBlock[] {
  const rs = ctx.a.forService('waf');
  const fails = rs.filter((r) => r.status === 'fail');
  if (fails.length === 0) return [];
  const passes = rs.filter((r) => r.status === 'pass');
  const items: Inline[][] = [];
  for (const [id, label] of WAF_KINDS) {
    const f = fails.filter((r) => r.checkId === id && r.resource !== null);
    if (f.length === 0) continue;
    ctx.claim(f);
    items.push(prose`${text(label)}: ${list(ctx.resources(f), 15)}`);
  }
  const other = fails.filter((r) => !WAF_KINDS.some(([id]) => id === r.checkId) || r.resource === null);
  if (other.length > 0) {
    ctx.claim(other);
    items.push(
      prose`other: ${list(other.map((r) => name(r.resource ?? `${r.checkId} in ${ctx.a.regionLabel(r)}`, 80)))}`,
    );
  }
  const lead =
    passes.length === 0
      ? prose`None of the internet-facing resources that AWS WAF can protect had a web ACL associated with it:`
      : prose`AWS WAF protected ${plural(passes.length, 'internet-facing resource')}, but ${plural(fails.length, 'other')} had no web ACL associated with ${text(fails.length === 1 ? 'it' : 'them')}:`;
  return [paragraph(lead), bullets(items)];
}

function shield(ctx: ProseContext): ContentBlock[] {
  const fails = group(ctx.a.forService('shield'), 'shield.advanced').fail;
  if (fails.length === 0) return [];
  if (ctx.answers['shield-advanced'] === 'drop') return [];
  ctx.claim(fails);
  const option = prose`Shield Advanced could be considered for the most exposed resources, for tailored DDoS detection, cost protection during attacks and access to the AWS Shield Response Team.`;
  return [
    paragraph(
      prose`No AWS Shield Advanced subscription was active, so the internet-facing resources had only the automatic Shield Standard protection against DDoS attacks. `,
      ctx.answers['shield-advanced'] === 'keep'
        ? option
        : review(
            'option',
            option,
            prose`Shield Advanced has a high monthly fee and a one-year commitment: keep this only if the client’s exposure justifies it (--answer shield-advanced=keep or =drop).`,
          ),
    ),
  ];
}

/** The paragraphs describing one service's proven gaps (none when it has none). */
export function serviceGapText(ctx: ProseContext, service: ServiceId): ContentBlock[] {
  switch (service) {
    case 'cloudtrail':
      return cloudtrail(ctx);
    case 'trustedadvisor':
      return trustedadvisor(ctx);
    case 'inspector':
      return inspector(ctx);
    case 'macie':
      return macie(ctx);
    case 'guardduty':
      return guardduty(ctx);
    case 'waf':
      return waf(ctx);
    case 'shield':
      return shield(ctx);
    default:
      return assertNever(service);
  }
}

// ------------------------------------------------------------------------------------------- unknowns

function whyUnknown(r: Result): Inline[] {
  const c = r.cause;
  if (!c)
    return prose`The check could not reach a verdict: verify this by hand. Nothing is claimed about it.`;
  const code = name(c.code, 60);
  const action = name(c.action, 80);
  switch (c.kind) {
    case 'subscription-required':
      return prose`The Support API answered ${code}: it needs a Business, Enterprise On-Ramp or Enterprise support plan. Review the security checks in the Trusted Advisor console by hand and record what they show; nothing is claimed here.`;
    case 'access-denied':
      return prose`Access to ${action} was denied (${code}). Check this by hand in the console or re-run with that permission; nothing is claimed here.`;
    case 'not-collected':
      return prose`The scan stopped before this was read. Re-run the scan; nothing is claimed here.`;
    case 'region-disabled':
      return prose`The region could not be scanned (${code}). Confirm whether it is in use; nothing is claimed here.`;
    default:
      return prose`${action} failed (${code}, ${name(c.kind, 20)}). Re-run the scan or check by hand; nothing is claimed here.`;
  }
}

/** Review items for a service's unknown results, grouped by cause: one paragraph per group. */
export function unknownReviews(a: Analysis, service: ServiceId): ContentBlock[] {
  const rs = sortResults(a.forService(service).filter((r) => r.status === 'unknown'));
  const groups = new Map<string, Result[]>();
  for (const r of rs) {
    const key = `${r.cause?.kind}|${r.cause?.code}|${r.cause?.action}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: ContentBlock[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    const checks = [...new Set(g.map((r) => r.checkId))].join(', ');
    const where = unique(
      g.map((r) =>
        r.resource !== null
          ? r.region === 'global'
            ? [name(a.resourceLabel(r), 80)]
            : prose`${name(a.resourceLabel(r), 80)} (${name(a.regionLabel(r))})`
          : [name(a.regionLabel(r))],
      ),
    );
    const scope =
      service === 'trustedadvisor' && first.cause?.kind === 'subscription-required'
        ? prose`could not be read through the API`
        : where.length === 1 && plainText(where[0]!) === 'global'
          ? prose`could not be assessed` // an account-wide check: "for global" says nothing
          : prose`could not be assessed for ${list(where)}`;
    out.push(
      paragraph(
        review(
          'unknown',
          prose`${text(LABELS[service].title)} ${scope} (${text(checks)}).`,
          whyUnknown(first),
        ),
      ),
    );
  }
  return out;
}

/** A short plain summary of a service's failing checks, for a comment next to a user's own wording. */
export function failSummary(a: Analysis, service: ServiceId): Inline[] {
  const fails = sortResults(a.forService(service).filter((r) => r.status === 'fail'));
  const byCheck = new Map<string, Inline[]>();
  for (const r of fails) {
    const where = r.resource !== null ? name(a.resourceLabel(r), 60) : name(a.regionLabel(r));
    byCheck.set(r.checkId, [...(byCheck.get(r.checkId) ?? []), where]);
  }
  const parts = [...byCheck].map(([id, where]) => prose`${text(id)} fails for ${list(where, 5)}`);
  const enabled = a
    .forService(service)
    .some((r) => isEnablementCheck(service, r.checkId) && r.status === 'pass');
  const title = LABELS[service].title;
  const lead = enabled ? `${title} is on somewhere` : title;
  return prose`watchpost found: ${text(lead)}; ${join(parts, '; ')}. Check that the wording here matches.`;
}
