/**
 * Reads a finding.md as a Markdown and CriticMarkup tool downstream would: blocks, the words each shows,
 * and its review marks (`{==passage==}` with the `{>>why<<}` that follows it, a lone `{>>comment<<}`).
 * Tests only: watchpost itself never reads its own output (the renderers read the finding document). It
 * uses the template's Markdown parser, so it reads the same subset.
 */
import { parse as parseYaml } from 'yaml';
import { parseMarkdown, type Run, type Slot } from '../../src/finding/template-markdown.js';

export interface TextRun {
  kind: 'text';
  text: string;
  bold: boolean;
  italic: boolean;
  code: boolean;
  /** Review marks around this run, outermost first. */
  reviews: number[];
}
export type Inline = TextRun | { kind: 'break' } | { kind: 'anchor'; review: number };

export type Block =
  | { type: 'heading'; level: number; text: string; inlines: Inline[] }
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { type: 'image'; alt: string; src: string };

export interface ReadReview {
  /** 1-based, in the order of the opening marks. */
  id: number;
  /** A highlight (with the comment that follows it, if any), or a comment on its own. */
  kind: 'highlight' | 'comment';
  /** The highlighted words ('' for a lone comment). */
  text: string;
  why: string | null;
  /** The enclosing highlight of a nested one. */
  parent: number | null;
}

export interface ReadFinding {
  frontMatter: Record<string, unknown>;
  blocks: Block[];
  reviewItems: ReadReview[];
}

/** Words of a run list (breaks become spaces, comment anchors vanish). */
export function plainText(inlines: Inline[]): string {
  return inlines
    .map((r) => (r.kind === 'text' ? r.text : r.kind === 'break' ? ' ' : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

export function readFinding(md: string): ReadFinding {
  const fm = FRONT_MATTER.exec(md);
  let frontMatter: Record<string, unknown> = {};
  if (fm) {
    try {
      const v: unknown = parseYaml(fm[1]!);
      if (v && typeof v === 'object' && !Array.isArray(v)) frontMatter = v as Record<string, unknown>;
    } catch {
      // Malformed front matter reads as none.
    }
  }
  const { blocks, runs } = parseMarkdown(md, fm ? fm[0].length : 0);
  const items: ReadReview[] = [];
  const inlinesOf = (slot: Slot): Inline[] => {
    const mine = runs.filter((r) => r.start >= slot.start && r.end <= slot.end);
    const out: Inline[] = [];
    const open: { id: number; from: number }[] = [];
    let words = '';
    const closeTop = (next: Run | undefined): boolean => {
      const top = open.pop()!;
      const item = items[top.id - 1]!;
      item.text = words.slice(top.from).replace(/\s+/g, ' ').trim();
      if (next?.kind === 'comment') {
        item.why = next.text;
        return true;
      }
      return false;
    };
    for (let i = 0; i < mine.length; i++) {
      const r = mine[i]!;
      switch (r.kind) {
        case 'open': {
          const id = items.length + 1;
          items.push({
            id,
            kind: 'highlight',
            text: '',
            why: null,
            parent: open[open.length - 1]?.id ?? null,
          });
          open.push({ id, from: words.length });
          break;
        }
        case 'close': {
          const next = mine[i + 1];
          if (closeTop(next && next.start === r.end ? next : undefined)) i++;
          break;
        }
        case 'comment': {
          const id = items.length + 1;
          items.push({
            id,
            kind: 'comment',
            text: '',
            why: r.text,
            parent: open[open.length - 1]?.id ?? null,
          });
          out.push({ kind: 'anchor', review: id });
          break;
        }
        case 'break':
          out.push({ kind: 'break' });
          words += ' ';
          break;
        default: {
          const text = r.kind === 'link' ? `${r.text} (${r.href})` : r.text;
          out.push({
            kind: 'text',
            text,
            bold: r.bold,
            italic: r.italic,
            code: r.kind === 'code',
            reviews: open.map((o) => o.id),
          });
          words += text;
        }
      }
    }
    while (open.length > 0) closeTop(undefined);
    return out;
  };
  const out: Block[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        const inlines = inlinesOf(b.slot);
        out.push({ type: 'heading', level: b.level, text: plainText(inlines), inlines });
        break;
      }
      case 'paragraph':
      case 'code':
        out.push({ type: 'paragraph', inlines: inlinesOf(b.slot) });
        break;
      case 'item': {
        const prev = out[out.length - 1];
        const item = inlinesOf(b.slot);
        if (prev?.type === 'list' && prev.ordered === b.ordered) prev.items.push(item);
        else out.push({ type: 'list', ordered: b.ordered, items: [item] });
        break;
      }
      case 'table':
        out.push({
          type: 'table',
          header: b.header.map(inlinesOf),
          rows: b.rows.map((r) => r.map(inlinesOf)),
        });
        break;
      case 'image':
        out.push({ type: 'image', alt: b.alt, src: b.src });
        break;
    }
  }
  return { frontMatter, blocks: out, reviewItems: items };
}
