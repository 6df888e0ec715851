/**
 * Fills the template's markers (docs/templates.md): subsection labels, SCREENSHOT (evidence tables and the
 * coverage picture), AUTO (our sentences for the subsection's services), XREF, NOTE and optional clauses.
 * Options were decided before (options.ts).
 */
import { SERVICES } from '../../services/registry.js';
import { failSummary, serviceGapText, unknownReviews } from '../default-template.js';
import { assertNever, comment, heading, type Inline, text, value } from '../document.js';
import { sanitizeText } from '../escape.js';
import { evidenceBlocks } from '../evidence.js';
import { join } from '../prose.js';
import type { TemplateNode } from '../template.js';
import type { ReviewKind } from '../types.js';
import { sourceInline } from './assemble.js';
import { type Draft, isDead, lineAt, replace, subsectionAt } from './draft.js';
import { inferClause, plainWords } from './infer.js';

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
        fillClause(d, n);
        break;
      case 'option':
      case 'option-end':
        break; // decided by decideOptions
      case 'accepted':
      case 'retest':
        break; // filled by acceptedItems and retestSection (accepted.ts, retest.ts)
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
  // Next to the consultant's own wording, what the evidence shows, for them to compare (review mode).
  if (!d.isDefault && s.fate === 'keep' && !s.hasAuto && d.mode === 'review') {
    const summary = s.services.filter((x) => a.hasFail(x)).map((x) => failSummary(a, x));
    children.push(text(' '), comment(...join(summary)));
  }
  const inHeading = /^\s*#{1,6}\s/.test(d.tpl.text.slice(lineAt(d, n.start).start, n.start));
  replace(
    d,
    n.start,
    n.end,
    inHeading ? { inline: children } : { blocks: [heading(labelLevel(d, n.start), ...children)] },
  );
}

/**
 * A label on a line of its own becomes a heading one level below the template's heading it falls under
 * (`####` under a `###` title), never skipping a level; other labels' own heading lines do not count.
 */
export function labelLevel(d: Draft, offset: number): number {
  for (let p = lineAt(d, offset).start; p > d.tpl.bodyStart; ) {
    const l = lineAt(d, p - 1);
    const m = /^(#{1,6})(?:\s|$)/.exec(l.text);
    if (m && !d.markerLines.has(l.start)) return Math.min(6, m[1]!.length + 1);
    p = l.start;
  }
  return 4;
}

/**
 * An optional clause: kept or dropped where it names a check whose result decides it (infer.ts), else a
 * review item. A kept clause loses its highlight; in review mode a comment says why it was kept.
 */
function fillClause(d: Draft, n: TemplateNode): void {
  const inf = inferClause(d, plainWords(n.content));
  if (inf && 'keep' in inf) {
    if (!inf.keep) {
      let s = n.start;
      while (s > 0 && (d.tpl.text[s - 1] === ' ' || d.tpl.text[s - 1] === '\t')) s--;
      const clause = plainWords(n.content);
      // A clause that starts a new sentence or stands alone takes no space before it with it.
      replace(d, /^[,;:)]/.test(clause) ? s : n.start, n.end, null);
      return;
    }
    const why = comment(text(`watchpost kept this wording: ${inf.why}.`));
    replace(d, n.start, n.end, {
      inline: [...highlightContent(d, n), ...(d.mode === 'review' ? [why] : [])],
    });
    return;
  }
  const why =
    inf && 'open' in inf ? inf.open : 'Optional wording: keep it (remove the highlight) or delete it.';
  replace(d, n.start, n.end, {
    inline: [templateReview(d, n, 'option', why, { children: highlightContent(d, n) })],
  });
}

/** Evidence tables and the coverage picture for the subsection (outside one: every service with gaps). */
function fillScreenshot(d: Draft, n: TemplateNode): void {
  const sub = subsectionAt(d, n.start);
  const services = sub
    ? sub.services
    : SERVICES.filter((s) => d.a.hasFail(s) || d.a.hasUnknown(s) || d.a.hasAccepted(s));
  const label = sub ? sub.node.content.trim() : 'all services';
  const blocks = evidenceBlocks(d.a, services, label, d.unknowns === 'omit');
  // The tables list every failing row of their services: they name those gaps.
  if (blocks.length > 0)
    d.ctx.claim(services.flatMap((s) => d.a.forService(s).filter((r) => r.status === 'fail')));
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

function xrefWhy(key: string, ordinal: number, count: number): string {
  const k = key;
  return count > 1
    ? `Cross-reference ${ordinal} of ${count}: pass --xref ${k}#${ordinal}=<section> (or ${k}=<section> for every one left) or fill it in by hand.`
    : `Cross-reference to another section: pass --xref ${k}=<section> or fill it in by hand.`;
}

/** Looks a key up exactly, then in any case. */
function lookup(xrefs: Record<string, string>, key: string): string | undefined {
  if (key in xrefs) return xrefs[key];
  const k = Object.keys(xrefs).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : xrefs[k];
}

/**
 * The text given with --xref for the `ordinal`-th cross-reference of a key: `KEY#n` first, then `KEY`
 * for every one not given by number. The marker's full name is accepted too (`XREF_Some_Key`).
 */
export function xrefValue(xrefs: Record<string, string>, key: string, ordinal = 1): string | undefined {
  const full = key === 'XREF' ? key : `XREF_${key}`;
  for (const k of [`${key}#${ordinal}`, `${full}#${ordinal}`, key, full]) {
    const v = lookup(xrefs, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The words around a cross-reference on its template line, so the checklist says which slot it is. */
function xrefContext(d: Draft, n: TemplateNode): string {
  const line = lineAt(d, n.start);
  const clean = (s: string) => s.replace(/\{==|==\}|\{>>[\s\S]*?<<\}/g, '').replace(/\s+/g, ' ');
  const before = clean(d.tpl.text.slice(line.start, n.start)).trimStart();
  const after = clean(d.tpl.text.slice(n.end, line.end)).trimEnd();
  const b = before.length > 40 ? `…${before.slice(-40)}` : before;
  const a = after.length > 40 ? `${after.slice(0, 40)}…` : after;
  return `${b}[…]${a}`;
}

/** A cross-reference: the --xref text, or a review item. */
function xref(d: Draft, n: TemplateNode, key: string, quiet: boolean): Inline {
  const ordinal = d.xrefOrdinals.get(n) ?? 1;
  const v = xrefValue(d.xrefs, key, ordinal);
  if (v !== undefined) return value(v, 200);
  const lower = key.toLowerCase();
  const count = [...d.xrefOrdinals].filter(
    ([x]) => x.marker.type === 'xref' && x.marker.key.toLowerCase() === lower,
  ).length;
  // Named as in the template (`XREF_Some_Key`), which --xref accepts as well as the key alone.
  const marker = n.content.trim();
  const label = count > 1 ? `${marker}#${ordinal}` : marker;
  return templateReview(d, n, 'xref', xrefWhy(marker, ordinal, count), {
    quiet,
    shown: `${label}: ${xrefContext(d, n)}`,
  });
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
