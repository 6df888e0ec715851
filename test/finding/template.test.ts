import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateCondition, MAX_CONDITION_NESTING, parseCondition } from '../../src/finding/condition.js';
import { MAX_HIGHLIGHT_NESTING, parseTemplate } from '../../src/finding/template.js';
import { TemplateError } from '../../src/finding/types.js';

function markers(text: string) {
  return parseTemplate(text, 't.md').nodes.map((n) => n.marker);
}

function errorAt(text: string, line: number, column: number, pattern: RegExp): void {
  assert.throws(
    () => parseTemplate(text, 'tpl.md'),
    (e: unknown) => {
      assert.ok(e instanceof TemplateError, `expected TemplateError, got ${String(e)}`);
      assert.equal(e.file, 'tpl.md');
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.match(e.message, pattern);
      assert.ok(!e.message.includes('\n'));
      assert.ok(e.message.startsWith(`tpl.md:${line}:${column}: `));
      return true;
    },
  );
}

describe('template markers', () => {
  test('front matter is parsed and the body starts after it', () => {
    const t = parseTemplate('---\ncategory: CNF\ncvss: TBA\n---\n# T\n', 'x.md');
    assert.deepEqual(t.frontMatter, { category: 'CNF', cvss: 'TBA' });
    assert.equal(t.text.slice(t.bodyStart), '# T\n');
  });

  test('subsection markers bind services by name, case-insensitively, several per marker', () => {
    const m = markers(
      '{==WAF & Shield==}\n\n{==guardduty==}\n#### {==Trusted Advisor==}\n{==CloudTrail and Macie==}\n',
    );
    assert.deepEqual(m, [
      { type: 'subsection', services: ['waf', 'shield'], label: 'WAF & Shield' },
      { type: 'subsection', services: ['guardduty'], label: 'guardduty' },
      { type: 'subsection', services: ['trustedadvisor'], label: 'Trusted Advisor' },
      { type: 'subsection', services: ['cloudtrail', 'macie'], label: 'CloudTrail and Macie' },
    ]);
  });

  test('SCREENSHOT, AUTO, NOTE, XREF and XREF_KEY', () => {
    const m = markers('{==SCREENSHOT==}\n{==AUTO==}\nText {==NOTE: ask==} {==XREF==} {==XREF_Logging_1==}\n');
    assert.deepEqual(m, [
      { type: 'screenshot' },
      { type: 'auto' },
      { type: 'note' },
      { type: 'xref', key: 'XREF' },
      { type: 'xref', key: 'Logging_1' },
    ]);
  });

  test('OPTION forms: bare, numbered, labelled, conditional, end marker', () => {
    const m = markers(
      'a {==OPTION==} b {==OPTION1==} c {==OPTION: If S3 holds PII==} d {==OPTION[guardduty.enabled=fail]: off==} {==/OPTION==}\n',
    );
    assert.equal(m.length, 5);
    assert.deepEqual(m[0], { type: 'option', condition: null, label: '' });
    assert.deepEqual(m[1], { type: 'option', condition: null, label: '' });
    assert.deepEqual(m[2], { type: 'option', condition: null, label: 'If S3 holds PII' });
    assert.equal(m[3]!.type, 'option');
    assert.deepEqual((m[3] as { condition: unknown }).condition, {
      op: 'check',
      pattern: 'guardduty.enabled',
      negate: false,
      status: 'fail',
    });
    assert.deepEqual(m[4], { type: 'option-end' });
  });

  test('nested highlights: a generic clause containing an XREF', () => {
    const t = parseTemplate('acted upon{==, including rotation (see section {==XREF==})==}:\n', 'x.md');
    assert.equal(t.nodes.length, 1);
    const n = t.nodes[0]!;
    assert.equal(n.marker.type, 'highlight');
    assert.equal(n.children.length, 1);
    assert.deepEqual(n.children[0]!.marker, { type: 'xref', key: 'XREF' });
    assert.equal(t.text.slice(n.start, n.end), '{==, including rotation (see section {==XREF==})==}');
  });

  test('highlights in fenced code and escaped braces are not markers', () => {
    assert.deepEqual(markers('```\n{==Nope==}\n```\n\\{==x==\\}\n'), []);
  });

  test('comments are skipped', () => {
    assert.deepEqual(markers('{==OPTION==}{>>why {==x<<} text\n'), [
      { type: 'option', condition: null, label: '' },
    ]);
  });
});

describe('malformed templates: TemplateError with line and column', () => {
  test('unclosed highlight', () => errorAt('# T\n\nsome {==OPTION text\n', 3, 6, /not closed/));
  test('stray closing mark', () => errorAt('# T\nabc ==} def\n', 2, 5, /never opened/));
  test('unclosed nested highlight', () => errorAt('x {==a {==b==} c\n', 1, 3, /not closed/));
  test('unknown service name', () =>
    errorAt('intro\n\n{==WAF & Firewall==}\n', 3, 10, /unknown service name "Firewall"/));
  test('bad condition: unknown status', () =>
    errorAt('{==OPTION[guardduty.enabled=off]==}x\n', 1, 29, /unknown status "off"/));
  test('bad condition: unknown check id', () =>
    errorAt('\n{==OPTION[guardduty.enable=fail]==}x\n', 2, 11, /unknown check id/));
  test('bad condition: unknown service state', () =>
    errorAt('{==OPTION[macie:sleepy]==}x\n', 1, 17, /unknown state/));
  test('bad condition: dangling operator', () =>
    errorAt('{==OPTION[macie:gap and]==}x\n', 1, 24, /ends too early/));
  test('bad condition: unclosed bracket', () =>
    errorAt('{==OPTION[macie:gap==}x\n', 1, 10, /not closed with "]"/));
  test('bad cross-reference', () => errorAt('see {==XREF section 3==}\n', 1, 8, /bad cross-reference/));
  test('OPTION nested inside a highlight', () =>
    errorAt('{==a {==OPTION==} b==}\n', 1, 6, /cannot be nested/));
  test('front matter not closed', () =>
    errorAt('---\ncategory: CNF\n# T\n', 1, 1, /front matter is not closed/));
  test('bad YAML in front matter', () =>
    errorAt('---\ncategory: CNF\ncvss: [1, 2\n---\nx\n', 4, 1, /bad front matter/));
  test('front matter that is not a mapping', () => errorAt('---\n- a\n- b\n---\nx\n', 2, 1, /key: value/));
  test('unclosed comment', () => errorAt('a\n b {>>why\n', 2, 4, /comment/));
  // Before: 3,000 levels were "internal error: Maximum call stack size exceeded" (exit 1).
  test('highlights nested deeper than the limit, at the first one too deep', () => {
    const deep = (n: number) => `# T\n\nx ${'{=='.repeat(n)}y${'==}'.repeat(n)}\n`;
    errorAt(deep(3000), 3, 3 + 3 * MAX_HIGHLIGHT_NESTING, /highlights are nested more than 16 deep/);
    errorAt(deep(MAX_HIGHLIGHT_NESTING + 1), 3, 3 + 3 * MAX_HIGHLIGHT_NESTING, /nested more than/);
    const ok = parseTemplate(deep(MAX_HIGHLIGHT_NESTING), 't.md');
    let depth = 0;
    for (let n = ok.nodes[0]; n; n = n.children[0]) depth++;
    assert.equal(depth, MAX_HIGHLIGHT_NESTING);
  });
  test('conditions nested deeper than the limit (parentheses, not)', () => {
    const parens = `{==OPTION[${'('.repeat(5000)}macie:off${')'.repeat(5000)}]==} x\n`;
    errorAt(parens, 1, 11 + MAX_CONDITION_NESTING, /condition nested more than 32 deep/);
    const nots = `{==OPTION[${'not '.repeat(5000)}macie:off]==} x\n`;
    errorAt(nots, 1, 11 + 4 * MAX_CONDITION_NESTING, /condition nested more than 32 deep/);
  });
  test('front matter nested too deeply (where the YAML parser gave up)', () => {
    const text = `---\na: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\nx\n`;
    assert.throws(
      () => parseTemplate(text, 'tpl.md'),
      (e: unknown) =>
        e instanceof TemplateError && /^tpl\.md:2:\d+: bad front matter: nested too deeply$/.test(e.message),
    );
  });
});

// Before: a CR-only template was one long line: no front matter, markers misread, errors at line 1.
describe('line endings: LF, CR LF and CR alike', () => {
  const lf = '---\ncategory: CNF\n---\n# T\n\n{==CloudTrail==}\ntext {==XREF_a==}\n';
  for (const [name, eol] of [
    ['CR LF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    test(`${name}: the same template as with LF`, () => {
      const t = parseTemplate(lf.replace(/\n/g, eol), 't.md');
      const u = parseTemplate(lf, 't.md');
      assert.deepEqual(t.frontMatter, { category: 'CNF' });
      assert.deepEqual(
        t.nodes.map((n) => [n.marker, n.standalone, u.lineCol(n.start)]),
        u.nodes.map((n) => [n.marker, n.standalone, u.lineCol(n.start)]),
      );
      assert.equal(t.text, lf);
    });
    test(`${name}: errors at the line and column an editor shows`, () =>
      errorAt(`# T${eol}${eol}intro {==CloudTrail${eol}more${eol}`, 3, 7, /not closed/));
  }
  test('a file mixing the three', () => {
    const t = parseTemplate('# T\r\n\r{==CloudTrail==}\nx\r', 't.md');
    assert.equal(t.text, '# T\n\n{==CloudTrail==}\nx\n');
    assert.deepEqual(t.lineCol(t.nodes[0]!.start), { line: 3, column: 1 });
  });
});

describe('option conditions', () => {
  const ctx = {
    statuses: (id: string) =>
      new Set(id === 'guardduty.enabled' ? (['fail', 'pass'] as const) : (['pass'] as const)),
    allCheckIds: () => ['guardduty.enabled', 'macie.enabled'],
    serviceState: (s: string, st: string) => s === 'macie' && st === 'fine',
    fact: (f: string) => f === 's3:used',
  };
  const ev = (src: string) => evaluateCondition(parseCondition(src), ctx);
  test('a chain of thousands of or / and is evaluated without recursion', () => {
    assert.equal(ev(`${'macie:gap or '.repeat(20_000)}macie:fine`), true);
    assert.equal(ev(`${'macie:fine and '.repeat(20_000)}macie:gap`), false);
    assert.equal(ev(`${'(macie:fine and s3:used) or '.repeat(5000)}macie:gap`), true);
  });
  test('atoms, wildcards, negation, precedence and parentheses', () => {
    assert.equal(ev('guardduty.enabled=fail'), true);
    assert.equal(ev('macie.enabled=fail'), false);
    assert.equal(ev('macie.enabled!=fail'), true);
    assert.equal(ev('guardduty.*=pass'), true);
    assert.equal(ev('*=unknown'), false);
    assert.equal(ev('macie:fine and s3:used'), true);
    assert.equal(ev('web:exposed or macie:gap'), false);
    assert.equal(ev('not macie:gap'), true);
    assert.equal(ev('macie:gap or macie:fine and s3:used'), true);
    assert.equal(ev('(macie:gap or macie:fine) and web:exposed'), false);
    assert.equal(ev('GuardDuty.Enabled=FAIL'), true);
  });
});
