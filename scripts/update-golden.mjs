#!/usr/bin/env node
// Rewrites test/golden/ from the current renderer and `gtmap diff`: runs the golden tests in update mode.
// Review the resulting `git diff test/golden` like code before committing it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', 'test/render-golden.test.ts', 'test/cli-diff.test.ts', 'test/audit-emit.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GTMAP_UPDATE_GOLDEN: '1' },
});
if (r.status !== 0) process.exit(r.status ?? 1);
console.log('test/golden/ updated: review it with `git diff --stat test/golden && git diff test/golden`.');
