import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { rules } from '../src/lint/rules/index.js';

// A map written in a hurry by a real-looking company. expected.json lists every planted problem;
// lint must report each exactly once, at its place, and nothing else.
const DIR = 'test/fixtures/maps/messy';
interface Planted {
  ruleId: string;
  file: string;
  line: number;
  column: number;
}
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Planted[];
const key = (p: Planted): string => `${p.ruleId} ${p.file}:${p.line}:${p.column}`;

describe('the messy map', () => {
  it('passes schema and reference validation, so the lint rules run', () => {
    const r = checkMap(DIR);
    expect(r.skipped).toEqual([]);
    expect(r.diagnostics.filter((d) => /^(yaml|schema|ref|condition|lint)\//.test(d.ruleId)).map((d) => d.message)).toEqual([]);
  });

  it('reports every planted problem exactly once, and nothing else', () => {
    const found = checkMap(DIR).diagnostics.map((d) => key({ ...d, file: d.file.slice(DIR.length + 1) }));
    expect(found.sort()).toEqual(expected.map(key).sort());
  });

  it('trips every rule in the catalogue', () => {
    expect([...new Set(expected.map((p) => p.ruleId))].sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it('gives the same findings through `gtmap lint --format json`, exiting 1', () => {
    const run = spawnSync(process.execPath, ['bin/gtmap.js', 'lint', DIR, '--format', 'json'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout) as { diagnostics: Planted[]; summary: unknown };
    expect(out.diagnostics.map((d) => key({ ...d, file: d.file.slice(DIR.length + 1) })).sort()).toEqual(expected.map(key).sort());
  });
});
