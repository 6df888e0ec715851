/**
 * What the evidence decides of a template's options without a condition (docs/templates.md, "Options
 * watchpost decides"). An option inside a service subsection is about that subsection's services (or those
 * of them it names); elsewhere (Impact, Likelihood, Recommendation) it is about the services it names and
 * the kinds of gap its words speak of, through the vocabulary each service declares (`gapWords`). An option
 * that speaks of S3 also needs the inventory to list a bucket (`s3:used`), one that speaks of personal data
 * also needs the consultant's answer. What cannot be decided stays open, with the reason.
 */
import type { Result } from '../../evidence/schema.js';
import {
  CHECK_LIST_SERVICES,
  FACT_WORDS,
  GAP_WORDS,
  LABELS,
  QUESTION_WORDS,
  SERVICES,
  type ServiceId,
} from '../../services/registry.js';
import type { Draft, Subsection } from './draft.js';
import { SAYS_ON, saysOff } from './wording.js';

/** An option's words saying that the service is off, or that it is on but set up badly. */
const OFF_WORDS =
  /\b(?:is|was|are|were) (?:off|disabled|switched off|turned off)\b|\bnot (?:enabled|in use|used|configured at all)\b/i;
const ON_WORDS = /\bmisconfigured\b|\b(?:is|was) (?:enabled|on|configured) but\b|\bpartially\b|\bpartly\b/i;

export type Inference =
  /** Decided: `why` says on what, for the consultant's comment in review mode. */
  | { keep: boolean; why: string }
  /** Not decidable from the evidence: the review item's reason. */
  | { open: string };

/** The template's words without CriticMarkup: cross-references gone, other highlights kept as text. */
export function plainWords(source: string): string {
  return source
    .replace(/\{>>[\s\S]*?<<\}/g, ' ')
    .replace(/\{==\s*XREF[^=]*==\}/g, ' ')
    .replace(/\{==|==\}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does the text name the service (by one of the names a subsection marker may use)? */
export function namesService(words: string, service: ServiceId): boolean {
  return LABELS[service].markerNames.some((n) =>
    new RegExp(`(?<![\\w-])${escapeRegExp(n).replace(/ /g, '\\s+')}(?![\\w-])`, 'i').test(words),
  );
}

function quoted(matches: readonly string[]): string {
  return [...new Set(matches.map((m) => m.toLowerCase()))].map((m) => `"${m}"`).join(', ');
}

function titles(services: readonly ServiceId[], last = 'or'): string {
  const n = services.map((s) => LABELS[s].short);
  return n.length < 2 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} ${last} ${n[n.length - 1]}`;
}

/**
 * Decides an option without a condition from its words (`words`: its label and the text it governs) and
 * where it stands.
 */
export function inferOption(d: Draft, words: string, sub: Subsection | undefined, label = ''): Inference {
  const { a } = d;
  let services: ServiceId[];
  let about: string;
  if (sub) {
    const named = sub.services.filter((s) => namesService(words, s));
    services = named.length > 0 ? named : sub.services;
    about =
      named.length > 0
        ? `it names ${titles(named)}`
        : `it is in the ${sub.services.map((s) => LABELS[s].short).join(' & ')} subsection`;
  } else {
    const named = SERVICES.filter((s) => namesService(words, s));
    const found: string[] = [];
    const byWords = GAP_WORDS.filter((g) => {
      const m = words.match(new RegExp(g.words.source, 'gi'));
      if (m) found.push(...m);
      return m !== null;
    });
    // A service named outright says what the option is about, with the services of the same kind its
    // words speak of ("logging and alerting with CloudTrail": GuardDuty too); "vulnerabilities" in a
    // sentence about WAF does not make it about Inspector. Without a name, the words decide.
    const kinds = new Set(GAP_WORDS.filter((g) => named.includes(g.service)).map((g) => g.kind));
    const related = byWords.filter((g) => named.length === 0 || (g.kind !== undefined && kinds.has(g.kind)));
    services = SERVICES.filter((s) => named.includes(s) || related.some((g) => g.service === s));
    about =
      named.length > 0 && services.length === named.length
        ? `it names ${titles(named)}`
        : named.length > 0
          ? `it names ${titles(named)} and its words ${quoted(found)} speak of ${titles(services)}`
          : `its words ${quoted(found)} speak of ${titles(services)}`;
  }
  const facts = FACT_WORDS.filter(([, re]) => re.test(words)).map(([f]) => f);
  const questions = QUESTION_WORDS.filter((q) => q.words!.test(words));
  if (services.length === 0 && facts.length === 0) {
    return {
      open: 'Option without a condition, and its words name no service or kind of gap watchpost can test: keep the text that follows (and remove this mark) or delete both, or write OPTION[condition].',
    };
  }
  let gapped = services.filter((s) => a.hasFail(s));
  if (services.length > 0 && gapped.length === 0)
    return { keep: false, why: `${about}, and none of them has a gap` };
  // In a subsection, an option whose label says the service is not on at all ("if CloudTrail is off") is
  // about a service that is off everywhere it was checked; one whose label says it is on but set up badly
  // ("if misconfigured") about one that is on somewhere. (What the text after it claims is held against
  // the evidence sentence by sentence: wording.ts.)
  if (sub && label) {
    const off = OFF_WORDS.test(label) || saysOff(label);
    const on = !off && (ON_WORDS.test(label) || SAYS_ON.test(label));
    if (off || on) {
      const fits = gapped.filter((s) => a.serviceState(s, 'off') === off);
      if (fits.length === 0)
        return {
          keep: false,
          why: `its words say ${titles(gapped)} ${off ? 'was off' : 'was on'}, which the evidence does not show everywhere`,
        };
      gapped = fits;
    }
  }
  const missing = facts.filter((f) => !a.fact(f));
  if (missing.length > 0) return { keep: false, why: `it needs ${missing.join(', ')}, which does not hold` };
  const reasons = [
    ...(gapped.length > 0
      ? [`${about}, and ${titles(gapped, 'and')} ${gapped.length > 1 ? 'have gaps' : 'has a gap'}`]
      : []),
    ...facts.map((f) => `${f} holds`),
  ];
  for (const q of questions) {
    const answer = (d.ctx.answers as Record<string, string | undefined>)[q.key];
    if (answer === undefined) {
      return {
        open: `Option without a condition that depends on a decision only you can make: pass --answer ${q.key}=${q.values.join('|')} (see --help).`,
      };
    }
    if (answer !== q.keepWhen) return { keep: false, why: `you answered ${q.key}=${answer}` };
    reasons.push(`you answered ${q.key}=${answer}`);
  }
  return { keep: true, why: reasons.join('; ') };
}

/**
 * An optional clause that names a check of a service that reports its own checks (Trusted Advisor's
 * "IAM access key rotation"): kept where that check failed, dropped where it passed or did not apply,
 * open where it could not be assessed. Null when the clause names none.
 */
const STOP = new Set(['amazon', 'aws', 'on', 'the', 'of', 'for', 'and', 'in', 'a', 'an', 'to', 'with']);

export function inferClause(d: Draft, words: string): Inference | null {
  const { a } = d;
  const named: Result[] = [];
  const clause = new Set(words.toLowerCase().split(/[^a-z0-9]+/));
  for (const s of CHECK_LIST_SERVICES) {
    for (const r of a.forService(s)) {
      if (r.resource === null) continue;
      // Named when every significant word of the check's name is in the clause ("MFA on the root account"
      // names "MFA on Root Account"); names of one significant word are too loose to count.
      const significant = a
        .resourceLabel(r)
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 0 && !STOP.has(w));
      if (significant.length >= 2 && significant.every((w) => clause.has(w))) named.push(r);
    }
  }
  if (named.length === 0) return null;
  // Check names come from the account's answers: only letters, digits and plain punctuation go into our
  // comments (a comment's words are ours, not escaped like a value).
  const what = [...new Set(named.map((r) => `"${a.resourceLabel(r).replace(/[^\w\s.,:()/-]/g, '')}"`))].join(
    ', ',
  );
  if (named.some((r) => r.status === 'fail')) return { keep: true, why: `it names ${what}, which has a gap` };
  // Not assessed: nothing may be claimed of it. With --answer unknown=limitation|omit the clause goes (the
  // limitation, if any, is stated with the service); otherwise the consultant decides.
  if (named.some((r) => r.status === 'unknown') && d.unknowns !== 'review')
    return { keep: false, why: `it names ${what}, which could not be assessed` };
  if (named.some((r) => r.status === 'unknown'))
    return {
      open: `Optional wording about ${what}, which could not be assessed: keep it (remove the highlight) or delete it.`,
    };
  return { keep: false, why: `it names ${what}, which has no gap` };
}
