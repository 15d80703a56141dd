// The site in memory: render(model, diagnostics) -> Map<relativePath, contents>. Only
// src/write puts it on disk.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostic.js';
import { type Model, SECTION_INFO, SECTION_KIND, type SectionName, SECTIONS } from '../model/index.js';
import type { DiagramSource } from './check-diagrams.js';
import { buildContext, type RenderContext } from './context.js';
import { usesElk } from './mermaid.js';
import type { SiteHistory } from './history.js';
import { trusted } from './html.js';
import { linker, PAGES, pipelinePage, rootOf, teamPage } from './links.js';
import { packageFile } from './packages.js';
import { searchIndex, searchIndexScript } from './search.js';
import { TEMPLATES_DIR, templates } from './templates.js';
import type { PageView } from './views/common.js';
import { changesPage } from './views/changes.js';
import { ambiguitiesPage, overviewPage } from './views/overview.js';
import { pipelinePageView } from './views/pipeline.js';
import { rulePages } from './views/rules.js';
import { SECTION_PAGES } from './views/sections.js';
import { startPage } from './views/start.js';
import { teamPageView } from './views/team.js';
import { roleFirstWeek, rolesWithPages } from './views/first-week.js';
import { glossaryPage } from './views/glossary-page.js';
import { siteGlossary } from './glossary-links.js';
import { withGlossary } from './markdown.js';

export type SiteFiles = Map<string, string | Buffer>;

export interface RenderOptions {
  /** Add the live-reload script (gtmap serve). */
  liveReload?: boolean;
  /**
   * Called with the diagrams as their pages' view models are made, in batches (site order); every
   * diagram comes exactly once, and all before the first-week role pages are templated.
   */
  onDiagrams?: (diagrams: DiagramSource[]) => void;
  /** The map's recent history from git, for the "What changed" page and each entity's last change. */
  history?: SiteHistory;
  /**
   * Each page as its UTF-8 bytes, not a string (gtmap build, which only writes them): the bytes
   * sit outside the JavaScript heap, so the garbage collector does not copy a large site's pages
   * again and again while the rest renders, and the writer need not encode them.
   */
  bytes?: boolean;
  /**
   * The vendored scripts (Mermaid, ELK; 8.6 MB) in `copies`, as the files to copy, not read into
   * `files`: for gtmap build, whose writer copies them, or links the previous build's copy.
   */
  copies?: boolean;
  /**
   * With `copies`: the file on disk that already holds exactly this page's bytes, if any (the
   * previous build's, see src/write's PreviousBuild). Such a page goes into `copies` as that file,
   * and is not kept in memory: on a large map most of a rebuild's pages are the same as before.
   */
  previous?: (path: string, page: string) => string | undefined;
}

export interface Site {
  files: SiteFiles;
  /** With the `copies` option: site path -> the file on disk whose bytes it holds. */
  copies?: Map<string, string>;
  diagrams: DiagramSource[];
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const STATIC_ASSETS = ['site.css', 'site.js', 'search.js'];

const mermaidFile = (): string => packageFile('mermaid', 'dist', 'mermaid.min.js');

let mermaidBundle: Buffer | undefined;
function mermaidJs(): Buffer {
  mermaidBundle ??= readFileSync(mermaidFile());
  return mermaidBundle;
}

let miniSearchBundle: string | undefined;
/** MiniSearch's browser build (a global), without its source-map comment: the map is not shipped. */
function miniSearchJs(): string {
  // the package exports only its module builds; the browser build sits beside them
  miniSearchBundle ??= readFileSync(packageFile('minisearch', 'dist', 'umd', 'index.js'), 'utf8').replace(
    /\n\/\/# sourceMappingURL=\S*\s*$/,
    '\n',
  );
  return miniSearchBundle;
}

// Mermaid's ELK layout as one classic script, bundled from node_modules by scripts/bundle-elk.mjs
// at `npm run build` into dist/assets/ (the same path from src/render/ and dist/render/)
function elkFile(): string {
  const file = fileURLToPath(new URL('../../dist/assets/mermaid-layout-elk.js', import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\`, which bundles Mermaid's ELK layout`);
  return file;
}

let elkBundle: Buffer | undefined;
function elkJs(): Buffer {
  elkBundle ??= readFileSync(elkFile());
  return elkBundle;
}

interface NavItem {
  text: string;
  href: string;
  current: boolean;
  count: string | null;
  children: NavItem[];
}

const navSectionsOf = new WeakMap<RenderContext, SectionName[]>();

/**
 * One entry per page, in registry order (forecastCategories and forecast share a page), and
 * only for sections the map has: a new hire should not click through to "none declared yet".
 */
function navSections(ctx: RenderContext): SectionName[] {
  let list = navSectionsOf.get(ctx);
  if (!list) {
    const present = new Set(SECTIONS.filter((s) => ctx.map[s].length > 0).map((s) => SECTION_INFO[s].page));
    list = SECTIONS.filter(
      (s, i) => SECTIONS.findIndex((o) => SECTION_INFO[o].page === SECTION_INFO[s].page) === i && present.has(SECTION_INFO[s].page),
    );
    navSectionsOf.set(ctx, list);
  }
  return list;
}

type Nav = { title: string; items: NavItem[] }[];

const navsOf = new WeakMap<RenderContext, Map<string, Nav>>();

/**
 * The navigation of a page: one object per folder and current entry, so the layout prints each
 * distinct navigation once (`{{#once nav}}`); a page that is no entry of it (a role page) shares
 * its folder's navigation with nothing current.
 */
function navFor(ctx: RenderContext, page: PageView): Nav {
  let navs = navsOf.get(ctx);
  if (!navs) navsOf.set(ctx, (navs = new Map()));
  const folder = page.path.slice(0, page.path.lastIndexOf('/') + 1);
  const key = `${folder}\u0000${page.nav}`;
  let nav = navs.get(key);
  if (!nav) {
    nav = makeNav(ctx, page);
    const current = nav.some((g) => g.items.some((i) => i.current || i.children.some((c) => c.current)));
    if (!current) {
      const none = `${folder}\u0000`;
      nav = navs.get(none) ?? nav;
      navs.set(none, nav);
    }
    navs.set(key, nav);
  }
  return nav;
}

function makeNav(ctx: RenderContext, page: PageView): Nav {
  const link = linker(page.path, ctx.places, ctx.name);
  const item = (text: string, to: string, key: string, children: NavItem[] = [], count: string | null = null): NavItem => ({
    text,
    href: link.url(to),
    current: page.nav === key,
    count,
    children,
  });
  const many = (n: number): boolean => n > 30;
  // no finding count here: it would change every page when one entity changes, so sites would not diff cleanly
  const sectionPages = navSections(ctx);
  return [
    {
      title: 'Orientation',
      items: [
        item('Start here', PAGES.start, 'start'),
        item(SECTION_INFO.glossary.nav, PAGES.glossary, PAGES.glossary),
        item('The operating map', PAGES.overview, 'overview'),
        item('Ambiguities', PAGES.ambiguities, 'ambiguities'),
        item('What changed', PAGES.changes, PAGES.changes),
      ],
    },
    {
      title: 'The map',
      items: sectionPages
        .filter((s) => s !== 'teams' && s !== 'glossary')
        .map((s) => {
          const to = SECTION_INFO[s].page;
          const children =
            s === 'pipelines' && !many(ctx.map.pipelines.length)
              ? ctx.map.pipelines.map((p) => item(p.name, pipelinePage(p.id), `pipeline:${p.id}`))
              : [];
          return item(SECTION_INFO[s].nav, to, to, children);
        }),
    },
    {
      title: 'Teams',
      items: [
        item(
          SECTION_INFO.teams.nav,
          PAGES.teams,
          PAGES.teams,
          many(ctx.map.teams.length) ? [] : ctx.map.teams.map((t) => item(t.name, teamPage(t.id), `team:${t.id}`)),
        ),
      ],
    },
  ];
}

function editOf(ctx: RenderContext, page: PageView): { href: string; file: string } | null {
  const file = pageFile(ctx, page);
  const href = file ? ctx.editHref(file) : null;
  return file && href ? { href, file } : null;
}

/** The map file a page is mostly made of, for "Edit this page". */
function pageFile(ctx: RenderContext, page: PageView): string | null {
  const [kind, id] = page.nav.split(':');
  if (id && (kind === 'team' || kind === 'pipeline')) return ctx.provenance(kind, id)?.file ?? null;
  if (page.path === PAGES.start || page.path === PAGES.overview) return ctx.model.headerFile?.rel ?? null;
  for (const s of SECTIONS) {
    const first = SECTION_INFO[s].page === page.path ? ctx.map[s][0] : undefined;
    if (first) return ctx.provenance(SECTION_KIND[s], first.id)?.file ?? null;
  }
  return null;
}

/**
 * Every page, as makers of its view model, in site order: `pages` may have diagrams, `later`
 * (the first-week role pages) have none, so Mermaid's check need not wait for them. renderSite
 * makes each view, templates it and lets it go before the next, so on a large map the views of a
 * thousand pages are never all alive at once.
 */
function pagePlan(ctx: RenderContext): { pages: (() => PageView)[]; later: (() => PageView)[] } {
  const seenTeams = new Set<string>();
  const seenPipelines = new Set<string>();
  // each page links the first occurrence of each glossary term in its descriptions; not the glossary page itself
  const terms = siteGlossary(ctx);
  const page =
    (f: () => PageView, g = terms): (() => PageView) =>
    () =>
      withGlossary(g, f);
  return {
    pages: [
      page(() => startPage(ctx)),
      page(() => overviewPage(ctx)),
      () => ambiguitiesPage(ctx),
      () => changesPage(ctx),
      ...SECTION_PAGES.map((f) => page(() => f(ctx), f === glossaryPage ? null : terms)),
      ...ctx.map.pipelines
        .filter((p) => !seenPipelines.has(p.id) && seenPipelines.add(p.id))
        .map((p) => page(() => pipelinePageView(ctx, p))),
      ...ctx.map.teams.filter((t) => !seenTeams.has(t.id) && seenTeams.add(t.id)).map((t) => page(() => teamPageView(ctx, t))),
      ...rulePages(ctx.findings.all.map((d) => d.ruleId)).map((v) => () => v),
    ],
    later: rolesWithPages(ctx).map(({ team, role }) => page(() => roleFirstWeek(ctx, team, role))),
  };
}

export function pagesOf(ctx: RenderContext): PageView[] {
  const { pages, later } = pagePlan(ctx);
  return [...pages, ...later].map((make) => make());
}

/** Diagrams handed to onDiagrams at a time: enough for the checker to share a batch among its workers. */
const DIAGRAM_BATCH = 120;

/** The same text as one flat string: a page built by concatenation is a rope of many small strings, which the garbage collector copies until it is written. */
function flat(s: string): string {
  // ToNumber flattens the string first (the trick of the flatstr package)
  void Number(s);
  return s;
}

export function renderSite(model: Model, diagnostics: readonly Diagnostic[], options: RenderOptions = {}): Site {
  const ctx = buildContext(model, diagnostics, options.history);
  const tpl = templates();
  const { pages, later } = pagePlan(ctx);
  const diagrams: DiagramSource[] = [];
  let unchecked = 0;
  const check = (): void => {
    if (unchecked < diagrams.length) options.onDiagrams?.(diagrams.slice(unchecked));
    unchecked = diagrams.length;
  };
  const unsorted = new Map<string, string | Buffer>();
  const copies = new Map<string, string>();
  const previous = options.copies ? options.previous : undefined;
  /** A generated file: the previous build's file when it holds the same, else its text or bytes. */
  const put = (path: string, text: string): void => {
    const before = previous?.(path, text);
    if (before !== undefined) copies.set(path, before);
    else unsorted.set(path, options.bytes ? Buffer.from(text) : flat(text));
  };
  const render = (page: PageView): void => {
    const body = tpl.pages.get(page.template);
    if (!body) throw new Error(`no template templates/pages/${page.template}.hbs`);
    const root = rootOf(page.path);
    const html = tpl.layout({
      title: page.title,
      fullTitle:
        page.path === PAGES.start ? `${ctx.company}: the go-to-market operating map` : `${page.title} · ${ctx.company} operating map`,
      lede: page.lede,
      company: ctx.company,
      version: ctx.model.header.version ?? null,
      csp: CSP,
      root,
      homeHref: `${root}index.html`,
      nav: navFor(ctx, page),
      hasDiagrams: page.diagrams.length > 0,
      edit: editOf(ctx, page),
      // what kind of page this is, for the stylesheet (a pipeline prints as a one-page summary)
      pageKind: page.nav.includes(':') ? page.nav.slice(0, page.nav.indexOf(':')) : page.template,
      hasElk: page.diagrams.some((d) => usesElk(d.text)),
      liveReload: options.liveReload === true,
      body: trusted(body({ page: { title: page.title, lede: page.lede }, view: page.view })),
    });
    put(page.path, html);
  };
  for (const make of pages) {
    const page = make();
    for (const d of page.diagrams) diagrams.push({ page: page.path, title: d.title, text: d.text });
    if (diagrams.length - unchecked >= DIAGRAM_BATCH) check();
    render(page);
  }
  check();
  for (const make of later) {
    const page = make();
    if (page.diagrams.length) throw new Error(`${page.path} has diagrams, which the diagram check would miss`);
    render(page);
  }
  for (const a of STATIC_ASSETS) unsorted.set(`assets/${a}`, readFileSync(join(TEMPLATES_DIR, 'assets', a), 'utf8'));
  if (options.liveReload) unsorted.set('assets/livereload.js', readFileSync(join(TEMPLATES_DIR, 'assets', 'livereload.js'), 'utf8'));
  put('assets/search-index.js', searchIndexScript(searchIndex(ctx)));
  unsorted.set('assets/minisearch.js', miniSearchJs());
  if (diagrams.length) {
    if (options.copies) copies.set('assets/mermaid.min.js', mermaidFile());
    else unsorted.set('assets/mermaid.min.js', mermaidJs());
    unsorted.set('assets/diagrams.js', readFileSync(join(TEMPLATES_DIR, 'assets', 'diagrams.js'), 'utf8'));
  }
  if (diagrams.some((d) => usesElk(d.text))) {
    if (options.copies) copies.set('assets/mermaid-layout-elk.js', elkFile());
    else unsorted.set('assets/mermaid-layout-elk.js', elkJs());
  }
  const files: SiteFiles = new Map([...unsorted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return options.copies ? { files, copies, diagrams } : { files, diagrams };
}

/** The site's files, without checking its diagrams (see checkDiagrams). */
export function render(model: Model, diagnostics: readonly Diagnostic[], options: RenderOptions = {}): SiteFiles {
  return renderSite(model, diagnostics, options).files;
}
