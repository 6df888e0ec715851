import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Bundle, Result } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import { STATUS_RANK } from '../../src/evidence/status.js';
import {
  figure,
  figureFileName,
  findingDocument,
  heading,
  paragraph,
  text,
  value,
} from '../../src/finding/document.js';
import { renderHtmlReport, reportData } from '../../src/render/html.js';
import { RESULT } from '../../src/render/html-data.js';
import { chromiumMissing, launchChromium } from '../support/chromium.js';
import { sampleFinding } from './finding-fixture.js';
import { HOSTILE_NAME, syntheticReport, XML_FORBIDDEN_CHAR, XML_FORBIDDEN_NAME } from './synthetic.js';

const TMP = resolve('.test-tmp/render');

function worstByCell(results: Result[], key: (r: Result) => string): Map<string, Status> {
  const m = new Map<string, Status>();
  for (const r of results) {
    const k = `${key(r)}|${r.service}`;
    const cur = m.get(k);
    if (cur === undefined || STATUS_RANK[r.status] > STATUS_RANK[cur]) m.set(k, r.status);
  }
  return m;
}

describe('renderHtmlReport (static)', () => {
  test('each subsection figure embeds its own picture: only its services', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 3, seed: 4 });
    const waf = results.filter((r) => r.service === 'waf' || r.service === 'shield');
    const gd = results.filter((r) => r.service === 'guardduty');
    const finding = findingDocument({
      blocks: [
        heading(3, text('T')),
        figure('Coverage: WAF', figureFileName('WAF'), { services: ['waf', 'shield'], results: waf }),
        figure('Coverage: GuardDuty', figureFileName('GuardDuty'), { services: ['guardduty'], results: gd }),
        figure('Whole', 'coverage.svg'),
        figure('Other', 'diagram.png'),
      ],
    });
    const html = renderHtmlReport({ bundle, results, finding });
    const article = /<article class="finding">([\s\S]*?)<\/article>/.exec(html)![1]!;
    const imgs = [
      ...article.matchAll(/<img class="coverage" src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]*)">/g),
    ];
    assert.deepEqual(
      imgs.map((m) => m[2]),
      ['Coverage: WAF', 'Coverage: GuardDuty', 'Whole'],
    );
    const svgs = imgs.map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    assert.ok(svgs[0]!.includes('>WAF</text>') && svgs[0]!.includes('>Shield</text>'));
    assert.ok(!svgs[0]!.includes('>GuardDuty</text>'));
    assert.ok(svgs[1]!.includes('>GuardDuty</text>') && !svgs[1]!.includes('>WAF</text>'));
    // The template's own coverage.svg is the whole estate.
    assert.ok(svgs[2]!.includes('>Macie</text>') && svgs[2]!.includes('>WAF</text>'));
    assert.ok(article.includes('[Picture not embedded: Other (diagram.png)]'));
  });

  test('is self-contained: no external references, CSP present, data block safe', () => {
    const { bundle, results } = syntheticReport({ accounts: 2, regions: 3, hostile: true });
    const html = renderHtmlReport({ bundle, results, finding: sampleFinding() });
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/,
    );
    assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\//i);
    assert.doesNotMatch(html, /@import|url\(http/i);
    const dataBlock = /<script type="application\/json" id="wp-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    assert.doesNotMatch(dataBlock, /<\/script|<!--|</i);
    // The hostile string survives the round-trip as data, not markup.
    const parsed = JSON.parse(dataBlock) as ReturnType<typeof reportData>;
    assert.ok(parsed.results.some((r) => (r[RESULT.resource] ?? '').includes(HOSTILE_NAME)));
    // Server-rendered parts escape it.
    assert.ok(!html.includes('<img src=x'));
    assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;'));
  });

  test('characters XML forbids: none in the page; the data block still holds the name exactly', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2 });
    const named = results.map((r, i) => (i === 0 ? { ...r, resource: XML_FORBIDDEN_NAME } : r));
    const finding = sampleFinding();
    const first = finding.blocks[1]!;
    assert.ok(first.t === 'paragraph');
    first.children.push(text(` Extra clause ${XML_FORBIDDEN_NAME}.`), value(XML_FORBIDDEN_NAME));
    const html = renderHtmlReport({ bundle, results: named, finding });
    assert.doesNotMatch(html, XML_FORBIDDEN_CHAR);
    assert.ok(html.includes('Extra clause pool-\uFFFD-\uFFFD-\uFFFD'));
    const dataBlock = /<script type="application\/json" id="wp-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const parsed = JSON.parse(dataBlock) as ReturnType<typeof reportData>;
    assert.ok(parsed.results.some((r) => r.includes(XML_FORBIDDEN_NAME)));
  });

  test('review items are marked, nested highlights nest, comments show', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2 });
    const html = renderHtmlReport({ bundle, results, finding: sampleFinding() });
    assert.match(
      html,
      /<mark class="review" data-review="1" title="Review R1: Keep only if the client stores personal data in S3">OPTION<\/mark>/,
    );
    assert.match(html, /data-review="2"[^>]*>two regions \(see <mark class="review" data-review="3"/);
    assert.match(html, /<span class="review-note">Check with the client&#39;s SOC<\/span>/);
    assert.match(html, /<li><span class="rv">R3 · line \d+ · xref<\/span>/);
    assert.match(html, /<h4 class="rating rating-medium">Impact: Medium<\/h4>/);
    assert.match(html, /<img class="coverage" src="data:image\/svg\+xml;base64,/);
  });
});

describe('renderHtmlReport in headless Chromium', {
  skip: chromiumMissing,
}, () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(TMP, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(name: string, bundle: Bundle, results: Result[]) {
    const file = join(TMP, name);
    writeFileSync(file, renderHtmlReport({ bundle, results, finding: sampleFinding() }));
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await context.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body.ready');
    return { page, problems, blocked, close: () => context.close() };
  }

  async function cells(page: Page) {
    return page.$$eval('#grid-rows .row', (rows) =>
      rows.map((row) => ({
        label: row.querySelector('.rlabel')!.textContent!,
        cells: [...row.querySelectorAll('button.cell')].map((b) => ({
          row: b.getAttribute('data-row')!,
          col: b.getAttribute('data-col')!,
          status: b.getAttribute('data-status')!,
          text: b.textContent!,
        })),
      })),
    );
  }

  test('single account: region grid matches worst status, filter, drill-down, hostile text, screenshot', async () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 6, hostile: true, seed: 7 });
    // One more hostile thing: an account name and a cause message.
    (bundle.accounts[0] as { accountName?: string }).accountName = HOSTILE_NAME;
    const { page, problems, blocked, close } = await open('single.html', bundle, results);
    try {
      const data = reportData(bundle, results);
      const expected = worstByCell(results, (r) => r.region);
      const grid = await cells(page);
      const regionsShown = grid.map((g) => g.label);
      assert.deepEqual(
        regionsShown,
        data.regions.map((r) => r),
      );
      let compared = 0;
      for (const row of grid) {
        for (const c of row.cells) {
          const svc = data.services[+c.col]!;
          const want = expected.get(`${row.label}|${svc}`) ?? 'none';
          assert.equal(c.status, want, `${row.label} × ${svc}`);
          if (want === 'fail') {
            // A FAIL cell shows its number of failing results.
            const failing = results.filter(
              (r) => r.region === row.label && r.service === svc && r.status === 'fail',
            ).length;
            assert.equal(c.text, `✗ FAIL ${failing}`, `${row.label} × ${svc}`);
            compared++;
          } else if (want !== 'none') {
            assert.match(c.text, /^[?✓–≈] (NOT ASSESSED|PASS|NOT APPLICABLE|ACCEPTED RISK)$/);
            compared++;
          }
        }
      }
      assert.equal(compared, expected.size);

      // Filter: status = fail leaves only fail cells.
      await page.selectOption('#f-status', 'fail');
      const failGrid = await cells(page);
      const statuses = new Set(failGrid.flatMap((g) => g.cells.map((c) => c.status)));
      assert.ok(statuses.has('fail'));
      for (const s of statuses) assert.ok(s === 'fail' || s === 'none', `unexpected ${s} after filter`);
      const failCount = results.filter((r) => r.status === 'fail').length;
      assert.match(
        (await page.textContent('#count'))!,
        new RegExp(`Showing ${failCount} of ${results.length}`),
      );
      await page.selectOption('#f-status', '');

      // Drill-down: an unknown cell shows its results with AWS error code and IAM action.
      const unknownResult = results.find((r) => r.status === 'unknown')!;
      const ri = data.regions.indexOf(unknownResult.region);
      const ci = data.services.indexOf(unknownResult.service);
      await page.click(`button.cell[data-row="${ri}"][data-col="${ci}"]`);
      await page.waitForSelector('#details:not([hidden]) tr.result');
      const rows = await page.$$eval('#details tr.result', (trs) => trs.map((tr) => tr.textContent ?? ''));
      const expectedRows = results.filter(
        (r) => r.region === unknownResult.region && r.service === unknownResult.service,
      );
      assert.equal(rows.length, expectedRows.length);
      const detailsText = (await page.textContent('#details'))!;
      assert.ok(detailsText.includes(unknownResult.cause!.code));
      assert.ok(detailsText.includes(`needs ${unknownResult.cause!.action}`));

      // Hostile strings: shown as text, no element injected, nothing executed.
      // (Evaluated as source text: the test build has no DOM typings.)
      const injected = await page.evaluate(
        '({ imgs: document.querySelectorAll("img:not(.coverage)").length, pwned: window.__pwned ?? 0 })',
      );
      assert.deepEqual(injected, { imgs: 0, pwned: 0 });
      const bodyText = (await page.textContent('body'))!;
      assert.ok(bodyText.includes(HOSTILE_NAME), 'hostile name visible as text');

      // Review items visible.
      assert.equal((await page.$$('article.finding mark.review')).length, 3);

      const shot = join(TMP, 'single.png');
      await page.screenshot({ path: shot, fullPage: true });
      assert.ok(statSync(shot).size > 0);
      assert.deepEqual(blocked, []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('finding headings of levels 4–6 are larger than body text; the legend says what a number counts', async () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2, seed: 9 });
    const file = join(TMP, 'headings.html');
    const finding = findingDocument({
      blocks: [
        heading(1, text('Top')),
        heading(2, text('Level four')),
        heading(3, text('Level five')),
        heading(4, text('Level six')),
        heading(5, text('Also six')),
        paragraph(text('Body text.')),
      ],
    });
    writeFileSync(file, renderHtmlReport({ bundle, results, finding }));
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body.ready');
      const sizes = (await page.evaluate(`(() => {
        const px = (el) => parseFloat(getComputedStyle(el).fontSize);
        const a = document.querySelector('article.finding');
        return {
          body: px(a.querySelector('p')),
          h: [...a.querySelectorAll('h3,h4,h5,h6')].map((e) => [e.tagName, px(e)]),
        };
      })()`)) as { body: number; h: [string, number][] };
      assert.deepEqual(
        sizes.h.map((x) => x[0]),
        ['H3', 'H4', 'H5', 'H6', 'H6'],
      );
      for (const [tag, size] of sizes.h) {
        assert.ok(size >= sizes.body * 1.1, `${tag} ${size}px vs body ${sizes.body}px`);
      }
      const legend = (await page.textContent('#coverage .legend'))!;
      assert.match(legend, /In a FAIL cell, the number counts its failing results/);
    } finally {
      await context.close();
    }
  });

  test('many accounts: account grid is virtualised, account filter switches to regions', async () => {
    const { bundle, results } = syntheticReport({ accounts: 500, regions: 17, seed: 3 });
    const { page, problems, close } = await open('many.html', bundle, results);
    try {
      const data = reportData(bundle, results);
      const grid = await cells(page);
      assert.ok(grid.length > 0 && grid.length < 120, `rendered ${grid.length} rows of 500`);
      const expected = worstByCell(results, (r) => r.accountId);
      for (const row of grid) {
        for (const c of row.cells) {
          const acc = data.accounts[+c.row]!.id;
          assert.equal(c.status, expected.get(`${acc}|${data.services[+c.col]}`) ?? 'none');
        }
      }
      // Scroll to the end: the last account appears.
      await page.$eval('#grid-body', (el) => {
        el.scrollTop = el.scrollHeight;
      });
      const last = data.accounts[499]!.id;
      await page
        .locator('#grid-rows .rlabel')
        .filter({ hasText: new RegExp(`^${last}$`) })
        .waitFor();
      // Picking one account shows its regions.
      await page.selectOption('#f-account', '42');
      const regionGrid = await cells(page);
      assert.equal(regionGrid.length, 18); // 17 regions + global
      assert.equal(regionGrid[0]!.label, 'global');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
