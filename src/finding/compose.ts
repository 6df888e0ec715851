/**
 * Fills a parsed template from check results by splicing at source positions: everything outside the
 * markers keeps its bytes. See docs/templates.md for what each marker turns into.
 */
import type { Bundle, Result } from '../evidence/schema.js';
import {
  checkMeta,
  isEnablementCheck,
  LABELS,
  SERVICES,
  type ServiceId,
  waives,
} from '../services/registry.js';
import { type Analysis, analyse } from './analysis.js';
import { evaluateCondition } from './condition.js';
import {
  type Answers,
  DEFAULT_TEMPLATE,
  DEFAULT_TEMPLATE_PATH,
  failSummary,
  serviceGapText,
  unknownReviews,
  type Writer,
} from './default-template.js';
import { escapeMarkdownInline as esc } from './escape.js';
import { accountsOverview, evidenceBlock } from './evidence.js';
import { type Claim, Out } from './out.js';
import { lineBounds, lineColOf, type ParsedTemplate, parseTemplate, type TemplateNode } from './template.js';
import { FinalRefused, type FindingOutput, type ReviewItem } from './types.js';

export interface ComposeInput {
  bundle: Bundle;
  results: Result[];
  template?: { text: string; path: string };
  xrefs?: Record<string, string>;
  /** The consultant's decisions (see ANSWERS), e.g. { 'personal-data': 'no' }. */
  answers?: Answers;
  final?: boolean;
}

export interface Composition {
  output: FindingOutput;
  /** Every region/resource the finding names as lacking something (for tests and audits). */
  claims: Claim[];
}

type Mode = 'review' | 'final';

interface Edit {
  start: number;
  end: number;
  out: Out;
}

interface Subsection {
  node: TemplateNode;
  services: ServiceId[];
  start: number;
  markerLineEnd: number;
  end: number;
  contentEnd: number;
  fate: 'keep' | 'unknown' | 'drop';
  hasAuto: boolean;
}

const HEADING = /^#{1,6}(?:\s|$)/;

/**
 * Results the consultant's answers take out of the finding (results.json keeps them): with no bucket
 * that may hold personal data, Macie's gaps are not worth reporting; a declined Shield Advanced
 * recommendation is not made.
 */
function waived(results: readonly Result[], answers: Answers): Result[] {
  return results.filter((r) => !(r.status === 'fail' && waives(checkMeta(r.checkId), answers)));
}

export function composeDetailed(input: ComposeInput): Composition {
  const tpl = parseTemplate(
    input.template?.text ?? DEFAULT_TEMPLATE,
    input.template?.path ?? DEFAULT_TEMPLATE_PATH,
  );
  const answers = input.answers ?? {};
  const a = analyse(input.bundle, waived(input.results, answers));
  const isDefault = input.template === undefined;
  const xrefs = input.xrefs ?? {};
  const draft = build(tpl, a, xrefs, 'review', isDefault, answers);
  if (!input.final) return draft;
  const blocking = draft.output.reviewItems.filter((i) => i.kind !== 'note');
  if (blocking.length > 0) throw new FinalRefused(blocking);
  return build(tpl, a, xrefs, 'final', isDefault, answers);
}

function toItems(out: Out): ReviewItem[] {
  return out.items.map((p) => {
    const { line, column } = lineColOf(out.text, p.offset);
    return { line, column, kind: p.kind, text: p.text, why: p.why };
  });
}

function noIssue(a: Analysis): Composition {
  const unknown = SERVICES.filter((s) => a.hasUnknown(s));
  const checked = SERVICES.map((s) => LABELS[s].title).join(', ');
  const note =
    unknown.length === 0
      ? `No finding: watchpost found every security service it checks (${checked}) enabled and configured as expected.`
      : `No gap was proven in the security services watchpost checks (${checked}), but some checks could not be assessed; review the items below before concluding that there is no issue.`;
  const out = new Out().add(`${note}\n`);
  for (const s of unknown) out.add('\n').append(unknownReviews(a, s)).add('\n');
  return {
    output: { markdown: out.text, reviewItems: toItems(out), hasGaps: false, noIssueNote: note },
    claims: [],
  };
}

function build(
  tpl: ParsedTemplate,
  a: Analysis,
  xrefs: Record<string, string>,
  mode: Mode,
  isDefault: boolean,
  answers: Answers,
): Composition {
  if (!a.results.some((r) => r.status === 'fail')) return noIssue(a);
  const w: Writer = { a, claims: [], answers };
  const text = tpl.text;
  const nodes = tpl.nodes;

  // ------------------------------------------------------------------------ lines, headings, subsections
  const subNodes = nodes.filter((n) => n.marker.type === 'subsection');
  const subLineStarts = new Set(subNodes.map((n) => lineBounds(text, n.start).start));
  const lineAt = (offset: number) => {
    const b = lineBounds(text, offset);
    return { ...b, text: text.slice(b.start, b.end) };
  };
  const isHeadingLine = (start: number) => HEADING.test(lineAt(start).text);
  const isBreakLine = (start: number) =>
    /^\s*$/.test(lineAt(start).text) || isHeadingLine(start) || subLineStarts.has(start);
  /** A list item starts a block of its own (options in bullets end with their item). */
  const isListItem = (start: number) => /^\s*(?:[-*+]|\d+[.)])\s/.test(lineAt(start).text);

  const boundaries: number[] = [];
  for (let p = tpl.bodyStart; p < text.length; ) {
    const l = lineAt(p);
    if (HEADING.test(l.text) || subLineStarts.has(l.start)) boundaries.push(l.start);
    p = l.end + 1;
  }
  const subs: Subsection[] = subNodes.map((node) => {
    const ln = lineAt(node.start);
    const end = boundaries.find((b) => b > ln.start) ?? text.length;
    let contentEnd = end;
    while (contentEnd > ln.end && /\s/.test(text[contentEnd - 1]!)) contentEnd--;
    const services = node.marker.type === 'subsection' ? node.marker.services : [];
    const fate = services.some((s) => a.hasFail(s))
      ? 'keep'
      : services.some((s) => a.hasUnknown(s))
        ? 'unknown'
        : 'drop';
    const hasAuto = nodes.some((n) => n.marker.type === 'auto' && n.start > ln.end && n.start < end);
    return { node, services, start: ln.start, markerLineEnd: ln.end, end, contentEnd, fate, hasAuto };
  });
  const subAt = (offset: number) => subs.find((s) => offset >= s.start && offset < s.end);

  // ----------------------------------------------------------------------------- edits and dead ranges
  const edits: Edit[] = [];
  const dead: [number, number][] = [];
  const isDead = (p: number) => dead.some(([s, e]) => p >= s && p < e);
  const remove = (start: number, end: number) => {
    dead.push([start, end]);
    edits.push({ start, end, out: new Out() });
  };
  const insertAt = (pos: number, out: Out) => {
    const d = dead.find(([s, e]) => pos >= s && pos < e);
    const at = d ? d[0] : pos;
    edits.push({ start: at, end: at, out });
  };

  for (const sub of subs) {
    if (sub.fate === 'drop') remove(sub.start, sub.end);
    else if (sub.fate === 'unknown') {
      const out = new Out();
      for (const s of sub.services) {
        const u = unknownReviews(a, s);
        if (u.length > 0) out.add(out.length > 0 ? '\n\n' : '\n').append(u);
      }
      dead.push([sub.markerLineEnd, sub.contentEnd]);
      edits.push({ start: sub.markerLineEnd, end: sub.contentEnd, out });
    }
  }

  // Paragraphs (for options and stripped notes).
  const paragraph = (offset: number) => {
    let { start, end } = lineAt(offset);
    if (!isHeadingLine(start)) {
      while (start > tpl.bodyStart && !isListItem(start)) {
        const prev = lineAt(start - 1);
        if (isBreakLine(prev.start)) break;
        start = prev.start;
      }
      while (end < text.length) {
        const next = lineAt(end + 1);
        if (isBreakLine(next.start) || isListItem(next.start)) break;
        end = next.end;
      }
    }
    let next = Math.min(end + 1, text.length);
    while (next < text.length) {
      const l = lineAt(next);
      if (!/^\s*$/.test(l.text)) break;
      next = Math.min(l.end + 1, text.length);
    }
    return { start, end, next };
  };

  // Options, grouped by paragraph.
  const optionNodes = nodes.filter(
    (n) => (n.marker.type === 'option' || n.marker.type === 'option-end') && !isDead(n.start),
  );
  const byPara = new Map<number, { para: ReturnType<typeof paragraph>; nodes: TemplateNode[] }>();
  for (const n of optionNodes) {
    const para = paragraph(n.start);
    const g = byPara.get(para.start) ?? { para, nodes: [] };
    g.nodes.push(n);
    byPara.set(para.start, g);
  }
  const handled = new Set<TemplateNode>();
  for (const { para, nodes: pn } of byPara.values()) {
    const decisions = pn.map((n) =>
      n.marker.type === 'option' && n.marker.condition ? evaluateCondition(n.marker.condition, a) : null,
    );
    const options = pn.filter((n) => n.marker.type === 'option');
    const allFalse = pn.every((n, i) => n.marker.type !== 'option' || decisions[i] === false);
    const first = pn[0]!;
    const last = pn[pn.length - 1]!;
    if (
      options.length > 0 &&
      allFalse &&
      first.marker.type === 'option' &&
      /^\s*(?:(?:[-*+]|\d+[.)])\s+)?$/.test(text.slice(para.start, first.start)) &&
      last.marker.type === 'option'
    ) {
      remove(para.start, para.next);
      for (const n of pn) handled.add(n);
      continue;
    }
    pn.forEach((n, i) => {
      if (handled.has(n)) return;
      handled.add(n);
      if (n.marker.type === 'option-end') {
        edits.push({ start: n.start, end: n.end, out: new Out() });
        return;
      }
      const d = decisions[i];
      if (d === true) {
        edits.push({ start: n.start, end: n.end, out: new Out() });
      } else if (d === null) {
        const label = n.marker.type === 'option' && n.marker.label ? n.marker.label : n.content.trim();
        const out = new Out()
          .item(
            'option',
            label,
            'Option without a condition: keep the text that follows (and remove this mark) or delete both.',
          )
          .add(text.slice(n.start, n.end))
          .comment(
            'Option without a condition: keep the text that follows (and remove this mark) or delete both.',
          );
        edits.push({ start: n.start, end: n.end, out });
      } else {
        const nextNode = pn[i + 1];
        let s = n.start;
        let e = nextNode ? nextNode.start : para.end;
        if (nextNode?.marker.type === 'option-end') {
          e = nextNode.end;
          handled.add(nextNode);
        }
        if (!nextNode) {
          // Take the spaces before a trailing dropped option, but never into a neighbour's edit.
          const prev = pn[i - 1];
          const bound = !prev ? para.start : decisions[i - 1] === false ? n.start : prev.end;
          while (s > bound && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
        }
        remove(s, e);
      }
    });
  }

  // Notes stripped in the final version.
  if (mode === 'final') {
    for (const n of nodes) {
      if (n.marker.type !== 'note' || isDead(n.start)) continue;
      const para = paragraph(n.start);
      if (/^\s*$/.test(text.slice(para.start, n.start) + text.slice(n.end, para.end)))
        remove(para.start, para.next);
      else remove(n.start, n.end);
    }
  }

  // Everything else.
  const xrefValue = (key: string): string | undefined => {
    if (key in xrefs) return xrefs[key];
    // The marker's full name is accepted too: --xref XREF_Some_Key=TEXT resolves {==XREF_Some_Key==}.
    const full = key === 'XREF' ? key : `XREF_${key}`;
    if (full in xrefs) return xrefs[full];
    const k = Object.keys(xrefs).find(
      (x) => x.toLowerCase() === key.toLowerCase() || x.toLowerCase() === full.toLowerCase(),
    );
    return k === undefined ? undefined : xrefs[k];
  };
  const XREF_WHY = (key: string) =>
    `Cross-reference to another section: pass --xref ${key}=<section> or fill it in by hand.`;

  const inner = (node: TemplateNode): Out => {
    const out = new Out();
    let cursor = node.contentStart;
    for (const c of node.children) {
      out.add(text.slice(cursor, c.start));
      if (c.marker.type === 'xref') {
        const v = xrefValue(c.marker.key);
        if (v !== undefined) out.add(esc(v, 200));
        else out.item('xref', c.content.trim(), XREF_WHY(c.marker.key)).add(text.slice(c.start, c.end));
      } else {
        out.add('{==').append(inner(c)).add('==}');
      }
      cursor = c.end;
    }
    out.add(text.slice(cursor, node.contentEnd));
    return out;
  };

  for (const n of nodes) {
    if (isDead(n.start) || handled.has(n)) continue;
    const m = n.marker;
    const sub = subAt(n.start);
    switch (m.type) {
      case 'subsection': {
        const s = subs.find((x) => x.node === n)!;
        // The label becomes a sub-heading below the title's level, so the text after it starts its own
        // paragraph in Markdown, HTML and Word alike.
        const out = new Out().add(`##### ${m.label}`);
        if (!isDefault && s.fate === 'keep' && !s.hasAuto) {
          const summary = s.services.filter((x) => a.hasFail(x)).map((x) => failSummary(a, x));
          // The consultant's fixed wording cannot be checked sentence by sentence; where it plainly says
          // the opposite of the evidence (e.g. "not enabled" for a service that is on somewhere), that is
          // a blocking review item, so --final cannot carry a false claim into the report.
          const wording = text.slice(s.markerLineEnd, s.contentEnd);
          const contradicted = s.services.filter((x) => wordingContradicts(wording, x, a));
          if (contradicted.length > 0) {
            out
              .add(' ')
              .review(
                'wording',
                `The wording below may contradict the evidence on ${contradicted.map((x) => LABELS[x].title).join(' and ')}`,
                `Reword this subsection: ${contradicted.map((x) => stateSummary(x, a)).join(' ')} ${summary.join(' ')}`,
              );
          } else if (mode === 'review') {
            out.add(' ').comment(summary.join(' '));
          }
        }
        edits.push({ start: n.start, end: n.end, out });
        break;
      }
      case 'screenshot': {
        const services = sub ? sub.services : SERVICES.filter((s) => a.hasFail(s) || a.hasUnknown(s));
        const label = sub ? sub.node.content.trim() : 'all services';
        const block = evidenceBlock(a, services, label);
        if (block) edits.push({ start: n.start, end: n.end, out: block });
        else {
          const out = new Out()
            .item('screenshot', n.content.trim(), 'No check results to show here: add evidence by hand.')
            .add(text.slice(n.start, n.end))
            .comment('No check results to show here: add evidence by hand.');
          edits.push({ start: n.start, end: n.end, out });
        }
        break;
      }
      case 'auto': {
        if (!sub) throw tpl.error(n.start, 'AUTO must be inside a service subsection');
        const out = new Out();
        for (const s of sub.services) {
          for (const part of [serviceGapText(w, s), unknownReviews(a, s)]) {
            if (part.length === 0) continue;
            if (out.length > 0) out.add('\n\n');
            out.append(part);
          }
        }
        edits.push({ start: n.start, end: n.end, out });
        break;
      }
      case 'xref': {
        const v = xrefValue(m.key);
        const out = new Out();
        if (v !== undefined) out.add(esc(v, 200));
        else
          out
            .item('xref', n.content.trim(), XREF_WHY(m.key))
            .add(text.slice(n.start, n.end))
            .comment(XREF_WHY(m.key));
        edits.push({ start: n.start, end: n.end, out });
        break;
      }
      case 'note': {
        const why = 'Guidance for the consultant: removed from the final version.';
        const out = new Out()
          .item('note', n.content.trim(), why)
          .add(text.slice(n.start, n.end))
          .comment(why);
        edits.push({ start: n.start, end: n.end, out });
        break;
      }
      case 'highlight': {
        const why = 'Optional wording: keep it (remove the highlight) or delete it.';
        const out = new Out()
          .item('option', n.content.trim(), why)
          .add('{==')
          .append(inner(n))
          .add('==}')
          .comment(why);
        edits.push({ start: n.start, end: n.end, out });
        break;
      }
      default:
        break;
    }
  }

  // Unknowns next to a user's own wording, in kept subsections without AUTO.
  for (const sub of subs) {
    if (sub.fate !== 'keep' || sub.hasAuto) continue;
    const out = new Out();
    for (const s of sub.services) {
      const u = unknownReviews(a, s);
      if (u.length > 0) out.add('\n\n').append(u);
    }
    if (out.length > 0) insertAt(sub.contentEnd, out);
  }

  // Services with something to say but no subsection in the template.
  const bound = new Set(subs.flatMap((s) => s.services));
  const orphans = SERVICES.filter((s) => !bound.has(s) && (a.hasFail(s) || a.hasUnknown(s)));
  if (orphans.length > 0) {
    const pos = subs.length > 0 ? subs[subs.length - 1]!.end : text.length;
    const before = text.slice(0, pos);
    const out = new Out().add(
      before.endsWith('\n\n') || pos === 0 ? '' : before.endsWith('\n') ? '\n' : '\n\n',
    );
    orphans.forEach((s, i) => {
      if (i > 0) out.add('\n\n');
      if (a.hasFail(s)) {
        out.review(
          'question',
          `${LABELS[s].title}: gaps were found, but this template has no subsection for it.`,
          `Add a subsection for it or mention it by hand. ${failSummary(a, s)}`,
        );
      }
      const u = unknownReviews(a, s);
      if (u.length > 0) out.add(a.hasFail(s) ? '\n\n' : '').append(u);
    });
    out.add(pos < text.length ? '\n\n' : '\n');
    insertAt(pos, out);
  }

  // An organization gets its roll-up before the first service subsection.
  const overview = accountsOverview(a);
  if (overview && subs.length > 0) insertAt(subs[0]!.start, overview);

  // ------------------------------------------------------------------------------------------ splice
  edits.sort((x, y) => x.start - y.start || x.end - y.end);
  const out = new Out();
  let cursor = 0;
  for (const e of edits) {
    if (e.start < cursor) {
      if (e.end <= cursor) continue; // inside an earlier removal
      throw new Error(`internal: overlapping template edits at ${e.start}`);
    }
    out.add(text.slice(cursor, e.start)).append(e.out);
    cursor = e.end;
  }
  out.add(text.slice(cursor));
  return {
    output: { markdown: out.text, reviewItems: toItems(out), hasGaps: true, noIssueNote: null },
    claims: w.claims,
  };
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

function stateSummary(service: ServiceId, a: Analysis): string {
  const results = a.forService(service).filter((r) => isEnablementCheck(service, r.checkId));
  const on = [...new Set(results.filter((r) => r.status === 'pass').map((r) => a.regionLabel(r)))];
  const off = [...new Set(results.filter((r) => r.status === 'fail').map((r) => a.regionLabel(r)))];
  const title = LABELS[service].title;
  if (on.length === 0) return `${title} was off wherever it was checked.`;
  return `${title} was on in ${esc(on.slice(0, 8).join(', '))}${off.length > 0 ? ` and off in ${esc(off.slice(0, 8).join(', '))}` : ''}.`;
}
