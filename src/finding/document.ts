/**
 * The finding as one typed document: composed once (src/finding/compose/), rendered to Markdown
 * (src/render/markdown.ts), Word (docx.ts) and HTML (html.ts). No renderer parses Markdown we wrote.
 *
 * Words are of two kinds. `text` is ours: renderers escape it for their format, and finding.md gets it as
 * is, so it holds no Markdown syntax. `value` is untrusted (a name, ARN or tag from the audited account,
 * an --xref text): every renderer sanitises it (controls, bidi marks, length) and escapes it for its own
 * format. The consultant's template is carried as `source` nodes: finding.md gets its bytes unchanged,
 * Word and HTML render what was parsed from them.
 */
import type { Result } from '../evidence/schema.js';
import type { ServiceId } from '../services/registry.js';
import { sanitizeText } from './escape.js';
import type { ReviewKind } from './types.js';

export type Inline =
  /** Our own words. */
  | { t: 'text'; text: string }
  /** Untrusted text, cut to `max` characters (see escape.ts). */
  | { t: 'value'; text: string; max: number }
  | { t: 'strong'; children: Inline[] }
  | { t: 'em'; children: Inline[] }
  | { t: 'code'; text: string }
  /** A link of the template, shown as its text and target, never live. */
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'break' }
  /** A passage the consultant must settle: highlighted, with the item's why as its comment. */
  | { t: 'review'; item: ReviewItem; children: Inline[]; quiet?: true }
  /** A note for the consultant that is not a review item (in Word a comment, in HTML a marked note). */
  | { t: 'comment'; children: Inline[] }
  /**
   * Template text kept verbatim: finding.md gets `md`; Word and HTML render `children` (empty for
   * Markdown syntax such as a heading's `###` or a table's pipes).
   */
  | { t: 'source'; md: string; children: Inline[] };

export type Align = 'left' | 'center' | 'right' | null;

/** What Word and HTML lay out. */
export type ContentBlock =
  | { t: 'heading'; level: number; children: Inline[] }
  | { t: 'paragraph'; children: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'table'; align: Align[]; header: Inline[][]; rows: Inline[][][] }
  /**
   * A picture. With `coverage`, the coverage picture of a subsection's services, drawn from the results
   * the finding uses (waived ones are not among them): Markdown links `src` (an SVG written next to
   * finding.md, with a PNG of the same name), Word embeds its PNG, HTML its SVG. Without, `coverage.svg` /
   * `coverage.png` (a template's own image) is the whole estate's picture; any other picture is named only.
   */
  | { t: 'figure'; alt: string; src: string; coverage?: FigureCoverage };

/** What a subsection's coverage picture shows. */
export interface FigureCoverage {
  /** The subsection's services: the picture's columns. */
  services: ServiceId[];
  /** The finding's results of those services (shared, not copied): the picture's cells. */
  results: readonly Result[];
}

export type Block =
  | ContentBlock
  /**
   * Bytes of the template kept unchanged: finding.md gets `md`, Word and HTML render `blocks` (empty for
   * layout: the front matter's bytes, blank lines, the line breaks around what we inserted).
   */
  | { t: 'source'; md: string; blocks: ContentBlock[] }
  /**
   * A block of the template that watchpost changed inside (a cross-reference filled, an option decided,
   * a review mark added). finding.md gets its inline nodes in order: the template's bytes, its Markdown
   * syntax included, are `source` nodes; Word and HTML render `block` like any other.
   */
  | { t: 'edited'; block: ContentBlock };

/** Something the consultant must decide before the finding is issued. */
export interface ReviewItem {
  /** 1-based, in document order (assigned when the document is finished). */
  id: number;
  kind: ReviewKind;
  /** Plain text of the passage, for the command line's checklist. */
  text: string;
  /** Why it needs a decision, what to do. */
  why: Inline[];
  /** `--final` refuses while a blocking item remains; notes are not blocking (they are dropped). */
  blocking: boolean;
  /** Wording that could replace the passage, when watchpost has one (shown with the why). */
  suggestion?: Inline[];
}

/** What every renderer says about a review item: its why, then the suggested wording when there is one. */
export function reviewNote(item: ReviewItem): Inline[] {
  return item.suggestion ? [...item.why, text(' Suggested wording: '), ...item.suggestion] : item.why;
}

/** A region or resource the finding names as lacking something; must be backed by a `fail` result. */
export interface Claim {
  checkId: string;
  accountId: string;
  region: string;
  resource: string | null;
}

export interface FindingDocument {
  /** The template's front matter (key: value pairs), shown as a table in Word and HTML. */
  frontMatter: Record<string, unknown>;
  blocks: Block[];
  /** Every review node's item, in document order (ids 1…n). */
  reviewItems: ReviewItem[];
  /** False when no check failed: then the document is a short "no issue" note. */
  hasGaps: boolean;
  noIssueNote: string | null;
  /** Every region/resource the finding names as lacking something (checked by the property tests). */
  claims: Claim[];
}

/** For the `default` of a switch that handles every case: a new case is a compile error there. */
export function assertNever(x: never): never {
  throw new Error(`internal: unhandled ${JSON.stringify(x)}`);
}

// ------------------------------------------------------------------------------------------- builders

export function text(s: string): Inline {
  return { t: 'text', text: s };
}

/** Default cap of an untrusted string (see escape.ts). */
export const VALUE_MAX = 160;

export function value(s: string, max = VALUE_MAX): Inline {
  return { t: 'value', text: s, max };
}

export function strong(...children: Inline[]): Inline {
  return { t: 'strong', children };
}

export function comment(...children: Inline[]): Inline {
  return { t: 'comment', children };
}

export function paragraph(...children: (Inline | readonly Inline[])[]): ContentBlock {
  return { t: 'paragraph', children: children.flat() };
}

export function heading(level: number, ...children: Inline[]): ContentBlock {
  return { t: 'heading', level, children };
}

export function bullets(items: Inline[][]): ContentBlock {
  return { t: 'list', ordered: false, items };
}

/** A table without column alignment; cells are inline content. */
export function table(header: Inline[][], rows: Inline[][][]): ContentBlock {
  return { t: 'table', align: header.map(() => null), header, rows };
}

export function figure(alt: string, src: string, coverage?: FigureCoverage): ContentBlock {
  return coverage ? { t: 'figure', alt, src, coverage } : { t: 'figure', alt, src };
}

/**
 * The file name of a subsection's coverage picture: `coverage-<label>.svg`, the label in lower-case
 * letters, digits and hyphens only (never `coverage.svg`, the whole estate's).
 */
export function figureFileName(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `coverage-${slug || 'figure'}.svg`;
}

/** The PNG drawn from a coverage picture's SVG: the same name, `.png`. */
export function figurePngName(svgName: string): string {
  return svgName.replace(/\.svg$/i, '.png');
}

/** The subsection coverage pictures of a document, in document order (their names are unique). */
export function coverageFigures(
  blocks: readonly Block[],
): (ContentBlock & { t: 'figure'; coverage: FigureCoverage })[] {
  const out: (ContentBlock & { t: 'figure'; coverage: FigureCoverage })[] = [];
  for (const b of blocks) {
    const c = b.t === 'edited' ? b.block : b.t === 'source' ? null : b;
    if (c?.t === 'figure' && c.coverage)
      out.push(c as ContentBlock & { t: 'figure'; coverage: FigureCoverage });
  }
  return out;
}

/** Markdown layout with no content (blank lines between parts); Word and HTML skip it. */
export function layout(md: string): Block {
  return { t: 'source', md, blocks: [] };
}

/**
 * The document of these blocks, its review items numbered in document order (the order of finding.md)
 * and listed.
 */
export function findingDocument(
  doc: Pick<FindingDocument, 'blocks'> & Partial<Omit<FindingDocument, 'blocks' | 'reviewItems'>>,
): FindingDocument {
  const items: ReviewItem[] = [];
  const walk = (nodes: readonly Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'review') {
        n.item.id = items.length + 1;
        items.push(n.item);
      }
      if ('children' in n) walk(n.children);
    }
  };
  for (const b of doc.blocks) {
    if (b.t === 'source') continue;
    for (const l of inlineLists(b.t === 'edited' ? b.block : b)) walk(l);
  }
  // Two subsections of one label would share a file name: the later ones get `-2`, `-3`…
  const used = new Set<string>();
  for (const f of coverageFigures(doc.blocks)) {
    let name = f.src;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = f.src.replace(/\.svg$/i, `-${k}.svg`);
    used.add(name.toLowerCase());
    f.src = name;
  }
  return {
    frontMatter: doc.frontMatter ?? {},
    blocks: doc.blocks,
    reviewItems: items,
    hasGaps: doc.hasGaps ?? true,
    noIssueNote: doc.noIssueNote ?? null,
    claims: doc.claims ?? [],
  };
}

// ------------------------------------------------------------------------------------------- reading

/** The blocks Word and HTML lay out: template blocks unwrapped, consecutive list items of one list joined. */
export function contentBlocks(blocks: readonly Block[]): ContentBlock[] {
  const out: ContentBlock[] = [];
  const push = (b: ContentBlock) => {
    const prev = out[out.length - 1];
    if (b.t === 'list' && prev?.t === 'list' && prev.ordered === b.ordered) {
      out[out.length - 1] = { ...prev, items: [...prev.items, ...b.items] };
    } else out.push(b);
  };
  for (const b of blocks) {
    switch (b.t) {
      case 'source':
        for (const c of b.blocks) push(c);
        break;
      case 'edited':
        push(b.block);
        break;
      default:
        push(b);
    }
  }
  return out;
}

/** Every inline list of a content block, in reading order. */
export function inlineLists(b: ContentBlock): Inline[][] {
  switch (b.t) {
    case 'heading':
    case 'paragraph':
      return [b.children];
    case 'list':
      return b.items;
    case 'table':
      return [...b.header, ...b.rows.flat()];
    case 'figure':
      return [];
  }
}

/** The words of inline content, as a reader sees them (marks and syntax gone, untrusted text sanitised). */
export function plainText(inlines: readonly Inline[]): string {
  let s = '';
  for (const n of inlines) {
    switch (n.t) {
      case 'text':
      case 'code':
        s += n.text;
        break;
      case 'value':
        s += sanitizeText(n.text, n.max);
        break;
      case 'break':
        s += ' ';
        break;
      case 'link':
        s += `${plainText(n.children)} (${n.href})`;
        break;
      case 'strong':
      case 'em':
      case 'review':
      case 'source':
        s += plainText(n.children);
        break;
      case 'comment':
        break;
      default:
        assertNever(n);
    }
  }
  return s;
}
