/** A small finding document for the Word and HTML renderer tests, built as the composer builds one. */
import {
  type ContentBlock,
  comment,
  type FindingDocument,
  figure,
  findingDocument,
  heading,
  type Inline,
  paragraph,
  strong,
  text,
  value,
} from '../../src/finding/document.js';
import { review } from '../../src/finding/prose.js';
import { HOSTILE_NAME } from './synthetic.js';

/** A review item written without its own comment in finding.md (an XREF inside an optional clause). */
function quiet(n: Inline): Inline {
  return n.t === 'review' ? { ...n, quiet: true } : n;
}

/**
 * In finding.md this would read:
 *
 *   ### AWS Security Features Not Enabled
 *   Our scan found gaps. {==OPTION==}{>>Keep only if…<<}Macie was not enabled in eu-west-1.
 *   ##### GuardDuty
 *   GuardDuty was off in {==two regions (see {==XREF==})==}{>>Confirm…<<}.{>>Check with the client's SOC<<}
 *   | Account | Region | Resource |   (the resource a hostile name)
 *   ![Coverage of security services](coverage.svg)
 *   #### Impact: Medium … #### Likelihood: Low … #### Recommendation
 */
export function sampleFinding(resource = HOSTILE_NAME): FindingDocument {
  const table: ContentBlock = {
    t: 'table',
    align: [null, 'center', null],
    header: [[text('Account')], [text('Region')], [text('Resource')]],
    rows: [[[value('100000000000')], [value('eu-west-1')], [value(resource, 80)]]],
  };
  return findingDocument({
    frontMatter: { category: 'CNF', cvss: 'TBA' },
    blocks: [
      heading(3, text('AWS Security Features Not Enabled')),
      paragraph(
        text('Our scan found gaps. '),
        review('option', [text('OPTION')], [text('Keep only if the client stores personal data in S3')]),
        text('Macie was not enabled in eu-west-1.'),
      ),
      heading(5, text('GuardDuty')),
      paragraph(
        text('GuardDuty was off in '),
        review(
          'option',
          [
            text('two regions (see '),
            quiet(review('xref', [text('XREF')], [text('Cross-reference to another section')])),
            text(')'),
          ],
          [text('Confirm the regions')],
        ),
        text('.'),
        comment(text("Check with the client's SOC")),
      ),
      table,
      figure('Coverage of security services', 'coverage.svg'),
      heading(4, text('Impact: Medium')),
      paragraph(text('Impact words.')),
      heading(4, text('Likelihood: Low')),
      paragraph(text('Likelihood words.')),
      heading(4, text('Recommendation')),
      paragraph(text('Turn on '), strong(text('GuardDuty')), text(' in every region.')),
    ],
  });
}
