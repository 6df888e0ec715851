/**
 * The Markdown of a finding template, parsed once with source positions so that the composer can keep
 * the consultant's bytes in finding.md and still give Word and HTML a structure (docs/templates.md).
 *
 * The subset: ATX headings, paragraphs (a single newline is a line break: a subsection label stands on
 * its own line), GFM pipe tables, `-`/`*`/`+`/`1.` list items, block images `![alt](src)`, fenced code,
 * inline `**bold**`, `*italic*`, `` `code` ``, `[text](url)`, backslash escapes and CriticMarkup's
 * `{==`, `==}` and `{>>comment<<}`. Runs never span a CriticMarkup delimiter, so a template can be cut at
 * any marker. The parser never throws.
 */
import type { Align } from './document.js';

export interface Run {
  kind: 'text' | 'code' | 'break' | 'link' | 'comment' | 'open' | 'close';
  /** Source range [start, end). */
  start: number;
  end: number;
  /** Text shown (escapes resolved), code or link text, comment body; '' for breaks and marks. */
  text: string;
  bold: boolean;
  italic: boolean;
  href?: string;
  /** The run's text is exactly its source range (it can be cut anywhere). */
  literal: boolean;
}

/** A source range holding inline content. */
export interface Slot {
  start: number;
  end: number;
}

interface Span {
  /** Source range of the block's lines, [start, end): from the first line's start to the last line's end. */
  start: number;
  end: number;
}

export type MdBlock =
  | (Span & { kind: 'heading'; level: number; slot: Slot })
  | (Span & { kind: 'paragraph'; slot: Slot })
  | (Span & { kind: 'item'; ordered: boolean; slot: Slot })
  | (Span & { kind: 'table'; align: Align[]; header: Slot[]; rows: Slot[][] })
  | (Span & { kind: 'image'; alt: string; src: string; slot: Slot })
  | (Span & { kind: 'code'; slot: Slot });

export interface MdDocument {
  blocks: MdBlock[];
  /** Every inline run, in source order. */
  runs: Run[];
}

/** The inline content areas of a block, in reading order. */
export function slotsOf(b: MdBlock): Slot[] {
  switch (b.kind) {
    case 'table':
      return [...b.header, ...b.rows.flat()];
    default:
      return [b.slot];
  }
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string, from: number): Line[] {
  const out: Line[] = [];
  for (let p = from; ; ) {
    const nl = text.indexOf('\n', p);
    const end = nl === -1 ? text.length : nl;
    out.push({ start: p, end, text: text.slice(p, end) });
    if (nl === -1) return out;
    p = nl + 1;
  }
}

const HEADING = /^([ \t]*)(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const IMAGE_LINE = /^!\[((?:[^[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)$/;
const TABLE_SEP = /^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^(\s{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+)(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const PUNCT = /[\\`*_{}[\]()#+\-.!|>~=<&]/;

function unescapeMd(s: string): string {
  return s.replace(/\\([\\`*_{}[\]()#+\-.!|>~=<&])/g, '$1');
}

/**
 * Parses `text` from `from` (after the front matter). Lines starting at an offset in `ownLines` are
 * blocks of their own (the template's subsection markers).
 */
export function parseMarkdown(text: string, from = 0, ownLines: ReadonlySet<number> = new Set()): MdDocument {
  const lines = linesOf(text, from);
  const blocks: MdBlock[] = [];
  const runs: Run[] = [];
  const isTableStart = (i: number) => {
    const head = lines[i];
    const sep = lines[i + 1];
    return (
      head !== undefined &&
      sep !== undefined &&
      !ownLines.has(head.start) &&
      !ownLines.has(sep.start) &&
      head.text.includes('|') &&
      TABLE_SEP.test(sep.text.trim())
    );
  };
  const startsBlock = (i: number) => {
    const l = lines[i]!;
    const t = l.text.trim();
    return (
      t === '' ||
      ownLines.has(l.start) ||
      HEADING.test(l.text) ||
      IMAGE_LINE.test(t) ||
      FENCE.test(l.text) ||
      isTableStart(i)
    );
  };
  let i = 0;
  // A byte order mark is not content.
  const bom = lines[0] && text[lines[0].start] === '\ufeff' ? 1 : 0;
  const lineStart = (l: Line) => (l === lines[0] ? l.start + bom : l.start);
  while (i < lines.length) {
    const line = lines[i]!;
    const ls = lineStart(line);
    const trimmed = line.text.trim();
    if (trimmed === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line.text);
    if (fence && !ownLines.has(line.start)) {
      const mark = fence[1]!;
      let j = i + 1;
      while (j < lines.length) {
        const f = FENCE.exec(lines[j]!.text);
        if (f && f[1]![0] === mark[0] && f[1]!.length >= mark.length) break;
        j++;
      }
      const last = lines[Math.min(j, lines.length - 1)]!;
      const body = lines.slice(i + 1, Math.min(j, lines.length));
      const slot = { start: body[0]?.start ?? line.end, end: body[body.length - 1]?.end ?? line.end };
      for (const [k, l] of body.entries()) {
        if (k > 0) runs.push(syntaxRun('break', body[k - 1]!.end, l.start));
        if (l.text !== '') runs.push({ ...syntaxRun('code', l.start, l.end), text: l.text });
      }
      blocks.push({ kind: 'code', start: line.start, end: last.end, slot });
      i = Math.min(j, lines.length - 1) + 1;
      continue;
    }
    const h = HEADING.exec(line.text.slice(ls - line.start));
    if (h) {
      // The content starts after the hashes and the spaces that follow them.
      const afterHashes = ls + h[1]!.length + h[2]!.length;
      const rest = text.slice(afterHashes, line.end);
      const contentStart = afterHashes + (rest.length - rest.trimStart().length);
      const slot = { start: contentStart, end: contentStart + h[3]!.length };
      scanInline(text, slot, runs);
      blocks.push({ kind: 'heading', start: line.start, end: line.end, level: h[2]!.length, slot });
      i++;
      continue;
    }
    if (ownLines.has(line.start)) {
      const slot = { start: ls, end: line.end };
      scanInline(text, slot, runs);
      blocks.push({ kind: 'paragraph', start: line.start, end: line.end, slot });
      i++;
      continue;
    }
    const img = IMAGE_LINE.exec(trimmed);
    if (img) {
      const lead = line.text.length - line.text.trimStart().length;
      const slot = { start: line.start + lead, end: line.start + lead + trimmed.length };
      scanInline(text, slot, runs);
      blocks.push({
        kind: 'image',
        start: line.start,
        end: line.end,
        alt: unescapeMd(img[1]!),
        src: img[2]!,
        slot,
      });
      i++;
      continue;
    }
    if (isTableStart(i)) {
      const header = cellsOf(text, line);
      const align = splitAlign(lines[i + 1]!.text);
      let j = i + 2;
      const rows: Slot[][] = [];
      for (const c of header) scanInline(text, c, runs);
      while (
        j < lines.length &&
        lines[j]!.text.trim() !== '' &&
        lines[j]!.text.includes('|') &&
        !ownLines.has(lines[j]!.start)
      ) {
        const cells = cellsOf(text, lines[j]!).slice(0, header.length);
        for (const c of cells) scanInline(text, c, runs);
        rows.push(cells);
        j++;
      }
      blocks.push({
        kind: 'table',
        start: line.start,
        end: lines[j - 1]!.end,
        align: header.map((_, k) => align[k] ?? null),
        header,
        rows,
      });
      i = j;
      continue;
    }
    const li = LIST_ITEM.exec(line.text);
    if (li) {
      let j = i + 1;
      // Indented continuation lines belong to the item.
      while (
        j < lines.length &&
        /^\s{2,}\S/.test(lines[j]!.text) &&
        !LIST_ITEM.test(lines[j]!.text) &&
        !startsBlock(j)
      )
        j++;
      const slot = { start: line.start + li[1]!.length, end: lines[j - 1]!.end };
      scanInline(text, slot, runs);
      blocks.push({
        kind: 'item',
        start: line.start,
        end: lines[j - 1]!.end,
        ordered: /\d/.test(li[1]!.trim()[0]!),
        slot,
      });
      i = j;
      continue;
    }
    // Paragraph: until a blank line or the start of another block.
    let j = i + 1;
    while (j < lines.length && !startsBlock(j) && !LIST_ITEM.test(lines[j]!.text)) j++;
    const slot = { start: ls, end: lines[j - 1]!.end };
    scanInline(text, slot, runs);
    blocks.push({ kind: 'paragraph', start: line.start, end: lines[j - 1]!.end, slot });
    i = j;
  }
  return { blocks, runs };
}

function syntaxRun(kind: Run['kind'], start: number, end: number): Run {
  return { kind, start, end, text: '', bold: false, italic: false, literal: false };
}

/** The cells of a table row, as trimmed source ranges (`\|` and pipes in code spans do not split). */
function cellsOf(text: string, line: Line): Slot[] {
  let s = line.start;
  let e = line.end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (text[s] === '|') s++;
  if (e > s && text[e - 1] === '|' && text[e - 2] !== '\\') e--;
  const cells: Slot[] = [];
  let cellStart = s;
  let inCode = false;
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    cells.push({ start: a, end: b });
  };
  for (let k = s; k < e; k++) {
    const c = text[k];
    if (c === '\\' && text[k + 1] === '|') k++;
    else if (c === '`') inCode = !inCode;
    else if (c === '|' && !inCode) {
      push(cellStart, k);
      cellStart = k + 1;
    }
  }
  push(cellStart, e);
  return cells;
}

function splitAlign(line: string): Align[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|')) s = s.slice(0, -1);
  return s.split('|').map((cell) => {
    const c = cell.trim();
    const l = c.startsWith(':');
    const r = c.endsWith(':');
    return l && r ? 'center' : r ? 'right' : l ? 'left' : null;
  });
}

const DELIMITERS = ['{==', '==}', '{>>'];

/**
 * The first position at or after `k` (before `end`) where `test` holds, or `end`. Remembers its last
 * answer, which also holds for every position up to it: a scan that asks position after position (each
 * `[` of a line looking for its `]`) stays linear instead of quadratic.
 */
function nextWhere(end: number, test: (p: number) => boolean): (k: number) => number {
  let from = -1;
  let at = -1;
  return (k) => {
    if (k > from && k <= at) return at;
    let p = k;
    while (p < end && !test(p)) p++;
    from = k;
    at = p;
    return p;
  };
}

/** Is the character at `p` escaped by a backslash (an odd run of them before it)? */
function escaped(text: string, p: number): boolean {
  let n = 0;
  while (p - n - 1 >= 0 && text[p - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/**
 * Inline runs of a slot. Emphasis is only recognised when a matching closer exists in the same slot, so
 * stray `*` (e.g. `s3:*`) stays text; emphasis marks themselves produce no run.
 */
function scanInline(text: string, slot: Slot, runs: Run[]): void {
  const end = slot.end;
  let bold = false;
  let italic = false;
  let depth = 0;
  let lit = -1;
  const flush = (upto: number) => {
    if (lit >= 0 && upto > lit) {
      runs.push({
        kind: 'text',
        start: lit,
        end: upto,
        text: text.slice(lit, upto),
        bold,
        italic,
        literal: true,
      });
    }
    lit = -1;
  };
  const push = (r: Omit<Run, 'bold' | 'italic'>) => runs.push({ ...r, bold, italic });
  const nextDelimiter = nextWhere(end, (p) => DELIMITERS.some((d) => text.startsWith(d, p)));
  const hasDelimiter = (from: number, to: number) => nextDelimiter(from) + 3 <= to;
  const nextCommentClose = nextWhere(end, (p) => text.startsWith('<<}', p));
  // A link's text ends at its first unescaped `]` on the line.
  const nextBracketClose = nextWhere(end, (p) => (text[p] === ']' && !escaped(text, p)) || text[p] === '\n');
  const nextHrefEnd = nextWhere(end, (p) => text[p] === ')' || /\s/.test(text[p]!));
  // Where a `*` could close an italic span (a blank line ends the search).
  const nextCloser = nextWhere(
    end,
    (p) =>
      (text[p] === '\n' && text[p + 1] === '\n') ||
      (text[p] === '*' && text[p + 1] !== '*' && text[p - 1] !== '*' && /\S/.test(text[p - 1] ?? '')),
  );
  let k = slot.start;
  while (k < end) {
    const c = text[k]!;
    if (c === '\\' && k + 1 < end && PUNCT.test(text[k + 1]!)) {
      flush(k);
      push({ kind: 'text', start: k, end: k + 2, text: text[k + 1]!, literal: false });
      k += 2;
      continue;
    }
    if (c === '\n') {
      // Spaces before the line break and the next line's indentation are layout, not content.
      let t = k;
      while (t > slot.start && t > lit && lit >= 0 && (text[t - 1] === ' ' || text[t - 1] === '\t')) t--;
      flush(t);
      let e = k + 1;
      while (e < end && (text[e] === ' ' || text[e] === '\t')) e++;
      push({ kind: 'break', start: t, end: e, text: '', literal: false });
      k = e;
      continue;
    }
    if (text.startsWith('{==', k)) {
      flush(k);
      push({ kind: 'open', start: k, end: k + 3, text: '', literal: false });
      depth++;
      k += 3;
      continue;
    }
    if (text.startsWith('==}', k) && depth > 0) {
      flush(k);
      push({ kind: 'close', start: k, end: k + 3, text: '', literal: false });
      depth--;
      k += 3;
      continue;
    }
    if (text.startsWith('{>>', k)) {
      const close = nextCommentClose(k + 3);
      if (close + 3 <= end) {
        flush(k);
        push({
          kind: 'comment',
          start: k,
          end: close + 3,
          text: text.slice(k + 3, close).trim(),
          literal: false,
        });
        k = close + 3;
        continue;
      }
    }
    if (c === '`') {
      const close = text.indexOf('`', k + 1);
      if (close !== -1 && close < end && !hasDelimiter(k, close)) {
        flush(k);
        push({ kind: 'code', start: k, end: close + 1, text: text.slice(k + 1, close), literal: false });
        k = close + 1;
        continue;
      }
    }
    if (c === '[') {
      const close = nextBracketClose(k + 1);
      const hrefEnd = text[close] === ']' && text[close + 1] === '(' ? nextHrefEnd(close + 2) : end;
      if (hrefEnd < end && text[hrefEnd] === ')' && !hasDelimiter(k, hrefEnd + 1)) {
        flush(k);
        push({
          kind: 'link',
          start: k,
          end: hrefEnd + 1,
          text: unescapeMd(text.slice(k + 1, close)),
          href: text.slice(close + 2, hrefEnd),
          literal: false,
        });
        k = hrefEnd + 1;
        continue;
      }
    }
    if (text.startsWith('**', k) && k + 1 < end) {
      if (
        bold ||
        (text.indexOf('**', k + 2) !== -1 && text.indexOf('**', k + 2) < end && /\S/.test(text[k + 2] ?? ''))
      ) {
        flush(k);
        bold = !bold;
        k += 2;
        continue;
      }
    } else if (c === '*') {
      const next = text[k + 1] ?? '';
      const closer = k + 1 < end ? nextCloser(k + 1) : end;
      if (italic || (/\S/.test(next) && closer < end && text[closer] === '*')) {
        flush(k);
        italic = !italic;
        k++;
        continue;
      }
    }
    if (lit < 0) lit = k;
    k++;
  }
  flush(end);
}
