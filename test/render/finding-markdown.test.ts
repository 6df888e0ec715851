import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  type Block,
  type Inline,
  parseFindingMarkdown,
  plainText,
  ratingOf,
} from '../../src/render/finding-markdown.js';

// The seed template (the user's own document), as copied into the repository for the finding tests.
const SEED = join(import.meta.dirname, '..', 'finding', 'fixtures', 'seed-template.txt');

function para(b: Block | undefined): Inline[] {
  assert.ok(b && b.type === 'paragraph', `expected a paragraph, got ${b?.type}`);
  return b.inlines;
}

describe('parseFindingMarkdown', () => {
  test('front matter, headings with ratings, paragraphs', () => {
    const doc = parseFindingMarkdown(
      '---\ncategory: CNF\ncvss: TBA\n---\n### Title here\nBody line one\nline two\n#### Impact: Medium\nx\n',
    );
    assert.deepEqual(doc.frontMatter, { category: 'CNF', cvss: 'TBA' });
    assert.deepEqual(
      doc.blocks.map((b) => b.type),
      ['heading', 'paragraph', 'heading', 'paragraph'],
    );
    const h = doc.blocks[2]!;
    assert.ok(h.type === 'heading' && h.level === 4);
    assert.deepEqual(ratingOf(h.text), { label: 'Impact', value: 'Medium' });
    // A single newline is kept as a line break.
    assert.deepEqual(
      para(doc.blocks[1]).map((r) => r.kind),
      ['text', 'break', 'text'],
    );
  });

  test('highlights with and without comments, nesting, lone comments', () => {
    const doc = parseFindingMarkdown('A {==x==}{>>why x<<} b {==outer {==inner==} tail==} c {>>lone<<}.');
    assert.deepEqual(
      doc.reviewItems.map((r) => ({ text: r.text, why: r.why, parent: r.parent })),
      [
        { text: 'x', why: 'why x', parent: null },
        { text: 'outer inner tail', why: null, parent: null },
        { text: 'inner', why: null, parent: 2 },
        { text: '', why: 'lone', parent: null },
      ],
    );
    const runs = para(doc.blocks[0]);
    const inner = runs.find((r) => r.kind === 'text' && r.text === 'inner');
    assert.ok(inner?.kind === 'text');
    assert.deepEqual(inner.reviews, [2, 3]);
    assert.ok(runs.some((r) => r.kind === 'anchor' && r.review === 4));
    assert.equal(plainText(runs), 'A x b outer inner tail c .');
  });

  test('unbalanced marks close at the end of their block; stray asterisks and underscores stay text', () => {
    const doc = parseFindingMarkdown('{==never closed\n\nAllow s3:* on XREF_AWS_Logging and 2 * 3 **bold**');
    assert.equal(doc.reviewItems[0]!.text, 'never closed');
    const runs = para(doc.blocks[1]);
    assert.equal(plainText(runs), 'Allow s3:* on XREF_AWS_Logging and 2 * 3 bold');
    assert.ok(runs.some((r) => r.kind === 'text' && r.bold && r.text === 'bold'));
    assert.ok(runs.every((r) => r.kind !== 'text' || !r.italic));
  });

  test('GFM tables with alignment, escaped pipes, code, and review marks in cells', () => {
    const doc = parseFindingMarkdown(
      '| Account | Region | Note |\n|:--|:-:|--:|\n| 1 | eu-west-1 | a \\| b |\n| 2 | `x|y` | {==check==}{>>why<<} |\n',
    );
    const t = doc.blocks[0]!;
    assert.ok(t.type === 'table');
    assert.deepEqual(t.align, ['left', 'center', 'right']);
    assert.equal(t.rows.length, 2);
    assert.equal(plainText(t.rows[0]![2]!), 'a | b');
    assert.equal(plainText(t.rows[1]![1]!), 'x|y');
    assert.equal(doc.reviewItems[0]!.why, 'why');
  });

  test('block images and lists', () => {
    const doc = parseFindingMarkdown(
      '![Coverage [all]](coverage.svg)\n\n- one\n- two\n\n1. first\n2. second\n',
    );
    assert.deepEqual(doc.blocks[0], { type: 'image', alt: 'Coverage [all]', src: 'coverage.svg' });
    const l1 = doc.blocks[1]!;
    const l2 = doc.blocks[2]!;
    assert.ok(l1.type === 'list' && !l1.ordered && l1.items.length === 2);
    assert.ok(l2.type === 'list' && l2.ordered && l2.items.length === 2);
  });

  test('the consultant template: every highlight becomes a review item, nesting kept', () => {
    const doc = parseFindingMarkdown(readFileSync(SEED, 'utf8'));
    assert.deepEqual(doc.frontMatter, { category: 'CNF', cvss: 'TBA' });
    const headings = doc.blocks.flatMap((b) => (b.type === 'heading' ? [b.text] : []));
    assert.deepEqual(headings, [
      'AWS Security Features Not Enabled',
      'Impact: Medium',
      'Likelihood: Low',
      'Recommendation',
    ]);
    const texts = doc.reviewItems.map((r) => r.text);
    assert.ok(texts.includes('Trusted Advisor'));
    assert.ok(texts.includes('XREF_AWS_Insufficient_Logging_and_Monitoring'));
    const clause = doc.reviewItems.find((r) => r.text.startsWith(', including IAM access key rotation'))!;
    const nested = doc.reviewItems.filter((r) => r.parent === clause.id);
    assert.deepEqual(
      nested.map((r) => r.text),
      ['XREF'],
    );
    const source = readFileSync(SEED, 'utf8');
    assert.equal(doc.reviewItems.length, source.split('{==').length - 1);
  });

  test('never throws on junk', () => {
    for (const s of ['', '---\n: : :\n---\n', '{==', '==}', '{>>', '|', '| a |\n|---|', '***', '`', '[x](']) {
      assert.doesNotThrow(() => parseFindingMarkdown(s), s);
    }
  });
});
