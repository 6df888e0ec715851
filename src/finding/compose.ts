/**
 * Composes the finding document from check results and a template (the built-in default, or the
 * consultant's own: see docs/templates.md), in small steps over the parsed template. Each step decides
 * edits at the template's positions (compose/draft.ts); `assemble` then turns the edited template into
 * the document, keeping every byte of the template it did not edit.
 */
import type { Bundle, Result } from '../evidence/schema.js';
import { renderFindingMarkdown } from '../render/markdown.js';
import { checkMeta, LABELS, SERVICES, waives } from '../services/registry.js';
import { type Analysis, analyse } from './analysis.js';
import { acceptedItems, acceptedParagraphs } from './compose/accepted.js';
import { assemble } from './compose/assemble.js';
import { costSection } from './compose/costs.js';
import { type Draft, type Mode, newDraft } from './compose/draft.js';
import { fillMarkers } from './compose/markers.js';
import { decideOptions, stripNotesForFinal } from './compose/options.js';
import { retestSection, retestSectionBlocks } from './compose/retest.js';
import {
  bindSubsections,
  dropFineSubsections,
  organizationOverview,
  orphanServices,
  unknownOnlySubsections,
  unknownsBesideWording,
} from './compose/subsections.js';
import { checkWording } from './compose/wording.js';
import type { CostEstimate } from './costs.js';
import {
  type Answers,
  DEFAULT_TEMPLATE,
  DEFAULT_TEMPLATE_PATH,
  type UnknownPolicy,
  unknownReviews,
} from './default-template.js';
import {
  type Block,
  type Claim,
  type FindingDocument,
  findingDocument,
  heading,
  layout,
  paragraph,
  plainText,
  reviewNote,
  text,
} from './document.js';
import { sanitizeText } from './escape.js';
import { proseContext } from './prose.js';
import type { Retest } from './retest.js';
import { type ParsedTemplate, parseTemplate } from './template.js';
import { FinalRefused, type FindingOutput, type ReviewItem as ListedItem } from './types.js';

export interface ComposeInput {
  bundle: Bundle;
  results: Result[];
  template?: { text: string; path: string };
  xrefs?: Record<string, string>;
  /** The consultant's decisions (see ANSWERS), e.g. { 'personal-data': 'no' }. */
  answers?: Answers;
  final?: boolean;
  /** The comparison with an earlier scan (`report --previous`): the finding gets a retest section. */
  retest?: Retest;
  /** The cost estimate: a cost table at `{==COSTS==}` (docs/costs.md). */
  costs?: CostEstimate;
}

export interface Composition {
  output: FindingOutput;
  /** Every region/resource the finding names as lacking something (for tests and audits). */
  claims: Claim[];
}

/**
 * The steps, in order. Each reads the draft and adds edits; what a step removed, later steps leave alone
 * (so options and the final version's note removal come before the markers are filled).
 */
const STEPS: readonly ((d: Draft) => void)[] = [
  bindSubsections,
  acceptedItems,
  dropFineSubsections,
  unknownOnlySubsections,
  decideOptions,
  stripNotesForFinal,
  checkWording,
  fillMarkers,
  unknownsBesideWording,
  orphanServices,
  organizationOverview,
  retestSection,
  costSection,
];

/**
 * Results the consultant's answers take out of the finding (results.json keeps them): with no bucket
 * that may hold personal data, Macie's gaps are not worth reporting; a declined Shield Advanced
 * recommendation is not made. (`unknown=omit` is not applied here: the sentences must still know that a
 * region was not assessed, or "none of the 2 regions reviewed" would leave out the third.)
 */
function waived(results: readonly Result[], answers: Answers): Result[] {
  return results.filter(
    (r) => !((r.status === 'fail' || r.status === 'accepted') && waives(checkMeta(r.checkId), answers)),
  );
}

/**
 * No open gap: a short note instead of a finding, with what the client accepted, the review items for
 * what was not read, and the retest section (`report --previous`).
 */
function noIssue(a: Analysis, mode: Mode, retest: Retest | null, unknowns: UnknownPolicy): FindingDocument {
  const omitted = unknowns === 'omit' && SERVICES.some((s) => a.hasUnknown(s));
  const unknown = unknowns === 'omit' ? [] : SERVICES.filter((s) => a.hasUnknown(s));
  const accepted = SERVICES.filter((s) => a.hasAccepted(s));
  // Only the services this review read (`--services` may have left some out), and those it did not, named.
  const inScope = SERVICES.filter((s) => a.forService(s).length > 0);
  const checked = inScope.map((s) => LABELS[s].title).join(', ');
  const outOfScope = SERVICES.filter((s) => !inScope.includes(s)).map((s) => LABELS[s].title);
  const limits = unknowns === 'limitation' && unknown.length > 0;
  const note =
    unknown.length > 0 && !limits
      ? `No gap was proven in the security services watchpost checks (${checked}), but some checks could not be assessed; review the items below before concluding that there is no issue.`
      : accepted.length > 0
        ? `No finding: no gap is left open in the security services watchpost checks (${checked}); the client accepted the gaps described below.${limits ? ' The limitations of this review are stated after them.' : ''}`
        : limits
          ? `No finding: no gap was found in the security services watchpost checks (${checked}); the limitations of this review are stated below.`
          : omitted
            ? `No finding: none of the checks that could be assessed in the security services watchpost checks (${checked}) showed a gap.`
            : `No finding: watchpost found every security service it checks (${checked}) enabled and configured as expected.`;
  const scope =
    outOfScope.length > 0 && inScope.length > 0
      ? ` Not in the scope of this review: ${outOfScope.join(', ')}.`
      : '';
  const blocks: Block[] = [
    paragraph(text(note + scope)),
    ...acceptedParagraphs(a, accepted, mode),
    ...unknown.flatMap((s) => unknownReviews(a, s, unknowns)),
    ...(retest ? [heading(4, text('Retest')), ...retestSectionBlocks({ a, retest })] : []),
    layout('\n'),
  ];
  return findingDocument({ frontMatter: {}, blocks, hasGaps: false, noIssueNote: note, claims: [] });
}

function composeMode(input: ComposeInput, tpl: ParsedTemplate, a: Analysis, mode: Mode): FindingDocument {
  const answers = input.answers ?? {};
  if (!a.results.some((r) => r.status === 'fail'))
    return noIssue(a, mode, input.retest ?? null, answers.unknown ?? 'review');
  const d = newDraft({
    tpl,
    a,
    ctx: proseContext(a, answers),
    mode,
    isDefault: input.template === undefined,
    xrefs: input.xrefs ?? {},
    unknowns: answers.unknown ?? 'review',
    retest: input.retest ?? null,
    costs: input.costs ?? null,
  });
  for (const step of STEPS) step(d);
  return findingDocument({
    // Keys for watchpost (`watchpost-…`) are settings, not part of the client's document.
    frontMatter: Object.fromEntries(
      Object.entries(tpl.frontMatter).filter(([k]) => !k.startsWith('watchpost-')),
    ),
    blocks: assemble(d),
    hasGaps: true,
    noIssueNote: null,
    claims: d.ctx.claims,
  });
}

/** The checklist's view of a review item: plain text, where it is in finding.md. */
function listed(doc: FindingDocument, places: { line: number; column: number }[]): ListedItem[] {
  return doc.reviewItems.map((item, i) => ({
    ...places[i]!,
    kind: item.kind,
    text: item.text,
    why: sanitizeText(plainText(reviewNote(item)), 400),
  }));
}

function output(doc: FindingDocument): FindingOutput {
  const md = renderFindingMarkdown(doc);
  return {
    document: doc,
    markdown: md.markdown,
    reviewItems: listed(doc, md.places),
    hasGaps: doc.hasGaps,
    noIssueNote: doc.noIssueNote,
  };
}

/**
 * The finding in review mode, or (`final`) without the notes once nothing else is left to decide;
 * throws FinalRefused (with the items and their places in the review version) when something is.
 */
export function composeDetailed(input: ComposeInput): Composition {
  // Parsed first: a malformed template is an error even when there is nothing to report.
  const tpl = parseTemplate(
    input.template?.text ?? DEFAULT_TEMPLATE,
    input.template?.path ?? DEFAULT_TEMPLATE_PATH,
  );
  const a = analyse(input.bundle, waived(input.results, input.answers ?? {}));
  const draft = composeMode(input, tpl, a, 'review');
  const review = output(draft);
  if (!input.final) return { output: review, claims: draft.claims };
  const blocking = review.reviewItems.filter((_, i) => draft.reviewItems[i]!.blocking);
  if (blocking.length > 0) throw new FinalRefused(blocking);
  const final = composeMode(input, tpl, a, 'final');
  return { output: output(final), claims: final.claims };
}
