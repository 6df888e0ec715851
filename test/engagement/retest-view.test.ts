/**
 * The retest section's blocks (src/finding/retest.ts) and the terminal summary of `diff`: what moved,
 * worst first; the table capped with the rest counted; for an organization, each account's movement,
 * also for accounts that joined or left between the scans.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffResults } from '../../src/engagement/diff.js';
import { plainText } from '../../src/finding/document.js';
import { MAX_RETEST_ROWS, movedRows, type Retest, retestBlocks } from '../../src/finding/retest.js';
import { renderRetestSummary } from '../../src/render/terminal.js';
import { ACCOUNT_A, ACCOUNT_B, res } from './helpers.js';

const ACCOUNT_C = '333333333333';

function retest(before: Parameters<typeof diffResults>[0], after: Parameters<typeof diffResults>[1]): Retest {
  const d = diffResults(before, after);
  return { rows: d.rows, summary: d.summary, dates: { before: '2026-11-27', after: '2027-03-01' } };
}

describe('the retest section and summary', () => {
  // A: one gap fixed, one still open. B: left the organization. C: joined, with a new gap.
  const before = [
    res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_A),
    res('macie.enabled', 'fail', 'eu-west-1', null, ACCOUNT_A),
    res('shield.advanced', 'pass', 'global', null, ACCOUNT_A),
    res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_B),
  ];
  const after = [
    res('guardduty.enabled', 'pass', 'eu-west-1', null, ACCOUNT_A),
    res('macie.enabled', 'fail', 'eu-west-1', null, ACCOUNT_A),
    res('shield.advanced', 'fail', 'global', null, ACCOUNT_A),
    res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_C),
  ];
  const r = retest(before, after);

  test('rows that moved, worst first: regressed, new, still open, …, fixed, out of scope', () => {
    assert.deepEqual(
      movedRows(r.rows).map((x) => `${x.change} ${x.accountId} ${x.checkId}`),
      [
        `regressed ${ACCOUNT_A} shield.advanced`,
        `new ${ACCOUNT_C} guardduty.enabled`,
        `still-open ${ACCOUNT_A} macie.enabled`,
        `fixed ${ACCOUNT_A} guardduty.enabled`,
        `out-of-scope ${ACCOUNT_B} guardduty.enabled`,
      ],
    );
  });

  test('blocks: the sentence, the table with an account column, the roll-up per account', () => {
    const blocks = retestBlocks(r);
    assert.equal(
      plainText(blocks[0]!.t === 'paragraph' ? blocks[0]!.children : []),
      'Retest of 2027-03-01: 1 of 3 gaps fixed, 1 still open, 1 not retested (out of scope); 2 new gaps (1 regressed). The earlier scan was made on 2026-11-27.',
    );
    const table = blocks[1]!;
    assert.ok(table.t === 'table');
    assert.deepEqual(table.header.map(plainText), [
      'Account',
      'Check',
      'Region',
      'Resource',
      'Before',
      'After',
      'Change',
    ]);
    assert.equal(table.rows.length, 5);
    const rollup = blocks[3]!;
    assert.ok(rollup.t === 'table');
    assert.deepEqual(
      rollup.rows.map((row) => row.map(plainText).join(' ')),
      [
        `${ACCOUNT_A} 2 1 1 0 0 0 1 yes / yes`,
        `${ACCOUNT_B} 1 0 0 0 0 1 0 yes / no`,
        `${ACCOUNT_C} 0 0 0 0 0 0 1 no / yes`,
      ],
    );
  });

  test('terminal: one sentence per account, saying which scan missed it; what moved, with before and after', () => {
    const out = renderRetestSummary(r, { colour: false });
    assert.match(
      out,
      new RegExp(
        `^Account ${ACCOUNT_B} \\(not in the later scan\\): 0 of 1 gap fixed, 1 not retested \\(out of scope\\); no new gaps\\.$`,
        'm',
      ),
    );
    assert.match(
      out,
      new RegExp(
        `^Account ${ACCOUNT_C} \\(not in the earlier scan\\): no gaps in the previous scan; 1 new gap\\.$`,
        'm',
      ),
    );
    assert.match(
      out,
      new RegExp(`^ {2}REGRESSED {4}${ACCOUNT_A} shield\\.advanced global \\(pass → fail\\)$`, 'm'),
    );
    assert.match(
      out,
      /^ {2}regressed 1 · new 1 · still open 1 · now unknown 0 · accepted 0 · fixed 1 · out of scope 1 · unchanged 0$/m,
    );
  });

  test('a long table is cut; the rest is counted and found in diff.json', () => {
    const many = Array.from({ length: MAX_RETEST_ROWS + 7 }, (_, i) =>
      res(
        'waf.alb',
        'fail',
        'eu-west-1',
        `arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/lb${i}/x`,
      ),
    );
    const blocks = retestBlocks(retest([], many));
    const table = blocks[1]!;
    assert.ok(table.t === 'table');
    assert.equal(table.rows.length, MAX_RETEST_ROWS);
    assert.equal(
      plainText(blocks[2]!.t === 'paragraph' ? blocks[2]!.children : []),
      '7 further rows that moved are in diff.json.',
    );
  });
});
