/** A Markdown text under construction that remembers where its review items are. */
import { sanitizeText } from './escape.js';
import type { ReviewKind } from './types.js';

export interface PendingItem {
  offset: number;
  kind: ReviewKind;
  text: string;
  why: string;
}

/** A region or resource the finding names as lacking something; must be backed by a `fail` result. */
export interface Claim {
  checkId: string;
  accountId: string;
  region: string;
  resource: string | null;
}

/** Makes a comment body safe: no CriticMarkup closing delimiter, no newlines. */
function commentSafe(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/<<\}/g, '<< }')
    .replace(/==\}/g, '== }');
}

export class Out {
  text = '';
  readonly items: PendingItem[] = [];

  add(s: string): this {
    this.text += s;
    return this;
  }

  /**
   * Appends a review item as `{==shown==}{>>why<<}`. `shown` is Markdown (already escaped);
   * `why` must be built from our words and escaped names.
   */
  review(kind: ReviewKind, shown: string, why: string): this {
    this.items.push({ offset: this.text.length, kind, text: plainOf(shown), why: plainOf(why) });
    this.text += `{==${shown}==}{>>${commentSafe(why)}<<}`;
    return this;
  }

  /** Records a review item at the current position without writing anything (the caller writes the mark). */
  item(kind: ReviewKind, text: string, why: string): this {
    this.items.push({
      offset: this.text.length,
      kind,
      text: sanitizeText(text, 200),
      why: sanitizeText(why, 400),
    });
    return this;
  }

  /** A lone CriticMarkup comment (information for the consultant, not a review item). */
  comment(text: string): this {
    this.text += `{>>${commentSafe(text)}<<}`;
    return this;
  }

  append(other: Out): this {
    const base = this.text.length;
    for (const it of other.items) this.items.push({ ...it, offset: it.offset + base });
    this.text += other.text;
    return this;
  }

  get length(): number {
    return this.text.length;
  }
}

/** Markdown → the plain text shown in the CLI checklist (escapes and marks removed). */
export function plainOf(md: string): string {
  return sanitizeText(
    md.replace(/\{==|==\}|\{>>|<<\}/g, '').replace(/\\([\\`*_{}[\]()#+\-.!|>~=<&])/g, '$1'),
    400,
  );
}
