// The example site as a new hire reads it, in real headless Chromium at 1366x900 and 390x844:
// search forgives typos and finds CRM names and decisions, no page scrolls sideways on a phone,
// wide tables scroll in their own region, dark mode keeps its contrast, a pipeline prints on one
// page, axe-core finds no serious or critical violation on any page, and screenshots of the
// start, a pipeline and a team page land in test-results/ for CI to keep. Skipped without
// Chromium unless GTMAP_REQUIRE_BROWSER=1 (as test/browser.test.ts).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATES, CHROMIUM, buildSite, htmlPages, REQUIRED } from './helpers-browser.js';
import { ROOT, tempDir } from './helpers.js';

describe.runIf(!CHROMIUM && REQUIRED)('site browser tests (required)', () => {
  it('need Chromium because GTMAP_REQUIRE_BROWSER=1', () => {
    expect.fail(`GTMAP_REQUIRE_BROWSER=1 but no Chromium at ${CANDIDATES.join(', ')}`);
  });
});

const WIDTHS = [
  { name: 'laptop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const SHOTS = join(ROOT, 'test-results');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function build(map: string): string {
  return buildSite(map, 'gtmap-browser-site-');
}

/** Opens a page from file://, waits for its diagrams, runs fn, closes it; returns the console errors and page errors. */
async function visit(context: BrowserContext, site: string, path: string, fn: (page: Page) => Promise<void>): Promise<string[]> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${path}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
  // generous: the machine may be busy, and every page parses Mermaid's 3.5 MB bundle
  page.setDefaultTimeout(120_000);
  try {
    await page.goto(pathToFileURL(join(site, path)).href);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-diagrams') !== null);
    await fn(page);
  } finally {
    await page.close();
  }
  return problems;
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

interface Hit {
  name: string;
  kind: string;
  href: string;
}

async function search(page: Page, query: string): Promise<Hit[]> {
  const input = page.locator('#search-input');
  await expect.poll(() => input.isEnabled()).toBe(true);
  await input.fill(query);
  // the results list says which query it shows, once shown (the index is built asynchronously)
  await expect.poll(() => page.locator('#search-results').getAttribute('data-query')).toBe(query.trim());
  expect(await page.locator('#search-results').isVisible()).toBe(true);
  return page.$$eval('#search-results a', (as) =>
    as.map((a) => ({
      name: a.querySelector('.hit-name')!.textContent!,
      kind: a.querySelector('.hit-kind')!.textContent!,
      href: a.getAttribute('href')!,
    })),
  );
}

/** WCAG relative luminance of a computed rgb() colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string): number => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

describe.runIf(!!CHROMIUM)('the example site for a new hire, in Chromium', () => {
  let browser: Browser;
  let site: string;
  const contexts = new Map<string, BrowserContext>();

  const ctx = async (width: number, height: number, options: { dark?: boolean; axe?: boolean } = {}): Promise<BrowserContext> => {
    const key = `${width}x${height}${options.dark ? ':dark' : ''}${options.axe ? ':axe' : ''}`;
    let c = contexts.get(key);
    if (!c) {
      // axe is injected as a script, which the site's Content-Security-Policy forbids, so the
      // axe contexts bypass it; every other context keeps it
      c = await browser.newContext({ viewport: { width, height }, colorScheme: options.dark ? 'dark' : 'light', bypassCSP: !!options.axe });
      await c.route(/^(?!file:)/, (route) => route.abort());
      contexts.set(key, c);
    }
    return c;
  };

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
    site = build(join(ROOT, 'map'));
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts.values()) await c.close();
    await browser?.close();
  });

  describe.each(WIDTHS)('at $width px', ({ name, width, height }) => {
    it('search forgives a typo, finds a field by its CRM name and a decision by what it decides', async () => {
      const problems = await visit(await ctx(width, height), site, 'teams/sales.html', async (page) => {
        const typo = await search(page, 'discvery');
        expect(typo[0]).toEqual({ name: 'Discovery', kind: 'Stage', href: '../pipelines/new-business.html#nb-discovery' });

        const crm = await search(page, 'Problem_Cost__c');
        expect(crm[0]).toMatchObject({ kind: 'Field', href: '../data-dictionary.html#problem-cost' });

        // a criterion that requires discount approval, and the meeting that approves the discount matrix
        const discounts = (await search(page, 'discount approval')).slice(0, 5);
        expect(discounts).toContainEqual({
          name: 'The discount is at most 15%, or the deal desk has approved a higher one.',
          kind: 'Exit criterion',
          href: '../pipelines/new-business.html#nb-business-case',
        });
        expect(discounts).toContainEqual(expect.objectContaining({ kind: 'Decision', href: '../cadences.html#quarterly-gtm-planning' }));
        expect((await search(page, 'who approves discounts')).slice(0, 5)).toEqual(discounts);

        // the keyboard: arrows move the selection, Escape closes, Enter opens the selected hit
        const input = page.locator('#search-input');
        await search(page, 'discvery');
        await input.press('ArrowDown');
        await input.press('ArrowDown');
        expect(await page.locator('#search-results a[aria-selected="true"]').getAttribute('id')).toBe('search-hit-1');
        expect(await input.getAttribute('aria-activedescendant')).toBe('search-hit-1');
        await input.press('ArrowUp');
        await input.press('Escape');
        expect(await page.locator('#search-results').isHidden()).toBe(true);
        expect(await input.getAttribute('aria-expanded')).toBe('false');
        await input.press('ArrowDown');
        await input.press('Enter');
        await page.waitForURL(/\/pipelines\/new-business\.html#nb-discovery$/);
      });
      expect(problems).toEqual([]);
    }, 300_000);

    // one visit per page and width for both checks: each page renders its diagrams first
    it('on every page: axe-core finds no serious or critical violation, nothing scrolls sideways, and a wide table scrolls in a labelled region', async () => {
      const context = await ctx(width, height, { axe: true });
      const wide: string[] = [];
      const problems: string[] = [];
      const violations: string[] = [];
      await pool(htmlPages(site), 2, async (path) => {
        problems.push(
          ...(await visit(context, site, path, async (page) => {
            const m = await page.evaluate(() => ({
              scroll: document.documentElement.scrollWidth,
              inner: window.innerWidth,
              tables: [...document.querySelectorAll<HTMLElement>('.table-wrap')]
                .filter((w) => w.offsetParent !== null)
                .map((w) => {
                  const box = w.querySelector<HTMLElement>('.table-scroll')!;
                  return {
                    over: box.scrollWidth > box.clientWidth + 1,
                    marked: w.hasAttribute('data-overflow'),
                    focusable: box.tabIndex === 0,
                    label: box.getAttribute('aria-label') ?? '',
                    role: box.getAttribute('role'),
                    hint: !!w.previousElementSibling?.classList.contains('scroll-hint'),
                  };
                }),
            }));
            if (m.scroll > m.inner) problems.push(`${path}: the page is ${m.scroll} px wide in a ${m.inner} px window`);
            for (const t of m.tables) {
              if (t.over) wide.push(path);
              if (t.over && !(t.marked && t.focusable && t.hint && t.label && t.role === 'region'))
                problems.push(`${path}: a wide table without its hint, label or tab stop: ${JSON.stringify(t)}`);
              if (!t.over && (t.marked || t.hint)) problems.push(`${path}: a table that fits is marked as wide`);
            }
            await page.evaluate(AXE);
            const found = await page.evaluate(async () => {
              interface AxeViolation {
                id: string;
                impact: string | null;
                help: string;
                nodes: { target: string[] }[];
              }
              const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
              // preload: false, or axe fetches the stylesheets itself, which file:// refuses
              const r = await axe.run(document, { resultTypes: ['violations'], preload: false });
              return r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map(
                  (v) =>
                    `${v.id} (${v.impact}): ${v.help} at ${v.nodes
                      .map((n) => n.target.join(' '))
                      .slice(0, 3)
                      .join(', ')}`,
                );
            });
            violations.push(...found.map((f) => `${path} @${name}: ${f}`));
          })),
        );
      });
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
      // the decision-rights matrix is wider than the column at both widths
      expect(wide).toContain('decision-rights.html');
    }, 900_000);

    it('the decision-rights matrix keeps its first column while it scrolls, and says there is more', async () => {
      const problems = await visit(await ctx(width, height), site, 'decision-rights.html', async (page) => {
        const region = page.locator('.table-scroll').first();
        expect(await region.getAttribute('aria-label')).toBe('Who owns, influences and receives escalations for each decision domain');
        const firstCell = page.locator('.table-scroll tbody th').first();
        const before = (await firstCell.boundingBox())!.x;
        expect(await page.locator('.table-wrap').first().getAttribute('data-more')).toBe('');
        await region.focus();
        await region.evaluate((el) => el.scrollBy(300, 0));
        await expect.poll(() => page.locator('.table-wrap').first().getAttribute('data-scrolled')).toBe('');
        expect((await firstCell.boundingBox())!.x).toBeCloseTo(before, 0);
        expect(await page.locator('.scroll-hint').first().isVisible()).toBe(true);
      });
      expect(problems).toEqual([]);
    }, 60_000);

    it('saves screenshots of the start page, a pipeline page, a team page and a role page (and the start page stays short)', async () => {
      const context = await ctx(width, height);
      const shots: [string, string][] = [
        ['start', 'index.html'],
        ['pipeline', 'pipelines/new-business.html'],
        ['team', 'teams/sales-development.html'],
        ['role', 'roles/sdr.html'],
      ];
      for (const [what, path] of shots) {
        const file = join(SHOTS, `site-${what}-${width}.png`);
        rmSync(file, { force: true });
        const problems = await visit(context, site, path, async (page) => {
          await page.screenshot({ path: file, fullPage: true });
          // issue 13 asks for about 3,000 px (the start page was 20,463 px; 2,874 today)
          if (what === 'start' && width === 1366)
            expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(3000);
        });
        expect(problems).toEqual([]);
        expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
      }
    }, 120_000);
  });

  it('dark mode: the page is dark, text keeps its contrast and diagrams keep a light card', async () => {
    const problems = await visit(await ctx(1366, 900, { dark: true }), site, 'pipelines/new-business.html', async (page) => {
      const c = await page.evaluate(() => {
        const style = (sel: string): CSSStyleDeclaration => getComputedStyle(document.querySelector(sel)!);
        return {
          paper: getComputedStyle(document.documentElement).backgroundColor,
          ink: getComputedStyle(document.documentElement).color,
          soft: style('.lede, .kind').color,
          link: style('main a').color,
          canvas: style('.diagram-canvas').backgroundColor,
          svgText: getComputedStyle(document.querySelector('.diagram-canvas svg .nodeLabel, .diagram-canvas svg text')!).color,
        };
      });
      expect(luminance(c.paper)).toBeLessThan(0.05);
      expect(contrast(c.ink, c.paper)).toBeGreaterThanOrEqual(7);
      expect(contrast(c.soft, c.paper)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.link, c.paper)).toBeGreaterThanOrEqual(4.5);
      expect(luminance(c.canvas)).toBeGreaterThan(0.9);
      expect(contrast(c.svgText, c.canvas)).toBeGreaterThanOrEqual(4.5);
    });
    expect(problems).toEqual([]);
    // axe's colour-contrast rule over pages with every kind of block, in dark mode
    const violations: string[] = [];
    for (const path of ['index.html', 'pipelines/new-business.html', 'decision-rights.html', 'ambiguities.html', 'teams/sales.html']) {
      await visit(await ctx(1366, 900, { dark: true, axe: true }), site, path, async (page) => {
        await page.evaluate(AXE);
        const found = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
            }
          ).axe;
          const r = await axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'], preload: false });
          return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`));
        });
        violations.push(...found.map((f) => `${path}: ${f}`));
      });
    }
    expect(violations).toEqual([]);
  }, 180_000);

  it('each pipeline prints as a one-page summary with every stage and its exit criteria', async () => {
    const context = await ctx(1366, 900);
    for (const path of htmlPages(site).filter((p) => p.startsWith('pipelines/'))) {
      await visit(context, site, path, async (page) => {
        await page.emulateMedia({ media: 'print' });
        const shown = await page.evaluate(() => ({
          stages: [...document.querySelectorAll('.entity-l3')].filter((e) => (e as HTMLElement).offsetParent !== null).length,
          all: document.querySelectorAll('.entity-l3').length,
          criteria: [...document.querySelectorAll('.entity-l3 .criterion')].filter((e) => (e as HTMLElement).offsetParent !== null).length,
        }));
        expect(shown.stages).toBe(shown.all);
        expect(shown.criteria).toBeGreaterThan(shown.stages);
        const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
        expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length, path).toBe(1);
      });
    }
  }, 120_000);

  it("the navigation lists long pages' sections, and only the sections the map has", async () => {
    const problems = await visit(await ctx(1366, 900), site, 'decision-rights.html', async (page) => {
      const toc = await page.evaluate(() =>
        [...document.querySelectorAll('.site-nav .on-this-page a')].map((a) => ({
          href: a.getAttribute('href')!,
          target: !!document.getElementById(a.getAttribute('href')!.slice(1)),
        })),
      );
      expect(toc.length).toBeGreaterThanOrEqual(4);
      expect(toc.every((t) => t.target)).toBe(true);
    });
    expect(problems).toEqual([]);
    // a first-week page lists its sections at its top, so the navigation does not list them again
    const team = await visit(await ctx(1366, 900), site, 'teams/sales-development.html', async (page) => {
      const lists = await page.evaluate(() => ({
        body: document.querySelectorAll('main .fw-toc li').length,
        nav: document.querySelectorAll('.site-nav .on-this-page').length,
      }));
      expect(lists.body).toBeGreaterThanOrEqual(4);
      expect(lists.nav).toBe(0);
    });
    expect(team).toEqual([]);
    // a map without initiatives: no "Initiatives" in the navigation (a new hire would click through to "none declared")
    const map = join(tempDir('gtmap-nav-'), 'map');
    cpSync(join(ROOT, 'map'), map, { recursive: true });
    writeFileSync(join(map, 'initiatives.yaml'), 'initiatives: []\n');
    const trimmed = build(map);
    await visit(await ctx(1366, 900), trimmed, 'index.html', async (page) => {
      const nav = await page.evaluate(() => [...document.querySelectorAll('.site-nav a')].map((a) => a.textContent!.trim()));
      expect(nav).toContain('Decision rights');
      expect(nav.some((t) => /initiative/i.test(t))).toBe(false);
    });
  }, 120_000);
});
