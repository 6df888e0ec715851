/**
 * End to end (issue 14): the built CLI scans the mixedRegions scenario on moto; the account then changes
 * (GuardDuty enabled in ap-southeast-2, a web ACL associated with the eu-public load balancer, a new
 * REST API stage without one in eu-west-1) and is scanned again with an accept file (one matching entry,
 * one expired, one unused). `diff` shows exactly those three movements; the later results differ from
 * the earlier ones only there and in what the file accepts; a malformed accept file stops a scan before
 * its first AWS call; the seed template and the default template both carry the accepted gap and the
 * retest section.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DiffRow } from '../../src/engagement/diff.js';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt, ROOT, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import {
  ALL_FEATURES_ON,
  associateWebAcl,
  mixedRegions,
  seedGuardDuty,
  seedRestApi,
  seedScenario,
  seedWebAcl,
  target,
} from '../support/seed.js';
import { REGIONS, type ScanRun, scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const SEED_TEMPLATE = join(ROOT, 'test', 'finding', 'fixtures', 'seed-template.txt');

const ACCEPT = `# The client's answers to the first report.
accept:
  - check: guardduty.enabled
    region: eu-west-1
    reason: detector suspended while the region is migrated; CrowdStrike Falcon covers the workloads
    by: client security team
    expires: 2099-06-30
    control: "third-party IDS: CrowdStrike Falcon"
  - check: macie.enabled
    reason: exports bucket holds no personal data
    by: DPO
    expires: 2020-03-31
  - check: waf.cognito
    account: "999999999999"
    reason: another account
    by: platform team
    expires: 2099-06-30
`;

function rows(dir: string): DiffRow[] {
  return JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8')) as DiffRow[];
}

/** What moved, one line per row, resources by the names inside their ARNs (moto's ids vary). */
function movements(
  list: readonly DiffRow[],
  except: readonly string[] = ['unchanged', 'still-open'],
): string[] {
  return list
    .filter((r) => !except.includes(r.change))
    .map((r) => {
      const name = r.resource
        ?.match(/(?:app\/([^/]+)\/|stages\/([^/]+)$)/)
        ?.slice(1)
        .find(Boolean);
      return `${r.change} ${r.checkId} ${r.region}${r.resource ? ` ${name ?? r.resource}` : ''} (${r.before} → ${r.after})`;
    })
    .sort();
}

const MOVED = [
  'fixed guardduty.enabled ap-southeast-2 (fail → pass)',
  'fixed waf.alb eu-west-1 eu-public (fail → pass)',
  'new waf.api-gateway eu-west-1 live (null → fail)',
];

describe('e2e: a retest after the account changed, with an accept file', { skip }, () => {
  let emu: Emulator;
  let first: ScanRun;
  let second: ScanRun;
  let acceptFile: string;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, mixedRegions);
    first = await scanWith(emu);

    const t = target(emu);
    await seedGuardDuty(t, 'ap-southeast-2', { status: 'ENABLED', features: ALL_FEATURES_ON });
    const alb = first.results.find((r) => r.checkId === 'waf.alb' && r.resource?.includes('app/eu-public/'));
    assert.ok(alb?.resource, 'the first scan lists the eu-public load balancer');
    const acl = await seedWebAcl(t, 'eu-west-1', 'eu-public-acl');
    await associateWebAcl(t, 'eu-west-1', acl.arn, alb.resource);
    await seedRestApi(t, 'eu-west-1', { name: 'payments-api', stages: { live: false } });

    acceptFile = join(tempDir('watchpost-accept-'), 'accept.yaml');
    writeFileSync(acceptFile, ACCEPT);
    second = await scanWith(emu, ['--accept', acceptFile]);
  });
  after(async () => {
    await emu?.stop();
  });

  test('the later scan: accepted by the matching entry; expired and unused entries reported', () => {
    assert.equal(second.code, 3, second.stderr);
    const gd = second.results.find((r) => r.checkId === 'guardduty.enabled' && r.region === 'eu-west-1')!;
    assert.equal(gd.status, 'accepted');
    assert.equal(gd.acceptance?.control, 'third-party IDS: CrowdStrike Falcon');
    assert.equal(second.results.filter((r) => r.status === 'accepted').length, 1);
    const macie = second.results.find((r) => r.checkId === 'macie.enabled' && r.region === 'eu-west-1')!;
    assert.equal(macie.status, 'fail', 'an expired entry accepts nothing');
    // --quiet: only the entries that accepted nothing are printed.
    assert.deepEqual(second.stderr.trim().split('\n'), [
      `watchpost: ${acceptFile}:9:5: expired: applied through 2020-03-31, not since 2020-04-01 (check "macie.enabled"); 1 failing result it matches stays open`,
      `watchpost: ${acceptFile}:13:5: unused: matched no result (check "waf.cognito", account "999999999999"); check the patterns, and that the account and region were scanned`,
    ]);
  });

  test('diff of the two evidence bundles shows exactly the three movements; the rest is still open or unchanged', async () => {
    const out = tempDir();
    const run = await runCli(
      ['diff', join(first.out, 'evidence.json'), join(second.out, 'evidence.json'), '--out', out],
      {},
    );
    assert.equal(run.code, 3, 'gaps are still open');
    const list = rows(out);
    assert.deepEqual(movements(list), MOVED);
    const stillOpen = list.filter((r) => r.change === 'still-open');
    assert.equal(stillOpen.length, first.results.filter((r) => r.status === 'fail').length - 2);
    assert.match(
      run.stdout,
      new RegExp(
        `Retest of \\d{4}-\\d{2}-\\d{2}: 2 of ${stillOpen.length + 2} gaps fixed, ${stillOpen.length} still open; 1 new gap\\.`,
      ),
    );
    assert.match(
      run.stdout,
      /^ {2}NEW {10}waf\.api-gateway eu-west-1 arn:aws:apigateway:eu-west-1::\/restapis\/\w+\/stages\/live \(none → fail\)$/m,
    );
  });

  test('diff of the results files: the same, plus the gap the client accepted; the results differ only there', async () => {
    const out = tempDir();
    const run = await runCli(
      ['diff', join(first.out, 'results.json'), join(second.out, 'results.json'), '--out', out, '--quiet'],
      {},
    );
    assert.equal(run.code, 3);
    assert.deepEqual(
      movements(rows(out)),
      ['accepted guardduty.enabled eu-west-1 (fail → accepted)', ...MOVED].sort(),
    );
    // Every other result has the status it had (its data may differ: a trail's last delivery time).
    const key = (r: { checkId: string; region: string; resource: string | null }) =>
      `${r.checkId}|${r.region}|${r.resource}`;
    const moved = new Set(
      rows(out)
        .filter((r) => r.change !== 'unchanged' && r.change !== 'still-open')
        .map(key),
    );
    const earlier = new Map(first.results.map((r) => [key(r), r.status]));
    const later = new Map(second.results.map((r) => [key(r), r.status]));
    // waf.logging results are keyed by web ACL ARN, and the scenario re-creates its web ACLs: left out.
    const differ = [...new Set([...earlier.keys(), ...later.keys()])].filter(
      (k) => earlier.get(k) !== later.get(k) && !moved.has(k) && !k.startsWith('waf.logging|'),
    );
    // Not gaps either time (so "unchanged"): GuardDuty's plans now judged where it was enabled (n/a → pass),
    // and the region-level "no REST API here" result, which gives way to the new stage's.
    assert.deepEqual(differ, [
      'guardduty.protection-plans|ap-southeast-2|null',
      'waf.api-gateway|eu-west-1|null',
    ]);
    assert.equal(earlier.get('guardduty.protection-plans|ap-southeast-2|null'), 'not_applicable');
    assert.equal(later.get('guardduty.protection-plans|ap-southeast-2|null'), 'pass');
  });

  test('assess of the later evidence with and without the file differ only in the accepted result', async () => {
    const [plain, acc] = [tempDir(), tempDir()];
    await runCli(['assess', join(second.out, 'evidence.json'), '--out', plain, '--quiet'], {});
    await runCli(
      ['assess', join(second.out, 'evidence.json'), '--out', acc, '--quiet', '--accept', acceptFile],
      {},
    );
    const a = JSON.parse(readFileSync(join(plain, 'results.json'), 'utf8')) as Result[];
    const b = JSON.parse(readFileSync(join(acc, 'results.json'), 'utf8')) as Result[];
    const differ = b.filter((r, i) => JSON.stringify(r) !== JSON.stringify(a[i]));
    assert.deepEqual(
      differ.map((r) => `${r.checkId} ${r.region} ${r.status}`),
      ['guardduty.enabled eu-west-1 accepted'],
    );
    assert.equal(
      readFileSync(join(acc, 'results.json'), 'utf8'),
      readFileSync(join(second.out, 'results.json'), 'utf8'),
    );
  });

  test('a malformed accept file stops the scan before its first AWS call (exit 2, one line)', async () => {
    const bad = join(tempDir('watchpost-accept-'), 'bad.yaml');
    writeFileSync(
      bad,
      'accept:\n  - check: guardduty.enabled\n    reason: x\n    by: y\n    expires: 2027-02-30\n',
    );
    emu.resetCounts();
    const out = join(tempDir(), 'never');
    const run = await runCli(['scan', '--regions', REGIONS.join(','), '--out', out, '--accept', bad], {
      AWS_ENDPOINT_URL: emu.endpoint,
    });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `watchpost: ${bad}:5:14: "expires": 2027-02-30 is not a day of the calendar\n`);
    assert.deepEqual(emu.counts(), {});
  });

  for (const [name, template] of [
    ['default template', []],
    ['seed template', ['--template', SEED_TEMPLATE]],
  ] as const) {
    test(`report --previous with the ${name}: the accepted gap and the retest section`, async () => {
      const out = tempDir();
      const run = await runCli(
        [
          'report',
          join(second.out, 'evidence.json'),
          ...template,
          '--accept',
          acceptFile,
          '--previous',
          join(first.out, 'evidence.json'),
          '--out',
          out,
          '--quiet',
        ],
        {},
      );
      assert.equal(run.code, 3, run.stderr);
      const md = readFileSync(join(out, 'finding.md'), 'utf8');
      assert.match(
        md,
        /For Amazon GuardDuty, the client accepted that “Amazon GuardDuty is enabled in every region” was not met in eu-west-1, with the reason “detector suspended while the region is migrated; CrowdStrike Falcon covers the workloads” \(accepted by client security team until 2099-06-30; compensating control: third-party IDS: CrowdStrike Falcon\)\./,
      );
      const retest = md.indexOf('#### Retest\n\nRetest of ');
      assert.ok(retest > 0 && retest < md.indexOf('#### Impact'), md);
      const section = md.slice(retest, md.indexOf('#### Impact'));
      assert.match(
        section,
        /\| guardduty\.enabled \| ap-southeast-2 \| — \| fail \| pass \| \*\*fixed\*\* \|/,
      );
      assert.match(section, /\| waf\.alb \| eu-west-1 \| eu-public \| fail \| pass \| \*\*fixed\*\* \|/);
      assert.match(
        section,
        /\| waf\.api-gateway \| eu-west-1 \| payments-api stage live \| — \| fail \| \*\*new\*\* \|/,
      );
      assert.match(
        section,
        /\| guardduty\.enabled \| eu-west-1 \| — \| fail \| accepted \| \*\*accepted\*\* \|/,
      );
      assert.deepEqual(
        movements(rows(out)),
        ['accepted guardduty.enabled eu-west-1 (fail → accepted)', ...MOVED].sort(),
      );
    });
  }
});
