/**
 * The finding document as Word, so the consultant's review happens in Word: every review item is a
 * yellow highlight carrying a Word comment whose text is its why; a note for the consultant is a comment
 * of its own. Headings, paragraphs, evidence tables, the coverage picture and the Impact / Likelihood /
 * Recommendation sections come from the document (src/finding/document.ts).
 */
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  type Align,
  assertNever,
  type ContentBlock,
  contentBlocks,
  type FindingDocument,
  type Inline,
  plainText,
  type ReviewItem,
  reviewNote,
} from '../finding/document.js';
import { sanitizeText } from '../finding/escape.js';
import { xmlSafe } from './common.js';
import { pngSize } from './coverage.js';

export interface DocxInput {
  finding: FindingDocument;
  /** The coverage picture for `coverage.svg|png` figures; without it a placeholder line is written. */
  coveragePng?: Uint8Array;
  /**
   * Each subsection picture's PNG, by the figure's `src` (renderFigureSvg, then renderCoveragePng);
   * a subsection figure without one gets a placeholder line.
   */
  figurePngs?: Readonly<Record<string, Uint8Array>>;
  /** Comment author shown in Word. */
  author?: string;
  /** Fixed timestamp for the comments (reproducible output); default: now. */
  date?: Date;
}

const DEFAULT_WHY = 'Review: decide whether this applies, complete it, or delete it before delivery.';
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;
/** Text width of an A4/Letter page with default margins, in pixels at 96 dpi. */
const IMAGE_MAX_WIDTH = 600;
/** The same width in twentieths of a point (Word's table grid unit). */
const TEXT_WIDTH_TWIPS = IMAGE_MAX_WIDTH * 15;

/** A review item as a Word comment: its why (and the suggested wording, when there is one). */
export function reviewComment(item: ReviewItem): string {
  const note = plainText(reviewNote(item)).trim();
  return note === '' ? DEFAULT_WHY : xmlSafe(note);
}

interface Style {
  bold?: boolean;
  italics?: boolean;
  code?: boolean;
  highlight?: boolean;
}

/** Word comments: one per review item (its id), then one per lone note, numbered after them. */
class Comments {
  readonly notes: { id: number; text: string }[] = [];
  constructor(readonly items: readonly ReviewItem[]) {}
  note(text: string): number {
    const id = this.items.length + this.notes.length + 1;
    this.notes.push({ id, text });
    return id;
  }
}

function runs(nodes: readonly Inline[], comments: Comments, style: Style = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  const run = (text: string, s: Style) =>
    new TextRun({
      // Every string handed to the docx library passes xmlSafe: it escapes markup but not the characters
      // XML forbids, which would make document.xml ill-formed.
      text: xmlSafe(text),
      bold: s.bold === true,
      italics: s.italics === true,
      ...(s.code ? { font: 'Consolas' } : {}),
      ...(s.highlight ? { highlight: 'yellow' } : {}),
    });
  const anchor = (id: number, inner: ParagraphChild[]) => {
    out.push(new CommentRangeStart(id), ...inner, new CommentRangeEnd(id));
    out.push(new TextRun({ children: [new CommentReference(id)] }));
  };
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        out.push(run(n.text, style));
        break;
      case 'value':
        out.push(run(sanitizeText(n.text, n.max), style));
        break;
      case 'code':
        out.push(run(n.text, { ...style, code: true }));
        break;
      case 'strong':
        out.push(...runs(n.children, comments, { ...style, bold: true }));
        break;
      case 'em':
        out.push(...runs(n.children, comments, { ...style, italics: true }));
        break;
      case 'link':
        out.push(...runs(n.children, comments, style), run(` (${n.href})`, style));
        break;
      case 'break':
        out.push(new TextRun({ text: '', break: 1 }));
        break;
      case 'source':
        out.push(...runs(n.children, comments, style));
        break;
      case 'review':
        anchor(n.item.id, runs(n.children, comments, { ...style, highlight: true }));
        break;
      case 'comment':
        anchor(comments.note(plainText(n.children).trim()), []);
        break;
      default:
        assertNever(n);
    }
  }
  return out;
}

function alignment(a: Align) {
  return a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
}

function cell(
  nodes: Inline[],
  align: Align,
  header: boolean,
  comments: Comments,
  widthPct?: number,
): TableCell {
  return new TableCell({
    children: [
      new Paragraph({ alignment: alignment(align), children: runs(nodes, comments, { bold: header }) }),
    ],
    ...(widthPct !== undefined ? { width: { size: widthPct, type: WidthType.PERCENTAGE } } : {}),
    ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } } : {}),
  });
}

/**
 * Column widths in percent. Each column gets at least room for its longest word (a region name, "Enabled"
 * in bold: about one percent of the text width a character), then what is left goes by how much text it
 * holds (its longest cell, counted up to 120 characters), so that a column of long explanations (a cost
 * table's basis) is not squeezed into an equal share.
 */
export function columnWidths(header: readonly Inline[][], rows: readonly Inline[][][]): number[] {
  const cells = (k: number) => [plainText(header[k] ?? []), ...rows.map((r) => plainText(r[k] ?? []))];
  const cols = header.map((_, k) => {
    const texts = cells(k);
    // A loop, not Math.max(...): a cost table of 1,000 accounts has ~35,000 rows, and spreading their
    // words as arguments overflows the stack.
    let word = 0;
    let longest = Number.NEGATIVE_INFINITY;
    for (const t of texts) {
      for (const w of t.split(/\s+/)) if (w.length > word) word = w.length;
      if (t.length > longest) longest = t.length;
    }
    const min = Math.min(30, 1.15 * Math.min(word, 24) + 2.5);
    const want = Math.max(min, Math.min(120, longest));
    return { min, want };
  });
  const wanted = cols.reduce((a, c) => a + c.want, 0);
  let widths: number[];
  if (wanted <= 100) widths = cols.map((c) => (c.want / wanted) * 100);
  else {
    const mins = cols.reduce((a, c) => a + c.min, 0);
    if (mins >= 100) widths = cols.map((c) => (c.min / mins) * 100);
    else {
      const extra = cols.reduce((a, c) => a + (c.want - c.min), 0);
      widths = cols.map((c) => c.min + ((c.want - c.min) / extra) * (100 - mins));
    }
  }
  return widths.map((w) => Math.round(w));
}

function frontMatterTable(fm: Record<string, unknown>): (Paragraph | Table)[] {
  const entries = Object.entries(fm).filter(
    ([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v),
  );
  if (entries.length === 0) return [];
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: entries.map(
        ([k, v]) =>
          new TableRow({
            children: [
              new TableCell({
                width: { size: 25, type: WidthType.PERCENTAGE },
                children: [new Paragraph({ children: [new TextRun({ text: xmlSafe(k), bold: true })] })],
                shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' },
              }),
              new TableCell({ children: [new Paragraph(xmlSafe(String(v)))] }),
            ],
          }),
      ),
    }),
    new Paragraph(''),
  ];
}

function figure(b: ContentBlock & { t: 'figure' }, input: DocxInput): Paragraph[] {
  const png = b.coverage
    ? Object.hasOwn(input.figurePngs ?? {}, b.src)
      ? input.figurePngs?.[b.src]
      : undefined
    : /^coverage\.(svg|png)$/i.test(b.src)
      ? input.coveragePng
      : undefined;
  const size = png ? pngSize(png) : null;
  if (png && size) {
    const width = Math.min(IMAGE_MAX_WIDTH, size.width);
    const height = Math.round((size.height * width) / size.width);
    return [
      new Paragraph({
        children: [
          new ImageRun({
            type: 'png',
            data: png,
            transformation: { width, height },
            altText: { name: 'coverage', title: xmlSafe(b.alt), description: xmlSafe(b.alt) },
          }),
        ],
      }),
      new Paragraph({ children: [new TextRun({ text: xmlSafe(b.alt), italics: true })] }),
    ];
  }
  return [
    new Paragraph({
      children: [
        new TextRun({ text: xmlSafe(`[Picture not included: ${b.alt} (${b.src})]`), italics: true }),
      ],
    }),
  ];
}

export async function renderFindingDocx(input: DocxInput): Promise<Uint8Array> {
  const doc = input.finding;
  const comments = new Comments(doc.reviewItems);
  const blocks = contentBlocks(doc.blocks);
  const children: (Paragraph | Table)[] = [...frontMatterTable(doc.frontMatter)];
  const levels = blocks.flatMap((b) => (b.t === 'heading' ? [b.level] : []));
  const top = levels.length > 0 ? Math.min(...levels) : 1;

  for (const b of blocks) {
    switch (b.t) {
      case 'heading':
        children.push(
          new Paragraph({
            heading: HEADINGS[Math.min(5, b.level - top)]!,
            children: runs(b.children, comments),
          }),
        );
        break;
      case 'paragraph':
        children.push(new Paragraph({ children: runs(b.children, comments), spacing: { after: 120 } }));
        break;
      case 'list':
        b.items.forEach((item, i) => {
          children.push(
            b.ordered
              ? new Paragraph({
                  children: [new TextRun(`${i + 1}. `), ...runs(item, comments)],
                  indent: { left: 360 },
                })
              : new Paragraph({ children: runs(item, comments), bullet: { level: 0 } }),
          );
        });
        break;
      case 'table': {
        const widths = columnWidths(b.header, b.rows);
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: widths.map((w) => Math.round((w / 100) * TEXT_WIDTH_TWIPS)),
            rows: [
              new TableRow({
                tableHeader: true,
                children: b.header.map((c, k) => cell(c, b.align[k] ?? null, true, comments, widths[k])),
              }),
              ...b.rows.map(
                (row) =>
                  new TableRow({
                    children: row.map((c, k) => cell(c, b.align[k] ?? null, false, comments, widths[k])),
                  }),
              ),
            ],
          }),
        );
        children.push(new Paragraph(''));
        break;
      }
      case 'figure':
        children.push(...figure(b, input));
        break;
      default:
        assertNever(b);
    }
  }

  const date = input.date ?? new Date();
  const author = xmlSafe(input.author ?? 'watchpost');
  const heading = blocks.find((b) => b.t === 'heading');
  const document = new Document({
    creator: author,
    title: xmlSafe(heading ? plainText(heading.children).replace(/\s+/g, ' ').trim() : 'Finding'),
    description: 'Finding written by watchpost from scan evidence',
    comments: {
      children: [
        ...doc.reviewItems.map((item) => ({
          id: item.id,
          author,
          initials: 'WP',
          date,
          children: [new Paragraph(reviewComment(item))],
        })),
        ...comments.notes.map((n) => ({
          id: n.id,
          author,
          initials: 'WP',
          date,
          children: [new Paragraph(xmlSafe(n.text) || DEFAULT_WHY)],
        })),
      ],
    },
    sections: [{ children }],
  });
  const buf = await Packer.toBuffer(document);
  return new Uint8Array(buf);
}
