import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BundleSchema, ResultsSchema } from '../../src/evidence/schema.js';
import { figure, findingDocument, heading, paragraph, text } from '../../src/finding/document.js';
import { review } from '../../src/finding/prose.js';
import { coverageGrid } from '../../src/render/common.js';
import { pngSize, renderCoveragePng, renderCoverageSvg } from '../../src/render/coverage.js';
import { HOSTILE_NAME, syntheticReport, XML_FORBIDDEN_CHAR, XML_FORBIDDEN_NAME } from './synthetic.js';

describe('synthetic data', () => {
  test('is a valid bundle and results at bench scale', () => {
    const { bundle, results } = syntheticReport();
    assert.equal(BundleSchema.safeParse(bundle).success, true);
    assert.equal(bundle.accounts.length, 500);
    assert.ok(results.length > 55_000, `${results.length} results`);
    assert.equal(ResultsSchema.safeParse(results.slice(0, 2000)).success, true);
  });
});

describe('renderCoverageSvg', () => {
  test('has a row label per region, a column per service, a status symbol per cell', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 5, seed: 11 });
    const svg = renderCoverageSvg({ bundle, results });
    for (const region of bundle.accounts[0]!.scannedRegions) {
      assert.ok(svg.includes(`class="row-label">${region}</text>`), region);
    }
    assert.ok(svg.includes('>global</text>'));
    for (const label of [
      'CloudTrail',
      'Trusted Advisor',
      'Inspector',
      'Macie',
      'GuardDuty',
      'WAF',
      'Shield',
    ]) {
      assert.ok(svg.includes(`>${label}</text>`), label);
    }
    const grid = coverageGrid(bundle, results);
    const filled = grid.cells.flat().filter((c) => c !== undefined);
    const drawn = [...svg.matchAll(/data-status="(\w+)">([^<]+)</g)];
    assert.equal(drawn.length, filled.length);
    assert.deepEqual(
      drawn.map((d) => d[1]),
      filled.map((c) => c!.status),
    );
    for (const d of drawn) assert.match(d[2]!, /^[✗?✓–] (FAIL|NOT ASSESSED|PASS|NOT APPLICABLE)$/);
  });

  test('worst status wins in a cell: fail over unknown over pass over n/a', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 1 });
    const base = results.find((r) => r.service === 'guardduty')!;
    const mk = (status: typeof base.status) => ({ ...base, status });
    const grid = coverageGrid(bundle, [mk('pass'), mk('unknown'), mk('not_applicable')], {
      service: 'guardduty',
    });
    assert.equal(grid.cells[grid.rows.indexOf(base.region)]![0]!.status, 'unknown');
    const grid2 = coverageGrid(bundle, [mk('unknown'), mk('fail'), mk('pass')], { service: 'guardduty' });
    assert.equal(grid2.cells[grid2.rows.indexOf(base.region)]![0]!.status, 'fail');
  });

  test('escapes text from the account (title, odd region names)', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2 });
    const odd = { ...results[0]!, region: HOSTILE_NAME };
    const svg = renderCoverageSvg({ bundle, results: [...results, odd], title: `Client ${HOSTILE_NAME}` });
    assert.ok(!svg.includes('<img'));
    assert.ok(!svg.includes('</script>'));
    assert.ok(svg.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;'));
    // Well-formed enough that resvg parses it.
    const png = renderCoveragePng(svg);
    assert.ok(pngSize(png));
  });

  test('characters XML forbids in a region name or the title become U+FFFD', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2 });
    const odd = { ...results[0]!, region: XML_FORBIDDEN_NAME };
    const svg = renderCoverageSvg({ bundle, results: [...results, odd], title: XML_FORBIDDEN_NAME });
    assert.doesNotMatch(svg, XML_FORBIDDEN_CHAR);
    assert.ok(svg.includes('pool-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-end 😀'));
    assert.ok(pngSize(renderCoveragePng(svg)));
  });
});

describe('renderCoveragePng', () => {
  test('is a PNG with dimensions', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 4 });
    const png = renderCoveragePng(renderCoverageSvg({ bundle, results }));
    assert.deepEqual([...png.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = pngSize(png)!;
    assert.ok(size.width > 0 && size.height > 0, JSON.stringify(size));
  });
});

describe('renderReportFiles', () => {
  test('renders every output file from one call', async () => {
    const { renderReportFiles, OUTPUT_FILES } = await import('../../src/render/index.js');
    const { bundle, results } = syntheticReport({ accounts: 2, regions: 2 });
    const files = await renderReportFiles({
      bundle,
      results,
      finding: findingDocument({
        blocks: [
          heading(3, text('T')),
          paragraph(review('option', [text('X')], [text('why')])),
          figure('c', 'coverage.svg'),
        ],
      }),
    });
    assert.deepEqual(Object.keys(files).sort(), Object.values(OUTPUT_FILES).sort());
    // finding.md: "### T", a blank line, then the item
    assert.ok((files[OUTPUT_FILES.html] as string).includes('R1 · line 3 · option'));
    assert.ok(pngSize(files[OUTPUT_FILES.coveragePng] as Uint8Array));
    const ocsf = JSON.parse(files[OUTPUT_FILES.ocsf] as string) as unknown[];
    assert.equal(ocsf.length, results.filter((r) => r.status === 'fail' || r.status === 'unknown').length);
  });
});
