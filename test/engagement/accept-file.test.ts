import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  AcceptFileError,
  checkAcceptFile,
  formatProblem,
  MAX_ACCEPT_FILE_CHARS,
  parseAcceptFile,
} from '../../src/engagement/accept.js';
import { InputError } from '../../src/evidence/bundle.js';
import { ISSUE_EXAMPLE } from './helpers.js';

const KNOWN = ['guardduty.enabled', 'guardduty.protection-plans', 'macie.enabled', 'waf.api-gateway'];

function problems(text: string): string[] {
  return checkAcceptFile(text, 'accept.yaml', { knownCheckIds: KNOWN }).problems.map(formatProblem);
}

/** An entry with every required key, plus extra lines (indented as entry keys). */
function entry(extra: string, check = 'guardduty.enabled'): string {
  return `accept:\n  - check: ${check}\n    reason: r\n    by: b\n    expires: 2027-06-30\n${extra}`;
}

describe('accept file: reading', () => {
  test("the issue's example reads as one entry with every field", () => {
    const file = parseAcceptFile(ISSUE_EXAMPLE, 'accept.yaml', { knownCheckIds: KNOWN });
    assert.deepEqual(file.entries, [
      {
        file: 'accept.yaml',
        line: 2,
        column: 5,
        check: ['guardduty.enabled'],
        account: ['*'],
        region: ['eu-west-2'],
        resource: ['*'],
        reason: 'region unused, blocked by an SCP',
        by: 'client security team',
        expires: '2027-06-30',
        control: 'optional compensating control',
      },
    ]);
  });

  test('left-out selectors mean "*"; control is null; lists are kept in order', () => {
    const [e] = parseAcceptFile(
      entry('    region: [eu-west-2, "ap-*"]\n    account: [111111111111, "2222222222*"]\n'),
      'a.yaml',
    ).entries;
    assert.deepEqual(e!.resource, ['*']);
    assert.deepEqual(e!.region, ['eu-west-2', 'ap-*']);
    assert.deepEqual(e!.account, ['111111111111', '2222222222*']);
    assert.equal(e!.control, null);
  });

  test('an unquoted account id keeps its leading zero', () => {
    const [e] = parseAcceptFile(entry('    account: 012345678901\n'), 'a.yaml').entries;
    assert.deepEqual(e!.account, ['012345678901']);
  });

  test('folded or multi-line reasons read as one line', () => {
    const [e] = parseAcceptFile(
      'accept:\n  - check: macie.enabled\n    reason: >\n      no personal data\n      in this account\n    by: "  CISO  "\n    expires: 2027-06-30\n',
      'a.yaml',
    ).entries;
    assert.equal(e!.reason, 'no personal data in this account');
    assert.equal(e!.by, 'CISO');
  });

  test('"accept: []" is a valid file with no entries', () => {
    assert.deepEqual(parseAcceptFile('accept: []\n', 'a.yaml').entries, []);
  });

  test('CRLF, CR-only line ends and a byte order mark read alike, with the same positions', () => {
    const lf = entry('    region: nowhere\n');
    const expected = [
      'accept.yaml:6:13: bad "region" "nowhere": not a region name (e.g. eu-west-2) nor "global"',
    ];
    assert.deepEqual(problems(lf), expected);
    assert.deepEqual(problems(lf.replace(/\n/g, '\r\n')), expected);
    assert.deepEqual(problems(lf.replace(/\n/g, '\r')), expected);
    assert.deepEqual(problems(`\ufeff${lf}`), expected);
    assert.equal(parseAcceptFile(ISSUE_EXAMPLE.replace(/\n/g, '\r'), 'a.yaml').entries.length, 1);
  });

  test('without knownCheckIds any well-formed check pattern is taken', () => {
    assert.equal(parseAcceptFile(entry('', 'future.check'), 'a.yaml').entries.length, 1);
  });
});

describe('accept file: every malformed file gets file:line:column and what is wrong', () => {
  const cases: [string, string, string[]][] = [
    [
      'empty file',
      '',
      ['accept.yaml:1:1: the accept file is empty: expected "accept:" followed by a list of entries'],
    ],
    [
      'only comments',
      '# nothing yet\n',
      ['accept.yaml:1:1: the accept file is empty: expected "accept:" followed by a list of entries'],
    ],
    [
      'a list at the top',
      '- check: x\n',
      ['accept.yaml:1:1: the file is a list: put the entries under a key "accept:"'],
    ],
    [
      'a scalar at the top',
      'hello\n',
      ['accept.yaml:1:1: expected a mapping with the key "accept", found the text "hello"'],
    ],
    [
      'unknown top-level key',
      'accept: []\nversion: 2\n',
      ['accept.yaml:2:1: unknown top-level key "version": the file has one key, "accept"'],
    ],
    [
      'no accept key',
      'rules: []\n',
      ['accept.yaml:1:1: unknown top-level key "rules": the file has one key, "accept"'],
    ],
    [
      'accept empty',
      'accept:\n',
      ['accept.yaml:1:1: "accept" is empty: give a list of entries (or "accept: []" for none)'],
    ],
    [
      'accept not a list',
      'accept:\n  check: guardduty.enabled\n',
      ['accept.yaml:2:3: "accept" must be a list of entries (each starting with "- "), not a mapping'],
    ],
    [
      'an entry that is not a mapping, and an empty one',
      'accept:\n  - guardduty.enabled\n  -\n',
      [
        'accept.yaml:2:5: entry 1 must be a mapping with check, reason, by and expires, not the text "guardduty.enabled"',
        'accept.yaml:3:4: entry 2 is empty: give check, reason, by and expires',
      ],
    ],
    [
      'unknown key, with the near name (not reported again as missing)',
      'accept:\n  - check: guardduty.enabled\n    reason: r\n    by: b\n    expiry: 2027-01-01\n',
      [
        'accept.yaml:5:5: unknown key "expiry" (did you mean "expires"?); an entry has check, account, region, resource, reason, by, expires, control',
      ],
    ],
    [
      'missing reason, by and expires',
      'accept:\n  - check: guardduty.enabled\n    region: eu-west-2\n',
      [
        'accept.yaml:2:5: entry 1 has no "reason", "by" or "expires" (every entry needs check, reason, by and expires)',
      ],
    ],
    [
      'missing check',
      'accept:\n  - reason: r\n    by: b\n    expires: 2027-06-30\n',
      ['accept.yaml:2:5: entry 1 has no "check" (every entry needs check, reason, by and expires)'],
    ],
    [
      'a day that does not exist',
      entry('').replace('2027-06-30', '2027-02-30'),
      ['accept.yaml:5:14: "expires": 2027-02-30 is not a day of the calendar'],
    ],
    [
      'a date in another format',
      entry('').replace('2027-06-30', '30/06/2027'),
      [
        'accept.yaml:5:14: "expires" must be a calendar date YYYY-MM-DD (the last day it applies), not "30/06/2027"',
      ],
    ],
    [
      'a timestamp instead of a date',
      entry('').replace('2027-06-30', '2027-06-30T00:00:00Z'),
      [
        'accept.yaml:5:14: "expires" must be a calendar date YYYY-MM-DD (the last day it applies), not "2027-06-30T00:00:00Z"',
      ],
    ],
    [
      'a number as the date',
      entry('').replace('2027-06-30', '20270630'),
      [
        'accept.yaml:5:14: "expires" must be a calendar date YYYY-MM-DD (the last day it applies), not "20270630"',
      ],
    ],
    [
      'a bad glob',
      entry('    region: eu-west-[12]\n'),
      [
        'accept.yaml:6:13: bad glob in "region": "eu-west-[12]": "[" at character 9: character classes ([…]) are not supported (write \\[ for a literal "[")',
      ],
    ],
    [
      'a negated glob',
      entry('    resource: "!arn:*"\n'),
      [
        'accept.yaml:6:15: bad glob in "resource": "!arn:*": negation (a leading "!") is not supported; write \\! for a literal "!"',
      ],
    ],
    [
      'a misspelt check id',
      entry('', 'guardduty.enbled'),
      [
        'accept.yaml:2:12: bad "check" "guardduty.enbled": matches no check (did you mean "guardduty.enabled"?)',
      ],
    ],
    [
      'a check glob that matches no check',
      entry('', 'gaurdduty.*'),
      ['accept.yaml:2:12: bad "check" "gaurdduty.*": matches no check'],
    ],
    [
      'an upper-case check id',
      entry('', 'GuardDuty.enabled'),
      [
        'accept.yaml:2:12: bad "check" "GuardDuty.enabled": check ids are lower-case letters, digits, ".", "-" and "_" (with * and ? as wildcards)',
      ],
    ],
    [
      'duplicate entries',
      `${entry('')}  - check: guardduty.enabled\n    reason: other\n    by: b\n    expires: 2028-06-30\n`,
      [
        'accept.yaml:6:5: duplicate entry: the entry at line 2 has the same check, account, region and resource',
      ],
    ],
    [
      'duplicate entries, selectors written differently',
      `${entry('    region: [eu-west-2, eu-west-1]\n    account: "*"\n')}  - check: guardduty.enabled\n    region: [eu-west-1, eu-west-2]\n    reason: other\n    by: b\n    expires: 2028-06-30\n`,
      [
        'accept.yaml:8:5: duplicate entry: the entry at line 2 has the same check, account, region and resource',
      ],
    ],
    [
      'a key given twice',
      entry('    reason: again\n'),
      ['accept.yaml:6:5: "reason" is given twice in the same mapping'],
    ],
    [
      'wrong types',
      'accept:\n  - check: [guardduty.enabled, 5]\n    reason: [a]\n    by: true\n    expires: 2027-06-30\n    control: {a: 1}\n',
      [
        'accept.yaml:2:32: "check" must be a pattern, not the number "5"',
        'accept.yaml:3:13: "reason" must be text, not a list',
        'accept.yaml:4:9: "by" must be text, not true (put it in quotes)',
        'accept.yaml:6:14: "control" must be text, not a mapping',
      ],
    ],
    [
      'a selector that is a mapping',
      entry('    region: {eu: west}\n'),
      ['accept.yaml:6:13: "region" must be a pattern or a list of patterns, not a mapping'],
    ],
    [
      'an attempt to accept unknown results',
      entry('    status: unknown\n'),
      [
        'accept.yaml:6:5: unknown results are never accepted: watchpost could not read them, so nothing is proven to accept; fix the access their cause names',
      ],
    ],
    [
      'a status key',
      entry('    status: fail\n'),
      ['accept.yaml:6:5: entries have no "status": they accept failing results only'],
    ],
    [
      'a short account id',
      entry('    account: 12345\n'),
      ['accept.yaml:6:14: bad "account" "12345": an account id has 12 digits'],
    ],
    [
      'an account that is not digits',
      entry('    account: prod\n'),
      ['accept.yaml:6:14: bad "account" "prod": an account is a 12-digit account id or a glob over one'],
    ],
    [
      'an upper-case region',
      entry('    region: EU-WEST-2\n'),
      [
        'accept.yaml:6:13: bad "region" "EU-WEST-2": a region is "global" or a lower-case region name such as eu-west-2 (with * and ? as wildcards)',
      ],
    ],
    [
      'empty values',
      'accept:\n  - check: guardduty.enabled\n    region:\n    reason:\n    by: ""\n    expires:\n    control:\n',
      [
        'accept.yaml:3:12: "region" is empty: leave the key out to mean every region, or give a pattern',
        'accept.yaml:4:5: "reason" is empty: say why the client accepts the risk',
        'accept.yaml:5:9: "by" is blank',
        'accept.yaml:6:5: "expires" is empty: give the last day the acceptance applies, YYYY-MM-DD',
        'accept.yaml:7:5: "control" is empty: name the compensating control, or leave the key out',
      ],
    ],
    ['an empty list', entry('    region: []\n'), ['accept.yaml:6:13: "region" is an empty list']],
    [
      'a pattern listed twice',
      entry('    region: [eu-west-2, eu-west-2]\n'),
      ['accept.yaml:6:25: "region" lists "eu-west-2" twice'],
    ],
    [
      'a control character',
      entry('    control: "IDS\\u0007"\n'),
      ['accept.yaml:6:14: "control" contains a control character'],
    ],
    [
      'a bidi override',
      entry('    control: "\\u202eeve"\n'),
      ['accept.yaml:6:14: "control" contains an invisible formatting character'],
    ],
    [
      'an alias',
      'accept:\n  - check: guardduty.enabled\n    reason: &r why\n    by: *r\n    expires: 2027-06-30\n',
      ['accept.yaml:4:9: "by" must be text, not an alias'],
    ],
    [
      'a tagged value',
      entry('    control: !!binary aGVsbG8=\n'),
      ['accept.yaml:6:23: "control" must be text, not a value tagged !!binary'],
    ],
    [
      'unclosed quote',
      'accept:\n  - check: "guardduty.enabled\n',
      ['accept.yaml:3:1: not valid YAML: Missing closing "quote'],
    ],
    [
      'tab indentation',
      'accept:\n\t- check: x\n',
      ['accept.yaml:2:1: not valid YAML: Tabs are not allowed as indentation'],
    ],
    [
      'two documents',
      'accept: []\n---\naccept: []\n',
      ['accept.yaml:2:1: the file holds more than one YAML document ("---"); an accept file is one'],
    ],
    [
      'deep nesting',
      `accept: ${'['.repeat(40)}${']'.repeat(40)}\n`,
      ['accept.yaml:1:25: brackets nested more than 16 deep: not an accept file'],
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(problems(text), expected));
  }

  test('parseAcceptFile throws one line: the first problem and how many more, as bad input (exit 2)', () => {
    const text =
      'accept:\n  - check: guardduty.enabled\n    region:\n    reason:\n    by: b\n    expires: 2027-06-30\n';
    assert.throws(
      () => parseAcceptFile(text, 'client/accept.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof AcceptFileError);
        assert.ok(e instanceof InputError);
        assert.equal(
          e.message,
          'client/accept.yaml:3:12: "region" is empty: leave the key out to mean every region, or give a pattern (and 1 more problem)',
        );
        assert.equal(e.line, 3);
        assert.equal(e.column, 12);
        assert.equal(e.problems.length, 2);
        return true;
      },
    );
  });

  test('a file over the size limit is refused before parsing', () => {
    const text = `accept: []\n#${'x'.repeat(MAX_ACCEPT_FILE_CHARS)}\n`;
    assert.deepEqual(problems(text), [
      `accept.yaml:1:1: the accept file is too large (${text.length} characters; at most ${MAX_ACCEPT_FILE_CHARS})`,
    ]);
  });

  test('deeply indented block nesting within the size limit is a one-line error, not a crash', () => {
    const lines = Array.from({ length: 900 }, (_, i) => `${' '.repeat(i + 2)}- `);
    const text = `accept:\n${lines.join('\n')}x\n`;
    assert.ok(text.length < MAX_ACCEPT_FILE_CHARS);
    const found = problems(text);
    assert.ok(found.length > 0);
    for (const p of found) assert.match(p, /^accept\.yaml:\d+:\d+: [^\n]+$/);
  });

  test('property: any text gives entries or one-line problems with positions inside the text, never a crash', () => {
    const piece = fc.constantFrom(
      'accept:',
      '\n',
      '  - ',
      '    ',
      'check: ',
      'guardduty.*',
      'reason: r',
      'by: b',
      'expires: 2027-06-30',
      'expires: 2027-02-30',
      'region: eu-west-2',
      'account: 012345678901',
      'resource: "*"',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      ':',
      '#',
      '&a',
      '*a',
      '!!str',
      '\t',
      '\r',
      '\u0000',
      '---',
      '? ',
      '|',
      '>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const lineCount = text.split(/\r\n|\r|\n/).length;
        const { entries, problems: found } = checkAcceptFile(text, 'f.yaml', { knownCheckIds: KNOWN });
        if (found.length > 0) assert.equal(entries.length, 0);
        for (const p of found) {
          assert.ok(p.line >= 1 && p.line <= lineCount, `line ${p.line} of ${lineCount}: ${p.message}`);
          assert.ok(p.column >= 1);
          assert.doesNotMatch(formatProblem(p), /[\r\n]/);
          assert.doesNotMatch(p.message, /TypeError|undefined|\bnull\b|YAML\.parse|\bat [A-Za-z]+ \(/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
