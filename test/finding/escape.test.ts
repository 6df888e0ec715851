import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { escapeMarkdownInline, sanitizeText } from '../../src/finding/escape.js';

describe('escapeMarkdownInline', () => {
  test('escapes Markdown, HTML and CriticMarkup delimiters', () => {
    assert.equal(escapeMarkdownInline('a*b_c'), 'a\\*b\\_c');
    assert.equal(escapeMarkdownInline('<script>'), '\\<script\\>');
    assert.equal(escapeMarkdownInline('{==x==}{>>y<<}'), '\\{\\=\\=x\\=\\=\\}\\{\\>\\>y\\<\\<\\}');
    assert.equal(escapeMarkdownInline('a|b'), 'a\\|b');
    assert.equal(escapeMarkdownInline('[t](http://x)'), '\\[t\\](http://x)');
    assert.equal(escapeMarkdownInline('- item'), '\\- item');
    assert.equal(escapeMarkdownInline('R&D'), 'R\\&D');
  });

  test('newlines, control characters and bidi marks are removed', () => {
    assert.equal(escapeMarkdownInline('a\nb\r\nc\td\u0000e'), 'a b c d e');
    assert.equal(escapeMarkdownInline('abc\u202Etxt.exe\u200F\u2066'), 'abctxt.exe');
  });

  test('length is capped with an ellipsis, never splitting an escape', () => {
    const s = escapeMarkdownInline('*'.repeat(500), 10);
    assert.equal(s, `${'\\*'.repeat(9)}…`);
    assert.equal(sanitizeText('x'.repeat(20), 5), 'xxxx…');
  });

  test('property: no CriticMarkup delimiter, raw HTML, pipe or newline survives', () => {
    const alphabet = fc.constantFrom(
      '{',
      '}',
      '=',
      '>',
      '<',
      '+',
      '-',
      '~',
      '|',
      '\n',
      '\r',
      '\u202E',
      'a',
      ' ',
      '\\',
      '*',
      '&',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (chars) => {
        const out = escapeMarkdownInline(chars.join(''));
        for (const d of ['{==', '==}', '{>>', '<<}', '{++', '{--', '{~~', '++}', '--}', '~~}']) {
          // Every occurrence must be neutralised by a backslash in front of its brace.
          const re = new RegExp(`(?<!\\\\)${d.replace(/[{}+~=<>-]/g, '\\$&')}`);
          if (d.startsWith('{')) assert.ok(!re.test(out), `${d} in ${JSON.stringify(out)}`);
        }
        assert.ok(!/[\n\r\u202E]/.test(out));
        assert.ok(!/(?<!\\)(?:\\\\)*[<>|]/.test(out.replace(/\\\\/g, '')), JSON.stringify(out));
      }),
      { numRuns: 500 },
    );
  });
});
