/**
 * A parser for exactly the Markdown subset the finding uses, shared by the HTML and DOCX renderers:
 * YAML front matter, ATX headings, paragraphs (single newlines kept as line breaks, because the finding
 * puts a subsection label on its own line), GFM pipe tables, `-`/`*`/`1.` lists, block images
 * `![alt](src)`, inline `**bold**`, `*italic*`, `` `code` ``, `[text](url)`, backslash escapes, and
 * CriticMarkup review marks: `{==highlight==}` optionally followed by `{>>why<<}`; highlights may nest.
 * A lone `{>>comment<<}` is a review item with no highlighted text.
 *
 * The parser never throws: unbalanced marks are closed at the end of their block.
 */
import { parse as parseYaml } from 'yaml';

export interface TextRun {
  kind: 'text';
  text: string;
  bold: boolean;
  italic: boolean;
  code: boolean;
  /** Review items covering this run, outermost first (empty when not highlighted). */
  reviews: number[];
  /** Link target for `[text](url)`; renderers show it as text, never as a live link. */
  href?: string;
}
export interface BreakRun {
  kind: 'break';
}
/** A review comment with no highlighted text (`{>>…<<}` on its own). */
export interface AnchorRun {
  kind: 'anchor';
  review: number;
}
export type Inline = TextRun | BreakRun | AnchorRun;

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: number; inlines: Inline[]; text: string }
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'table'; align: Align[]; header: Inline[][]; rows: Inline[][][] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'image'; alt: string; src: string };

export interface ReviewItem {
  /** 1-based, in document order of the opening mark. */
  id: number;
  /** The highlighted text, marks stripped ('' for a lone comment). */
  text: string;
  /** The comment that followed the highlight, or null. */
  why: string | null;
  /** Id of the enclosing highlight for nested marks, else null. */
  parent: number | null;
}

export interface FindingDocument {
  frontMatter: Record<string, unknown>;
  blocks: Block[];
  reviewItems: ReviewItem[];
}

/** `Impact: Medium` → { label: 'Impact', value: 'Medium' }; null for other headings. */
export function ratingOf(headingText: string): { label: string; value: string } | null {
  const m = /^(Impact|Likelihood|Risk|Severity)\s*:\s*(.+)$/i.exec(headingText.trim());
  return m ? { label: m[1]!, value: m[2]!.trim() } : null;
}

/** Plain text of a run list (breaks become spaces, anchors vanish). */
export function plainText(inlines: Inline[]): string {
  return inlines
    .map((r) => (r.kind === 'text' ? r.text : r.kind === 'break' ? ' ' : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function parseFindingMarkdown(source: string): FindingDocument {
  let body = source.replace(/^\uFEFF/, '');
  let frontMatter: Record<string, unknown> = {};
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    try {
      const parsed: unknown = parseYaml(fm[1]!);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        frontMatter = parsed as Record<string, unknown>;
      }
    } catch {
      // Malformed front matter is shown as nothing rather than breaking the report.
    }
    body = body.slice(fm[0].length);
  }
  const ctx: InlineContext = { items: [] };
  const blocks = parseBlocks(body.split(/\r?\n/), ctx);
  return { frontMatter, blocks, reviewItems: ctx.items };
}

// ------------------------------------------------------------------------------------------------ blocks

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const IMAGE_LINE = /^!\[((?:[^[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)$/;
const TABLE_SEP = /^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;

function isTableStart(lines: string[], i: number): boolean {
  const head = lines[i];
  const sep = lines[i + 1];
  return head !== undefined && sep !== undefined && head.includes('|') && TABLE_SEP.test(sep.trim());
}

function parseBlocks(lines: string[], ctx: InlineContext): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '') {
      i++;
      continue;
    }
    const h = HEADING.exec(trimmed);
    if (h) {
      const inlines = parseInline(h[2]!, ctx);
      blocks.push({ type: 'heading', level: h[1]!.length, inlines, text: plainText(inlines) });
      i++;
      continue;
    }
    const img = IMAGE_LINE.exec(trimmed);
    if (img) {
      blocks.push({ type: 'image', alt: unescapeMd(img[1]!), src: img[2]! });
      i++;
      continue;
    }
    if (isTableStart(lines, i)) {
      const header = splitRow(line);
      const align = splitRow(lines[i + 1]!).map(alignOf);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && lines[i]!.includes('|')) {
        const cells = splitRow(lines[i]!);
        while (cells.length < header.length) cells.push('');
        rows.push(cells.slice(0, header.length).map((c) => parseInline(c, ctx)));
        i++;
      }
      blocks.push({
        type: 'table',
        align: header.map((_, k) => align[k] ?? null),
        header: header.map((c) => parseInline(c, ctx)),
        rows,
      });
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li) {
      const ordered = /\d/.test(li[1]![0]!);
      const items: Inline[][] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]!);
        if (!m || /\d/.test(m[1]![0]!) !== ordered) break;
        let text = m[2]!;
        i++;
        // Indented continuation lines belong to the item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]!) && !LIST_ITEM.exec(lines[i]!)) {
          text += `\n${lines[i]!.trim()}`;
          i++;
        }
        items.push(parseInline(text, ctx));
      }
      blocks.push({ type: 'list', ordered, items });
      continue;
    }
    // Paragraph: until a blank line or the start of another block.
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      const t = l.trim();
      if (t === '' || HEADING.test(t) || IMAGE_LINE.test(t) || isTableStart(lines, i)) break;
      if (para.length > 0 && LIST_ITEM.test(l)) break;
      para.push(l.replace(/[ \t]+$/, ''));
      i++;
    }
    blocks.push({ type: 'paragraph', inlines: parseInline(para.join('\n'), ctx) });
  }
  return blocks;
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k]!;
    if (c === '\\' && s[k + 1] === '|') {
      cur += '\\|';
      k++;
    } else if (c === '`') {
      inCode = !inCode;
      cur += c;
    } else if (c === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

function alignOf(sep: string): Align {
  const s = sep.trim();
  const l = s.startsWith(':');
  const r = s.endsWith(':');
  return l && r ? 'center' : r ? 'right' : l ? 'left' : null;
}

function unescapeMd(s: string): string {
  return s.replace(/\\([\\`*_{}[\]()#+\-.!|>~=<&])/g, '$1');
}

// ------------------------------------------------------------------------------------------------ inline

interface InlineContext {
  items: ReviewItem[];
}

interface OpenHighlight {
  id: number;
  textStart: number; // index into the plain-text buffer of the current block
}

/**
 * Inline parser: a single left-to-right scan with a stack of open highlights. Emphasis is only
 * recognised when a matching closer exists in the same block, so stray `*` (e.g. `s3:*`) stays text.
 */
export function parseInline(src: string, ctx: InlineContext): Inline[] {
  const out: Inline[] = [];
  const open: OpenHighlight[] = [];
  let bold = false;
  let italic = false;
  let plain = ''; // plain text seen so far in this block, for review item text
  let buf = '';

  const flush = (code = false, href?: string) => {
    if (buf === '') return;
    const run: TextRun = { kind: 'text', text: buf, bold, italic, code, reviews: open.map((o) => o.id) };
    if (href !== undefined) run.href = href;
    const prev = out[out.length - 1];
    if (
      !code &&
      href === undefined &&
      prev?.kind === 'text' &&
      !prev.code &&
      prev.href === undefined &&
      prev.bold === bold &&
      prev.italic === italic &&
      sameIds(prev.reviews, run.reviews)
    ) {
      prev.text += buf;
    } else out.push(run);
    plain += buf;
    buf = '';
  };

  const closeHighlight = (k: number): number => {
    flush();
    const top = open.pop()!;
    const item = ctx.items.find((x) => x.id === top.id)!;
    item.text = plain.slice(top.textStart).replace(/\s+/g, ' ').trim();
    // A comment directly after the closing mark explains this highlight.
    if (src.startsWith('{>>', k)) {
      const end = src.indexOf('<<}', k + 3);
      if (end !== -1) {
        item.why = src.slice(k + 3, end).trim();
        return end + 3;
      }
    }
    return k;
  };

  let k = 0;
  while (k < src.length) {
    const c = src[k]!;
    if (c === '\\' && k + 1 < src.length && /[\\`*_{}[\]()#+\-.!|>~=<&]/.test(src[k + 1]!)) {
      buf += src[k + 1];
      k += 2;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ kind: 'break' });
      plain += ' ';
      k++;
      continue;
    }
    if (src.startsWith('{==', k)) {
      flush();
      const id = ctx.items.length + 1;
      ctx.items.push({ id, text: '', why: null, parent: open[open.length - 1]?.id ?? null });
      open.push({ id, textStart: plain.length });
      k += 3;
      continue;
    }
    if (src.startsWith('==}', k) && open.length > 0) {
      k = closeHighlight(k + 3);
      continue;
    }
    if (src.startsWith('{>>', k)) {
      const end = src.indexOf('<<}', k + 3);
      if (end !== -1) {
        flush();
        const id = ctx.items.length + 1;
        ctx.items.push({
          id,
          text: '',
          why: src.slice(k + 3, end).trim(),
          parent: open[open.length - 1]?.id ?? null,
        });
        out.push({ kind: 'anchor', review: id });
        k = end + 3;
        continue;
      }
    }
    if (c === '`') {
      const end = src.indexOf('`', k + 1);
      if (end !== -1) {
        flush();
        buf = src.slice(k + 1, end);
        flush(true);
        k = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const m = /^\[((?:[^\]\\\n]|\\.)*)\]\(([^)\s]*)\)/.exec(src.slice(k));
      if (m) {
        flush();
        buf = unescapeMd(m[1]!);
        flush(false, m[2]!);
        k += m[0].length;
        continue;
      }
    }
    if (src.startsWith('**', k)) {
      if (bold || (src.indexOf('**', k + 2) !== -1 && /\S/.test(src[k + 2] ?? ''))) {
        flush();
        bold = !bold;
        k += 2;
        continue;
      }
    } else if (c === '*') {
      const next = src[k + 1] ?? '';
      if (italic || (/\S/.test(next) && hasCloser(src, k + 1))) {
        flush();
        italic = !italic;
        k++;
        continue;
      }
    }
    buf += c;
    k++;
  }
  flush();
  while (open.length > 0) closeHighlight(src.length);
  return out;
}

function hasCloser(src: string, from: number): boolean {
  for (let k = from; k < src.length; k++) {
    if (src[k] === '\n' && src[k + 1] === '\n') return false;
    if (src[k] === '*' && src[k + 1] !== '*' && src[k - 1] !== '*' && /\S/.test(src[k - 1] ?? ''))
      return true;
  }
  return false;
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
