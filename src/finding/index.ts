/**
 * The finding "AWS Security Features Not Enabled", composed from check results and a template
 * (the built-in default, or the consultant's own: see docs/templates.md).
 */
import type { Bundle, Result } from '../evidence/schema.js';
import { composeDetailed } from './compose.js';
import type { CostEstimate } from './costs.js';
import type { Answers } from './default-template.js';
import type { Retest } from './retest.js';
import type { FindingOutput } from './types.js';

export { ANSWERS, type Answers, DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_PATH } from './default-template.js';
export type {
  Block,
  ContentBlock,
  FindingDocument,
  Inline,
  ReviewItem as DocumentReviewItem,
} from './document.js';
export { escapeMarkdownInline } from './escape.js';
export { parseTemplate } from './template.js';
export type { FindingOutput, ReviewItem, ReviewKind } from './types.js';
export { FinalRefused, TemplateError } from './types.js';

/**
 * Composes the finding: the document every renderer reads, finding.md and its review items with their
 * place in it. Throws TemplateError for a malformed template, FinalRefused (with `.items`) when
 * `final` is set and review items remain.
 */
export function composeFinding(input: {
  bundle: Bundle;
  results: Result[];
  template?: { text: string; path: string };
  xrefs?: Record<string, string>;
  answers?: Answers;
  final?: boolean;
  /** The comparison with an earlier scan (`report --previous`): a retest section. */
  retest?: Retest;
  /** The cost estimate: a cost table at `{==COSTS==}` (docs/costs.md). */
  costs?: CostEstimate;
}): FindingOutput {
  return composeDetailed(input).output;
}
