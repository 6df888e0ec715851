/** Public types of the finding composer (re-exported from index.ts). */
import type { FindingDocument } from './document.js';

export type ReviewKind = 'option' | 'xref' | 'note' | 'unknown' | 'question' | 'screenshot' | 'wording';

/** Something the consultant must look at before the finding is issued. Line/column are 1-based, in the output. */
export interface ReviewItem {
  line: number;
  column: number;
  kind: ReviewKind;
  text: string;
  why: string;
}

export interface FindingOutput {
  /** The composed finding, which every renderer reads. */
  document: FindingDocument;
  /** finding.md (src/render/markdown.ts). */
  markdown: string;
  reviewItems: ReviewItem[];
  hasGaps: boolean;
  noIssueNote: string | null;
}

/** A malformed template: one-line message, with the file and the 1-based line and column of the fault. */
export class TemplateError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, message: string) {
    super(`${file}:${line}:${column}: ${message.replace(/[\r\n]+/g, ' ')}`);
    this.name = 'TemplateError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** `final: true` was asked while review items remain; `items` lists them with their line numbers. */
export class FinalRefused extends Error {
  readonly items: ReviewItem[];
  constructor(items: ReviewItem[]) {
    super(
      `the finding still has ${items.length} unresolved item${items.length === 1 ? '' : 's'}: resolve them or use review mode`,
    );
    this.name = 'FinalRefused';
    this.items = items;
  }
}
