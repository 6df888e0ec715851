import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { composeDetailed } from '../../src/finding/compose.js';
import { composeFinding, FinalRefused, TemplateError } from '../../src/finding/index.js';
import { ACCOUNT, account, allFine, bundle, denied, REGIONS, replace, result } from './helpers.js';
import {
  ALB_WEB,
  cloudtrailOnly,
  everythingOff,
  HOUSE,
  mixedRegions,
  orgAccounts,
  organizationMixed,
  richAccount,
  SEED,
  wafOnly,
  withUnknowns,
} from './scenarios.js';

const HERE = import.meta.dirname;
const GOLDEN = join(HERE, 'golden');

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.golden`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1')
      assert.fail(`golden file ${name}.golden was missing: written, re-run`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `golden ${name}.golden differs (UPDATE_GOLDEN=1 to rewrite)`,
  );
}

describe('composeFinding with the default template', () => {
  test('everything off', () => {
    const o = composeFinding({ bundle: bundle([richAccount()]), results: everythingOff() });
    assert.equal(o.hasGaps, true);
    assert.equal(o.noIssueNote, null);
    assert.match(
      o.markdown,
      /No CloudTrail trail was recording API activity in the 3 regions reviewed \(eu-west-1, eu-west-2 and us-east-1\)/,
    );
    assert.match(o.markdown, /was not enabled in any of the 3 regions reviewed/);
    assert.match(o.markdown, /IAM Access Key Rotation \(3 items flagged\)/);
    assert.match(o.markdown, /None of the internet-facing resources that AWS WAF can protect/);
    assert.match(o.markdown, /orders-api stage prod \(eu-west-1\)/);
    assert.match(o.markdown, /web-public \(eu-west-1\)/);
    assert.match(o.markdown, /\{==Shield Advanced could be considered/);
    assert.match(o.markdown, /\| eu-west-1 \| fail \|/);
    assert.ok(o.reviewItems.some((i) => i.kind === 'question' && /personal/.test(i.text)));
    assert.ok(o.markdown.includes('![Coverage: WAF & Shield](coverage-waf-shield.svg)'));
    assert.ok(
      o.markdown.startsWith('---\ncategory: CNF\ncvss: TBA\n---\n### AWS Security Features Not Enabled\n'),
    );
    golden('everything-off', o.markdown);
  });

  test('an organization reads by account: regions across accounts, never one account for many', () => {
    const o = composeFinding({ bundle: bundle(orgAccounts()), results: organizationMixed() });
    golden('organization', o.markdown);
    assert.match(
      o.markdown,
      /GuardDuty was not enabled in every region of account 777777777777 and eu-west-1 in 5 of 7 accounts \(management, security, prod, staging and dev\)\./,
    );
    assert.match(
      o.markdown,
      /In every region of 3 of 7 accounts \(dev, 666666666666 and 777777777777\), no CloudTrail trail was recording API activity, so actions taken there would leave no audit record\./,
    );
    // Recording nothing anywhere says there is no multi-region trail there either: not said again.
    assert.doesNotMatch(o.markdown, /none of the logging trails was a multi-region trail/);
    assert.doesNotMatch(o.markdown, /no multi-region logging trail recorded both/);
    assert.match(o.markdown, /us-east-1 in 2 of 6 assessed accounts \(prod and staging\)/);
    assert.ok(!/\(account \d{12}\)/.test(o.markdown), 'no "region (account …)" pairs');
    assert.match(
      o.markdown,
      /These accounts keep data in S3 there \(2 buckets: customer-exports \(prod\) and customer-exports \(dev\)\)/,
    );
    assert.match(
      o.markdown,
      /validation was off for the trails app-trail \(account management\) and app-trail \(account security\)/,
    );
    assert.match(o.markdown, /could not be assessed for every region of account security/);
    assert.match(o.markdown, /\| 222222222222 \(security\) \| fail \| pass \| not assessed \|/);
    assert.ok(
      !/\bthe account\b/i.test(o.markdown.replace(/\{==[\s\S]*?==\}|\{>>[\s\S]*?<<\}/g, '')),
      'never "the account" for many',
    );
    assert.ok(!o.markdown.includes('not_applicable'));
  });

  test('mixed regions name the regions on and off', () => {
    const o = composeFinding({ bundle: bundle([richAccount()]), results: mixedRegions() });
    assert.match(o.markdown, /GuardDuty was enabled in eu-west-1 but not in eu-west-2 and us-east-1\./);
    assert.match(o.markdown, /S3 Protection and EKS Protection turned off/);
    assert.match(o.markdown, /Amazon Inspector was active in eu-west-1 and eu-west-2 but not in us-east-1\./);
    assert.match(o.markdown, /Lambda standard scanning and Lambda code scanning were switched off/);
    assert.match(o.markdown, /1 bucket: customer-exports/);
    assert.ok(!o.markdown.includes('\nCloudTrail\n'), 'CloudTrail is fine: its subsection is left out');
    assert.ok(!o.markdown.includes('\nWAF & Shield\n'), 'WAF is fine: its subsection is left out');
    assert.ok(!/Web applications without a web application firewall/.test(o.markdown));
    golden('mixed-regions', o.markdown);
  });

  test('misconfigured CloudTrail only', () => {
    const o = composeFinding({ bundle: bundle([richAccount()]), results: cloudtrailOnly() });
    assert.match(o.markdown, /None of the logging trails was a multi-region trail/);
    assert.match(
      o.markdown,
      /Log file integrity validation was off for the trails app-trail and arn:aws:cloudtrail:us-east-1:111122223333:trail\/org-trail,/,
    );
    assert.match(o.markdown, /The trail app-trail did not encrypt log files with a KMS key/);
    for (const s of ['\nGuardDuty\n', '\nInspector\n', '\nMacie\n', '\nTrusted Advisor\n'])
      assert.ok(!o.markdown.includes(s), `${s.trim()} left out`);
    assert.ok(o.markdown.includes('Gaps in logging, monitoring and alerting'));
    assert.ok(!o.markdown.includes('Misconfigurations, software vulnerabilities'));
    assert.deepEqual(
      o.reviewItems.map((i) => i.kind),
      ['note'],
    );
    golden('cloudtrail-misconfigured', o.markdown);
  });

  test('WAF gaps only', () => {
    const o = composeFinding({ bundle: bundle([richAccount()]), results: wafOnly() });
    assert.match(
      o.markdown,
      /AWS WAF protected 1 internet-facing resource, but 2 others had no web ACL associated with them:/,
    );
    assert.match(o.markdown, /- API Gateway REST API stages: orders-api stage prod \(eu-west-1\)/);
    assert.match(o.markdown, /\| web-public \| eu-west-1 \| Load balancer \| fail \|/);
    assert.match(
      o.markdown,
      /\| arn:aws:cloudfront::111122223333:distribution\/E1ABC \| Global \| CloudFront distribution \| pass \|/,
    );
    assert.ok(o.markdown.includes('Web applications without a web application firewall'));
    golden('waf-only', o.markdown);
  });

  test('unknowns from AccessDenied and a Basic support plan become review items, never claims', () => {
    const c = composeDetailed({ bundle: bundle([richAccount()]), results: withUnknowns() });
    const o = c.output;
    assert.match(o.markdown, /GuardDuty was enabled in eu-west-2 but not in eu-west-1\./);
    assert.ok(!/not enabled in[^.]*us-east-1/.test(o.markdown), 'us-east-1 is unknown, not off');
    const unknown = o.reviewItems.filter((i) => i.kind === 'unknown');
    assert.equal(unknown.length, 3);
    assert.ok(unknown.some((i) => /guardduty:ListDetectors/.test(i.why) && /us-east-1/.test(i.text)));
    assert.ok(
      unknown.some(
        (i) => /Trusted Advisor console/.test(i.why) && /SubscriptionRequiredException/.test(i.why),
      ),
    );
    assert.ok(unknown.some((i) => /inspector2:BatchGetAccountStatus/.test(i.why)));
    assert.deepEqual(
      c.claims.map((x) => `${x.checkId}@${x.region}`),
      ['guardduty.enabled@eu-west-1'],
    );
    for (const i of o.reviewItems) {
      const line = o.markdown.split('\n')[i.line - 1]!;
      assert.ok(
        line.slice(i.column - 1).startsWith('{=='),
        `item at ${i.line}:${i.column} points at its mark`,
      );
    }
    golden('unknowns', o.markdown);
  });

  test('all fine: no finding, a short note instead', () => {
    const o = composeFinding({ bundle: bundle([richAccount()]), results: allFine() });
    assert.equal(o.hasGaps, false);
    assert.ok(o.noIssueNote && /No finding/.test(o.noIssueNote));
    assert.deepEqual(o.reviewItems, []);
    assert.ok(!o.markdown.includes('AWS Security Features Not Enabled'));
    golden('all-fine', o.markdown);
  });

  test('no gaps but unknowns: no finding, and the unknowns stay as review items', () => {
    const o = composeFinding({
      bundle: bundle(),
      results: replace(allFine(), denied('macie.enabled', 'eu-west-1', 'macie2:GetMacieSession')),
    });
    assert.equal(o.hasGaps, false);
    assert.match(o.noIssueNote ?? '', /could not be assessed/);
    assert.equal(o.reviewItems.length, 1);
    assert.equal(o.reviewItems[0]!.kind, 'unknown');
  });
});

describe('final mode', () => {
  test('refuses while items are unresolved, listing them with line numbers', () => {
    assert.throws(
      () => composeFinding({ bundle: bundle([richAccount()]), results: withUnknowns(), final: true }),
      (e: unknown) => {
        assert.ok(e instanceof FinalRefused);
        assert.equal(e.items.length, 3);
        assert.ok(e.items.every((i) => i.line > 0 && i.kind !== 'note'));
        return true;
      },
    );
  });

  test('strips consultant guidance when nothing is unresolved', () => {
    const review = composeFinding({ bundle: bundle([richAccount()]), results: cloudtrailOnly() });
    const o = composeFinding({ bundle: bundle([richAccount()]), results: cloudtrailOnly(), final: true });
    assert.ok(review.markdown.includes('{==NOTE'));
    assert.ok(!o.markdown.includes('NOTE'));
    assert.ok(!o.markdown.includes('{=='));
    assert.ok(!o.markdown.includes('{>>'));
    assert.deepEqual(o.reviewItems, []);
    assert.ok(
      o.markdown.includes('below.\n\n#### CloudTrail\n'),
      'the note paragraph is removed with its blank line',
    );
  });
});

describe('the seed template as --template', () => {
  const text = readFileSync(SEED, 'utf8');
  const results = replace(
    mixedRegions(),
    result('trustedadvisor.security-checks', 'fail', 'global', 'IAM Access Key Rotation'),
  );

  test('keeps untouched text byte-identical, drops fine services, evidence in place of SCREENSHOT', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results,
      template: { text, path: SEED },
      xrefs: { XREF: '5.3' },
    });
    assert.ok(
      o.markdown.startsWith('---\ncategory: CNF\ncvss: TBA\n---\n### AWS Security Features Not Enabled\n'),
    );
    // Fine services (CloudTrail, WAF & Shield) are gone with their text.
    assert.ok(!o.markdown.includes('Although CloudTrail is configured'));
    assert.ok(!o.markdown.includes('Inspection of the Amazon WAF panel'));
    // Services with gaps keep the consultant's words byte for byte (a sentence the evidence contradicts is
    // highlighted around them).
    const plain = o.markdown.replace(/\{>>[\s\S]*?<<\}/g, '').replace(/\{==|==\}/g, '');
    for (const line of text.split('\n')) {
      if (
        line.includes('{==') ||
        line.includes('CloudTrail is configured') ||
        line.includes('Amazon WAF panel')
      )
        continue;
      assert.ok(plain.includes(line), `line kept: ${line.slice(0, 60)}`);
    }
    // The screenshot became a table and the coverage image.
    assert.ok(!o.markdown.includes('{==SCREENSHOT==}'));
    assert.match(o.markdown, /\| IAM Access Key Rotation \| Global \| Security check \| fail \|/);
    assert.ok(o.markdown.includes('![Coverage: Trusted Advisor](coverage-trusted-advisor.svg)'));
    // The clause names a Trusted Advisor check that failed: kept, its XREF resolved, with the reason.
    assert.ok(
      o.markdown.includes(
        'acted upon, including IAM access key rotation (see section 5.3){>>watchpost kept this wording: it names "IAM Access Key Rotation", which has a gap.<<}:',
      ),
    );
    // The S3/PII option needs the consultant's answer; the Impact and Recommendation options follow the gaps.
    assert.ok(o.markdown.includes('{==OPTION: If they use S3 with possibility of PII leakage==}{>>'));
    assert.equal((o.markdown.match(/\{==OPTION==\}\{>>/g) ?? []).length, 0);
    assert.match(o.markdown, /\{>>watchpost kept this option: its words "misconfigurations", /);
    assert.ok(
      o.reviewItems.some(
        (i) => i.kind === 'xref' && i.text === 'XREF_AWS_Insufficient_Logging_and_Monitoring',
      ) === false,
    );
    assert.equal(o.reviewItems.filter((i) => i.kind === 'option').length, 1);
    golden('seed-template', o.markdown);
  });

  test('the comment beside the consultant’s words says an account-wide switch is "off", not "off in account-wide"', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: everythingOff(),
      template: { text, path: SEED },
    });
    assert.match(o.markdown, /watchpost found: AWS Shield Advanced gaps: off\. Check that the wording/);
    assert.doesNotMatch(o.markdown, /off in account-wide/);
  });

  // Before: a CR-only file was one line, so no front matter, no subsection and the text was kept as is.
  test('saved with CR or CR LF line endings, it gives the same finding', () => {
    const compose = (t: string) =>
      composeFinding({
        bundle: bundle([richAccount()]),
        results,
        template: { text: t, path: SEED },
        xrefs: { XREF: '5.3' },
      });
    const lf = compose(text);
    for (const eol of ['\r', '\r\n']) {
      const o = compose(text.replace(/\n/g, eol));
      assert.equal(o.markdown, lf.markdown, JSON.stringify(eol));
      assert.deepEqual(o.reviewItems, lf.reviewItems);
    }
  });

  test('unresolved cross-references stay highlighted and are listed', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: everythingOff(),
      template: { text, path: SEED },
    });
    const x = o.reviewItems.filter((i) => i.kind === 'xref').map((i) => i.text);
    // Numbered in template order, with the words around each, so the consultant knows which is which.
    assert.deepEqual(
      x.map((t) => t.split(':')[0]),
      ['XREF#1', 'XREF_AWS_Insufficient_Logging_and_Monitoring', 'XREF#2', 'XREF#3'],
    );
    assert.match(x[0]!, /the main \[…\] account/);
    assert.ok(o.markdown.includes('{==XREF_AWS_Insufficient_Logging_and_Monitoring==}{>>'));
  });
});

describe('a user template in another house style', () => {
  test('bullets, ## headings, conditional options resolved per bullet', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: mixedRegions(),
      template: { text: HOUSE, path: 'house.md' },
      xrefs: { CLIENT: 'Example Ltd' },
    });
    assert.ok(o.markdown.includes('* Scope: the AWS estate reviewed for Example Ltd.\n'));
    assert.ok(
      o.markdown.includes(
        '## GuardDuty\n* GuardDuty covers only part of the estate.\n* GuardDuty was enabled in eu-west-1',
      ),
    );
    assert.ok(!o.markdown.includes('off in every region'));
    assert.ok(!o.markdown.includes('## CloudTrail'), 'CloudTrail is fine');
    // Before: `## ##### GuardDuty`, a heading whose text began with ##### in Word and HTML too.
    assert.ok(!o.markdown.includes('#####'), "a marker on a heading line becomes that heading's text");
    assert.ok(
      o.markdown.includes('## Risk\n* Threat activity could go unnoticed.\n* Costs apply: weigh them.\n'),
    );
    // Inspector and Macie have gaps but no subsection: watchpost adds its own, so every gap is reported, and
    // says so to the consultant (a comment: nothing blocks the final version).
    assert.match(
      o.markdown,
      /\n## Inspector \{>>This template has no subsection for Amazon Inspector: watchpost added its own\./,
    );
    assert.match(o.markdown, /\n## Macie \{>>This template has no subsection for Amazon Macie/);
    golden('house-style', o.markdown);
  });

  test('a bad condition in a user template names file, line and column', () => {
    assert.throws(
      () =>
        composeFinding({
          bundle: bundle(),
          results: mixedRegions(),
          template: { text: HOUSE.replace('guardduty:off', 'guardduty:of'), path: 'house.md' },
        }),
      (e: unknown) => e instanceof TemplateError && e.line === 11 && e.column === 23,
    );
  });

  // Before: a template starting with a blank line put line 1 "after" its own newline, and looking for the
  // start of an option's paragraph never ended.
  test('a template starting with a blank line composes (options in its first paragraph)', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: mixedRegions(),
      template: { text: '\n{==OPTION[guardduty:gap]==}GuardDuty text. {==OPTION==}Other.\n', path: 'b.md' },
    });
    assert.ok(
      o.markdown.startsWith(
        '\nGuardDuty text. {==OPTION==}{>>Option without a condition, and its words name no service or kind of gap watchpost can test: keep the text that follows (and remove this mark) or delete both, or write OPTION[condition].<<} Other.\n\n',
      ),
    );
    assert.equal(o.reviewItems[0]!.line, 2);
  });

  test('AUTO outside a subsection is an error', () => {
    assert.throws(
      () =>
        composeFinding({
          bundle: bundle(),
          results: mixedRegions(),
          template: { text: '# T\n{==AUTO==}\n', path: 'a.md' },
        }),
      (e: unknown) => e instanceof TemplateError && e.line === 2 && e.column === 1,
    );
  });
});

describe('hostile resource names', () => {
  test('HTML, CriticMarkup, pipes, newlines and bidi marks are neutralised', () => {
    const evil =
      'evil<img src=x onerror=alert(1)>|{==OPTION==}{>>x<<}\n# heading\u202Egnp.exe{++a++}{--b--}{~~c~>d~~}';
    const results = replace(
      allFine(),
      result('waf.alb', 'fail', 'eu-west-1', ALB_WEB),
      result('macie.enabled', 'fail', 'eu-west-2', null, { buckets: [evil] }),
      result('trustedadvisor.security-checks', 'fail', 'global', evil),
    );
    const o = composeFinding({ bundle: bundle([richAccount(evil, evil)]), results });
    for (const bad of [
      /(?<!\\)<img/,
      /(?<!\\)\{==OPTION/,
      /(?<!\\)\{>>x/,
      /\u202E/,
      /(?<!\\)\{\+\+/,
      /(?<!\\)\{--/,
      /(?<!\\)\{~~/,
      /\n# heading/,
    ]) {
      assert.ok(!bad.test(o.markdown), `raw ${bad} must not reach the Markdown`);
    }
    assert.ok(o.markdown.includes('evil\\<img src\\=x onerror\\=alert(1)\\>\\|\\{\\=\\=OPTION'));
    // Every table row keeps its column count.
    for (const line of o.markdown.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      const header = o.markdown
        .split('\n')
        .find((l) => l.startsWith('| Resource') || l.startsWith('| Region'))!;
      assert.ok(cells === 6 || cells === header.split('|').length || cells === 3 || cells === 4, line);
    }
    // Highlights stay balanced: ours only.
    assert.equal((o.markdown.match(/\{==/g) ?? []).length, (o.markdown.match(/==\}/g) ?? []).length);
    assert.equal((o.markdown.match(/\{==/g) ?? []).length, o.reviewItems.length);
  });
});

describe("the consultant's answers", () => {
  const input = () => ({ bundle: bundle([richAccount()]), results: everythingOff() });
  test('without answers, the personal-data question and the Shield option stay open', () => {
    const o = composeFinding(input());
    const kinds = o.reviewItems.map((i) => i.kind);
    assert.ok(kinds.includes('question'));
    assert.ok(o.reviewItems.some((i) => i.kind === 'option' && /Shield Advanced/.test(i.text)));
  });
  test('personal-data=no drops the Macie subsection; =yes states it instead of asking', () => {
    const no = composeFinding({ ...input(), answers: { 'personal-data': 'no' } });
    assert.doesNotMatch(no.markdown, /Amazon Macie/);
    assert.ok(!no.reviewItems.some((i) => i.kind === 'question'));
    const yes = composeFinding({ ...input(), answers: { 'personal-data': 'yes' } });
    assert.match(
      yes.markdown,
      /Amazon Macie[\s\S]*The client indicated that these buckets may hold personal/,
    );
    assert.ok(!yes.reviewItems.some((i) => i.kind === 'question'));
  });
  test('shield-advanced=keep states the option plainly; =drop leaves Shield out', () => {
    const keep = composeFinding({ ...input(), answers: { 'shield-advanced': 'keep' } });
    assert.match(keep.markdown, /Shield Advanced could be considered/);
    assert.doesNotMatch(keep.markdown, /\{==Shield Advanced could be considered/);
    const drop = composeFinding({ ...input(), answers: { 'shield-advanced': 'drop' } });
    assert.doesNotMatch(drop.markdown, /Shield Advanced/);
  });
});

describe("the consultant's fixed wording against the evidence", () => {
  const tpl = (body: string) => ({
    path: 'house.md',
    text: `---\ncategory: CNF\n---\n### AWS Security Features Not Enabled\nIntro.\n\n{==GuardDuty==}\n${body}\n#### Impact: Medium\nx\n`,
  });
  const guardDutyPartly = () =>
    replace(
      allFine(),
      result('guardduty.enabled', 'fail', 'eu-west-2'),
      result('guardduty.enabled', 'pass', 'us-east-1'),
    );
  const guardDutyOff = () =>
    allFine().map((r) =>
      r.checkId === 'guardduty.enabled'
        ? { ...r, status: 'fail' as const }
        : r.checkId === 'guardduty.protection-plans'
          ? { ...r, status: 'not_applicable' as const }
          : r,
    );

  test('"not enabled" wording for a service that is on somewhere is a blocking item with the scoped sentence', () => {
    const input = {
      bundle: bundle([richAccount()]),
      results: guardDutyPartly(),
      template: tpl('GuardDuty was not seen to be enabled.'),
    };
    const o = composeFinding(input);
    const item = o.reviewItems.find((i) => i.kind === 'wording');
    assert.ok(item, 'a wording item');
    assert.equal(item.text, 'GuardDuty was not seen to be enabled.');
    assert.match(
      item.why,
      /Suggested: "GuardDuty was not seen to be enabled in eu-west-2 \(it was on in eu-west-1 and us-east-1\)\."/,
    );
    assert.throws(
      () => composeFinding({ ...input, final: true }),
      (e: unknown) => e instanceof FinalRefused && e.items.some((i) => i.kind === 'wording'),
    );
    // --answer wording=watchpost takes the suggestion; the final version has it as plain text.
    const fixed = composeFinding({ ...input, answers: { wording: 'watchpost' }, final: true });
    assert.match(
      fixed.markdown,
      /\nGuardDuty was not seen to be enabled in eu-west-2 \(it was on in eu-west-1 and us-east-1\)\.\n/,
    );
    assert.match(fixed.markdown, /\*\*In this review:\*\* .*eu-west-2/);
  });
  test("on a heading line, the label stays the consultant's heading; the item is on the sentence", () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: guardDutyPartly(),
      template: {
        ...tpl('GuardDuty was not seen to be enabled.'),
        text: tpl('GuardDuty was not seen to be enabled.').text.replace(
          '{==GuardDuty==}',
          '#### {==GuardDuty==}',
        ),
      },
    });
    assert.match(o.markdown, /\n#### GuardDuty \{>>watchpost found: /);
    const item = o.reviewItems.find((i) => i.kind === 'wording')!;
    assert.equal(o.markdown.split('\n')[item.line - 1]!.slice(item.column - 1, item.column + 2), '{==');
    const heading = o.document.blocks.find((b) => b.t === 'edited' && b.block.t === 'heading');
    assert.ok(heading?.t === 'edited' && heading.block.t === 'heading' && heading.block.level === 4);
  });
  test('a bare label becomes a heading one level below the heading it falls under', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: guardDutyOff(),
      template: tpl('GuardDuty was not seen to be enabled.'),
    });
    assert.match(o.markdown, /\n#### GuardDuty \{>>/);
  });
  test('a sentence about a service of the subsection that has no gap goes with wording=watchpost', () => {
    const two = {
      path: 'house.md',
      text: '### T\nIntro.\n\n{==GuardDuty & Macie==}\nMacie was not enabled. GuardDuty was not enabled.\n#### Impact\nx\n',
    };
    const input = { bundle: bundle([richAccount()]), results: guardDutyOff(), template: two };
    const o = composeFinding(input);
    const item = o.reviewItems.find((i) => i.kind === 'wording');
    assert.equal(item?.text, 'Macie was not enabled.');
    const fixed = composeFinding({ ...input, answers: { wording: 'watchpost' }, final: true });
    assert.ok(!fixed.markdown.includes('Macie was not enabled'));
    assert.match(fixed.markdown, /\nGuardDuty was not enabled\.\n\n\*\*In this review:\*\* /);
  });
  test('a resource kind or workload the evidence does not bear out is a wording item', () => {
    const waf = {
      path: 'house.md',
      text: '### T\nIntro.\n\n{==GuardDuty==}\nGuardDuty was not enabled. It would watch the EKS clusters.\nIt would also watch the AppSync APIs.\n#### Impact\nx\n',
    };
    const o = composeFinding({ bundle: bundle([richAccount()]), results: guardDutyOff(), template: waf });
    // AppSync is a kind WAF judges, not GuardDuty: only the subsection's services' kinds are held.
    assert.ok(!o.reviewItems.some((i) => i.kind === 'wording'));
  });
  test('the same wording is accepted when the service is off everywhere', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: guardDutyOff(),
      template: tpl('GuardDuty was not seen to be enabled.'),
    });
    assert.ok(!o.reviewItems.some((i) => i.kind === 'wording'));
  });
  test('partial wording ("not configured for all regions") is not a contradiction', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: guardDutyPartly(),
      template: tpl('GuardDuty has not been configured for all regions in use.'),
    });
    assert.ok(!o.reviewItems.some((i) => i.kind === 'wording'));
  });
  test('"although it is enabled" wording for a service that is off everywhere is a blocking item', () => {
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results: guardDutyOff(),
      template: tpl('Although GuardDuty is enabled, its findings are not reviewed.'),
    });
    assert.ok(o.reviewItems.some((i) => i.kind === 'wording'));
  });
});

describe('organization roll-up', () => {
  test('a bundle of several accounts gets an accounts × services table before the first subsection', () => {
    const second = { ...richAccount(), accountId: '222222222222', accountName: 'Prod <b>|' };
    const results = [...everythingOff(), ...allFine().map((r) => ({ ...r, accountId: '222222222222' }))];
    const o = composeFinding({ bundle: bundle([richAccount(), second]), results });
    const table = o.markdown.indexOf('**Accounts and services**');
    assert.ok(table > 0);
    assert.ok(table < o.markdown.indexOf('#### '), 'before the first subsection');
    assert.match(o.markdown, /\| 222222222222 \(Prod \\<b\\>\\\|\) \| pass \| pass \|/);
    assert.match(o.markdown, new RegExp(`\\| ${ACCOUNT} \\| fail \\|`));
  });
  test('regional tables of many accounts show the account-regions with a gap, capped, and count the rest', () => {
    // 100 accounts × 3 regions: GuardDuty off in us-east-1 everywhere, on elsewhere.
    const ids = Array.from({ length: 100 }, (_, i) => String(100000000000 + i));
    const accounts = ids.map((accountId) => ({ ...account(), accountId }));
    const results = ids.flatMap((accountId) =>
      REGIONS.map((region) => ({
        ...result('guardduty.enabled', region === 'us-east-1' ? 'fail' : 'pass', region),
        accountId,
      })),
    );
    const o = composeFinding({ bundle: bundle(accounts), results });
    const gd = o.markdown.slice(o.markdown.indexOf('**Amazon GuardDuty** (check results)'));
    const rows = gd.split('\n').filter((l) => /^\| \d{12} \|/.test(l));
    assert.equal(rows.length, 60);
    assert.ok(
      rows.every((l) => /\| us-east-1 \| fail \|/.test(l)),
      'only rows with a gap',
    );
    assert.match(gd, /40 further account-regions with a gap are not shown\./);
    assert.match(gd, /200 other account-regions are not shown: no gap was found there/);
  });
  test('a single account has no roll-up', () => {
    const o = composeFinding({ bundle: bundle([richAccount()]), results: everythingOff() });
    assert.doesNotMatch(o.markdown, /Accounts and services/);
  });
});

describe('--answer unknown=limitation|omit settles what could not be assessed', () => {
  const seed = readFileSync(SEED, 'utf8');
  const input = (unknown: 'limitation' | 'omit') => ({
    bundle: bundle([richAccount()]),
    results: withUnknowns(),
    answers: { unknown, 'personal-data': 'yes', 'shield-advanced': 'drop' } as const,
  });

  test('limitation: --final succeeds and each unknown is a stated limitation of the review', () => {
    const o = composeFinding({ ...input('limitation'), final: true });
    assert.deepEqual(o.reviewItems, []);
    assert.match(
      o.markdown,
      /\*\*Limitation of this review:\*\* Amazon GuardDuty could not be assessed for us-east-1, because the role used for this review was not allowed to call guardduty:ListDetectors \(AccessDeniedException\)\. To be confirmed by hand: Amazon GuardDuty is enabled in every region\./,
    );
    assert.match(o.markdown, /Amazon Inspector could not be assessed for eu-west-2/);
    assert.match(
      o.markdown,
      /Trusted Advisor's security checks were not assessed: reading them needs a Business/,
    );
    assert.doesNotMatch(
      o.markdown,
      /nothing is claimed here|guardduty\.enabled|trustedadvisor\.security-checks/,
    );
  });

  test('omit: --final succeeds and the finding says nothing about what could not be assessed', () => {
    const o = composeFinding({ ...input('omit'), final: true });
    assert.deepEqual(o.reviewItems, []);
    assert.doesNotMatch(o.markdown, /us-east-1|Inspector|Trusted Advisor|could not be assessed|not assessed/);
    assert.match(o.markdown, /GuardDuty[\s\S]*eu-west-1/, 'the proven gap stays');
  });

  test('omit still counts an unassessed region: never "any of the 2 regions reviewed" when 3 were', () => {
    const results = replace(
      allFine(),
      result('guardduty.enabled', 'fail', 'eu-west-1'),
      result('guardduty.enabled', 'fail', 'eu-west-2'),
      denied('guardduty.enabled', 'us-east-1', 'guardduty:ListDetectors'),
    );
    const o = composeFinding({
      bundle: bundle([richAccount()]),
      results,
      answers: { unknown: 'omit' },
      final: true,
    });
    assert.doesNotMatch(o.markdown, /regions? reviewed/);
    assert.match(o.markdown, /was not enabled in eu-west-1 and eu-west-2\./);
    assert.doesNotMatch(o.markdown, /not assessed|could not be assessed/);
  });

  test('the seed template settles with either answer too', () => {
    for (const unknown of ['limitation', 'omit'] as const) {
      const review = composeFinding({
        ...input(unknown),
        template: { text: seed, path: SEED },
        xrefs: { XREF: '5.3' },
      });
      assert.ok(
        !review.reviewItems.some((i) => i.kind === 'unknown'),
        `${unknown}: no unknown review item (${review.reviewItems.map((i) => i.kind).join(', ')})`,
      );
    }
  });

  test('with no gap: limitation states the limits, omit says only what was assessed', () => {
    const results = replace(
      allFine(),
      denied('inspector.enabled', 'eu-west-2', 'inspector2:BatchGetAccountStatus'),
    );
    const lim = composeFinding({
      bundle: bundle([richAccount()]),
      results,
      answers: { unknown: 'limitation' },
      final: true,
    });
    assert.match(
      lim.markdown,
      /the limitations of this review are stated below[\s\S]*Limitation of this review:\*\* Amazon Inspector could not be assessed for eu-west-2/,
    );
    const omit = composeFinding({
      bundle: bundle([richAccount()]),
      results,
      answers: { unknown: 'omit' },
      final: true,
    });
    assert.match(omit.markdown, /none of the checks that could be assessed/);
    assert.doesNotMatch(omit.markdown, /eu-west-2|enabled and configured as expected/);
    assert.throws(
      () => composeFinding({ bundle: bundle([richAccount()]), results, final: true }),
      FinalRefused,
    );
  });
});

describe('two more house-style templates, as a new consultant would write them', () => {
  const house = (name: string) => {
    const path = join(HERE, 'fixtures', 'house', `${name}.md`);
    return { text: readFileSync(path, 'utf8'), path };
  };
  const answers = {
    'personal-data': 'yes',
    'shield-advanced': 'keep',
    unknown: 'limitation',
    wording: 'watchpost',
  } as const;
  for (const [name, xrefs] of [
    ['northwind', { XREF_Environment: 'production', XREF_Web_Hardening: 'section 4.9' }],
    ['fabrikam', { XREF_Client: 'Example Ltd' }],
  ] as const) {
    test(`${name}: a final finding with no hand edit, naming every gap`, () => {
      const results = withUnknowns();
      const { output, claims } = composeDetailed({
        bundle: bundle([richAccount()]),
        results,
        template: house(name),
        xrefs,
        answers,
        final: true,
      });
      assert.ok(!/\{==|\{>>/.test(output.markdown));
      const key = (x: { checkId: string; region: string; resource: string | null }) =>
        `${x.checkId}|${x.region}|${x.resource}`;
      for (const f of results.filter((r) => r.status === 'fail'))
        assert.ok(
          claims.some((c) => key(c) === key(f)),
          `${name}: fail ${key(f)} is named`,
        );
      golden(`house-${name}`, output.markdown);
    });
  }
});

describe('wording items carry names from the account escaped', () => {
  test('an account name in the suggested sentence cannot break out of the review comment', () => {
    const evil = 'prod<<}{==INJECTED==}';
    const one = { ...richAccount(), accountName: evil };
    const two = { ...richAccount(), accountId: '222222222222', accountName: 'b' };
    const results = [
      result('guardduty.enabled', 'fail', 'eu-west-2'),
      result('guardduty.enabled', 'pass', 'us-east-1'),
      { ...result('guardduty.enabled', 'pass', 'eu-west-2'), accountId: '222222222222' },
    ];
    const o = composeFinding({
      bundle: bundle([one, two]),
      results,
      template: {
        path: 'h.md',
        text: '### T\nIntro.\n\n{==GuardDuty==}\nGuardDuty was not seen to be enabled.\n#### Impact\nx\n',
      },
    });
    const item = o.reviewItems.find((i) => i.kind === 'wording');
    assert.ok(item, 'a wording item');
    assert.ok(!o.markdown.includes('{==INJECTED==}'), o.markdown);
  });
});
