/**
 * The three renderers of the finding document agree: finding.md (as a Markdown and CriticMarkup reader
 * sees it), finding.docx and report.html show the same words block by block and the same review items
 * with the same whys, on the golden scenarios; names from the account are escaped in each format.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { applyAcceptances, parseAcceptFile } from '../../src/engagement/accept.js';
import { diffResults } from '../../src/engagement/diff.js';
import type { Bundle, Result } from '../../src/evidence/schema.js';
import {
  coverageFigures,
  type FindingDocument,
  findingDocument,
  heading,
  type Inline,
  paragraph,
  plainText,
  reviewNote,
  text,
  value,
} from '../../src/finding/document.js';
import { composeFinding } from '../../src/finding/index.js';
import { review } from '../../src/finding/prose.js';
import { pngSize, renderCoveragePng, renderCoverageSvg, renderFigureSvg } from '../../src/render/coverage.js';
import { renderFindingDocx } from '../../src/render/docx.js';
import { renderHtmlReport } from '../../src/render/html.js';
import { renderFindingMarkdown } from '../../src/render/markdown.js';
import { allFine, bundle, replace, result } from '../finding/helpers.js';
import {
  ALB_WEB,
  cloudtrailOnly,
  everythingOff,
  HOUSE,
  mixedRegions,
  richAccount,
  SEED,
  wafOnly,
  withUnknowns,
} from '../finding/scenarios.js';
import { readFinding, plainText as readPlain } from '../support/finding-reader.js';
import { syntheticReport } from './synthetic.js';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

// ------------------------------------------------------------------------------- what each one shows

/** finding.md as read: one entry per heading, paragraph, list item, table cell and picture. */
function markdownTexts(md: string): string[] {
  const out: string[] = [];
  for (const b of readFinding(md).blocks) {
    if (b.type === 'heading') out.push(b.text);
    else if (b.type === 'paragraph') out.push(readPlain(b.inlines));
    else if (b.type === 'list') out.push(...b.items.map(readPlain));
    else if (b.type === 'table') out.push(...[...b.header, ...b.rows.flat()].map(readPlain));
    else out.push(b.alt);
  }
  return out.map(norm).filter((t) => t !== '');
}

function wordText(xml: string): string {
  return unescapeXml(
    [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => m[1] ?? ' ').join(''),
  );
}

/** finding.docx: one entry per paragraph with text (table cells are paragraphs), front matter first. */
function docxTexts(files: Record<string, Uint8Array>): string[] {
  const xml = strFromU8(files['word/document.xml']!);
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)]
    .map((m) => norm(wordText(m[1]!)))
    .filter((t) => t !== '');
}

/** The finding article of report.html, without the review numbers and the notes for the consultant. */
function article(html: string): string {
  const a = /<article class="finding">([\s\S]*?)<\/article>/.exec(html)![1]!;
  return a
    .replace(/<sup class="rv"[^>]*>R\d+<\/sup>/g, '')
    .replace(/<span class="review-note">[^<]*<\/span>/g, '');
}

function htmlText(s: string): string {
  return unescapeXml(s.replace(/<br>/g, ' ').replace(/<[^>]+>/g, ''));
}

function htmlTexts(html: string): string[] {
  return [...article(html).matchAll(/<(h[1-6]|p|li|th|td|figcaption)\b[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((m) => norm(htmlText(m[2]!)))
    .filter((t) => t !== '');
}

/** Each review mark's highlighted words, by id. */
function htmlMarks(html: string): Map<number, { text: string; title: string }> {
  const out = new Map<number, { text: string; title: string }>();
  const open: number[] = [];
  for (const m of article(html).matchAll(
    /<mark class="review" data-review="(\d+)" title="([^"]*)">|<\/mark>|<[^>]+>|[^<]+/g,
  )) {
    if (m[1]) {
      open.push(Number(m[1]));
      out.set(Number(m[1]), { text: '', title: unescapeXml(m[2]!) });
    } else if (m[0] === '</mark>') open.pop();
    else if (!m[0].startsWith('<')) for (const id of open) out.get(id)!.text += unescapeXml(m[0]);
    else if (m[0] === '<br>') for (const id of open) out.get(id)!.text += ' ';
  }
  return out;
}

/** Each Word comment's anchored words and its text, by id. */
function docxComments(files: Record<string, Uint8Array>): Map<number, { text: string; comment: string }> {
  const doc = strFromU8(files['word/document.xml']!);
  const comments = strFromU8(files['word/comments.xml']!);
  const out = new Map<number, { text: string; comment: string }>();
  for (const m of comments.matchAll(/<w:comment\b[^>]*w:id="(\d+)"[^>]*>([\s\S]*?)<\/w:comment>/g)) {
    const id = Number(m[1]);
    const range = new RegExp(
      `<w:commentRangeStart w:id="${id}"/>([\\s\\S]*?)<w:commentRangeEnd w:id="${id}"/>`,
    ).exec(doc);
    out.set(id, { text: norm(wordText(range?.[1] ?? '')), comment: norm(wordText(m[2]!)) });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ the check

async function renderAll(b: Bundle, results: Result[], doc: FindingDocument) {
  const png = renderCoveragePng(renderCoverageSvg({ bundle: b, results }));
  // Each subsection's picture, as renderReportFiles draws it.
  const figurePngs = Object.fromEntries(
    coverageFigures(doc.blocks).map((f) => [f.src, renderCoveragePng(renderFigureSvg(b, f))]),
  );
  const docx = unzipSync(
    await renderFindingDocx({ finding: doc, coveragePng: png, figurePngs, date: new Date(0) }),
  );
  const html = renderHtmlReport({ bundle: b, results, finding: doc });
  return { docx, html };
}

async function assertAgree(
  name: string,
  b: Bundle,
  results: Result[],
  input: Parameters<typeof composeFinding>[0],
) {
  const finding = composeFinding(input);
  const doc = finding.document;
  const { docx, html } = await renderAll(b, results, doc);

  // The same words, block by block (Word starts with the front matter table).
  const md = markdownTexts(finding.markdown);
  const fm = Object.entries(doc.frontMatter).flatMap(([k, v]) => [k, String(v)]);
  assert.deepEqual(docxTexts(docx), [...fm, ...md], `${name}: Word shows what finding.md shows`);
  assert.deepEqual(htmlTexts(html), md, `${name}: HTML shows what finding.md shows`);

  // The same review items, in the same order, with the same words and whys.
  const read = readFinding(finding.markdown).reviewItems.filter((r) => r.kind === 'highlight');
  assert.equal(read.length, doc.reviewItems.length, `${name}: one {== per review item`);
  const marks = htmlMarks(html);
  const comments = docxComments(docx);
  doc.reviewItems.forEach((item, i) => {
    const shown = norm(readPlainOfItem(doc, item.id));
    const why = norm(plainText(reviewNote(item)));
    assert.equal(norm(read[i]!.text), shown, `${name}: R${item.id} in finding.md`);
    if (read[i]!.why !== null) {
      assert.equal(
        norm(read[i]!.why!.replace(/\\([\\`*_{}[\]()#+\-.!|>~=<&])/g, '$1')),
        why,
        `${name}: R${item.id} why in finding.md`,
      );
    }
    assert.equal(marks.get(item.id)?.title, `Review R${item.id}: ${why}`, `${name}: R${item.id} why in HTML`);
    assert.equal(norm(marks.get(item.id)!.text), shown, `${name}: R${item.id} in HTML`);
    assert.deepEqual(comments.get(item.id), { text: shown, comment: why }, `${name}: R${item.id} in Word`);
  });
  // Word has one comment per review item and per note; nothing else.
  const notes = (finding.markdown.match(/(?<!==\})\{>>/g) ?? []).length;
  assert.equal(comments.size, doc.reviewItems.length + notes, `${name}: Word comments`);
  return { finding, docx, html };
}

/** The words of review item `id`, from the document. */
function readPlainOfItem(doc: FindingDocument, id: number): string {
  let found = '';
  const walk = (nodes: readonly Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'review' && n.item.id === id) found = plainText(n.children);
      if ('children' in n) walk(n.children);
    }
  };
  for (const b of doc.blocks) {
    if (b.t === 'source') continue;
    const c = b.t === 'edited' ? b.block : b;
    if (c.t === 'heading' || c.t === 'paragraph') walk(c.children);
    else if (c.t === 'list') c.items.forEach(walk);
    else if (c.t === 'table') [...c.header, ...c.rows.flat()].forEach(walk);
  }
  return found;
}

describe('finding.md, finding.docx and report.html agree', () => {
  const rich = bundle([richAccount()]);
  const seedText = readFileSync(SEED, 'utf8');
  const seedResults = replace(
    mixedRegions(),
    result('trustedadvisor.security-checks', 'fail', 'global', 'IAM Access Key Rotation'),
  );
  // Issue 14: gaps the client accepted (with hostile words in the accept file), and a retest.
  const engaged = (() => {
    const file = parseAcceptFile(
      'accept:\n  - check: guardduty.*\n    reason: "<b>IDS</b> | {==x==}"\n    by: CISO\n    expires: 2099-01-01\n',
      'accept.yaml',
    );
    const later = applyAcceptances(
      replace(mixedRegions(), result('inspector.enabled', 'pass', 'us-east-1')),
      file.entries,
      '2026-01-01',
    ).results;
    const d = diffResults(mixedRegions(), later);
    return {
      results: later,
      retest: { rows: d.rows, summary: d.summary, dates: { before: '2025-10-01', after: '2026-01-01' } },
    };
  })();
  const scenarios: [string, Bundle, Result[], Partial<Parameters<typeof composeFinding>[0]>][] = [
    ['everything-off', rich, everythingOff(), {}],
    ['mixed-regions', rich, mixedRegions(), {}],
    ['cloudtrail-misconfigured', rich, cloudtrailOnly(), {}],
    ['waf-only', rich, wafOnly(), {}],
    ['unknowns', rich, withUnknowns(), {}],
    ['all-fine', rich, allFine(), {}],
    [
      'seed-template',
      rich,
      seedResults,
      { template: { text: seedText, path: SEED }, xrefs: { XREF: '5.3' } },
    ],
    ['seed-template, no --xref', rich, everythingOff(), { template: { text: seedText, path: SEED } }],
    [
      'house-style',
      rich,
      mixedRegions(),
      { template: { text: HOUSE, path: 'house.md' }, xrefs: { CLIENT: 'Example Ltd' } },
    ],
    ['final', rich, cloudtrailOnly(), { final: true }],
    ['accepted, retest', rich, engaged.results, { retest: engaged.retest }],
    [
      'accepted, retest, seed template',
      rich,
      engaged.results,
      { retest: engaged.retest, template: { text: seedText, path: SEED } },
    ],
  ];
  for (const [name, b, results, extra] of scenarios) {
    test(name, async () => {
      await assertAgree(name, b, results, { bundle: b, results, ...extra });
    });
  }

  test('an organization of several accounts, with hostile names', async () => {
    const { bundle: b, results } = syntheticReport({ accounts: 3, regions: 3, hostile: true, seed: 9 });
    await assertAgree('synthetic', b, results, { bundle: b, results });
  });
});

describe('names from the account are escaped in each format', () => {
  const evil = 'evil<img src=x onerror=alert(1)>|{==OPTION==}{>>x<<}\n# heading\u202Egnp.exe&amp;';
  const results = replace(
    allFine(),
    result('waf.alb', 'fail', 'eu-west-1', ALB_WEB),
    result('macie.enabled', 'fail', 'eu-west-2', null, { buckets: [evil] }),
    result('trustedadvisor.security-checks', 'fail', 'global', evil),
  );
  const b = bundle([richAccount(evil, evil)]);

  test('finding.md: backslash escapes; Word: XML text; HTML: entities; all three show the same words', async () => {
    const { finding, docx, html } = await assertAgree('hostile', b, results, { bundle: b, results });
    const md = finding.markdown;
    assert.ok(
      md.includes('evil\\<img src\\=x onerror\\=alert(1)\\>\\|\\{\\=\\=OPTION\\=\\=\\}\\{\\>\\>x\\<\\<\\}'),
    );
    assert.equal((md.match(/(?<!\\)\{==/g) ?? []).length, finding.reviewItems.length);
    assert.doesNotMatch(md, /\u202E|\n# heading/);
    const documentXml = strFromU8(docx['word/document.xml']!);
    assert.ok(
      documentXml.includes(
        'evil&lt;img src=x onerror=alert(1)&gt;|{==OPTION==}{&gt;&gt;x&lt;&lt;} # heading',
      ),
    );
    assert.doesNotMatch(documentXml, /<img|\u202E/);
    const a = article(html);
    assert.ok(a.includes('evil&lt;img src=x onerror=alert(1)&gt;|{==OPTION==}{&gt;&gt;x&lt;&lt;} # heading'));
    assert.ok(a.includes('gnp.exe&amp;amp;'), 'an entity in a name is shown, not decoded');
    assert.doesNotMatch(a, /<img(?! class="coverage")|\u202E/);
  });
});

describe('a review item with a suggested wording', () => {
  test('each format shows the suggestion after the why, names escaped for it', async () => {
    const item = review(
      'wording',
      [text('GuardDuty was not enabled.')],
      [text('The evidence says otherwise.')],
    );
    assert.ok(item.t === 'review');
    item.item.suggestion = [text('GuardDuty was off in '), value('eu-west-2 <b>{==x==}')];
    const doc = findingDocument({ blocks: [heading(3, text('T')), paragraph(item)] });
    const md = renderFindingMarkdown(doc).markdown;
    assert.ok(
      md.includes(
        '{==GuardDuty was not enabled.==}{>>The evidence says otherwise. Suggested wording: GuardDuty was off in eu-west-2 \\<b\\>\\{\\=\\=x\\=\\=\\}<<}',
      ),
      md,
    );
    const { bundle: b, results } = syntheticReport({ accounts: 1, regions: 1 });
    const { docx, html } = await renderAll(b, results, doc);
    const comments = strFromU8(docx['word/comments.xml']!);
    assert.ok(comments.includes('Suggested wording: GuardDuty was off in eu-west-2 &lt;b&gt;{==x==}'));
    assert.ok(article(html).includes('Suggested wording: GuardDuty was off in eu-west-2 &lt;b&gt;{==x==}'));
  });
});

describe('coverage PNG without fonts', () => {
  test('still produces an image (text is simply not drawn)', () => {
    const { bundle: b, results } = syntheticReport({ accounts: 1, regions: 2 });
    const png = renderCoveragePng(renderCoverageSvg({ bundle: b, results }), { loadSystemFonts: false });
    const size = pngSize(png);
    assert.ok(size && size.width > 0 && size.height > 0);
  });
});
