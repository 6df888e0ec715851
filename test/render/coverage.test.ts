import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BundleSchema, ResultsSchema } from '../../src/evidence/schema.js';
import {
  coverageFigures,
  figure,
  figureFileName,
  findingDocument,
  heading,
  paragraph,
  text,
} from '../../src/finding/document.js';
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
    assert.ok(svg.includes('>Account-wide</text>'), 'account-wide results, in words');
    assert.ok(!svg.includes('>global</text>'));
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
    for (const d of drawn) assert.match(d[2]!, /^([✗] FAIL \d+|[?✓–] (NOT ASSESSED|PASS|NOT APPLICABLE))$/);
    // A FAIL cell's number is its failing results; the legend says so.
    const fails = filled.filter((c) => c!.status === 'fail');
    assert.ok(fails.length > 0);
    assert.deepEqual(
      drawn.filter((d) => d[1] === 'fail').map((d) => d[2]),
      fails.map((c) => `✗ FAIL ${c!.counts.fail}`),
    );
    assert.ok(svg.includes('FAIL n: n failing results there'));
  });

  test('a FAIL cell counts its failing results, not all its results', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 1 });
    const base = results.find((r) => r.service === 'guardduty')!;
    const mk = (status: typeof base.status, checkId: string) => ({ ...base, status, checkId });
    const svg = renderCoverageSvg({
      bundle,
      results: [mk('fail', 'a'), mk('fail', 'b'), mk('pass', 'c'), mk('unknown', 'd'), mk('fail', 'e')],
      services: ['guardduty'],
    });
    const drawn = [...svg.matchAll(/data-status="(\w+)">([^<]+)</g)].map((d) => d[2]);
    assert.deepEqual(drawn, ['✗ FAIL 3']);
  });

  test('with services: only their columns, only the rows where they have a result', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 5, seed: 11 });
    const picked = results.filter((r) => r.service === 'waf' || r.service === 'shield');
    const grid = coverageGrid(bundle, picked, { services: ['shield', 'waf'] });
    // Registry order, whatever the order asked.
    assert.deepEqual(grid.columns, ['waf', 'shield']);
    assert.deepEqual(grid.rows.sort(), [...new Set(picked.map((r) => r.region))].sort());
    for (const [i] of grid.rows.entries()) assert.ok(grid.cells[i]!.some((c) => c !== undefined));
    const svg = renderCoverageSvg({
      bundle,
      results: picked,
      services: ['waf', 'shield'],
      title: 'Coverage: WAF',
    });
    assert.ok(svg.includes('>WAF</text>'));
    assert.ok(svg.includes('>Shield</text>'));
    assert.ok(!svg.includes('>GuardDuty</text>'));
    assert.ok(svg.includes('<title>Coverage: WAF</title>'));
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

describe('subsection figures', () => {
  const { bundle, results } = syntheticReport({ accounts: 1, regions: 3, seed: 5 });
  const waf = results.filter((r) => r.service === 'waf' || r.service === 'shield');
  const gd = results.filter((r) => r.service === 'guardduty');
  const doc = () =>
    findingDocument({
      blocks: [
        heading(3, text('T')),
        figure('Coverage: WAF & Shield', figureFileName('WAF & Shield'), {
          services: ['waf', 'shield'],
          results: waf,
        }),
        figure('Coverage: GuardDuty', figureFileName('GuardDuty'), { services: ['guardduty'], results: gd }),
        // Same label again: its own file.
        figure('Coverage: GuardDuty', figureFileName('GuardDuty'), { services: ['guardduty'], results: gd }),
      ],
    });

  test('file names: safe characters, from the label, unique, never the whole-estate name', () => {
    assert.equal(figureFileName('WAF & Shield'), 'coverage-waf-shield.svg');
    assert.equal(figureFileName('  ../../etc/passwd  '), 'coverage-etc-passwd.svg');
    assert.equal(figureFileName('Défense <script>'), 'coverage-defense-script.svg');
    assert.equal(figureFileName('???'), 'coverage-figure.svg');
    assert.match(figureFileName('x'.repeat(500)), /^coverage-x{60}\.svg$/);
    assert.deepEqual(
      coverageFigures(doc().blocks).map((f) => f.src),
      ['coverage-waf-shield.svg', 'coverage-guardduty.svg', 'coverage-guardduty-2.svg'],
    );
  });

  test('renderReportFiles with md: one SVG and PNG per figure, each showing only its services', async () => {
    const { renderReportFiles, OUTPUT_FILES } = await import('../../src/render/index.js');
    const files = await renderReportFiles({ bundle, results, finding: doc(), formats: ['md', 'svg'] });
    assert.deepEqual(Object.keys(files), [
      OUTPUT_FILES.coverageSvg,
      'coverage-waf-shield.svg',
      'coverage-waf-shield.png',
      'coverage-guardduty.svg',
      'coverage-guardduty.png',
      'coverage-guardduty-2.svg',
      'coverage-guardduty-2.png',
    ]);
    const wafSvg = files['coverage-waf-shield.svg'] as string;
    assert.ok(wafSvg.includes('>WAF</text>') && wafSvg.includes('>Shield</text>'));
    assert.ok(!wafSvg.includes('>GuardDuty</text>'));
    assert.ok(wafSvg.includes('Coverage: WAF &amp; Shield'));
    const gdSvg = files['coverage-guardduty.svg'] as string;
    assert.ok(gdSvg.includes('>GuardDuty</text>') && !gdSvg.includes('>WAF</text>'));
    // The whole estate's picture is unchanged: every service.
    assert.ok((files[OUTPUT_FILES.coverageSvg] as string).includes('>Macie</text>'));
    assert.ok(pngSize(files['coverage-guardduty.png'] as Uint8Array));
  });

  test('without md, no figure files are returned', async () => {
    const { renderReportFiles } = await import('../../src/render/index.js');
    const files = await renderReportFiles({ bundle, results, finding: doc(), formats: ['svg', 'html'] });
    assert.ok(!Object.keys(files).some((k) => k.startsWith('coverage-')));
  });
});
