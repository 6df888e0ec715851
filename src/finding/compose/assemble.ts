/**
 * The last step: the template with the steps' edits applied, as document blocks. Template text that is
 * kept becomes `source` nodes (finding.md gets its bytes; Word and HTML what was parsed from them); a
 * template block with an edit inside becomes an `edited` block whose inline nodes spell it; what the
 * steps wrote goes in between. Blocks of ours inserted where the template had none of its line breaks
 * are fenced by layout blocks, so finding.md is exactly the spliced template.
 */
import {
  assertNever,
  type Block,
  type ContentBlock,
  type Inline,
  inlineLists,
  layout,
  strong,
  text,
} from '../document.js';
import type { ParsedTemplate } from '../template.js';
import { type MdBlock, type Run, type Slot, slotsOf } from '../template-markdown.js';
import type { Draft } from './draft.js';

// ------------------------------------------------------------------------------------- template inlines

/** Index of the first of `spans` (in order, not overlapping) that ends after `pos`. */
function firstEndingAfter(spans: readonly { end: number }[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The runs overlapping [start, end), in order. */
function runsIn(runs: readonly Run[], start: number, end: number): Run[] {
  const lo = firstEndingAfter(runs, start);
  const out: Run[] = [];
  for (let i = lo; i < runs.length && runs[i]!.start < end; i++) out.push(runs[i]!);
  return out;
}

function pushMerged(out: Inline[], n: Inline): void {
  const prev = out[out.length - 1];
  if (n.t === 'text' && prev?.t === 'text') out[out.length - 1] = text(prev.text + n.text);
  else if ((n.t === 'strong' || n.t === 'em') && prev?.t === n.t) {
    const children = [...prev.children];
    for (const c of n.children) pushMerged(children, c);
    out[out.length - 1] = { t: n.t, children };
  } else out.push(n);
}

/** What the template's text in [start, end) shows: its words, emphasis, code, links, comments. */
export function templateInlines(tpl: ParsedTemplate, start: number, end: number): Inline[] {
  const out: Inline[] = [];
  for (const r of runsIn(tpl.markdown.runs, start, end)) {
    const whole = r.start >= start && r.start < end;
    let n: Inline | null = null;
    switch (r.kind) {
      case 'text':
        if (r.literal) {
          const s = tpl.text.slice(Math.max(start, r.start), Math.min(end, r.end));
          if (s !== '') n = text(s);
        } else if (whole) n = text(r.text);
        break;
      case 'code':
        if (whole) n = { t: 'code', text: r.text };
        break;
      case 'link':
        if (whole) n = { t: 'link', href: r.href ?? '', children: [text(r.text)] };
        break;
      case 'comment':
        if (whole) n = { t: 'comment', children: [text(r.text)] };
        break;
      case 'break':
        if (whole) n = { t: 'break' };
        break;
      case 'open':
      case 'close':
        // A highlight the composer kept as text (inside a note): its words, not its marks.
        break;
      default:
        assertNever(r.kind);
    }
    if (!n) continue;
    if (r.italic) n = { t: 'em', children: [n] };
    if (r.bold) n = strong(n);
    pushMerged(out, n);
  }
  return out;
}

/** Template bytes [start, end) as one node: finding.md gets them as they are. */
export function sourceInline(tpl: ParsedTemplate, start: number, end: number): Inline {
  return { t: 'source', md: tpl.text.slice(start, end), children: templateInlines(tpl, start, end) };
}

// ---------------------------------------------------------------------------------------------- blocks

function padRows(rows: Inline[][][], width: number): Inline[][][] {
  return rows.map((r) => [...r, ...Array.from({ length: Math.max(0, width - r.length) }, () => [])]);
}

/** A template block kept as it is, for Word and HTML. */
function contentOf(tpl: ParsedTemplate, b: MdBlock): ContentBlock {
  const of = (s: Slot) => templateInlines(tpl, s.start, s.end);
  switch (b.kind) {
    case 'heading':
      return { t: 'heading', level: b.level, children: of(b.slot) };
    case 'paragraph':
    case 'code':
      return { t: 'paragraph', children: of(b.slot) };
    case 'item':
      return { t: 'list', ordered: b.ordered, items: [of(b.slot)] };
    case 'table':
      return {
        t: 'table',
        align: b.align,
        header: b.header.map(of),
        rows: padRows(
          b.rows.map((r) => r.map(of)),
          b.header.length,
        ),
      };
    case 'image':
      return { t: 'figure', alt: b.alt, src: b.src };
  }
}

type Part = { src: [number, number] } | { nodes: readonly Inline[]; at: number };

/**
 * A template block with edits inside: each part goes to the inline slot (heading text, paragraph, list
 * item, table cell) it lies in; the block's Markdown syntax (its `###`, `* `, pipes) goes along as
 * `source` nodes without content, so the nodes in reading order spell the block.
 */
function shape(tpl: ParsedTemplate, b: MdBlock, parts: readonly Part[]): ContentBlock {
  const slots = slotsOf(b);
  const buckets: Inline[][] = slots.map(() => []);
  const last = slots.length - 1;
  const firstFrom = (pos: number) => {
    const k = slots.findIndex((s) => s.start >= pos);
    return k === -1 ? last : k;
  };
  for (const p of parts) {
    if ('nodes' in p) {
      const k = slots.findIndex((s) => s.start <= p.at && p.at <= s.end);
      buckets[k === -1 ? firstFrom(p.at) : k]!.push(...p.nodes);
      continue;
    }
    let [a, end] = p.src;
    while (a < end) {
      const k = slots.findIndex((s) => s.start <= a && a < s.end);
      if (k !== -1) {
        const e = Math.min(end, slots[k]!.end);
        buckets[k]!.push(sourceInline(tpl, a, e));
        a = e;
      } else {
        const next = slots.find((s) => s.start > a);
        const e = Math.min(end, next ? next.start : end);
        buckets[firstFrom(a)]!.push({ t: 'source', md: tpl.text.slice(a, e), children: [] });
        a = e;
      }
    }
  }
  switch (b.kind) {
    case 'heading':
      return { t: 'heading', level: b.level, children: buckets[0]! };
    case 'paragraph':
    case 'image':
    case 'code':
      return { t: 'paragraph', children: buckets[0]! };
    case 'item':
      return { t: 'list', ordered: b.ordered, items: [buckets[0]!] };
    case 'table': {
      const header = buckets.slice(0, b.header.length);
      let k = b.header.length;
      const rows = b.rows.map((r) => {
        const cells = buckets.slice(k, k + r.length);
        k += r.length;
        return cells;
      });
      return { t: 'table', align: b.align, header, rows: padRows(rows, header.length) };
    }
  }
}

/** Does the content show anything (more than spaces and Markdown syntax)? */
function visible(nodes: readonly Inline[]): boolean {
  return nodes.some((n) =>
    n.t === 'text' ? n.text.trim() !== '' : n.t === 'source' ? visible(n.children) : n.t !== 'break',
  );
}

function isOurs(b: Block | undefined): boolean {
  return b !== undefined && b.t !== 'source' && b.t !== 'edited';
}

/**
 * Writes the document's blocks while walking the template once: kept template text, and what the edits
 * put in its place, in order. A template block is open while its parts are collected.
 */
class Assembler {
  readonly out: Block[] = [];
  private open: { block: MdBlock; parts: Part[] } | null = null;
  private readonly blocks: readonly MdBlock[];

  constructor(private readonly tpl: ParsedTemplate) {
    this.blocks = tpl.markdown.blocks;
  }

  /** The first block ending after `pos`: the one holding it, or the next one. */
  private blockFrom(pos: number): MdBlock | undefined {
    return this.blocks[firstEndingAfter(this.blocks, pos)];
  }

  private blockAt(pos: number): MdBlock | undefined {
    const b = this.blockFrom(pos);
    return b && b.start <= pos ? b : undefined;
  }

  private pushLayout(md: string): void {
    const prev = this.out[this.out.length - 1];
    if (prev?.t === 'source' && prev.blocks.length === 0)
      this.out[this.out.length - 1] = layout(prev.md + md);
    else this.out.push(layout(md));
  }

  /** Our blocks; two insertions meeting with nothing of the template between them are written back to back. */
  private pushOurs(blocks: readonly Block[]): void {
    if (isOurs(this.out[this.out.length - 1]) && isOurs(blocks[0])) this.pushLayout('');
    this.out.push(...blocks);
  }

  private partsOf(b: MdBlock): Part[] {
    if (this.open?.block !== b) {
      this.close();
      this.open = { block: b, parts: [] };
    }
    return this.open.parts;
  }

  /** The open template block: kept as it is, edited, or (nothing visible left) layout. */
  close(): void {
    if (!this.open) return;
    const { block, parts } = this.open;
    this.open = null;
    const source = this.tpl.text;
    const only = parts[0];
    if (
      parts.length === 1 &&
      only &&
      'src' in only &&
      only.src[0] === block.start &&
      only.src[1] === block.end
    ) {
      this.out.push({
        t: 'source',
        md: source.slice(block.start, block.end),
        blocks: [contentOf(this.tpl, block)],
      });
      return;
    }
    const shaped = shape(this.tpl, block, parts);
    if (parts.every((p) => 'src' in p) && !inlineLists(shaped).some(visible)) {
      this.pushLayout(parts.map((p) => ('src' in p ? source.slice(p.src[0], p.src[1]) : '')).join(''));
    } else this.out.push({ t: 'edited', block: shaped });
  }

  /** Template text [from, to), kept. */
  keep(from: number, to: number): void {
    let a = from;
    while (a < to) {
      const b = this.blockAt(a);
      if (b) {
        const e = Math.min(to, b.end);
        const parts = this.partsOf(b);
        const prev = parts[parts.length - 1];
        if (prev && 'src' in prev && prev.src[1] === a) prev.src[1] = e;
        else parts.push({ src: [a, e] });
        a = e;
      } else {
        const next = this.blockFrom(a);
        const e = Math.min(to, next ? next.start : to);
        this.close();
        this.pushLayout(this.tpl.text.slice(a, e));
        a = e;
      }
    }
  }

  /** Our inline content where a marker was, in the template block around it. */
  inline(at: number, nodes: readonly Inline[]): void {
    const b = this.blockAt(at);
    if (b) this.partsOf(b).push({ nodes, at });
    else {
      this.close();
      this.pushOurs([{ t: 'paragraph', children: [...nodes] }]);
    }
  }

  /** Our blocks where a marker was, or inserted at a position. */
  insert(at: number, inserted: readonly Block[]): void {
    const first = inserted[0];
    if (!first) return;
    const b = this.blockAt(at);
    // Inserted inside a template block after some of its text (a bullet holding AUTO): the first
    // paragraph continues that block, as it does in finding.md.
    const open = this.open;
    if (b && open?.block === b && open.parts.length > 0 && first.t === 'paragraph') {
      open.parts.push({ nodes: first.children, at });
      if (inserted.length === 1) return;
      this.close();
      this.pushLayout('\n\n');
      this.out.push(...inserted.slice(1));
      return;
    }
    this.close();
    this.pushOurs(inserted);
  }
}

/** The template with the draft's edits applied, as document blocks. */
export function assemble(d: Draft): Block[] {
  const w = new Assembler(d.tpl);
  const edits = [...d.edits].sort((x, y) => x.start - y.start || x.end - y.end);
  let cursor = 0;
  for (const e of edits) {
    if (e.start < cursor) {
      if (e.end <= cursor) continue; // inside an earlier removal
      throw new Error(`internal: overlapping template edits at ${e.start}`);
    }
    w.keep(cursor, e.start);
    if (e.with && 'inline' in e.with) w.inline(e.start, e.with.inline);
    else if (e.with) w.insert(e.start, e.with.blocks);
    cursor = e.end;
  }
  w.keep(cursor, d.tpl.text.length);
  w.close();
  return w.out;
}
