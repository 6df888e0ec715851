import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseMarkdown, slotsOf } from '../../src/finding/template-markdown.js';
import { type Block, type Inline, plainText, readFinding } from '../support/finding-reader.js';
import { SEED } from './scenarios.js';

function para(b: Block | undefined): Inline[] {
  assert.ok(b && b.type === 'paragraph', `expected a paragraph, got ${b?.type}`);
  return b.inlines;
}

describe('the template Markdown subset', () => {
  test('headings, paragraphs with line breaks', () => {
    const doc = readFinding(
      '---\ncategory: CNF\ncvss: TBA\n---\n### Title here\nBody line one\nline two\n#### Impact: Medium\nx\n',
    );
    assert.deepEqual(doc.frontMatter, { category: 'CNF', cvss: 'TBA' });
    assert.deepEqual(
      doc.blocks.map((b) => b.type),
      ['heading', 'paragraph', 'heading', 'paragraph'],
    );
    const h = doc.blocks[2]!;
    assert.ok(h.type === 'heading' && h.level === 4 && h.text === 'Impact: Medium');
    // A single newline is kept as a line break.
    assert.deepEqual(
      para(doc.blocks[1]).map((r) => r.kind),
      ['text', 'break', 'text'],
    );
  });

  test('highlights with and without comments, nesting, lone comments', () => {
    const doc = readFinding('A {==x==}{>>why x<<} b {==outer {==inner==} tail==} c {>>lone<<}.');
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
    const doc = readFinding('{==never closed\n\nAllow s3:* on XREF_AWS_Logging and 2 * 3 **bold**');
    assert.equal(doc.reviewItems[0]!.text, 'never closed');
    const runs = para(doc.blocks[1]);
    assert.equal(plainText(runs), 'Allow s3:* on XREF_AWS_Logging and 2 * 3 bold');
    assert.ok(runs.some((r) => r.kind === 'text' && r.bold && r.text === 'bold'));
    assert.ok(runs.every((r) => r.kind !== 'text' || !r.italic));
  });

  test('GFM tables with alignment, escaped pipes, code, and review marks in cells', () => {
    const text =
      '| Account | Region | Note |\n|:--|:-:|--:|\n| 1 | eu-west-1 | a \\| b |\n| 2 | `x|y` | {==check==}{>>why<<} |\n';
    const t = parseMarkdown(text).blocks[0]!;
    assert.ok(t.kind === 'table');
    assert.deepEqual(t.align, ['left', 'center', 'right']);
    assert.deepEqual(
      t.rows.map((r) => r.map((c) => text.slice(c.start, c.end))),
      [
        ['1', 'eu-west-1', 'a \\| b'],
        ['2', '`x|y`', '{==check==}{>>why<<}'],
      ],
    );
    const doc = readFinding(text);
    const read = doc.blocks[0]!;
    assert.ok(read.type === 'table');
    assert.equal(plainText(read.rows[0]![2]!), 'a | b');
    assert.equal(plainText(read.rows[1]![1]!), 'x|y');
    assert.equal(doc.reviewItems[0]!.why, 'why');
  });

  test('block images, list items (one block each), fenced code, own lines', () => {
    const text =
      '![Coverage [all]](coverage.svg)\n\n- one\n- two\n  more\n\n1. first\n2. second\n```\n{==x==}\n```\nintro\n{==GuardDuty==}\nafter\n';
    const own = new Set([text.indexOf('{==GuardDuty')]);
    const { blocks } = parseMarkdown(text, 0, own);
    assert.deepEqual(
      blocks.map((b) => (b.kind === 'item' ? `item${b.ordered ? '1' : '-'}` : b.kind)),
      ['image', 'item-', 'item-', 'item1', 'item1', 'code', 'paragraph', 'paragraph', 'paragraph'],
    );
    const img = blocks[0]!;
    assert.ok(img.kind === 'image' && img.alt === 'Coverage [all]' && img.src === 'coverage.svg');
    assert.equal(text.slice(blocks[2]!.start, blocks[2]!.end), '- two\n  more');
    assert.deepEqual(
      blocks.slice(6).map((b) => text.slice(b.start, b.end)),
      ['intro', '{==GuardDuty==}', 'after'],
      'a subsection marker line is a block of its own',
    );
  });

  test('the consultant template: every highlight is read, nesting kept', () => {
    const source = readFileSync(SEED, 'utf8');
    const doc = readFinding(source);
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
    assert.equal(doc.reviewItems.length, source.split('{==').length - 1);
  });

  test('never throws on junk', () => {
    for (const s of [
      '',
      '---\n: : :\n---\n',
      '{==',
      '==}',
      '{>>',
      '|',
      '| a |\n|---|',
      '***',
      '`',
      '[x](',
      '\ufeff#',
    ]) {
      assert.doesNotThrow(() => parseMarkdown(s), s);
      assert.doesNotThrow(() => readFinding(s), s);
    }
  });

  // Before: each `[` or `*` looked for its closer to the end of the line, again for every one: a 900 KB
  // line of `[a ` took 450 s, 60 KB of `*a ` 5 s (in the renderers, which parsed finding.md, template text
  // included).
  test('long lines of openers without closers parse in linear time', () => {
    for (const opener of ['[a ', '*a ', '{>>a ', '`a ', '[a](b ']) {
      const text = `x ${opener.repeat(200_000)}`;
      const t0 = performance.now();
      parseMarkdown(text);
      assert.ok(performance.now() - t0 < 5_000, `${JSON.stringify(opener)}: ${performance.now() - t0} ms`);
    }
  });

  // The composer cuts template text at markers and keeps the bytes: positions must be exact.
  test('property: runs lie in their slots, in order, and literal runs are their source text', () => {
    const tokens = [
      '{==',
      '==}',
      '{>>',
      '<<}',
      '\\*',
      '**',
      '*',
      '`',
      '[a](b)',
      '|',
      '\n',
      '\n\n',
      '- ',
      '# ',
      '---\n',
      '```\n',
      ' ',
      'word',
      '![x](y)',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const { blocks, runs } = parseMarkdown(text);
        let last = 0;
        for (const r of runs) {
          assert.ok(r.start >= last && r.end >= r.start && r.end <= text.length, 'in order');
          last = r.end;
          if (r.literal) assert.equal(text.slice(r.start, r.end), r.text);
        }
        for (const b of blocks) {
          for (const s of slotsOf(b)) assert.ok(s.start >= b.start && s.end <= b.end && s.start <= s.end);
        }
        for (let i = 1; i < blocks.length; i++) assert.ok(blocks[i]!.start > blocks[i - 1]!.end);
      }),
      { numRuns: 500 },
    );
  });
});
