/**
 * The default finding template (our own wording, same structure and ratings as the consultant's) and the
 * composition logic behind its `{==AUTO==}` markers: the sentences that describe each service's gaps.
 *
 * Rules the sentences follow: a region or resource is named as lacking something only when a `fail` result
 * says so (each such mention is recorded as a Claim); `unknown` results become review items, never claims.
 */
import { compareRegions } from '../evidence/regions.js';
import type { Result } from '../evidence/schema.js';
import { planName } from '../services/guardduty/plans.js';
import { scanTypeName } from '../services/inspector/scan-types.js';
import { ANSWERS, type Answers, isEnablementCheck, LABELS, type ServiceId } from '../services/registry.js';
import { WAF_KINDS } from '../services/waf/resource-kinds.js';
import type { Analysis } from './analysis.js';
import { escapeMarkdownInline as esc } from './escape.js';
import { type Claim, Out } from './out.js';

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

const MAX_LISTED = 8;

/** "a", "a and b", "a, b and c", "a, b, … and 5 more" (items already escaped). */
export function list(items: readonly string[], max = MAX_LISTED): string {
  const uniq = [...new Set(items)];
  if (uniq.length <= 1) return uniq[0] ?? '';
  if (uniq.length > max) return `${uniq.slice(0, max).join(', ')} and ${uniq.length - max} more`;
  return `${uniq.slice(0, -1).join(', ')} and ${uniq[uniq.length - 1]}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface Groups {
  pass: Result[];
  fail: Result[];
  unknown: Result[];
  na: Result[];
}

function group(rs: readonly Result[], checkId: string): Groups {
  const g: Groups = { pass: [], fail: [], unknown: [], na: [] };
  for (const r of rs) {
    if (r.checkId !== checkId) continue;
    if (r.status === 'not_applicable') g.na.push(r);
    else g[r.status].push(r);
  }
  return g;
}

function sortResults(rs: readonly Result[]): Result[] {
  return [...rs].sort(
    (x, y) =>
      (x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0) ||
      compareRegions(x.region, y.region) ||
      ((x.resource ?? '') < (y.resource ?? '') ? -1 : (x.resource ?? '') > (y.resource ?? '') ? 1 : 0),
  );
}

function stringList(v: Result['data'][string] | undefined): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
}

/** Composition state shared by the sentences of one finding. */
export interface Writer {
  a: Analysis;
  claims: Claim[];
  answers: Answers;
}

/**
 * Decisions only the consultant can make, given with `--answer KEY=VALUE` (the services' `questions`).
 * Without an answer the finding keeps the question highlighted (and --final refuses); with one, the
 * wording follows it.
 */
export { ANSWERS, type Answers };

function claim(w: Writer, rs: readonly Result[]): void {
  for (const r of rs) {
    if (r.status !== 'fail') throw new Error(`internal: claim on a ${r.status} result (${r.checkId})`);
    w.claims.push({ checkId: r.checkId, accountId: r.accountId, region: r.region, resource: r.resource });
  }
}

/** Escaped region labels of results, in order, de-duplicated. */
function regions(w: Writer, rs: readonly Result[]): string[] {
  return [...new Set(sortResults(rs).map((r) => esc(w.a.regionLabel(r))))];
}

/** Escaped resource labels ("name (region)" for regional resources). */
function resources(w: Writer, rs: readonly Result[], withRegion = true): string[] {
  return sortResults(rs).map((r) => {
    const name = esc(w.a.resourceLabel(r), 80);
    return withRegion && r.region !== 'global' ? `${name} (${esc(w.a.regionLabel(r))})` : name;
  });
}

function trails(w: Writer, rs: readonly Result[]): string {
  return `the ${rs.length === 1 ? 'trail' : 'trails'} ${list(resources(w, rs, false))}`;
}

// ------------------------------------------------------------------------------------- service sentences

function cloudtrail(w: Writer): string[] {
  const rs = w.a.forService('cloudtrail');
  const s: string[] = [];
  const en = group(rs, 'cloudtrail.enabled');
  const offEverywhere = en.fail.length > 0 && en.pass.length === 0;
  if (en.fail.length > 0) {
    claim(w, en.fail);
    const f = regions(w, en.fail);
    s.push(
      offEverywhere
        ? `No CloudTrail trail was recording API activity in ${f.length === 1 ? 'the region' : `the ${f.length} regions`} reviewed (${list(f)}), so actions taken in the account would leave no audit record there.`
        : `CloudTrail recorded API activity in ${list(regions(w, en.pass))}, but no logging trail covered ${list(f)}.`,
    );
  }
  const mr = group(rs, 'cloudtrail.multi-region');
  const me = group(rs, 'cloudtrail.management-events').fail;
  // With no trail recording anywhere, the first sentence already says there is no multi-region trail and
  // no management-event recording: those fails are named by it rather than by sentences of their own.
  if (offEverywhere) claim(w, [...mr.fail, ...me]);
  if (mr.fail.length > 0 && !offEverywhere) {
    claim(w, mr.fail);
    s.push(
      'None of the logging trails was a multi-region trail, so regions without a trail of their own, including any enabled later, would not be recorded.',
    );
  }
  const logging = group(rs, 'cloudtrail.logging').fail;
  if (logging.length > 0) {
    claim(w, logging);
    s.push(`${cap(trails(w, logging))} ${logging.length === 1 ? 'was' : 'were'} set up but not logging.`);
  }
  if (me.length > 0 && !offEverywhere) {
    claim(w, me);
    s.push('No multi-region logging trail recorded both read and write management events.');
  }
  const val = group(rs, 'cloudtrail.log-validation').fail;
  if (val.length > 0) {
    claim(w, val);
    s.push(
      `Log file integrity validation was off for ${trails(w, val)}, so later changes to delivered log files could not be detected.`,
    );
  }
  const kms = group(rs, 'cloudtrail.kms-encryption').fail;
  if (kms.length > 0) {
    claim(w, kms);
    s.push(
      `${cap(trails(w, kms))} did not encrypt log files with a KMS key, leaving only the default S3-managed encryption.`,
    );
  }
  const cw = group(rs, 'cloudtrail.cloudwatch-logs').fail;
  if (cw.length > 0) {
    claim(w, cw);
    s.push(
      `${cap(trails(w, cw))} did not send events to CloudWatch Logs, which metric filters and alarms on API activity rely on.`,
    );
  }
  return s.length > 0 ? [s.join(' ')] : [];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function trustedadvisor(w: Writer): string[] {
  const fails = group(w.a.forService('trustedadvisor'), 'trustedadvisor.security-checks').fail;
  if (fails.length === 0) return [];
  claim(w, fails);
  const names = sortResults(fails).map((r) => {
    const flagged =
      typeof r.data.resourcesFlagged === 'number'
        ? r.data.resourcesFlagged
        : w.a.taFlagged(r.accountId, r.resource ?? '');
    const name = esc(w.a.resourceLabel(r) || r.detail, 80);
    return flagged !== null && flagged > 0 ? `${name} (${plural(flagged, 'item')} flagged)` : name;
  });
  return [
    `Trusted Advisor was available, but ${fails.length === 1 ? 'one of its security checks' : `${fails.length} of its security checks`} reported items that had not been dealt with: ${list(names, 12)}.`,
  ];
}

function inspector(w: Writer): string[] {
  const rs = w.a.forService('inspector');
  const s: string[] = [];
  const en = group(rs, 'inspector.enabled');
  if (en.fail.length > 0) {
    claim(w, en.fail);
    const f = list(regions(w, en.fail));
    s.push(
      en.pass.length === 0
        ? `Amazon Inspector, which scans EC2 instances, container images and Lambda functions for known software vulnerabilities and unintended network exposure, was not active in ${f}.`
        : `Amazon Inspector was active in ${list(regions(w, en.pass))} but not in ${f}.`,
    );
  }
  const st = group(rs, 'inspector.scan-types').fail;
  const bySet = new Map<string, Result[]>();
  for (const r of st) {
    const types = stringList(r.data.missingScanTypes) ?? [];
    const key = types.map((t) => scanTypeName(t) ?? esc(t, 40)).join(', ');
    bySet.set(key, [...(bySet.get(key) ?? []), r]);
  }
  for (const [key, group_] of bySet) {
    claim(w, group_);
    const types = key ? list(key.split(', ')) : 'some scan types';
    s.push(
      `In ${list(regions(w, group_))}, Inspector was active but ${types} ${key.includes(',') ? 'were' : 'was'} switched off although workloads of that kind were running there.`,
    );
  }
  return s.length > 0 ? [s.join(' ')] : [];
}

function macie(w: Writer): Out | null {
  const en = group(w.a.forService('macie'), 'macie.enabled');
  if (en.fail.length === 0) return null;
  // The consultant established that no bucket may hold personal data: Macie is not worth a paragraph.
  if (w.answers['personal-data'] === 'no') return null;
  claim(w, en.fail);
  const paused = en.fail.filter(
    (r) => r.data.macieStatus === 'PAUSED' || r.data.status === 'PAUSED' || /paused/i.test(r.detail),
  );
  const off = en.fail.filter((r) => !paused.includes(r));
  const s: string[] = [];
  if (off.length > 0) {
    s.push(
      `Amazon Macie, which looks for sensitive data in S3 buckets and flags buckets that are public or unencrypted, was not enabled in ${list(regions(w, off))}${en.pass.length > 0 ? `, although it was in ${list(regions(w, en.pass))}` : ''}.`,
    );
  }
  if (paused.length > 0) s.push(`Macie was paused in ${list(regions(w, paused))}.`);
  const buckets = sortResults(en.fail).flatMap(
    (r) => stringList(r.data.buckets) ?? w.a.bucketsIn(r.accountId, r.region),
  );
  if (buckets.length > 0) {
    s.push(
      `The account keeps data in S3 there (${plural(new Set(buckets).size, 'bucket')}: ${list(buckets.map((b) => esc(b, 63)))}).`,
    );
  }
  const out = new Out().add(s.join(' ')).add(' ');
  if (w.answers['personal-data'] === 'yes') {
    out.add('The client indicated that these buckets may hold personal or otherwise sensitive data.');
  } else {
    out.review(
      'question',
      'Could these buckets hold personal or otherwise sensitive data?',
      'Ask the client: Macie earns its cost where buckets may hold personal data. If none can, drop this subsection (--answer personal-data=no); if some can, --answer personal-data=yes.',
    );
  }
  return out;
}

function guardduty(w: Writer): string[] {
  const rs = w.a.forService('guardduty');
  const s: string[] = [];
  const en = group(rs, 'guardduty.enabled');
  const suspended = en.fail.filter((r) => r.data.suspended === true || /suspend/i.test(r.detail));
  const none = en.fail.filter((r) => !suspended.includes(r));
  if (none.length > 0) {
    claim(w, none);
    const f = regions(w, none);
    if (en.pass.length === 0 && en.unknown.length === 0 && suspended.length === 0) {
      s.push(
        `Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in any of the ${plural(f.length, 'region')} reviewed (${list(f)}).`,
      );
    } else if (en.pass.length === 0) {
      s.push(
        `Amazon GuardDuty, which analyses API activity, network flow logs and DNS queries for signs of compromise, was not enabled in ${list(f)}.`,
      );
    } else {
      s.push(
        `GuardDuty was enabled in ${list(regions(w, en.pass))} but not in ${list(f)}. AWS advises running it in every enabled region, unused ones included, where unwanted activity would otherwise go unseen.`,
      );
    }
  }
  if (suspended.length > 0) {
    claim(w, suspended);
    s.push(
      `The GuardDuty detector was suspended in ${list(regions(w, suspended))}, so no threat detection took place there.`,
    );
  }
  const plans = group(rs, 'guardduty.protection-plans').fail;
  const bySet = new Map<string, Result[]>();
  for (const r of plans) {
    const names = (stringList(r.data.disabledPlans) ?? []).map((p) => planName(p) ?? esc(p, 40));
    const key = [...new Set(names)].join(', ');
    bySet.set(key, [...(bySet.get(key) ?? []), r]);
  }
  for (const [key, g] of bySet) {
    claim(w, g);
    s.push(
      `In ${list(regions(w, g))}, GuardDuty ran with ${key ? list(key.split(', ')) : 'some protection plans'} turned off.`,
    );
  }
  return s.length > 0 ? [s.join(' ')] : [];
}

function waf(w: Writer): string[] {
  const rs = w.a.forService('waf');
  const fails = rs.filter((r) => r.status === 'fail');
  if (fails.length === 0) return [];
  const passes = rs.filter((r) => r.status === 'pass');
  const lines: string[] = [];
  for (const [id, label] of WAF_KINDS) {
    const f = fails.filter((r) => r.checkId === id && r.resource !== null);
    if (f.length === 0) continue;
    claim(w, f);
    lines.push(`- ${label}: ${list(resources(w, f), 15)}`);
  }
  const other = fails.filter((r) => !WAF_KINDS.some(([id]) => id === r.checkId) || r.resource === null);
  if (other.length > 0) {
    claim(w, other);
    lines.push(
      `- other: ${list(other.map((r) => esc(r.resource ?? `${r.checkId} in ${w.a.regionLabel(r)}`, 80)))}`,
    );
  }
  const lead =
    passes.length === 0
      ? 'None of the internet-facing resources that AWS WAF can protect had a web ACL associated with it:'
      : `AWS WAF protected ${plural(passes.length, 'internet-facing resource')}, but ${plural(fails.length, 'other')} had no web ACL associated with ${fails.length === 1 ? 'it' : 'them'}:`;
  return [`${lead}\n\n${lines.join('\n')}`];
}

function shield(w: Writer): Out | null {
  const fails = group(w.a.forService('shield'), 'shield.advanced').fail;
  if (fails.length === 0) return null;
  if (w.answers['shield-advanced'] === 'drop') return null;
  claim(w, fails);
  const out = new Out().add(
    'No AWS Shield Advanced subscription was active, so the internet-facing resources had only the automatic Shield Standard protection against DDoS attacks. ',
  );
  const option =
    'Shield Advanced could be considered for the most exposed resources, for tailored DDoS detection, cost protection during attacks and access to the AWS Shield Response Team.';
  if (w.answers['shield-advanced'] === 'keep') out.add(option);
  else {
    out.review(
      'option',
      option,
      'Shield Advanced has a high monthly fee and a one-year commitment: keep this only if the client’s exposure justifies it (--answer shield-advanced=keep or =drop).',
    );
  }
  return out;
}

/** The paragraphs describing one service's proven gaps (empty when it has none). */
export function serviceGapText(w: Writer, service: ServiceId): Out {
  const out = new Out();
  const push = (x: string[] | Out | null) => {
    if (x === null) return;
    const parts = Array.isArray(x) ? x : [x];
    for (const p of parts) {
      if (out.length > 0) out.add('\n\n');
      if (typeof p === 'string') out.add(p);
      else out.append(p);
    }
  };
  switch (service) {
    case 'cloudtrail':
      push(cloudtrail(w));
      break;
    case 'trustedadvisor':
      push(trustedadvisor(w));
      break;
    case 'inspector':
      push(inspector(w));
      break;
    case 'macie':
      push(macie(w));
      break;
    case 'guardduty':
      push(guardduty(w));
      break;
    case 'waf':
      push(waf(w));
      break;
    case 'shield':
      push(shield(w));
      break;
  }
  return out;
}

// ------------------------------------------------------------------------------------------- unknowns

function whyUnknown(r: Result): string {
  const c = r.cause;
  if (!c) return 'The check could not reach a verdict: verify this by hand. Nothing is claimed about it.';
  const code = esc(c.code, 60);
  const action = esc(c.action, 80);
  switch (c.kind) {
    case 'subscription-required':
      return `The Support API answered ${code}: it needs a Business, Enterprise On-Ramp or Enterprise support plan. Review the security checks in the Trusted Advisor console by hand and record what they show; nothing is claimed here.`;
    case 'access-denied':
      return `Access to ${action} was denied (${code}). Check this by hand in the console or re-run with that permission; nothing is claimed here.`;
    case 'not-collected':
      return 'The scan stopped before this was read. Re-run the scan; nothing is claimed here.';
    case 'region-disabled':
      return `The region could not be scanned (${code}). Confirm whether it is in use; nothing is claimed here.`;
    default:
      return `${action} failed (${code}, ${esc(c.kind, 20)}). Re-run the scan or check by hand; nothing is claimed here.`;
  }
}

/** Review items for a service's unknown results, grouped by cause (one item per group). */
export function unknownReviews(a: Analysis, service: ServiceId): Out {
  const rs = sortResults(a.forService(service).filter((r) => r.status === 'unknown'));
  const groups = new Map<string, Result[]>();
  for (const r of rs) {
    const key = `${r.cause?.kind}|${r.cause?.code}|${r.cause?.action}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out = new Out();
  for (const g of groups.values()) {
    const first = g[0]!;
    const checks = [...new Set(g.map((r) => r.checkId))].join(', ');
    const where = [
      ...new Set(
        g.map((r) =>
          r.resource !== null
            ? `${esc(a.resourceLabel(r), 80)}${r.region === 'global' ? '' : ` (${esc(a.regionLabel(r))})`}`
            : esc(a.regionLabel(r)),
        ),
      ),
    ];
    const scope =
      service === 'trustedadvisor' && first.cause?.kind === 'subscription-required'
        ? 'could not be read through the API'
        : where.length === 1 && where[0] === 'global'
          ? 'could not be assessed' // an account-wide check: "for global" says nothing
          : `could not be assessed for ${list(where)}`;
    if (out.length > 0) out.add('\n\n');
    out.review('unknown', `${LABELS[service].title} ${scope} (${checks}).`, whyUnknown(first));
  }
  return out;
}

/** A short plain summary of a service's failing checks, for a comment next to a user's own wording. */
export function failSummary(a: Analysis, service: ServiceId): string {
  const fails = sortResults(a.forService(service).filter((r) => r.status === 'fail'));
  const byCheck = new Map<string, string[]>();
  for (const r of fails) {
    const where = r.resource !== null ? esc(a.resourceLabel(r), 60) : esc(a.regionLabel(r));
    byCheck.set(r.checkId, [...(byCheck.get(r.checkId) ?? []), where]);
  }
  const parts = [...byCheck].map(([id, where]) => `${id} fails for ${list(where, 5)}`);
  const enabled = a
    .forService(service)
    .some((r) => isEnablementCheck(service, r.checkId) && r.status === 'pass');
  const lead = enabled ? `${LABELS[service].title} is on somewhere` : LABELS[service].title;
  return `watchpost found: ${lead}; ${parts.join('; ')}. Check that the wording here matches.`;
}
