/**
 * End to end: golden findings from moto-seeded scenarios (issue 3).
 *
 * For each named scenario of test/support/seed.ts the emulator is reset, moto's random generator is seeded
 * (so generated ids such as CloudFront distribution ids are the same on every run), the scenario is seeded,
 * and the BUILT CLI scans exactly the scenario's regions. `finding.md` (`no-finding.md` when nothing failed)
 * must equal `test/e2e/golden/<scenario>.golden` byte for byte; `UPDATE_GOLDEN=1` rewrites the goldens
 * (read them before committing: every sentence must follow from the scenario).
 *
 * On every scan the finding's claims (each region or resource it names as lacking something) are checked
 * against results.json: backed by a `fail`, never by a `pass` or `unknown`.
 *
 * Then `report` re-makes the mixedRegions finding offline with the consultant's own template (the seed),
 * resolves a cross-reference, and `--final` refuses while anything is left for a human to decide.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BundleSchema, type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { composeDetailed } from '../../src/finding/compose.js';
import { costEstimate } from '../../src/pipeline/outputs.js';
import { type CliResult, cliBuilt, ROOT, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import {
  accessDenied,
  allFine,
  allOff,
  misconfiguredCloudTrailOnly,
  mixedRegions,
  type Scenario,
  seedMotoRandom,
  seedScenario,
  wafGapsOnly,
} from '../support/seed.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

const GOLDEN = join(import.meta.dirname, 'golden');
const SEED_TEMPLATE = join(ROOT, 'test', 'finding', 'fixtures', 'seed-template.txt');
const XREF = 'XREF_AWS_Insufficient_Logging_and_Monitoring';

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.golden`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`golden ${name}.golden was missing: written, re-run`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `golden ${name}.golden differs (UPDATE_GOLDEN=1 rewrites)`,
  );
}

interface Case {
  scenario: Scenario;
  /** 3 when something failed, 0 otherwise. */
  exit: 0 | 3;
  /** The service subsections the finding keeps (services found fine are left out). */
  sections: string[];
  /** Names that must never appear in the finding's prose (passing or internal resources). */
  neverNamed: string[];
}

const ALL = ['CloudTrail', 'Trusted Advisor', 'Inspector', 'Macie', 'GuardDuty', 'WAF & Shield'];

const CASES: Case[] = [
  { scenario: allOff, exit: 3, sections: ALL, neverNamed: [] },
  {
    scenario: mixedRegions,
    exit: 3,
    sections: ALL,
    neverNamed: ['shop-public', 'shop-internal', 'eu-customers'],
  },
  { scenario: misconfiguredCloudTrailOnly, exit: 3, sections: ['CloudTrail'], neverNamed: ['fine-web'] },
  { scenario: wafGapsOnly, exit: 3, sections: ['WAF & Shield'], neverNamed: ['stage dev', 'fine-web'] },
  { scenario: accessDenied, exit: 0, sections: [], neverNamed: ['not enabled', 'not active'] },
  { scenario: allFine, exit: 0, sections: [], neverNamed: [] },
];

interface Scan extends CliResult {
  out: string;
  results: Result[];
}

async function scan(emu: Emulator, scenario: Scenario): Promise<Scan> {
  await emu.reset();
  await seedMotoRandom(emu);
  await seedScenario(emu, scenario);
  const out = tempDir();
  const run = await runCli(
    ['scan', '--regions', Object.keys(scenario.regions).join(','), '--out', out, '--force', '--quiet'],
    { AWS_ENDPOINT_URL: emu.endpoint },
  );
  let results: Result[] = [];
  try {
    results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  } catch (err) {
    assert.fail(
      `${scenario.name}: no readable results.json (exit ${run.code}): ${String(err)}\n${run.stderr}`,
    );
  }
  return { ...run, out, results };
}

/** The finding's prose: without the evidence tables and the CriticMarkup comments. */
function prose(markdown: string): string {
  return markdown
    .split('\n')
    .filter((l) => !l.startsWith('|'))
    .join('\n')
    .replace(/\{>>[\s\S]*?<<\}/g, '');
}

/** Claims of the finding re-made in process from the scan's files; the markdown must be the CLI's. */
function checkClaims(name: string, s: Scan, findingText: string): void {
  const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(s.out, 'evidence.json'), 'utf8')));
  // With the cost estimate, as the CLI composes it (docs/costs.md).
  const costs = costEstimate(bundle, s.results, { xrefs: {} });
  const { output, claims } = composeDetailed({ bundle, results: s.results, ...(costs ? { costs } : {}) });
  assert.equal(output.markdown, findingText, `${name}: the CLI wrote what composeDetailed composes`);
  const key = (x: Pick<Result, 'checkId' | 'accountId' | 'region' | 'resource'>) =>
    `${x.checkId}|${x.accountId}|${x.region}|${x.resource ?? '-'}`;
  const statuses = new Map<string, Set<string>>();
  for (const r of s.results) statuses.set(key(r), (statuses.get(key(r)) ?? new Set()).add(r.status));
  for (const c of claims) {
    const st = statuses.get(key(c));
    assert.ok(st?.has('fail'), `${name}: claim ${key(c)} is backed by a fail result`);
    assert.ok(!st?.has('pass') && !st?.has('unknown'), `${name}: claim ${key(c)} has no pass/unknown result`);
  }
  const fails = s.results.filter((r) => r.status === 'fail');
  assert.equal(output.hasGaps, fails.length > 0, `${name}: a finding exactly when something failed`);
  for (const f of fails) {
    assert.ok(
      claims.some((c) => key(c) === key(f)),
      `${name}: failing ${key(f)} is named in the finding`,
    );
  }
}

describe('e2e: golden findings from seeded scenarios', { skip }, () => {
  let emu: Emulator;
  let mixed: Scan | undefined;

  before(async () => {
    emu = await startAwsEmulator();
  });
  after(async () => {
    await emu?.stop();
  });

  for (const c of CASES) {
    const name = c.scenario.name;
    test(`${name}: scan writes the golden finding, every claim backed by a fail`, async () => {
      const s = await scan(emu, c.scenario);
      if (name === 'mixedRegions') mixed = s;
      assert.equal(s.code, c.exit, `${name}: exit code\n${s.stderr}`);
      const gaps = c.exit === 3;
      const file = gaps ? 'finding.md' : 'no-finding.md';
      const other = gaps ? 'no-finding.md' : 'finding.md';
      assert.ok(!existsSync(join(s.out, other)), `${name}: no ${other}`);
      const text = readFileSync(join(s.out, file), 'utf8');
      golden(name, text);
      checkClaims(name, s, text);
      for (const n of c.neverNamed) assert.ok(!prose(text).includes(n), `${name}: prose must not say "${n}"`);
      const headings = [...text.matchAll(/^#### (.+)$/gm)]
        .map((m) => m[1])
        .filter((h) => !/^(?:Impact|Likelihood|Recommendation|Retest)\b/.test(h!));
      assert.deepEqual(headings, c.sections, `${name}: service subsections`);
      if (name === 'accessDenied') {
        // Denied reads are review items naming the error code and the IAM action, never a gap.
        assert.ok(s.results.some((r) => r.status === 'unknown'));
        assert.match(text, /AccessDenied/);
        assert.match(text, /guardduty:ListDetectors/);
      }
    });
  }

  describe('report on the mixedRegions evidence with the seed template', () => {
    const evidence = () => {
      assert.ok(mixed, 'the mixedRegions scan ran');
      return join(mixed.out, 'evidence.json');
    };
    const report = (extra: string[], out = tempDir()) =>
      runCli(
        ['report', evidence(), '--template', SEED_TEMPLATE, '--out', out, '--force', '--quiet', ...extra],
        {},
      );

    test('re-makes a sensible finding (golden) and resolves the given cross-reference', async () => {
      const out = tempDir();
      const res = await report(['--xref', `${XREF}=4.2`], out);
      assert.equal(res.code, 3, res.stderr);
      const text = readFileSync(join(out, 'finding.md'), 'utf8');
      golden('mixedRegions.seed-template', text);
      assert.ok(!text.includes(`{==${XREF}==}`), 'the cross-reference marker is resolved');
      assert.match(text, /\(see section 4\.2\)/);
      assert.ok(!text.includes('{==SCREENSHOT==}'), 'evidence replaces every screenshot marker');
      // The seed's own wording outside the markers is kept byte for byte.
      const seed = readFileSync(SEED_TEMPLATE, 'utf8');
      const intro = seed.split('\n').find((l) => l.startsWith('Inspection of the AWS account'))!;
      assert.ok(text.includes(intro));
    });

    test('one coverage picture per subsection, linked from finding.md, showing only its services; drop waives Shield Advanced there', async () => {
      const failsIn = (svg: string) =>
        [...svg.matchAll(/data-status="fail">✗ FAIL (\d+)</g)].reduce((n, m) => n + Number(m[1]), 0);
      const run = async (answer: string) => {
        const out = tempDir();
        const res = await runCli(
          ['report', evidence(), '--out', out, '--force', '--quiet', '--answer', `shield-advanced=${answer}`],
          {},
        );
        assert.equal(res.code, 3, res.stderr);
        return out;
      };
      const results = mixed!.results;
      for (const answer of ['keep', 'drop']) {
        const out = await run(answer);
        const text = readFileSync(join(out, 'finding.md'), 'utf8');
        const links = [...text.matchAll(/!\[Coverage: ([^\]]+)\]\(([^)]+)\)/g)].map((m): [string, string] => [
          m[1]!,
          m[2]!,
        ]);
        const subsections = [...text.matchAll(/^#### (.+)$/gm)]
          .map((m) => m[1]!)
          .filter((h) => !/^(?:Impact|Likelihood|Recommendation|Retest)\b/.test(h));
        assert.deepEqual(
          links.map((l) => l[0]),
          subsections,
          `${answer}: one picture per subsection`,
        );
        assert.equal(new Set(links.map((l) => l[1])).size, links.length, 'file names are unique');
        for (const [, file] of links) {
          assert.match(file, /^coverage-[a-z0-9-]+\.svg$/);
          assert.ok(existsSync(join(out, file)), `${file} written`);
          assert.ok(existsSync(join(out, file.replace(/\.svg$/, '.png'))), `${file}'s PNG written`);
        }
        // The whole estate's picture is still written.
        assert.ok(existsSync(join(out, 'coverage.svg')) && existsSync(join(out, 'coverage.png')));
        const gd = readFileSync(join(out, 'coverage-guardduty.svg'), 'utf8');
        assert.ok(gd.includes('>GuardDuty</text>') && !gd.includes('>WAF</text>'), 'only its services');
        assert.equal(
          failsIn(gd),
          results.filter((r) => r.service === 'guardduty' && r.status === 'fail').length,
        );
        const waf = readFileSync(join(out, 'coverage-waf-shield.svg'), 'utf8');
        assert.ok(!waf.includes('>GuardDuty</text>'));
        const wafFails = results.filter(
          (r) =>
            (r.service === 'waf' || r.service === 'shield') &&
            r.status === 'fail' &&
            !(answer === 'drop' && r.checkId === 'shield.advanced'),
        ).length;
        assert.equal(
          failsIn(waf),
          wafFails,
          `${answer}: the WAF & Shield picture counts the finding's failures`,
        );
      }
      assert.ok(
        results.some((r) => r.checkId === 'shield.advanced' && r.status === 'fail'),
        'the scenario has a Shield Advanced gap to waive',
      );
    });

    test('--final refuses (exit 2), lists each unresolved item with its line, writes nothing', async () => {
      const out = join(tempDir(), 'final');
      const res = await report(['--final'], out);
      assert.equal(res.code, 2, res.stderr);
      const lines = res.stderr.trim().split('\n');
      assert.match(lines[0]!, /--final refused: .*\d+ unresolved review item/);
      const items = lines.slice(1);
      assert.ok(items.length > 0);
      for (const l of items) assert.match(l, /^ {2}finding\.md:\d+:\d+ \w+: /);
      assert.ok(
        items.some((l) => l.includes(XREF)),
        'the unanswered cross-reference is listed',
      );
      assert.ok(!/\n\s+at /.test(res.stderr), 'no stack trace');
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'nothing written');
    });

    const answers = [
      '--answer',
      'personal-data=yes',
      '--answer',
      'shield-advanced=keep',
      '--xref',
      'XREF#1=the production',
      '--xref',
      'XREF=3.1',
      '--xref',
      `${XREF}=4.2`,
    ];

    test('--final with the answers a consultant gives leaves only the sentences the evidence contradicts', async () => {
      const out = join(tempDir(), 'final');
      const res = await report(['--final', ...answers], out);
      assert.equal(res.code, 2, res.stderr);
      // The seed's options are decided from the evidence; its fixed sentences saying Inspector, Macie and
      // GuardDuty are off are contradicted (on in us-east-1): each is a wording item with its fix.
      const items = res.stderr.trim().split('\n').slice(1);
      assert.deepEqual(
        items.map((l) => l.replace(/^ {2}finding\.md:\d+:\d+ /, '')),
        [
          'wording: Amazon Inspector did not appear to be in use.',
          'wording: Amazon Macie was not configured.',
          'wording: Amazon GuardDuty was not seen to be enabled.',
        ],
      );
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'nothing written');
    });

    test('the seed as written, with the answers and wording=watchpost, passes --final and names every gap', async () => {
      const out = tempDir();
      const res = await report(['--final', ...answers, '--answer', 'wording=watchpost'], out);
      assert.equal(res.code, 3, res.stderr);
      const text = readFileSync(join(out, 'finding.md'), 'utf8');
      assert.ok(!/\{==|\{>>/.test(text), 'no CriticMarkup left in the final finding');
      assert.match(text, /Amazon GuardDuty was not seen to be enabled in [^.]*\(it was on in us-east-1\)\./);
      assert.match(text, /main the production account/);
      // Every failing region and resource is named in the final finding (in-process, same inputs).
      const seedText = readFileSync(SEED_TEMPLATE, 'utf8');
      const bundle = BundleSchema.parse(JSON.parse(readFileSync(evidence(), 'utf8')));
      const { output, claims } = composeDetailed({
        bundle,
        results: mixed!.results,
        template: { text: seedText, path: SEED_TEMPLATE },
        xrefs: { 'XREF#1': 'the production', XREF: '3.1', [XREF]: '4.2' },
        answers: { 'personal-data': 'yes', 'shield-advanced': 'keep', wording: 'watchpost' },
        final: true,
      });
      assert.equal(output.markdown, text, 'the CLI wrote what composeDetailed composes');
      const key = (x: Pick<Result, 'checkId' | 'accountId' | 'region' | 'resource'>) =>
        `${x.checkId}|${x.accountId}|${x.region}|${x.resource ?? '-'}`;
      const claimed = new Set(claims.map(key));
      for (const f of mixed!.results.filter((r) => r.status === 'fail'))
        assert.ok(claimed.has(key(f)), `failing ${key(f)} is named in the final finding`);
      golden('mixedRegions.seed-template-final', text);
    });

    test('--final on the default template with the answers succeeds: nothing left highlighted', async () => {
      const out = tempDir();
      const res = await runCli(
        [
          'report',
          evidence(),
          '--final',
          '--answer',
          'personal-data=yes',
          '--answer',
          'shield-advanced=keep',
          '--out',
          out,
          '--force',
          '--quiet',
        ],
        {},
      );
      assert.equal(res.code, 3, res.stderr);
      const text = readFileSync(join(out, 'finding.md'), 'utf8');
      assert.ok(!/\{==|\{>>/.test(text), 'no CriticMarkup left in the final finding');
      assert.match(text, /customer-exports-eu/, 'Macie kept: buckets may hold personal data');
      assert.match(text, /Shield Advanced/, 'Shield Advanced recommendation kept');
      assert.ok(!text.includes('Written by watchpost'), 'consultant guidance stripped');
    });
  });
});
