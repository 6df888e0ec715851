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

/** The runs overlapping [start, end), in order. */
function runsIn(runs: readonly Run[], start: number, end: number): Run[] {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
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

/** The template with the draft's edits applied, as document blocks. */
export function assemble(d: Draft): Block[] {
  const { tpl } = d;
  const source = tpl.text;
  const mdBlocks = tpl.markdown.blocks;
  const out: Block[] = [];
  let open: { block: MdBlock; parts: Part[] } | null = null;

  /** The first block ending after `pos`: the one holding it, or the next one. */
  const blockFrom = (pos: number): MdBlock | undefined => {
    let lo = 0;
    let hi = mdBlocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mdBlocks[mid]!.end <= pos) lo = mid + 1;
      else hi = mid;
    }
    return mdBlocks[lo];
  };
  const blockAt = (pos: number): MdBlock | undefined => {
    const b = blockFrom(pos);
    return b && b.start <= pos ? b : undefined;
  };
  const pushLayout = (md: string) => {
    const prev = out[out.length - 1];
    if (prev?.t === 'source' && prev.blocks.length === 0) out[out.length - 1] = layout(prev.md + md);
    else out.push(layout(md));
  };
  const close = () => {
    if (!open) return;
    const { block, parts } = open;
    open = null;
    const only = parts[0];
    if (
      parts.length === 1 &&
      only &&
      'src' in only &&
      only.src[0] === block.start &&
      only.src[1] === block.end
    ) {
      out.push({ t: 'source', md: source.slice(block.start, block.end), blocks: [contentOf(tpl, block)] });
      return;
    }
    const shaped = shape(tpl, block, parts);
    if (parts.every((p) => 'src' in p) && !inlineLists(shaped).some(visible)) {
      pushLayout(parts.map((p) => ('src' in p ? source.slice(p.src[0], p.src[1]) : '')).join(''));
    } else out.push({ t: 'edited', block: shaped });
  };
  const partsOf = (b: MdBlock) => {
    if (open?.block !== b) {
      close();
      open = { block: b, parts: [] };
    }
    return open.parts;
  };
  const pushOurs = (blocks: readonly Block[]) => {
    // Two insertions meeting with nothing of the template between them are written back to back.
    if (isOurs(out[out.length - 1]) && isOurs(blocks[0])) pushLayout('');
    out.push(...blocks);
  };

  const keep = (from: number, to: number) => {
    let a = from;
    while (a < to) {
      const b = blockAt(a);
      if (b) {
        const e = Math.min(to, b.end);
        const parts = partsOf(b);
        const prev = parts[parts.length - 1];
        if (prev && 'src' in prev && prev.src[1] === a) prev.src[1] = e;
        else parts.push({ src: [a, e] });
        a = e;
      } else {
        const next = blockFrom(a);
        const e = Math.min(to, next ? next.start : to);
        close();
        pushLayout(source.slice(a, e));
        a = e;
      }
    }
  };
  const inline = (at: number, nodes: readonly Inline[]) => {
    const b = blockAt(at);
    if (b) partsOf(b).push({ nodes, at });
    else {
      close();
      pushOurs([{ t: 'paragraph', children: [...nodes] }]);
    }
  };
  const blocks = (at: number, inserted: readonly Block[]) => {
    if (inserted.length === 0) return;
    const b = blockAt(at);
    const first = inserted[0]!;
    // Inserted inside a template block after some of its text (a bullet holding AUTO): the first
    // paragraph continues that block, as it does in finding.md.
    const current = open as { block: MdBlock; parts: Part[] } | null;
    if (b && current?.block === b && current.parts.length > 0 && first.t === 'paragraph') {
      current.parts.push({ nodes: first.children, at });
      if (inserted.length === 1) return;
      close();
      pushLayout('\n\n');
      out.push(...inserted.slice(1));
      return;
    }
    close();
    pushOurs(inserted);
  };

  const edits = [...d.edits].sort((x, y) => x.start - y.start || x.end - y.end);
  let cursor = 0;
  for (const e of edits) {
    if (e.start < cursor) {
      if (e.end <= cursor) continue; // inside an earlier removal
      throw new Error(`internal: overlapping template edits at ${e.start}`);
    }
    keep(cursor, e.start);
    if (e.with && 'inline' in e.with) inline(e.start, e.with.inline);
    else if (e.with) blocks(e.start, e.with.blocks);
    cursor = e.end;
  }
  keep(cursor, source.length);
  close();
  return out;
}
