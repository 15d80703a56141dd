// The renderer's parts: markdown safety, diagram text, links, findings, determinism.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { checkMap } from '../src/check.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { checkDiagrams } from '../src/render/check-diagrams.js';
import { attachFindings, buildContext } from '../src/render/context.js';
import { conditionRich } from '../src/render/describe.js';
import { forecastMapping, lifecycleStates, revenueFlow, routingFlow, stageFlow } from '../src/render/diagrams.js';
import { pagesOf, render, renderSite } from '../src/render/index.js';
import type { Precompiled, Templates } from '../src/render/templates.js';
import Handlebars from 'handlebars';
import { createHandlebars, KNOWN_HELPERS } from '../src/render/helpers.js';
import { type LeanEnvironment, leanable, leanTemplate, type Spec } from '../src/render/lean-runtime.js';
import { COMPILE_OPTIONS } from '../src/render/template-files.js';
import { linker, relativeUrl } from '../src/render/links.js';
import { isSafeLink, markdown, plainText } from '../src/render/markdown.js';
import { encodeLabelText, flowchart, MAX_NODES, nodeId, stateDiagram, usesElk } from '../src/render/mermaid.js';
import { ROOT } from './helpers.js';

const SMALL = join(ROOT, 'test/fixtures/site/small');
const HOSTILE = join(ROOT, 'test/fixtures/site/hostile');

function model(dir: string) {
  return buildModel(loadMap(dir));
}

describe('markdown', () => {
  it('prints raw HTML as text', () => {
    expect(markdown('a <script>x()</script> <b>b</b>')!.html).toBe('<p>a &lt;script&gt;x()&lt;/script&gt; &lt;b&gt;b&lt;/b&gt;</p>\n');
  });

  it.each([
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    ['vbscript:msgbox(1)', false],
    ['data:text/html;base64,AAAA', false],
    ['file:///etc/passwd', false],
    ['https://example.com/a', true],
    ['http://example.com/a', true],
    ['mailto:ops@example.com', true],
    ['routing.html#rule-a', true],
    ['../teams/revops.html', true],
    ['#anchor', true],
  ])('isSafeLink(%j) is %s', (url, ok) => {
    expect(isSafeLink(url)).toBe(ok);
  });

  it('drops unsafe links and keeps safe ones', () => {
    expect(markdown('[a](javascript:alert(1)) [b](https://example.com) [c](data:text/html,x)')!.html).toBe(
      '<p>[a](javascript:alert(1)) <a href="https://example.com">b</a> [c](data:text/html,x)</p>\n',
    );
  });

  it('renders no images (they would be remote loads) and starts headings at h4', () => {
    expect(markdown('![x](https://evil.example/x.png)')!.html).toBe('<p>!<a href="https://evil.example/x.png">x</a></p>\n');
    expect(markdown('# Title')!.html).toBe('<h4>Title</h4>\n');
  });

  it('resolves a relative link from the site root on nested pages, and leaves others alone', () => {
    // regression: "see [routing](routing.html)" in a team description broke on teams/<id>.html
    const src = '[r](routing.html#fallback) [a](#here) [x](https://example.com/y) [m](mailto:a@b.c)';
    expect(markdown(src, '../')!.html).toBe(
      '<p><a href="../routing.html#fallback">r</a> <a href="#here">a</a> <a href="https://example.com/y">x</a> <a href="mailto:a@b.c">m</a></p>\n',
    );
    expect(markdown(src)!.html).toContain('<a href="routing.html#fallback">r</a>');
  });

  it('gives plain text for one-line definitions', () => {
    expect(plainText('The **unit** of `progress`.\n\nSecond.')).toBe('The unit of progress. Second.');
  });
});

describe('mermaid text', () => {
  it('encodes every character that could end a label or start a directive', () => {
    expect(encodeLabelText('a "b" <c> `d` %%{init}%% #quot; -->|x|')).toBe(
      'a #34;b#34; #60;c#62; #96;d#96; #37;#37;#123;init#125;#37;#37; #35;quot#59; --#62;#124;x#124;',
    );
  });

  it('derives node ids that cannot be keywords or edges', () => {
    expect(nodeId('s', 'end')).toBe('s_end');
    expect(nodeId('t', 'o-x-team')).toBe('t_o_x_team');
  });

  it('lets no label break the diagram (Mermaid parses every one)', async () => {
    const hostile = [
      '<script>alert(1)</script>',
      '"]) --> x[("',
      '%%{init: {"securityLevel":"loose"}}%%',
      'click a call alert()',
      'end',
      '#quot; &amp;',
      '`**md**`',
      'line\nbreak',
      '[*] --> [*]',
      'ﬂ°°35¶ß',
      ':::cls',
      'style a fill:red',
      '\\"',
    ];
    const diagrams = hostile.flatMap((h, i) => [
      {
        page: 'p.html',
        title: `flow ${i}`,
        text: flowchart({
          direction: 'LR',
          nodes: [
            { id: 'a_1', label: [h, h], shape: 'diamond' },
            { id: 'b_1', label: [h] },
          ],
          edges: [{ from: 'a_1', to: 'b_1', label: h }],
          groups: [{ id: 'g_1', label: h, nodes: ['b_1'] }],
        }),
      },
      {
        page: 'p.html',
        title: `state ${i}`,
        text: stateDiagram({
          states: [
            { id: 's_1', label: [h] },
            { id: 's_2', label: [h, h] },
          ],
          start: ['s_1'],
          end: ['s_2'],
          transitions: [{ from: 's_1', to: 's_2' }],
        }),
      },
    ]);
    expect(await checkDiagrams(diagrams)).toEqual([]);
  });

  it('reports a diagram Mermaid cannot parse, naming its page and title', async () => {
    const problems = await checkDiagrams([{ page: 'routing.html', title: 'Routing decisions', text: 'flowchart LR\n  a["x] --> b\n' }]);
    expect(problems.map((p) => [p.diagram.page, p.diagram.title])).toEqual([['routing.html', 'Routing decisions']]);
    expect(problems[0]!.message).toMatch(/^Parse error on line \d+:/);
  });
});

describe('links', () => {
  it.each([
    ['index.html', 'teams/revops.html', 'teams/revops.html'],
    ['teams/revops.html', 'index.html', '../index.html'],
    ['teams/revops.html', 'teams/sales.html', 'sales.html'],
    ['pipelines/a.html', 'teams/b.html', '../teams/b.html'],
  ])('relativeUrl(%s, %s) = %s', (from, to, url) => {
    expect(relativeUrl(from, to)).toBe(url);
  });

  it('links an entity by its id as anchor, and a team to its page', () => {
    const ctx = buildContext(model(SMALL), []);
    const l = linker('teams/sales.html', ctx.places, ctx.name);
    expect(l.entity('stage', 'proposal')).toEqual({ text: 'Proposal', href: '../pipelines/new-business.html#proposal' });
    expect(l.entity('team', 'revops')).toEqual({ text: 'Revenue Operations', href: 'revops.html' });
    expect(l.entity('role', 'vp-sales')).toEqual({ text: 'VP Sales', href: '#vp-sales' });
    expect(l.entity('team', 'nobody')).toEqual({ text: 'nobody', href: null });
  });

  it('prefixes an anchor with its kind when two entities on one page share an id', () => {
    const m = model(SMALL);
    m.map.pipelines[0]!.stages[0]!.id = 'new-business';
    const rebuilt = buildModel({ dir: SMALL, files: m.files.map((f) => f), diagnostics: [] });
    // the model indexes ids at build time: rename in the source data, then rebuild the index
    expect(rebuilt.entities.get('stage')?.has('new-business')).toBe(true);
    const ctx = buildContext(rebuilt, []);
    expect(ctx.places.of('pipeline', 'new-business')).toEqual({ page: 'pipelines/new-business.html', anchor: 'new-business', top: true });
    expect(ctx.places.of('stage', 'new-business')).toEqual({
      page: 'pipelines/new-business.html',
      anchor: 'stage-new-business',
      top: false,
    });
  });

  it('writes conditions in words with field names linked to the data dictionary', () => {
    const ctx = buildContext(model(SMALL), []);
    const l = linker('segments.html', ctx.places, ctx.name);
    expect(conditionRich(ctx.map.segments[0]!.rule, ctx, l)).toEqual([
      { text: 'Employees', href: 'data-dictionary.html#employee-count' },
      { text: ' is at least 200 and ', href: null },
      { text: 'Employees', href: 'data-dictionary.html#employee-count' },
      { text: ' is less than 2000', href: null },
    ]);
  });
});

describe('findings on entities', () => {
  it('attaches a finding to the entity its model path points into, else to the enclosing entity by line', () => {
    const m = model(SMALL);
    const byPath: Diagnostic = {
      ruleId: 'x/y',
      severity: 'warn',
      message: 'm',
      file: 'whatever',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      path: ['pipelines', 0, 'stages', 1, 'exitCriteria', 0],
      docsUrl: '',
    };
    const f = attachFindings(m, [byPath]);
    expect(f.entityOf.get(byPath)).toEqual({ kind: 'stage', id: 'proposal' });
    const file = m.files.find((x) => x.rel === 'handoffs.yaml')!.file;
    const byLine: Diagnostic = { ...byPath, path: [], file, line: 12 };
    expect(attachFindings(m, [byLine]).entityOf.get(byLine)).toEqual({ kind: 'handoff', id: 'sales-to-success' });
    const header: Diagnostic = { ...byPath, path: ['$header', 'lint'], file: 'gtmap.yaml' };
    expect(attachFindings(m, [header]).entityOf.get(header)).toBeUndefined();
  });
});

describe('diagrams stay readable', () => {
  function bigMap() {
    const m = model(SMALL);
    for (let i = 0; i < 60; i++)
      m.map.routing.splice(m.map.routing.length - 1, 0, {
        id: `rule-${i}`,
        name: `Rule ${i}`,
        object: 'lead',
        segment: 'mid-market',
        assign: { team: 'sales' },
      });
    for (let i = 0; i < 50; i++) m.map.demandSources.push({ id: `src-${i}`, name: `Source ${i}`, kind: i % 2 ? 'outbound' : 'event' });
    const stages = m.map.pipelines[0]!.stages;
    for (let i = 0; i < 45; i++) stages.splice(1, 0, { id: `extra-${i}`, name: `Extra ${i}` });
    return m;
  }
  const nodes = (text: string): number => new Set([...text.matchAll(/^\s+([a-z]+_[a-z0-9_]+)[[({]/gm)].map((x) => x[1])).size;

  it(`splits routing past ${MAX_NODES} nodes into parts of at most ${MAX_NODES}`, () => {
    const ctx = buildContext(bigMap(), []);
    const parts = routingFlow(ctx, linker('routing.html', ctx.places, ctx.name));
    expect(parts.map((p) => p.title)).toEqual([
      'Routing decisions (rules 1–18)',
      'Routing decisions (rules 19–36)',
      'Routing decisions (rules 37–54)',
      'Routing decisions (rules 55–63)',
    ]);
    for (const p of parts) expect(nodes(p.text)).toBeLessThanOrEqual(MAX_NODES);
    expect(parts.flatMap((p) => p.alt.rows).length).toBe(63);
  });

  it('summarises many pipelines into one box', () => {
    const m = bigMap();
    for (let i = 0; i < 30; i++)
      m.map.pipelines.push({
        id: `p-${i}`,
        name: `P ${i}`,
        stages: [
          { id: `p-${i}-open`, name: 'Open' },
          { id: `p-${i}-won`, name: 'Won', outcome: 'won' },
        ],
      });
    const ctx = buildContext(m, []);
    const flow = revenueFlow(ctx, linker('index.html', ctx.places, ctx.name));
    expect(nodes(flow.text)).toBeLessThanOrEqual(MAX_NODES);
    expect(flow.text).toContain('p_all["31 pipelines<br/>77 open stages in all"]');
    expect(flow.alt.rows.filter((r) => r[1]![0]!.text.startsWith('Pipeline: ')).length).toBe(31);
  });

  it('keeps the revenue flow to one box per step, each linking to its page, and splits a long stage flow', () => {
    const ctx = buildContext(bigMap(), []);
    const flow = revenueFlow(ctx, linker('index.html', ctx.places, ctx.name));
    expect(nodes(flow.text)).toBeLessThanOrEqual(8);
    expect(flow.text).toContain('p_new_business["New business<br/>47 open stages"]');
    expect(flow.text).toMatch(/^flowchart LR$/m);
    const links = new Map((flow.links ?? '').match(/\S+ \S+/g)!.map((pair) => pair.split(' ') as [string, string]));
    expect(links.get('p_new_business')).toBe('pipelines/new-business.html');
    expect(links.get('r_routing')).toBe('routing.html');
    expect(links.get('d_demand')).toBe('demand-sources.html');
    const stages = stageFlow(ctx, linker('pipelines/new-business.html', ctx.places, ctx.name), ctx.map.pipelines[0]!);
    expect(stages.map((d) => d.title)).toEqual(['Stage flow: New business (part 1 of 2)', 'Stage flow: New business (part 2 of 2)']);
    for (const d of stages) expect(nodes(d.text)).toBeLessThanOrEqual(MAX_NODES);
  });

  it('links every node that stands for an entity to that entity, and nothing else', () => {
    const ctx = buildContext(model(SMALL), []);
    const link = linker('pipelines/new-business.html', ctx.places, ctx.name);
    const [d] = stageFlow(ctx, link, ctx.map.pipelines[0]!);
    const pairs = (d!.links ?? '').match(/\S+ \S+/g)!.map((pair) => pair.split(' '));
    expect(pairs.map(([id]) => id).sort()).toEqual(ctx.map.pipelines[0]!.stages.map((s) => nodeId('s', s.id)).sort());
    for (const [id, url] of pairs) expect(url).toBe(link.entityUrl('stage', id!.slice(2).replace(/_/g, '-')));
    const routing = routingFlow(ctx, linker('routing.html', ctx.places, ctx.name))[0]!;
    expect(routing.links).not.toContain('r_start');
    expect(routing.links).toMatch(/^r_\S+ #\S+ /);
  });

  it('shows routing as a decision table first, with the flow under it', () => {
    const ctx = buildContext(model(SMALL), []);
    const [d] = routingFlow(ctx, linker('routing.html', ctx.places, ctx.name));
    expect(d!.primary!.head).toEqual(['#', 'Rule', 'Applies to', 'Conditions', 'Goes to', 'First response']);
    expect(d!.primary!.rows.length).toBe(ctx.map.routing.length);
    expect(d!.primary!.rows.map((r) => r[0]![0]!.text)).toEqual(ctx.map.routing.map((_, i) => String(i + 1)));
    const html = render(model(SMALL), []).get('routing.html') as string;
    expect(html.indexOf('<table>')).toBeLessThan(html.indexOf('<details class="diagram-more">'));
    expect(html).toMatch(
      /<details class="diagram-more">\n<summary>Routing decisions: as a flow diagram<\/summary>\n<figure class="diagram" id="diagram_routing-flow" data-links="/,
    );
  });

  it('draws one forecast mapping per pipeline, without arrowheads, and the lifecycle with ELK', () => {
    const m = model(SMALL);
    m.map.pipelines.push({
      id: 'renewals',
      name: 'Renewals',
      stages: [{ id: 'r-open', name: 'Open', forecastCategory: m.map.forecastCategories[0]!.id }],
    });
    const ctx = buildContext(m, []);
    const maps = forecastMapping(ctx, linker('forecast.html', ctx.places, ctx.name));
    expect(maps.map((d) => d.id)).toEqual(m.map.pipelines.map((p) => `forecast-mapping-${p.id}`));
    for (const d of maps) {
      expect(d.text).not.toContain('-->');
      expect(d.text).toContain(' --- c_');
    }
    const life = lifecycleStates(ctx, linker('lifecycle.html', ctx.places, ctx.name))!;
    expect(life.text.startsWith('---\nconfig:\n  layout: elk\n---\nstateDiagram-v2\n  direction TB\n')).toBe(true);
    expect(usesElk(life.text)).toBe(true);
    expect(maps.some((d) => usesElk(d.text))).toBe(false);
  });

  it('prefixes its class names, so a node never picks up a site style such as .source', () => {
    const text = flowchart({ direction: 'LR', nodes: [{ id: 'a', label: ['A'], cls: 'source' }], edges: [] });
    expect(text).toContain('classDef dg_source ');
    expect(text).toContain('class a dg_source');
    expect(text).not.toMatch(/ source$/m);
  });
});

describe('the rendered site', () => {
  const site = renderSite(model(SMALL), []);

  it('gives the same pages as UTF-8 bytes with the bytes option (what gtmap build writes)', () => {
    const asBytes = renderSite(model(SMALL), [], { bytes: true }).files;
    expect([...asBytes.keys()]).toEqual([...site.files.keys()]);
    const page = asBytes.get('index.html');
    expect(Buffer.isBuffer(page)).toBe(true);
    for (const [path, contents] of site.files) expect(Buffer.from(asBytes.get(path)!).equals(Buffer.from(contents)), path).toBe(true);
  });

  it('with the copies option, names the files of the vendored scripts instead of holding their bytes', () => {
    const built = renderSite(model(SMALL), [], { bytes: true, copies: true });
    const vendored = ['assets/mermaid-layout-elk.js', 'assets/mermaid.min.js'];
    expect([...built.files.keys()]).toEqual([...site.files.keys()].filter((p) => !vendored.includes(p)));
    expect([...built.copies!.keys()].sort()).toEqual(vendored);
    for (const p of vendored) expect(readFileSync(built.copies!.get(p)!).equals(site.files.get(p) as Buffer), p).toBe(true);
  });

  it('with the previous option, names the file that already holds a page instead of holding the page', () => {
    const onDisk = ['assets/search-index.js', 'glossary.html', 'index.html', 'pipelines/new-business.html'];
    const asked = new Map<string, string>();
    const built = renderSite(model(SMALL), [], {
      bytes: true,
      copies: true,
      previous: (path, page) => {
        asked.set(path, page);
        return onDisk.includes(path) ? `/previous/${path}` : undefined;
      },
    });
    const vendored = ['assets/mermaid-layout-elk.js', 'assets/mermaid.min.js'];
    expect([...built.copies!.keys()].sort()).toEqual([...onDisk, ...vendored].sort());
    for (const p of onDisk) {
      expect(built.copies!.get(p)).toBe(`/previous/${p}`);
      expect(asked.get(p)).toBe(Buffer.from(site.files.get(p)!).toString());
    }
    // the others are held as before; together they are the whole site
    for (const [p, contents] of built.files) expect(Buffer.from(contents).equals(Buffer.from(site.files.get(p)!)), p).toBe(true);
    expect([...built.files.keys(), ...built.copies!.keys()].sort()).toEqual([...site.files.keys()].sort());
  });

  it('hands every diagram to onDiagrams once, in site order, before any first-week role page is templated', () => {
    const events: string[] = [];
    const batches: string[][] = [];
    const built = renderSite(model(join(ROOT, 'map')), [], {
      copies: true,
      onDiagrams: (ds) => {
        batches.push(ds.map((d) => `${d.page} ${d.title}`));
        events.push('diagrams');
      },
      previous: (path) => {
        events.push(path);
        return undefined;
      },
    });
    expect(built.diagrams.length).toBeGreaterThan(10);
    expect(batches.flat()).toEqual(built.diagrams.map((d) => `${d.page} ${d.title}`));
    const firstRole = events.findIndex((e) => e.startsWith('roles/'));
    expect(firstRole).toBeGreaterThan(0);
    expect(events.lastIndexOf('diagrams')).toBeLessThan(firstRole);
  });

  it('lists every page, sorted, with its assets', () => {
    expect([...site.files.keys()]).toEqual([
      'ambiguities.html',
      'assets/diagrams.js',
      'assets/mermaid-layout-elk.js',
      'assets/mermaid.min.js',
      'assets/minisearch.js',
      'assets/search-index.js',
      'assets/search.js',
      'assets/site.css',
      'assets/site.js',
      'cadences.html',
      'changes.html',
      'data-dictionary.html',
      'decision-rights.html',
      'demand-sources.html',
      'forecast.html',
      'glossary.html',
      'handoffs.html',
      'incentives.html',
      'index.html',
      'initiatives.html',
      'lifecycle.html',
      'map.html',
      'metrics.html',
      'pipelines.html',
      'pipelines/new-business.html',
      // a first-week page per role (views/first-week.ts)
      'roles/account-executive.html',
      'roles/revops-lead.html',
      'roles/vp-sales.html',
      'routing.html',
      'segments.html',
      'teams.html',
      'teams/revops.html',
      'teams/sales.html',
      'teams/success.html',
    ]);
  });

  it('is byte-identical when rendered twice', () => {
    // digests, not the bytes: deep equality over the 3 MB Mermaid bundle took 30 s under load
    const digest = (files: ReadonlyMap<string, string | Buffer>) =>
      [...files].map(([path, body]) => [path, createHash('sha256').update(body).digest('hex')]);
    expect(digest(render(model(SMALL), []))).toEqual(digest(site.files));
  });

  it('gives every page the CSP, no inline script and no remote load', () => {
    for (const [path, body] of site.files) {
      if (!path.endsWith('.html')) continue;
      const html = String(body);
      expect(html, path).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src &#x27;self&#x27;; script-src &#x27;self&#x27;; style-src &#x27;self&#x27; &#x27;unsafe-inline&#x27;; img-src &#x27;self&#x27; data:;`,
      );
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(m[1], path).toMatch(/^ src="(\.\.\/)?assets\/[a-z.-]+\.js"$/);
        expect(m[2], path).toBe('');
      }
      expect(html, path).not.toMatch(/<(script|link|img|iframe)\b[^>]*(src|href)="(https?:)?\/\//);
      expect(html, path).not.toMatch(/\son[a-z]+=/);
    }
  });

  it('adds the live-reload script only when serving', () => {
    expect(site.files.has('assets/livereload.js')).toBe(false);
    const served = render(model(SMALL), [], { liveReload: true });
    expect(String(served.get('index.html'))).toContain('<script src="assets/livereload.js"></script>');
    expect(String(served.get('teams/sales.html'))).toContain('<script src="../assets/livereload.js"></script>');
  });

  it('builds a search index of every entity, as a script assigning a global', () => {
    const js = String(site.files.get('assets/search-index.js'));
    expect(js.startsWith('// Generated by gtmap build: every entity of the map, for assets/search.js.\nwindow.GTMAP_SEARCH = [')).toBe(
      true,
    );
    const entries = JSON.parse(js.slice(js.indexOf('['), js.lastIndexOf(']') + 1)) as {
      n: string;
      k: string;
      i: string;
      u: string;
      d: string;
    }[];
    // one entry per entity, plus one per criterion and decision sentence (those carry `w`, the entity that holds them)
    expect(entries.filter((e: { w?: string }) => !e.w).length).toBe(model(SMALL).all.length);
    expect(entries.find((e) => e.i === 'proposal')).toEqual({
      n: 'Proposal',
      k: 'Stage',
      i: 'proposal',
      u: 'pipelines/new-business.html#proposal',
      d: 'Stage 2 of the New business pipeline.',
    });
  });

  it('renders the hostile map as text', () => {
    const hostile = renderSite(model(HOSTILE), []);
    for (const [path, body] of hostile.files) {
      if (!path.endsWith('.html')) continue;
      const html = String(body);
      // the page's own scripts and its empty favicon are the only src/href we expect to see
      const tags = html
        .replace(/<script src="(\.\.\/)?assets\/[a-z.-]+\.js"><\/script>/g, '')
        .replace('<link rel="icon" href="data:,">', '');
      expect(tags, path).not.toMatch(/<(script|img|svg|iframe|style|marquee|object|embed)\b/i);
      expect(tags, path).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
      expect(tags, path).not.toMatch(/(href|src)="\s*(javascript|vbscript|data):/i);
    }
    expect(String(hostile.files.get('index.html'))).toContain(
      'Evil &lt;script&gt;window.__pwned&#x3D;&#x27;company&#x27;&lt;/script&gt; Corp',
    );
  });
});

describe('templates', () => {
  it('print only escaped values, except through the safe helper', () => {
    const dir = join(ROOT, 'templates');
    const files = [
      'layout.hbs',
      ...readdirSync(join(dir, 'pages')).map((f) => `pages/${f}`),
      ...readdirSync(join(dir, 'partials')).map((f) => `partials/${f}`),
    ];
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('{{{');
  });

  it('render precompiled (npm run build) while templates/ is unchanged, and from the files once one is edited', async () => {
    const { loadTemplates } = await import('../src/render/templates.js');
    const pre = createRequire(import.meta.url)('../dist/render/templates.precompiled.cjs') as Precompiled;
    // the example map, and map text made to break out of HTML
    const pages = [join(ROOT, 'map'), HOSTILE].flatMap((dir) => {
      const r = checkMap(dir);
      return pagesOf(buildContext(r.model, r.diagnostics));
    });
    const bodies = (t: Templates): string[] =>
      pages.map((p) => t.pages.get(p.template)!({ page: { title: p.title, lede: p.lede }, view: p.view }));
    const copy = mkdtempSync(join(tmpdir(), 'gtmap-templates-'));
    try {
      cpSync(join(ROOT, 'templates'), copy, { recursive: true });
      const same = loadTemplates(copy, pre);
      const compiled = loadTemplates(copy, {});
      const handlebars = loadTemplates(copy, pre, { lean: false });
      expect([same.precompiled, compiled.precompiled, handlebars.precompiled]).toEqual([true, false, true]);
      // precompiled templates run on our lean runtime, unless asked not to; the pages are the same
      expect([same.lean, compiled.lean, handlebars.lean]).toEqual([true, false, false]);
      expect(pages.length).toBeGreaterThan(10);
      expect(bodies(same)).toEqual(bodies(compiled));
      expect(bodies(same)).toEqual(bodies(handlebars));
      // an edit made after the build is what renders
      const start = join(copy, 'pages', 'start.hbs');
      writeFileSync(start, `<p>edited after the build</p>\n${readFileSync(start, 'utf8')}`);
      const edited = loadTemplates(copy, pre);
      expect(edited.precompiled).toBe(false);
      expect(bodies(edited)[0]).toBe(`<p>edited after the build</p>\n${bodies(same)[0]}`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('the lean template runtime', () => {
  const compile = (source: string): Spec => {
    const code = Handlebars.precompile(source, { ...COMPILE_OPTIONS, knownHelpers: KNOWN_HELPERS }) as string;
    return new Function(`return ${code}`)() as Spec;
  };
  const env = (): LeanEnvironment => ({ helpers: createHandlebars().helpers as LeanEnvironment['helpers'], partials: {} });

  it('prints what Handlebars prints: escaped values, helpers, blocks, partials with a hash', () => {
    const e = env();
    e.partials['item'] = leanTemplate(compile('<i>{{name}}{{#if note}} ({{note}}){{/if}}</i>'), e);
    const spec = compile(
      '{{title}}: {{#each list}}{{> item this note=../title}}{{else}}none{{/each}} {{#unless flag}}off{{/unless}} {{rich runs}}',
    );
    // `../` makes the spec use depths, which the lean runtime leaves to Handlebars
    expect(leanable(spec)).toBe(false);
    const plain = compile(
      '{{title}}: {{#each list}}{{> item this note="n"}}{{else}}none{{/each}} {{#unless flag}}off{{/unless}} {{rich runs}}',
    );
    expect(leanable(plain)).toBe(true);
    const view = { title: '<b>&"', list: [{ name: 'a<' }, { name: 'b' }], flag: false, runs: [{ text: 'x>', href: 'y"' }] };
    const hbs = createHandlebars();
    hbs.registerPartial('item', hbs.template(compile('<i>{{name}}{{#if note}} ({{note}}){{/if}}</i>')));
    const expected = hbs.template(plain)(view);
    expect(leanTemplate(plain, e)(view)).toBe(expected);
    expect(expected).toBe('&lt;b&gt;&amp;&quot;: <i>a&lt; (n)</i><i>b (n)</i> off <a href="y&quot;">x&gt;</a>');
    expect(leanTemplate(plain, e)({ ...view, list: [] })).toContain(': none off');
  });

  it('fails as Handlebars does on a missing key, with its place, and reads no inherited property', () => {
    const e = env();
    const t = leanTemplate(compile('<p>\n{{missing}}</p>'), e);
    expect(() => t({})).toThrow('"missing" not defined in [object Object] - 2:2');
    expect(leanTemplate(compile('[{{#if toString}}yes{{/if}}]'), e)({})).toBe('[]');
  });

  it('refuses a spec that asks its runtime for anything it does not implement', () => {
    const spec = compile('{{title}}');
    expect(leanable(spec)).toBe(true);
    expect(leanable({ ...spec, main: new Function('container', 'return container.hooks.helperMissing()') } as Spec)).toBe(false);
    expect(leanable({ ...spec, compiler: [7, '>= 4.0.0'] })).toBe(false);
  });
});

describe('lint findings on the site', () => {
  it('shows each finding on the ambiguities page under its section, linked to its entity', () => {
    const r = checkMap(SMALL);
    const html = String(render(r.model, r.diagnostics).get('ambiguities.html'));
    const d = r.diagnostics.find((x) => x.ruleId === 'metric/has-target');
    expect(d).toBeDefined();
    expect(html).toContain('<section class="group" id="section_metrics" aria-labelledby="h_section_metrics">');
    expect(html).toContain(
      '<article class="about" id="about-metric-new-arr">\n<h3><a href="metrics.html#new-arr">New ARR</a> <span class="meta">Metric</span></h3>',
    );
  });
});

describe('helpers', () => {
  it('prints backticked spans of a message as code, escaping everything', async () => {
    const { HELPERS } = await import('../src/render/helpers.js');
    expect(HELPERS.code('Stage `a<b>` has `x` and `odd').toString()).toBe('Stage <code>a&lt;b&gt;</code> has <code>x</code> and &#x60;odd');
    expect(() => HELPERS.safe('<b>raw</b>')).toThrow('the `safe` helper only prints trusted HTML');
    expect(HELPERS.rich([{ text: '<i>', href: 'a.html?x="1"' }]).toString()).toBe('<a href="a.html?x&#x3D;&quot;1&quot;">&lt;i&gt;</a>');
  });

  it('prints a table row as a header cell and data cells, escaping every run', async () => {
    const { HELPERS } = await import('../src/render/helpers.js');
    const row = [
      [{ text: 'a<b', href: 'x.html#"y"' }],
      [],
      [
        { text: '1 & 2', href: null },
        { text: '!', href: null },
      ],
    ];
    expect(HELPERS.cells(row).toString()).toBe(
      '<th scope="row"><a href="x.html#&quot;y&quot;">a&lt;b</a></th><td></td><td>1 &amp; 2!</td>',
    );
    expect(() => HELPERS.cells([['<b>raw</b>']])).toThrow('the `cells` helper prints a list of cells');
  });

  it('prints facts and list items one per line, escaping every run', async () => {
    const { HELPERS } = await import('../src/render/helpers.js');
    const facts = [
      { label: 'Owner <b>', value: [{ text: 'a&b', href: 'teams/x.html?q="1"' }] },
      { label: 'Empty', value: [] },
    ];
    expect(HELPERS.factList(facts).toString()).toBe(
      '<div><dt>Owner &lt;b&gt;</dt><dd><a href="teams/x.html?q&#x3D;&quot;1&quot;">a&amp;b</a></dd></div>\n<div><dt>Empty</dt><dd></dd></div>',
    );
    expect(HELPERS.itemList([[{ text: '<i>', href: null }], []]).toString()).toBe('<li>&lt;i&gt;</li>\n<li></li>');
    expect(() => HELPERS.factList([{ label: 'x', value: '<b>raw</b>' }])).toThrow('the `factList` helper prints a list');
    expect(() => HELPERS.itemList(['<b>raw</b>'])).toThrow('the `itemList` helper prints a list');
  });

  it('prints a once block the first time it meets an object, and that text again for the same object', async () => {
    const { createHandlebars, KNOWN_HELPERS } = await import('../src/render/helpers.js');
    const full = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
    const hbs = createHandlebars(full);
    const t = hbs.compile('{{#each list}}{{#once this "a"}}<{{name}}>{{/once}}{{#once this "b"}}[{{name}}]{{/once}}{{/each}}', {
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: KNOWN_HELPERS,
    });
    const x = { name: 'x' };
    const y = { name: 'y&' };
    expect(t({ list: [x, y, x] })).toBe('<x>[x]<y&amp;>[y&amp;]<x>[x]');
    // the text is kept by object, not made again: an object changed since prints what it printed
    x.name = 'changed';
    expect(t({ list: [x, { name: 'changed' }] })).toBe('<x>[x]<changed>[changed]');
    // another environment (another template set) keeps its own
    expect(createHandlebars(full).compile('{{#once this "a"}}{{name}}{{/once}}')(x)).toBe('changed');
    expect(() => t({ list: ['text'] })).toThrow('the `once` block helper takes an object and a name');
  });
});
