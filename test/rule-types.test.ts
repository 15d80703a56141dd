// A rule's messageId is checked by tsc against its own `messages`: test/types/rule-messages.ts
// holds mistakes marked @ts-expect-error, compiled here with the project's compiler options.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSC = resolve('node_modules/typescript/bin/tsc');
const SOURCE = 'test/types/rule-messages.ts';
const DIRECTIVE = /^\s*\/\/ @ts-expect-error /;

function tsc(project: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('rule types', () => {
  it('every marked mistake fails to compile, and nothing else does', () => {
    // an @ts-expect-error that meets no error is itself an error (TS2578), so this fails when a
    // misspelt messageId starts to compile
    expect(tsc('test/types/tsconfig.json')).toEqual({ status: 0, out: '' });
  });

  it('each mark meets the error it names, on its own line: the same file without the marks has exactly those errors', () => {
    const lines = readFileSync(SOURCE, 'utf8').split('\n');
    const marked = lines.flatMap((l, i) => (DIRECTIVE.test(l) ? [i + 2] : [])); // the line after the mark, 1-based
    expect(marked.length).toBeGreaterThanOrEqual(7);
    // a copy outside the repository, its imports pointing back at src/, compiled with the same options
    const dir = mkdtempSync(join(tmpdir(), 'gtmap-types-'));
    dirs.push(dir);
    const src = resolve('src');
    writeFileSync(
      join(dir, 'probe.ts'),
      lines.map((l) => (DIRECTIVE.test(l) ? '// (mark removed)' : l.replaceAll("'../../src/", `'${src}/`))).join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: resolve('tsconfig.json'),
        compilerOptions: { noEmit: true, rootDir: '/', typeRoots: [resolve('node_modules/@types')] },
        include: ['probe.ts'],
      }),
    );
    const { status, out } = tsc(join(dir, 'tsconfig.json'));
    expect(status).not.toBe(0);
    const errorLines = [...new Set([...out.matchAll(/probe\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1])))];
    expect(errorLines).toEqual(marked);
    expect(out).toMatch(/Type '"mising"' is not assignable to type '"missing" \| "short"'/);
  });
});
