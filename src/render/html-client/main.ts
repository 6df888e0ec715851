/**
 * The HTML report's browser script. It reads the JSON data block, computes the grid for the current
 * filters, renders only the visible rows (virtualised), and uses one delegated listener per container.
 * Every string from the data is written with textContent or dataset, never parsed as HTML.
 *
 * Type-checked with the DOM library (tsconfig.client.json) and bundled for ES2020 browsers into
 * ../html-client.generated.ts, which html.ts inlines (scripts/build-client.mjs; see docs/architecture.md).
 * The data's shape comes from ../html-data.ts, which reportData() in html.ts writes.
 */
import type { Acceptance } from '../../evidence/acceptance.js';
import type { Status } from '../../evidence/status.js';
import { CAUSE, RESULT, type ReportData, type ResultRow } from '../html-data.js';

/** The element with this id, which must be of this kind (the page is html.ts's, so this holds). */
function element<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const e = document.getElementById(id);
  if (!(e instanceof kind)) throw new Error(`watchpost report: #${id} is missing or of another kind`);
  return e;
}

const D = JSON.parse(element('wp-data', HTMLScriptElement).textContent ?? '') as ReportData;
const ROW_H = 30;
const PAGE = 200;

interface Selection {
  /** A region index (region grid) or an account index (account grid). */
  row: number;
  /** A service index. */
  col: number;
}

/** Filter values as the selects hold them: '' for all, else an index (or a status). */
const state = {
  service: '',
  status: '',
  account: '',
  region: '',
  q: '',
  sel: null as Selection | null,
  shown: PAGE,
  printing: false,
};

/** One grid cell: the worst status among its results, how many there are, and how many failed. */
interface Cell {
  w: Status;
  n: number;
  f: number;
}
type Cells = Record<number, Record<number, Cell>>;

const view = {
  mode: 'region' as 'region' | 'account',
  rows: [] as number[],
  cols: [] as number[],
  cells: {} as Cells,
  /** Indexes into D.results that pass the filters. */
  picked: [] as number[],
};
let lower: (string | undefined)[] | null = null;

function rank(status: Status): number {
  return D.display[status].rank;
}
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string | null,
  text?: string | number | null,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function option(sel: HTMLSelectElement, value: string, label: string): void {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  sel.appendChild(o);
}
function accountLabel(i: number): string {
  const a = D.accounts[i]!;
  return a.name ? `${a.id} (${a.name})` : a.id;
}
function serviceLabel(i: number): string {
  return D.serviceLabels[D.services[i]!]!; // reportData gives every service its label
}
/** What the client accepted, in one line: reason, who, until when, the control, where the entry is. */
function acceptanceText(a: Acceptance): string {
  const control = a.control ? `; compensating control: ${a.control}` : '';
  return `Accepted by ${a.by} until ${a.expires}: ${a.reason}${control} (${a.entry.file}, line ${a.entry.line})`;
}
function badge(status: Status): HTMLSpanElement {
  const d = D.display[status];
  return h('span', `badge s-${status}`, `${d.symbol} ${d.label}`);
}

// ------------------------------------------------------------------------------------- filters
const fService = element('f-service', HTMLSelectElement);
const fStatus = element('f-status', HTMLSelectElement);
const fAccount = element('f-account', HTMLSelectElement);
const fRegion = element('f-region', HTMLSelectElement);
const fQ = element('f-q', HTMLInputElement);
option(fService, '', 'All services');
D.services.forEach((s, i) => {
  option(fService, String(i), D.serviceLabels[s]!);
});
option(fStatus, '', 'All statuses');
const worstFirst = (Object.keys(D.display) as Status[]).sort((a, b) => rank(b) - rank(a));
worstFirst.forEach((s) => {
  option(fStatus, s, `${D.display[s].symbol} ${D.display[s].label}`);
});
option(fAccount, '', `All accounts (${D.accounts.length})`);
D.accounts.forEach((_, i) => {
  option(fAccount, String(i), accountLabel(i));
});
option(fRegion, '', 'All regions');
D.regions.forEach((r, i) => {
  option(fRegion, String(i), r);
});

function onFilter(): void {
  state.service = fService.value;
  state.status = fStatus.value;
  state.account = fAccount.value;
  state.region = fRegion.value;
  state.q = fQ.value.trim().toLowerCase();
  state.sel = null;
  recompute();
  renderDetails();
}
element('filters', HTMLFormElement).addEventListener('change', onFilter);
let qTimer = 0;
fQ.addEventListener('input', () => {
  clearTimeout(qTimer);
  qTimer = setTimeout(onFilter, 200);
});
element('f-clear', HTMLButtonElement).addEventListener('click', () => {
  fService.value = '';
  fStatus.value = '';
  fAccount.value = '';
  fRegion.value = '';
  fQ.value = '';
  onFilter();
});

/** The lower-cased text the search box matches against, made on first use. */
function haystack(i: number): string {
  if (!lower) lower = new Array<string | undefined>(D.results.length);
  let s = lower[i];
  if (s === undefined) {
    const r = D.results[i]!;
    const cause = r[RESULT.cause];
    const c = cause >= 0 ? D.causes[cause]!.join(' ') : '';
    const accepted = r[RESULT.acceptance];
    const a = accepted >= 0 ? acceptanceText(D.acceptances[accepted]!) : '';
    const check = D.checks[r[RESULT.check]]!;
    const account = D.accounts[r[RESULT.account]]!;
    s =
      `${check.id} ${check.title} ${r[RESULT.resource] || ''} ${r[RESULT.detail]} ${c} ${account.id} ${account.name || ''} ${a}`.toLowerCase();
    lower[i] = s;
  }
  return s;
}

function passes(r: ResultRow, i: number): boolean {
  if (state.service !== '' && r[RESULT.service] !== +state.service) return false;
  if (state.status !== '' && r[RESULT.status] !== state.status) return false;
  if (state.account !== '' && r[RESULT.account] !== +state.account) return false;
  if (state.region !== '' && r[RESULT.region] !== +state.region) return false;
  if (state.q !== '' && haystack(i).indexOf(state.q) === -1) return false;
  return true;
}

/** The field a grid row is keyed by: the region in the region grid, the account in the account grid. */
function rowKey(): typeof RESULT.region | typeof RESULT.account {
  return view.mode === 'region' ? RESULT.region : RESULT.account;
}

// ------------------------------------------------------------------------------------- grid model
function recompute(): void {
  const single = D.accounts.length === 1 || state.account !== '';
  view.mode = single ? 'region' : 'account';
  view.cols = [];
  for (let c = 0; c < D.services.length; c++)
    if (state.service === '' || +state.service === c) view.cols.push(c);
  const cells: Cells = {};
  const picked: number[] = [];
  const keyIdx = rowKey();
  for (let i = 0; i < D.results.length; i++) {
    const r = D.results[i]!;
    if (!passes(r, i)) continue;
    picked.push(i);
    const k = r[keyIdx];
    let row = cells[k];
    if (!row) {
      row = {};
      cells[k] = row;
    }
    const status = r[RESULT.status];
    let cell = row[r[RESULT.service]];
    if (!cell) {
      cell = { w: status, n: 0, f: 0 };
      row[r[RESULT.service]] = cell;
    }
    cell.n++;
    if (status === 'fail') cell.f++;
    if (rank(status) > rank(cell.w)) cell.w = status;
  }
  const narrowing = state.status !== '' || state.q !== '';
  let rows: number[] = [];
  if (view.mode === 'region') {
    const seen: Record<number, true> = {};
    const accs = state.account !== '' ? [+state.account] : D.accounts.map((_, j) => j);
    accs.forEach((a) => {
      D.accounts[a]!.regions.forEach((g) => {
        seen[g] = true;
      });
    });
    Object.keys(cells).forEach((g) => {
      seen[+g] = true;
    });
    rows = Object.keys(seen)
      .map(Number)
      .filter((g) => {
        if (state.region !== '' && g !== +state.region) return false;
        return !narrowing || cells[g] !== undefined;
      });
    rows.sort((x, y) => x - y); // D.regions is already in display order
  } else {
    for (let a = 0; a < D.accounts.length; a++)
      if ((!narrowing && state.region === '') || cells[a] !== undefined) rows.push(a);
  }
  view.rows = rows;
  view.cells = cells;
  view.picked = picked;
  countEl.textContent = `Showing ${picked.length} of ${D.results.length} results; grid: ${rows.length}${
    view.mode === 'region' ? ' regions' : ' accounts'
  } × ${view.cols.length} services`;
  renderGrid();
}

// ------------------------------------------------------------------------------------- grid view
const countEl = element('count', HTMLElement);
const body = element('grid-body', HTMLDivElement);
const spacer = element('grid-spacer', HTMLDivElement);
const rowsEl = element('grid-rows', HTMLDivElement);
const head = element('grid-head', HTMLDivElement);
const emptyEl = element('grid-empty', HTMLParagraphElement);
let lastRange = '';
function template(): string {
  return `minmax(14rem, 1.6fr) repeat(${view.cols.length}, minmax(7.5rem, 1fr))`;
}
function renderHead(): void {
  head.textContent = '';
  head.style.gridTemplateColumns = template();
  head.appendChild(h('div', 'hcell', view.mode === 'region' ? 'Region' : 'Account'));
  view.cols.forEach((c) => {
    head.appendChild(h('div', 'hcell', serviceLabel(c)));
  });
}
function rowLabel(k: number): string {
  if (view.mode === 'account') return accountLabel(k);
  const g = D.regions[k]!;
  return g === '*' ? '* (region list unreadable)' : g;
}
function renderRow(idx: number): HTMLDivElement {
  const k = view.rows[idx]!;
  const row = h('div', 'row');
  row.setAttribute('role', 'row');
  row.style.gridTemplateColumns = template();
  if (!state.printing) row.style.top = `${idx * ROW_H}px`;
  const lab = h('div', 'rlabel', rowLabel(k));
  lab.title = rowLabel(k);
  row.appendChild(lab);
  const cells = view.cells[k] || {};
  view.cols.forEach((c) => {
    const cell = cells[c];
    const b = h('button', `cell ${cell ? `s-${cell.w}` : 'empty'}`);
    b.type = 'button';
    b.dataset.row = String(k);
    b.dataset.col = String(c);
    b.dataset.status = cell ? cell.w : 'none';
    if (cell) {
      const d = D.display[cell.w];
      b.appendChild(h('span', 'sym', d.symbol));
      b.appendChild(h('span', 'lbl', ` ${d.label}`));
      // A FAIL cell shows how many failing results it stands for (the legend says so).
      if (cell.w === 'fail') b.appendChild(h('span', 'num', ` ${cell.f}`));
      b.setAttribute(
        'aria-label',
        `${rowLabel(k)}, ${serviceLabel(c)}: ${d.label}, ${cell.n} result(s)${cell.f > 0 ? `, ${cell.f} failing` : ''}`,
      );
    } else {
      b.textContent = '—';
      b.disabled = true;
      b.setAttribute('aria-label', `${rowLabel(k)}, ${serviceLabel(c)}: no result`);
    }
    if (state.sel && state.sel.row === k && state.sel.col === c) b.classList.add('selected');
    row.appendChild(b);
  });
  return row;
}
function renderWindow(force: boolean): void {
  const n = view.rows.length;
  let start = 0;
  let end = n;
  if (!state.printing) {
    const top = body.scrollTop;
    const hgt = body.clientHeight || 600;
    start = Math.max(0, Math.min(Math.floor(top / ROW_H), n) - 10);
    end = Math.min(n, Math.ceil((top + hgt) / ROW_H) + 10);
  }
  const key = `${start}:${end}`;
  if (!force && key === lastRange) return;
  lastRange = key;
  const frag = document.createDocumentFragment();
  for (let i = start; i < end; i++) frag.appendChild(renderRow(i));
  rowsEl.textContent = '';
  rowsEl.appendChild(frag);
}
function renderGrid(): void {
  if (!state.printing) body.scrollTop = 0;
  renderHead();
  spacer.style.height = state.printing ? '0px' : `${view.rows.length * ROW_H}px`;
  body.style.height = state.printing ? 'auto' : `${Math.max(ROW_H, view.rows.length * ROW_H) + 2}px`;
  emptyEl.hidden = view.rows.length > 0;
  renderWindow(true);
}
let ticking = false;
body.addEventListener('scroll', () => {
  if (ticking) return;
  ticking = true;
  requestAnimationFrame(() => {
    ticking = false;
    renderWindow(false);
  });
});
window.addEventListener('resize', () => {
  renderWindow(true);
});
body.addEventListener('click', (ev) => {
  const t = ev.target;
  const b = t instanceof Element ? t.closest('button.cell') : null;
  if (!(b instanceof HTMLButtonElement) || b.disabled) return;
  state.sel = { row: Number(b.dataset.row), col: Number(b.dataset.col) };
  state.shown = PAGE;
  renderWindow(true);
  renderDetails();
  det.scrollIntoView({ block: 'nearest' });
});

// ------------------------------------------------------------------------------------- drill-down
const det = element('details', HTMLElement);
const detBody = element('details-body', HTMLDivElement);
const detTitle = element('details-title', HTMLHeadingElement);
function renderDetails(): void {
  detBody.textContent = '';
  const sel = state.sel;
  if (!sel) {
    det.hidden = true;
    return;
  }
  det.hidden = false;
  const keyIdx = rowKey();
  const list = view.picked.filter((i) => {
    const r = D.results[i]!;
    return r[keyIdx] === sel.row && r[RESULT.service] === sel.col;
  });
  const statusOf = (i: number) => D.results[i]![RESULT.status];
  list.sort((x, y) => rank(statusOf(y)) - rank(statusOf(x)) || x - y);
  detTitle.textContent = `${serviceLabel(sel.col)} — ${rowLabel(sel.row)}: ${list.length} result(s)`;
  const table = h('table', 'results');
  const thead = h('thead');
  const tr = h('tr');
  [
    'Status',
    'Check',
    'Account',
    'Region',
    'Resource',
    'What was found',
    'Cause (AWS error, IAM action)',
  ].forEach((t) => {
    tr.appendChild(h('th', null, t));
  });
  thead.appendChild(tr);
  table.appendChild(thead);
  const tb = h('tbody');
  list.slice(0, state.shown).forEach((i) => {
    const r = D.results[i]!;
    const status = r[RESULT.status];
    const row = h('tr', 'result');
    row.dataset.status = status;
    const td = h('td');
    td.appendChild(badge(status));
    row.appendChild(td);
    const chk = D.checks[r[RESULT.check]]!;
    const tdc = h('td', null, chk.title);
    if (chk.title !== chk.id || chk.severity)
      tdc.appendChild(h('div', 'muted', chk.id + (chk.severity ? ` · ${chk.severity}` : '')));
    row.appendChild(tdc);
    row.appendChild(h('td', 'mono', accountLabel(r[RESULT.account])));
    row.appendChild(h('td', 'mono', D.regions[r[RESULT.region]]));
    const resource = r[RESULT.resource];
    row.appendChild(h('td', 'mono wrap', resource === null ? '—' : resource));
    const tdd = h('td', 'wrap', r[RESULT.detail]);
    const accepted = r[RESULT.acceptance];
    if (accepted >= 0) tdd.appendChild(h('div', 'accepted-note', acceptanceText(D.acceptances[accepted]!)));
    if ((status === 'fail' || status === 'accepted') && chk.remediation)
      tdd.appendChild(h('div', 'muted', `Remediation: ${chk.remediation}`));
    row.appendChild(tdd);
    const tdk = h('td', 'wrap');
    const cause = r[RESULT.cause];
    if (cause >= 0) {
      const cz = D.causes[cause]!;
      tdk.appendChild(h('div', 'mono', cz[CAUSE.code]));
      tdk.appendChild(h('div', 'mono', `needs ${cz[CAUSE.action]}`));
      tdk.appendChild(h('div', 'muted', `${cz[CAUSE.kind]}: ${cz[CAUSE.message]}`));
    } else tdk.textContent = '—';
    row.appendChild(tdk);
    tb.appendChild(row);
  });
  table.appendChild(tb);
  detBody.appendChild(table);
  if (list.length > state.shown) {
    const more = h(
      'button',
      'more',
      `Show ${Math.min(PAGE, list.length - state.shown)} more of ${list.length - state.shown}`,
    );
    more.type = 'button';
    more.id = 'details-more';
    detBody.appendChild(more);
  }
}
det.addEventListener('click', (ev) => {
  const t = ev.target;
  const id = t instanceof Element ? t.id : '';
  if (id === 'details-more') {
    state.shown += PAGE;
    renderDetails();
  }
  if (id === 'details-close') {
    state.sel = null;
    renderWindow(true);
    renderDetails();
  }
});

// ------------------------------------------------------------------------------------- print
window.addEventListener('beforeprint', () => {
  state.printing = true;
  document.body.classList.add('printing');
  renderGrid();
});
window.addEventListener('afterprint', () => {
  state.printing = false;
  document.body.classList.remove('printing');
  renderGrid();
});

recompute();
renderDetails();
document.body.classList.add('ready');
