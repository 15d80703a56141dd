#!/usr/bin/env node
// `npm start`: compile, lint the example map, build its site into site/, and say where to
// open it. Each step prints its time; a failing step (lint errors included) stops here with
// its exit code.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'gtmap.js');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const steps = [
  { title: 'compile TypeScript and schemas', cmd: npm, args: ['run', 'build', '--silent'] },
  { title: 'lint the example map (map/)', cmd: process.execPath, args: [bin, 'lint', 'map'] },
  { title: 'build the site (site/)', cmd: process.execPath, args: [bin, 'build', 'map', '--out', 'site'] },
];

for (const [i, step] of steps.entries()) {
  process.stdout.write(`\n[${i + 1}/${steps.length}] ${step.title}\n`);
  const t0 = performance.now();
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit' });
  const secs = ((performance.now() - t0) / 1000).toFixed(2);
  if (r.status !== 0) {
    process.stdout.write(`✖ step ${i + 1} failed after ${secs} s (exit code ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`  done in ${secs} s\n`);
}

const index = join(root, 'site', 'index.html');
process.stdout.write(
  `\nOpen the site: ${pathToFileURL(index).href}\n(or run \`node bin/gtmap.js serve map\` to rebuild and reload as you edit the map)\n`,
);
