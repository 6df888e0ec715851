/**
 * The cost table in the finding (docs/costs.md): at `{==COSTS==}` (several: the first; the others are
 * removed). The default template has the marker in its Recommendation, after the cost caveat. Removed,
 * with its paragraph, with `--no-costs` or when no line was estimated. A template without the marker gets
 * no table (report.html still shows it).
 */
import { costBlocks } from '../costs.js';
import { removeMarker } from './accepted.js';
import { type Draft, insertAt, isDead, replace } from './draft.js';

export function costSection(d: Draft): void {
  const markers = d.tpl.nodes.filter((n) => n.marker.type === 'costs');
  for (const n of markers) d.handled.add(n);
  const blocks = d.costs ? costBlocks(d.costs) : [];
  markers.forEach((n, i) => {
    if (i === 0 && blocks.length > 0) {
      if (isDead(d, n.start)) insertAt(d, n.start, blocks);
      else replace(d, n.start, n.end, { blocks });
    } else removeMarker(d, n);
  });
}
