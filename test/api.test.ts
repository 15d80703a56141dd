// The programmatic API, imported by package name as a user's script would (package self-reference
// through "exports"), run as a process against the built dist/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExampleMap, ROOT } from './helpers.js';

function run(script: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("import { check, format, buildSite } from 'gtmap'", () => {
  it('check() returns the same findings as gtmap lint, and format() prints them', () => {
    const dir = copyExampleMap();
    const r = run(`
      import { check, format } from 'gtmap';
      const result = check(${JSON.stringify(dir)}, { rules: { 'text/no-vague-language': 'off' } });
      console.log(JSON.stringify({ n: result.diagnostics.length, skipped: result.skipped.length, entities: result.model.all.length }));
      console.log(format(result, 'stylish'));
    `);
    expect(r.stderr).toBe('');
    const first = JSON.parse(r.stdout.split('\n')[0]!) as { n: number; skipped: number; entities: number };
    expect(first.skipped).toBe(0);
    expect(first.entities).toBeGreaterThan(100);
    expect(r.stdout).toMatch(/no problems|problem/);
  });

  it('buildSite() renders in memory and writes nothing', () => {
    const dir = copyExampleMap();
    const r = run(`
      import { buildSite } from 'gtmap';
      const built = await buildSite(${JSON.stringify(dir)});
      console.log(built.ok, built.ok && built.site.files.has('index.html'), built.ok && built.problems.length);
    `);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true true 0');
  });

  it('a folder that is not a map throws a LoadError, which the API exports', () => {
    const r = run(`
      import { check, LoadError } from 'gtmap';
      try { check('/nonexistent-gtmap-folder'); } catch (e) { console.log(e instanceof LoadError, e.message); }
    `);
    expect(r.stdout).toMatch(/^true .*no such folder/);
  });

  it('ships type declarations for the API', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${ROOT}/dist/index.d.ts`)).toBe(true);
  });

  it('audit() runs the deal audit and formatAudit() prints it in the CLI formats', { timeout: 120_000 }, () => {
    const r = run(`
      import { audit, formatAudit, AUDIT_FORMATS } from 'gtmap';
      const result = await audit('map', { deals: 'examples/deals.csv', asOf: '2026-11-30', include: 'flagged', history: 'examples/deals-history.csv' });
      const pushed = result.deals.filter((d) => (d.pushes ?? 0) > 0).length;
      console.log(JSON.stringify({ flagged: result.flaggedDeals, listed: result.deals.length, pushed, headline: result.headline.length, formats: AUDIT_FORMATS }));
      console.log(formatAudit(result, 'csv', false).split('\\r\\n')[0]);
      try { await audit('map', { deals: 'examples/deals.csv', asOf: '30/11/2026' }); } catch (e) { console.log(e.name, e.message); }
    `);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const first = JSON.parse(lines[0]!) as { flagged: number; listed: number; pushed: number; headline: number; formats: string[] };
    const flaws = JSON.parse(readFileSync(join(ROOT, 'examples/deals.flaws.json'), 'utf8')) as { deals: Record<string, unknown> };
    const pushes = JSON.parse(readFileSync(join(ROOT, 'examples/deals-history.pushes.json'), 'utf8')) as {
      pushes: Record<string, unknown>;
    };
    expect(first.flagged).toBe(Object.keys(flaws.deals).length);
    expect(first.listed).toBe(first.flagged);
    expect(first.pushed).toBe(Object.keys(pushes.pushes).filter((id) => id in flaws.deals).length);
    expect(first.headline).toBe(2);
    expect(first.formats).toEqual(['stylish', 'json', 'markdown', 'csv']);
    expect(lines[1]).toMatch(/^deal_id,row,.*,close_date_pushes,days_pushed,last_push,disposition$/);
    expect(lines[2]).toMatch(/^UsageError asOf 30\/11\/2026: give a date as YYYY-MM-DD/);
  });
});
