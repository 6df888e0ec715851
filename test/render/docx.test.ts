import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { renderCoveragePng, renderCoverageSvg } from '../../src/render/coverage.js';
import { renderFindingDocx } from '../../src/render/docx.js';
import { parseFindingMarkdown } from '../../src/render/finding-markdown.js';
import { docxToPdf, libreOfficeMissing } from '../support/office.js';
import { HOSTILE_NAME, syntheticReport, XML_FORBIDDEN_CHAR, XML_FORBIDDEN_NAME } from './synthetic.js';

const FINDING = `---
category: CNF
cvss: TBA
---
### AWS Security Features Not Enabled
Our scan found gaps. {==OPTION==}{>>Keep only if the client stores personal data in S3<<}Macie was not enabled in eu-west-1.

{==GuardDuty==}
GuardDuty was off in {==two regions (see {==XREF==})==}.{>>Check with the client's SOC<<}

| Account | Region | Resource |
|---|:-:|---|
| 100000000000 | eu-west-1 | ${HOSTILE_NAME.replace(/\|/g, '\\|')} |

![Coverage of security services](coverage.svg)
#### Impact: Medium
Impact words.
#### Likelihood: Low
Likelihood words.
#### Recommendation
Turn on **GuardDuty** in every region.
`;

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
  const reviews = parseFindingMarkdown(FINDING).reviewItems;

  test('document.xml and comments.xml are well-formed; one comment per review item; picture embedded', async () => {
    const bytes = await renderFindingDocx({ findingMarkdown: FINDING, coveragePng: png, date: new Date(0) });
    const files = unzipSync(bytes);
    const documentXml = strFromU8(files['word/document.xml']!);
    const commentsXml = strFromU8(files['word/comments.xml']!);
    assertWellFormed(documentXml, 'document.xml');
    assertWellFormed(commentsXml, 'comments.xml');
    // OPTION (with why), GuardDuty, "two regions…", the nested XREF, and the lone comment after the period.
    assert.deepEqual(
      reviews.map((r) => [r.text, r.parent]),
      [
        ['OPTION', null],
        ['GuardDuty', null],
        ['two regions (see XREF)', null],
        ['XREF', 3],
        ['', null],
      ],
    );
    const comments = [...commentsXml.matchAll(/<w:comment\b[^>]*w:id="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      comments.sort((a, b) => a - b),
      reviews.map((r) => r.id),
    );
    assert.ok(commentsXml.includes('Keep only if the client stores personal data in S3'));
    assert.ok(
      commentsXml.includes('Check with the client&apos;s SOC') ||
        commentsXml.includes("Check with the client's SOC"),
    );
    // Every comment is anchored once in the body.
    for (const r of reviews) {
      assert.equal(
        [...documentXml.matchAll(new RegExp(`<w:commentRangeStart w:id="${r.id}"/>`, 'g'))].length,
        1,
      );
      assert.equal(
        [...documentXml.matchAll(new RegExp(`<w:commentReference w:id="${r.id}"/>`, 'g'))].length,
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
    const md = `---\ntitle: "${bad}"\n---\n### Finding ${bad}\nText ${bad} {==review ${bad}==}{>>why ${bad}<<}\n\n| Name |\n|---|\n| ${bad} |\n\n![alt ${bad}](other.svg)\n`;
    const bytes = await renderFindingDocx({ findingMarkdown: md, date: new Date(0) });
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

  test('without a picture it writes a placeholder line', async () => {
    const bytes = await renderFindingDocx({ findingMarkdown: FINDING });
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
    writeFileSync(file, await renderFindingDocx({ findingMarkdown: FINDING, coveragePng: png }));
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
