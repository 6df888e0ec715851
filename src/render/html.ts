/**
 * The HTML report: one self-contained file (inline CSS and JS, data as a JSON block, no network), with a
 * strict CSP whose script and style hashes are computed here. The coverage grid is drawn in the browser
 * (virtualised, one delegated listener) from the embedded data (`reportData`; its types are shared with
 * the browser script through html-data.ts, the script is html-client/ bundled into
 * html-client.generated.ts, see docs/architecture.md); the finding is rendered here, with its
 * review items visibly marked. Every string from the audited account is escaped (server side) or written
 * as text (client side).
 */
import { createHash } from 'node:crypto';
import type { CheckMeta } from '../checks/types.js';
import type { Acceptance } from '../evidence/acceptance.js';
import { compareRegions } from '../evidence/regions.js';
import type { Bundle, Result } from '../evidence/schema.js';
import { STATUS_RANK, STATUSES, type Status, zeroCounts } from '../evidence/status.js';
import { type CostEstimate, costBlocks } from '../finding/costs.js';
import {
  assertNever,
  contentBlocks,
  type FindingDocument,
  findingDocument,
  type Inline,
  plainText,
  reviewNote,
} from '../finding/document.js';
import { sanitizeText } from '../finding/escape.js';
import { LABELS, SERVICES } from '../services/registry.js';
import { escapeHtml, jsonForScript, STATUS_DISPLAY } from './common.js';
import { renderCoverageSvg, renderFigureSvg } from './coverage.js';
import { CLIENT_SCRIPT } from './html-client.generated.js';
import {
  type CauseTuple,
  type CheckEntry,
  causeTuple,
  type ReportData,
  type ResultRow,
  resultRow,
  type StatusDisplay,
} from './html-data.js';
import { renderFindingMarkdown } from './markdown.js';

export interface HtmlReportInput {
  bundle: Bundle;
  results: Result[];
  /** The composed finding (its review items are listed with their line in finding.md). */
  finding: FindingDocument;
  /** Check metadata (titles, severity, remediation); ids without metadata are shown as ids. */
  checks?: CheckMeta[];
  /** Report title; default "watchpost report". */
  title?: string;
  /** The cost estimate (docs/costs.md): a Costs section; none with `--no-costs`. */
  costs?: CostEstimate | null;
}

function accountName(a: Bundle['accounts'][number]): string | null {
  const n = (a as { accountName?: string | null }).accountName;
  return typeof n === 'string' && n !== '' ? n : null;
}

/** The data block the browser script reads: results as compact rows indexing shared tables. */
export function reportData(bundle: Bundle, results: Result[], checks: CheckMeta[] = []): ReportData {
  const { data, row } = reportTables(bundle, results, checks);
  return { ...data, results: results.map(row) };
}

/**
 * The data block without its rows (`results: []`), and how each result becomes its row: report.html makes
 * the rows a few hundred at a time as it is written (`dataParts`), never all ~320,000 of a 1,000-account
 * organization at once. The tables (checks, causes, acceptances) are numbered in the results' order, as
 * `reportData` has them.
 */
function reportTables(
  bundle: Bundle,
  results: Result[],
  checks: CheckMeta[] = [],
): { data: ReportData; row: (r: Result) => ResultRow } {
  const regionSet = new Set<string>();
  for (const a of bundle.accounts) for (const r of a.scannedRegions) regionSet.add(r);
  for (const r of results) regionSet.add(r.region);
  const regions = [...regionSet].sort(compareRegions);
  const regionIdx = new Map(regions.map((r, i) => [r, i]));

  const accounts: ReportData['accounts'] = bundle.accounts.map((a) => ({
    id: a.accountId,
    name: accountName(a),
    regions: a.scannedRegions.map((r) => regionIdx.get(r)!),
  }));
  const accountIdx = new Map(accounts.map((a, i) => [a.id, i]));
  for (const r of results) {
    if (!accountIdx.has(r.accountId)) {
      accountIdx.set(r.accountId, accounts.length);
      accounts.push({ id: r.accountId, name: null, regions: [] });
    }
  }
  const serviceIdx = new Map<string, number>(SERVICES.map((s, i) => [s, i]));
  const meta = new Map(checks.map((c) => [c.id, c]));
  const checkTable: CheckEntry[] = [];
  const checkIdx = new Map<string, number>();
  const causeTable: CauseTuple[] = [];
  const causeIdx = new Map<string, number>();
  const acceptances: Acceptance[] = [];
  const acceptanceIdx = new Map<string, number>();
  // Each table's entries numbered in the order the results first name them.
  const causeKey = (c: NonNullable<Result['cause']>) => causeTuple(c).join('\u0000');
  for (const r of results) {
    if (!checkIdx.has(r.checkId)) {
      const m = meta.get(r.checkId);
      checkIdx.set(r.checkId, checkTable.length);
      checkTable.push({
        id: r.checkId,
        title: m?.title ?? r.checkId,
        severity: m?.severity ?? null,
        remediation: m?.remediation ?? null,
      });
    }
    if (r.cause) {
      const key = causeKey(r.cause);
      if (!causeIdx.has(key)) {
        causeIdx.set(key, causeTable.length);
        causeTable.push(causeTuple(r.cause));
      }
    }
    if (r.acceptance) {
      const key = JSON.stringify(r.acceptance);
      if (!acceptanceIdx.has(key)) {
        acceptanceIdx.set(key, acceptances.length);
        acceptances.push(r.acceptance);
      }
    }
  }
  const row = (r: Result): ResultRow =>
    resultRow({
      account: accountIdx.get(r.accountId)!,
      region: regionIdx.get(r.region)!,
      service: serviceIdx.get(r.service)!,
      status: r.status,
      check: checkIdx.get(r.checkId)!,
      resource: r.resource,
      detail: r.detail,
      cause: r.cause ? causeIdx.get(causeKey(r.cause))! : -1,
      acceptance: r.acceptance ? acceptanceIdx.get(JSON.stringify(r.acceptance))! : -1,
    });
  const display = Object.fromEntries(
    STATUSES.map((s): [Status, StatusDisplay] => [
      s,
      { symbol: STATUS_DISPLAY[s].symbol, label: STATUS_DISPLAY[s].label, rank: STATUS_RANK[s] },
    ]),
  ) as Record<Status, StatusDisplay>;
  const data: ReportData = {
    version: 1,
    accounts,
    regions,
    services: [...SERVICES],
    serviceLabels: Object.fromEntries(SERVICES.map((s) => [s, LABELS[s].short])),
    display,
    checks: checkTable,
    causes: causeTable,
    acceptances,
    results: [],
  };
  return { data, row };
}

// ------------------------------------------------------------------------------------------- finding

/** `Impact: Medium` → { label: 'Impact', value: 'Medium' }; null for other headings. */
export function ratingOf(headingText: string): { label: string; value: string } | null {
  const m = /^(Impact|Likelihood|Risk|Severity)\s*:\s*(.+)$/i.exec(headingText.trim());
  return m ? { label: m[1]!, value: m[2]!.trim() } : null;
}

function renderInlines(nodes: readonly Inline[]): string {
  let out = '';
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        out += escapeHtml(n.text);
        break;
      case 'value':
        out += escapeHtml(sanitizeText(n.text, n.max));
        break;
      case 'code':
        out += `<code>${escapeHtml(n.text)}</code>`;
        break;
      case 'strong':
        out += `<strong>${renderInlines(n.children)}</strong>`;
        break;
      case 'em':
        out += `<em>${renderInlines(n.children)}</em>`;
        break;
      case 'link':
        out += `${renderInlines(n.children)} <span class="href">(${escapeHtml(n.href)})</span>`;
        break;
      case 'break':
        out += '<br>';
        break;
      case 'source':
        out += renderInlines(n.children);
        break;
      case 'review': {
        const id = n.item.id;
        const why = plainText(reviewNote(n.item)).trim();
        const title = why ? `Review R${id}: ${why}` : `Review R${id}: decide, fill in or remove`;
        out += `<mark class="review" data-review="${id}" title="${escapeHtml(title)}">${renderInlines(n.children)}</mark><sup class="rv" aria-hidden="true">R${id}</sup>`;
        break;
      }
      case 'comment':
        out += `<span class="review-note">${escapeHtml(plainText(n.children).trim())}</span>`;
        break;
      default:
        assertNever(n);
    }
  }
  return out;
}

function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/**
 * The finding's blocks. `coverage` is the whole estate's picture (for a template's own `coverage.svg`);
 * with `bundle`, each subsection's figure is drawn from its own results (without, it is named only).
 */
function renderBlocks(doc: FindingDocument, coverageDataUri: string, bundle?: Bundle): string {
  const blocks = contentBlocks(doc.blocks);
  const out: string[] = [];
  const levels = blocks.flatMap((b) => (b.t === 'heading' ? [b.level] : []));
  const top = levels.length > 0 ? Math.min(...levels) : 1;
  const cellAlign = (a: string | null) => (a ? ` class="al-${a}"` : '');
  for (const b of blocks) {
    switch (b.t) {
      case 'heading': {
        const level = Math.min(6, 3 + b.level - top); // h1/h2 belong to the page
        const rating = ratingOf(plainText(b.children));
        const cls = rating
          ? ` class="rating rating-${escapeHtml(rating.value.toLowerCase().replace(/[^a-z]/g, ''))}"`
          : '';
        out.push(`<h${level}${cls}>${renderInlines(b.children)}</h${level}>`);
        break;
      }
      case 'paragraph':
        out.push(`<p>${renderInlines(b.children)}</p>`);
        break;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        out.push(`<${tag}>${b.items.map((it) => `<li>${renderInlines(it)}</li>`).join('')}</${tag}>`);
        break;
      }
      case 'table':
        out.push(
          `<div class="table-wrap"><table class="evidence"><thead><tr>${b.header
            .map((c, k) => `<th${cellAlign(b.align[k] ?? null)}>${renderInlines(c)}</th>`)
            .join('')}</tr></thead><tbody>${b.rows
            .map(
              (row) =>
                `<tr>${row.map((c, k) => `<td${cellAlign(b.align[k] ?? null)}>${renderInlines(c)}</td>`).join('')}</tr>`,
            )
            .join('')}</tbody></table></div>`,
        );
        break;
      case 'figure': {
        const uri = b.coverage
          ? bundle
            ? svgDataUri(renderFigureSvg(bundle, { alt: b.alt, coverage: b.coverage }))
            : null
          : /^coverage\.(svg|png)$/i.test(b.src)
            ? coverageDataUri
            : null;
        if (uri) {
          out.push(
            `<figure><img class="coverage" src="${uri}" alt="${escapeHtml(b.alt)}"><figcaption>${escapeHtml(b.alt)}</figcaption></figure>`,
          );
        } else {
          out.push(
            `<figure class="missing-image"><figcaption>[Picture not embedded: ${escapeHtml(b.alt)} (${escapeHtml(b.src)})]</figcaption></figure>`,
          );
        }
        break;
      }
      default:
        assertNever(b);
    }
  }
  return out.join('\n');
}

function renderFrontMatter(fm: Record<string, unknown>): string {
  const entries = Object.entries(fm).filter(
    ([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v),
  );
  if (entries.length === 0) return '';
  return `<dl class="front">${entries
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
    .join('')}</dl>`;
}

/** The review items, numbered as their marks, with their line in finding.md. */
function renderReviewList(doc: FindingDocument): string {
  if (doc.reviewItems.length === 0) return '<p class="muted">No review items remain in the finding.</p>';
  const { places } = renderFindingMarkdown(doc);
  return `<ol class="review-list">${doc.reviewItems
    .map((r, i) => {
      const label = [`R${r.id}`, `line ${places[i]!.line}`, r.kind].join(' · ');
      const why = plainText(reviewNote(r)).trim();
      return `<li><span class="rv">${escapeHtml(label)}</span> <mark class="review">${escapeHtml(r.text || '(comment)')}</mark>${
        why ? ` — ${escapeHtml(why)}` : ''
      }</li>`;
    })
    .join('')}</ol>`;
}

// ------------------------------------------------------------------------------------------- page

function staticSummary(results: Result[]): string {
  const counts = new Map<string, Record<Status, number>>();
  for (const s of SERVICES) counts.set(s, zeroCounts());
  for (const r of results) counts.get(r.service)![r.status]++;
  const order = [...STATUSES].sort((a, b) => STATUS_RANK[b] - STATUS_RANK[a]);
  const total = zeroCounts();
  for (const r of results) total[r.status]++;
  const head = order
    .map(
      (s) =>
        `<th><span class="badge s-${s}">${STATUS_DISPLAY[s].symbol} ${STATUS_DISPLAY[s].label}</span></th>`,
    )
    .join('');
  const body = SERVICES.map(
    (s) =>
      `<tr><th scope="row">${escapeHtml(LABELS[s].short)}</th>${order.map((st) => `<td>${counts.get(s)![st]}</td>`).join('')}</tr>`,
  ).join('');
  const foot = `<tr><th scope="row">All</th>${order.map((st) => `<td>${total[st]}</td>`).join('')}</tr>`;
  return `<table class="summary" id="summary"><thead><tr><th>Service</th>${head}</tr></thead><tbody>${body}</tbody><tfoot>${foot}</tfoot></table>`;
}

/**
 * The page's head up to `</head>` (not included): charset, the CSP (nothing but the page's own style, the
 * given script sources and `data:` images), no referrer, no favicon request, the title, the styles.
 */
function pageHead(title: string, scriptSources: readonly string[], extra = ''): string {
  const csp = [
    "default-src 'none'",
    ...scriptSources,
    `style-src 'sha256-${sha256(CSS)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${extra}<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
`;
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  return [...renderHtmlReportParts(input)].join('');
}

/**
 * Rows of the data block made and serialised at a time by `dataParts`: a piece stays a small string
 * (~50 KB), garbage the young generation collects at once, as the rows it was made from.
 */
const ROWS_PER_PART = 500;

/**
 * `jsonForScript(reportData(…))` in pieces: the results (the last field, ~320,000 rows for 1,000
 * accounts) a few hundred rows at a time, each row made just before it is written. The escaping is per
 * character, so escaping the pieces escapes the whole.
 */
function* dataParts(
  data: ReportData,
  results: readonly Result[],
  row: (r: Result) => ResultRow,
): Generator<string> {
  const rest = jsonForScript(data);
  const end = '"results":[]}';
  if (!rest.endsWith(end)) {
    yield jsonForScript({ ...data, results: results.map(row) });
    return;
  }
  yield rest.slice(0, -2);
  for (let i = 0; i < results.length; i += ROWS_PER_PART) {
    const rows = jsonForScript(results.slice(i, i + ROWS_PER_PART).map(row));
    yield `${i === 0 ? '' : ','}${rows.slice(1, -1)}`;
  }
  yield ']}';
}

/**
 * report.html in pieces, in order (`renderHtmlReport` joins them): the page of a large organization is
 * tens of megabytes, and written piece by piece (pipeline/outputs.ts) it is never one string in memory.
 */
export function* renderHtmlReportParts(input: HtmlReportInput): Generator<string> {
  const { bundle, results } = input;
  const doc = input.finding;
  const { data, row } = reportTables(bundle, results, input.checks);
  const svg = renderCoverageSvg({ bundle, results });
  const coverageUri = svgDataUri(svg);
  const title = input.title ?? 'watchpost report';
  const incomplete = !bundle.complete
    ? '<p class="warn" role="status">This scan did not finish: parts not read are shown as unknown (not collected).</p>'
    : '';
  const worstFirst = [...STATUSES].sort((a, b) => STATUS_RANK[b] - STATUS_RANK[a]);
  const legend = worstFirst
    .map((s) => `<span class="badge s-${s}">${STATUS_DISPLAY[s].symbol} ${STATUS_DISPLAY[s].label}</span>`)
    .join(' ');
  const accountsLine =
    bundle.accounts.length === 1
      ? `Account ${escapeHtml(bundle.accounts[0]!.accountId)}${accountName(bundle.accounts[0]!) ? ` (${escapeHtml(accountName(bundle.accounts[0]!)!)})` : ''}`
      : `${bundle.accounts.length} accounts`;

  const script = CLIENT_SCRIPT;
  const costs = input.costs ? costBlocks(input.costs) : [];
  const costSection =
    costs.length === 0
      ? ''
      : `<section id="costs" aria-labelledby="costs-h">
<h2 id="costs-h">Costs</h2>
<article class="finding">
${renderBlocks(findingDocument({ frontMatter: {}, blocks: costs, hasGaps: false, noIssueNote: null, claims: [] }), coverageUri)}
</article>
</section>
`;

  yield `${pageHead(title, [`script-src 'sha256-${sha256(script)}'`], `<meta name="generator" content="watchpost ${escapeHtml(bundle.tool.version)}">\n`)}</head>
<body>
<header class="top">
<h1>${escapeHtml(title)}</h1>
<p class="meta">${accountsLine} · partition ${escapeHtml(bundle.partition)} · scan started ${escapeHtml(bundle.startedAt)}${
    bundle.finishedAt ? `, finished ${escapeHtml(bundle.finishedAt)}` : ''
  } · ${results.length} results · watchpost ${escapeHtml(bundle.tool.version)}</p>
${incomplete}
<nav class="toc"><a href="#coverage">Coverage</a> · <a href="#finding">Finding</a> · ${costs.length > 0 ? '<a href="#costs">Costs</a> · ' : ''}<a href="#review">Review items</a></nav>
</header>
<main>
<section id="coverage" aria-labelledby="coverage-h">
<h2 id="coverage-h">Coverage</h2>
<p class="legend">Each cell shows the worst status among its results: ${legend}. In a FAIL cell, the number counts its failing results (“FAIL 3”: three results there failed). “—” means no result there. Unknown means AWS did not let us read the answer (the cause names the AWS error and the IAM action); it is never counted as “not enabled”.</p>
${staticSummary(results)}
<noscript><p class="warn">The interactive grid needs JavaScript; the summary above and the finding below are static.</p></noscript>
<form id="filters" class="filters" autocomplete="off">
<label>Service <select id="f-service"></select></label>
<label>Status <select id="f-status"></select></label>
<label>Account <select id="f-account"></select></label>
<label>Region <select id="f-region"></select></label>
<label>Search <input id="f-q" type="search" placeholder="resource, check, error…"></label>
<button type="button" id="f-clear">Clear</button>
</form>
<p id="count" class="muted" aria-live="polite"></p>
<div id="grid" class="grid" role="grid" aria-label="Coverage grid">
<div id="grid-head" class="grid-head" role="row"></div>
<div id="grid-body" class="grid-body"><div id="grid-spacer" class="grid-spacer"></div><div id="grid-rows" class="grid-rows"></div></div>
<p id="grid-empty" class="muted" hidden>No results match these filters.</p>
</div>
<section id="details" class="details" hidden aria-live="polite">
<div class="details-head"><h3 id="details-title"></h3><button type="button" id="details-close">Close</button></div>
<div id="details-body"></div>
</section>
</section>
<section id="finding" aria-labelledby="finding-h">
<h2 id="finding-h">Finding</h2>
${renderFrontMatter(doc.frontMatter)}
<article class="finding">
${renderBlocks(doc, coverageUri, bundle)}
</article>
</section>
${costSection}<section id="review" aria-labelledby="review-h">
<h2 id="review-h">Review items</h2>
<p class="muted">Highlighted passages need the consultant's decision before the finding goes to the client.</p>
${renderReviewList(doc)}
</section>
</main>
<script type="application/json" id="wp-data">`;
  yield* dataParts(data, results, row);
  yield `</script>
<script>${script}</script>
</body>
</html>
`;
}

/**
 * A page for a document that is not the finding (`watchpost diff`'s retest.html): the report's styles and
 * CSP, no script, no data block.
 */
export function renderDocumentPage(input: { title: string; doc: FindingDocument; meta?: string }): string {
  return `${pageHead(input.title, [])}</head>
<body>
<header class="top">
<h1>${escapeHtml(input.title)}</h1>
${input.meta ? `<p class="meta">${escapeHtml(input.meta)}</p>` : ''}
</header>
<main>
<article class="finding">
${renderBlocks(input.doc, '')}
</article>
</main>
</body>
</html>
`;
}

const CSS = `
:root{--fail:${STATUS_DISPLAY.fail.color};--unknown:${STATUS_DISPLAY.unknown.color};--pass:${STATUS_DISPLAY.pass.color};--na:${STATUS_DISPLAY.not_applicable.color};--ink:#1a1a1a;--muted:#595959;--line:#d0d0d0;--bg:#ffffff;--hl:#fff59d}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top,main{max-width:1400px;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;margin:1rem 0 .25rem}
h2{font-size:1.3rem;border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
.meta,.muted{color:var(--muted)}
.muted{font-size:.85em}
.warn{background:#fff3e0;border-left:4px solid var(--unknown);padding:.5rem .75rem}
.toc a{color:#0b57d0}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:3px;font-weight:600;font-size:.85em;white-space:nowrap}
${STATUSES.map((st) => `.s-${st}{background:${STATUS_DISPLAY[st].color};color:${STATUS_DISPLAY[st].ink}}`).join('\n')}
table{border-collapse:collapse}
table.summary th,table.summary td{border:1px solid var(--line);padding:.25rem .6rem;text-align:center}
table.summary th[scope=row]{text-align:left}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0 .25rem}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.filters select,.filters input{font:inherit;font-size:.9rem;padding:.2rem;max-width:22rem}
.filters button,.details button{font:inherit;padding:.25rem .75rem}
.grid{border:1px solid var(--line)}
.grid-head{display:grid;background:#f2f2f2;font-weight:600;border-bottom:1px solid var(--line)}
.hcell{padding:.35rem .5rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.grid-body{position:relative;max-height:70vh;overflow:auto;contain:strict}
.grid-spacer{width:1px}
.grid-rows{position:absolute;top:0;left:0;right:0}
.row{display:grid;position:absolute;left:0;right:0;height:30px;align-items:stretch;border-bottom:1px solid #eee}
.rlabel{padding:0 .5rem;line-height:30px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem}
button.cell{font:inherit;font-size:.8rem;font-weight:600;border:1px solid #fff;margin:0;cursor:pointer;white-space:nowrap;overflow:hidden}
button.cell .num{font-weight:400;opacity:.85}
button.cell.empty{background:#fff;color:#9e9e9e;cursor:default}
button.cell.selected{outline:3px solid #0b57d0;outline-offset:-3px}
button.cell:focus-visible{outline:3px solid #0b57d0;outline-offset:-3px}
.details{margin-top:1rem;border:1px solid var(--line);padding:.5rem 1rem}
.details-head{display:flex;justify-content:space-between;align-items:center}
table.results{width:100%;font-size:.85rem}
table.results th,table.results td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.wrap{overflow-wrap:anywhere;word-break:break-word}
.finding{max-width:60rem}
.finding h3{font-size:1.25rem}
.finding h4{font-size:1.2rem;font-weight:700}
.finding h5{font-size:1.15rem;font-weight:700}
.finding h6{font-size:1.1rem;font-weight:700}
mark.review{background:var(--hl);color:inherit;border-bottom:2px dashed #b28704;padding:0 .1rem}
mark.review mark.review{background:#ffe082}
sup.rv,span.rv{font-size:.7em;font-weight:700;color:#7a5d00;margin-left:.1rem}
.accepted-note{border-left:3px solid ${STATUS_DISPLAY.accepted.color};padding-left:.4rem;margin-top:.2rem}
.review-note{background:#fff8e1;border:1px dashed #b28704;font-size:.85em;padding:0 .3rem}
.href{color:var(--muted);font-size:.85em}
dl.front{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}
dl.front dt{font-weight:600}
dl.front dd{margin:0}
.rating{border-left:4px solid var(--muted);padding-left:.5rem}
.table-wrap{overflow-x:auto}
table.evidence th,table.evidence td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
table.evidence th{background:#f2f2f2}
.al-center{text-align:center!important}.al-right{text-align:right!important}
figure{margin:1rem 0}
img.coverage{max-width:100%;height:auto;border:1px solid var(--line)}
.review-list li{margin:.2rem 0}
@media print{
 .filters,#count,.toc,.details-head button,.more{display:none!important}
 body{font-size:11pt}
 .grid-body{max-height:none;height:auto;overflow:visible;contain:none}
 .grid-rows,.row{position:static}
 .row{break-inside:avoid}
 .badge,button.cell,mark.review{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 button.cell{border:1px solid #999}
 h2{break-after:avoid}
 a{color:inherit;text-decoration:none}
}
body.printing .grid-body{max-height:none;height:auto;overflow:visible;contain:none}
body.printing .grid-rows,body.printing .row{position:static}
`;
