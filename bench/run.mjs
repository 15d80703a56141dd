// `npm run bench`: times `gtmap lint` as a whole process on the example map and on synthetic
// maps of about 1k, 5k and 20k entities, next to Spectral applying the same JSON Schema.
// Plain Node ESM; runs after `npm run build`. Not part of `npm test`.
//
// Environment:
//   BENCH_RUNS=5          timed runs per measurement (median reported), after BENCH_WARMUP=1 untimed
//   BENCH_SIZES=1000,5000,20000
//   BENCH_SPECTRAL=0      skip the Spectral baseline (otherwise installed on first use, see installSpectral)
//   BENCH_PROFILE=1       CPU-profile gtmap on the example map and the largest map even when every target is met
//                         (without it, only a measurement that misses its target is profiled)
//   BENCH_WRITE_DOCS=1    write the results into docs/benchmarks.md (between the bench markers)
//   BENCH_ROUTING=1000,2000,5000   routing-heavy maps (bench/generate-routing.mjs): N rules sharing one field
//   BENCH_BEFORE=<path>   another build's bin/gtmap.js (e.g. a worktree of an earlier commit): the routing maps are
//                         also linted with it, side by side, and its findings must match
//   BENCH_BEFORE_RUNS=1   timed runs of BENCH_BEFORE per routing map (the old quadratic check takes minutes at 5k)
//   BENCH_TARGETS=0       skip the performance targets (bench/targets.mjs lists their own knobs)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { generateMap } from './generate.mjs';
import { generateRoutingMap } from './generate-routing.mjs';
import { ruleset } from './spectral-ruleset.mjs';
import { targetsReport } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', '.out');
const gtmapBin = join(root, 'bin', 'gtmap.js');
// Spectral is not a devDependency (one of its dependencies, @scarf/scarf, runs an install script
// on every `npm install`): the benchmark installs it on demand into a cache folder, scripts off
const SPECTRAL_VERSION = '6.16.3';
const spectralDir = join(root, 'node_modules', '.cache', 'gtmap-bench', `spectral-${SPECTRAL_VERSION}`);
const spectralBin = join(spectralDir, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');
function installSpectral() {
  if (existsSync(spectralBin)) return true;
  console.log(
    `installing @stoplight/spectral-cli@${SPECTRAL_VERSION} into ${relative(root, spectralDir)} (once; BENCH_SPECTRAL=0 skips it)`,
  );
  mkdirSync(spectralDir, { recursive: true });
  writeFileSync(join(spectralDir, 'package.json'), '{ "private": true }\n');
  const r = spawnSync(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      `@stoplight/spectral-cli@${SPECTRAL_VERSION}`,
    ],
    { cwd: spectralDir, stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(spectralBin)) {
    console.warn('warning: could not install Spectral; the baseline is skipped.');
    return false;
  }
  return true;
}
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 1));
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,20000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const WITH_SPECTRAL = process.env.BENCH_SPECTRAL !== '0' && installSpectral();
const ROUTING = (process.env.BENCH_ROUTING ?? '1000,2000,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const BEFORE = process.env.BENCH_BEFORE;
const BEFORE_RUNS = Math.max(1, Number(process.env.BENCH_BEFORE_RUNS ?? 1));
const TARGETS = { exampleColdMs: 300, speedupAt5k: 2, peakMbAt20k: 400, routingMs: 2000 };

mkdirSync(out, { recursive: true });

// ---- measuring one process -------------------------------------------------------------

const TIME = '/usr/bin/time';
const hasGnuTime = existsSync(TIME) && spawnSync(TIME, ['-f', '%U %S %M', 'true'], { encoding: 'utf8' }).status === 0;
const rssHook = pathToFileURL(join(root, 'bench', 'rss-hook.mjs')).href;
const rssFile = join(out, 'rss.txt');

/** Runs `node <args>` once; returns wall ms and peak RSS in MB (GNU time's %M, or the child's own maxRSS). */
function runOnce(args, { cwd = root, stdout = 'ignore' } = {}) {
  rmSync(rssFile, { force: true });
  const [cmd, argv, env] = hasGnuTime
    ? [TIME, ['-f', '%U %S %M', '-o', rssFile, process.execPath, ...args], process.env]
    : [process.execPath, ['--import', rssHook, ...args], { ...process.env, BENCH_RSS_OUT: rssFile }];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, env, stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // GNU time writes "user sys maxrss" (after any "Command exited with non-zero status" line); the hook writes maxrss
  const last = (existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '').trim().split('\n').pop().split(' ').map(Number);
  const kb = last.at(-1);
  const cpuMs = last.length === 3 ? (last[0] + last[1]) * 1000 : undefined;
  return { ms, cpuMs, mb: kb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function stats(runs) {
  const cpu = runs.map((r) => r.cpuMs).filter((x) => x !== undefined);
  return {
    ms: median(runs.map((r) => r.ms)),
    mb: median(runs.map((r) => r.mb)),
    minMs: Math.min(...runs.map((r) => r.ms)),
    maxMs: Math.max(...runs.map((r) => r.ms)),
    cpuMs: cpu.length ? median(cpu) : undefined,
    runs: runs.length,
  };
}

/**
 * Warm-up runs, then RUNS timed runs of each command, taking turns (gtmap, Spectral, gtmap, ...)
 * so that a burst of other work on the machine hits both tools alike. `ok`: expected exit codes.
 */
function measureTogether(commands) {
  const runs = commands.map(() => []);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    commands.forEach(({ label, args, ok = [0, 1] }, k) => {
      const r = runOnce(args);
      if (!ok.includes(r.status)) throw new Error(`${label}: exit ${r.status}\n${r.stderr}`);
      if (i >= WARMUP) runs[k].push(r);
    });
  }
  return runs.map(stats);
}

// ---- the maps --------------------------------------------------------------------------

const SECTIONS = [
  'teams',
  'segments',
  'demandSources',
  'routing',
  'pipelines',
  'handoffs',
  'forecastCategories',
  'forecast',
  'lifecycle',
  'cadences',
  'decisionRights',
  'fields',
  'incentives',
  'metrics',
  'initiatives',
];

function yamlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort();
}

/** Entities: every item of a section, plus each team's roles and each pipeline's stages. */
function countEntities(dir) {
  let n = 0;
  for (const f of yamlFiles(dir)) {
    const doc = YAML.parse(readFileSync(join(dir, f), 'utf8')) ?? {};
    for (const s of SECTIONS) {
      for (const item of Array.isArray(doc[s]) ? doc[s] : []) n += 1 + (item.roles?.length ?? 0) + (item.stages?.length ?? 0);
    }
  }
  return n;
}

function checkFindings(label, dir, seeded) {
  const r = runOnce([gtmapBin, 'lint', dir, '--format', 'json'], { stdout: 'pipe' });
  const report = JSON.parse(r.stdout);
  const by = {};
  for (const d of report.diagnostics) by[d.ruleId] = (by[d.ruleId] ?? 0) + 1;
  const schemaErrors = report.diagnostics.filter((d) => d.ruleId.startsWith('schema/') || d.ruleId.startsWith('yaml/')).length;
  if (schemaErrors) console.warn(`warning: ${label}: ${schemaErrors} schema/YAML errors; the generator should write valid maps`);
  if (seeded && (by['ref/unresolved'] ?? 0) < seeded.badReferences.length)
    console.warn(`warning: ${label}: expected ${seeded.badReferences.length} ref/unresolved findings, got ${by['ref/unresolved'] ?? 0}`);
  return by;
}

function checkSpectral(label, glob, rulesetPath) {
  const r = runOnce([spectralBin, 'lint', '--ruleset', rulesetPath, '--format', 'json', '--quiet', glob], { stdout: 'pipe' });
  const results = r.stdout.trim() ? JSON.parse(r.stdout) : [];
  if (results.length)
    console.warn(
      `warning: ${label}: Spectral reports ${results.length} schema findings, e.g. ${results[0].source}:${results[0].range.start.line + 1} ${results[0].message}`,
    );
  return results.length;
}

// ---- profiling -------------------------------------------------------------------------

function summarizeProfile(file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++)
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const where = (n) => {
    const url = n.callFrame.url.replace(pathToFileURL(root).href + '/', '');
    return url ? `${url.replace(/^node_modules\//, '')}:${n.callFrame.lineNumber + 1}` : '(native)';
  };
  const fnSelf = new Map();
  const fileSelf = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + ms);
    const url = n.callFrame.url.replace(pathToFileURL(root).href + '/', '');
    const group = !url
      ? n.callFrame.functionName || '(native)'
      : url.startsWith('node_modules/')
        ? url
            .split('/')
            .slice(1, url.includes('/@') ? 3 : 2)
            .join('/')
        : url.startsWith('node:')
          ? 'node internals'
          : url;
    fileSelf.set(group, (fileSelf.get(group) ?? 0) + ms);
  }
  // inclusive time of the pipeline stages
  const inclusive = new Map();
  const visit = (id, stack) => {
    const n = byId.get(id);
    const name = n.callFrame.functionName;
    let sum = self.get(id) ?? 0;
    for (const c of n.children ?? []) sum += visit(c, [...stack, name]);
    if (['checkMap', 'loadMap', 'buildModel', 'validate', 'lint', 'lintCommand'].includes(name) && !stack.includes(name))
      inclusive.set(name, (inclusive.get(name) ?? 0) + sum);
    return sum;
  };
  visit(prof.nodes[0].id, []);
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  const lines = [`CPU profile ${relative(root, file)}: ${total.toFixed(0)} ms sampled`, '', 'pipeline stages (inclusive ms):'];
  for (const s of ['lintCommand', 'checkMap', 'loadMap', 'buildModel', 'validate', 'lint'])
    if (inclusive.has(s)) lines.push(`  ${s.padEnd(12)} ${inclusive.get(s).toFixed(0).padStart(6)}`);
  if (inclusive.has('checkMap'))
    lines.push(
      `  ${'other'.padEnd(12)} ${(total - inclusive.get('checkMap')).toFixed(0).padStart(6)}  (start-up, module loading, formatting, output)`,
    );
  lines.push('', 'self time by file or package:');
  for (const [k, v] of top(fileSelf, 12))
    lines.push(`  ${v.toFixed(0).padStart(6)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  lines.push('', 'self time by function:');
  for (const [k, v] of top(fnSelf, 20))
    lines.push(`  ${v.toFixed(0).padStart(6)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return lines.join('\n');
}

function profile(dir) {
  const profDir = join(out, `profile-${dir.replace(/[^\w]+/g, '-')}`);
  rmSync(profDir, { recursive: true, force: true });
  // the separate modules, not the bundle, so self time is attributed to files and packages
  spawnSync(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200', gtmapBin, 'lint', dir, '--format', 'json'],
    { cwd: root, stdio: 'ignore', env: { ...process.env, GTMAP_NO_BUNDLE: '1' } },
  );
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  return file ? summarizeProfile(join(profDir, file)) : 'no profile written';
}

// ---- main ------------------------------------------------------------------------------

const fmtMs = (ms) => (ms === undefined ? '–' : `${Math.round(ms)}`);
const span = (m) =>
  `${fmtMs(m.ms)} ms (min ${fmtMs(m.minMs)}, max ${fmtMs(m.maxMs)}${m.cpuMs !== undefined ? `, CPU ${fmtMs(m.cpuMs)}` : ''})`;
const fmtMb = (mb) => (mb === undefined || Number.isNaN(mb) ? '–' : `${Math.round(mb)}`);

async function main() {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  const loadBefore = loadavg()[0];
  // other work on the machine inflates wall times; say so next to the figures
  if (loadBefore > cpus().length / 2)
    console.warn(`warning: load average ${loadBefore.toFixed(2)} on ${cpus().length} cores before the run; timings will be inflated`);
  console.log(
    `gtmap benchmark: ${RUNS} timed run(s) after ${WARMUP} warm-up, median reported; peak RSS via ${hasGnuTime ? '/usr/bin/time %M' : "the child's process.resourceUsage().maxRSS"}`,
  );
  const rulesetPath = join(out, 'spectral-ruleset.json');
  writeFileSync(rulesetPath, JSON.stringify(ruleset(join(root, 'schema'))));

  const rows = [];
  const example = join(root, 'map');
  {
    const files = yamlFiles(example).length;
    const entities = countEntities(example);
    checkFindings('map/', 'map');
    // the very first process, before anything of gtmap's is in the page cache or compile cache
    const cold = runOnce([gtmapBin, 'lint', 'map', '--format', 'json']);
    if (WITH_SPECTRAL) checkSpectral('map/', 'map/**/*.{yml,yaml}', rulesetPath);
    const [g, s] = measureTogether([
      { label: 'gtmap map/', args: [gtmapBin, 'lint', 'map', '--format', 'json'] },
      ...(WITH_SPECTRAL
        ? [
            {
              label: 'spectral map/',
              args: [spectralBin, 'lint', '--ruleset', rulesetPath, '--format', 'json', '--quiet', 'map/**/*.{yml,yaml}'],
            },
          ]
        : []),
    ]);
    rows.push({ label: 'example map/', entities, files, gtmap: g, coldMs: cold.ms, spectral: s });
    console.log(
      `  map/: ${entities} entities, ${files} files: gtmap ${span(g)} (first run ${fmtMs(cold.ms)} ms)${s ? `, Spectral ${span(s)}` : ''}`,
    );
  }
  const maps = {};
  for (const size of SIZES) {
    const dir = join(out, `map-${size}`);
    const gen = generateMap(dir, size);
    maps[size] = dir;
    const rel = relative(root, dir);
    const findings = checkFindings(rel, rel, gen.seeded);
    if (WITH_SPECTRAL) checkSpectral(rel, `${rel}/**/*.yaml`, rulesetPath);
    const [g, s] = measureTogether([
      { label: `gtmap ${size}`, args: [gtmapBin, 'lint', rel, '--format', 'json'] },
      ...(WITH_SPECTRAL
        ? [
            {
              label: `spectral ${size}`,
              args: [spectralBin, 'lint', '--ruleset', rulesetPath, '--format', 'json', '--quiet', `${rel}/**/*.yaml`],
            },
          ]
        : []),
    ]);
    rows.push({ label: `synthetic ~${size}`, entities: gen.entities, files: gen.files, gtmap: g, spectral: s, findings });
    console.log(
      `  ~${size}: ${gen.entities} entities, ${gen.files} files, findings ${JSON.stringify(findings)}: gtmap ${span(g)}${s ? `, Spectral ${span(s)}` : ''}`,
    );
  }

  // routing-heavy maps: every rule tests the same field, the worst case for routing/no-shadowed-rules
  const routingRows = [];
  for (const n of ROUTING) {
    const dir = join(out, `routing-${n}`);
    const gen = generateRoutingMap(dir, n);
    const rel = relative(root, dir);
    const findings = checkFindings(rel, rel);
    if ((findings['routing/no-shadowed-rules'] ?? 0) !== gen.shadowed.length)
      console.warn(
        `warning: ${rel}: expected ${gen.shadowed.length} routing/no-shadowed-rules findings, got ${findings['routing/no-shadowed-rules'] ?? 0}`,
      );
    const [g] = measureTogether([{ label: `gtmap routing ${n}`, args: [gtmapBin, 'lint', rel, '--format', 'json'] }]);
    const row = { label: `routing ${n} rules`, rules: gen.rules, files: gen.files, gtmap: g, findings };
    if (BEFORE) {
      const runs = [];
      for (let i = 0; i < BEFORE_RUNS; i++) runs.push(runOnce([BEFORE, 'lint', rel, '--format', 'json'], { stdout: 'pipe' }));
      const ours = runOnce([gtmapBin, 'lint', rel, '--format', 'json'], { stdout: 'pipe' });
      const same = JSON.stringify(JSON.parse(runs[0].stdout).diagnostics) === JSON.stringify(JSON.parse(ours.stdout).diagnostics);
      if (!same) console.warn(`warning: ${rel}: findings differ from ${BEFORE}`);
      row.before = { ...stats(runs), sameFindings: same };
    }
    routingRows.push(row);
    const ratio = (g.ms / TARGETS.routingMs).toFixed(2);
    console.log(
      `  routing ${n}: ${gen.rules} rules, ${gen.files} files, findings ${JSON.stringify(findings)}: gtmap ${span(g)}; target < ${TARGETS.routingMs} ms: ${ratio} of target${row.before ? `; before ${span(row.before)} (${(row.before.ms / g.ms).toFixed(1)}x slower, ${row.before.sameFindings ? 'same' : 'DIFFERENT'} findings)` : ''}`,
    );
  }

  // site build, once `gtmap build` exists
  const help = spawnSync(process.execPath, [gtmapBin, 'build', '--help'], { cwd: root, encoding: 'utf8' });
  const buildRows = [];
  if (help.status === 0 && /Usage: gtmap build/.test(help.stdout)) {
    // `gtmap build` refuses a map with errors, so the 5k site is built from a copy without the seeded findings
    const targets = [['example map/', 'map']];
    if (SIZES.includes(5000)) {
      const clean = join(out, 'map-5000-clean');
      generateMap(clean, 5000, { seedFindings: false });
      targets.push(['synthetic ~5000 (no seeded findings)', relative(root, clean)]);
    }
    for (const [label, dir] of targets) {
      const site = mkdtempSync(join(tmpdir(), 'gtmap-bench-site-'));
      try {
        const [b] = measureTogether([{ label: `build ${label}`, args: [gtmapBin, 'build', dir, '--out', site], ok: [0] }]);
        buildRows.push({ label, ...b });
      } catch (err) {
        buildRows.push({ label, failed: String(err.message).split('\n')[0] });
      } finally {
        rmSync(site, { recursive: true, force: true });
      }
    }
  }

  // targets
  const ex = rows[0];
  const at = (n) => rows.find((r) => r.label === `synthetic ~${n}`);
  const verdicts = [];
  verdicts.push([
    `example map cold < ${TARGETS.exampleColdMs} ms`,
    `first run ${fmtMs(ex.coldMs)} ms, median ${fmtMs(ex.gtmap.ms)} ms`,
    Math.max(ex.coldMs, ex.gtmap.ms) < TARGETS.exampleColdMs,
  ]);
  if (at(5000)?.spectral)
    verdicts.push([
      `~5k entities at least ${TARGETS.speedupAt5k}x faster than Spectral`,
      `${(at(5000).spectral.ms / at(5000).gtmap.ms).toFixed(1)}x`,
      at(5000).spectral.ms / at(5000).gtmap.ms >= TARGETS.speedupAt5k,
    ]);
  if (at(20000)) {
    const r = at(20000);
    if (r.spectral)
      verdicts.push([
        '~20k entities no slower than Spectral',
        `${fmtMs(r.gtmap.ms)} vs ${fmtMs(r.spectral.ms)} ms`,
        r.gtmap.ms <= r.spectral.ms,
      ]);
    verdicts.push([`~20k entities peak RSS < ${TARGETS.peakMbAt20k} MB`, `${fmtMb(r.gtmap.mb)} MB`, r.gtmap.mb < TARGETS.peakMbAt20k]);
  }
  for (const r of routingRows)
    verdicts.push([
      `${r.label} lint in < ${TARGETS.routingMs} ms`,
      `${fmtMs(r.gtmap.ms)} ms, ${(r.gtmap.ms / TARGETS.routingMs).toFixed(2)} of the target`,
      r.gtmap.ms < TARGETS.routingMs,
    ]);

  const table = [
    '| map | entities | files | gtmap median ms | gtmap peak MB | Spectral median ms | Spectral peak MB | Spectral ÷ gtmap |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.entities} | ${r.files} | ${fmtMs(r.gtmap.ms)}${r.coldMs !== undefined ? ` (first run ${fmtMs(r.coldMs)})` : ''} | ${fmtMb(r.gtmap.mb)} | ${fmtMs(r.spectral?.ms)} | ${fmtMb(r.spectral?.mb)} | ${r.spectral ? `${(r.spectral.ms / r.gtmap.ms).toFixed(1)}x` : '–'} |`,
    ),
  ];
  const buildTable = buildRows.length
    ? [
        '| site build | median ms | peak MB |',
        '| --- | ---: | ---: |',
        ...buildRows.map((b) =>
          b.failed ? `| ${b.label} | failed: ${b.failed} | – |` : `| ${b.label} | ${fmtMs(b.ms)} | ${fmtMb(b.mb)} |`,
        ),
      ]
    : ['site build: not available yet'];
  const routingTable = routingRows.length
    ? [
        `| routing map | rules | files | gtmap median ms | ÷ target ${TARGETS.routingMs} ms | peak MB |${BEFORE ? ' before median ms | before ÷ gtmap | same findings |' : ''}`,
        `| --- | ---: | ---: | ---: | ---: | ---: |${BEFORE ? ' ---: | ---: | --- |' : ''}`,
        ...routingRows.map(
          (r) =>
            `| ${r.label} | ${r.rules} | ${r.files} | ${fmtMs(r.gtmap.ms)} | ${(r.gtmap.ms / TARGETS.routingMs).toFixed(2)} | ${fmtMb(r.gtmap.mb)} |${r.before ? ` ${fmtMs(r.before.ms)} | ${(r.before.ms / r.gtmap.ms).toFixed(1)}x | ${r.before.sameFindings ? 'yes' : '**no**'} |` : ''}`,
        ),
      ]
    : [];
  const targetLines = verdicts.map(([what, got, pass]) => `- ${pass ? 'met' : '**missed**'}: ${what} (${got})`);
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
  const date = new Date().toISOString().slice(0, 10);
  const load = `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`;

  console.log(
    `\n${table.join('\n')}\n\n${routingTable.length ? `${routingTable.join('\n')}\n\n` : ''}${buildTable.join('\n')}\n\ntargets:\n${targetLines.join('\n')}\n\nmachine: ${machine}; ${date}; ${load}`,
  );

  // profile what missed its target (or everything, with BENCH_PROFILE=1)
  const profiles = [];
  const all = process.env.BENCH_PROFILE === '1';
  if (all || !verdicts[0][2]) profiles.push(['example map/', 'map']);
  const largest = maps[Math.max(...Object.keys(maps).map(Number))];
  if (largest && (all || verdicts.slice(1).some(([, , pass]) => !pass))) profiles.push([relative(root, largest), relative(root, largest)]);
  if (routingRows.length && (all || routingRows.some((r) => r.gtmap.ms >= TARGETS.routingMs))) {
    const rel = relative(root, join(out, `routing-${ROUTING[ROUTING.length - 1]}`));
    profiles.push([rel, rel]);
  }
  for (const [label, dir] of profiles) console.log(`\n${label}: ${profile(dir)}`);

  const results = {
    date,
    machine,
    load,
    runs: RUNS,
    warmup: WARMUP,
    rss: hasGnuTime ? 'gnu-time' : 'resourceUsage',
    rows,
    routingRows,
    buildRows,
    verdicts,
  };
  writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));

  if (process.env.BENCH_WRITE_DOCS === '1') {
    const docs = join(root, 'docs', 'benchmarks.md');
    const block = [
      '<!-- bench:start (written by `BENCH_WRITE_DOCS=1 npm run bench`) -->',
      `Measured ${date} on ${machine} (${load}); ${RUNS} timed runs after ${WARMUP} warm-up, median wall time of the whole process; peak RSS is the median of each run's peak.`,
      '',
      ...table,
      '',
      ...(routingTable.length ? [...routingTable, ''] : []),
      ...buildTable,
      '',
      'Targets:',
      '',
      ...targetLines,
      '<!-- bench:end -->',
    ].join('\n');
    const text = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n\n<!-- bench:start --><!-- bench:end -->\n';
    writeFileSync(
      docs,
      text.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, () => block),
    );
    console.log(`\nwrote ${relative(root, docs)}`);
  }

  // start-up, warm builds, findings and references, each next to its baseline in the same run
  await targetsReport();
}

main();
