import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { composeFinding } from '../../src/finding/index.js';
import { pngSize, renderCoveragePng, renderCoverageSvg } from '../../src/render/coverage.js';
import { renderFindingDocx } from '../../src/render/docx.js';
import { parseFindingMarkdown } from '../../src/render/finding-markdown.js';
import { renderHtmlReport } from '../../src/render/html.js';
import { syntheticReport } from './synthetic.js';

describe('renderers on the composer’s finding', () => {
  const { bundle, results } = syntheticReport({ accounts: 1, regions: 3, hostile: true, seed: 9 });
  const finding = composeFinding({ bundle, results });

  test('the parser finds the same review items the composer reports', () => {
    const parsed = parseFindingMarkdown(finding.markdown).reviewItems.filter((r) => r.parent === null);
    assert.equal(parsed.length, finding.reviewItems.length);
    for (let i = 0; i < parsed.length; i++) {
      assert.equal(parsed[i]!.why, finding.reviewItems[i]!.why);
    }
  });

  test('DOCX carries one Word comment per review item; HTML marks them', async () => {
    const png = renderCoveragePng(renderCoverageSvg({ bundle, results }));
    const files = unzipSync(await renderFindingDocx({ findingMarkdown: finding.markdown, coveragePng: png }));
    const all = parseFindingMarkdown(finding.markdown).reviewItems;
    const comments = strFromU8(files['word/comments.xml']!).match(/<w:comment\b/g) ?? [];
    assert.equal(comments.length, all.length);
    const html = renderHtmlReport({
      bundle,
      results,
      findingMarkdown: finding.markdown,
      reviewItems: finding.reviewItems,
    });
    const marks = html.match(/<mark class="review" data-review=/g) ?? [];
    assert.equal(marks.length, all.filter((r) => r.text !== '').length);
  });
});

describe('coverage PNG without fonts', () => {
  test('still produces an image (text is simply not drawn)', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2 });
    const png = renderCoveragePng(renderCoverageSvg({ bundle, results }), { loadSystemFonts: false });
    const size = pngSize(png);
    assert.ok(size && size.width > 0 && size.height > 0);
  });
});
