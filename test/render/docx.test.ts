import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import {
  comment,
  figure,
  findingDocument,
  heading,
  paragraph,
  text,
  value,
} from '../../src/finding/document.js';
import { review } from '../../src/finding/prose.js';
import { renderCoveragePng, renderCoverageSvg, renderFigureSvg } from '../../src/render/coverage.js';
import { columnWidths, renderFindingDocx } from '../../src/render/docx.js';
import { docxToPdf, libreOfficeMissing } from '../support/office.js';
import { sampleFinding } from './finding-fixture.js';
import { syntheticReport, XML_FORBIDDEN_CHAR, XML_FORBIDDEN_NAME } from './synthetic.js';

/** Minimal XML well-formedness check: balanced tags, quoted attributes, no raw `<` or bare `&` in text. */
function assertWellFormed(xml: string, name: string): void {
  const stack: string[] = [];
  const re =
    /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<\?[^?]*\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (const m of xml.matchAll(re)) {
    const text = xml.slice(last, m.index);
    assert.doesNotMatch(
      text,
      /<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/,
      `${name}: bad text near ${m.index}`,
    );
    last = m.index + m[0].length;
    if (!m[2]) continue;
    if (m[1] === '/') assert.equal(stack.pop(), m[2], `${name}: mismatched </${m[2]}>`);
    else if (m[4] !== '/') stack.push(m[2]);
  }
  assert.doesNotMatch(xml.slice(last), /</, `${name}: unparsed markup at ${last}`);
  assert.deepEqual(stack, [], `${name}: unclosed tags`);
}

describe('renderFindingDocx', () => {
  const { bundle, results } = syntheticReport({ accounts: 1, regions: 3 });
  const png = renderCoveragePng(renderCoverageSvg({ bundle, results }));
  const finding = sampleFinding();

  test('document.xml and comments.xml are well-formed; one comment per review item and note; picture embedded', async () => {
    const bytes = await renderFindingDocx({ finding, coveragePng: png, date: new Date(0) });
    const files = unzipSync(bytes);
    const documentXml = strFromU8(files['word/document.xml']!);
    const commentsXml = strFromU8(files['word/comments.xml']!);
    assertWellFormed(documentXml, 'document.xml');
    assertWellFormed(commentsXml, 'comments.xml');
    // OPTION, "two regions…" and the XREF nested in it; then the lone note after the period.
    assert.deepEqual(
      finding.reviewItems.map((r) => [r.id, r.text]),
      [
        [1, 'OPTION'],
        [2, 'two regions (see XREF)'],
        [3, 'XREF'],
      ],
    );
    const comments = [...commentsXml.matchAll(/<w:comment\b[^>]*w:id="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      comments.sort((a, b) => a - b),
      [1, 2, 3, 4],
    );
    assert.ok(commentsXml.includes('Confirm the regions'));
    assert.ok(commentsXml.includes('Cross-reference to another section'), 'the nested item has its own why');
    assert.ok(commentsXml.includes('Keep only if the client stores personal data in S3'));
    assert.ok(
      commentsXml.includes('Check with the client&apos;s SOC') ||
        commentsXml.includes("Check with the client's SOC"),
    );
    // Every comment is anchored once in the body.
    for (const id of [1, 2, 3, 4]) {
      assert.equal(
        [...documentXml.matchAll(new RegExp(`<w:commentRangeStart w:id="${id}"/>`, 'g'))].length,
        1,
      );
      assert.equal(
        [...documentXml.matchAll(new RegExp(`<w:commentReference w:id="${id}"/>`, 'g'))].length,
        1,
      );
    }
    assert.match(documentXml, /<w:highlight w:val="yellow"\/>/);
    assert.ok(documentXml.includes('&lt;img src=x onerror='), 'hostile text escaped');
    assert.ok(Object.keys(files).some((f) => f.startsWith('word/media/') && f.endsWith('.png')));
    assert.ok(documentXml.includes('Impact: Medium') && documentXml.includes('Likelihood: Low'));
  });

  // Before: U+FFFE / U+FFFF in a name or the template made document.xml and comments.xml ill-formed, and
  // LibreOffice refused the file ("source file could not be loaded").
  test('characters XML forbids, in names or template text, become U+FFFD in every part', async () => {
    const bad = XML_FORBIDDEN_NAME;
    // As a template would hold it (text) and as a name from the account (a value, sanitised too).
    const finding = findingDocument({
      frontMatter: { title: bad },
      blocks: [
        heading(3, text(`Finding ${bad}`)),
        paragraph(
          text(`Text ${bad} `),
          review('option', [text(`review ${bad}`)], [text(`why ${bad}`)]),
          text(' '),
          value(bad),
          comment(text(`note ${bad}`)),
        ),
        { t: 'table', align: [null], header: [[text('Name')]], rows: [[[text(bad)]], [[value(bad)]]] },
        figure(`alt ${bad}`, 'other.svg'),
      ],
    });
    const bytes = await renderFindingDocx({ finding, date: new Date(0) });
    const files = unzipSync(bytes);
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
      const xml = strFromU8(data);
      assert.doesNotMatch(xml, XML_FORBIDDEN_CHAR, name);
      assertWellFormed(xml, name);
    }
    const documentXml = strFromU8(files['word/document.xml']!);
    const clean = 'pool-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-\uFFFD-end 😀';
    // heading, paragraph, highlight, table cell, picture line; front matter title
    assert.ok(documentXml.split(clean).length - 1 >= 6, 'every place keeps the name, cleaned');
    assert.ok(strFromU8(files['word/comments.xml']!).includes(`why ${clean}`));
    // the title is the heading's text, whitespace (U+000B too) collapsed to spaces
    assert.ok(strFromU8(files['docProps/core.xml']!).includes('Finding pool-\uFFFD-\uFFFD-'));
  });

  test('each subsection figure embeds its own PNG; one without its PNG gets a placeholder', async () => {
    const waf = results.filter((r) => r.service === 'waf');
    const gd = results.filter((r) => r.service === 'guardduty');
    const wafFig = { alt: 'Coverage: WAF', coverage: { services: ['waf' as const], results: waf } };
    const gdFig = { alt: 'Coverage: GuardDuty', coverage: { services: ['guardduty' as const], results: gd } };
    const doc = findingDocument({
      blocks: [
        heading(3, text('T')),
        figure(wafFig.alt, 'coverage-waf.svg', wafFig.coverage),
        figure(gdFig.alt, 'coverage-guardduty.svg', gdFig.coverage),
        figure('Missing', 'coverage-missing.svg', { services: ['macie'], results: [] }),
      ],
    });
    const wafPng = renderCoveragePng(renderFigureSvg(bundle, wafFig));
    const gdPng = renderCoveragePng(renderFigureSvg(bundle, gdFig));
    const bytes = await renderFindingDocx({
      finding: doc,
      coveragePng: png,
      figurePngs: { 'coverage-waf.svg': wafPng, 'coverage-guardduty.svg': gdPng },
    });
    const files = unzipSync(bytes);
    const media = Object.keys(files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png'));
    const embedded = media.map((f) => Buffer.from(files[f]!).toString('base64')).sort();
    assert.deepEqual(
      embedded,
      [Buffer.from(wafPng).toString('base64'), Buffer.from(gdPng).toString('base64')].sort(),
    );
    const documentXml = strFromU8(files['word/document.xml']!);
    assert.ok(documentXml.includes('[Picture not included: Missing (coverage-missing.svg)]'));
    assert.ok(documentXml.includes('Coverage: WAF') && documentXml.includes('Coverage: GuardDuty'));
  });

  test('without a picture it writes a placeholder line', async () => {
    const bytes = await renderFindingDocx({ finding });
    const documentXml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    assert.ok(documentXml.includes('[Picture not included: Coverage of security services (coverage.svg)]'));
  });

  test('LibreOffice opens it and the PDF carries the text', {
    skip: libreOfficeMissing,
    timeout: 120_000,
  }, async () => {
    const dir = resolve('.test-tmp/render-docx');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'finding.docx');
    writeFileSync(file, await renderFindingDocx({ finding, coveragePng: png }));
    const { pdf, text, log } = docxToPdf(file, dir);
    assert.ok(pdf, `no PDF: ${log}`);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    if (text !== null) {
      assert.ok(text.includes('AWS Security Features Not Enabled'));
      assert.ok(text.includes('Impact: Medium'));
      assert.ok(text.includes('<img src=x'), 'hostile text is shown literally');
    }
  });
});

describe('table column widths in Word', () => {
  const t = (s: string) => [text(s)];
  test('a column of long explanations gets the room; short ones keep their longest word', () => {
    const header = [t('Item'), t('Region'), t('Estimate a month (USD)'), t('Basis')];
    const long = 'Web ACL, rule and request fees; requests from CloudWatch over the last 30 days. '.repeat(2);
    const rows = [[t('AWS WAF for 1 API Gateway stage'), t('ap-southeast-2'), t('$8.00–$15.00'), t(long)]];
    const w = columnWidths(header, rows);
    assert.equal(w.length, 4);
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 100) <= 2, `${w}`);
    assert.ok(w[3]! > w[0]! && w[3]! > w[1]! && w[3]! > w[2]!, `basis widest: ${w}`);
    // "ap-southeast-2" (14 characters) never breaks: about a percent of the width per character.
    assert.ok(w[1]! >= 16, `region column: ${w}`);
  });
  test('columns that fit share the width by their text', () => {
    const w = columnWidths([t('Region'), t('Status')], [[t('eu-west-1'), t('fail')]]);
    assert.ok(Math.abs(w[0]! + w[1]! - 100) <= 1);
    assert.ok(w[0]! > w[1]!);
  });
  test("a table of 1,000 accounts' cost lines (40,000 rows): the widths of its longest cells, no stack overflow", () => {
    const header = [t('Account'), t('Item'), t('Basis')];
    const row = (i: number) => [
      t(`7000000${String(i).padStart(5, '0')}`),
      t(`GuardDuty in region ${i % 17}`),
      t('short'),
    ];
    const rows = Array.from({ length: 40000 }, (_, i) => row(i));
    rows[12345] = [t('1'), t('x'), t('a much longer basis with an unbreakable-very-long-word-indeed in it')];
    assert.deepEqual(columnWidths(header, rows), columnWidths(header, [row(16), rows[12345]!]));
  });
});
