// Client-side search over window.GTMAP_SEARCH (assets/search-index.js), as an ARIA combobox.
(function () {
  'use strict';
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var index = window.GTMAP_SEARCH;
  if (!input || !list || !Array.isArray(index)) return;
  var root = document.documentElement.getAttribute('data-root') || '';
  var MAX = 12;
  var active = -1;
  input.disabled = false;

  function norm(s) {
    return String(s).toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  }
  var prepared = index.map(function (e) {
    return { e: e, name: norm(e.n), id: e.i, kind: norm(e.k), def: norm(e.d) };
  });

  function score(p, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var s = 0;
      if (p.name === t) s = 100;
      else if (p.name.indexOf(t) === 0) s = 60;
      else if (p.name.indexOf(' ' + t) >= 0) s = 45;
      else if (p.name.indexOf(t) >= 0) s = 30;
      else if (p.id.indexOf(t) >= 0) s = 20;
      else if (p.kind.indexOf(t) >= 0) s = 10;
      else if (p.def.indexOf(t) >= 0) s = 5;
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function select(i) {
    var items = list.querySelectorAll('a');
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach(function (a, j) { a.setAttribute('aria-selected', j === active ? 'true' : 'false'); });
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function update() {
    var q = norm(input.value).trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    if (!q) { close(); status.textContent = ''; return; }
    var terms = q.split(/\s+/);
    var hits = [];
    for (var i = 0; i < prepared.length; i++) {
      var s = score(prepared[i], terms);
      if (s > 0) hits.push({ s: s, p: prepared[i] });
    }
    hits.sort(function (a, b) { return b.s - a.s || (a.p.name < b.p.name ? -1 : a.p.name > b.p.name ? 1 : 0); });
    var shown = hits.slice(0, MAX);
    if (shown.length === 0) {
      var none = document.createElement('li');
      none.className = 'no-hit';
      none.textContent = 'Nothing in the map matches “' + input.value.trim() + '”.';
      list.appendChild(none);
    }
    shown.forEach(function (h, i) {
      var li = document.createElement('li');
      li.setAttribute('role', 'presentation');
      var a = document.createElement('a');
      a.id = 'search-hit-' + i;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.href = root + h.p.e.u;
      var name = document.createElement('span');
      name.className = 'hit-name';
      name.textContent = h.p.e.n;
      var kind = document.createElement('span');
      kind.className = 'hit-kind';
      kind.textContent = h.p.e.k;
      var def = document.createElement('span');
      def.className = 'hit-def';
      def.textContent = h.p.e.d;
      a.appendChild(name);
      a.appendChild(kind);
      a.appendChild(def);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = hits.length === 0 ? 'No results' : hits.length + (hits.length === 1 ? ' result' : ' results') + (hits.length > MAX ? ', showing the first ' + MAX : '');
  }

  input.addEventListener('input', update);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown') { ev.preventDefault(); if (list.hidden) update(); select(active + 1); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); select(active - 1); }
    else if (ev.key === 'Enter') {
      var items = list.querySelectorAll('a');
      var target = items[active >= 0 ? active : 0];
      if (target) { ev.preventDefault(); window.location.href = target.href; }
    } else if (ev.key === 'Escape') { close(); }
  });
  document.addEventListener('click', function (ev) {
    if (!list.contains(ev.target) && ev.target !== input) close();
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '/' && document.activeElement !== input && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      ev.preventDefault();
      input.focus();
    }
  });
})();
