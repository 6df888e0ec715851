/**
 * The report's inline browser script, kept as plain ES5-ish text (no transpiler helpers can leak in).
 * It reads the JSON data block, computes the grid for the current filters, renders only the visible
 * rows (virtualised), and uses one delegated listener per container. Every string from the data is
 * written with textContent or dataset, never parsed as HTML.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('wp-data').textContent);
  var RANK = { fail: 3, unknown: 2, pass: 1, not_applicable: 0 };
  var ROW_H = 30;
  var PAGE = 200;
  var A = 0, REG = 1, SVC = 2, ST = 3, CHK = 4, RES = 5, DET = 6, CAU = 7;
  var state = { service: '', status: '', account: '', region: '', q: '', sel: null, shown: PAGE, printing: false };
  var view = { mode: 'region', rows: [], cols: [], cells: {}, picked: [] };
  var lower = null;

  function $(id) { return document.getElementById(id); }
  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function option(sel, value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    sel.appendChild(o);
  }
  function accountLabel(i) {
    var a = D.accounts[i];
    return a.name ? a.id + ' (' + a.name + ')' : a.id;
  }
  function serviceLabel(i) { return D.serviceLabels[D.services[i]]; }
  function badge(status) {
    var d = D.display[status];
    var b = h('span', 'badge s-' + status, d.symbol + ' ' + d.label);
    return b;
  }

  // ------------------------------------------------------------------------------------- filters
  var fService = $('f-service'), fStatus = $('f-status'), fAccount = $('f-account'), fRegion = $('f-region'), fQ = $('f-q');
  option(fService, '', 'All services');
  D.services.forEach(function (s, i) { option(fService, String(i), D.serviceLabels[s]); });
  option(fStatus, '', 'All statuses');
  ['fail', 'unknown', 'pass', 'not_applicable'].forEach(function (s) { option(fStatus, s, D.display[s].symbol + ' ' + D.display[s].label); });
  option(fAccount, '', 'All accounts (' + D.accounts.length + ')');
  D.accounts.forEach(function (a, i) { option(fAccount, String(i), accountLabel(i)); });
  option(fRegion, '', 'All regions');
  D.regions.forEach(function (r, i) { option(fRegion, String(i), r); });

  function onFilter() {
    state.service = fService.value;
    state.status = fStatus.value;
    state.account = fAccount.value;
    state.region = fRegion.value;
    state.q = fQ.value.trim().toLowerCase();
    state.sel = null;
    recompute();
    renderDetails();
  }
  $('filters').addEventListener('change', onFilter);
  var qTimer = 0;
  fQ.addEventListener('input', function () { clearTimeout(qTimer); qTimer = setTimeout(onFilter, 200); });
  $('f-clear').addEventListener('click', function () {
    fService.value = ''; fStatus.value = ''; fAccount.value = ''; fRegion.value = ''; fQ.value = '';
    onFilter();
  });

  function haystack(i) {
    if (!lower) lower = new Array(D.results.length);
    var s = lower[i];
    if (s === undefined) {
      var r = D.results[i];
      var c = r[CAU] >= 0 ? D.causes[r[CAU]].join(' ') : '';
      s = (D.checks[r[CHK]].id + ' ' + D.checks[r[CHK]].title + ' ' + (r[RES] || '') + ' ' + r[DET] + ' ' + c + ' ' + D.accounts[r[A]].id + ' ' + (D.accounts[r[A]].name || '')).toLowerCase();
      lower[i] = s;
    }
    return s;
  }

  function passes(r, i) {
    if (state.service !== '' && r[SVC] !== +state.service) return false;
    if (state.status !== '' && r[ST] !== state.status) return false;
    if (state.account !== '' && r[A] !== +state.account) return false;
    if (state.region !== '' && r[REG] !== +state.region) return false;
    if (state.q !== '' && haystack(i).indexOf(state.q) === -1) return false;
    return true;
  }

  // ------------------------------------------------------------------------------------- grid model
  function recompute() {
    var single = D.accounts.length === 1 || state.account !== '';
    view.mode = single ? 'region' : 'account';
    view.cols = [];
    for (var c = 0; c < D.services.length; c++) if (state.service === '' || +state.service === c) view.cols.push(c);
    var cells = {};
    var picked = [];
    var keyIdx = view.mode === 'region' ? REG : A;
    for (var i = 0; i < D.results.length; i++) {
      var r = D.results[i];
      if (!passes(r, i)) continue;
      picked.push(i);
      var k = r[keyIdx];
      var row = cells[k];
      if (!row) { row = {}; cells[k] = row; }
      var cell = row[r[SVC]];
      if (!cell) { cell = { w: r[ST], n: 0 }; row[r[SVC]] = cell; }
      cell.n++;
      if (RANK[r[ST]] > RANK[cell.w]) cell.w = r[ST];
    }
    var narrowing = state.status !== '' || state.q !== '';
    var rows = [];
    if (view.mode === 'region') {
      var seen = {};
      var accs = state.account !== '' ? [+state.account] : D.accounts.map(function (_, j) { return j; });
      accs.forEach(function (a) { D.accounts[a].regions.forEach(function (g) { seen[g] = true; }); });
      Object.keys(cells).forEach(function (g) { seen[g] = true; });
      rows = Object.keys(seen).map(Number).filter(function (g) {
        if (state.region !== '' && g !== +state.region) return false;
        return !narrowing || cells[g];
      });
      rows.sort(function (x, y) { return x - y; }); // D.regions is already in display order
    } else {
      for (var a = 0; a < D.accounts.length; a++) if (!narrowing && state.region === '' ? true : cells[a]) rows.push(a);
    }
    view.rows = rows;
    view.cells = cells;
    view.picked = picked;
    $('count').textContent = 'Showing ' + picked.length + ' of ' + D.results.length + ' results; grid: ' +
      rows.length + (view.mode === 'region' ? ' regions' : ' accounts') + ' × ' + view.cols.length + ' services';
    renderGrid();
  }

  // ------------------------------------------------------------------------------------- grid view
  var body = $('grid-body'), spacer = $('grid-spacer'), rowsEl = $('grid-rows'), head = $('grid-head');
  var lastRange = '';
  function template() { return 'minmax(14rem, 1.6fr) repeat(' + view.cols.length + ', minmax(7.5rem, 1fr))'; }
  function renderHead() {
    head.textContent = '';
    head.style.gridTemplateColumns = template();
    head.appendChild(h('div', 'hcell', view.mode === 'region' ? 'Region' : 'Account'));
    view.cols.forEach(function (c) { head.appendChild(h('div', 'hcell', serviceLabel(c))); });
  }
  function rowLabel(k) {
    if (view.mode === 'account') return accountLabel(k);
    var g = D.regions[k];
    return g === '*' ? '* (region list unreadable)' : g;
  }
  function renderRow(idx) {
    var k = view.rows[idx];
    var row = h('div', 'row');
    row.setAttribute('role', 'row');
    row.style.gridTemplateColumns = template();
    if (!state.printing) row.style.top = idx * ROW_H + 'px';
    var lab = h('div', 'rlabel', rowLabel(k));
    lab.title = rowLabel(k);
    row.appendChild(lab);
    var cells = view.cells[k] || {};
    view.cols.forEach(function (c) {
      var cell = cells[c];
      var b = h('button', 'cell ' + (cell ? 's-' + cell.w : 'empty'));
      b.type = 'button';
      b.dataset.row = String(k);
      b.dataset.col = String(c);
      b.dataset.status = cell ? cell.w : 'none';
      if (cell) {
        var d = D.display[cell.w];
        b.appendChild(h('span', 'sym', d.symbol));
        b.appendChild(h('span', 'lbl', ' ' + d.label));
        b.appendChild(h('span', 'num', ' ' + cell.n));
        b.setAttribute('aria-label', rowLabel(k) + ', ' + serviceLabel(c) + ': ' + d.label + ', ' + cell.n + ' result(s)');
      } else {
        b.textContent = '—';
        b.disabled = true;
        b.setAttribute('aria-label', rowLabel(k) + ', ' + serviceLabel(c) + ': no result');
      }
      if (state.sel && state.sel.row === k && state.sel.col === c) b.classList.add('selected');
      row.appendChild(b);
    });
    return row;
  }
  function renderWindow(force) {
    var n = view.rows.length;
    var start = 0, end = n;
    if (!state.printing) {
      var top = body.scrollTop, hgt = body.clientHeight || 600;
      start = Math.max(0, Math.min(Math.floor(top / ROW_H), n) - 10);
      end = Math.min(n, Math.ceil((top + hgt) / ROW_H) + 10);
    }
    var key = start + ':' + end;
    if (!force && key === lastRange) return;
    lastRange = key;
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) frag.appendChild(renderRow(i));
    rowsEl.textContent = '';
    rowsEl.appendChild(frag);
  }
  function renderGrid() {
    if (!state.printing) body.scrollTop = 0;
    renderHead();
    spacer.style.height = state.printing ? '0px' : view.rows.length * ROW_H + 'px';
    body.style.height = state.printing ? 'auto' : Math.max(ROW_H, view.rows.length * ROW_H) + 2 + 'px';
    $('grid-empty').hidden = view.rows.length > 0;
    renderWindow(true);
  }
  var ticking = false;
  body.addEventListener('scroll', function () {
    if (ticking) return;
    ticking = true;
    requestAnimationFrame(function () { ticking = false; renderWindow(false); });
  });
  window.addEventListener('resize', function () { renderWindow(true); });
  body.addEventListener('click', function (ev) {
    var t = ev.target;
    var b = t && t.closest ? t.closest('button.cell') : null;
    if (!b || b.disabled) return;
    state.sel = { row: +b.dataset.row, col: +b.dataset.col };
    state.shown = PAGE;
    renderWindow(true);
    renderDetails();
    $('details').scrollIntoView({ block: 'nearest' });
  });

  // ------------------------------------------------------------------------------------- drill-down
  var det = $('details'), detBody = $('details-body'), detTitle = $('details-title');
  function renderDetails() {
    detBody.textContent = '';
    if (!state.sel) {
      det.hidden = true;
      return;
    }
    det.hidden = false;
    var keyIdx = view.mode === 'region' ? REG : A;
    var list = view.picked.filter(function (i) {
      var r = D.results[i];
      return r[keyIdx] === state.sel.row && r[SVC] === state.sel.col;
    });
    list.sort(function (x, y) { return RANK[D.results[y][ST]] - RANK[D.results[x][ST]] || x - y; });
    detTitle.textContent = serviceLabel(state.sel.col) + ' — ' + rowLabel(state.sel.row) + ': ' + list.length + ' result(s)';
    var table = h('table', 'results');
    var thead = h('thead');
    var tr = h('tr');
    ['Status', 'Check', 'Account', 'Region', 'Resource', 'What was found', 'Cause (AWS error, IAM action)'].forEach(function (t) { tr.appendChild(h('th', null, t)); });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tb = h('tbody');
    list.slice(0, state.shown).forEach(function (i) {
      var r = D.results[i];
      var row = h('tr', 'result');
      row.dataset.status = r[ST];
      var td = h('td');
      td.appendChild(badge(r[ST]));
      row.appendChild(td);
      var chk = D.checks[r[CHK]];
      var tdc = h('td', null, chk.title);
      if (chk.title !== chk.id || chk.severity) tdc.appendChild(h('div', 'muted', chk.id + (chk.severity ? ' · ' + chk.severity : '')));
      row.appendChild(tdc);
      row.appendChild(h('td', 'mono', accountLabel(r[A])));
      row.appendChild(h('td', 'mono', D.regions[r[REG]]));
      row.appendChild(h('td', 'mono wrap', r[RES] === null ? '—' : r[RES]));
      var tdd = h('td', 'wrap', r[DET]);
      if (r[ST] === 'fail' && chk.remediation) tdd.appendChild(h('div', 'muted', 'Remediation: ' + chk.remediation));
      row.appendChild(tdd);
      var tdk = h('td', 'wrap');
      if (r[CAU] >= 0) {
        var cz = D.causes[r[CAU]];
        tdk.appendChild(h('div', 'mono', cz[1]));
        tdk.appendChild(h('div', 'mono', 'needs ' + cz[2]));
        tdk.appendChild(h('div', 'muted', cz[0] + ': ' + cz[3]));
      } else tdk.textContent = '—';
      row.appendChild(tdk);
      tb.appendChild(row);
    });
    table.appendChild(tb);
    detBody.appendChild(table);
    if (list.length > state.shown) {
      var more = h('button', 'more', 'Show ' + Math.min(PAGE, list.length - state.shown) + ' more of ' + (list.length - state.shown));
      more.type = 'button';
      more.id = 'details-more';
      detBody.appendChild(more);
    }
  }
  det.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t && t.id === 'details-more') { state.shown += PAGE; renderDetails(); }
    if (t && t.id === 'details-close') { state.sel = null; renderWindow(true); renderDetails(); }
  });

  // ------------------------------------------------------------------------------------- print
  window.addEventListener('beforeprint', function () { state.printing = true; document.body.classList.add('printing'); renderGrid(); });
  window.addEventListener('afterprint', function () { state.printing = false; document.body.classList.remove('printing'); renderGrid(); });

  recompute();
  renderDetails();
  document.body.classList.add('ready');
})();`;
