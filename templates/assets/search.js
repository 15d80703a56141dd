// Client-side search over window.GTMAP_SEARCH (assets/search-index.js) with MiniSearch
// (assets/minisearch.js): typo-tolerant, prefix and field-boosted, as an ARIA combobox.
(function () {
  'use strict';
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var docs = window.GTMAP_SEARCH;
  var MiniSearch = window.MiniSearch;
  if (!input || !list || !Array.isArray(docs) || typeof MiniSearch !== 'function') return;
  var root = document.documentElement.getAttribute('data-root') || '';
  var MAX = 12;
  var active = -1;
  var engine = null;
  input.disabled = false;

  // words that say nothing about what is searched for ("who approves discounts")
  var STOP = {};
  'a an and are at be by can do does for from how i in is it of on or our the to we what when where which who whom why with'
    .split(' ')
    .forEach(function (w) { STOP[w] = true; });

  // a light English stemmer, the same for the index and the query: approval, approves and
  // approved all become "approv"; discovery and discvery end alike, so a typo is one edit away
  function stem(w) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) return w;
    if (/ies$/.test(w)) return w.slice(0, -3) + 'i';
    if (/y$/.test(w)) return w.slice(0, -1) + 'i';
    var suffixes = ['ing', 'ed', 'es', 'al', 'e', 's'];
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (w.length - s.length >= 3 && w.slice(-s.length) === s) {
        if (s === 's' && /ss$/.test(w)) return w;
        return w.slice(0, -s.length);
      }
    }
    return w;
  }

  function norm(s) {
    return String(s).toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  }

  // split on spaces and punctuation but keep snake_case names whole, so a CRM name
  // (Problem_Cost__c) matches itself first and its words after
  function tokenize(s) {
    return String(s).split(/[\s\u00a0\u2000-\u206f!-\/:-@\[-\^`{-~\u00b7]+/);
  }
  function processTerm(t) {
    var w = norm(t).replace(/^_+|_+$/g, '');
    if (!w || STOP[w]) return null;
    if (w.indexOf('_') < 0) return stem(w);
    var out = [w];
    w.split(/_+/).forEach(function (p) { if (p && !STOP[p]) out.push(stem(p)); });
    return out;
  }

  // the index is built on first use, in chunks, so a large map does not freeze the page
  var ready = null;
  function build() {
    if (ready) return ready;
    var engine = new MiniSearch({
      fields: ['n', 'a', 'i', 'k', 'd', 't'],
      idField: 'id',
      tokenize: tokenize,
      processTerm: processTerm,
      searchOptions: {
        boost: { n: 4, a: 3, i: 2, k: 0.5, d: 1.5, t: 1 },
        prefix: function (term) { return term.length >= 2; },
        fuzzy: function (term) { return term.length >= 4 ? 0.2 : false; },
        combineWith: 'OR'
      }
    });
    ready = engine.addAllAsync(docs.map(function (d, i) {
      return { id: i, n: d.n, a: d.a || '', i: d.w ? '' : d.i.replace(/-/g, ' '), k: d.k, d: d.d || '', t: d.t || '' };
    }), { chunkSize: 500 }).then(function () { return engine; });
    return ready;
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

  // the results of the latest query, once shown
  var pending = Promise.resolve();
  function update() {
    var q = input.value.trim();
    if (!q) {
      while (list.firstChild) list.removeChild(list.firstChild);
      list.setAttribute('data-query', '');
      close();
      status.textContent = '';
      pending = Promise.resolve();
      return pending;
    }
    pending = build().then(function (engine) {
      if (input.value.trim() === q) show(q, engine.search(q));
    });
    return pending;
  }

  function show(q, hits) {
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    var shown = hits.slice(0, MAX);
    if (shown.length === 0) {
      var none = document.createElement('li');
      none.className = 'no-hit';
      none.textContent = 'Nothing in the map matches “' + q + '”.';
      list.appendChild(none);
    }
    shown.forEach(function (h, i) {
      var e = docs[h.id];
      var li = document.createElement('li');
      li.setAttribute('role', 'presentation');
      var a = document.createElement('a');
      a.id = 'search-hit-' + i;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.href = root + e.u;
      var name = document.createElement('span');
      name.className = 'hit-name';
      name.textContent = e.n;
      var kind = document.createElement('span');
      kind.className = 'hit-kind';
      kind.textContent = e.k;
      var def = document.createElement('span');
      def.className = 'hit-def';
      def.textContent = e.a && /[A-Za-z]_|__/.test(q) ? e.a : e.w ? 'In ' + e.w : e.d;
      a.appendChild(name);
      a.appendChild(kind);
      a.appendChild(def);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    list.setAttribute('data-query', q);
    input.setAttribute('aria-expanded', 'true');
    status.textContent = hits.length === 0 ? 'No results' : hits.length + (hits.length === 1 ? ' result' : ' results') + (hits.length > MAX ? ', showing the first ' + MAX : '');
  }

  input.addEventListener('focus', function () { build(); });
  input.addEventListener('input', update);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      var q = input.value.trim();
      if (!list.hidden) select(active + 1);
      else if (q && list.getAttribute('data-query') === q) {
        // reopen the results Escape closed
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        select(active + 1);
      } else update().then(function () { select(0); });
    }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); select(active - 1); }
    else if (ev.key === 'Enter') {
      ev.preventDefault();
      pending.then(function () {
        var items = list.querySelectorAll('a');
        var target = items[active >= 0 ? active : 0];
        if (target) window.location.href = target.href;
      });
    } else if (ev.key === 'Escape' && !list.hidden) {
      // the first Escape closes the results and keeps the query; a second one clears it (the search field's own behaviour)
      ev.preventDefault();
      close();
    }
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
