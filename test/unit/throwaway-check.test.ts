/**
 * Issue 11, "Done when": a check on collected evidence speaks in every output by adding its file alone.
 * A throwaway check is listed in GuardDuty's checks for the duration of the test (withExtraCheck, the
 * registry's hook for tests: the same as its one line in services/guardduty/index.ts) and `watchpost
 * report` runs in process on a bundle: its sentence is in finding.md, finding.docx and report.html, its
 * failures in the terminal grid and OCSF, its unknown a review item; `policy` is unchanged, as the check
 * reads only what GuardDuty's collector already reads (a check that needs a new read adds an op() to the
 * service's operations.ts, which policy lists).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { type CheckDefinition, eachRegion, verdict } from '../../src/checks/types.js';
import { reportCommand } from '../../src/cli/report.js';
import { toJson } from '../../src/evidence/bundle.js';
import type { Result } from '../../src/evidence/schema.js';
import { list, prose } from '../../src/finding/prose.js';
import { renderSummary } from '../../src/render/terminal.js';
import { CHECKS, requiredIamActions, withExtraCheck } from '../../src/services/registry.js';
import { accessDenied, accountEvidence, bundle, guarddutyEvidence } from '../fixtures/evidence.js';

const ID = 'guardduty.throwaway-detectors';
const TITLE = 'Throwaway: each region has its detectors counted';
const SENTENCE = 'Throwaway sentence: the detectors of us-east-1 were counted and found wanting.';

const throwaway: CheckDefinition = {
  meta: {
    id: ID,
    service: 'guardduty',
    title: TITLE,
    severity: 'low',
    securityHub: null,
    cis: null,
    remediation: 'Nothing to do: a check that exists only in this test.',
    scope: 'region',
    enablement: false,
  },
  evaluate(account) {
    return eachRegion(account, account.guardduty, 'guardduty:ListDetectors', 'the detectors', (region, v) => [
      verdict(region, null, 'fail', `${v.detectors.length} detector(s) in ${region}.`),
    ]);
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`Throwaway sentence: the detectors of ${list(ctx.regions(fails))} were counted and found wanting.`,
      ];
    },
  },
};

const dir = mkdtempSync(join(tmpdir(), 'watchpost-throwaway-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Text of an HTML or XML document as a reader sees it (tags gone, the few entities we write undone). */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('a throwaway check speaks in every output', () => {
  // A healthy account, but GuardDuty's detectors could not be listed in eu-west-1: the throwaway check
  // fails in us-east-1 and cannot be assessed in eu-west-1.
  const evidence = join(dir, 'evidence.json');
  writeFileSync(
    evidence,
    toJson(
      bundle([
        accountEvidence({
          guardduty: guarddutyEvidence({ 'eu-west-1': accessDenied('guardduty:ListDetectors') }),
        }),
      ]),
    ),
  );
  const out = join(dir, 'out');
  let exit = -1;
  let policyWith: string[] = [];

  test('watchpost report with the check listed', async () => {
    await withExtraCheck(throwaway, async () => {
      assert.ok(CHECKS.includes(throwaway));
      exit = await reportCommand([evidence, '--out', out, '--quiet']);
      policyWith = await requiredIamActions();
    });
    assert.ok(!CHECKS.includes(throwaway), 'taken out again');
    assert.equal(exit, 3, 'a failing check: exit 3');
  });

  test('results.json has its results', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Result[];
    const own = results.filter((r) => r.checkId === ID).map((r) => `${r.region}:${r.status}`);
    assert.deepEqual(own, ['eu-west-1:unknown', 'us-east-1:fail']);
  });

  test('finding.md: its sentence, and its unknown as a review item', () => {
    const md = readFileSync(join(out, 'finding.md'), 'utf8');
    assert.ok(md.includes(SENTENCE), md);
    assert.match(md, new RegExp(`\\{==Amazon GuardDuty could not be assessed for eu-west-1 \\([^)]*${ID}`));
  });

  test('finding.docx: its sentence', () => {
    const xml = strFromU8(unzipSync(readFileSync(join(out, 'finding.docx')))['word/document.xml']!);
    assert.ok(textOf(xml).includes(SENTENCE));
  });

  test('report.html: its sentence in the finding, its title in the results', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(textOf(html).includes(SENTENCE));
    assert.ok(html.includes(TITLE));
  });

  test('the terminal grid: a failing check, GuardDuty failing in us-east-1', async () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Result[];
    const grid = renderSummary(JSON.parse(readFileSync(evidence, 'utf8')), results, { colour: false });
    assert.match(grid, new RegExp(`FAIL ${ID.replace('.', '\\.')} \\(1\\)`));
    const head = grid.split('\n').find((l) => l.includes('GuardDuty'))!;
    const row = grid.split('\n').find((l) => l.startsWith('us-east-1'))!;
    assert.equal(row.slice(head.indexOf('GuardDuty')).split(/\s+/)[0], 'FAIL', grid);
  });

  test('OCSF: a FAIL finding and a MANUAL one, with its title', () => {
    const ocsf = JSON.parse(readFileSync(join(out, 'findings.ocsf.json'), 'utf8')) as {
      status_code: string;
      finding_info: { title: string };
      cloud: { region?: string };
    }[];
    const own = ocsf.filter((f) => f.finding_info.title === TITLE);
    assert.deepEqual(own.map((f) => f.status_code).sort(), ['FAIL', 'MANUAL']);
  });

  test('policy: unchanged (the check reads evidence GuardDuty already collects)', async () => {
    assert.deepEqual(policyWith, await requiredIamActions());
    assert.ok(policyWith.includes('guardduty:ListDetectors'));
  });

  test('withExtraCheck is for tests: nothing in src/ but its definition names it', () => {
    const src = join(import.meta.dirname, '../../src');
    const hits = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && readFileSync(join(src, f), 'utf8').includes('withExtraCheck'))
      .map((f) => f.split(sep).join('/'));
    assert.deepEqual(hits, ['services/registry.ts']);
  });
});
