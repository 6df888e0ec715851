/**
 * Steps that decide what of the template's own text stays: options (by their conditions) and, in the
 * final version, the notes for the consultant.
 */
import { evaluateCondition } from '../condition.js';
import { comment, text } from '../document.js';
import type { TemplateNode } from '../template.js';
import { type Draft, isDead, paragraphAt, remove, replace, subsectionAt } from './draft.js';
import { type Inference, inferOption, plainWords } from './infer.js';
import { templateReview } from './markers.js';

/**
 * Options, paragraph by paragraph (a list item is a paragraph): a true condition keeps the text and drops
 * the mark; a false one drops both, and the whole paragraph when every option in it is false and it starts
 * with one; an option without a condition stays highlighted for the consultant.
 */
export function decideOptions(d: Draft): void {
  const source = d.tpl.text;
  const optionNodes = d.tpl.nodes.filter(
    (n) => (n.marker.type === 'option' || n.marker.type === 'option-end') && !isDead(d, n.start),
  );
  const byParagraph = new Map<number, { para: ReturnType<typeof paragraphAt>; nodes: TemplateNode[] }>();
  for (const n of optionNodes) {
    const para = paragraphAt(d, n.start);
    const g = byParagraph.get(para.start) ?? { para, nodes: [] };
    g.nodes.push(n);
    byParagraph.set(para.start, g);
  }
  for (const { para, nodes } of byParagraph.values()) {
    // An option's words: its label and the text it governs (up to the next option mark or the paragraph's end).
    const inferred = nodes.map((n, i): Inference | null => {
      if (n.marker.type !== 'option' || n.marker.condition) return null;
      const to = nodes[i + 1]?.start ?? para.end;
      const words = plainWords(`${n.marker.label} ${source.slice(n.end, to)}`);
      return inferOption(d, words, subsectionAt(d, n.start), plainWords(n.marker.label));
    });
    const decisions = nodes.map((n, i) => {
      if (n.marker.type !== 'option') return null;
      if (n.marker.condition) return evaluateCondition(n.marker.condition, d.a);
      const inf = inferred[i]!;
      return 'keep' in inf ? inf.keep : null;
    });
    const options = nodes.filter((n) => n.marker.type === 'option');
    const allFalse = nodes.every((n, i) => n.marker.type !== 'option' || decisions[i] === false);
    const first = nodes[0]!;
    const last = nodes[nodes.length - 1]!;
    if (
      options.length > 0 &&
      allFalse &&
      first.marker.type === 'option' &&
      /^\s*(?:(?:[-*+]|\d+[.)])\s+)?$/.test(source.slice(para.start, first.start)) &&
      last.marker.type === 'option'
    ) {
      remove(d, para.start, para.next);
      for (const n of nodes) d.handled.add(n);
      continue;
    }
    nodes.forEach((n, i) => {
      if (d.handled.has(n)) return;
      d.handled.add(n);
      if (n.marker.type === 'option-end') {
        replace(d, n.start, n.end, null);
        return;
      }
      const decision = decisions[i];
      const inf = inferred[i];
      if (decision === true) {
        // An option watchpost decided says why in review mode, so the consultant can overrule it.
        replace(
          d,
          n.start,
          n.end,
          inf && 'keep' in inf && d.mode === 'review'
            ? {
                inline: [
                  comment(
                    text(
                      `watchpost kept this option: ${inf.why}. Write OPTION[condition] to decide otherwise.`,
                    ),
                  ),
                ],
              }
            : null,
        );
      } else if (decision === null) {
        const label = n.marker.type === 'option' && n.marker.label ? n.marker.label : n.content.trim();
        const why =
          inf && 'open' in inf
            ? inf.open
            : 'Option without a condition: keep the text that follows (and remove this mark) or delete both.';
        // The mark stays until the consultant decides; a space keeps it apart from text written right
        // after it ("…PII leakage==}Amazon Macie…" would read "leakageAmazon" once comments are hidden).
        const glued = n.end < source.length && !/\s/.test(source[n.end]!);
        replace(d, n.start, n.end, {
          inline: [templateReview(d, n, 'option', why, { shown: label }), ...(glued ? [text(' ')] : [])],
        });
      } else {
        const nextNode = nodes[i + 1];
        let s = n.start;
        let e = nextNode ? nextNode.start : para.end;
        if (nextNode?.marker.type === 'option-end') {
          e = nextNode.end;
          d.handled.add(nextNode);
        }
        // The first of the options that are dropped up to the paragraph's end takes the spaces before it
        // with it (no "attackers. " left at a line's end), but never into a neighbour's edit.
        // (Only when nothing follows: an `{==/OPTION==}` after it lets the paragraph's text go on.)
        const restDropped = nodes
          .slice(i + 1)
          .every((x, k) => x.marker.type === 'option' && decisions[i + 1 + k] === false);
        if (restDropped && decisions[i - 1] !== false) {
          const prev = nodes[i - 1];
          const bound = prev ? prev.end : para.start;
          while (s > bound && (source[s - 1] === ' ' || source[s - 1] === '\t')) s--;
        }
        remove(d, s, e);
      }
    });
  }
}

/** The final version drops the notes for the consultant, with their paragraph when a note stood alone. */
export function stripNotesForFinal(d: Draft): void {
  if (d.mode !== 'final') return;
  const source = d.tpl.text;
  for (const n of d.tpl.nodes) {
    if (n.marker.type !== 'note' || isDead(d, n.start)) continue;
    const para = paragraphAt(d, n.start);
    if (/^\s*$/.test(source.slice(para.start, n.start) + source.slice(n.end, para.end)))
      remove(d, para.start, para.next);
    else remove(d, n.start, n.end);
  }
}
