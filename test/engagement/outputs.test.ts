/**
 * The fifth status, `accepted`, in the schema and in every output that maps statuses: results.json's
 * schema, the terminal, the coverage picture, the HTML report (data, summary, filter, drill-down, in
 * Chromium), OCSF and the finding's evidence tables.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { applyAcceptances, parseAcceptFile } from '../../src/engagement/accept.js';
import { type Result, ResultSchema, ResultsSchema } from '../../src/evidence/schema.js';
import { STATUS_RANK, STATUSES } from '../../src/evidence/status.js';
import { composeFinding } from '../../src/finding/index.js';
import { STATUS_DISPLAY } from '../../src/render/common.js';
import { renderCoverageSvg } from '../../src/render/coverage.js';
import { renderHtmlReport, reportData } from '../../src/render/html.js';
import { RESULT } from '../../src/render/html-data.js';
import { renderOcsf } from '../../src/render/ocsf.js';
import { renderSummary } from '../../src/render/terminal.js';
import { bundle } from '../finding/helpers.js';
import { mixedRegions, richAccount, STAGE_PROD, wafOnly } from '../finding/scenarios.js';
import { chromiumMissing, launchChromium } from '../support/chromium.js';

const HOSTILE_REASON = '<img src=x onerror="window.__pwned=1"> CDN {==filters==}';

const ACCEPT = `accept:
  - check: guardduty.enabled
    region: eu-west-2
    reason: region unused, blocked by an SCP
    by: client security team
    expires: 2099-06-30
    control: "SCP p-1a2b3c4d"
  - check: waf.api-gateway
    resource: "arn:aws:apigateway:*"
    reason: '${HOSTILE_REASON}'
    by: platform team
    expires: 2099-06-30
`;

function accepted(results: Result[]): Result[] {
  const file = parseAcceptFile(ACCEPT, 'accept.yaml');
  return applyAcceptances(results, file.entries, '2026-01-01').results;
}

const B = bundle([richAccount()]);
const BEFORE = [...mixedRegions(), ...wafOnly().filter((r) => r.service === 'waf' && r.status === 'fail')];
const AFTER = accepted(BEFORE);
const GD = AFTER.find((r) => r.checkId === 'guardduty.enabled' && r.region === 'eu-west-2')!;
const API = AFTER.find((r) => r.resource === STAGE_PROD)!;

describe('the accepted status in the schema', () => {
  test('an accepted result carries its acceptance and validates; nothing else changed', () => {
    assert.equal(GD.status, 'accepted');
    assert.equal(API.status, 'accepted');
    assert.deepEqual(GD.acceptance, {
      reason: 'region unused, blocked by an SCP',
      by: 'client security team',
      expires: '2099-06-30',
      control: 'SCP p-1a2b3c4d',
      entry: { file: 'accept.yaml', line: 2 },
    });
    assert.doesNotThrow(() => ResultsSchema.parse(AFTER));
    const changed = AFTER.filter((r, i) => JSON.stringify(r) !== JSON.stringify(BEFORE[i]));
    assert.deepEqual(
      changed.map((r) => r.checkId),
      ['guardduty.enabled', 'waf.api-gateway'],
    );
    for (const r of changed) {
      const { status: _s, acceptance: _a, ...rest } = r;
      const { status: _t, ...was } = BEFORE[AFTER.indexOf(r)]!;
      assert.deepEqual(rest, was, 'detail, cause and data stay as the check wrote them');
    }
  });

  test('results written before accepting existed read as they did; a half-accepted result is refused', () => {
    const old = JSON.parse(JSON.stringify(BEFORE));
    assert.deepEqual(ResultsSchema.parse(old), BEFORE);
    const noAcceptance = { ...GD, acceptance: undefined };
    delete noAcceptance.acceptance;
    assert.match(
      ResultSchema.safeParse(noAcceptance).error?.issues[0]?.message ?? '',
      /accepted result needs its acceptance/,
    );
    const stray = { ...BEFORE[0]!, acceptance: GD.acceptance };
    assert.match(
      ResultSchema.safeParse(stray).error?.issues[0]?.message ?? '',
      /only an accepted result has an acceptance/,
    );
  });

  test('accepted ranks between unknown and pass, and every status has a display', () => {
    assert.ok(STATUS_RANK.fail > STATUS_RANK.unknown);
    assert.ok(STATUS_RANK.unknown > STATUS_RANK.accepted);
    assert.ok(STATUS_RANK.accepted > STATUS_RANK.pass);
    assert.deepEqual(Object.keys(STATUS_DISPLAY).sort(), [...STATUSES].sort());
    assert.equal(new Set(STATUSES.map((s) => STATUS_DISPLAY[s].symbol)).size, STATUSES.length);
  });
});

describe('the accepted status in the outputs', () => {
  test('terminal: the grid says accepted, the counts name them, the failing list does not', () => {
    const out = renderSummary(B, AFTER, { colour: false });
    assert.match(out, /^eu-west-2 .*accepted/m);
    assert.match(out, /, 2 accepted risk \(failing, covered by the accept file\)/);
    assert.doesNotMatch(out, /FAIL waf\.api-gateway/);
    const plain = renderSummary(B, BEFORE, { colour: false });
    assert.doesNotMatch(plain, /accepted/, 'no word about accepting without an accept file');
  });

  test('coverage picture: an accepted cell and the legend entry', () => {
    const svg = renderCoverageSvg({ bundle: B, results: AFTER });
    assert.match(svg, /data-status="accepted">≈ ACCEPTED RISK</);
    assert.match(svg, /<rect [^>]*fill="#2166ac"/);
  });

  test('OCSF: an accepted result is a Suppressed finding that gives the reason; status_code stays FAIL', () => {
    const findings = renderOcsf({ bundle: B, results: AFTER }) as {
      status_id: number;
      status: string;
      status_code: string;
      status_detail: string;
      unmapped: { check_id: string; region: string; result_status: string; acceptance?: unknown };
    }[];
    const gd = findings.find(
      (f) => f.unmapped.check_id === 'guardduty.enabled' && f.unmapped.region === 'eu-west-2',
    )!;
    assert.equal(gd.status_id, 3);
    assert.equal(gd.status, 'Suppressed');
    assert.equal(gd.status_code, 'FAIL');
    assert.equal(gd.unmapped.result_status, 'accepted');
    assert.equal(
      gd.status_detail,
      'Risk accepted by client security team until 2099-06-30: region unused, blocked by an SCP; compensating control: SCP p-1a2b3c4d (accept.yaml, line 2)',
    );
    assert.deepEqual(gd.unmapped.acceptance, GD.acceptance);
    const open = findings.filter((f) => f.status_id === 1);
    assert.equal(open.length, BEFORE.filter((r) => r.status === 'fail' || r.status === 'unknown').length - 2);
  });

  test('HTML: the data block carries each acceptance once; the summary has an Accepted column', () => {
    const data = reportData(B, AFTER);
    assert.equal(data.acceptances.length, 2);
    const row = data.results.find((r) => r[RESULT.resource] === STAGE_PROD)!;
    assert.equal(row[RESULT.status], 'accepted');
    assert.equal(data.acceptances[row[RESULT.acceptance]]!.reason, HOSTILE_REASON);
    assert.ok(data.results.every((r) => (r[RESULT.status] === 'accepted') === r[RESULT.acceptance] >= 0));
    const html = renderHtmlReport({
      bundle: B,
      results: AFTER,
      finding: composeFinding({ bundle: B, results: AFTER }).document,
    });
    assert.match(html, /<th><span class="badge s-accepted">≈ ACCEPTED RISK<\/span><\/th>/);
    assert.match(html, /\.s-accepted\{background:#2166ac;color:#ffffff\}/);
    assert.ok(!html.includes('<img src=x'), 'the reason is escaped wherever the page shows it');
  });

  test('the finding’s evidence tables show accepted cells and rows', () => {
    const md = composeFinding({ bundle: B, results: AFTER }).markdown;
    assert.match(md, /\| eu-west-2 \| accepted risk \|/);
    assert.match(md, /\| API Gateway stage \| accepted risk \|/);
  });
});

describe('the accepted status in the HTML report, in Chromium', { skip: chromiumMissing }, () => {
  const TMP = resolve('.test-tmp/engagement');
  let browser: Browser;
  before(async () => {
    mkdirSync(TMP, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test('the status filter offers accepted; the drill-down gives the reason as text, nothing injected', async () => {
    const file = join(TMP, 'accepted.html');
    const finding = composeFinding({ bundle: B, results: AFTER }).document;
    writeFileSync(file, renderHtmlReport({ bundle: B, results: AFTER, finding }));
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body.ready');
      const options = await page.$$eval('#f-status option', (os) => os.map((o) => o.getAttribute('value')));
      assert.deepEqual(options, ['', 'fail', 'unknown', 'accepted', 'pass', 'not_applicable']);
      await page.selectOption('#f-status', 'accepted');
      assert.match((await page.textContent('#count'))!, /^Showing 2 of /);
      const data = reportData(B, AFTER);
      const ri = data.regions.indexOf('eu-west-1');
      const ci = data.services.indexOf('waf');
      await page.click(`button.cell[data-row="${ri}"][data-col="${ci}"]`);
      await page.waitForSelector('#details:not([hidden]) tr.result');
      const note = (await page.textContent('#details .accepted-note'))!;
      assert.equal(
        note,
        `Accepted by platform team until 2099-06-30: ${HOSTILE_REASON} (accept.yaml, line 8)`,
      );
      const pwned = await page.evaluate('window.__pwned ?? 0');
      assert.equal(pwned, 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
