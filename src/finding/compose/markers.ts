/**
 * Fills the template's markers (docs/templates.md): subsection labels, SCREENSHOT (evidence tables and the
 * coverage picture), AUTO (our sentences for the subsection's services), XREF, NOTE and optional clauses.
 * Options were decided before (options.ts).
 */
import { isEnablementCheck, LABELS, SERVICES, type ServiceId } from '../../services/registry.js';
import type { Analysis } from '../analysis.js';
import { failSummary, serviceGapText, unknownReviews } from '../default-template.js';
import { assertNever, comment, heading, type Inline, text, value } from '../document.js';
import { sanitizeText } from '../escape.js';
import { evidenceBlocks } from '../evidence.js';
import { join, name, prose, review } from '../prose.js';
import type { TemplateNode } from '../template.js';
import type { ReviewKind } from '../types.js';
import { sourceInline } from './assemble.js';
import { type Draft, isDead, lineAt, replace, subsectionAt } from './draft.js';

/**
 * A marker of the template that stays highlighted as a review item: finding.md keeps its bytes and adds
 * the why as a comment (none when `quiet`: an XREF inside an optional clause, whose comment follows).
 * The checklist shows `shown` (default: the marker's text).
 */
export function templateReview(
  d: Draft,
  n: TemplateNode,
  kind: ReviewKind,
  why: string,
  opts: { shown?: string; children?: Inline[]; quiet?: boolean } = {},
): Inline {
  return {
    t: 'review',
    item: {
      id: 0,
      kind,
      text: sanitizeText(opts.shown ?? n.content.trim(), 200),
      why: [text(why)],
      blocking: kind !== 'note',
    },
    children: opts.children ?? [sourceInline(d.tpl, n.contentStart, n.contentEnd)],
    ...(opts.quiet ? { quiet: true as const } : {}),
  };
}

/** Every marker the earlier steps left, in document order. */
export function fillMarkers(d: Draft): void {
  for (const n of d.tpl.nodes) {
    if (isDead(d, n.start) || d.handled.has(n)) continue;
    const m = n.marker;
    switch (m.type) {
      case 'subsection':
        fillSubsectionLabel(d, n);
        break;
      case 'screenshot':
        fillScreenshot(d, n);
        break;
      case 'auto':
        fillAuto(d, n);
        break;
      case 'xref':
        fillXref(d, n, m.key);
        break;
      case 'note':
        replace(d, n.start, n.end, {
          inline: [
            templateReview(d, n, 'note', 'Guidance for the consultant: removed from the final version.'),
          ],
        });
        break;
      case 'highlight':
        replace(d, n.start, n.end, {
          inline: [
            templateReview(d, n, 'option', 'Optional wording: keep it (remove the highlight) or delete it.', {
              children: highlightContent(d, n),
            }),
          ],
        });
        break;
      case 'option':
      case 'option-end':
        break; // decided by decideOptions
      case 'accepted':
      case 'retest':
      case 'costs':
        break; // filled by acceptedItems, retestSection and costSection (accepted.ts, retest.ts, costs.ts)
      default:
        assertNever(m);
    }
  }
}

/**
 * The label becomes the text of the consultant's heading when the marker is one (`## {==GuardDuty==}`);
 * on a line of its own, a sub-heading below the title's level, so the text after it starts its own
 * paragraph in Markdown, HTML and Word alike. Next to the consultant's own wording (no AUTO) it carries
 * what the evidence shows: a comment in review mode, or a blocking item where the wording contradicts it.
 */
function fillSubsectionLabel(d: Draft, n: TemplateNode): void {
  const s = d.subsections.find((x) => x.node === n)!;
  const { a } = d;
  const lead = n.content.length - n.content.trimStart().length;
  const children: Inline[] = [
    sourceInline(d.tpl, n.contentStart + lead, n.contentStart + lead + n.content.trim().length),
  ];
  if (!d.isDefault && s.fate === 'keep' && !s.hasAuto) {
    const summary = s.services.filter((x) => a.hasFail(x)).map((x) => failSummary(a, x));
    // The consultant's fixed wording cannot be checked sentence by sentence; where it plainly says
    // the opposite of the evidence (e.g. "not enabled" for a service that is on somewhere), that is
    // a blocking review item, so --final cannot carry a false claim into the report.
    const wording = d.tpl.text.slice(s.markerLineEnd, s.contentEnd);
    const contradicted = s.services.filter((x) => wordingContradicts(wording, x, a));
    if (contradicted.length > 0) {
      children.push(
        text(' '),
        review(
          'wording',
          prose`The wording below may contradict the evidence on ${text(contradicted.map((x) => LABELS[x].title).join(' and '))}`,
          prose`Reword this subsection: ${join(contradicted.map((x) => stateSummary(x, a)))} ${join(summary)}`,
        ),
      );
    } else if (d.mode === 'review') {
      children.push(text(' '), comment(...join(summary)));
    }
  }
  const inHeading = /^\s*#{1,6}\s/.test(d.tpl.text.slice(lineAt(d, n.start).start, n.start));
  replace(d, n.start, n.end, inHeading ? { inline: children } : { blocks: [heading(5, ...children)] });
}

/** Evidence tables and the coverage picture for the subsection (outside one: every service with gaps). */
function fillScreenshot(d: Draft, n: TemplateNode): void {
  const sub = subsectionAt(d, n.start);
  const services = sub
    ? sub.services
    : SERVICES.filter((s) => d.a.hasFail(s) || d.a.hasUnknown(s) || d.a.hasAccepted(s));
  const label = sub ? sub.node.content.trim() : 'all services';
  const blocks = evidenceBlocks(d.a, services, label, d.unknowns === 'omit');
  if (blocks.length > 0) replace(d, n.start, n.end, { blocks });
  else {
    const why = 'No check results to show here: add evidence by hand.';
    replace(d, n.start, n.end, { inline: [templateReview(d, n, 'screenshot', why)] });
  }
}

/** Our sentences for the subsection's services: their gaps, then what could not be read. */
function fillAuto(d: Draft, n: TemplateNode): void {
  const sub = subsectionAt(d, n.start);
  if (!sub) throw d.tpl.error(n.start, 'AUTO must be inside a service subsection');
  const blocks = sub.services.flatMap((s) => [
    ...serviceGapText(d.ctx, s),
    ...unknownReviews(d.a, s, d.unknowns),
  ]);
  replace(d, n.start, n.end, blocks.length > 0 ? { blocks } : null);
}

function xrefWhy(key: string): string {
  return `Cross-reference to another section: pass --xref ${key}=<section> or fill it in by hand.`;
}

/** The text given with --xref for a key: exact first, then the marker's full name, then any case. */
function xrefValue(xrefs: Record<string, string>, key: string): string | undefined {
  if (key in xrefs) return xrefs[key];
  // The marker's full name is accepted too: --xref XREF_Some_Key=TEXT resolves {==XREF_Some_Key==}.
  const full = key === 'XREF' ? key : `XREF_${key}`;
  if (full in xrefs) return xrefs[full];
  const k = Object.keys(xrefs).find(
    (x) => x.toLowerCase() === key.toLowerCase() || x.toLowerCase() === full.toLowerCase(),
  );
  return k === undefined ? undefined : xrefs[k];
}

/** A cross-reference: the --xref text, or a review item. */
function xref(d: Draft, n: TemplateNode, key: string, quiet: boolean): Inline {
  const v = xrefValue(d.xrefs, key);
  if (v !== undefined) return value(v, 200);
  return templateReview(d, n, 'xref', xrefWhy(key), { quiet });
}

function fillXref(d: Draft, n: TemplateNode, key: string): void {
  replace(d, n.start, n.end, { inline: [xref(d, n, key, false)] });
}

/**
 * What an optional clause shows: its text, cross-references inside it filled (or quietly highlighted),
 * other highlights inside it kept with their marks.
 */
function highlightContent(d: Draft, node: TemplateNode): Inline[] {
  const out: Inline[] = [];
  let cursor = node.contentStart;
  for (const c of node.children) {
    if (c.start > cursor) out.push(sourceInline(d.tpl, cursor, c.start));
    if (c.marker.type === 'xref') out.push(xref(d, c, c.marker.key, true));
    else {
      out.push(sourceInline(d.tpl, c.start, c.contentStart));
      out.push(...highlightContent(d, c));
      out.push(sourceInline(d.tpl, c.contentEnd, c.end));
    }
    cursor = c.end;
  }
  if (node.contentEnd > cursor) out.push(sourceInline(d.tpl, cursor, node.contentEnd));
  return out;
}

const SAYS_OFF =
  /\b(?:not|n't|never)\b[^.!?\n]{0,40}?\b(?:enabled|configured|in use|used|seen|set up|turned on|active|running)\b|did not appear to be/gi;
/** Words after a negation that make it partial ("not configured for all services"), which the evidence may bear out. */
const PARTIAL =
  /^[^.!?\n]{0,25}\b(?:for all|in all|across all|everywhere|in every|fully|in line with|correctly|properly)\b/i;
const SAYS_ON =
  /\b(?:although|while|whilst)\b[^.!?\n]{0,80}?\b(?:configured|enabled|used|in use|being used|active)\b/i;

/** Does the template's own text for a service plainly say the opposite of what the results prove? */
export function wordingContradicts(wording: string, service: ServiceId, a: Analysis): boolean {
  const results = a.forService(service).filter((r) => isEnablementCheck(service, r.checkId));
  const onSomewhere = results.some((r) => r.status === 'pass');
  const offEverywhere = a.serviceState(service, 'off');
  let saysOff = false;
  for (const m of wording.matchAll(SAYS_OFF)) {
    if (!PARTIAL.test(wording.slice((m.index ?? 0) + m[0].length))) saysOff = true;
  }
  return (saysOff && onSomewhere) || (SAYS_ON.test(wording) && offEverywhere);
}

/** What the evidence shows of a service's state, for the wording review item. */
function stateSummary(service: ServiceId, a: Analysis): Inline[] {
  const results = a.forService(service).filter((r) => isEnablementCheck(service, r.checkId));
  const on = [...new Set(results.filter((r) => r.status === 'pass').map((r) => a.regionLabel(r)))];
  const off = [...new Set(results.filter((r) => r.status === 'fail').map((r) => a.regionLabel(r)))];
  const title = text(LABELS[service].title);
  if (on.length === 0) return prose`${title} was off wherever it was checked.`;
  const offPart = off.length > 0 ? prose` and off in ${name(off.slice(0, 8).join(', '))}` : [];
  return prose`${title} was on in ${name(on.slice(0, 8).join(', '))}${offPart}.`;
}
