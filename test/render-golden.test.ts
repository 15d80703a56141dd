// Golden files: every page of the small fixture's site, byte for byte. After an intended
// change, run `npm run golden:update` and review the diff of test/golden/ like code.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsUrl, type Diagnostic } from '../src/diagnostic.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { render } from '../src/render/index.js';
import { ROOT } from './helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/site/small');
const GOLDEN = join(ROOT, 'test/golden/small');
const UPDATE = process.env.GTMAP_UPDATE_GOLDEN === '1';

// Findings are fixed here rather than taken from the linter, so a change to a rule's wording
// does not churn these files; test/render.test.ts checks real lint output on the site.
function findings(): Diagnostic[] {
  const d = (
    ruleId: string,
    severity: Diagnostic['severity'],
    message: string,
    file: string,
    line: number,
    path: (string | number)[],
  ): Diagnostic => ({ ruleId, severity, message, file, line, column: 5, endLine: line, endColumn: 9, path, docsUrl: docsUrl(ruleId) });
  return [
    d(
      'decision/has-escalation',
      'warn',
      'Decision domain `renewal-terms` has no escalation path.',
      'test/fixtures/site/small/decision-rights.yaml',
      9,
      ['decisionRights', 1],
    ),
    d(
      'stage/stale-window',
      'info',
      'Stage `proposal` removes stale deals from the forecast <silently>.',
      'test/fixtures/site/small/pipelines.yaml',
      31,
      ['pipelines', 0, 'stages', 1, 'whenStale'],
    ),
    d('lint/unused-disable', 'error', 'A suppression in gtmap.yaml suppresses nothing.', 'test/fixtures/site/small/gtmap.yaml', 1, [
      '$header',
    ]),
  ];
}

function goldenFiles(): string[] {
  if (!existsSync(GOLDEN)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(GOLDEN, join(d, e.name)).split('\\').join('/'));
    }
  };
  walk(GOLDEN);
  return out.sort();
}

describe('golden pages of test/fixtures/site/small', () => {
  const files = render(buildModel(loadMap(FIXTURE)), findings());
  // static assets are copies of templates/assets and node_modules; pages and the index are generated
  const pages = [...files].filter(([p]) => p.endsWith('.html') || p === 'assets/search-index.js');

  if (UPDATE) {
    it('writes the golden files', () => {
      rmSync(GOLDEN, { recursive: true, force: true });
      for (const [p, body] of pages) {
        mkdirSync(dirname(join(GOLDEN, p)), { recursive: true });
        writeFileSync(join(GOLDEN, p), body);
      }
      expect(goldenFiles()).toEqual(pages.map(([p]) => p).sort());
    });
    return;
  }

  it('has a golden file for every page and no stale ones', () => {
    expect(goldenFiles()).toEqual(pages.map(([p]) => p).sort());
  });

  it.each(pages.map(([p, body]) => [p, String(body)]))('%s matches its golden file', (p, body) => {
    const golden = join(GOLDEN, p);
    expect(existsSync(golden), `missing ${relative(ROOT, golden)}: run npm run golden:update`).toBe(true);
    expect(body).toBe(readFileSync(golden, 'utf8'));
  });
});
