// Makes the page's diagrams readable and useful. Loaded after mermaid.min.js (and the ELK
// layout bundle where a page uses it) and before site.js, which draws the diagrams.
// - Registers Mermaid's ELK layout, so diagrams that ask for it in their front matter get it.
// - Legible text: a diagram shrinks to fit its column only down to MIN_SCALE of its natural
//   size (Mermaid's 16 px text stays at 12 px or more); a wider one scrolls sideways in its box.
// - Links: a figure's data-links lists "nodeId url" pairs; each drawn node that stands for an
//   entity is wrapped in an SVG <a> to that page. No Mermaid click directives (strict mode
//   keeps them off) and no inline script: the Content-Security-Policy stays as it is.
// - "Open full size": a modal dialog with the diagram, zoom (buttons, + - 0 keys, Ctrl+wheel)
//   and pan (drag, arrow keys, scrolling). Escape or Close puts the diagram back.
(function () {
  'use strict';
  var root = document.documentElement;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var MIN_SCALE = 0.76;
  var SAFE_URL = /^[A-Za-z0-9._~\/#-]+$/;
  var NODE_ID = /-(?:flowchart|state)-([A-Za-z0-9_]+)-\d+$/;

  if (window.mermaid && window.gtmapElkLayouts && typeof window.mermaid.registerLayoutLoaders === 'function') {
    window.mermaid.registerLayoutLoaders(window.gtmapElkLayouts);
  }

  function naturalSize(svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width > 0 && vb.height > 0) return { w: vb.width, h: vb.height };
    var r = svg.getBoundingClientRect();
    return { w: r.width || 1, h: r.height || 1 };
  }

  // a box that scrolls sideways must be reachable from the keyboard
  function markScrollable(canvas) {
    if (canvas.scrollWidth > canvas.clientWidth + 1) {
      canvas.setAttribute('tabindex', '0');
      canvas.setAttribute('data-scrolls', 'true');
    } else {
      canvas.removeAttribute('tabindex');
      canvas.removeAttribute('data-scrolls');
    }
  }

  function parseLinks(figure) {
    var out = {};
    var parts = (figure.getAttribute('data-links') || '').split(/\s+/).filter(Boolean);
    for (var i = 0; i + 1 < parts.length; i += 2) if (SAFE_URL.test(parts[i + 1])) out[parts[i]] = parts[i + 1];
    return out;
  }

  function linkNodes(figure, svg) {
    var links = parseLinks(figure);
    var linked = 0;
    svg.querySelectorAll('g.node').forEach(function (g) {
      var m = NODE_ID.exec(g.id || '');
      var href = m && links[m[1]];
      if (!href || !g.parentNode) return;
      var a = document.createElementNS(SVG_NS, 'a');
      a.setAttribute('href', href);
      a.setAttribute('class', 'diagram-link');
      a.setAttribute('data-node', m[1]);
      // no aria-label: the link is named by the node's own visible text, which assistive
      // technology reads with its line breaks as spaces (a label from textContent ran the lines
      // together: "Pipelinenot in the number")
      g.parentNode.insertBefore(a, g);
      a.appendChild(g);
      linked++;
    });
    figure.setAttribute('data-linked', String(linked));
  }

  // ---------------------------------------------------------------- full size

  var dialog, viewport, stage, heading, zoomLabel;
  var current = null; // { svg, placeholder, style, button, size, scale }

  function button(text, label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    if (label) b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }

  function setScale(scale, keepCentre) {
    if (!current) return;
    scale = Math.max(0.25, Math.min(4, scale));
    var cx = 0.5, cy = 0.5;
    if (keepCentre && viewport.scrollWidth > 0) {
      cx = (viewport.scrollLeft + viewport.clientWidth / 2) / viewport.scrollWidth;
      cy = (viewport.scrollTop + viewport.clientHeight / 2) / viewport.scrollHeight;
    }
    current.scale = scale;
    var s = current.svg.style;
    s.maxWidth = 'none';
    s.minWidth = '0';
    s.width = Math.round(current.size.w * scale) + 'px';
    s.height = Math.round(current.size.h * scale) + 'px';
    zoomLabel.textContent = Math.round(scale * 100) + '%';
    if (keepCentre) {
      viewport.scrollLeft = cx * viewport.scrollWidth - viewport.clientWidth / 2;
      viewport.scrollTop = cy * viewport.scrollHeight - viewport.clientHeight / 2;
    }
  }

  function fitScale() {
    var fit = Math.min((viewport.clientWidth - 16) / current.size.w, (viewport.clientHeight - 16) / current.size.h);
    return Math.max(MIN_SCALE, Math.min(fit, 1.5));
  }

  function buildDialog() {
    dialog = document.createElement('dialog');
    dialog.className = 'diagram-dialog';
    dialog.setAttribute('aria-labelledby', 'diagram-dialog-title');
    var bar = document.createElement('div');
    bar.className = 'diagram-dialog-bar';
    heading = document.createElement('h2');
    heading.id = 'diagram-dialog-title';
    var tools = document.createElement('div');
    tools.className = 'diagram-dialog-tools';
    zoomLabel = document.createElement('span');
    zoomLabel.className = 'diagram-zoom';
    zoomLabel.setAttribute('aria-live', 'polite');
    tools.appendChild(button('−', 'Zoom out', function () { setScale(current.scale / 1.25, true); }));
    tools.appendChild(zoomLabel);
    tools.appendChild(button('+', 'Zoom in', function () { setScale(current.scale * 1.25, true); }));
    tools.appendChild(button('Fit', 'Fit to the window', function () { setScale(fitScale(), false); }));
    tools.appendChild(button('Close', 'Close the full-size view', function () { dialog.close(); }));
    bar.appendChild(heading);
    bar.appendChild(tools);
    viewport = document.createElement('div');
    viewport.className = 'diagram-viewport';
    viewport.setAttribute('tabindex', '0');
    viewport.setAttribute('role', 'group');
    viewport.setAttribute('aria-label', 'Diagram: arrow keys move it, + and - zoom, 0 fits it to the window');
    stage = document.createElement('div');
    stage.className = 'diagram-stage';
    viewport.appendChild(stage);
    var hint = document.createElement('p');
    hint.className = 'diagram-dialog-hint';
    hint.textContent = 'Drag or use the arrow keys to move, + and - to zoom, Escape to close.';
    dialog.appendChild(bar);
    dialog.appendChild(viewport);
    dialog.appendChild(hint);
    document.body.appendChild(dialog);

    dialog.addEventListener('keydown', function (e) {
      if (!current || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target && e.target.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
      if (e.key === '+' || e.key === '=') setScale(current.scale * 1.25, true);
      else if (e.key === '-' || e.key === '_') setScale(current.scale / 1.25, true);
      else if (e.key === '0') setScale(fitScale(), false);
      else return;
      e.preventDefault();
    });
    viewport.addEventListener('wheel', function (e) {
      if (!current || !e.ctrlKey) return;
      e.preventDefault();
      setScale(current.scale * (e.deltaY < 0 ? 1.1 : 1 / 1.1), true);
    }, { passive: false });
    // drag to pan with a mouse or pen; touch scrolls natively
    var drag = null;
    viewport.addEventListener('pointerdown', function (e) {
      if (e.pointerType === 'touch' || e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop, moved: false };
    });
    viewport.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      drag.moved = true;
      viewport.classList.add('dragging');
      viewport.scrollLeft = drag.left - dx;
      viewport.scrollTop = drag.top - dy;
    });
    var endDrag = function () {
      viewport.classList.remove('dragging');
      if (drag && drag.moved) {
        // a drag that ends on a node is not a click on its link
        var swallow = function (ev) { ev.preventDefault(); ev.stopPropagation(); };
        viewport.addEventListener('click', swallow, { capture: true, once: true });
        setTimeout(function () { viewport.removeEventListener('click', swallow, { capture: true }); }, 0);
      }
      drag = null;
    };
    viewport.addEventListener('pointerup', endDrag);
    viewport.addEventListener('pointercancel', endDrag);
    viewport.addEventListener('pointerleave', function () { if (drag) endDrag(); });
    dialog.addEventListener('close', function () {
      if (!current) return;
      var c = current;
      current = null;
      c.svg.setAttribute('style', c.style);
      c.placeholder.parentNode.replaceChild(c.svg, c.placeholder);
      root.removeAttribute('data-diagram-open');
      c.button.focus();
    });
  }

  function openFull(figure, btn) {
    var svg = figure.querySelector('.diagram-canvas svg');
    if (!svg || typeof HTMLDialogElement === 'undefined') return;
    if (!dialog) buildDialog();
    var title = figure.querySelector('.diagram-title');
    heading.textContent = title ? title.textContent : 'Diagram';
    var placeholder = document.createElement('span');
    placeholder.className = 'diagram-placeholder';
    placeholder.textContent = 'This diagram is open in the full-size view.';
    current = { svg: svg, placeholder: placeholder, style: svg.getAttribute('style') || '', button: btn, size: naturalSize(svg), scale: 1 };
    svg.parentNode.replaceChild(placeholder, svg);
    stage.appendChild(svg);
    dialog.showModal();
    root.setAttribute('data-diagram-open', figure.id);
    setScale(fitScale(), false);
    viewport.scrollLeft = 0;
    viewport.scrollTop = 0;
    viewport.focus();
  }

  // ---------------------------------------------------------------- each figure

  function enhance() {
    document.querySelectorAll('figure.diagram').forEach(function (figure) {
      var canvas = figure.querySelector('.diagram-canvas');
      var svg = canvas && canvas.querySelector('svg');
      if (!svg || svg.getAttribute('aria-roledescription') === 'error' || figure.hasAttribute('data-enhanced')) return;
      figure.setAttribute('data-enhanced', 'true');
      var size = naturalSize(svg);
      svg.style.minWidth = Math.ceil(size.w * MIN_SCALE) + 'px';
      linkNodes(figure, svg);
      var caption = figure.querySelector('figcaption');
      var title = figure.querySelector('.diagram-title');
      var open = button('Open full size', 'Open full size: ' + (title ? title.textContent : 'the diagram'), function () {
        openFull(figure, open);
      });
      open.className = 'diagram-full';
      if (caption) caption.appendChild(open);
      markScrollable(canvas);
    });
    root.setAttribute('data-diagrams-ready', 'true');
  }

  var recheck = function () { document.querySelectorAll('.diagram-canvas').forEach(markScrollable); };
  window.addEventListener('resize', recheck);
  document.addEventListener('toggle', recheck, true);

  function whenDrawn() {
    var state = root.getAttribute('data-diagrams');
    if (state === 'done' || state === 'failed') enhance();
    return state !== null;
  }
  if (!whenDrawn()) {
    var observer = new MutationObserver(function () {
      if (whenDrawn()) observer.disconnect();
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-diagrams'] });
  }
})();
