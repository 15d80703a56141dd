// Renders the page's Mermaid diagrams (strict security level: labels are text, clicks are
// off), keeps the navigation compact on small screens, lists a long page's sections in the
// navigation, marks tables wider than their column, and opens text alternatives for print.
(function () {
  'use strict';
  var root = document.documentElement;

  var nav = document.querySelector('.nav-details');
  if (nav && window.matchMedia && window.matchMedia('(max-width: 52rem)').matches) nav.open = false;

  // "On this page": the page's second-level headings, under the current page in the navigation
  var current = document.querySelector('.site-nav a[aria-current="page"]');
  var heads = document.querySelectorAll('main h2[id]');
  // (a first-week page carries its own list at the top of the page)
  if (current && heads.length >= 4 && !document.querySelector('main .fw-toc')) {
    var box = document.createElement('div');
    box.className = 'on-this-page';
    var label = document.createElement('p');
    label.className = 'on-this-page-title';
    label.id = 'on-this-page';
    label.textContent = 'On this page';
    var toc = document.createElement('ul');
    toc.setAttribute('aria-labelledby', 'on-this-page');
    box.appendChild(label);
    box.appendChild(toc);
    heads.forEach(function (h) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#' + h.id;
      a.textContent = h.textContent.replace(/\s*#$/, '');
      li.appendChild(a);
      toc.appendChild(li);
    });
    current.parentNode.appendChild(box);
  }

  // wide tables: a hint above, a shadow at the side that has more, and a tab stop only when
  // there is something to scroll
  function fit(wrap) {
    var box = wrap.querySelector('.table-scroll');
    if (!box) return;
    var over = box.scrollWidth > box.clientWidth + 1;
    var hint = wrap.previousElementSibling && wrap.previousElementSibling.classList.contains('scroll-hint') ? wrap.previousElementSibling : null;
    if (over) {
      wrap.setAttribute('data-overflow', '');
      box.setAttribute('tabindex', '0');
      if (!hint) {
        hint = document.createElement('p');
        hint.className = 'scroll-hint';
        hint.textContent = 'Wider than the page: scroll the table sideways, or focus it and use the arrow keys';
        wrap.parentNode.insertBefore(hint, wrap);
      }
    } else {
      wrap.removeAttribute('data-overflow');
      box.removeAttribute('tabindex');
      if (hint) hint.parentNode.removeChild(hint);
    }
    var left = box.scrollLeft > 0;
    var right = over && box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    if (left) wrap.setAttribute('data-scrolled', ''); else wrap.removeAttribute('data-scrolled');
    if (right) wrap.setAttribute('data-more', ''); else wrap.removeAttribute('data-more');
  }
  var wraps = document.querySelectorAll('.table-wrap');
  wraps.forEach(function (wrap) {
    var box = wrap.querySelector('.table-scroll');
    if (box) box.addEventListener('scroll', function () { fit(wrap); }, { passive: true });
    fit(wrap);
  });
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { wraps.forEach(fit); }, 100);
  });
  // a table inside a closed <details> has no width until it opens
  document.querySelectorAll('details').forEach(function (d) {
    d.addEventListener('toggle', function () { d.querySelectorAll('.table-wrap').forEach(fit); });
  });

  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = [];
    document.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
  });

  var blocks = document.querySelectorAll('pre.mermaid');
  if (blocks.length === 0 || typeof window.mermaid === 'undefined') {
    root.setAttribute('data-diagrams', blocks.length === 0 ? 'none' : 'unavailable');
    return;
  }
  window.mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    flowchart: { useMaxWidth: true },
    state: { useMaxWidth: true }
  });
  var failed = 0;
  window.mermaid.run({
    querySelector: 'pre.mermaid',
    suppressErrors: true
  }).then(function () {
    blocks.forEach(function (pre) {
      if (!pre.querySelector('svg') || pre.querySelector('svg[aria-roledescription="error"]')) {
        failed++;
        var figure = pre.closest('figure');
        if (figure) figure.setAttribute('data-diagram-error', 'true');
        var note = document.createElement('p');
        note.className = 'diagram-error';
        note.textContent = 'This diagram could not be drawn; the table below has the same content.';
        pre.parentNode.insertBefore(note, pre);
      }
    });
    root.setAttribute('data-diagrams', failed ? 'failed' : 'done');
  }, function (err) {
    root.setAttribute('data-diagrams', 'failed');
    if (window.console) window.console.error('gtmap: diagrams failed to render', err);
  });
})();
