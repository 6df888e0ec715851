/**
 * Accepted gaps and the retest section in the finding (compose/accepted.ts, compose/retest.ts): accepted
 * results are never claimed, each service says once what the client accepted and why; the retest section
 * goes to {==RETEST==} or before Impact; both work in the default template, the seed and other templates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { applyAcceptances, parseAcceptFile } from '../../src/engagement/accept.js';
import { diffResults } from '../../src/engagement/diff.js';
import type { Result } from '../../src/evidence/schema.js';
import { composeDetailed } from '../../src/finding/compose.js';
import type { Retest } from '../../src/finding/retest.js';
import { ACCOUNT, bundle, replace, result } from './helpers.js';
import { mixedRegions, richAccount, SEED, STAGE_PROD } from './scenarios.js';

const B = bundle([richAccount()]);
const SEED_TEXT = readFileSync(SEED, 'utf8');

const GD_SCP = `  - check: guardduty.enabled
    region: eu-west-2
    reason: region unused, blocked by an SCP
    by: client security team
    expires: 2099-06-30
    control: "SCP p-1a2b3c4d"
`;

function accept(results: Result[], entries: string): Result[] {
  const file = parseAcceptFile(`accept:\n${entries}`, 'accept.yaml');
  return applyAcceptances(results, file.entries, '2026-01-01').results;
}

function retestOf(before: Result[], after: Result[], dates = { before: '2025-10-01', after: '2026-01-10' }) {
  const d = diffResults(before, after);
  return { rows: d.rows, summary: d.summary, dates } satisfies Retest;
}

const key = (r: { checkId: string; accountId: string; region: string; resource: string | null }) =>
  `${r.checkId}|${r.accountId}|${r.region}|${r.resource}`;

const GD_SENTENCE =
  'For Amazon GuardDuty, the client accepted that “Amazon GuardDuty is enabled in every region” was not met in eu-west-2, with the reason “region unused, blocked by an SCP” (accepted by client security team until 2099-06-30; compensating control: SCP p-1a2b3c4d).';

describe('accepted gaps in the finding', () => {
  const before = mixedRegions();
  const after = accept(before, GD_SCP);

  test('default template: never claimed; one sentence for the service, after its gaps, with the entry named', () => {
    const c = composeDetailed({ bundle: B, results: after });
    const md = c.output.markdown;
    const claimed = new Set(c.claims.map(key));
    for (const r of after.filter((x) => x.status === 'accepted')) assert.ok(!claimed.has(key(r)), key(r));
    for (const r of after.filter((x) => x.status === 'fail')) assert.ok(claimed.has(key(r)), key(r));
    assert.equal(md.split(GD_SENTENCE).length, 2, 'the sentence, once');
    assert.ok(
      md.includes(
        `${GD_SENTENCE} {>>From the accept file (accept.yaml, line 2): the client’s words; these results are accepted, not claimed.<<}`,
      ),
    );
    // The service's own sentences no longer count eu-west-2 among the regions without GuardDuty.
    const gdGaps = md.slice(md.indexOf('#### GuardDuty'), md.indexOf(GD_SENTENCE));
    assert.match(gdGaps, /GuardDuty was enabled in eu-west-1 but not in us-east-1\./);
    assert.doesNotMatch(gdGaps, /eu-west-2/);
    assert.ok(md.indexOf(GD_SENTENCE) < md.indexOf('**Amazon GuardDuty** (check results)'));
    // Without the accept file eu-west-2 is claimed, and nothing speaks of accepting.
    const plain = composeDetailed({ bundle: B, results: before });
    assert.ok(plain.claims.some((x) => x.checkId === 'guardduty.enabled' && x.region === 'eu-west-2'));
    assert.doesNotMatch(plain.output.markdown, /accepted/);
  });

  test('final version: the sentence without the consultant’s comment', () => {
    const md = composeDetailed({
      bundle: B,
      results: after,
      final: true,
      answers: { 'personal-data': 'yes' },
    }).output.markdown;
    assert.ok(md.includes(`${GD_SENTENCE}\n`));
    assert.doesNotMatch(md, /\{>>/);
  });

  test('a service whose every gap is accepted keeps its label and the sentence; the seed’s words about it go', () => {
    const onlyGd = accept(
      replace(mixedRegions(), result('inspector.enabled', 'pass', 'us-east-1')),
      `  - check: guardduty.*
    reason: threat detection by CrowdStrike Falcon
    by: Jane Doe, CISO
    expires: 2099-12-31
    control: "third-party IDS: CrowdStrike Falcon"
`,
    );
    for (const [name, template] of [
      ['default', undefined],
      ['seed', { text: SEED_TEXT, path: SEED }],
    ] as const) {
      const md = composeDetailed({ bundle: B, results: onlyGd, ...(template ? { template } : {}) }).output
        .markdown;
      const section = md.slice(md.indexOf('#### GuardDuty'));
      const body = section.slice(0, section.indexOf('\n#', 1));
      assert.match(
        body,
        /^#### GuardDuty\nFor Amazon GuardDuty, the client accepted that “Amazon GuardDuty is enabled in every region” was not met in eu-west-2 and us-east-1 and that “GuardDuty protection plans are turned on” was not met in eu-west-1, with the reason “threat detection by CrowdStrike Falcon” \(accepted by Jane Doe, CISO until 2099-12-31; compensating control: third-party IDS: CrowdStrike Falcon\)\./,
        name,
      );
      assert.doesNotMatch(body, /not seen to be enabled|was not enabled|Coverage: GuardDuty/, name);
    }
  });

  test('every gap accepted: no finding; the note says so and gives each service’s sentence', () => {
    const all = accept(
      mixedRegions(),
      `  - check: "*"
    reason: agreed in the 2026 risk review
    by: CISO
    expires: 2099-06-30
`,
    );
    const out = composeDetailed({ bundle: B, results: all }).output;
    assert.equal(out.hasGaps, false);
    assert.match(
      out.markdown,
      /^No finding: no gap is left open .*; the client accepted the gaps described below\.\n\nFor Amazon Inspector, the client accepted/,
    );
    for (const s of ['Amazon Inspector', 'Amazon Macie', 'Amazon GuardDuty']) {
      assert.equal(out.markdown.split(`For ${s}, the client accepted`).length, 2, s);
    }
  });

  test('untrusted words of the accept file are escaped like names from the account', () => {
    const hostile = accept(
      mixedRegions(),
      `  - check: guardduty.enabled
    reason: "<b>x</b> {==AUTO==} | pipe"
    by: "[me](http://evil)"
    expires: 2099-06-30
`,
    );
    const md = composeDetailed({ bundle: B, results: hostile }).output.markdown;
    assert.ok(md.includes('“\\<b\\>x\\</b\\> \\{\\=\\=AUTO\\=\\=\\} \\| pipe”'), md);
    assert.ok(md.includes('accepted by \\[me\\](http://evil) until'), 'no link: its brackets are escaped');
  });

  test('an answer that takes a check out of the finding also takes its accepted results out', () => {
    const macie = accept(
      mixedRegions(),
      `  - check: macie.enabled
    reason: sandbox
    by: DPO
    expires: 2099-06-30
`,
    );
    const md = composeDetailed({ bundle: B, results: macie, answers: { 'personal-data': 'no' } }).output
      .markdown;
    assert.doesNotMatch(md, /Macie/);
  });

  test('{==ACCEPTED==} in a subsection, or outside them (then gathering every service), and conditions', () => {
    const both = accept(
      mixedRegions(),
      `${GD_SCP}  - check: macie.enabled
    reason: sandbox
    by: DPO
    expires: 2099-06-30
`,
    );
    const inSub = `### Services
{==Inspector==}
Inspector text.

{==GuardDuty==}
GuardDuty is partly off.

{==ACCEPTED==}

{==OPTION[guardduty:accepted]==}Some regions are covered by the client's decision.{==/OPTION==} {==OPTION[guardduty.enabled=accepted and not guardduty:fine]==}Confirmed.

{==Macie==}
Macie text.
#### Impact: Low
`;
    const a = composeDetailed({
      bundle: B,
      results: both,
      template: { text: inSub, path: 't.md' },
      final: true,
    }).output.markdown;
    assert.ok(
      a.includes(
        `GuardDuty is partly off.\n\n${GD_SENTENCE}\n\nSome regions are covered by the client's decision. Confirmed.`,
      ),
      a,
    );
    // Macie has nothing open: its label stays, its words give way to the sentence.
    assert.match(a, /#### Macie\nFor Amazon Macie, the client accepted that/);
    assert.doesNotMatch(a, /Macie text/);

    const top = `### Services
{==Inspector==}
Inspector text.

{==GuardDuty==}
GuardDuty is partly off.

{==Macie==}
Macie text.
#### Accepted by the client
{==ACCEPTED==}
#### Impact: Low
`;
    const b = composeDetailed({
      bundle: B,
      results: both,
      template: { text: top, path: 't.md' },
      final: true,
    }).output.markdown;
    const gathered = b.slice(b.indexOf('#### Accepted by the client'));
    assert.ok(gathered.includes(GD_SENTENCE));
    assert.match(gathered, /For Amazon Macie, the client accepted that/);
    assert.equal(b.split('the client accepted').length, 3, 'each service once, only there');
    assert.doesNotMatch(b, /#### Macie|Macie text/, 'a subsection with nothing open goes');

    // A subsection's own marker keeps its service's sentence; the one outside gathers the others only.
    const mixed = top.replace('GuardDuty is partly off.', 'GuardDuty is partly off.\n\n{==ACCEPTED==}');
    const c = composeDetailed({
      bundle: B,
      results: both,
      template: { text: mixed, path: 't.md' },
      final: true,
    }).output.markdown;
    assert.equal(c.split(GD_SENTENCE).length, 2, 'once');
    assert.ok(c.indexOf(GD_SENTENCE) < c.indexOf('#### Accepted by the client'));
    assert.match(
      c.slice(c.indexOf('#### Accepted by the client')),
      /^#### Accepted by the client\nFor Amazon Macie, the client accepted that/,
    );
  });
});

describe('the retest section in the finding', () => {
  const earlier = mixedRegions();
  const later = accept(
    replace(
      earlier,
      result('inspector.enabled', 'pass', 'us-east-1'),
      result('waf.api-gateway', 'fail', 'eu-west-1', STAGE_PROD),
    ),
    GD_SCP,
  );
  const retest = retestOf(earlier, later);
  const SENTENCE =
    'Retest of 2026-01-10: 1 of 6 gaps fixed, 1 accepted, 4 still open; 1 new gap. The earlier scan was made on 2025-10-01.';

  test('default template: a Retest sub-heading just before Impact, with the sentence and what moved', () => {
    const md = composeDetailed({ bundle: B, results: later, retest }).output.markdown;
    const at = md.indexOf('#### Retest');
    assert.ok(at > 0 && at < md.indexOf('#### Impact'));
    const section = md.slice(at, md.indexOf('#### Impact'));
    assert.ok(
      section.startsWith(
        `#### Retest\n\n${SENTENCE}\n\n| Check | Region | Resource | Before | After | Change |`,
      ),
    );
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Check') && !l.startsWith('| ---'));
    assert.deepEqual(
      rows.map((l) => l.split(' | ').at(-1)),
      [
        '**new** |',
        '**still open** |',
        '**still open** |',
        '**still open** |',
        '**still open** |',
        '**accepted** |',
        '**fixed** |',
      ],
    );
    assert.ok(
      section.includes('| waf.api-gateway | eu-west-1 | orders-api stage prod |'),
      'resources by their names',
    );
  });

  test('the seed template gets it before Impact too, and no other change', () => {
    const withRetest = composeDetailed({
      bundle: B,
      results: later,
      retest,
      template: { text: SEED_TEXT, path: SEED },
    }).output.markdown;
    const without = composeDetailed({ bundle: B, results: later, template: { text: SEED_TEXT, path: SEED } })
      .output.markdown;
    const at = withRetest.indexOf('#### Retest');
    assert.ok(at > 0 && at < withRetest.indexOf('#### Impact: Medium'));
    assert.ok(withRetest.includes(SENTENCE));
    const section = withRetest.slice(at, withRetest.indexOf('#### Impact'));
    assert.ok(section.endsWith('|\n\n'));
    assert.equal(withRetest.replace(`\n${section}`, ''), without);
  });

  test('{==RETEST==} places it; without --previous the marker’s line goes', () => {
    const tpl = `### Findings
Intro.

{==RETEST==}

{==GuardDuty==}
{==AUTO==}
#### Impact: Low
`;
    const md = composeDetailed({ bundle: B, results: later, retest, template: { text: tpl, path: 't.md' } })
      .output.markdown;
    assert.ok(md.startsWith(`### Findings\nIntro.\n\n${SENTENCE}\n\n| Check |`), md);
    assert.doesNotMatch(md, /#### Retest/);
    const none = composeDetailed({ bundle: B, results: later, template: { text: tpl, path: 't.md' } }).output
      .markdown;
    assert.ok(none.startsWith('### Findings\nIntro.\n\n#### GuardDuty'), none);
  });

  test('everything fixed: the no-finding note carries the retest section', () => {
    const fixed = earlier.map((r) => (r.status === 'fail' ? { ...r, status: 'pass' as const } : r));
    const out = composeDetailed({ bundle: B, results: fixed, retest: retestOf(earlier, fixed) }).output;
    assert.equal(out.hasGaps, false);
    assert.match(out.markdown, /#### Retest\n\nRetest of 2026-01-10: 6 of 6 gaps fixed; no new gaps\./);
  });

  test('several accounts: the roll-up of each account’s movement', () => {
    const other = '222233334444';
    const b2 = [...earlier, ...earlier.map((r) => ({ ...r, accountId: other }))];
    const a2 = [
      ...later,
      ...earlier
        .filter((r) => r.status === 'fail')
        .map((r) => ({ ...r, accountId: other, status: 'pass' as const })),
    ];
    const md = composeDetailed({
      bundle: bundle([richAccount(), { ...richAccount(), accountId: other }]),
      results: a2,
      retest: retestOf(b2, a2),
    }).output.markdown;
    const section = md.slice(md.indexOf('#### Retest'), md.indexOf('#### Impact'));
    assert.match(section, /\| Account \| Check \| Region \|/);
    assert.match(section, /\*\*Accounts\*\* \(where each account’s earlier gaps went, and its new gaps\)/);
    assert.ok(section.includes(`| ${ACCOUNT} | 6 | 1 | 4 | 1 | 0 | 0 | 1 | yes / yes |`), section);
    assert.ok(section.includes(`| ${other} | 6 | 6 | 0 | 0 | 0 | 0 | 0 | yes / yes |`), section);
  });
});

describe('accepted gaps in an organization', () => {
  test('regions are grouped across accounts and accounts named, not listed one region at a time', async () => {
    const { orgAccounts, ORG_ACCOUNTS, organizationMixed } = await import('./scenarios.js');
    // Every account's GuardDuty gap in eu-west-1 accepted (an SCP blocks the region organization-wide).
    const results = accept(
      organizationMixed(),
      `  - check: guardduty.enabled
    region: eu-west-1
    reason: region blocked by an SCP
    by: client security team
    expires: 2099-06-30
`,
    );
    const accepted = results.filter((r) => r.status === 'accepted');
    assert.ok(new Set(accepted.map((r) => r.accountId)).size >= 5, 'the scenario accepts several accounts');
    const md = composeDetailed({ bundle: bundle(orgAccounts()), results }).output.markdown;
    const sentence = md.split('\n').find((l) => l.includes('the client accepted that “Amazon GuardDuty'));
    assert.ok(sentence, md);
    assert.match(sentence, /was not met in eu-west-1 in \d of 7 accounts \(management, security, prod/);
    assert.doesNotMatch(sentence, /eu-west-1 in account management, eu-west-1 in account/);
    assert.equal(ORG_ACCOUNTS.length, 7);
  });
});
