/**
 * The default finding template (our own wording, same structure and ratings as the consultant's), and how
 * its `{==AUTO==}` markers are filled: each service's sentences, from its checks' `prose` and its own
 * (src/services/<service>/), and the review items for what could not be read.
 *
 * Rules the sentences follow: a region or resource is named as lacking something only when a `fail` result
 * says so (each such mention is claimed through `ctx.claim`); `unknown` results become review items, never
 * claims. Names from the account go in as `name(…)` (see prose.ts). Nothing here knows a service or a
 * check by name.
 */
import type { CheckDefinition } from '../checks/types.js';
import type { Result } from '../evidence/schema.js';
import {
  ANSWERS,
  type Answers,
  checkDefinition,
  checkLabel,
  checkMeta,
  isEnablementCheck,
  LABELS,
  type ServiceId,
  serviceModule,
} from '../services/registry.js';
import type { ServiceModule } from '../services/types.js';
import { type Analysis, sortResults } from './analysis.js';
import { type ContentBlock, type Inline, paragraph, plainText, strong, text } from './document.js';
import {
  accountLabel,
  type Item,
  join,
  list,
  name,
  type ProseContext,
  prose,
  review,
  type Sentence,
  unique,
  where as whereIn,
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
{==OPTION[inspector:gap or macie:gap or trustedadvisor:gap]==}Misconfigurations, software vulnerabilities and exposed data that go unnoticed leave more of the environment open to attack and give an attacker weaknesses to exploit. {==OPTION[cloudtrail:gap or guardduty:gap]==}Gaps in logging, monitoring and alerting mean that a security incident may not be noticed or dealt with quickly. {==OPTION[waf:gap or shield:off]==}Web applications without a web application firewall in front of them are easier for an attacker to probe for vulnerabilities.
#### Likelihood: Low
{==OPTION[inspector:gap or macie:gap or trustedadvisor:gap]==}Weaknesses and exposed data may stay unnoticed for some time, all the more so where security assessments are not carried out regularly. {==OPTION[cloudtrail:gap or guardduty:gap]==}The missing monitoring and alerting only matters once an incident happens. {==OPTION[waf:gap or shield:off]==}Taking advantage of the missing web application firewall still requires a weakness in the application behind it.
#### Recommendation
Review the services listed above and enable and configure those that fit the organisation's risk profile. {==OPTION[cloudtrail:gap and guardduty:gap]==}Give priority to logging and alerting, starting with CloudTrail and GuardDuty. {==/OPTION==}{==OPTION[cloudtrail:gap and not guardduty:gap]==}Give priority to logging, starting with CloudTrail. {==/OPTION==}{==OPTION[guardduty:gap and not cloudtrail:gap]==}Give priority to alerting, starting with GuardDuty. {==/OPTION==}Make sure that what these services report is monitored, reviewed and acted upon.

Most of these services are charged for. The organisation should weigh them periodically in a risk assessment and cost-benefit analysis, to decide whether the controls already in place are enough or whether the extra protection of a paid service is worth its cost.

{==COSTS==}
`;

/**
 * Decisions only the consultant can make, given with `--answer KEY=VALUE` (the services' `questions`).
 * Without an answer the finding keeps the question highlighted (and --final refuses); with one, the
 * wording follows it.
 */
export { ANSWERS, type Answers };

// ------------------------------------------------------------------------------------- service sentences

/** The service's checks in the order they speak: its prose's `order` first, then the others as listed. */
function speakingOrder(m: ServiceModule): CheckDefinition[] {
  const first = m.prose?.order ?? [];
  return [...first, ...m.checks.filter((c) => !first.includes(c))];
}

/**
 * The blocks describing one service's proven gaps (none when it has none): the service's lead sentences,
 * then each check's sentences for the fails not yet named, laid out by the service (default: a paragraph).
 */
export function serviceGapText(ctx: ProseContext, service: ServiceId): ContentBlock[] {
  const { local, sentences } = gapSentences(ctx, service);
  if (sentences.length === 0) return [];
  const m = serviceModule(service);
  return m.prose?.arrange ? m.prose.arrange(local, sentences) : [paragraph(join(sentences))];
}

/** A service's sentences for its proven gaps, as one run of text (none when it has none): for a template's own paragraph. */
export function serviceGapSentences(ctx: ProseContext, service: ServiceId): Sentence[] {
  return gapSentences(ctx, service).sentences;
}

function gapSentences(ctx: ProseContext, service: ServiceId): { local: ProseContext; sentences: Sentence[] } {
  const m = serviceModule(service);
  // What this service's sentences have named so far: a fail named by the lead or by an earlier check (a
  // sentence that subsumes it) is not offered to its own check again.
  const named = new Set<Result>();
  const local: ProseContext = {
    ...ctx,
    claim(results) {
      ctx.claim(results);
      for (const r of results) named.add(r);
    },
  };
  const sentences: Sentence[] = [...(m.prose?.lead?.(local) ?? [])];
  for (const check of speakingOrder(m)) {
    const own = local.results(check);
    const fails = own.fail.filter((r) => !named.has(r));
    if (fails.length > 0) sentences.push(...check.prose.fail({ ...local, own }, fails));
  }
  return { local, sentences };
}

// ------------------------------------------------------------------------------------------- unknowns

function whyUnknown(r: Result, many = false): Inline[] {
  const c = r.cause;
  if (!c)
    return prose`The check could not reach a verdict: verify this by hand. Nothing is claimed about it.`;
  const code = name(c.code, 60);
  const action = name(c.action, 80);
  switch (c.kind) {
    case 'subscription-required':
      return prose`${action} answered ${code}: ${text(many ? 'these accounts lack' : 'the account lacks')} the plan or subscription it needs. Check this by hand in the console; nothing is claimed here.`;
    case 'access-denied':
      return prose`Access to ${action} was denied (${code}). Check this by hand in the console or re-run with that permission; nothing is claimed here.`;
    case 'not-collected':
      // A stopped scan, or a bundle from an earlier version of watchpost that did not make this read.
      return prose`The evidence does not hold this read (the scan stopped before it, or the evidence comes from an earlier version of watchpost). Re-run the scan; nothing is claimed here.`;
    case 'region-disabled':
      return prose`The region could not be scanned (${code}). Confirm whether it is in use; nothing is claimed here.`;
    default:
      return prose`${action} failed (${code}, ${name(c.kind, 20)}). Re-run the scan or check by hand; nothing is claimed here.`;
  }
}

/** Why a check could not be assessed, in the client's words: the limitation's reason. */
function limitationReason(r: Result, many = false): Inline[] {
  const c = r.cause;
  if (!c) return prose`the check could not reach a verdict`;
  const code = name(c.code, 60);
  const action = name(c.action, 80);
  switch (c.kind) {
    case 'subscription-required':
      return prose`${text(many ? "these accounts' AWS plans or subscriptions do" : "the account's AWS plan or subscription does")} not include ${action} (AWS answered ${code})`;
    case 'access-denied':
      return prose`the role used for this review was not allowed to call ${action} (${code})`;
    case 'throttled':
    case 'timeout':
    case 'network':
    case 'server-error':
      return prose`AWS did not answer ${action} during the review (${code})`;
    case 'unparseable':
      return prose`AWS's answer to ${action} could not be read (${code})`;
    case 'region-disabled':
      return prose`the region could not be scanned (${code})`;
    case 'not-collected':
      return prose`the evidence collected does not include it`;
    case 'not-found':
      return prose`the resource changed while it was being read (${code})`;
    default:
      return prose`${action} failed (${code})`;
  }
}

/**
 * What the finding does with checks that could not be assessed (`--answer unknown=…`): review items the
 * consultant must settle (default), limitations of the review stated in the client text, or nothing.
 */
export type UnknownPolicy = NonNullable<Answers['unknown']>;

/**
 * Review items for a service's unknown results, grouped by cause: one paragraph per group. A check with
 * its own wording for unknowns (prose.unknown) has groups of its own. With the `limitation` policy each
 * group is a paragraph of client text instead (what was not assessed, why, what to confirm by hand); with
 * `omit`, nothing.
 */
export function unknownReviews(
  a: Analysis,
  service: ServiceId,
  policy: UnknownPolicy = 'review',
): ContentBlock[] {
  if (policy === 'omit') return [];
  const rs = sortResults(a.forService(service).filter((r) => r.status === 'unknown'));
  const groups = new Map<string, Result[]>();
  for (const r of rs) {
    const own = checkDefinition(r.checkId)?.prose.unknown ? r.checkId : '';
    const key = `${r.cause?.kind}|${r.cause?.code}|${r.cause?.action}|${own}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: ContentBlock[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    // The check ids, for the consultant to find the results (a review item never reaches the client).
    const checks = [...new Set(g.map((r) => r.checkId))].join(', ');
    const wording = checkDefinition(first.checkId)?.prose.unknown?.(g);
    const where = unique(
      g.map((r) =>
        r.resource !== null
          ? r.region === 'global'
            ? [name(a.resourceLabel(r), 80)]
            : prose`${name(a.resourceLabel(r), 80)} (${name(a.regionLabel(r))})`
          : [name(a.regionLabel(r))],
      ),
    );
    // Several accounts: regions grouped by account ("every region of account …"), not region-account pairs.
    if (a.multiAccount && g.every((r) => r.resource === null && r.region !== 'global')) {
      const checkIds = new Set(g.map((r) => r.checkId));
      const regions = (rs: readonly Result[]) =>
        unique(sortResults(rs).map((r) => name(r.region))).map((n) => n[0]!);
      where.splice(
        0,
        where.length,
        whereIn(
          { a, regions },
          g,
          a.forService(service).filter((r) => checkIds.has(r.checkId)),
        ),
      );
    }
    const accountWide = where.length === 1 && plainText(where[0]!) === 'global';
    if (policy === 'limitation') {
      const titles = unique(
        [...new Set(g.map((r) => r.checkId))].map((id) => [text(checkDefinition(id)?.meta.title ?? id)]),
      );
      const lead = [strong(text('Limitation of this review:')), text(' ')];
      const body =
        wording?.limitation ??
        prose`${text(LABELS[service].title)} could not be assessed${accountWide ? [] : prose` for ${list(where)}`}, because ${limitationReason(first, new Set(g.map((r) => r.accountId)).size > 1)}.`;
      out.push(paragraph([...lead, ...body, ...prose` To be confirmed by hand: ${join(titles, '; ')}.`]));
      continue;
    }
    const scope =
      wording?.what ??
      (accountWide
        ? prose`could not be assessed` // an account-wide check: "for global" says nothing
        : prose`could not be assessed for ${list(where)}`);
    out.push(
      paragraph(
        review(
          'unknown',
          prose`${text(LABELS[service].title)} ${scope} (${text(checks)}).`,
          wording?.why ?? whyUnknown(first, new Set(g.map((r) => r.accountId)).size > 1),
        ),
      ),
    );
  }
  return out;
}

/** A short plain summary of a service's failing checks, for a comment next to a user's own wording. */
export function failSummary(a: Analysis, service: ServiceId): Inline[] {
  const fails = sortResults(a.forService(service).filter((r) => r.status === 'fail'));
  const byCheck = new Map<string, Item[]>();
  for (const r of fails) {
    const where =
      r.resource !== null
        ? name(a.resourceLabel(r), 60)
        : r.region === 'global'
          ? a.multiAccount
            ? prose`account ${accountLabel(a, r.accountId)}`
            : text('account-wide')
          : name(a.regionLabel(r));
    byCheck.set(r.checkId, [...(byCheck.get(r.checkId) ?? []), where]);
  }
  // A regional switch-on check reads "off in …"; the others by their label ("KMS encryption: …").
  // An account-wide switch (Shield Advanced) is just "off" in one account.
  const parts = [...byCheck].map(([id, where]) => {
    const scope = checkMeta(id)?.scope;
    if (!isEnablementCheck(service, id) || scope === 'resource')
      return prose`${text(checkLabel(id))}: ${list(where, 5)}`;
    return scope === 'account' && !a.multiAccount ? [text('off')] : prose`off in ${list(where, 5)}`;
  });
  const enabled = a
    .forService(service)
    .some((r) => isEnablementCheck(service, r.checkId) && r.status === 'pass');
  const title = LABELS[service].title;
  const lead = enabled ? `${title} is on somewhere; gaps` : `${title} gaps`;
  return prose`watchpost found: ${text(lead)}: ${join(parts, '; ')}. Check that the wording here matches.`;
}
