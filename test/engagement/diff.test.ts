import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyAcceptances, parseAcceptFile } from '../../src/engagement/accept.js';
import {
  CHANGES,
  type Change,
  diffExitCode,
  diffResults,
  retestSentence,
  type ScanScope,
  scopeOfResults,
} from '../../src/engagement/diff.js';
import type { ComparableResult, EngagementStatus } from '../../src/engagement/types.js';
import type { Result } from '../../src/evidence/schema.js';
import { ACCOUNT_A, ACCOUNT_B, res } from './helpers.js';

type R = ComparableResult & Omit<Result, 'status'>;
const API = 'arn:aws:apigateway:eu-west-2::/restapis/a1/stages/prod';
const API2 = 'arn:aws:apigateway:eu-west-2::/restapis/b2/stages/prod';

function withStatus(r: Result, status: EngagementStatus): R {
  if (status !== 'accepted') return { ...r, status };
  return {
    ...r,
    status,
    acceptance: {
      reason: 'r',
      by: 'b',
      expires: '2027-06-30',
      control: null,
      entry: { file: 'a.yaml', line: 2 },
    },
  };
}
const ALL_SERVICES = ['cloudtrail', 'trustedadvisor', 'inspector', 'macie', 'guardduty', 'waf', 'shield'];
const scope = (accounts: Record<string, string[]>, services = ALL_SERVICES): ScanScope => ({
  accounts: Object.entries(accounts).map(([accountId, regions]) => ({ accountId, regions })),
  services,
});
const SCOPE = scope({ [ACCOUNT_A]: ['eu-west-1', 'eu-west-2'] });

describe('retest: the change of every transition', () => {
  const S: EngagementStatus[] = ['pass', 'not_applicable', 'fail', 'accepted', 'unknown'];
  // Rows: before; columns: after, in the order of S.
  const TABLE: Record<EngagementStatus, Change[]> = {
    pass: ['unchanged', 'unchanged', 'regressed', 'accepted', 'now-unknown'],
    not_applicable: ['unchanged', 'unchanged', 'new', 'accepted', 'now-unknown'],
    fail: ['fixed', 'fixed', 'still-open', 'accepted', 'now-unknown'],
    accepted: ['fixed', 'fixed', 'still-open', 'accepted', 'now-unknown'],
    unknown: ['unchanged', 'unchanged', 'new', 'accepted', 'unchanged'],
  };
  for (const b of S) {
    for (const [i, a] of S.entries()) {
      const expected = TABLE[b][i]!;
      test(`${b} → ${a}: ${expected}`, () => {
        const base = res('guardduty.enabled', 'pass', 'eu-west-2');
        const { rows } = diffResults([withStatus(base, b)], [withStatus(base, a)], {
          before: SCOPE,
          after: SCOPE,
        });
        assert.deepEqual(rows, [
          {
            checkId: 'guardduty.enabled',
            accountId: ACCOUNT_A,
            region: 'eu-west-2',
            resource: null,
            before: b,
            after: a,
            change: expected,
          },
        ]);
      });
    }
  }

  const ABSENT_BEFORE: [EngagementStatus, Change][] = [
    ['pass', 'unchanged'],
    ['not_applicable', 'unchanged'],
    ['fail', 'new'],
    ['accepted', 'accepted'],
    ['unknown', 'now-unknown'],
  ];
  for (const [a, expected] of ABSENT_BEFORE) {
    test(`no result before → ${a}: ${expected}`, () => {
      const r = res('waf.api-gateway', 'pass', 'eu-west-2', API);
      const { rows } = diffResults([], [withStatus(r, a)], { before: SCOPE, after: SCOPE });
      assert.equal(rows[0]!.before, null);
      assert.equal(rows[0]!.change, expected);
    });
  }

  const GONE_IN_SCOPE: [EngagementStatus, Change][] = [
    ['fail', 'fixed'],
    ['accepted', 'fixed'],
    ['pass', 'unchanged'],
    ['not_applicable', 'unchanged'],
    ['unknown', 'unchanged'],
  ];
  for (const [b, expected] of GONE_IN_SCOPE) {
    test(`${b} → resource gone from a scanned region whose resources were listed: ${expected}`, () => {
      const gone = res('waf.api-gateway', 'pass', 'eu-west-2', API);
      const stays = res('waf.api-gateway', 'pass', 'eu-west-2', API2);
      const { rows } = diffResults([withStatus(gone, b), stays], [stays], { before: SCOPE, after: SCOPE });
      assert.deepEqual(
        rows.map((r) => [r.resource, r.before, r.after, r.change]),
        [
          [API, b, null, expected],
          [API2, 'pass', 'pass', 'unchanged'],
        ],
      );
    });
  }
});

describe('retest: absent results, scope and unreadable lists', () => {
  const before = [
    res('guardduty.enabled', 'fail', 'eu-west-1'),
    res('guardduty.enabled', 'fail', 'eu-west-2'),
    res('waf.api-gateway', 'fail', 'eu-west-2', API),
    res('macie.enabled', 'pass', 'eu-west-2'),
  ];

  test('a region not scanned this time is out of scope, not fixed', () => {
    const after = [res('guardduty.enabled', 'fail', 'eu-west-1')];
    const { rows } = diffResults(before, after, {
      before: SCOPE,
      after: scope({ [ACCOUNT_A]: ['eu-west-1'] }),
    });
    assert.deepEqual(
      rows.map((r) => [r.checkId, r.region, r.change]),
      [
        ['macie.enabled', 'eu-west-2', 'out-of-scope'],
        ['guardduty.enabled', 'eu-west-1', 'still-open'],
        ['guardduty.enabled', 'eu-west-2', 'out-of-scope'],
        ['waf.api-gateway', 'eu-west-2', 'out-of-scope'],
      ],
    );
  });

  test('a service not scanned this time is out of scope', () => {
    const after = [
      res('guardduty.enabled', 'pass', 'eu-west-1'),
      res('guardduty.enabled', 'pass', 'eu-west-2'),
    ];
    const { rows } = diffResults(before, after, {
      after: scope({ [ACCOUNT_A]: ['eu-west-1', 'eu-west-2'] }, ['guardduty']),
    });
    assert.deepEqual(
      rows.map((r) => r.change),
      ['out-of-scope', 'fixed', 'fixed', 'out-of-scope'],
    );
  });

  test('without scopes, a scan covers what its results cover', () => {
    const after = [res('guardduty.enabled', 'pass', 'eu-west-1')]; // eu-west-2, Macie and WAF not in the results
    assert.deepEqual(
      diffResults(before, after).rows.map((r) => r.change),
      ['out-of-scope', 'fixed', 'out-of-scope', 'out-of-scope'],
    );
    assert.deepEqual(scopeOfResults([...before, res('shield.advanced', 'fail', 'global', null, ACCOUNT_B)]), {
      accounts: [
        { accountId: ACCOUNT_A, regions: ['eu-west-1', 'eu-west-2'] },
        { accountId: ACCOUNT_B, regions: [] },
      ],
      services: ['guardduty', 'macie', 'shield', 'waf'],
    });
  });

  test('resources that could not be listed now are now-unknown, never fixed', () => {
    const after = [
      res('guardduty.enabled', 'fail', 'eu-west-1'),
      res('guardduty.enabled', 'fail', 'eu-west-2'),
      res('macie.enabled', 'pass', 'eu-west-2'),
      res('waf.api-gateway', 'unknown', 'eu-west-2', null), // GetRestApis denied
    ];
    const { rows } = diffResults(before, after, { before: SCOPE, after: SCOPE });
    const waf = rows.filter((r) => r.checkId === 'waf.api-gateway');
    assert.deepEqual(waf, [
      {
        checkId: 'waf.api-gateway',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: null,
        before: null,
        after: 'unknown',
        change: 'now-unknown',
      },
      {
        checkId: 'waf.api-gateway',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: API,
        before: 'fail',
        after: 'unknown',
        change: 'now-unknown',
      },
    ]);
  });

  test('an account that could not be entered now: every earlier result is now-unknown', () => {
    const after = [
      res('guardduty.enabled', 'unknown', '*'),
      res('macie.enabled', 'unknown', '*'),
      res('waf.api-gateway', 'unknown', '*'),
    ];
    const { rows, summary } = diffResults(before, after, {
      before: SCOPE,
      after: scope({ [ACCOUNT_A]: [] }),
    });
    assert.deepEqual(
      rows.filter((r) => r.region !== '*').map((r) => [r.checkId, r.region, r.after, r.change]),
      [
        ['macie.enabled', 'eu-west-2', 'unknown', 'now-unknown'],
        ['guardduty.enabled', 'eu-west-1', 'unknown', 'now-unknown'],
        ['guardduty.enabled', 'eu-west-2', 'unknown', 'now-unknown'],
        ['waf.api-gateway', 'eu-west-2', 'unknown', 'now-unknown'],
      ],
    );
    assert.deepEqual(summary.gaps, {
      before: 3,
      fixed: 0,
      stillOpen: 0,
      accepted: 0,
      nowUnknown: 3,
      outOfScope: 0,
    });
    assert.equal(diffExitCode(summary), 0);
  });

  test('a gap found where the earlier scan could not list resources is new (unknown → fail)', () => {
    const { rows } = diffResults(
      [res('waf.api-gateway', 'unknown', 'eu-west-2', null)],
      [res('waf.api-gateway', 'fail', 'eu-west-2', API)],
      { before: SCOPE, after: SCOPE },
    );
    assert.deepEqual(
      rows.map((r) => [r.resource, r.before, r.after, r.change]),
      [
        [null, 'unknown', null, 'unchanged'],
        [API, 'unknown', 'fail', 'new'],
      ],
    );
  });

  test('results repeated under one key are paired in order, none lost', () => {
    const twice = [res('trustedadvisor.security-checks', 'fail', 'global', 'Same Name')];
    const { rows } = diffResults(
      [...twice, res('trustedadvisor.security-checks', 'pass', 'global', 'Same Name')],
      twice,
      { before: SCOPE, after: SCOPE },
    );
    assert.deepEqual(
      rows.map((r) => [r.before, r.after, r.change]),
      [
        ['fail', 'fail', 'still-open'],
        ['pass', null, 'unchanged'],
      ],
    );
  });
});

describe('retest: rows, summary, sentence and exit code', () => {
  test('the retest the issue describes: GuardDuty enabled in a region, a web ACL associated, a new unprotected API', () => {
    const before = [
      res('guardduty.enabled', 'pass', 'eu-west-1'),
      res('guardduty.enabled', 'fail', 'eu-west-2'),
      res('waf.api-gateway', 'fail', 'eu-west-2', API),
    ];
    const after = [
      res('guardduty.enabled', 'pass', 'eu-west-1'),
      res('guardduty.enabled', 'pass', 'eu-west-2'),
      res('waf.api-gateway', 'pass', 'eu-west-2', API),
      res('waf.api-gateway', 'fail', 'eu-west-2', API2),
    ];
    const { rows, summary, pairs } = diffResults(before, after, { before: SCOPE, after: SCOPE });
    assert.deepEqual(rows, [
      {
        checkId: 'guardduty.enabled',
        accountId: ACCOUNT_A,
        region: 'eu-west-1',
        resource: null,
        before: 'pass',
        after: 'pass',
        change: 'unchanged',
      },
      {
        checkId: 'guardduty.enabled',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: null,
        before: 'fail',
        after: 'pass',
        change: 'fixed',
      },
      {
        checkId: 'waf.api-gateway',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: API,
        before: 'fail',
        after: 'pass',
        change: 'fixed',
      },
      {
        checkId: 'waf.api-gateway',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: API2,
        before: null,
        after: 'fail',
        change: 'new',
      },
    ]);
    assert.deepEqual(Object.keys(rows[0]!), [
      'checkId',
      'accountId',
      'region',
      'resource',
      'before',
      'after',
      'change',
    ]);
    assert.equal(pairs[3]!.before, null);
    assert.equal(pairs[3]!.after, after[3]);
    assert.equal(
      retestSentence(summary, '2027-03-01'),
      'Retest of 2027-03-01: 2 of 2 gaps fixed; 1 new gap.',
    );
    assert.equal(diffExitCode(summary), 3);
    assert.equal(diffExitCode(summary, true), 0);
  });

  test('"5 of 8 gaps fixed": the sentence names where every earlier gap went, then the new ones', () => {
    const g = (region: string, s: EngagementStatus) =>
      withStatus(res('guardduty.enabled', 'pass', region), s);
    const regions = [
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-north-1',
      'eu-south-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
    ];
    const before = [
      ...regions.map((r) => g(r, 'fail')),
      g('us-west-2', 'pass'),
      g('ap-south-1', 'not_applicable'),
    ];
    const afterStatus: EngagementStatus[] = [
      'pass',
      'pass',
      'pass',
      'not_applicable',
      'pass',
      'accepted',
      'fail',
      'unknown',
    ];
    const after = [
      ...regions.map((r, i) => g(r, afterStatus[i]!)),
      g('us-west-2', 'fail'),
      g('ap-south-1', 'fail'),
    ];
    const all = scope({ [ACCOUNT_A]: [...regions, 'us-west-2', 'ap-south-1'] });
    const { summary } = diffResults(before, after, { before: all, after: all });
    assert.deepEqual(summary.gaps, {
      before: 8,
      fixed: 5,
      stillOpen: 1,
      accepted: 1,
      nowUnknown: 1,
      outOfScope: 0,
    });
    assert.deepEqual(summary.newGaps, { new: 1, regressed: 1, accepted: 0 });
    assert.equal(summary.open, 3);
    assert.equal(
      retestSentence(summary, '2027-03-01'),
      'Retest of 2027-03-01: 5 of 8 gaps fixed, 1 accepted, 1 still open, 1 could not be checked again (now unknown); 2 new gaps (1 regressed).',
    );
    assert.equal(summary.counts.fixed, 5);
    assert.equal(summary.counts.regressed, 1);
    assert.equal(summary.counts.new, 1);
  });

  test('sentences for the edge cases', () => {
    const s = (before: R[], after: R[]) => retestSentence(diffResults(before, after).summary);
    const f = (st: EngagementStatus, region = 'eu-west-1') =>
      withStatus(res('guardduty.enabled', 'pass', region), st);
    assert.equal(s([f('pass')], [f('pass')]), 'No gaps in the previous scan; no new gaps.');
    assert.equal(s([f('fail')], [f('pass')]), '1 of 1 gap fixed; no new gaps.');
    assert.equal(s([f('pass')], [f('fail')]), 'No gaps in the previous scan; 1 new gap (regressed).');
    assert.equal(s([f('pass')], [f('accepted')]), 'No gaps in the previous scan; 1 new gap accepted.');
    assert.equal(
      s([f('fail'), f('fail', 'eu-west-2')], [f('fail')]),
      '0 of 2 gaps fixed, 1 still open, 1 not retested (out of scope); no new gaps.',
    );
  });

  test('exit code: 0 when nothing is still open, new or regressed (accepted and unknown do not count)', () => {
    const f = (st: EngagementStatus) => withStatus(res('guardduty.enabled', 'pass', 'eu-west-1'), st);
    const exit = (b: EngagementStatus, a: EngagementStatus) =>
      diffExitCode(diffResults([f(b)], [f(a)]).summary);
    assert.equal(exit('fail', 'pass'), 0);
    assert.equal(exit('fail', 'accepted'), 0);
    assert.equal(exit('fail', 'unknown'), 0);
    assert.equal(exit('fail', 'fail'), 3);
    assert.equal(exit('pass', 'fail'), 3);
    assert.equal(exit('unknown', 'fail'), 3);
    assert.equal(exit('accepted', 'fail'), 3); // an acceptance that lapsed leaves the gap open
  });

  test('rows come in a stable order: account, service, check (given order first), region, resource', () => {
    const results = [
      res('waf.api-gateway', 'fail', 'eu-west-2', API2, ACCOUNT_B),
      res('waf.api-gateway', 'fail', 'eu-west-2', API, ACCOUNT_B),
      res('guardduty.protection-plans', 'fail', 'eu-west-1', null, ACCOUNT_B),
      res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_B),
      res('guardduty.enabled', 'fail', 'global', null, ACCOUNT_B),
      res('cloudtrail.multi-region', 'fail', 'global', null, ACCOUNT_B),
      res('shield.advanced', 'fail', 'global', null, ACCOUNT_A),
    ];
    const key = (r: { accountId: string; checkId: string; region: string; resource: string | null }) =>
      `${r.accountId.slice(0, 1)} ${r.checkId} ${r.region} ${r.resource?.slice(-15) ?? '-'}`;
    const order = diffResults(results, results, {
      checkOrder: ['guardduty.protection-plans', 'guardduty.enabled'],
    }).rows.map(key);
    assert.deepEqual(order, [
      '1 shield.advanced global -',
      '2 cloudtrail.multi-region global -',
      '2 guardduty.protection-plans eu-west-1 -',
      '2 guardduty.enabled global -',
      '2 guardduty.enabled eu-west-1 -',
      '2 waf.api-gateway eu-west-2 /a1/stages/prod',
      '2 waf.api-gateway eu-west-2 /b2/stages/prod',
    ]);
  });
});

describe('retest: organizations', () => {
  test('per account: movement, and accounts added or dropped between the scans', () => {
    const ACCOUNT_C = '333333333333';
    const before = [
      res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_A),
      res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_B),
      res('macie.enabled', 'fail', 'eu-west-1', null, ACCOUNT_B),
    ];
    const after = [
      res('guardduty.enabled', 'pass', 'eu-west-1', null, ACCOUNT_A),
      res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_C),
    ];
    const { summary, rows } = diffResults(before, after, {
      before: scope({ [ACCOUNT_A]: ['eu-west-1'], [ACCOUNT_B]: ['eu-west-1'] }),
      after: scope({ [ACCOUNT_A]: ['eu-west-1'], [ACCOUNT_C]: ['eu-west-1'] }),
    });
    assert.deepEqual(
      rows.map((r) => [r.accountId, r.checkId, r.change]),
      [
        [ACCOUNT_A, 'guardduty.enabled', 'fixed'],
        [ACCOUNT_B, 'macie.enabled', 'out-of-scope'],
        [ACCOUNT_B, 'guardduty.enabled', 'out-of-scope'],
        [ACCOUNT_C, 'guardduty.enabled', 'new'],
      ],
    );
    assert.deepEqual(
      summary.accounts.map((a) => [
        a.accountId,
        a.scanned,
        a.gaps.before,
        a.gaps.fixed,
        a.gaps.outOfScope,
        a.newGaps.new,
        a.open,
      ]),
      [
        [ACCOUNT_A, { before: true, after: true }, 1, 1, 0, 0, 0],
        [ACCOUNT_B, { before: true, after: false }, 2, 0, 2, 0, 0],
        [ACCOUNT_C, { before: false, after: true }, 0, 0, 0, 1, 1],
      ],
    );
    assert.equal(retestSentence(summary.accounts[0]!), '1 of 1 gap fixed; no new gaps.');
    assert.equal(retestSentence(summary), '1 of 3 gaps fixed, 2 not retested (out of scope); 1 new gap.');
  });

  test('an account in scope with no results at all still has a roll-up row', () => {
    const { summary } = diffResults([], [], {
      before: scope({ [ACCOUNT_A]: [] }),
      after: scope({ [ACCOUNT_A]: [] }),
    });
    assert.equal(summary.accounts.length, 1);
    assert.equal(summary.accounts[0]!.gaps.before, 0);
  });

  test('diffing with an accept file applied to the later scan: accepted gaps are not open', () => {
    const before = [
      res('guardduty.enabled', 'fail', 'eu-west-2', null, ACCOUNT_A),
      res('guardduty.enabled', 'fail', 'eu-west-2', null, ACCOUNT_B),
    ];
    const accept = parseAcceptFile(
      `accept:\n  - check: guardduty.enabled\n    account: "${ACCOUNT_B}"\n    reason: region unused, blocked by an SCP\n    by: client security team\n    expires: 2027-06-30\n`,
      'accept.yaml',
    );
    const after = applyAcceptances(before, accept.entries, '2027-03-01').results;
    const { summary } = diffResults(before, after);
    assert.deepEqual(
      summary.accounts.map((a) => [a.accountId, a.gaps.stillOpen, a.gaps.accepted, a.open]),
      [
        [ACCOUNT_A, 1, 0, 1],
        [ACCOUNT_B, 0, 1, 0],
      ],
    );
  });
});

// ------------------------------------------------------------------------------------------------ properties

const STATUSES: EngagementStatus[] = ['pass', 'fail', 'not_applicable', 'unknown', 'accepted'];
const arbResult = fc
  .record({
    checkId: fc.constantFrom('guardduty.enabled', 'macie.enabled', 'waf.api-gateway', 'shield.advanced'),
    status: fc.constantFrom(...STATUSES),
    region: fc.constantFrom('global', '*', 'eu-west-1', 'eu-west-2'),
    resource: fc.constantFrom(null, API, API2),
    accountId: fc.constantFrom(ACCOUNT_A, ACCOUNT_B),
  })
  .map((r) => withStatus(res(r.checkId, 'pass', r.region, r.resource, r.accountId), r.status));
const uniqueResults = fc.uniqueArray(arbResult, {
  selector: (r) => `${r.accountId}|${r.region}|${r.checkId}|${r.resource}`,
  maxLength: 25,
});
const arbScope = fc
  .record({
    a: fc.subarray(['eu-west-1', 'eu-west-2']),
    b: fc.option(fc.subarray(['eu-west-1', 'eu-west-2'])),
    services: fc.subarray(['guardduty', 'macie', 'waf', 'shield'], { minLength: 1 }),
  })
  .map(({ a, b, services }) => scope(b ? { [ACCOUNT_A]: a, [ACCOUNT_B]: b } : { [ACCOUNT_A]: a }, services));
const isGap = (s: EngagementStatus | null) => s === 'fail' || s === 'accepted';

describe('properties of retests', () => {
  test('a set of results compared with itself: unchanged, still-open where failing, accepted where accepted', () => {
    fc.assert(
      fc.property(uniqueResults, (results) => {
        const { rows, summary } = diffResults(results, results);
        assert.equal(rows.length, results.length);
        for (const row of rows) {
          const expected =
            row.after === 'fail' ? 'still-open' : row.after === 'accepted' ? 'accepted' : 'unchanged';
          assert.equal(row.change, expected);
          assert.equal(row.before, row.after);
        }
        assert.equal(summary.gaps.fixed + summary.newGaps.new + summary.newGaps.regressed, 0);
      }),
    );
  });

  test('every result appears in exactly one row; earlier gaps partition; exit 3 exactly when the later scan fails', () => {
    fc.assert(
      fc.property(uniqueResults, uniqueResults, fc.option(arbScope), (before, after, afterScope) => {
        const { rows, summary, pairs } = diffResults(before, after, afterScope ? { after: afterScope } : {});
        assert.equal(pairs.filter((p) => p.before).length, before.length);
        assert.equal(pairs.filter((p) => p.after).length, after.length);
        assert.equal(new Set(pairs.map((p) => p.before).filter(Boolean)).size, before.length);
        assert.equal(new Set(pairs.map((p) => p.after).filter(Boolean)).size, after.length);
        const g = summary.gaps;
        assert.equal(g.before, before.filter((r) => isGap(r.status)).length);
        assert.equal(g.before, g.fixed + g.stillOpen + g.accepted + g.nowUnknown + g.outOfScope);
        assert.equal(
          CHANGES.reduce((n, c) => n + summary.counts[c], 0),
          rows.length,
        );
        assert.equal(diffExitCode(summary), after.some((r) => r.status === 'fail') ? 3 : 0);
        rows.forEach((row, i) => {
          // A row's statuses are its results' (or unknown where a list could not be read).
          const p = pairs[i]!;
          assert.equal(row.before, p.before?.status ?? (row.before === 'unknown' ? 'unknown' : null));
          assert.equal(row.after, p.after?.status ?? (row.after === 'unknown' ? 'unknown' : null));
          if (row.change === 'fixed')
            assert.ok(
              isGap(row.before) &&
                (row.after === null || row.after === 'pass' || row.after === 'not_applicable'),
            );
          if (row.change === 'out-of-scope') assert.ok(p.after === null && row.after === null);
          if (row.change === 'regressed') assert.equal(row.before, 'pass');
        });
        // Per-account summaries add up to the whole.
        const sum = (k: Change) => summary.accounts.reduce((n, a) => n + a.counts[k], 0);
        for (const c of CHANGES) assert.equal(sum(c), summary.counts[c]);
      }),
    );
  });

  test('the rows do not depend on the order of the inputs', () => {
    fc.assert(
      fc.property(
        uniqueResults.chain((b) => fc.tuple(fc.constant(b), fc.shuffledSubarray(b, { minLength: b.length }))),
        uniqueResults.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length }))),
        ([b1, b2], [a1, a2]) => {
          assert.deepEqual(diffResults(b1, a1).rows, diffResults(b2, a2).rows);
        },
      ),
    );
  });
});
