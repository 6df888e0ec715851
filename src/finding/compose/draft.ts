/**
 * The finding while it is composed: the parsed template, what the results say, and the edits the steps
 * have decided so far, as source ranges of the template with what replaces them. Nothing is written until
 * `assemble` turns the edited template into the document; until then every step sees the template's own
 * positions, and text a step removed is "dead" for the steps after it.
 */
import type { ServiceId } from '../../services/registry.js';
import type { Analysis } from '../analysis.js';
import type { CostEstimate } from '../costs.js';
import type { UnknownPolicy } from '../default-template.js';
import type { Block, Claim, Inline } from '../document.js';
import type { ProseContext } from '../prose.js';
import type { Retest } from '../retest.js';
import { lineBounds, type ParsedTemplate, type TemplateNode } from '../template.js';

export type Mode = 'review' | 'final';

/** What takes the place of a template range: inline content (in its paragraph), blocks, or nothing. */
export type Replacement = { inline: Inline[] } | { blocks: Block[] } | null;

export interface Edit {
  start: number;
  end: number;
  with: Replacement;
}

export interface Subsection {
  node: TemplateNode;
  services: ServiceId[];
  /** Start of the marker's line; end of that line; where the next subsection or heading begins. */
  start: number;
  markerLineEnd: number;
  end: number;
  /** `end` without the blank lines before it. */
  contentEnd: number;
  /**
   * keep: a bound service has a gap; accepted: none has, the client accepted some (compose/accepted.ts);
   * unknown: none has, some result is unknown; drop: all is fine.
   */
  fate: 'keep' | 'accepted' | 'unknown' | 'drop';
  hasAuto: boolean;
  /** A sentence of the consultant's was found false and is to go (compose/wording.ts): ours must follow. */
  reworded?: boolean;
}

export interface Draft {
  readonly tpl: ParsedTemplate;
  readonly a: Analysis;
  readonly ctx: ProseContext & { readonly claims: Claim[] };
  readonly mode: Mode;
  /** The built-in template (our own wording everywhere: no wording checks, no summaries). */
  readonly isDefault: boolean;
  readonly xrefs: Record<string, string>;
  /** What becomes of checks that could not be assessed (`--answer unknown=…`). */
  readonly unknowns: UnknownPolicy;
  /** The comparison with an earlier scan (`report --previous`), for the retest section; null without one. */
  readonly retest: Retest | null;
  /** The cost estimate (docs/costs.md), for the cost table; null with `--no-costs`. */
  readonly costs: CostEstimate | null;
  /** Line starts of the subsection markers. */
  readonly markerLines: ReadonlySet<number>;
  subsections: Subsection[];
  readonly edits: Edit[];
  /** Template ranges removed so far. */
  readonly dead: [number, number][];
  /** Markers a step has already dealt with. */
  readonly handled: Set<TemplateNode>;
  /** Each cross-reference's place among those of its key, 1-based, in template order (`--xref KEY#n`). */
  readonly xrefOrdinals: ReadonlyMap<TemplateNode, number>;
}

const HEADING = /^#{1,6}(?:\s|$)/;

/** The line holding `offset`: [start, end) without its newline. */
export function lineAt(d: Draft, offset: number): { start: number; end: number; text: string } {
  const b = lineBounds(d.tpl.text, offset);
  return { ...b, text: d.tpl.text.slice(b.start, b.end) };
}

export function isHeadingLine(d: Draft, start: number): boolean {
  return HEADING.test(lineAt(d, start).text);
}

/** Every highlight of the template, nested ones included, in document order. */
export function allNodes(nodes: readonly TemplateNode[]): TemplateNode[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children)]);
}

function xrefOrdinals(tpl: ParsedTemplate): Map<TemplateNode, number> {
  const seen = new Map<string, number>();
  const out = new Map<TemplateNode, number>();
  for (const n of allNodes(tpl.nodes)) {
    if (n.marker.type !== 'xref') continue;
    const key = n.marker.key.toLowerCase();
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    out.set(n, k);
  }
  return out;
}

export function newDraft(
  fields: Omit<Draft, 'markerLines' | 'subsections' | 'edits' | 'dead' | 'handled' | 'xrefOrdinals'>,
): Draft {
  const { tpl } = fields;
  const markerLines = new Set(
    tpl.nodes.filter((n) => n.marker.type === 'subsection').map((n) => lineBounds(tpl.text, n.start).start),
  );
  return {
    ...fields,
    markerLines,
    subsections: [],
    edits: [],
    dead: [],
    handled: new Set(),
    xrefOrdinals: xrefOrdinals(tpl),
  };
}

/** Lines that end a paragraph: blank, a heading, a subsection marker. */
function isBreakLine(d: Draft, start: number): boolean {
  return /^\s*$/.test(lineAt(d, start).text) || isHeadingLine(d, start) || d.markerLines.has(start);
}

/** A list item starts a paragraph of its own (options in bullets end with their item). */
function isListItem(d: Draft, start: number): boolean {
  return /^\s*(?:[-*+]|\d+[.)])\s/.test(lineAt(d, start).text);
}

/**
 * The paragraph around `offset` as options and notes see it: [start, end) are its lines, `next` is where
 * the following non-blank line starts (removing [start, next) takes its blank lines too).
 */
export function paragraphAt(d: Draft, offset: number): { start: number; end: number; next: number } {
  const text = d.tpl.text;
  let { start, end } = lineAt(d, offset);
  if (!isHeadingLine(d, start)) {
    while (start > d.tpl.bodyStart && !isListItem(d, start)) {
      const prev = lineAt(d, start - 1);
      if (isBreakLine(d, prev.start)) break;
      start = prev.start;
    }
    while (end < text.length) {
      const next = lineAt(d, end + 1);
      if (isBreakLine(d, next.start) || isListItem(d, next.start)) break;
      end = next.end;
    }
  }
  let next = Math.min(end + 1, text.length);
  while (next < text.length) {
    const l = lineAt(d, next);
    if (!/^\s*$/.test(l.text)) break;
    next = Math.min(l.end + 1, text.length);
  }
  return { start, end, next };
}

export function isDead(d: Draft, p: number): boolean {
  return d.dead.some(([s, e]) => p >= s && p < e);
}

/** Removes [start, end) of the template; later steps leave what is in it alone. */
export function remove(d: Draft, start: number, end: number): void {
  d.dead.push([start, end]);
  d.edits.push({ start, end, with: null });
}

/** Replaces [start, end) of the template (a marker, mostly). */
export function replace(d: Draft, start: number, end: number, by: Replacement): void {
  d.edits.push({ start, end, with: by });
}

/** Inserts blocks at `pos`, or where the removed range holding `pos` began. */
export function insertAt(d: Draft, pos: number, blocks: Block[]): void {
  const dead = d.dead.find(([s, e]) => pos >= s && pos < e);
  const at = dead ? dead[0] : pos;
  d.edits.push({ start: at, end: at, with: { blocks } });
}

/**
 * The template text that will end up just before `pos` once the removals so far are made: what precedes
 * the removed ranges that end at `pos`. Insertions use it to choose the blank lines they start with.
 */
export function textBefore(d: Draft, pos: number): string {
  let p = pos;
  for (let moved = true; moved; ) {
    moved = false;
    for (const [s, e] of d.dead) {
      if (e === p && s < p) {
        p = s;
        moved = true;
      }
    }
  }
  return d.tpl.text.slice(0, p);
}

/** The subsection holding `offset`, if any. */
export function subsectionAt(d: Draft, offset: number): Subsection | undefined {
  return d.subsections.find((s) => offset >= s.start && offset < s.end);
}
