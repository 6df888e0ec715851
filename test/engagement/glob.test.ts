import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileGlob, GlobSyntaxError } from '../../src/engagement/glob.js';

describe('accept-file globs', () => {
  test('* matches any run of characters, across dots, slashes and colons', () => {
    const g = compileGlob('guardduty.*');
    assert.ok(g.matches('guardduty.enabled'));
    assert.ok(g.matches('guardduty.protection-plans'));
    assert.ok(g.matches('guardduty.'));
    assert.ok(!g.matches('guardduty'));
    assert.ok(!g.matches('xguardduty.enabled'));
    assert.ok(compileGlob('*.enabled').matches('macie.enabled'));
    assert.ok(!compileGlob('*.enabled').matches('macie.enabled2'));
    assert.ok(
      compileGlob('arn:aws:apigateway:*').matches('arn:aws:apigateway:eu-west-2::/restapis/a1/stages/prod'),
    );
    assert.ok(compileGlob('*prod*').matches('arn:aws:apigateway:eu-west-2::/restapis/a1/stages/prod'));
  });

  test('? matches exactly one character (a code point, not half of one)', () => {
    const g = compileGlob('eu-west-?');
    assert.ok(g.matches('eu-west-1'));
    assert.ok(!g.matches('eu-west-'));
    assert.ok(!g.matches('eu-west-10'));
    assert.ok(compileGlob('a?b').matches('a😀b'));
  });

  test('backslash makes the next character literal', () => {
    assert.ok(compileGlob('a\\*b').matches('a*b'));
    assert.ok(!compileGlob('a\\*b').matches('axxb'));
    assert.ok(compileGlob('a\\?').matches('a?'));
    assert.ok(!compileGlob('a\\?').matches('ab'));
    assert.ok(compileGlob('x\\[1\\]').matches('x[1]'));
    assert.ok(compileGlob('\\!x').matches('!x'));
    assert.ok(compileGlob('a\\\\b').matches('a\\b'));
  });

  test('matching is case-sensitive and whole-text', () => {
    assert.ok(!compileGlob('GuardDuty.*').matches('guardduty.enabled'));
    assert.ok(!compileGlob('guardduty.enabled').matches('guardduty.enabled '));
  });

  test('"*" (and "**") matches everything, the empty text included; literals are flagged', () => {
    for (const p of ['*', '**', '***']) {
      const g = compileGlob(p);
      assert.equal(g.matchesAll, true, p);
      assert.ok(g.matches(''));
    }
    assert.equal(compileGlob('?*').matchesAll, false);
    assert.ok(!compileGlob('?*').matches(''));
    assert.equal(compileGlob('a\\*').literal, true);
    assert.equal(compileGlob('a\\*').literalText, 'a*');
    assert.equal(compileGlob('a*').literal, false);
  });

  test('malformed patterns are refused with what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['eu-west-[12]', /"\[" at character 9: character classes/],
      ['x]', /"\]" at character 2/],
      ['{a,b}', /alternatives/],
      ['!guardduty.enabled', /negation/],
      ['abc\\', /lone "\\"/],
    ];
    for (const [p, re] of cases) {
      assert.throws(
        () => compileGlob(p),
        (e: unknown) => e instanceof GlobSyntaxError && re.test(e.message),
        p,
      );
    }
  });

  test('property: a pattern without wildcards matches exactly its own text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }),
        fc.string({ unit: 'grapheme' }),
        (text, other) => {
          const escaped = Array.from(text)
            .map((c) => (/[*?\\[\]{}!]/.test(c) ? `\\${c}` : c))
            .join('');
          const g = compileGlob(escaped);
          assert.ok(g.matches(text));
          assert.equal(g.matches(other), other === text);
        },
      ),
    );
  });

  test('property: the glob agrees with an equivalent regular expression', () => {
    const piece = fc.constantFrom('a', 'b', '.', '*', '?', '/');
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '/'), maxLength: 12 }),
        (parts, text) => {
          const pattern = parts.join('');
          const re = new RegExp(
            `^${parts.map((p) => (p === '*' ? '.*' : p === '?' ? '.' : p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('')}$`,
            's',
          );
          assert.equal(compileGlob(pattern).matches(text), re.test(text), `${pattern} vs ${text}`);
        },
      ),
    );
  });

  test('matching stays fast on pathological patterns', () => {
    const g = compileGlob(`${'*a'.repeat(30)}*b`);
    const started = Date.now();
    assert.equal(g.matches('a'.repeat(5000)), false);
    assert.ok(Date.now() - started < 2000);
  });
});
