import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type AcceptEntry,
  applyAcceptances,
  describeEntryReport,
  entryMatches,
  judged,
  parseAcceptFile,
} from '../../src/engagement/accept.js';
import { addDays, daysBetween, isCalendarDate, utcToday } from '../../src/engagement/dates.js';
import type { Result } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import { ACCOUNT_A, ACCOUNT_B, ISSUE_EXAMPLE, res } from './helpers.js';

const TODAY = '2027-03-01';
const API = 'arn:aws:apigateway:eu-west-2::/restapis/a1/stages/prod';
const API2 = 'arn:aws:apigateway:eu-west-2::/restapis/b2/stages/test';

function entries(yaml: string): AcceptEntry[] {
  return parseAcceptFile(`accept:\n${yaml}`, 'accept.yaml').entries;
}
/** One entry: the selector lines given, the required keys added. */
function one(selectors: string, expires = '2027-06-30'): AcceptEntry[] {
  return entries(
    `  - ${selectors.trim().replace(/\n/g, '\n    ')}\n    reason: why\n    by: who\n    expires: ${expires}\n`,
  );
}
const statuses = (results: { status: string }[]) => results.map((r) => r.status);

/** A small organization: two accounts, two regions, account-level, regional and per-resource checks. */
function estate(): Result[] {
  return [
    res('cloudtrail.multi-region', 'fail', 'global', null, ACCOUNT_A),
    res('guardduty.enabled', 'pass', 'eu-west-1', null, ACCOUNT_A),
    res('guardduty.enabled', 'fail', 'eu-west-2', null, ACCOUNT_A),
    res('guardduty.protection-plans', 'fail', 'eu-west-2', null, ACCOUNT_A),
    res('macie.enabled', 'unknown', 'eu-west-2', null, ACCOUNT_A),
    res('waf.api-gateway', 'fail', 'eu-west-2', API, ACCOUNT_A),
    res('waf.api-gateway', 'fail', 'eu-west-2', API2, ACCOUNT_A),
    res('trustedadvisor.security-checks', 'fail', 'global', 'IAM Access Key Rotation', ACCOUNT_A),
    res('guardduty.enabled', 'fail', 'eu-west-1', null, ACCOUNT_B),
    res('guardduty.enabled', 'not_applicable', 'eu-west-2', null, ACCOUNT_B),
  ];
}

describe('applying accept entries', () => {
  test("the issue's example accepts GuardDuty in eu-west-2 in every account, and nothing else", () => {
    const results = estate();
    const file = parseAcceptFile(ISSUE_EXAMPLE, 'client/accept.yaml');
    const out = applyAcceptances(results, file.entries, TODAY);
    assert.deepEqual(out.results[2], {
      ...results[2],
      status: 'accepted',
      acceptance: {
        reason: 'region unused, blocked by an SCP',
        by: 'client security team',
        expires: '2027-06-30',
        control: 'optional compensating control',
        entry: { file: 'client/accept.yaml', line: 2 },
      },
    });
    // Nothing else changed: the very same objects come back.
    out.results.forEach((r, i) => {
      if (i !== 2) assert.equal(r, results[i]);
    });
    const [report] = out.entries;
    assert.equal(report!.state, 'applied');
    assert.equal(report!.accepted, 1);
    assert.deepEqual(report!.matched, { pass: 0, fail: 1, not_applicable: 1, unknown: 0 });
  });

  test('an accepted result keeps its key order, detail, cause and data; the status changes in place', () => {
    const [r] = [res('guardduty.enabled', 'fail', 'eu-west-2')];
    const out = applyAcceptances([r!], one('check: guardduty.enabled'), TODAY).results[0]!;
    assert.deepEqual(Object.keys(out), [...Object.keys(r!), 'acceptance']);
    assert.equal(out.detail, r!.detail);
    assert.deepEqual(out.data, r!.data);
  });

  test('check globs: exact ids, service.*, *.enabled and ?', () => {
    const results = estate();
    const accepted = (sel: string) =>
      applyAcceptances(results, one(sel), TODAY)
        .results.map((r, i) => (r.status === 'accepted' ? i : -1))
        .filter((i) => i >= 0);
    assert.deepEqual(accepted('check: guardduty.*'), [2, 3, 8]);
    assert.deepEqual(accepted('check: "*.enabled"'), [2, 8]);
    assert.deepEqual(accepted('check: guardduty.enable?'), [2, 8]);
    assert.deepEqual(accepted('check: "*"'), [0, 2, 3, 5, 6, 7, 8]);
    assert.deepEqual(accepted('check: [cloudtrail.multi-region, waf.*]'), [0, 5, 6]);
  });

  test('account: left out means every account; an id or a glob narrows it', () => {
    const results = estate();
    const accepted = (sel: string) => statuses(applyAcceptances(results, one(sel), TODAY).results);
    assert.equal(accepted('check: guardduty.enabled')[8], 'accepted');
    assert.equal(accepted(`check: guardduty.enabled\naccount: "${ACCOUNT_A}"`)[8], 'fail');
    assert.equal(accepted(`check: guardduty.enabled\naccount: "${ACCOUNT_A}"`)[2], 'accepted');
    assert.equal(accepted('check: guardduty.enabled\naccount: "2222*"')[8], 'accepted');
    assert.equal(accepted('check: guardduty.enabled\naccount: "2222*"')[2], 'fail');
  });

  test('region: left out means every region and "global"; "global" means account-level results only', () => {
    const results = estate();
    const accepted = (sel: string) => statuses(applyAcceptances(results, one(sel), TODAY).results);
    assert.equal(accepted('check: "*"')[0], 'accepted');
    assert.equal(accepted('check: "*"\nregion: global')[0], 'accepted');
    assert.equal(accepted('check: "*"\nregion: global')[2], 'fail');
    assert.equal(accepted('check: "*"\nregion: global')[7], 'accepted'); // Trusted Advisor is account-level
    assert.equal(accepted('check: "*"\nregion: "eu-*"')[0], 'fail'); // a region glob never matches "global"
    assert.equal(accepted('check: "*"\nregion: "eu-*"')[2], 'accepted');
    assert.deepEqual(accepted('check: guardduty.enabled\nregion: [eu-west-1]'), [
      'fail',
      'pass',
      'fail',
      'fail',
      'unknown',
      'fail',
      'fail',
      'fail',
      'accepted',
      'not_applicable',
    ]);
  });

  test('resource: left out or "*" also covers results without a resource; any other pattern needs one', () => {
    const results = estate();
    const accepted = (sel: string) => statuses(applyAcceptances(results, one(sel), TODAY).results);
    for (const sel of [
      'check: guardduty.enabled\nregion: eu-west-2',
      'check: guardduty.enabled\nregion: eu-west-2\nresource: "*"',
    ]) {
      assert.equal(accepted(sel)[2], 'accepted', sel);
    }
    assert.equal(accepted('check: guardduty.enabled\nresource: "?*"')[2], 'fail');
    assert.equal(accepted('check: guardduty.enabled\nresource: "arn:*"')[2], 'fail');
    assert.deepEqual(accepted(`check: waf.api-gateway\nresource: "${API}"`).slice(5, 7), [
      'accepted',
      'fail',
    ]);
    assert.deepEqual(accepted('check: waf.api-gateway\nresource: "*/stages/test"').slice(5, 7), [
      'fail',
      'accepted',
    ]);
    assert.equal(accepted('check: trustedadvisor.*\nresource: IAM Access Key Rotation')[7], 'accepted');
    assert.equal(accepted('check: trustedadvisor.*\nresource: IAM Access Key *')[7], 'accepted');
    assert.equal(accepted('check: trustedadvisor.*\nresource: iam access key rotation')[7], 'fail'); // case counts
  });

  test('unknown is never accepted: the entry reports the unknown results it matched', () => {
    const results = estate();
    const out = applyAcceptances(results, one('check: macie.enabled'), TODAY);
    assert.equal(out.results[4], results[4]);
    const [report] = out.entries;
    assert.equal(report!.state, 'unknown-only');
    assert.deepEqual(report!.unknownMatches, [
      { checkId: 'macie.enabled', accountId: ACCOUNT_A, region: 'eu-west-2', resource: null },
    ]);
    assert.equal(
      describeEntryReport(report!),
      'accept.yaml:2:5: matched only results that could not be read (1 unknown result); unknown is never accepted: fix the access their cause names (check "macie.enabled")',
    );
  });

  test('an entry that also matches unknown results says they stay unknown', () => {
    const out = applyAcceptances(estate(), one('check: "*"\nregion: eu-west-2', '2027-03-20'), TODAY);
    const [report] = out.entries;
    assert.equal(report!.state, 'applied');
    assert.equal(report!.accepted, 4);
    assert.equal(
      describeEntryReport(report!),
      'accept.yaml:2:5: accepted 4 failing results (check "*", region "eu-west-2") until 2027-03-20 (19 days left); 1 unknown result it matches stays unknown (unknown is never accepted)',
    );
  });

  test('pass and not_applicable are left alone; an entry matching only those is reported', () => {
    const results = estate();
    const out = applyAcceptances(
      results,
      one(`check: guardduty.enabled\naccount: "${ACCOUNT_B}"\nregion: eu-west-2`),
      TODAY,
    );
    assert.equal(out.results[9], results[9]);
    assert.equal(out.entries[0]!.state, 'no-fail');
    assert.equal(
      describeEntryReport(out.entries[0]!),
      'accept.yaml:2:5: matched no failing result (1 passing or not applicable result): nothing to accept; remove the entry if the gap is fixed (check "guardduty.enabled", account "222222222222", region "eu-west-2")',
    );
  });

  test('an entry that matches nothing is unused', () => {
    const out = applyAcceptances(estate(), one('check: shield.advanced'), TODAY);
    assert.equal(out.entries[0]!.state, 'unused');
    assert.deepEqual(out.entries[0]!.matched, { pass: 0, fail: 0, not_applicable: 0, unknown: 0 });
    assert.equal(
      describeEntryReport(out.entries[0]!),
      'accept.yaml:2:5: unused: matched no result (check "shield.advanced"); check the patterns, and that the account and region were scanned',
    );
  });

  test('expiry is inclusive: an entry applies on its expires day and is expired from the next day', () => {
    const results = [res('guardduty.enabled', 'fail', 'eu-west-2')];
    const entry = one('check: guardduty.enabled', '2027-06-30');
    const before = applyAcceptances(results, entry, '2027-06-29');
    assert.equal(before.results[0]!.status, 'accepted');
    assert.equal(before.entries[0]!.daysLeft, 1);
    const onTheDay = applyAcceptances(results, entry, '2027-06-30');
    assert.equal(onTheDay.results[0]!.status, 'accepted');
    assert.equal(onTheDay.entries[0]!.daysLeft, 0);
    assert.match(describeEntryReport(onTheDay.entries[0]!), /until 2027-06-30 \(last day today\)$/);
    const after = applyAcceptances(results, entry, '2027-07-01');
    assert.equal(after.results[0]!.status, 'fail');
    assert.equal(after.results[0], results[0]);
    const report = after.entries[0]!;
    assert.equal(report.state, 'expired');
    assert.equal(report.expiredSince, '2027-07-01');
    assert.equal(report.daysLeft, -1);
    assert.equal(report.accepted, 0);
    assert.equal(report.matched.fail, 1); // what it would have accepted
    assert.equal(
      describeEntryReport(report),
      'accept.yaml:2:5: expired: applied through 2027-06-30, not since 2027-07-01 (check "guardduty.enabled"); 1 failing result it matches stays open',
    );
  });

  test('entries are tried in file order: an earlier one takes a result, a later one is shadowed', () => {
    const results = estate();
    const list = entries(`  - check: guardduty.*
    reason: first
    by: a
    expires: 2027-06-30
  - check: guardduty.enabled
    region: eu-west-2
    reason: second
    by: b
    expires: 2027-06-30
`);
    const out = applyAcceptances(results, list, TODAY);
    assert.equal(out.results[2]!.acceptance?.reason, 'first');
    assert.equal(out.entries[1]!.state, 'shadowed');
    assert.deepEqual(out.entries[1]!.shadowedBy, [2]);
    assert.equal(
      describeEntryReport(out.entries[1]!),
      'accept.yaml:6:5: accepted nothing: the entry at line 2 already accepted every failing result it matches (check "guardduty.enabled", region "eu-west-2")',
    );
  });

  test('an expired entry does not shadow: the next matching entry applies', () => {
    const list = entries(`  - check: guardduty.enabled
    reason: old
    by: a
    expires: 2026-12-31
  - check: guardduty.*
    reason: renewed
    by: b
    expires: 2027-12-31
`);
    const out = applyAcceptances(estate(), list, TODAY);
    assert.equal(out.results[2]!.acceptance?.reason, 'renewed');
    assert.deepEqual(out.results[2]!.acceptance?.entry, { file: 'accept.yaml', line: 6 });
    assert.deepEqual(
      out.entries.map((e) => e.state),
      ['expired', 'applied'],
    );
  });

  test('results accepted earlier are judged again: a removed entry turns them back into fail', () => {
    const results = estate();
    const first = applyAcceptances(results, one('check: guardduty.*'), TODAY).results;
    assert.equal(first.filter((r) => r.status === 'accepted').length, 3);
    const again = applyAcceptances(first, [], TODAY).results;
    assert.deepEqual(again, results);
    assert.deepEqual(judged(first[2]!), results[2]);
  });

  test('today must be a calendar date', () => {
    assert.throws(() => applyAcceptances([], [], '2027-3-1'), TypeError);
    assert.throws(() => applyAcceptances([], [], '2027-02-29'), TypeError);
  });

  test('entryMatches answers for a single result', () => {
    const [e] = one('check: waf.*\nregion: eu-west-2\nresource: "arn:aws:apigateway:*"');
    assert.ok(
      entryMatches(e!, {
        checkId: 'waf.api-gateway',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: API,
      }),
    );
    assert.ok(
      !entryMatches(e!, {
        checkId: 'waf.api-gateway',
        accountId: ACCOUNT_A,
        region: 'eu-west-2',
        resource: null,
      }),
    );
  });
});

describe('calendar dates', () => {
  test('today is the UTC date of the instant, whatever the local time zone says', () => {
    assert.equal(utcToday(new Date('2027-06-30T23:59:59.999Z')), '2027-06-30');
    assert.equal(utcToday(new Date('2027-07-01T00:00:00.000Z')), '2027-07-01');
    assert.equal(utcToday(new Date('2027-07-01T01:00:00+02:00')), '2027-06-30');
    assert.equal(utcToday(new Date('2027-06-30T20:00:00-05:00')), '2027-07-01');
  });

  test('calendar arithmetic across months, leap years and years', () => {
    assert.equal(addDays('2027-06-30', 1), '2027-07-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2027-02-28', 1), '2027-03-01');
    assert.equal(addDays('2027-12-31', 1), '2028-01-01');
    assert.equal(daysBetween('2027-03-01', '2027-06-30'), 121);
    assert.equal(daysBetween('2027-06-30', '2027-03-01'), -121);
    assert.ok(isCalendarDate('2028-02-29'));
    assert.ok(!isCalendarDate('2027-02-29'));
    assert.ok(!isCalendarDate('2027-13-01'));
    assert.ok(!isCalendarDate('0999-01-01'));
    assert.ok(!isCalendarDate('2027-06-30 '));
  });
});

// ------------------------------------------------------------------------------------------------ properties

const STATUSES: Status[] = ['pass', 'fail', 'not_applicable', 'unknown'];
const CHECKS = ['guardduty.enabled', 'guardduty.protection-plans', 'macie.enabled', 'waf.api-gateway'];
const REGIONS = ['global', 'eu-west-1', 'eu-west-2', 'us-east-1'];
const RESOURCES = [null, API, API2, 'Name with spaces'];
const arbResult = fc
  .record({
    checkId: fc.constantFrom(...CHECKS),
    status: fc.constantFrom(...STATUSES),
    region: fc.constantFrom(...REGIONS),
    resource: fc.constantFrom(...RESOURCES),
    accountId: fc.constantFrom(ACCOUNT_A, ACCOUNT_B),
  })
  .map((r) => res(r.checkId, r.status, r.region, r.resource, r.accountId));
const arbEntry = fc
  .record({
    check: fc.subarray(['guardduty.*', 'guardduty.enabled', '*.enabled', 'macie.enabled', 'waf.*', '*'], {
      minLength: 1,
    }),
    account: fc.constantFrom(['*'], [ACCOUNT_A], ['2222*']),
    region: fc.constantFrom(['*'], ['global'], ['eu-*'], ['eu-west-2', 'us-east-1']),
    resource: fc.constantFrom(['*'], ['arn:*'], [API], ['*spaces']),
    expires: fc.constantFrom('2027-02-28', '2027-03-01', '2027-12-31'),
    line: fc.integer({ min: 1, max: 999 }),
  })
  .map(
    (e): AcceptEntry => ({
      file: 'p.yaml',
      line: e.line,
      column: 5,
      check: e.check,
      account: e.account,
      region: e.region,
      resource: e.resource,
      reason: 'r',
      by: 'b',
      expires: e.expires,
      control: null,
    }),
  );
const arbResults = fc.array(arbResult, { maxLength: 30 });
const arbEntries = fc.array(arbEntry, { maxLength: 5 });

describe('properties of accepting', () => {
  test('accepting never changes a non-fail result, and changes a fail only in status and acceptance', () => {
    fc.assert(
      fc.property(arbResults, arbEntries, (results, list) => {
        const out = applyAcceptances(results, list, TODAY).results;
        assert.equal(out.length, results.length);
        out.forEach((r, i) => {
          const input = results[i]!;
          if (input.status !== 'fail' || r.status === 'fail') {
            assert.equal(r, input);
            return;
          }
          assert.equal(r.status, 'accepted');
          const { status: _s, acceptance, ...rest } = r;
          const { status: _t, ...inputRest } = input;
          assert.deepEqual(rest, inputRest);
          // The acceptance names an entry that is in force and matches the result, and no earlier one did.
          const e = list.findIndex((x) => TODAY <= x.expires && entryMatches(x, input));
          assert.ok(e >= 0);
          assert.deepEqual(acceptance?.entry, { file: 'p.yaml', line: list[e]!.line });
          assert.equal(acceptance?.expires, list[e]!.expires);
        });
        // A fail left alone matches no entry in force.
        out.forEach((r, i) => {
          if (r.status === 'fail')
            assert.ok(!list.some((x) => TODAY <= x.expires && entryMatches(x, results[i]!)));
        });
      }),
    );
  });

  test('no entries: the results come back unchanged, to the byte', () => {
    fc.assert(
      fc.property(arbResults, (results) => {
        assert.equal(JSON.stringify(applyAcceptances(results, [], TODAY).results), JSON.stringify(results));
      }),
    );
  });

  test('the outcome depends only on the judged results and the entries (idempotent, earlier acceptances undone)', () => {
    fc.assert(
      fc.property(arbResults, arbEntries, arbEntries, (results, first, second) => {
        const direct = applyAcceptances(results, second, TODAY);
        const via = applyAcceptances(applyAcceptances(results, first, TODAY).results, second, TODAY);
        assert.deepEqual(via.results, direct.results);
        assert.deepEqual(via.entries, direct.entries);
        const twice = applyAcceptances(direct.results, second, TODAY);
        assert.deepEqual(twice.results, direct.results);
      }),
    );
  });

  test('the report adds up: accepted counts match, states follow from the counts', () => {
    fc.assert(
      fc.property(arbResults, arbEntries, (results, list) => {
        const out = applyAcceptances(results, list, TODAY);
        const accepted = out.results.filter((r) => r.status === 'accepted').length;
        assert.equal(
          out.entries.reduce((n, e) => n + e.accepted, 0),
          accepted,
        );
        for (const e of out.entries) {
          const total = e.matched.pass + e.matched.fail + e.matched.not_applicable + e.matched.unknown;
          assert.equal(e.unknownMatches.length, e.matched.unknown);
          if (e.state === 'expired') assert.ok(TODAY > e.entry.expires && e.accepted === 0);
          if (e.state === 'applied') assert.ok(e.accepted > 0);
          if (e.state === 'unused') assert.equal(total, 0);
          if (e.state === 'unknown-only') assert.ok(e.matched.fail === 0 && e.matched.unknown > 0);
          if (e.state === 'no-fail') assert.ok(e.matched.fail === 0 && e.matched.unknown === 0 && total > 0);
          if (e.state === 'shadowed')
            assert.ok(e.matched.fail > 0 && e.accepted === 0 && e.shadowedBy.length > 0);
          assert.match(describeEntryReport(e), /^p\.yaml:\d+:5: \S/);
        }
      }),
    );
  });
});
