import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { rules } from '../src/lint/rules/index.js';
import { coreRules, ENGINE_RULES, TEST_RULES } from '../src/builtin-checks.js';

const slug = (id: string): string => id.replace('/', '-');
const lintIds = rules.map((r) => r.id);
const builtinIds = [...coreRules, ...ENGINE_RULES, ...TEST_RULES].map((r) => r.id);
const CORE_ERROR = /^(yaml|schema|ref|condition|lint)\//;

describe('rule catalogue completeness', () => {
  // the table in test/rules.test.ts is read as text: importing the test file would run its tests here
  const tableIds = [...readFileSync('test/rules.test.ts', 'utf8').matchAll(/^ {2}'([a-z0-9-]+\/[a-z0-9-]+)': \{$/gm)].map((m) => m[1]);

  it.each(lintIds)('%s has its docs page, hand-written part, fixture folders and test table entry', (id) => {
    expect(existsSync(`docs/rules/${slug(id)}.md`), 'docs page').toBe(true);
    expect(existsSync(`docs/rules/_src/${slug(id)}.md`), 'hand-written part').toBe(true);
    expect(existsSync(`test/fixtures/rules/${slug(id)}/valid/gtmap.yaml`), 'valid fixture').toBe(true);
    expect(existsSync(`test/fixtures/rules/${slug(id)}/invalid/gtmap.yaml`), 'invalid fixture').toBe(true);
    expect(tableIds, 'entry in test/rules.test.ts').toContain(id);
  });

  it('every rule file is listed in the index, under a file named after its id', () => {
    const files = readdirSync('src/lint/rules').filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'));
    expect(files.sort()).toEqual(lintIds.map((id) => `${slug(id)}.ts`).sort());
    expect(new Set(lintIds).size).toBe(lintIds.length);
  });

  it.each(builtinIds)('built-in check %s has its docs page', (id) => {
    expect(existsSync(`docs/rules/${slug(id)}.md`)).toBe(true);
  });

  it('the generated pages are up to date (scripts/rule-docs.mjs --check)', () => {
    const run = spawnSync(process.execPath, ['scripts/rule-docs.mjs', '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`rule-docs: ${lintIds.length + builtinIds.length + 1} pages up to date.\n`);
  });
});

interface Example {
  kind: 'fail' | 'pass';
  yaml: string;
}

function examples(md: string): Example[] {
  return [...md.matchAll(/<!-- (fail|pass) -->\n```yaml\n([\s\S]*?)\n```/g)].map((m) => ({
    kind: m[1] as Example['kind'],
    yaml: `${m[2]}\n`,
  }));
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An example is a whole map file; one with `apiVersion:` is the header itself. */
function run(yaml: string): ReturnType<typeof checkMap> {
  const dir = mkdtempSync(join(tmpdir(), 'gtmap-doc-'));
  dirs.push(dir);
  if (/^apiVersion:/m.test(yaml)) writeFileSync(join(dir, 'gtmap.yaml'), yaml);
  else {
    writeFileSync(join(dir, 'gtmap.yaml'), 'apiVersion: gtmap/v1\ncompany: Example Co\n');
    writeFileSync(join(dir, 'map.yaml'), yaml);
  }
  return checkMap(dir);
}

describe('docs examples', () => {
  const pages = readdirSync('docs/rules/_src')
    .filter((f) => f.endsWith('.md'))
    .sort();
  const idOf = (f: string): string => f.replace(/\.md$/, '').replace('-', '/');

  it('every lint rule page has one failing and one passing example', () => {
    for (const id of lintIds) {
      const kinds = examples(readFileSync(`docs/rules/_src/${slug(id)}.md`, 'utf8')).map((e) => e.kind);
      expect(kinds, id).toEqual(['fail', 'pass']);
    }
  });

  for (const f of pages) {
    const id = idOf(f);
    const exs = examples(readFileSync(`docs/rules/_src/${f}`, 'utf8'));
    for (const [i, ex] of exs.entries()) {
      it(`${id}: ${ex.kind}ing example #${i + 1}`, () => {
        const r = run(ex.yaml);
        const mine = r.diagnostics.filter((d) => d.ruleId === id);
        const coreErrors = r.diagnostics.filter((d) => d.severity === 'error' && CORE_ERROR.test(d.ruleId) && d.ruleId !== id);
        if (ex.kind === 'fail') expect(mine.length, `no ${id} finding`).toBeGreaterThan(0);
        else expect(mine.map((d) => d.message)).toEqual([]);
        // an example shows one problem: the map is otherwise valid
        expect(coreErrors.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
      });
    }
  }
});
