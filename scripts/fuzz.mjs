// `npm run fuzz`: the property tests of test/fuzz.test.ts with many more runs than `npm test`.
// Usage: npm run fuzz [-- <runs> [<seed> [<path>]]]; environment FUZZ_RUNS, FUZZ_CLI_RUNS,
// FUZZ_SEED, FUZZ_PATH work too. A failure prints fast-check's seed and path to replay it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const [runs, seed, path] = process.argv.slice(2);
const env = { ...process.env };
env.FUZZ_RUNS = runs ?? env.FUZZ_RUNS ?? '1000';
if (seed !== undefined) env.FUZZ_SEED = seed;
if (path !== undefined) env.FUZZ_PATH = path;
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz.test.ts'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
