// The programmatic API, imported by package name as a user's script would (package self-reference
// through "exports"), run as a process against the built dist/.
import { spawnSync } from 'node:child_process';
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
});
