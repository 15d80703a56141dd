// gtmap serve only: reload the page when the map changes (server-sent events).
(function () {
  'use strict';
  if (typeof EventSource === 'undefined' || location.protocol === 'file:') return;
  var root = document.documentElement.getAttribute('data-root') || '';
  var source = new EventSource(root + '__gtmap/events');
  source.addEventListener('reload', function () { location.reload(); });
  source.addEventListener('failed', function (ev) {
    var bar = document.getElementById('gtmap-build-failed') || document.createElement('div');
    bar.id = 'gtmap-build-failed';
    bar.setAttribute('role', 'alert');
    bar.className = 'findings';
    bar.textContent = 'The map has errors, so this page shows the last good build. ' + ev.data;
    document.body.insertBefore(bar, document.body.firstChild);
  });
})();
