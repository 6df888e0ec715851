/**
 * The retest section in the finding (`report --previous OLD.json`, docs/retest.md): the sentence, the table
 * of what moved and, for several accounts, the roll-up (src/finding/retest.ts builds them).
 *
 * Where it goes: at `{==RETEST==}` when the template has one (several: the first; the others are removed);
 * otherwise under a "Retest" sub-heading just before the `Impact` heading, or at the end when there is
 * none. Without `--previous` a `{==RETEST==}` marker is removed.
 */

import { type Block, heading, layout, text } from '../document.js';
import { resourceLabels, retestBlocks } from '../retest.js';
import { removeMarker } from './accepted.js';
import { type Draft, insertAt, isDead, lineAt, replace, textBefore } from './draft.js';
import { labelLevel } from './markers.js';

const IMPACT = /^#{1,6}[ \t]+Impact\b/i;

/** The section's blocks, resource names read as the finding reads them (a trail's name, not its ARN). */
export function retestSectionBlocks(d: Pick<Draft, 'a' | 'retest'>) {
  if (!d.retest) return [];
  return retestBlocks(d.retest, { resourceLabel: resourceLabels(d.a) });
}

export function retestSection(d: Draft): void {
  const markers = d.tpl.nodes.filter((n) => n.marker.type === 'retest');
  for (const n of markers) d.handled.add(n);
  const blocks: Block[] = retestSectionBlocks(d);
  markers.forEach((n, i) => {
    if (i === 0 && blocks.length > 0) {
      if (isDead(d, n.start)) insertAt(d, n.start, blocks);
      else replace(d, n.start, n.end, { blocks });
    } else removeMarker(d, n);
  });
  if (markers.length > 0 || blocks.length === 0) return;
  const source = d.tpl.text;
  let pos = source.length;
  for (let p = d.tpl.bodyStart; p < source.length; ) {
    const l = lineAt(d, p);
    if (IMPACT.test(l.text)) {
      pos = l.start;
      break;
    }
    p = l.end + 1;
  }
  const before = textBefore(d, pos);
  insertAt(d, pos, [
    layout(before.endsWith('\n\n') || pos === 0 ? '' : before.endsWith('\n') ? '\n' : '\n\n'),
    heading(labelLevel(d, pos), text('Retest')),
    ...blocks,
    layout(pos < source.length ? '\n\n' : '\n'),
  ]);
}
