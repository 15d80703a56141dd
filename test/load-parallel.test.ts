// Reading a big map on two threads (src/load/parallel.ts) must not change a single finding:
// the same map linted with the parse worker, with the worker reading every file, and on one
// thread gives byte-identical reports, hostile files included.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMap } from '../bench/generate.mjs';
import { deeperThan } from '../src/load/fast.cjs';
import { PARALLEL_MIN_BYTES } from '../src/load/parallel.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const lintJson = (dir: string, workers: string) =>
  runCli(['lint', dir, '--format', 'json'], { env: { GTMAP_WORKERS: workers, GTMAP_DEBUG: 'timing' } });

/** The example map with files that take every path of the loader: BOM, CRLF, aliases, cycles, depth, bad bytes, syntax errors. */
function hostileMap(): string {
  const dir = tempDir('gtmap-parallel-');
  cpSync(join(ROOT, 'map'), dir, { recursive: true });
  const files: Record<string, string | Uint8Array> = {
    'x-bom.yaml': '\uFEFFteams:\n  - id: bom-team\n    name: BOM team\n    function: sales\n',
    'x-crlf.yaml': 'teams:\r\n  - id: crlf-team\r\n    name: CRLF team\r\n    function: sales\r\n',
    'x-alias.yaml':
      'x-base: &base { function: sales }\nteams:\n  - id: alias-a\n    name: A\n    <<: *base\n  - &b { id: alias-b, name: B, function: marketing }\n  - *b\n',
    'x-cycle.yaml': 'x-loop: &loop\n  - *loop\n',
    'x-deep.yaml': `x-deep: ${'['.repeat(150)}${']'.repeat(150)}\n`,
    'x-proto.yaml': 'x-odd:\n  __proto__: { polluted: true }\n  nan: .nan\n  inf: -.inf\n  zero: -0.0\n',
    'x-syntax.yaml': 'teams:\n  - id: broken\n    name: [unclosed\n',
    'x-dup.yaml': 'teams:\n  - id: dup\n    id: dup-again\n    name: D\n',
    'x-control.yaml': 'teams:\n  - id: ctl\n    name: "a\u0007b"\n',
    'x-latin1.yaml': Buffer.from([0x74, 0x65, 0x61, 0x6d, 0x73, 0x3a, 0x20, 0xe9, 0x0a]),
    'x-empty.yaml': '# nothing here\n',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

describe('the parse worker', () => {
  it('reads every file of a hostile map exactly as the main thread does', () => {
    const dir = hostileMap();
    const one = lintJson(dir, '0');
    const worker = lintJson(dir, 'only');
    expect(one.code).toBe(1);
    expect(worker.code).toBe(one.code);
    expect(worker.stdout).toBe(one.stdout);
    // the worker really read them: every file, by the count it reports
    const files = JSON.parse(one.stdout).files.length as number;
    expect(worker.stderr).toContain(`a parse worker read ${files} of ${files} files`);
    expect(one.stderr).not.toContain('parse worker');
    // the hostile files were reported, not skipped
    const rules = new Set((JSON.parse(worker.stdout).diagnostics as { ruleId: string }[]).map((d) => d.ruleId));
    for (const r of ['yaml/bom', 'yaml/line-endings', 'yaml/syntax', 'yaml/control-character', 'yaml/encoding', 'yaml/too-deep'])
      expect(rules).toContain(r);
  });

  it(`starts by itself on a map of over ${PARALLEL_MIN_BYTES} bytes, and the report is the same`, () => {
    const dir = tempDir('gtmap-parallel-big-');
    generateMap(dir, 4500);
    const one = lintJson(dir, '0');
    const two = lintJson(dir, '');
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toMatch(/a parse worker read \d+ of \d+ files/);
    // Making the worker's heap puts V8's young-generation growth back to its default for the whole
    // process; the CLI sets its own again (src/v8-flags.ts). Without that, 16 to 32 MB here.
    const young = (stderr: string): number[] => [...stderr.matchAll(/young generation ([\d.]+) MB/g)].map((m) => Number(m[1]));
    expect(young(two.stderr).length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...young(two.stderr))).toBeLessThanOrEqual(8);
    expect(Math.max(...young(one.stderr))).toBeLessThanOrEqual(2);
  });
});

describe('did-you-mean on a big map', () => {
  it('the parse worker works out the hints, and they are the ones one thread finds', () => {
    const dir = tempDir('gtmap-parallel-hints-');
    generateMap(dir, 4500);
    // misspelt owners, which have a close id, and one that has none
    const file = join(dir, 'teams', '00-leadership.yaml');
    const handoffs = readdirSync(join(dir, 'handoffs')).map((f) => join(dir, 'handoffs', f));
    let n = 0;
    for (const f of handoffs.slice(0, 3)) {
      writeFileSync(
        f,
        readFileSync(f, 'utf8').replace(/^(\s+owner: )([a-z0-9-]+)$/gm, (line, key: string, id: string) =>
          n++ % 3 === 0 ? `${key}${id}x` : line,
        ),
      );
    }
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('teams:', 'metrics:\n  - id: m-unowned\n    name: M\n    owner: zzzzqqqq\nteams:'),
    );
    const one = lintJson(dir, '0');
    const two = lintJson(dir, '');
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const unresolved = (JSON.parse(two.stdout).diagnostics as { ruleId: string; message: string }[]).filter(
      (d) => d.ruleId === 'ref/unresolved',
    );
    expect(unresolved.length).toBeGreaterThan(10);
    expect(unresolved.filter((d) => d.message.includes('Did you mean')).length).toBe(unresolved.length - 1);
    expect(unresolved.find((d) => d.message.includes('zzzzqqqq'))?.message).not.toContain('Did you mean');
    // the worker answered: every distinct value was asked of it
    const values = new Set(unresolved.map((d) => /names `([^`]+)`/.exec(d.message)![1])).size;
    expect(two.stderr).toContain(`the parse worker worked out did-you-mean for ${values} values`);
    expect(one.stderr).not.toContain('did-you-mean');
  });
});

describe('deeperThan', () => {
  it('measures nesting, with the top-level mapping at level 1', () => {
    expect(deeperThan({ a: { b: 1 } }, 2, false)).toBe(false);
    expect(deeperThan({ a: { b: { c: 1 } } }, 2, false)).toBe(true);
    expect(deeperThan([[[]]], 2, false)).toBe(true);
    expect(deeperThan('text', 0, false)).toBe(false);
  });

  it('ends on shared nodes and cycles when told the text had anchors', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(deeperThan({ loop }, 5, true)).toBe(false);
    const shared = { x: 1 };
    expect(deeperThan({ a: shared, b: [shared] }, 2, true)).toBe(false);
    expect(deeperThan({ a: shared, b: [shared] }, 1, true)).toBe(true);
  });
});
