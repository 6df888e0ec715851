/**
 * Neutralises untrusted strings (names, ARNs, tags read from the audited account) for inline use in the
 * finding's Markdown: in prose, in GFM table cells and inside CriticMarkup highlights and comments.
 *
 * - control characters, newlines and tabs become one space; bidi controls and zero-width marks are dropped;
 * - the result is capped (on the raw text, so an escape is never cut in half) and ends with "…" if cut;
 * - HTML and Markdown punctuation that can start or end a construct is backslash-escaped (CommonMark escapes):
 *   \ ` * _ [ ] # ! | ~ + = < > & and both braces (not parentheses: no link can form without brackets); a leading `-` too. Escaping `{`, `}` and `=` breaks every CriticMarkup delimiter ({== ==} {>> <<} {++ {-- {~~),
 *   and `\|` keeps a pipe from splitting a table cell.
 */

export const DEFAULT_MAX_LENGTH = 160;

// C0 controls, DEL, C1 controls (newlines and tabs included: they become a space).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Bidi embeddings/overrides/isolates, LRM/RLM/ALM, zero-width characters and the BOM.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Parentheses need no escape: with `[` and `]` escaped no link or image can form around them.
const MARKDOWN_SPECIAL = /[\\`*_[\]#!|~+={}<>&]/g;

/** Plain text with controls and invisible marks removed and length capped; no Markdown escaping. */
export function sanitizeText(value: string, maxLength = DEFAULT_MAX_LENGTH): string {
  let s = value.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(s);
  if (chars.length > maxLength) s = `${chars.slice(0, Math.max(1, maxLength - 1)).join('')}…`;
  return s;
}

/** Escapes an untrusted string for inline Markdown (prose, table cells, CriticMarkup). */
export function escapeMarkdownInline(value: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return sanitizeText(value, maxLength)
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(/^(\s*)-/, '$1\\-');
}
