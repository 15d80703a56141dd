// Provenance on the site: "Defined in routing.yaml:42" names the line of the entity's id (found
// by a linear scan, checked here against the positional parse), links it to the repository and
// the web editor when gtmap.yaml sets `repository` and `editUrl`, and each page made of one map
// file gets "Edit this page". The search documents carry criteria, decisions and CRM names.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { loadMap } from '../src/load/index.js';
import { buildModel, locate } from '../src/model/index.js';
import { buildContext, entityLines } from '../src/render/context.js';
import { render } from '../src/render/index.js';
import { searchIndex } from '../src/render/search.js';
import { makeMap, ROOT, tempDir } from './helpers.js';

const model = (dir: string) => buildModel(loadMap(dir));

describe('the line an entity is defined on', () => {
  it('is the line of its id for every entity of the example map, as the positional parse says', () => {
    const m = model(join(ROOT, 'map'));
    const lineOf = entityLines(m);
    let known = 0;
    for (const ref of m.all) {
      const line = lineOf(ref);
      if (line === null) continue;
      known++;
      expect(line, `${ref.kind} ${ref.id}`).toBe(locate(m, [...ref.path, 'id'])!.line);
    }
    // every entity of the example map has its own id line
    expect(known).toBe(m.all.length);
  });

  it('is left out, not guessed, when another id line in the file says the same id', () => {
    const dir = makeMap({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Acme\n',
      'pipelines.yaml': [
        'pipelines:',
        '  - id: renewal',
        '    name: Renewal',
        '    stages:',
        '      - id: renewal',
        '        name: Renewal',
        '      - id: won',
        '        name: Won',
        '        outcome: won',
        '',
      ].join('\n'),
      'teams.yaml': 'teams:\n  - { id: sales, name: Sales }\n',
    });
    const m = model(dir);
    const lineOf = entityLines(m);
    const byId = (kind: string, id: string) => m.all.find((r) => r.kind === kind && r.id === id)!;
    expect(lineOf(byId('pipeline', 'renewal'))).toBeNull();
    expect(lineOf(byId('stage', 'renewal'))).toBeNull();
    expect(lineOf(byId('stage', 'won'))).toBe(7);
    // a flow-style entity has no `id:` line of its own
    expect(lineOf(byId('team', 'sales'))).toBeNull();
  });
});

describe('links to the repository', () => {
  const withRepo = (extra: string): string => {
    const dir = join(tempDir('gtmap-prov-'), 'map');
    cpSync(join(ROOT, 'test/fixtures/site/small'), dir, { recursive: true });
    writeFileSync(join(dir, 'gtmap.yaml'), readFileSync(join(dir, 'gtmap.yaml'), 'utf8') + extra);
    return dir;
  };

  it('link "Defined in" to the file at the line, and offer an edit link per entity and per page', () => {
    const dir = withRepo(
      'repository: https://github.com/acme/revenue/blob/main/map\neditUrl: https://github.com/acme/revenue/edit/main/map/\n',
    );
    const m = model(dir);
    const ctx = buildContext(m, []);
    const team = m.map.teams[0]!;
    const p = ctx.provenance('team', team.id)!;
    const line = locate(m, [...m.all.find((r) => r.kind === 'team' && r.id === team.id)!.path, 'id'])!.line;
    expect(p).toEqual({
      label: `teams.yaml:${line}`,
      file: 'teams.yaml',
      line,
      href: `https://github.com/acme/revenue/blob/main/map/teams.yaml#L${line}`,
      editHref: 'https://github.com/acme/revenue/edit/main/map/teams.yaml',
    });
    const files = render(m, []);
    const teamPage = String(files.get(`teams/${team.id}.html`));
    expect(teamPage).toContain(
      `Defined in <a href="https://github.com/acme/revenue/blob/main/map/teams.yaml#L${line}"><code>teams.yaml:${line}</code></a>`,
    );
    expect(teamPage).toContain(
      '<p class="edit-page"><a href="https://github.com/acme/revenue/edit/main/map/teams.yaml">Edit this page</a>',
    );
    expect(String(files.get('index.html'))).toContain('href="https://github.com/acme/revenue/edit/main/map/gtmap.yaml">Edit this page</a>');
    expect(String(files.get('routing.html'))).toContain(
      'href="https://github.com/acme/revenue/edit/main/map/routing.yaml">Edit this page</a>',
    );
    // pages not made from one map file have no edit link
    expect(String(files.get('ambiguities.html'))).not.toContain('Edit this page');
  });

  it('show the file and line as text, with no edit link, when gtmap.yaml names no repository', () => {
    const files = render(model(join(ROOT, 'test/fixtures/site/small')), []);
    const html = [...files.entries()].filter(([k]) => k.endsWith('.html')).map(([, v]) => String(v));
    expect(html.some((h) => /Defined in <code>teams\.yaml:\d+<\/code>/.test(h))).toBe(true);
    expect(html.some((h) => h.includes('Edit this page') || h.includes('>edit</a>'))).toBe(false);
  });

  it('reject an address that is not http(s) in gtmap.yaml, with its line', () => {
    const dir = withRepo('repository: "javascript:alert(1)"\n');
    const found = check(dir).diagnostics.filter((d) => d.file.endsWith('gtmap.yaml') && /repository/.test(d.message));
    expect(found.map((d) => [d.severity, d.line])).toEqual([
      ['error', readFileSync(join(dir, 'gtmap.yaml'), 'utf8').split('\n').length - 1],
    ]);
  });
});

describe('search documents', () => {
  it('carry CRM names, criteria and decisions of the example map, each pointing at the entity that holds them', () => {
    const m = model(join(ROOT, 'map'));
    const docs = searchIndex(buildContext(m, []));
    expect(docs.find((d) => d.i === 'problem-cost' && d.k === 'Field')?.a).toContain('Salesforce Opportunity.Problem_Cost__c');
    expect(docs).toContainEqual(
      expect.objectContaining({
        n: 'The discount is at most 15%, or the deal desk has approved a higher one.',
        k: 'Exit criterion',
        u: 'pipelines/new-business.html#nb-business-case',
        w: 'Business case',
      }),
    );
    expect(docs).toContainEqual(
      expect.objectContaining({ k: 'Decision', u: 'cadences.html#quarterly-gtm-planning', w: 'Quarterly GTM planning' }),
    );
    expect(docs.find((d) => d.k === 'Term' && d.n === 'MQL')?.a).toBeTruthy();
  });
});
