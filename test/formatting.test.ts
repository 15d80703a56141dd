// The code is formatted (Prettier, .prettierrc.json): CI fails on an unformatted file, so reviews
// read diffs, not whitespace. `npm run format` fixes it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

describe('formatting', () => {
  it('src, test, scripts, bench and bin are formatted (prettier --check)', () => {
    const bin = join(dirname(createRequire(import.meta.url).resolve('prettier/package.json')), 'bin', 'prettier.cjs');
    const r = spawnSync(process.execPath, [bin, '--check', '--log-level', 'warn', 'src', 'test', 'scripts', 'bench', 'bin'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr + r.stdout, 'run `npm run format`').toBe('');
    expect(r.status).toBe(0);
    // checking ~200 files takes a few seconds alone, and took 51 s with other work on both cores
  }, 180_000);
});
