/**
 * Outputs written in pieces (results.json, costs.json and findings.ocsf.json streamed, each file rendered
 * just before it is written: pipeline/outputs.ts) are byte for byte what rendering everything at once and
 * serialising whole gives, on an organization bundle of many accounts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { runChecks } from '../../src/checks/run.js';
import { costJson } from '../../src/costs/estimate.js';
import { jsonChunks, readBundle, toJson } from '../../src/evidence/bundle.js';
import { OutputDir } from '../../src/evidence/output-dir.js';
import type { AccountEvidence, Bundle } from '../../src/evidence/schema.js';
import { figurePngName } from '../../src/finding/document.js';
import { compose, costEstimate, writeOutputs } from '../../src/pipeline/outputs.js';
import { renderHtmlReport, reportData } from '../../src/render/html.js';
import { jsonForScript, renderReportFiles } from '../../src/render/index.js';
import { renderOcsf } from '../../src/render/ocsf.js';
import { CHECKS } from '../../src/services/registry.js';

describe('jsonChunks', () => {
  const cases: [string, unknown[]][] = [
    ['empty', []],
    ['one', [{ a: 1 }]],
    ['odd values', [undefined, null, () => 1, 'a\nb', 'zürich — “x” \u2028', [], {}, [[1, [2]], { b: [] }]]],
    [
      'larger than a piece',
      Array.from({ length: 3000 }, (_, i) => ({
        i,
        text: `line\n${'x'.repeat(i % 700)}`,
        nested: { l: [i] },
      })),
    ],
  ];
  for (const [name, value] of cases) {
    test(`${name}: the same text as toJson of the whole`, () => {
      const pieces = [...jsonChunks(value)];
      assert.equal(pieces.join(''), toJson(value));
      if (name === 'larger than a piece') assert.ok(pieces.length > 1, 'written in several pieces');
    });
  }
  test('any iterable (a generator) gives the text of its array', () => {
    function* gen() {
      yield 1;
      yield { two: [2] };
    }
    assert.equal([...jsonChunks(gen())].join(''), toJson([1, { two: [2] }]));
  });
});

/** The demo account cloned under distinct ids: an organization of `n` accounts. */
function organization(n: number): Bundle {
  const demo = readBundle(join(import.meta.dirname, '../../samples/demo-evidence.json'));
  const template = demo.accounts[0]!;
  const text = JSON.stringify(template);
  const accounts: AccountEvidence[] = Array.from({ length: n }, (_, i) => {
    const id = String(700000000000 + i * 7919);
    return {
      ...(JSON.parse(text.split(template.accountId).join(id)) as AccountEvidence),
      accountName: `member-${i} <b>&`,
    };
  });
  return {
    ...demo,
    accounts,
    organization: { id: 'o-test', managementAccountId: accounts[0]!.accountId, pendingAccounts: [] },
  };
}

describe('writeOutputs: streamed and rendered one at a time, the same bytes', () => {
  const bundle = organization(100);
  const results = runChecks(bundle);
  const opts = { xrefs: {} };

  test('every file equals the whole-at-once rendering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-streamed-'));
    const out = OutputDir.open(dir, { force: true });
    const written = await writeOutputs(out, bundle, results, { ...opts, evidence: true });
    const costs = costEstimate(bundle, results, opts);
    const finding = compose(bundle, results, opts, costs);
    assert.ok(finding.hasGaps, 'the fixture has a finding (Word is written)');
    const whole = await renderReportFiles({
      bundle,
      results,
      finding: finding.document,
      costs,
      formats: ['html', 'svg', 'png', 'docx', 'ocsf', 'md'],
    });
    const expected: Record<string, string | Uint8Array> = {
      'evidence.json': toJson(bundle),
      'results.json': toJson(results),
      'costs.json': toJson(costs!.lines.map(costJson)),
      'finding.md': finding.markdown,
      'findings.ocsf.json': `${JSON.stringify(renderOcsf({ bundle, results, checks: CHECKS.map((c) => c.meta) }), null, 2)}\n`,
      ...whole,
    };
    assert.ok(results.length > 5000, `${results.length} results: report.html's data in several pieces`);
    assert.ok(Object.keys(whole).some((f) => f === figurePngName(f.replace(/\.png$/, '.svg'))));
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, Object.keys(expected).sort());
    assert.deepEqual(written.files.map((f) => f.slice(dir.length + 1)).sort(), files);
    for (const name of files) {
      const got = readFileSync(join(dir, name));
      const want = expected[name]!;
      if (name.endsWith('.docx')) {
        // The zip and the review marks carry the time of rendering (w:date, its properties), and the docx library numbers
        // pictures with a counter that runs on over renderings in one process: the rest is compared.
        const [a, b] = [unzipSync(got), unzipSync(want as Uint8Array)];
        assert.deepEqual(Object.keys(a), Object.keys(b));
        const undated = (bytes: Uint8Array) =>
          Buffer.from(bytes)
            .toString('latin1')
            .replace(/ w:date="[^"]*"/g, '')
            .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T')
            .replace(/(<wp:docPr|<pic:cNvPr) id="\d+"/g, '$1');
        for (const part of Object.keys(b))
          assert.equal(undated(a[part]!), undated(b[part]!), `${name}: ${part} differs`);
        continue;
      }
      assert.ok(
        got.equals(typeof want === 'string' ? Buffer.from(want, 'utf8') : Buffer.from(want)),
        `${name} differs`,
      );
    }
  });

  test("report.html's data block is the whole data serialised at once", () => {
    const checks = CHECKS.map((c) => c.meta);
    const finding = compose(bundle, results, opts, null);
    const page = renderHtmlReport({ bundle, results, finding: finding.document, checks });
    const open = '<script type="application/json" id="wp-data">';
    const start = page.indexOf(open) + open.length;
    const block = page.slice(start, page.indexOf('</script>', start));
    assert.ok(results.length > 5000);
    assert.equal(block, jsonForScript(reportData(bundle, results, checks)));
  });
});
