//! The page's styles and script, inlined so the page fetches nothing.

/// The page's styles: plain CSS that old browsers read; a print stylesheet for A4.
pub(super) const STYLE: &str = r#"body { font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #111; margin: 0 auto; padding: 0 16px 40px; max-width: 1400px; }
h1 { font-size: 22px; margin: 16px 0 4px; } h2 { font-size: 19px; border-bottom: 2px solid #333; padding-bottom: 3px; margin-top: 28px; }
h3 { font-size: 16px; margin: 18px 0 6px; } h4 { font-size: 15px; margin: 14px 0 6px; }
.sub, .note, .where, .col, .tnote, .path { color: #444; font-size: 12px; }
[hidden] { display: none !important; }
a { color: #0645ad; }
table { border-collapse: collapse; }
table.list { margin: 6px 0 10px; } table.list caption { text-align: left; font-weight: bold; padding: 4px 0; }
table.list th, table.list td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }
table.list th { background: #eee; }
.num { text-align: right; white-space: nowrap; }
.scroll { overflow-x: auto; }
.drawn { margin: 18px 0 22px; }
table.grid caption { text-align: left; padding: 4px 0; caption-side: top; } table.grid .cap { font-weight: bold; font-size: 15px; }
table.grid th, table.grid td { border: 1px solid #888; padding: 2px 5px; vertical-align: top; white-space: pre-line; word-wrap: break-word; }
table.grid thead th { background: #e8edf3; font-weight: bold; text-align: center; vertical-align: middle; }
table.grid tr.letters th, table.grid th.rn { background: #f4f4f4; color: #666; font-weight: normal; font-size: 11px; text-align: center; }
table.grid th.rn { min-width: 2em; }
.m { position: relative; }
.m .mk { font-weight: bold; margin-left: 4px; white-space: nowrap; }
.m .mk sup { font-size: 9px; margin-left: 1px; }
td.m, th.m { cursor: pointer; }
.sev-error.m, td.sev-error, th.sev-error { background: #fde2e2; outline: 3px solid #b30000; outline-offset: -3px; }
.sev-warning.m, td.sev-warning, th.sev-warning { background: #fff1cc; outline: 3px dashed #a35f00; outline-offset: -3px; }
.sev-info.m, td.sev-info, th.sev-info { background: #e1ecfb; outline: 2px dotted #1d4f91; outline-offset: -2px; }
span.m { padding: 1px 5px; display: inline-block; }
.sev-error .mk, .badge.sev-error, .count.sev-error { color: #b30000; }
.sev-warning .mk, .badge.sev-warning, .count.sev-warning { color: #8a5000; }
.sev-info .mk, .badge.sev-info, .count.sev-info { color: #1d4f91; }
.count { font-weight: bold; margin-right: 10px; }
.operand, td.operand, th.operand { background: #d6f5d6 !important; outline: 3px double #146c14 !important; outline-offset: -3px; }
span.operand { padding: 1px 5px; display: inline-block; }
.ok { color: #146c14; font-weight: bold; }
.legend { font-size: 13px; }
.unreadable { color: #b30000; font-weight: bold; }
.filters { background: #f4f4f4; border: 1px solid #ccc; padding: 6px 8px; margin: 8px 0; }
.filters label { margin-right: 12px; }
ol.findings { list-style: none; padding: 0; }
li.finding { border: 1px solid #bbb; border-left-width: 6px; padding: 6px 10px; margin: 0 0 8px; page-break-inside: avoid; break-inside: avoid; }
li.finding.sev-error { border-left-color: #b30000; border-left-style: solid; }
li.finding.sev-warning { border-left-color: #a35f00; border-left-style: dashed; }
li.finding.sev-info { border-left-color: #1d4f91; border-left-style: dotted; }
li.finding.off { display: none; }
.fhead .fno { font-weight: bold; display: inline-block; min-width: 2em; }
.fhead .fno:after { content: "."; }
.badge { font-weight: bold; }
.fcode { font-size: 12px; background: #f0f0f0; padding: 0 3px; }
.place { font-size: 13px; color: #333; margin: 3px 0; }
.msg { margin: 4px 0; }
dl { margin: 4px 0; } dt { font-weight: bold; float: left; clear: left; min-width: 8em; } dd { margin: 0 0 2px 9em; }
dl:after { content: ""; display: block; clear: both; }
.formula { font-family: "Courier New", monospace; font-size: 13px; }
#popup { position: absolute; z-index: 10; background: #fff; border: 2px solid #333; box-shadow: 2px 3px 8px rgba(0,0,0,0.35); padding: 8px 30px 8px 10px; max-width: 560px; font-size: 13px; }
#popup li.finding, #popup .finding { margin: 0 0 6px; border-width: 1px; border-left-width: 5px; list-style: none; }
#popup-close { position: absolute; top: 2px; right: 4px; border: 0; background: none; font-size: 20px; cursor: pointer; }
@media print {
  @page { size: A4; margin: 12mm 10mm; }
  body { font-size: 10pt; max-width: none; padding: 0; }
  #popup, #selftest-result, .filters, #popup-close { display: none !important; }
  li.finding.off { display: block !important; }
  a { color: #000; text-decoration: none; }
  .scroll { overflow: visible; }
  table.grid { font-size: 8pt; width: 100%; }
  table.grid thead { display: table-header-group; }
  table.grid tr, table.list tr { page-break-inside: avoid; break-inside: avoid; }
  h2, h3, h4, caption { page-break-after: avoid; break-after: avoid; }
  .drawn { page-break-inside: auto; }
  .drawn.keep { page-break-inside: avoid; break-inside: avoid; }
  .sev-error.m, .sev-warning.m, .sev-info.m, .operand { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .operand { background: transparent !important; outline: none !important; }
}
"#;

/// The page's script: plain ES5 for old browsers. It only moves and clones nodes
/// the page already holds; it never turns text into markup.
pub(super) const SCRIPT: &str = r#"(function () {
  var popup = document.getElementById('popup');
  var body = document.getElementById('popup-body');
  var current = null, pinned = false, lit = [];
  function has(e, c) { return (' ' + e.className + ' ').indexOf(' ' + c + ' ') >= 0; }
  function add(e, c) { if (!has(e, c)) { e.className += ' ' + c; } }
  function remove(e, c) { e.className = (' ' + e.className + ' ').replace(' ' + c + ' ', ' ').replace(/^\s+|\s+$/g, ''); }
  function unlight() { for (var i = 0; i < lit.length; i++) { remove(lit[i], 'operand'); } lit = []; }
  function hide() { popup.setAttribute('hidden', 'hidden'); unlight(); current = null; pinned = false; }
  function show(cell) {
    unlight();
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var nums = cell.getAttribute('data-f').split(' ');
    for (var i = 0; i < nums.length; i++) {
      var li = document.getElementById('f' + nums[i]);
      if (!li) { continue; }
      var copy = li.cloneNode(true);
      copy.removeAttribute('id');
      remove(copy, 'off');
      var div = document.createElement('div');
      div.className = copy.className;
      while (copy.firstChild) { div.appendChild(copy.firstChild); }
      body.appendChild(div);
      var ins = (li.getAttribute('data-in') || '').split(' ');
      for (var j = 0; j < ins.length; j++) {
        var el = ins[j] ? document.getElementById(ins[j]) : null;
        if (el && el !== cell) { add(el, 'operand'); lit.push(el); }
      }
    }
    popup.removeAttribute('hidden');
    var r = cell.getBoundingClientRect();
    var sx = window.pageXOffset || document.documentElement.scrollLeft;
    var sy = window.pageYOffset || document.documentElement.scrollTop;
    var width = popup.offsetWidth;
    var left = r.left + sx;
    var room = (document.documentElement.clientWidth || 800) + sx - width - 8;
    if (left > room) { left = Math.max(sx + 4, room); }
    popup.style.left = left + 'px';
    popup.style.top = (r.bottom + sy + 4) + 'px';
    current = cell;
  }
  var cells = document.querySelectorAll('.m[data-f]');
  function bind(cell) {
    cell.onclick = function (e) {
      if (current === cell && pinned) { hide(); } else { show(cell); pinned = true; }
      if (e && e.stopPropagation) { e.stopPropagation(); }
    };
    cell.onmouseover = function () { if (!pinned && current !== cell) { show(cell); } };
    cell.onmouseout = function (e) {
      var to = e && (e.relatedTarget || e.toElement);
      if (!pinned && current === cell && !(to && (cell.contains(to) || popup.contains(to)))) { hide(); }
    };
    cell.onkeydown = function (e) {
      var k = e.keyCode || e.which;
      if (k === 13 || k === 32) { cell.onclick(e); if (e.preventDefault) { e.preventDefault(); } }
    };
  }
  for (var i = 0; i < cells.length; i++) { bind(cells[i]); }
  document.getElementById('popup-close').onclick = hide;
  popup.onclick = function (e) { if (e && e.stopPropagation) { e.stopPropagation(); } };
  document.onclick = function () { if (current) { hide(); } };
  document.onkeydown = function (e) { if ((e.keyCode || e.which) === 27 && current) { hide(); } };

  // Filters of the findings list.
  var sev = document.getElementById('f-sev'), table = document.getElementById('f-table'), code = document.getElementById('f-code');
  var count = document.getElementById('f-count');
  var items = document.querySelectorAll('li.finding');
  function apply() {
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var ok = (!sev.value || li.getAttribute('data-sev') === sev.value) &&
        (!table.value || li.getAttribute('data-table') === table.value) &&
        (!code.value || li.getAttribute('data-code') === code.value);
      if (ok) { remove(li, 'off'); shown++; } else { add(li, 'off'); }
    }
    count.textContent = count.getAttribute('data-template').replace('{shown}', shown).replace('{total}', items.length);
  }
  if (sev && table && code && count) {
    sev.onchange = apply; table.onchange = apply; code.onchange = apply;
    apply();
  }

  // Self-test for the browser test (#selftest): each marked cell clicked as a
  // user would, and what its popup showed written down.
  if (window.location.hash === '#selftest') {
    var out = [];
    for (var c = 0; c < cells.length; c++) {
      var cell = cells[c];
      hide();
      cell.click();
      var nos = body.querySelectorAll('.fno'), codes = body.querySelectorAll('.fcode'), shownNos = [], shownCodes = [];
      for (var n = 0; n < nos.length; n++) { shownNos.push(nos[n].textContent); }
      for (var m = 0; m < codes.length; m++) { shownCodes.push(codes[m].textContent); }
      out.push(cell.getAttribute('data-sheet') + '!' + cell.getAttribute('data-a1') + '\t' + shownNos.join(',') + '\t' + shownCodes.join(',') + '\t' + (popup.hasAttribute('hidden') ? 'hidden' : 'shown') + '\t' + lit.length);
    }
    if (cells.length) { hide(); cells[0].click(); }
    // The filters, each alone: how many findings each leaves shown.
    function visible() { var k = 0; for (var i = 0; i < items.length; i++) { if (!has(items[i], 'off')) { k++; } } return k; }
    function tryFilter(select, value, label) {
      if (!select) { return; }
      select.value = value; select.onchange();
      out.push('filter\t' + label + '\t' + visible());
      select.value = ''; select.onchange();
    }
    tryFilter(sev, 'warning', 'severity=warning');
    tryFilter(code, 'label-mismatch', 'code=label-mismatch');
    if (table && table.options.length > 1) {
      var last = table.options[table.options.length - 1];
      tryFilter(table, last.value, 'table=' + last.text);
    }
    var pre = document.getElementById('selftest-result');
    pre.textContent = out.join('\n');
    pre.removeAttribute('hidden');
  }
})();
"#;
