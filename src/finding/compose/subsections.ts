/**
 * Steps about the template's service subsections: which services each one is bound to and whether it
 * stays, the review items for what could not be read, the services the template has no subsection for,
 * and an organization's roll-up before the first subsection.
 */
import { LABELS, SERVICES } from '../../services/registry.js';
import { serviceGapText, unknownReviews } from '../default-template.js';
import {
  type Block,
  type ContentBlock,
  comment,
  heading,
  layout,
  paragraph,
  strong,
  text,
} from '../document.js';
import { accountsOverview } from '../evidence.js';
import {
  type Draft,
  insertAt,
  isDead,
  isHeadingLine,
  lineAt,
  remove,
  replace,
  type Subsection,
} from './draft.js';
import { labelLevel } from './markers.js';

/**
 * Binds each subsection marker to its services. A subsection runs from its marker's line to the next
 * subsection marker or heading; it stays when a bound service has a gap (a fail), keeps only its review
 * items when none has but something could not be read, and goes when all is fine.
 */
export function bindSubsections(d: Draft): void {
  const { text: source, bodyStart, nodes } = d.tpl;
  const boundaries: number[] = [];
  for (let p = bodyStart; p < source.length; ) {
    const l = lineAt(d, p);
    if (isHeadingLine(d, l.start) || d.markerLines.has(l.start)) boundaries.push(l.start);
    p = l.end + 1;
  }
  d.subsections = nodes.flatMap((node): Subsection[] => {
    if (node.marker.type !== 'subsection') return [];
    const services = node.marker.services;
    const ln = lineAt(d, node.start);
    const end = boundaries.find((b) => b > ln.start) ?? source.length;
    let contentEnd = end;
    while (contentEnd > ln.end && /\s/.test(source[contentEnd - 1]!)) contentEnd--;
    const fate = services.some((s) => d.a.hasFail(s))
      ? 'keep'
      : services.some((s) => d.a.hasUnknown(s))
        ? 'unknown'
        : 'drop';
    const hasAuto = nodes.some((n) => n.marker.type === 'auto' && n.start > ln.end && n.start < end);
    return [{ node, services, start: ln.start, markerLineEnd: ln.end, end, contentEnd, fate, hasAuto }];
  });
}

/** A subsection whose services are all fine goes, with its text. */
export function dropFineSubsections(d: Draft): void {
  for (const sub of d.subsections) if (sub.fate === 'drop') remove(d, sub.start, sub.end);
}

/**
 * A subsection with nothing proven but something unread keeps its label; its body becomes review items
 * (or the stated limitations). With `--answer unknown=omit` it goes, as a subsection with all fine does.
 */
export function unknownOnlySubsections(d: Draft): void {
  for (const sub of d.subsections) {
    if (sub.fate !== 'unknown') continue;
    if (d.unknowns === 'omit') {
      sub.fate = 'drop';
      remove(d, sub.start, sub.end);
      continue;
    }
    const items = sub.services.flatMap((s) => unknownReviews(d.a, s, d.unknowns));
    d.dead.push([sub.markerLineEnd, sub.contentEnd]);
    replace(
      d,
      sub.markerLineEnd,
      sub.contentEnd,
      items.length > 0 ? { blocks: [layout('\n'), ...items] } : null,
    );
  }
}

/** The front-matter key that turns the "In this review" sentences off (docs/templates.md). */
export const SPECIFICS_KEY = 'watchpost-specifics';

function specificsOff(d: Draft): boolean {
  const v = d.tpl.frontMatter[SPECIFICS_KEY];
  return v === false || (typeof v === 'string' && /^(?:off|no|false)$/i.test(v.trim()));
}

/**
 * Our sentences for a subsection's proven gaps, led by "In this review:", so that a subsection in the
 * consultant's general words still names the regions and resources it is about.
 */
function inThisReview(d: Draft, sub: Subsection): ContentBlock[] {
  const blocks = sub.services.filter((s) => d.a.hasFail(s)).flatMap((s) => serviceGapText(d.ctx, s));
  if (blocks.length === 0) return [];
  const lead = [strong(text('In this review:')), text(' ')];
  const [first, ...rest] = blocks;
  return first!.t === 'paragraph'
    ? [{ ...first!, children: [...lead, ...first!.children] }, ...rest]
    : [paragraph(strong(text('In this review:'))), ...blocks];
}

/**
 * In a kept subsection in the consultant's own words (no AUTO): our sentences naming what was found
 * (unless a SCREENSHOT's tables name it, or the template's front matter turns them off), then the unknowns.
 * Where a sentence of the consultant's was found false and goes, ours always follow.
 */
export function unknownsBesideWording(d: Draft): void {
  for (const sub of d.subsections) {
    if (sub.fate !== 'keep' || sub.hasAuto) continue;
    const screenshot = d.tpl.nodes.some(
      (n) =>
        n.marker.type === 'screenshot' && n.start >= sub.start && n.start < sub.end && !isDead(d, n.start),
    );
    const specifics = sub.reworded || (!screenshot && !specificsOff(d)) ? inThisReview(d, sub) : [];
    const items = sub.services.flatMap((s) => unknownReviews(d.a, s, d.unknowns));
    if (specifics.length + items.length === 0) continue;
    // Where the subsection's last paragraph was removed with the blank lines after it, the next heading
    // follows at once: keep a blank line before it.
    const removed = d.dead.find(([s, e]) => sub.contentEnd >= s && sub.contentEnd < e);
    const after = removed && removed[1] < d.tpl.text.length && d.tpl.text[removed[1]] !== '\n';
    insertAt(d, sub.contentEnd, [layout('\n\n'), ...specifics, ...items, ...(after ? [layout('\n\n')] : [])]);
  }
}

/** Services with a gap or an unknown but no subsection in the template: review items after the last one. */
export function orphanServices(d: Draft): void {
  const { a, subsections } = d;
  const source = d.tpl.text;
  const bound = new Set(subsections.flatMap((s) => s.services));
  const orphans = SERVICES.filter(
    (s) => !bound.has(s) && (a.hasFail(s) || (a.hasUnknown(s) && d.unknowns !== 'omit')),
  );
  if (orphans.length === 0) return;
  const pos = subsections.length > 0 ? subsections[subsections.length - 1]!.end : source.length;
  const before = source.slice(0, pos);
  const blocks: Block[] = [
    layout(before.endsWith('\n\n') || pos === 0 ? '' : before.endsWith('\n') ? '\n' : '\n\n'),
  ];
  // A gap the template has no place for is still reported: a subsection of ours, with our sentences (so the
  // finding names every gap), and a comment in review mode so the consultant can add one of theirs.
  // At the level of the template's own subsection headings.
  const last = subsections[subsections.length - 1];
  const own = last ? /^(#{1,6})\s/.exec(lineAt(d, last.start).text) : null;
  const level = own ? own[1]!.length : labelLevel(d, Math.max(d.tpl.bodyStart, pos - 1));
  for (const s of orphans) {
    if (a.hasFail(s)) {
      const note =
        d.mode === 'review'
          ? [
              text(' '),
              comment(
                text(
                  `This template has no subsection for ${LABELS[s].title}: watchpost added its own. Add one to the template to word it yourself.`,
                ),
              ),
            ]
          : [];
      blocks.push(heading(level, text(LABELS[s].short), ...note), ...serviceGapText(d.ctx, s));
    }
    blocks.push(...unknownReviews(a, s, d.unknowns));
  }
  blocks.push(layout(pos < source.length ? '\n\n' : '\n'));
  insertAt(d, pos, blocks);
}

/** An organization's findings start with the accounts × services roll-up, before the first subsection. */
export function organizationOverview(d: Draft): void {
  const overview = accountsOverview(d.a, d.unknowns === 'omit');
  const first = d.subsections[0];
  if (overview.length > 0 && first) insertAt(d, first.start, [...overview, layout('\n\n')]);
}
