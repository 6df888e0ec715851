/**
 * The finding as a Word document, so the consultant's review happens in Word: every review item
 * (`{==…==}`, with or without `{>>why<<}`) becomes a yellow highlight carrying a Word comment whose text
 * is the why. Headings, paragraphs, evidence tables, the coverage picture and the Impact / Likelihood /
 * Recommendation sections come from the finding Markdown.
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
import { xmlSafe } from './common.js';
import { pngSize } from './coverage.js';
import { type Align, type Inline, parseFindingMarkdown, type ReviewItem } from './finding-markdown.js';

export interface DocxInput {
  findingMarkdown: string;
  /** The coverage picture for `![…](coverage.svg|png)`; without it a placeholder line is written. */
  coveragePng?: Uint8Array;
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

/** Review items as Word comments: the why text (or a default prompt) quoting the highlighted text. */
export function reviewComment(item: ReviewItem): string {
  return item.why && item.why !== '' ? xmlSafe(item.why) : DEFAULT_WHY;
}

function runs(inlines: Inline[], opts: { bold?: boolean } = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  const stack: number[] = [];
  const closeTo = (depth: number) => {
    while (stack.length > depth) {
      const id = stack.pop()!;
      out.push(new CommentRangeEnd(id));
      out.push(new TextRun({ children: [new CommentReference(id)] }));
    }
  };
  for (const run of inlines) {
    if (run.kind === 'break') {
      out.push(new TextRun({ text: '', break: 1 }));
      continue;
    }
    if (run.kind === 'anchor') {
      out.push(new CommentRangeStart(run.review));
      out.push(new CommentRangeEnd(run.review));
      out.push(new TextRun({ children: [new CommentReference(run.review)] }));
      continue;
    }
    let common = 0;
    while (common < stack.length && common < run.reviews.length && stack[common] === run.reviews[common])
      common++;
    closeTo(common);
    for (const id of run.reviews.slice(common)) {
      out.push(new CommentRangeStart(id));
      stack.push(id);
    }
    // Every string handed to the docx library passes xmlSafe: it escapes markup but not the characters
    // XML forbids, which would make document.xml ill-formed.
    const text = xmlSafe(run.href !== undefined ? `${run.text} (${run.href})` : run.text);
    out.push(
      new TextRun({
        text,
        bold: run.bold || opts.bold === true,
        italics: run.italic,
        ...(run.code ? { font: 'Consolas' } : {}),
        ...(run.reviews.length > 0 ? { highlight: 'yellow' } : {}),
      }),
    );
  }
  closeTo(0);
  return out;
}

function alignment(a: Align) {
  return a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
}

function cell(inlines: Inline[], align: Align, header: boolean): TableCell {
  return new TableCell({
    children: [new Paragraph({ alignment: alignment(align), children: runs(inlines, { bold: header }) })],
    ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } } : {}),
  });
}

export async function renderFindingDocx(input: DocxInput): Promise<Uint8Array> {
  const doc = parseFindingMarkdown(input.findingMarkdown);
  const children: (Paragraph | Table)[] = [];
  const levels = doc.blocks.flatMap((b) => (b.type === 'heading' ? [b.level] : []));
  const top = levels.length > 0 ? Math.min(...levels) : 1;

  const fm = Object.entries(doc.frontMatter).filter(
    ([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v),
  );
  if (fm.length > 0) {
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: fm.map(
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
    );
    children.push(new Paragraph(''));
  }

  for (const b of doc.blocks) {
    switch (b.type) {
      case 'heading':
        children.push(
          new Paragraph({ heading: HEADINGS[Math.min(5, b.level - top)]!, children: runs(b.inlines) }),
        );
        break;
      case 'paragraph':
        children.push(new Paragraph({ children: runs(b.inlines), spacing: { after: 120 } }));
        break;
      case 'list':
        b.items.forEach((item, i) => {
          children.push(
            b.ordered
              ? new Paragraph({ children: [new TextRun(`${i + 1}. `), ...runs(item)], indent: { left: 360 } })
              : new Paragraph({ children: runs(item), bullet: { level: 0 } }),
          );
        });
        break;
      case 'table':
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                tableHeader: true,
                children: b.header.map((c, k) => cell(c, b.align[k] ?? null, true)),
              }),
              ...b.rows.map(
                (row) => new TableRow({ children: row.map((c, k) => cell(c, b.align[k] ?? null, false)) }),
              ),
            ],
          }),
        );
        children.push(new Paragraph(''));
        break;
      case 'image': {
        const size = input.coveragePng ? pngSize(input.coveragePng) : null;
        if (input.coveragePng && size && /^coverage\.(svg|png)$/i.test(b.src)) {
          const width = Math.min(IMAGE_MAX_WIDTH, size.width);
          const height = Math.round((size.height * width) / size.width);
          children.push(
            new Paragraph({
              children: [
                new ImageRun({
                  type: 'png',
                  data: input.coveragePng,
                  transformation: { width, height },
                  altText: { name: 'coverage', title: xmlSafe(b.alt), description: xmlSafe(b.alt) },
                }),
              ],
            }),
          );
          children.push(new Paragraph({ children: [new TextRun({ text: xmlSafe(b.alt), italics: true })] }));
        } else {
          children.push(
            new Paragraph({
              children: [
                new TextRun({ text: xmlSafe(`[Picture not included: ${b.alt} (${b.src})]`), italics: true }),
              ],
            }),
          );
        }
        break;
      }
    }
  }

  const date = input.date ?? new Date();
  const author = xmlSafe(input.author ?? 'watchpost');
  const document = new Document({
    creator: author,
    title: xmlSafe(doc.blocks.find((b) => b.type === 'heading')?.text ?? 'Finding'),
    description: 'Finding written by watchpost from scan evidence',
    comments: {
      children: doc.reviewItems.map((item) => ({
        id: item.id,
        author,
        initials: 'WP',
        date,
        children: [new Paragraph(reviewComment(item))],
      })),
    },
    sections: [{ children }],
  });
  const buf = await Packer.toBuffer(document);
  return new Uint8Array(buf);
}
