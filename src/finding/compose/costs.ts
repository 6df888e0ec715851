/**
 * The cost table in the finding (docs/costs.md): at `{==COSTS==}` (several: the first; the others are
 * removed). The default template has the marker in its Recommendation, after the cost caveat. Removed,
 * with its paragraph, with `--no-costs` or when there is no line. A template without the marker gets no
 * table in the finding (report.html still shows it).
 */

import { costBlocks } from '../costs.js';
import type { TemplateNode } from '../template.js';
import { removeMarker } from './accepted.js';
import { type Draft, insertAt, isDead, remove, replace } from './draft.js';

/**
 * Removes a marker; when it stands alone at the very end of the template, with the blank line before it,
 * so that the finding ends as it would have without the marker.
 */
function removeLast(d: Draft, n: TemplateNode): void {
  const src = d.tpl.text;
  const alone = src.slice(n.end).trim() === '' && /\n[ \t]*\n[ \t]*$/.test(src.slice(0, n.start));
  if (!alone || isDead(d, n.start)) {
    removeMarker(d, n);
    return;
  }
  let start = n.start;
  while (start > 0 && /\s/.test(src[start - 1]!)) start--;
  // Keep the newline that ends the text before it.
  remove(d, start + 1, src.length);
}

export function costSection(d: Draft): void {
  const markers = d.tpl.nodes.filter((n) => n.marker.type === 'costs');
  for (const n of markers) d.handled.add(n);
  const blocks = d.costs ? costBlocks(d.costs) : [];
  markers.forEach((n, i) => {
    if (i === 0 && blocks.length > 0) {
      if (isDead(d, n.start)) insertAt(d, n.start, blocks);
      else replace(d, n.start, n.end, { blocks });
    } else removeLast(d, n);
  });
}
