// The example site's diagrams in real headless Chromium at a laptop (1366×900) and a phone
// (390×844) width: the smallest text each diagram draws, computed from the SVG's rendered scale
// and each label's font size; every node that stands for an entity links to a page and anchor
// that exist; "Open full size" opens, zooms and closes with Escape; no console errors; no
// horizontal page scroll on the phone. Prints the measured figures. Launched as in
// browser.test.ts: skipped without Chromium, unless GTMAP_REQUIRE_BROWSER=1, where that fails.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, CANDIDATES, CHROMIUM, htmlPages, REQUIRED } from './helpers-browser.js';
import { ROOT } from './helpers.js';

/** The smallest text a diagram may draw, in CSS px. */
const MIN_TEXT = 12;

describe.runIf(!CHROMIUM && REQUIRED)('diagram browser tests (required)', () => {
  it('need Chromium because GTMAP_REQUIRE_BROWSER=1', () => {
    expect.fail(`GTMAP_REQUIRE_BROWSER=1 but no Chromium at ${CANDIDATES.join(', ')}`);
  });
});

interface Measured {
  id: string;
  title: string;
  /** Smallest rendered text size, px: font size × the SVG's rendered scale. */
  minText: number;
  /** The drawing is wider than its box, which scrolls sideways. */
  scrolls: boolean;
  /** The box shows all of the drawing or scrolls: nothing is cut off. */
  reachable: boolean;
  nodes: number;
  linked: number;
  listed: number;
  /** Drawn nodes without a link: only ones that stand for no entity may be here. */
  unlinked: string[];
  hrefs: string[];
  fullSize: boolean;
}

/** Measures every diagram on the page (collapsed ones opened first). Runs in the page. */
function measure(): { height: number; pageScrolls: boolean; diagrams: Measured[] } {
  document.querySelectorAll('details.diagram-more').forEach((d) => {
    (d as HTMLDetailsElement).open = true;
  });
  const diagrams: Measured[] = [];
  for (const fig of Array.from(document.querySelectorAll<HTMLElement>('figure.diagram'))) {
    const canvas = fig.querySelector<HTMLElement>('.diagram-canvas')!;
    const svg = canvas.querySelector<SVGSVGElement>('svg')!;
    const vb = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / vb.width;
    let minText = Infinity;
    for (const el of Array.from(svg.querySelectorAll<Element>('text, tspan, foreignObject *'))) {
      if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== '')) continue;
      minText = Math.min(minText, parseFloat(getComputedStyle(el).fontSize) * scale);
    }
    const listed = (fig.getAttribute('data-links') ?? '').split(/\s+/).filter(Boolean).length / 2;
    const nodes = Array.from(svg.querySelectorAll('g.node'));
    const unlinked = nodes
      .filter((g) => !g.closest('a.diagram-link'))
      .map((g) => /-(?:flowchart|state)-([A-Za-z0-9_]+)-\d+$/.exec(g.id)?.[1] ?? g.id);
    const scrolls = canvas.scrollWidth > canvas.clientWidth + 1;
    diagrams.push({
      id: fig.id,
      title: fig.querySelector('.diagram-title')?.textContent ?? '',
      minText: Math.round(minText * 10) / 10,
      scrolls,
      reachable: scrolls ? getComputedStyle(canvas).overflowX === 'auto' : svg.getBoundingClientRect().width <= canvas.clientWidth + 1,
      nodes: nodes.length,
      linked: svg.querySelectorAll('a.diagram-link').length,
      listed,
      unlinked,
      hrefs: Array.from(svg.querySelectorAll('a.diagram-link')).map((a) => a.getAttribute('href') ?? ''),
      fullSize: fig.querySelector('button.diagram-full') !== null,
    });
  }
  return {
    height: document.documentElement.scrollHeight,
    pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
    diagrams,
  };
}

/** Opens a figure full size, zooms in, closes it with Escape; says what it saw. */
async function fullSize(page: Page, figureId: string): Promise<string[]> {
  const problems: string[] = [];
  const button = page.locator(`#${figureId} button.diagram-full`);
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.documentElement.getAttribute('data-diagram-open') === id, figureId, { timeout: 10_000 });
  const open = await page.evaluate(() => {
    const d = document.querySelector<HTMLDialogElement>('dialog.diagram-dialog');
    return {
      open: d?.open === true,
      svg: d?.querySelector('.diagram-stage svg') !== null,
      zoom: d?.querySelector('.diagram-zoom')?.textContent ?? '',
      focusInside: d?.contains(document.activeElement) === true,
    };
  });
  if (!open.open || !open.svg) problems.push(`${figureId}: the full-size dialog did not open with the diagram`);
  if (!open.focusInside) problems.push(`${figureId}: focus did not move into the full-size dialog`);
  await page.keyboard.press('+');
  const zoomed = await page.evaluate(() => document.querySelector('.diagram-dialog .diagram-zoom')?.textContent ?? '');
  if (zoomed === open.zoom) problems.push(`${figureId}: + did not zoom (${open.zoom})`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-diagram-open'), null, { timeout: 10_000 });
  const closed = await page.evaluate((id) => {
    const d = document.querySelector<HTMLDialogElement>('dialog.diagram-dialog');
    return {
      closed: d?.open === false,
      back: document.querySelector(`#${id} .diagram-canvas svg`) !== null,
      focus: document.activeElement?.classList.contains('diagram-full') === true,
    };
  }, figureId);
  if (!closed.closed || !closed.back) problems.push(`${figureId}: Escape did not close the dialog and put the diagram back`);
  if (!closed.focus) problems.push(`${figureId}: focus did not return to the "Open full size" button`);
  return problems;
}

/** Whether a diagram link from `page` names a file of the site and, with a fragment, an id in it. */
function resolves(site: string, page: string, href: string): boolean {
  const [path, anchor] = href.split('#') as [string, string | undefined];
  const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), path));
  const full = join(site, file);
  if (!existsSync(full)) return false;
  return anchor === undefined || readFileSync(full, 'utf8').includes(`id="${anchor}"`);
}

function pagesWithDiagrams(site: string): string[] {
  return htmlPages(site, (p) => readFileSync(p, 'utf8').includes('<figure class="diagram"'));
}

/** Drawn nodes that stand for no entity: the routing flow's entry and continuation markers, state start and end dots. */
const NOT_ENTITIES = /^(r_start|r_more|r_unrouted)$|root_start$|root_end$|^state-root/;

describe.runIf(!!CHROMIUM)('the example site’s diagrams in Chromium, at 1366 and 390 px', () => {
  let browser: Browser;
  let site: string;
  let pages: string[];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
    site = buildSite(join(ROOT, 'map'), 'gtmap-diagrams-');
    pages = pagesWithDiagrams(site);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    [1366, 900],
    [390, 844],
  ])(
    'at %i px every diagram draws text of 12 px or more, links its entity nodes, and opens full size',
    async (width, height) => {
      expect(pages).toEqual(
        expect.arrayContaining(['index.html', 'routing.html', 'forecast.html', 'lifecycle.html', 'pipelines/new-business.html']),
      );
      const context = await browser.newContext({ viewport: { width, height } });
      // under load (a CI runner, shared cores) a page with Mermaid and ELK can take a while
      context.setDefaultTimeout(120_000);
      await context.route(/^(?!file:)/, (route) => route.abort());
      const problems: string[] = [];
      const figures: string[] = [];
      const queue = [...pages];
      await Promise.all(
        Array.from({ length: 2 }, async () => {
          for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
            const page = await context.newPage();
            page.on('console', (m) => {
              if (m.type() === 'error' || m.type() === 'warning') problems.push(`${path}: console ${m.type()}: ${m.text()}`);
            });
            page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
            await page.goto(pathToFileURL(join(site, path)).href);
            await page.waitForFunction(() => document.documentElement.getAttribute('data-diagrams-ready') === 'true', null, {
              timeout: 90_000,
            });
            const m = await page.evaluate(measure);
            if (width === 390 && m.pageScrolls) problems.push(`${path}: the page scrolls sideways at 390 px`);
            for (const d of m.diagrams) {
              figures.push(
                `${String(width).padStart(4)} px  ${path.padEnd(40)} ${d.id.padEnd(44)} ${d.minText.toFixed(1).padStart(5)} px${d.scrolls ? '  (scrolls in its box)' : ''}`,
              );
              if (!(d.minText >= MIN_TEXT)) problems.push(`${path} ${d.id}: smallest text ${d.minText} px at ${width} px`);
              if (!d.reachable) problems.push(`${path} ${d.id}: the drawing is wider than its box and the box does not scroll`);
              if (!d.fullSize) problems.push(`${path} ${d.id}: no "Open full size" button`);
              if (d.linked !== d.listed)
                problems.push(`${path} ${d.id}: ${d.listed} nodes listed in data-links, ${d.linked} linked in the drawing`);
              const strays = d.unlinked.filter((id) => !NOT_ENTITIES.test(id));
              if (strays.length) problems.push(`${path} ${d.id}: nodes without a link: ${strays.join(', ')}`);
              for (const href of d.hrefs) if (!resolves(site, path, href)) problems.push(`${path} ${d.id}: link ${href} leads nowhere`);
            }
            // the full-size view of every diagram, at the phone width; of the first, at the laptop width
            for (const d of width === 390 ? m.diagrams : m.diagrams.slice(0, 1)) problems.push(...(await fullSize(page, d.id)));
            await page.close();
          }
        }),
      );
      await context.close();
      console.log(`Smallest diagram text, example site, ${width}×${height}:\n${figures.sort().join('\n')}`);
      expect(figures.length).toBeGreaterThanOrEqual(pages.length);
      expect(problems).toEqual([]);
    },
    1_200_000,
  );

  it('follows a diagram node to its entity page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-diagrams-ready') === 'true', null, { timeout: 90_000 });
    const href = await page.evaluate(() =>
      document.querySelector('#diagram_revenue-flow a.diagram-link[data-node="r_routing"]')?.getAttribute('href'),
    );
    expect(href).toBe('routing.html');
    await page.click('#diagram_revenue-flow a.diagram-link[data-node="r_routing"]');
    await page.waitForURL(/routing\.html$/);
    expect(await page.title()).toMatch(/^Routing/);
    await context.close();
  }, 120_000);
});
