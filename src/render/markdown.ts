/**
 * finding.md from the finding document: the template's bytes where it kept them (`source` nodes), our
 * own blocks in GFM, review items as CriticMarkup `{==passage==}{>>why<<}`. Untrusted text is escaped here
 * (escapeMarkdownInline), so no name can open a highlight, a comment, a tag or a table cell.
 *
 * Layout: blocks are written one after the other; two of our blocks in a row are separated by a blank
 * line, and template blocks carry their own line breaks (layout `source` blocks between them).
 */
import {
  assertNever,
  type Block,
  type ContentBlock,
  type FindingDocument,
  type Inline,
  type ReviewItem,
  reviewNote,
} from '../finding/document.js';
import { escapeMarkdownInline } from '../finding/escape.js';

export interface MarkdownOutput {
  markdown: string;
  /** Where each review item's `{==` is, 1-based, by item id (index id - 1). */
  places: { line: number; column: number }[];
}

/** Makes a comment body safe: no CriticMarkup closing delimiter, no newlines. */
function commentSafe(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/<<\}/g, '<< }')
    .replace(/==\}/g, '== }');
}

class Writer {
  out = '';
  readonly offsets = new Map<ReviewItem, number>();
  add(s: string): void {
    this.out += s;
  }
}

function inlines(w: Writer, nodes: readonly Inline[]): void {
  for (const n of nodes) inline(w, n);
}

/** Inline content as Markdown into a string (comment bodies, which hold no review items). */
function inlineText(nodes: readonly Inline[]): string {
  const w = new Writer();
  inlines(w, nodes);
  return w.out;
}

function inline(w: Writer, n: Inline): void {
  switch (n.t) {
    case 'text':
      w.add(n.text);
      return;
    case 'value':
      w.add(escapeMarkdownInline(n.text, n.max));
      return;
    case 'strong':
      w.add('**');
      inlines(w, n.children);
      w.add('**');
      return;
    case 'em':
      w.add('*');
      inlines(w, n.children);
      w.add('*');
      return;
    case 'code':
      w.add(`\`${n.text}\``);
      return;
    case 'link':
      w.add('[');
      inlines(w, n.children);
      w.add(`](${n.href})`);
      return;
    case 'break':
      w.add('\n');
      return;
    case 'review':
      w.offsets.set(n.item, w.out.length);
      w.add('{==');
      inlines(w, n.children);
      w.add('==}');
      if (!n.quiet) w.add(`{>>${commentSafe(inlineText(reviewNote(n.item)))}<<}`);
      return;
    case 'comment':
      w.add(`{>>${commentSafe(inlineText(n.children))}<<}`);
      return;
    case 'source':
      w.add(n.md);
      return;
    default:
      assertNever(n);
  }
}

function row(w: Writer, cells: readonly Inline[][]): void {
  w.add('| ');
  cells.forEach((c, i) => {
    if (i > 0) w.add(' | ');
    inlines(w, c);
  });
  w.add(' |');
}

/** One of our blocks, in GFM. */
function content(w: Writer, b: ContentBlock): void {
  switch (b.t) {
    case 'heading':
      w.add(`${'#'.repeat(b.level)} `);
      inlines(w, b.children);
      return;
    case 'paragraph':
      inlines(w, b.children);
      return;
    case 'list':
      b.items.forEach((item, i) => {
        if (i > 0) w.add('\n');
        w.add(b.ordered ? `${i + 1}. ` : '- ');
        inlines(w, item);
      });
      return;
    case 'table': {
      row(w, b.header);
      const rule = b.align.map((a) =>
        a === 'center' ? ':---:' : a === 'right' ? '---:' : a === 'left' ? ':---' : '---',
      );
      w.add(`\n| ${rule.join(' | ')} |`);
      for (const r of b.rows) {
        w.add('\n');
        row(w, r);
      }
      return;
    }
    case 'figure':
      w.add(`![${b.alt.replace(/[\\[\]]/g, '\\$&')}](${b.src})`);
      return;
    default:
      assertNever(b);
  }
}

/** A template block we changed inside: its inline nodes in order spell it (syntax included). */
function edited(w: Writer, b: ContentBlock): void {
  switch (b.t) {
    case 'heading':
    case 'paragraph':
      inlines(w, b.children);
      return;
    case 'list':
      for (const item of b.items) inlines(w, item);
      return;
    case 'table':
      for (const c of [...b.header, ...b.rows.flat()]) inlines(w, c);
      return;
    case 'figure':
      content(w, b);
      return;
    default:
      assertNever(b);
  }
}

function isOurs(b: Block): boolean {
  return b.t !== 'source' && b.t !== 'edited';
}

export function renderFindingMarkdown(doc: FindingDocument): MarkdownOutput {
  const w = new Writer();
  let prev: Block | null = null;
  for (const b of doc.blocks) {
    if (prev && isOurs(prev) && isOurs(b)) w.add('\n\n');
    switch (b.t) {
      case 'source':
        w.add(b.md);
        break;
      case 'edited':
        edited(w, b.block);
        break;
      default:
        content(w, b);
    }
    prev = b;
  }
  const lineStarts = [0];
  for (let i = w.out.indexOf('\n'); i !== -1; i = w.out.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const places = doc.reviewItems.map((item) => {
    const offset = w.offsets.get(item);
    if (offset === undefined) throw new Error(`internal: review item ${item.id} is not in the document`);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  });
  return { markdown: w.out, places };
}
