/**
 * What a service's sentences in the default finding say of some results (its checks' `prose` and the
 * service's own), as a reader sees them, and what they claim: for the tests of a check's sentences.
 */
import type { Bundle, Result } from '../../src/evidence/schema.js';
import { analyse } from '../../src/finding/analysis.js';
import { type Answers, serviceGapText } from '../../src/finding/default-template.js';
import { type Claim, type ContentBlock, inlineLists, plainText } from '../../src/finding/document.js';
import { proseContext } from '../../src/finding/prose.js';
import type { ServiceId } from '../../src/services/registry.js';
import { account, bundle } from '../finding/helpers.js';

export interface Spoken {
  blocks: ContentBlock[];
  /** Each paragraph and list item, as plain text. */
  passages: string[];
  /** The passages joined by spaces. */
  text: string;
  claims: Claim[];
}

export function spoken(
  service: ServiceId,
  results: readonly Result[],
  opts: { bundle?: Bundle; answers?: Answers } = {},
): Spoken {
  const ctx = proseContext(analyse(opts.bundle ?? bundle([account()]), results), opts.answers ?? {});
  const blocks = serviceGapText(ctx, service);
  const passages = blocks.flatMap((b) => inlineLists(b).map((l) => plainText(l)));
  return { blocks, passages, text: passages.join(' '), claims: ctx.claims };
}

/** The prose of finding.md: without evidence tables, review highlights and comments. */
export function findingProse(md: string): string {
  return md
    .split('\n')
    .filter((l) => !l.startsWith('|'))
    .join('\n')
    .replace(/\{==(?:[^=]|=(?!=\}))*==\}/g, '')
    .replace(/\{>>[\s\S]*?<<\}/g, '');
}
