// Renders the page's Mermaid diagrams (strict security level: labels are text, clicks are
// off), keeps the navigation compact on small screens and opens text alternatives for print.
(function () {
  'use strict';
  var root = document.documentElement;

  var nav = document.querySelector('.nav-details');
  if (nav && window.matchMedia && window.matchMedia('(max-width: 52rem)').matches) nav.open = false;

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
