/**
 * Hostile names (issue 6): resources whose names hold HTML, Markdown, CriticMarkup delimiters, table
 * pipes, terminal control characters, a right-to-left override or 600 characters are seeded in moto
 * (scenario `hostile`), judged `fail` so the finding names them, and every output is checked: terminal,
 * results.json, evidence.json, finding.md, report.html (in Chromium), finding.docx, findings.ocsf.json and
 * coverage.svg.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { chromiumMissing, launchChromium } from '../support/chromium.js';
import { type CliResult, cliBuilt, runCli, tempDir } from '../support/cli.js';
import { plainText, readFinding } from '../support/finding-reader.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { HOSTILE, hostile, seedScenario } from '../support/seed.js';

const skip = !cliBuilt() ? 'dist/cli/bin.js is missing: run `npm run build` first' : chromiumMissing;

const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const NAMES = {
  api: `api ${HOSTILE.html} ${HOSTILE.pipes}`,
  long: HOSTILE.long,
  gql: `gql ${HOSTILE.markdown} ${HOSTILE.critic}`,
  pool: `pool ${HOSTILE.control} ${HOSTILE.critic}`,
};

/** Every string inside a parsed JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

describe('e2e: hostile names in every output', { skip }, () => {
  let emu: Emulator;
  let run: CliResult;
  let out: string;
  let results: Result[];
  let browser: Browser;
  const read = (f: string) => readFileSync(join(out, f), 'utf8');

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, hostile);
    out = tempDir('watchpost-hostile-');
    run = await runCli(
      [
        'scan',
        '--regions',
        'us-east-1',
        '--out',
        out,
        '--force',
        '--format',
        'md,html,docx,json,ocsf,svg',
        '--max-attempts',
        '2',
      ],
      { AWS_ENDPOINT_URL: emu.endpoint },
    );
    assert.equal(run.code, 3, run.stderr);
    results = ResultsSchema.parse(JSON.parse(read('results.json')));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await emu?.stop();
  });

  /** Parses XML in Chromium; returns the parser error text, or '' when well-formed. */
  async function xmlError(xml: string): Promise<string> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const check = `new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml')
        .getElementsByTagName('parsererror')[0]?.textContent ?? ''`;
      return String(await page.evaluate(check));
    } finally {
      await context.close();
    }
  }

  test('the hostile resources are judged and named (fail, no web ACL)', () => {
    const named = results.filter((r) => r.status === 'fail').map((r) => JSON.stringify(r.data));
    for (const [key, name] of Object.entries(NAMES)) {
      assert.ok(
        named.some((d) => d.includes(JSON.stringify(name).slice(1, -1))),
        `${key}: a failing result carries the name`,
      );
    }
  });

  test('terminal: no raw control, bell or right-to-left bytes', () => {
    assert.doesNotMatch(run.stdout, RAW_CONTROL);
    assert.doesNotMatch(run.stderr, RAW_CONTROL);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  test('results.json and evidence.json: valid JSON, names round-trip exactly', () => {
    const evidence = strings(JSON.parse(read('evidence.json')));
    const res = strings(JSON.parse(read('results.json')));
    for (const [key, name] of Object.entries(NAMES)) {
      assert.ok(evidence.includes(name), `evidence.json holds ${key} verbatim`);
      assert.ok(
        res.some((s) => s.includes(name)),
        `results.json holds ${key} verbatim`,
      );
    }
  });

  test('finding.md: names escaped, no review item and no markup from a name', () => {
    const md = read('finding.md');
    assert.doesNotMatch(md, RAW_CONTROL);
    // with every backslash escape removed, no markup from a name is left
    const bare = md.replace(/\\[\s\S]/g, '');
    for (const raw of ['<img', '{==x', '{>>c', '{~~a', '**bold', '](http://x)', 'col|umn', 'umn |']) {
      assert.ok(!bare.includes(raw), `finding.md holds ${raw} unescaped`);
    }
    assert.ok(md.includes('long-LLLL'), 'the long name is named (possibly shortened)');
    assert.ok(
      md.split('\n').every((l) => l.length < 2000),
      'no line grows without bound',
    );
    const doc = readFinding(md);
    for (const item of doc.reviewItems) {
      for (const bit of ['onerror', 'bold', '~>b', 'umn', 'evil', 'LLLL', 'x==', 'c<<']) {
        assert.ok(
          !`${item.text} ${item.why ?? ''}`.includes(bit),
          `review item ${item.id} came from a hostile name: ${item.text}`,
        );
      }
    }
    // the parsed text shows the names literally (as the HTML and DOCX renderers will)
    const text: string[] = [];
    for (const b of doc.blocks) {
      if (b.type === 'paragraph') text.push(plainText(b.inlines));
      if (b.type === 'list') for (const i of b.items) text.push(plainText(i));
      if (b.type === 'table') for (const row of b.rows) for (const c of row) text.push(plainText(c));
    }
    const all = text.join('\n');
    for (const name of [NAMES.api, NAMES.gql]) {
      assert.ok(all.includes(name), `finding shows ${name} literally`);
    }
    // table rows keep their column count (a pipe in a name does not split a cell)
    for (const b of doc.blocks) {
      if (b.type === 'table') for (const row of b.rows) assert.equal(row.length, b.header.length);
    }
  });

  test('report.html: nothing injected, no dialog, names shown as text', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await context.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    try {
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      await page.waitForSelector('body.ready', { timeout: 15_000 }).catch(() => undefined);
      await page.waitForTimeout(300);
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.deepEqual(requests, [], 'no request left the page');
      const injected = await page.evaluate(`({
        imgX: [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x').length,
        onerror: document.querySelectorAll('[onerror]').length,
        links: [...document.querySelectorAll('a[href]')].filter((a) => a.getAttribute('href') === 'http://x').length,
      })`);
      assert.deepEqual(injected, { imgX: 0, onerror: 0, links: 0 });
      const text = String(await page.evaluate('document.body.innerText'));
      for (const name of [NAMES.api, NAMES.gql]) {
        assert.ok(text.includes(name), `report shows ${name} literally`);
      }
      assert.doesNotMatch(text, /[\u0007\u001b\u202e]/, 'no raw control characters shown');
    } finally {
      await context.close();
    }
  });

  test('finding.docx: document.xml well-formed, names as text', async () => {
    const files = unzipSync(readFileSync(join(out, 'finding.docx')));
    const xml = strFromU8(files['word/document.xml']!);
    assert.equal(await xmlError(xml), '');
    assert.ok(!xml.includes('<img'), 'no raw tag from a name');
    for (const f of Object.keys(files).filter((n) => n.endsWith('.xml'))) {
      assert.equal(await xmlError(strFromU8(files[f]!)), '', `${f} is well-formed`);
    }
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const text = String(
        await page.evaluate(
          `[...new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml')
            .getElementsByTagName('w:t')].map((t) => t.textContent).join('')`,
        ),
      );
      for (const name of [NAMES.api, NAMES.gql]) {
        assert.ok(text.includes(name), `docx shows ${name} as text`);
      }
    } finally {
      await context.close();
    }
  });

  test('a name inside a review item: the terminal list and the finding stay intact', async () => {
    // Denying wafv2:GetWebACLForResource makes the user pool (control characters, CriticMarkup) part
    // of a legitimate review item "could not be assessed for <name>", which the terminal also lists.
    emu.configure({
      faults: [{ service: 'wafv2', operation: 'GetWebACLForResource', fault: 'access-denied' }],
    });
    const dir = tempDir('watchpost-hostile-');
    let second: CliResult;
    try {
      second = await runCli(
        [
          'scan',
          '--regions',
          'us-east-1',
          '--out',
          dir,
          '--force',
          '--format',
          'md,json',
          '--max-attempts',
          '1',
        ],
        { AWS_ENDPOINT_URL: emu.endpoint },
      );
    } finally {
      emu.clearFaults();
    }
    assert.ok(second.code === 0 || second.code === 3, second.stderr);
    assert.doesNotMatch(second.stdout, RAW_CONTROL);
    assert.doesNotMatch(second.stderr, RAW_CONTROL);
    assert.match(second.stdout, /pool red/, 'the review list names the pool');
    const md = readFileSync(join(dir, 'finding.md'), 'utf8');
    assert.doesNotMatch(md, RAW_CONTROL);
    const items = readFinding(md).reviewItems;
    const waf = items.filter((i) => i.text.includes('pool red'));
    assert.equal(waf.length, 1, 'one review item names the pool');
    assert.ok(waf[0]!.text.includes(HOSTILE.critic), 'its CriticMarkup is text, not marks');
    assert.equal(waf[0]!.parent, null);
    assert.ok((waf[0]!.why ?? '').includes('wafv2:GetWebACLForResource'));
    assert.ok(!items.some((i) => i.text === 'x' || i.why === 'c'), 'no review item made of the name');
  });

  test('findings.ocsf.json is valid JSON holding the names; coverage.svg is well-formed', async () => {
    const ocsf = strings(JSON.parse(read('findings.ocsf.json')));
    assert.ok(ocsf.some((s) => s.includes(NAMES.api)));
    assert.equal(await xmlError(read('coverage.svg')), '');
    // Each subsection's picture too.
    const pictures = readdirSync(out).filter((f) => /^coverage-.*\.svg$/.test(f));
    assert.ok(pictures.length > 0);
    for (const f of pictures) assert.equal(await xmlError(read(f)), '', f);
  });
});
