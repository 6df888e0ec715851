/**
 * The built CLI, offline on the demo evidence: `--accept` on assess and report (and its refusals before
 * anything is read or written, also for scan), `report --previous`, and `watchpost diff`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { DiffRow } from '../../src/engagement/diff.js';
import { type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { cliBuilt, ROOT, runCli, tempDir } from '../support/cli.js';

const DEMO = join(ROOT, 'samples', 'demo-evidence.json');
const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

const ACCEPT = `accept:
  # matching: GuardDuty in the unused region
  - check: guardduty.enabled
    region: ap-southeast-2
    reason: region unused, blocked by an SCP (p-1a2b3c4d)
    by: client security team
    expires: 2099-06-30
    control: SCP denying all actions outside eu-* and us-east-1
  # expired
  - check: macie.enabled
    reason: sandbox data only
    by: DPO
    expires: 2020-03-31
  # unused: no such account
  - check: waf.cognito
    account: "999999999999"
    reason: never scanned
    by: nobody
    expires: 2099-01-01
  # matching, by resource glob
  - check: waf.api-gateway
    resource: "arn:aws:apigateway:*"
    reason: reachable only through the CDN
    by: platform team
    expires: 2099-06-30
    control: Cloudflare WAF
`;

function write(name: string, text: string): string {
  const p = join(tempDir('watchpost-accept-'), name);
  writeFileSync(p, text);
  return p;
}

function results(dir: string): Result[] {
  return ResultsSchema.parse(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
}

describe('--accept on the command line', { skip }, () => {
  const acceptFile = write('accept.yaml', ACCEPT);

  test('assess with and without the file differ only in the results it accepts, and only in status and acceptance', async () => {
    const plain = join(tempDir(), 'plain');
    const acc = join(tempDir(), 'acc');
    const [a, b] = await Promise.all([
      runCli(['assess', DEMO, '--out', plain, '--quiet'], {}),
      runCli(['assess', DEMO, '--out', acc, '--accept', acceptFile], {}),
    ]);
    assert.equal(a.code, 3, a.stderr);
    assert.equal(b.code, 3, b.stderr);
    const before = results(plain);
    const after = results(acc);
    assert.equal(after.length, before.length);
    const differ = after.flatMap((r, i) => (JSON.stringify(r) === JSON.stringify(before[i]) ? [] : [i]));
    assert.deepEqual(
      differ.map((i) => `${after[i]!.checkId} ${after[i]!.region}`),
      ['guardduty.enabled ap-southeast-2', 'waf.api-gateway us-east-1'],
    );
    for (const i of differ) {
      const { status, acceptance, ...rest } = after[i]!;
      const { status: was, ...old } = before[i]!;
      assert.equal(was, 'fail');
      assert.equal(status, 'accepted');
      assert.equal(acceptance?.entry.file, acceptFile);
      assert.deepEqual(rest, old);
    }
    // Each entry's outcome, on stderr, one line each, file:line:column first.
    const lines = b.stderr.trim().split('\n');
    assert.equal(lines.length, 4, b.stderr);
    assert.match(
      lines[0]!,
      new RegExp(
        `^watchpost: ${acceptFile}:3:5: accepted 1 failing result \\(check "guardduty.enabled", region "ap-southeast-2"\\) until 2099-06-30$`,
      ),
    );
    assert.match(
      lines[1]!,
      /:10:5: expired: applied through 2020-03-31, not since 2020-04-01 \(check "macie.enabled"\); 1 failing result it matches stays open$/,
    );
    assert.match(
      lines[2]!,
      /:15:5: unused: matched no result \(check "waf.cognito", account "999999999999"\)/,
    );
    assert.match(
      lines[3]!,
      /:21:5: accepted 1 failing result \(check "waf.api-gateway", resource "arn:aws:apigateway:\*"\)/,
    );
    assert.match(b.stdout, /2 accepted risk \(failing, covered by the accept file\)/);
  });

  test('--quiet keeps only the entries that accepted nothing; accepting every failure exits 0', async () => {
    const all = write(
      'all.yaml',
      'accept:\n  - check: "*"\n    reason: agreed\n    by: CISO\n    expires: 2099-01-01\n',
    );
    const quiet = await runCli(
      ['assess', DEMO, '--out', join(tempDir(), 'q'), '--accept', acceptFile, '--quiet'],
      {},
    );
    assert.equal(quiet.stdout, '');
    assert.deepEqual(
      quiet.stderr
        .trim()
        .split('\n')
        .map((l) => /: (expired|unused)/.exec(l)?.[1]),
      ['expired', 'unused'],
    );
    const everything = await runCli(
      ['assess', DEMO, '--out', join(tempDir(), 'e'), '--accept', all, '--quiet'],
      {},
    );
    assert.equal(everything.code, 0, 'accepted results do not make the exit code 3');
  });

  test('a malformed accept file: one line naming file, line and column, exit 2, nothing written, no AWS call', async () => {
    const bad = write(
      'bad.yaml',
      'accept:\n  - check: guardduty.enabled\n    reason: x\n    by: y\n    expiry: 2027-01-01\n',
    );
    for (const command of [
      ['assess', DEMO],
      ['report', DEMO],
      ['diff', DEMO, DEMO],
      // The endpoint is closed: had the scan started, it would fail otherwise.
      ['scan', '--regions', 'us-east-1'],
    ]) {
      const out = join(tempDir(), 'never');
      const run = await runCli([...command, '--accept', bad, '--out', out], {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      });
      assert.equal(run.code, 2, `${command[0]}: ${run.stderr}`);
      assert.equal(
        run.stderr,
        `watchpost: ${bad}:5:5: unknown key "expiry" (did you mean "expires"?); an entry has check, account, region, resource, reason, by, expires, control\n`,
        command[0],
      );
      assert.equal(existsSync(out), false, `${command[0]} wrote nothing`);
    }
    const typo = write(
      'typo.yaml',
      'accept:\n  - check: guardduty.enbled\n    reason: x\n    by: y\n    expires: 2027-01-01\n',
    );
    const run = await runCli(['assess', DEMO, '--accept', typo, '--out', join(tempDir(), 't')], {});
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /typo\.yaml:2:12: bad "check" "guardduty\.enbled": matches no check \(did you mean "guardduty\.enabled"\?\)/,
    );
    const folder = await runCli(['assess', DEMO, '--accept', tempDir(), '--out', join(tempDir(), 'f')], {});
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /not a file \(a folder\): cannot read accept file/);
  });
});

describe('report --previous and diff', { skip }, () => {
  const acceptFile = write('accept.yaml', ACCEPT);

  test('report --previous: the retest section in finding.md, report.html and finding.docx; diff.json beside them', async () => {
    const first = join(tempDir(), 'first');
    await runCli(['assess', DEMO, '--out', first, '--quiet'], {});
    const out = join(tempDir(), 'second');
    const run = await runCli(
      [
        'report',
        DEMO,
        '--previous',
        join(first, 'results.json'),
        '--accept',
        acceptFile,
        '--out',
        out,
        '--quiet',
      ],
      {},
    );
    assert.equal(run.code, 3, run.stderr);
    const md = readFileSync(join(out, 'finding.md'), 'utf8');
    const sentence = 'Retest of 2026-11-27: 0 of 22 gaps fixed, 2 accepted, 20 still open; no new gaps.';
    assert.ok(md.includes(`#### Retest\n\n${sentence}\n\n| Check |`), md);
    assert.ok(md.indexOf('#### Retest') < md.indexOf('#### Impact'));
    assert.match(
      md,
      /For Amazon GuardDuty, the client accepted that “Amazon GuardDuty is enabled in every region” was not met in ap-southeast-2/,
    );
    assert.match(
      md,
      /For AWS WAF, the client accepted that “Public API Gateway REST API stages are protected by AWS WAF” was not met for orders-api stage prod \(us-east-1\)/,
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(html.includes(sentence));
    const docx = strFromU8(unzipSync(readFileSync(join(out, 'finding.docx')))['word/document.xml']!);
    assert.ok(docx.includes(sentence));
    const rows = JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')) as DiffRow[];
    assert.deepEqual(Object.keys(rows[0]!), [
      'checkId',
      'accountId',
      'region',
      'resource',
      'before',
      'after',
      'change',
    ]);
    assert.equal(rows.filter((r) => r.change === 'accepted').length, 2);
    assert.equal(rows.filter((r) => r.change === 'still-open').length, 20);
  });

  test('diff: bundle against results; files, terminal summary, exit 3 while something is open, --exit-zero', async () => {
    const first = join(tempDir(), 'first');
    await runCli(['assess', DEMO, '--out', first, '--quiet'], {});
    const out = join(tempDir(), 'diff');
    const run = await runCli(
      ['diff', join(first, 'results.json'), DEMO, '--accept', acceptFile, '--out', out],
      {},
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stdout,
      /^Retest of 2026-11-27: 0 of 22 gaps fixed, 2 accepted, 20 still open; no new gaps\.$/m,
    );
    assert.match(
      run.stdout,
      /^ {2}regressed 0 · new 0 · still open 20 · now unknown 0 · accepted 2 · fixed 0 · out of scope 0 · unchanged \d+$/m,
    );
    assert.match(run.stdout, /^ {2}ACCEPTED {5}guardduty\.enabled ap-southeast-2 \(fail → accepted\)$/m);
    for (const f of ['diff.json', 'retest.md', 'retest.docx', 'retest.html'])
      assert.ok(existsSync(join(out, f)), f);
    const md = readFileSync(join(out, 'retest.md'), 'utf8');
    assert.ok(md.startsWith('### Retest\n\nRetest of 2026-11-27: 0 of 22 gaps fixed'), md);
    const html = readFileSync(join(out, 'retest.html'), 'utf8');
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/,
    );
    assert.doesNotMatch(html, /<script/);
    assert.ok(html.includes('<td><strong>still open</strong></td>'));
    const docx = strFromU8(unzipSync(readFileSync(join(out, 'retest.docx')))['word/document.xml']!);
    assert.ok(docx.includes('0 of 22 gaps fixed'));

    const zero = await runCli(
      ['diff', join(first, 'results.json'), DEMO, '--out', join(tempDir(), 'z'), '--exit-zero', '--quiet'],
      {},
    );
    assert.equal(zero.code, 0);
    assert.equal(zero.stdout, '');
    const same = await runCli(
      [
        'diff',
        DEMO,
        DEMO,
        '--accept',
        write('all.yaml', 'accept:\n  - check: "*"\n    reason: r\n    by: b\n    expires: 2099-01-01\n'),
        '--out',
        join(tempDir(), 's'),
        '--quiet',
      ],
      {},
    );
    assert.equal(same.code, 0, 'every gap accepted: nothing open, nothing new');
  });

  test('diff refuses what is neither a bundle nor a results file, and an output folder holding its input', async () => {
    const notJson = write('x.json', '{"schemaVersion": 1,');
    const run = await runCli(['diff', notJson, DEMO, '--out', join(tempDir(), 'n')], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /x\.json:1:\d+: evidence bundle or results file is not valid JSON/);
    const badRows = write('r.json', '[{"checkId": 1}]');
    const rows = await runCli(['diff', badRows, DEMO, '--out', join(tempDir(), 'n')], {});
    assert.equal(rows.code, 2);
    assert.match(rows.stderr, /r\.json: not a valid watchpost results file at \[0\]\.checkId/);
    const dir = tempDir();
    const input = join(dir, 'diff.json');
    writeFileSync(input, '[]\n');
    const clobber = await runCli(['diff', input, DEMO, '--out', dir, '--force'], {});
    assert.equal(clobber.code, 2);
    assert.match(clobber.stderr, /diff\.json there is the input file/);
    assert.equal(readFileSync(input, 'utf8'), '[]\n');
  });
});

describe('merge writes what report writes, with the same options', { skip }, () => {
  const SEED = join(ROOT, 'test', 'finding', 'fixtures', 'seed-template.txt');

  test("the firm's template, --format, --accept and --previous on joined bundles; --final refuses before writing", async () => {
    const accept = write(
      'gd.yaml',
      'accept:\n  - check: guardduty.enabled\n    region: ap-southeast-2\n    reason: unused region\n    by: CISO\n    expires: 2099-01-01\n',
    );
    const out = join(tempDir(), 'm');
    const run = await runCli(
      [
        'merge',
        DEMO,
        DEMO,
        '--template',
        SEED,
        '--format',
        'md,json',
        '--accept',
        accept,
        '--previous',
        DEMO,
        '--answer',
        'personal-data=no',
        '--out',
        out,
      ],
      {},
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /1 account\(s\) appeared in several bundles; the latest scan of each was kept/);
    assert.match(run.stderr, /gd\.yaml:2:5: accepted 1 failing result/);
    for (const f of ['evidence.json', 'results.json', 'costs.json', 'finding.md', 'diff.json'])
      assert.ok(existsSync(join(out, f)), f);
    for (const f of ['report.html', 'finding.docx', 'findings.ocsf.json', 'coverage.png'])
      assert.ok(!existsSync(join(out, f)), `${f}: not asked for`);
    const md = readFileSync(join(out, 'finding.md'), 'utf8');
    assert.ok(md.startsWith('---\ncategory: CNF\n'), "the firm's template");
    assert.ok(md.includes('#### Retest'), 'the retest section');
    assert.doesNotMatch(md, /personal or otherwise sensitive data\?/, 'the answer given');
    const accepted = results(out).filter((r) => r.status === 'accepted');
    assert.deepEqual(
      accepted.map((r) => `${r.checkId} ${r.region}`),
      ['guardduty.enabled ap-southeast-2'],
    );

    const refused = join(tempDir(), 'f');
    const final = await runCli(['merge', DEMO, DEMO, '--final', '--out', refused], {});
    assert.equal(final.code, 2, final.stderr);
    assert.match(final.stderr, /--final refused: the finding still has \d+ unresolved review item/);
    assert.ok(!existsSync(refused), 'nothing written');
  });
});
