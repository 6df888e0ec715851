/**
 * Gaps the client accepted (results `accepted`: a `fail` covered by an entry of the accept file,
 * docs/accepting.md). They are never claimed as gaps; instead each service says, in one sentence, what
 * the client accepted and why:
 *
 *   For GuardDuty, the client accepted that “Amazon GuardDuty is enabled in every region” was not met in
 *   eu-west-2, with the reason “region unused, blocked by an SCP” (accepted by client security team until
 *   2027-06-30; compensating control: SCP p-1a2b3c4d).
 *
 * Where the sentence goes:
 * - `{==ACCEPTED==}` inside a service subsection: there, for the subsection's services.
 * - `{==ACCEPTED==}` outside the subsections: there, for every service; subsections then get none.
 * - no marker: after the subsection's `{==AUTO==}`, or at the end of the consultant's own wording.
 * A subsection whose services have no open gap left but an accepted one keeps its label; its body (the
 * template's words about a gap, which the client has accepted) becomes the sentence, then the review
 * items for what could not be read. A service with accepted gaps and no subsection gets its sentence
 * after the last subsection.
 */

import type { Result } from '../../evidence/schema.js';
import { checkMeta, checkRank, LABELS, SERVICES, type ServiceId } from '../../services/registry.js';
import { type Analysis, sortResults } from '../analysis.js';
import { unknownReviews } from '../default-template.js';
import { type Block, type ContentBlock, comment, type Inline, layout, paragraph, text } from '../document.js';
import { accountLabel, accountsPhrase, join, list, name, prose, unique, where as whereIn } from '../prose.js';
import type { TemplateNode } from '../template.js';
import {
  type Draft,
  insertAt,
  isDead,
  type Mode,
  paragraphAt,
  remove,
  replace,
  type Subsection,
  subsectionAt,
  textBefore,
} from './draft.js';

/** Longest reason, name or control shown (the accept file allows long texts; the finding keeps to a line). */
const TEXT_MAX = 300;

type Results = ReturnType<Analysis['forService']>;

/**
 * The accepted results of a service by accept entry, then by check: entries in the order of the first
 * check they cover (the registry's check order), checks in that order.
 */
function byEntry(a: Analysis, service: ServiceId): Results[][] {
  const rank = (id: string) => checkRank(id) ?? Number.MAX_SAFE_INTEGER;
  const accepted = sortResults(a.forService(service).filter((r) => r.status === 'accepted' && r.acceptance));
  accepted.sort((x, y) => rank(x.checkId) - rank(y.checkId));
  const entries = new Map<string, Map<string, Results>>();
  for (const r of accepted) {
    const key = JSON.stringify([r.acceptance!.entry.file, r.acceptance!.entry.line]);
    let checks = entries.get(key);
    if (!checks) {
      checks = new Map();
      entries.set(key, checks);
    }
    const list = checks.get(r.checkId);
    if (list) list.push(r);
    else checks.set(r.checkId, [r]);
  }
  return [...entries.values()].map((checks) => [...checks.values()]);
}

/** Where the accepted results are: regions, resources, or the account(s) for account-level checks. */
function where(a: Analysis, service: ServiceId, rs: Results): Inline[] {
  const resources = rs.filter((r) => r.resource !== null);
  const regions = rs.filter((r) => r.resource === null && r.region !== 'global');
  const accounts = rs.filter((r) => r.resource === null && r.region === 'global');
  const parts: Inline[][] = [];
  if (regions.length > 0 && a.multiAccount) {
    // Several accounts: grouped by account and region across accounts ("eu-west-2 in 5 of 7 accounts
    // (…)"), counted against the check's results, as the gaps' own sentences are.
    const checkId = regions[0]!.checkId;
    const own = a.forService(service).filter((r) => r.checkId === checkId);
    const ctx = {
      a,
      regions: (rs: readonly Result[]) =>
        unique(sortResults(rs).map((r) => name(a.regionLabel(r)))).map((n) => n[0]!),
    };
    parts.push(prose`in ${whereIn(ctx, regions, own)}`);
  } else if (regions.length > 0) {
    parts.push(prose`in ${list(sortResults(regions).map((r) => name(a.regionLabel(r))))}`);
  }
  if (resources.length > 0) {
    parts.push(
      prose`for ${list(
        sortResults(resources).map((r) =>
          a.multiAccount
            ? r.region === 'global'
              ? prose`${name(a.resourceLabel(r), 80)} (account ${accountLabel(a, r.accountId)})`
              : prose`${name(a.resourceLabel(r), 80)} (${name(r.region)}, account ${accountLabel(a, r.accountId)})`
            : r.region === 'global'
              ? [name(a.resourceLabel(r), 80)]
              : prose`${name(a.resourceLabel(r), 80)} (${name(a.regionLabel(r))})`,
        ),
      )}`,
    );
  }
  if (accounts.length > 0 && a.multiAccount) {
    parts.push(
      prose`in ${accountsPhrase(
        a,
        accounts.map((r) => r.accountId),
      )}`,
    );
  }
  return parts.length === 0 ? [] : prose` ${join(parts, ' and ')}`;
}

/**
 * The sentence for one service, or null when the client accepted nothing of it. In review mode a comment
 * names the accept file and line of each entry, so the consultant can trace the sentence.
 */
export function acceptedSentence(a: Analysis, service: ServiceId, mode: Mode): Inline[] | null {
  const entries = byEntry(a, service);
  if (entries.length === 0) return null;
  const parts = entries.map((checks) => {
    const acc = checks[0]![0]!.acceptance!;
    const what = checks.map((rs) => {
      const title = checkMeta(rs[0]!.checkId)?.title ?? rs[0]!.checkId;
      return prose`“${text(title)}” was not met${where(a, service, rs)}`;
    });
    const control = acc.control ? prose`; compensating control: ${name(acc.control, TEXT_MAX)}` : [];
    return prose`${join(what, ' and that ')}, with the reason “${name(acc.reason, TEXT_MAX)}” (accepted by ${name(acc.by, TEXT_MAX)} until ${name(acc.expires, 10)}${control})`;
  });
  const sentence = prose`For ${text(LABELS[service].title)}, the client accepted that ${join(parts, '; and that ')}.`;
  if (mode === 'final') return sentence;
  const places = entries.map((checks) => {
    const e = checks[0]![0]!.acceptance!.entry;
    return name(`${e.file}, line ${e.line}`);
  });
  return [
    ...sentence,
    text(' '),
    comment(
      ...prose`From the accept file (${list(places)}): the client’s words; these results are accepted, not claimed.`,
    ),
  ];
}

/** One paragraph per service the client accepted something of. */
export function acceptedParagraphs(a: Analysis, services: readonly ServiceId[], mode: Mode): ContentBlock[] {
  return services.flatMap((s) => {
    const x = acceptedSentence(a, s, mode);
    return x ? [paragraph(x)] : [];
  });
}

/** Removes a marker: with its paragraph (and the blank lines after it) when it is all there is in it. */
export function removeMarker(d: Draft, n: TemplateNode): void {
  if (isDead(d, n.start)) return;
  const p = paragraphAt(d, n.start);
  if (d.tpl.text.slice(p.start, p.end).trim() === d.tpl.text.slice(n.start, n.end))
    remove(d, p.start, p.next);
  else replace(d, n.start, n.end, null);
}

/** Puts blocks where a marker is (or where the removed text holding it began). */
function fillMarker(d: Draft, n: TemplateNode, blocks: Block[]): void {
  if (isDead(d, n.start)) insertAt(d, n.start, blocks);
  else replace(d, n.start, n.end, { blocks });
}

function hasOpenGap(d: Draft, sub: Subsection): boolean {
  return sub.services.some((s) => d.a.hasFail(s));
}

/** The step: see the module comment. Runs after `bindSubsections`, before the subsections are dropped. */
export function acceptedItems(d: Draft): void {
  const { a } = d;
  const markers = d.tpl.nodes.filter((n) => n.marker.type === 'accepted');
  for (const n of markers) d.handled.add(n);
  const topLevel = markers.filter((n) => !subsectionAt(d, n.start));
  const paragraphsFor = (services: readonly ServiceId[]) => acceptedParagraphs(a, services, d.mode);
  /** Services whose sentence has its place in a subsection: a marker elsewhere does not repeat it. */
  const placed = new Set<ServiceId>();

  for (const sub of d.subsections) {
    const own = markers.filter((n) => n.start >= sub.start && n.start < sub.end);
    const blocks = paragraphsFor(sub.services);
    if (!hasOpenGap(d, sub)) {
      // Nothing open: a subsection with accepted gaps keeps its label (unless the sentences are
      // gathered at a marker elsewhere); its body becomes the sentence and the unknowns' review items.
      if (blocks.length === 0 || (topLevel.length > 0 && own.length === 0)) continue;
      for (const s of sub.services) placed.add(s);
      sub.fate = 'accepted';
      const items = sub.services.flatMap((s) => unknownReviews(a, s, d.unknowns));
      d.dead.push([sub.markerLineEnd, sub.contentEnd]);
      replace(d, sub.markerLineEnd, sub.contentEnd, { blocks: [layout('\n'), ...blocks, ...items] });
      continue;
    }
    if (blocks.length === 0) {
      for (const n of own) removeMarker(d, n);
      continue;
    }
    if (own.length > 0) {
      for (const s of sub.services) placed.add(s);
      own.forEach((n, i) => {
        if (i === 0) fillMarker(d, n, blocks);
        else removeMarker(d, n);
      });
      continue;
    }
    if (topLevel.length > 0) continue;
    const auto = d.tpl.nodes.find(
      (n) => n.marker.type === 'auto' && n.start > sub.markerLineEnd && n.start < sub.end,
    );
    insertAt(d, auto ? auto.end : sub.contentEnd, [layout('\n\n'), ...blocks]);
  }

  const bound = new Set(d.subsections.flatMap((s) => s.services));
  if (topLevel.length > 0) {
    const blocks = paragraphsFor(SERVICES.filter((s) => a.hasAccepted(s) && !placed.has(s)));
    topLevel.forEach((n, i) => {
      if (i === 0 && blocks.length > 0) fillMarker(d, n, blocks);
      else removeMarker(d, n);
    });
    return;
  }
  // Services with accepted gaps and no subsection: after the last subsection.
  const orphans = paragraphsFor(SERVICES.filter((s) => !bound.has(s) && a.hasAccepted(s)));
  if (orphans.length === 0) return;
  const last = d.subsections[d.subsections.length - 1];
  const pos = last ? last.end : d.tpl.text.length;
  const before = textBefore(d, pos);
  insertAt(d, pos, [
    layout(before.endsWith('\n\n') || pos === 0 ? '' : before.endsWith('\n') ? '\n' : '\n\n'),
    ...orphans,
    layout(pos < d.tpl.text.length ? '\n\n' : '\n'),
  ]);
}
