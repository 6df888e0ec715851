/** The sentence helpers that read an organization by account (issue 12): where, inAccounts, accountsPhrase. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountEvidence, Result } from '../../src/evidence/schema.js';
import { analyse } from '../../src/finding/analysis.js';
import type { Answers } from '../../src/finding/default-template.js';
import { plainText } from '../../src/finding/document.js';
import {
  accountsPhrase,
  accountsReviewed,
  byStatus,
  everywhere,
  inAccounts,
  prose,
  proseContext,
  where,
} from '../../src/finding/prose.js';
import { account, bundle, REGIONS, result } from './helpers.js';

const IDS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const NAMES: Record<string, string> = { '111111111111': 'prod', '222222222222': 'dev<script>' };

function accounts(ids = IDS): AccountEvidence[] {
  return ids.map((id) => ({ ...account(), accountId: id, ...(NAMES[id] ? { accountName: NAMES[id] } : {}) }));
}

function at(id: string, r: Result): Result {
  return { ...r, accountId: id };
}

/** guardduty.enabled in every REGION of every account: fail where `off(account, region)`. */
function gd(off: (id: string, region: string) => boolean | 'unknown', ids = IDS): Result[] {
  return ids.flatMap((id) =>
    REGIONS.map((r) => {
      const o = off(id, r);
      return at(id, result('guardduty.enabled', o === 'unknown' ? 'unknown' : o ? 'fail' : 'pass', r));
    }),
  );
}

function phrase(rs: Result[], ids = IDS): string {
  const ctx = proseContext(analyse(bundle(accounts(ids)), rs), {} as Answers);
  return plainText(
    where(
      ctx,
      rs.filter((r) => r.status === 'fail'),
      rs,
    ),
  );
}

describe('where: regions across accounts', () => {
  test('one account: the regions, as before', () => {
    const rs = gd((_, r) => r !== 'eu-west-1', ['111111111111']);
    assert.equal(phrase(rs, ['111111111111']), 'eu-west-2 and us-east-1');
  });

  test('a region failing in some accounts: counted and named, by name when the bundle has one', () => {
    const rs = gd((id, r) => r === 'eu-west-1' && id !== '444444444444');
    assert.equal(phrase(rs), 'eu-west-1 in 3 of 4 accounts (prod, dev<script> and 333333333333)');
  });

  test('regions failing in the same accounts are named together', () => {
    const rs = gd((id, r) => r !== 'us-east-1' && id === '333333333333');
    assert.equal(phrase(rs), 'eu-west-1 and eu-west-2 in 1 of 4 accounts (333333333333)');
  });

  test('every region of an account: the account, not its regions', () => {
    const rs = gd((id, r) => id === '333333333333' || (id === '444444444444' && r === 'us-east-1'));
    assert.equal(
      phrase(rs),
      'every region of account 333333333333 and us-east-1 in 1 of 4 accounts (444444444444)',
    );
    const two = gd((id) => id === '333333333333' || id === '444444444444');
    assert.equal(phrase(two), 'every region of 2 of 4 accounts (333333333333 and 444444444444)');
  });

  test('everywhere: all the accounts', () => {
    assert.equal(phrase(gd(() => true)), 'every region of all 4 accounts');
    assert.equal(phrase(gd((_, r) => r === 'eu-west-2')), 'eu-west-2 in all 4 accounts');
    const rs = gd(() => true);
    assert.ok(everywhere(rs, rs));
    assert.ok(!everywhere(rs.slice(1), rs));
  });

  test('an account not assessed is not counted, and the count says so', () => {
    const rs = gd((id, r) =>
      id === '444444444444' ? 'unknown' : r === 'eu-west-1' && id === '111111111111',
    );
    assert.equal(phrase(rs), 'eu-west-1 in 1 of 3 assessed accounts (prod)');
    const all = gd((id) => (id === '444444444444' ? 'unknown' : true));
    assert.equal(phrase(all), 'every region of all 3 assessed accounts');
  });

  test('an account where the check does not apply is left out of the count, without "assessed"', () => {
    const rs = [
      ...gd((id, r) => r === 'eu-west-1' && id === '111111111111', IDS.slice(0, 3)),
      ...REGIONS.map((r) => at('444444444444', result('guardduty.enabled', 'not_applicable', r))),
    ];
    assert.equal(phrase(rs), 'eu-west-1 in 1 of 3 accounts (prod)');
  });

  test('account-wide results: the accounts', () => {
    const rs = IDS.map((id, i) => at(id, result('cloudtrail.multi-region', i < 2 ? 'fail' : 'pass')));
    assert.equal(phrase(rs), '2 of 4 accounts (prod and dev<script>)');
  });

  test('names from the account stay values: escaped by every renderer', () => {
    const ctx = proseContext(
      analyse(
        bundle(accounts()),
        gd(() => false),
      ),
      {} as Answers,
    );
    const fails = gd((id, r) => id === '222222222222' && r === 'eu-west-1').filter(
      (r) => r.status === 'fail',
    );
    const p = where(
      ctx,
      fails,
      gd(() => false),
    );
    assert.ok(p.some((n) => n.t === 'value' && n.text === 'dev<script>'));
    assert.ok(!p.some((n) => n.t === 'text' && n.text.includes('<script>')));
  });
});

describe('accountsPhrase, accountsReviewed, inAccounts', () => {
  const a = analyse(
    bundle(accounts()),
    gd(() => false),
  );
  test('accounts named and counted', () => {
    assert.equal(plainText(accountsPhrase(a, ['111111111111'])), 'account prod');
    assert.equal(
      plainText(accountsPhrase(a, ['333333333333', '111111111111'])),
      '2 accounts (prod and 333333333333)',
    );
    assert.equal(plainText([accountsReviewed(gd(() => true))]), 'the 4 accounts reviewed');
    assert.equal(plainText([accountsReviewed(gd(() => true, ['111111111111']))]), 'the account reviewed');
  });

  test('a sentence about an account as a whole is said of the accounts it holds in', () => {
    const rs = IDS.map((id, i) => at(id, result('cloudtrail.multi-region', i === 0 ? 'fail' : 'pass')));
    const ctx = { ...proseContext(analyse(bundle(accounts()), rs), {} as Answers), own: byStatus(rs) };
    const s = prose`None of the logging trails was a multi-region trail.`;
    assert.equal(
      plainText(inAccounts(ctx, [rs[0]!], s)),
      'In 1 of 4 accounts (prod), none of the logging trails was a multi-region trail.',
    );
    const one = [result('cloudtrail.multi-region', 'fail')];
    const single = { ...proseContext(analyse(bundle(), one), {} as Answers), own: byStatus(one) };
    assert.equal(
      plainText(inAccounts(single, one, s)),
      'None of the logging trails was a multi-region trail.',
    );
  });
});

describe('what could not be assessed in several accounts', () => {
  test('a plan several accounts lack is theirs, not "the account\'s"; regions grouped by account', async () => {
    const { composeFinding } = await import('../../src/finding/index.js');
    const { orgAccounts, organizationMixed, ORG_ACCOUNTS } = await import('./scenarios.js');
    const { subscriptionRequired } = await import('./helpers.js');
    const ids: string[] = ORG_ACCOUNTS.slice(0, 2).map((x) => x.id);
    const results = [
      ...organizationMixed().filter(
        (r) => !(r.checkId === 'trustedadvisor.security-checks' && ids.includes(r.accountId)),
      ),
      ...ids.map((id) => at(id, subscriptionRequired())),
    ];
    const o = composeFinding({
      bundle: bundle(orgAccounts()),
      results,
      answers: { unknown: 'limitation', 'personal-data': 'yes', 'shield-advanced': 'drop' },
    });
    assert.match(o.markdown, /the plans of the 2 accounts concerned do not include it/);
    assert.match(o.markdown, /Amazon Inspector could not be assessed for every region of account security/);
    assert.doesNotMatch(o.markdown, /the account's plan/);
  });
});

describe('a service off everywhere in an organization', () => {
  test('one sentence for all the accounts: "in any region of the 7 accounts reviewed"', async () => {
    const { composeFinding } = await import('../../src/finding/index.js');
    const { orgAccounts, ORG_ACCOUNTS } = await import('./scenarios.js');
    const { allFine, replace } = await import('./helpers.js');
    const off = REGIONS.flatMap((r) => [
      result('cloudtrail.enabled', 'fail', r),
      result('guardduty.enabled', 'fail', r),
      result('guardduty.protection-plans', 'not_applicable', r),
    ]);
    const results = ORG_ACCOUNTS.flatMap((x) => replace(allFine(), ...off).map((r) => at(x.id, r)));
    const o = composeFinding({ bundle: bundle(orgAccounts()), results });
    assert.match(
      o.markdown,
      /No CloudTrail trail was recording API activity in any region of the 7 accounts reviewed/,
    );
    assert.match(o.markdown, /GuardDuty, .* was not enabled in any region of the 7 accounts reviewed\./);
  });
});

describe('"any region" only where every region was assessed', () => {
  test('an account with a region left unknown is not said to record nothing anywhere', async () => {
    const { composeFinding } = await import('../../src/finding/index.js');
    const { orgAccounts, ORG_ACCOUNTS } = await import('./scenarios.js');
    const { allFine, replace } = await import('./helpers.js');
    const [first, second] = REGIONS;
    const results = ORG_ACCOUNTS.flatMap((x, i) => {
      // Account 0: off in every region. Account 1: off in two regions, the third unknown. Others: CloudTrail on.
      const own =
        i === 0
          ? REGIONS.flatMap((r) => [
              result('cloudtrail.enabled', 'fail', r),
              result('inspector.enabled', 'fail', r),
            ])
          : i === 1
            ? REGIONS.flatMap((r) => {
                const s = r === first || r === second ? 'fail' : 'unknown';
                return [result('cloudtrail.enabled', s, r), result('inspector.enabled', s, r)];
              })
            : // No Inspector verdict elsewhere, so the two accounts' fails are all that was assessed.
              REGIONS.map((r) => result('inspector.enabled', 'not_applicable', r));
      return replace(allFine(), ...own).map((r) => at(x.id, r));
    });
    const o = composeFinding({ bundle: bundle(orgAccounts()), results });
    const text = o.markdown;
    assert.doesNotMatch(text, /in any region of the 2 accounts reviewed/);
    assert.doesNotMatch(text, /no CloudTrail trail was recording API activity in any region/i);
    assert.match(text, /In every region of account \S+, no CloudTrail trail was recording API activity/);
    assert.ok(
      !/Inspector[^.]*not active in any region/.test(text),
      'Inspector: not "any region" with an unknown region',
    );
  });
});
