// The performance targets, each measured next to its baseline in the same run: the two (or
// more) commands take turns, A B A B, so a burst of other work on the machine hits both, and
// each figure is reported as a ratio to its baseline or to its target. Run by bench/run.mjs
// (`npm run bench`); `node bench/targets.mjs` runs only these, after `npm run build`.
//
// Environment (besides run.mjs's BENCH_RUNS, BENCH_WARMUP, BENCH_WRITE_DOCS, BENCH_BEFORE):
//   BENCH_TARGETS=0               skip these measurements
//   BENCH_BUILD_SIZE=5000         entities in the map built for the large-build target
//   BENCH_FINDINGS=4000           ownerless handoffs in the one-file findings map
//   BENCH_LINT_SIZE=20000         entities in the map for the reference and parse-floor targets
//   BENCH_BAD_REFS=1500           owners misspelt in the unresolved-references map (handoffs first)
//   BENCH_GROWTH=1                also measure each figure at smaller sizes, to show how cost grows
//                                 (on by default with BENCH_WRITE_DOCS=1)
//   BENCH_ONLY=diff               only one group of targets: startup, build, stylish, lint or diff
//   BENCH_DIFF_SIZE=5000          entities in the map diffed against a copy with BENCH_DIFF_CHANGES=100 changes
//   BENCH_BEFORE=<bin/gtmap.js>   also time an earlier build on the same commands, side by side
//   BENCH_ONLY=audit              measure only the audit target
//   BENCH_AUDIT_DEALS=1000000     deals in the generated export for the audit target (0 skips it);
//                                 the file is kept in bench/.out/ and regenerated only when missing
//   BENCH_ONLY=route-batch        measure only batch routing (gtmap route --records)
//   BENCH_ROUTE_LEADS=1000000     leads in the generated export for the batch-routing target (0 skips it)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { generateMap } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', '.out', 'targets');
const gtmap = join(root, 'bin', 'gtmap.js');
const parseOnly = join(root, 'bench', 'parse-only.mjs');
const num = (name, dflt) => Math.max(0, Number(process.env[name] ?? dflt));
const RUNS = Math.max(1, num('BENCH_RUNS', 5));
const WARMUP = num('BENCH_WARMUP', 1);
const BEFORE = process.env.BENCH_BEFORE ? resolve(process.env.BENCH_BEFORE) : undefined;
const BUILD_SIZE = num('BENCH_BUILD_SIZE', 5000);
const FINDINGS = num('BENCH_FINDINGS', 4000);
const LINT_SIZE = num('BENCH_LINT_SIZE', 20000);
const BAD_REFS = num('BENCH_BAD_REFS', 1500);
const DIFF_SIZE = num('BENCH_DIFF_SIZE', 5000);
const DIFF_CHANGES = num('BENCH_DIFF_CHANGES', 100);
const AUDIT_DEALS = num('BENCH_AUDIT_DEALS', 1_000_000);
const ROUTE_LEADS = num('BENCH_ROUTE_LEADS', 1_000_000);
const GROWTH = (process.env.BENCH_GROWTH ?? process.env.BENCH_WRITE_DOCS) === '1';

export const TARGETS = {
  startupRatio: 2.5,
  exampleBuildMs: 500,
  largeBuildMs: 2000,
  stylishOverJson: 1.2,
  badRefsOverClean: 1.3,
  lintOverParse: 1.4,
  lintPeakMb: 150,
  routeOverLint: 1.2,
  leadsPerSecond: 1_000_000,
  diffExampleOverLint: 2.5,
  diffLargeOverLint: 3,
  auditOverSplit: 0.6,
  auditPeakMb: 500,
  routeBatchOverSplit: 0.6,
  routeBatchPeakMb: 500,
};

// ---- one process, and commands taking turns -------------------------------------------

const TIME = '/usr/bin/time';
const hasGnuTime = existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true']).status === 0;
const rssHook = pathToFileURL(join(root, 'bench', 'rss-hook.mjs')).href;

/** Runs `node <args>` once: wall ms, peak RSS MB, exit status. Output goes to /dev/null. */
function runOnce(args, env) {
  const rss = join(out, `rss-${process.pid}.txt`);
  rmSync(rss, { force: true });
  const [cmd, argv, childEnv] = hasGnuTime
    ? [TIME, ['-f', '%U %S\n%M', '-o', rss, process.execPath, ...args], { ...process.env, ...env }]
    : [process.execPath, ['--import', rssHook, ...args], { ...process.env, ...env, BENCH_RSS_OUT: rss }];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = (existsSync(rss) ? readFileSync(rss, 'utf8') : '').trim().split('\n');
  const kb = Number(lines.pop());
  // user + system CPU seconds of the process (GNU time only): what the work costs when the machine is busy
  const cpu = lines.length
    ? lines
        .pop()
        .split(' ')
        .reduce((a, x) => a + Number(x) * 1000, 0)
    : NaN;
  return { ms, mb: kb / 1024, cpu, status: r.status, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * WARMUP untimed rounds, then `runs` timed rounds; in each round every command runs once, in
 * order. A command: { key, args, env?, setup?() -> env, ok = [0] }. Returns, per key, the
 * median ms and MB, the runs, and `ratio(a, b)`: the median over rounds of a's time / b's.
 */
function takeTurns(commands, runs = RUNS) {
  const times = Object.fromEntries(commands.map((c) => [c.key, []]));
  for (let i = 0; i < WARMUP + runs; i++) {
    for (const c of commands) {
      const env = { NO_COLOR: '1', ...c.env, ...c.setup?.() };
      const r = runOnce(c.args, env);
      if (!(c.ok ?? [0]).includes(r.status)) throw new Error(`${c.key}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
      if (i >= WARMUP) times[c.key].push(r);
    }
  }
  const result = {};
  for (const [k, rs] of Object.entries(times))
    result[k] = {
      ms: median(rs.map((r) => r.ms)),
      mb: median(rs.map((r) => r.mb)),
      cpu: median(rs.map((r) => r.cpu)),
      runs: rs.map((r) => Math.round(r.ms)),
    };
  result.ratio = (a, b) => median(times[a].map((r, i) => r.ms / times[b][i].ms));
  return result;
}

// ---- the maps --------------------------------------------------------------------------

/** One file of `n` handoffs between two teams, none with an owner: n handoff/has-owner findings. */
function findingsMap(dir, n) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'gtmap.yaml'), 'apiVersion: gtmap/v1\ncompany: Findings Co\n');
  const teams = [
    { id: 'sales-development', name: 'Sales development', function: 'sales-development' },
    { id: 'sales', name: 'Sales', function: 'sales' },
  ];
  const fields = [
    {
      id: 'meeting-held-at',
      name: 'Meeting held at',
      object: 'opportunity',
      type: 'datetime',
      owner: 'sales',
      description: 'When the first meeting took place.',
    },
  ];
  writeFileSync(join(dir, 'teams.yaml'), YAML.stringify({ teams, fields }));
  const handoffs = Array.from({ length: n }, (_, i) => ({
    id: `handoff-${i + 1}`,
    name: `Handoff ${i + 1}`,
    from: 'sales-development',
    to: 'sales',
    trigger: { text: 'The first meeting was held.', check: { field: 'meeting-held-at', present: true } },
    acceptance: [{ text: 'The meeting was held in the last 5 days.', check: { field: 'meeting-held-at', within: '5d' } }],
    sla: '1bd',
    onReject: { returnTo: 'sales-development', owes: 'A rejection reason from the picklist.', within: '2bd' },
  }));
  writeFileSync(join(dir, 'handoffs.yaml'), YAML.stringify({ handoffs }, { lineWidth: 0 }));
  return dir;
}

/**
 * `n` owners in a generated map get a typo (`owner: x` -> `owner: xx`): every handoff's first
 * (a ~20k map has about 1,300), then the owners of other sections, file by file.
 */
function misspellOwners(dir, n) {
  let left = n;
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => Number(!a.startsWith('handoffs')) - Number(!b.startsWith('handoffs')) || (a < b ? -1 : 1));
  for (const f of files) {
    if (left === 0) break;
    const path = join(dir, f);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/^(\s+owner: )([a-z0-9-]+)$/gm, (line, key, id) => (left > 0 ? (left--, `${key}${id}x`) : line)),
    );
  }
  if (left > 0) throw new Error(`${dir}: only ${n - left} owners to misspell`);
  return dir;
}

/** Counts findings by rule id, from one JSON-format run, to check a map holds what it should. */
function findingsOf(dir) {
  const r = spawnSync(process.execPath, [gtmap, 'lint', dir, '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const by = {};
  for (const d of JSON.parse(r.stdout).diagnostics) by[d.ruleId] = (by[d.ruleId] ?? 0) + 1;
  return by;
}

function expectFindings(dir, want) {
  const got = findingsOf(dir);
  const total = Object.values(got).reduce((a, b) => a + b, 0);
  const wanted = Object.values(want).reduce((a, b) => a + b, 0);
  if (total !== wanted || Object.entries(want).some(([id, n]) => got[id] !== n)) {
    throw new Error(`${relative(root, dir)}: expected findings ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}

// ---- the measurements ------------------------------------------------------------------

const rel = (p) => relative(root, p);
const lint = (dir, ...more) => ['lint', rel(dir), ...more];
const withBefore = (commands, key, args, extra = {}) =>
  BEFORE ? [...commands, { key: `before ${key}`, args: [BEFORE, ...args], ...extra }] : commands;

function startup() {
  const r = takeTurns(
    withBefore(
      [
        { key: 'node -e 0', args: ['-e', '0'] },
        { key: 'lint map/', args: [gtmap, ...lint(join(root, 'map'))] },
        { key: 'lint map/ (no bundle)', args: [gtmap, ...lint(join(root, 'map'))], env: { GTMAP_NO_BUNDLE: '1' } },
      ],
      'lint map/',
      lint(join(root, 'map')),
    ),
  );
  const ratio = r.ratio('lint map/', 'node -e 0');
  return {
    id: 'startup',
    what: '`gtmap lint map/`, a new process, ÷ `node -e 0`',
    got: `${fmt(r['lint map/'].ms)} vs ${fmt(r['node -e 0'].ms)} ms`,
    ratio,
    target: TARGETS.startupRatio,
    pass: ratio <= TARGETS.startupRatio,
    notes: [
      `without the bundle ${fmt(r['lint map/ (no bundle)'].ms)} ms, ${r.ratio('lint map/ (no bundle)', 'node -e 0').toFixed(2)}x`,
      ...(BEFORE ? [`before ${fmt(r['before lint map/'].ms)} ms, ${r.ratio('before lint map/', 'node -e 0').toFixed(2)}x`] : []),
    ],
    r,
  };
}

/** `gtmap build` with the diagram cache warm (primed by one build first) and, taking turns, cold. */
function buildWarm(id, label, dir, targetMs, runs = RUNS) {
  const warmCache = mkdtempSync(join(tmpdir(), 'gtmap-bench-cache-'));
  // the earlier build keeps warm caches of its own, so neither evicts the other's (the history
  // cache is keyed by a format the two may not share)
  const beforeCache = BEFORE ? mkdtempSync(join(tmpdir(), 'gtmap-bench-cache-')) : undefined;
  const site = mkdtempSync(join(tmpdir(), 'gtmap-bench-site-'));
  let cold;
  try {
    const args = ['build', rel(dir), '--out', join(site, 'out')];
    for (const [bin, cache] of [[gtmap, warmCache], ...(BEFORE ? [[BEFORE, beforeCache]] : [])]) {
      const prime = runOnce([bin, ...args], { GTMAP_CACHE_DIR: cache });
      if (prime.status !== 0) throw new Error(`${bin} build ${rel(dir)}: exit ${prime.status}\n${prime.stderr.slice(0, 2000)}`);
    }
    const r = takeTurns(
      withBefore(
        [
          // the host's speed in the same rounds: an absolute target moves with it (docs/benchmarks.md)
          { key: 'node -e 0', args: ['-e', '0'] },
          { key: 'warm', args: [gtmap, ...args], env: { GTMAP_CACHE_DIR: warmCache } },
          {
            key: 'cold',
            args: [gtmap, ...args],
            setup: () => {
              if (cold) rmSync(cold, { recursive: true, force: true });
              cold = mkdtempSync(join(tmpdir(), 'gtmap-bench-cache-'));
              return { GTMAP_CACHE_DIR: cold };
            },
          },
        ],
        'build',
        args,
        { env: { GTMAP_CACHE_DIR: beforeCache } },
      ),
      runs,
    );
    return {
      id,
      what: `${label}: \`gtmap build\`, diagram cache warm`,
      got: `${fmt(r.warm.ms)} ms`,
      ratio: r.warm.ms / targetMs,
      target: `${targetMs} ms`,
      pass: r.warm.ms <= targetMs,
      notes: [
        `\`node -e 0\` ${fmt(r['node -e 0'].ms)} ms in the same rounds (warm ÷ it ${r.ratio('warm', 'node -e 0').toFixed(1)}x)`,
        `cache cold ${fmt(r.cold.ms)} ms (warm ÷ cold ${r.ratio('warm', 'cold').toFixed(2)}x)`,
        ...(BEFORE ? [`before ${fmt(r['before build'].ms)} ms (warm ÷ before ${r.ratio('warm', 'before build').toFixed(2)}x)`] : []),
        `peak ${fmt(r.warm.mb)} MB`,
      ],
      r,
    };
  } finally {
    for (const d of [warmCache, beforeCache, site, cold]) if (d) rmSync(d, { recursive: true, force: true });
  }
}

function stylishVsJson(n, runs = RUNS) {
  const dir = findingsMap(join(out, `findings-${n}`), n);
  expectFindings(dir, { 'handoff/has-owner': n });
  const r = takeTurns(
    withBefore(
      [
        { key: 'json', args: [gtmap, ...lint(dir, '--format', 'json')], ok: [1] },
        { key: 'stylish', args: [gtmap, ...lint(dir)], ok: [1] },
      ],
      'stylish',
      lint(dir),
      { ok: [1] },
    ),
    runs,
  );
  const ratio = r.ratio('stylish', 'json');
  return {
    id: 'findings',
    what: `${n.toLocaleString('en-US')} findings in one file: stylish ÷ json`,
    got: `${fmt(r.stylish.ms)} vs ${fmt(r.json.ms)} ms`,
    ratio,
    target: TARGETS.stylishOverJson,
    pass: ratio <= TARGETS.stylishOverJson,
    notes: BEFORE
      ? [`before: stylish ${fmt(r['before stylish'].ms)} ms, ${r.ratio('before stylish', 'json').toFixed(2)}x today's json`]
      : [],
    r,
  };
}

function badRefsVsClean(size, bad, runs = RUNS) {
  const clean = join(out, `refs-${size}-clean`);
  const broken = join(out, `refs-${size}-bad-${bad}`);
  generateMap(clean, size, { seedFindings: false });
  generateMap(broken, size, { seedFindings: false });
  misspellOwners(broken, bad);
  expectFindings(clean, {});
  expectFindings(broken, { 'ref/unresolved': bad });
  const r = takeTurns(
    withBefore(
      [
        { key: 'clean', args: [gtmap, ...lint(clean, '--format', 'json')] },
        { key: 'bad', args: [gtmap, ...lint(broken, '--format', 'json')], ok: [1] },
      ],
      'bad',
      lint(broken, '--format', 'json'),
      { ok: [1] },
    ),
    runs,
  );
  const ratio = r.ratio('bad', 'clean');
  return {
    id: 'refs',
    what: `~${size.toLocaleString('en-US')} entities, ${bad.toLocaleString('en-US')} unresolved references ÷ the same map clean (json)`,
    got: `${fmt(r.bad.ms)} vs ${fmt(r.clean.ms)} ms`,
    ratio,
    target: TARGETS.badRefsOverClean,
    pass: ratio <= TARGETS.badRefsOverClean,
    notes: BEFORE ? [`before: ${fmt(r['before bad'].ms)} ms, ${r.ratio('before bad', 'clean').toFixed(2)}x today's clean`] : [],
    r,
    clean,
  };
}

function lintVsParse(size, runs = RUNS, dir) {
  if (!dir) {
    dir = join(out, `refs-${size}-clean`);
    generateMap(dir, size, { seedFindings: false });
  }
  const r = takeTurns(
    withBefore(
      [
        { key: 'parse', args: [parseOnly, rel(dir)] },
        { key: 'lint', args: [gtmap, ...lint(dir, '--format', 'json')] },
        { key: 'lint (one thread)', args: [gtmap, ...lint(dir, '--format', 'json')], env: { GTMAP_WORKERS: '0' } },
      ],
      'lint',
      lint(dir, '--format', 'json'),
    ),
    runs,
  );
  const ratio = r.ratio('lint', 'parse');
  return {
    id: 'parse',
    what: `~${size.toLocaleString('en-US')} entities: lint ÷ read and parse with js-yaml; peak memory`,
    got: `${fmt(r.lint.ms)} vs ${fmt(r.parse.ms)} ms; ${fmt(r.lint.mb)} MB`,
    ratio,
    target: `${TARGETS.lintOverParse}, ${TARGETS.lintPeakMb} MB`,
    pass: ratio <= TARGETS.lintOverParse && r.lint.mb <= TARGETS.lintPeakMb,
    notes: [
      `parse only: ${fmt(r.parse.mb)} MB`,
      `without the parse worker (GTMAP_WORKERS=0): ${fmt(r['lint (one thread)'].ms)} ms, ${r.ratio('lint (one thread)', 'parse').toFixed(2)}x, ${fmt(r['lint (one thread)'].mb)} MB`,
      ...(BEFORE
        ? [`before ${fmt(r['before lint'].ms)} ms, ${r.ratio('before lint', 'parse').toFixed(2)}x, ${fmt(r['before lint'].mb)} MB`]
        : []),
    ],
    r,
  };
}

/** DuckDB only counting the file's rows (bench/duckdb-floor.mjs), beside the split: the engine's own floor under the target. */
function floorNote(r) {
  return `DuckDB only counting the rows: ${fmt(r.floor.ms)} ms = ${r.ratio('floor', 'split').toFixed(2)}x the split (CPU ${fmt(r.floor.cpu)} ms, ${availableParallelism()} cores)`;
}

/** `gtmap audit` of a generated export of n deals, as a whole process, next to a bare streaming line split of the same file in Node. */
function auditVsSplit(n, runs = Math.min(RUNS, 3)) {
  const file = join(root, 'bench', '.out', `deals-${n}.csv`);
  if (!existsSync(file)) {
    const g = spawnSync(process.execPath, [join(root, 'scripts', 'generate-deals.mjs'), '--count', String(n), '--out', file], {
      stdio: 'inherit',
    });
    if (g.status !== 0) throw new Error('generating the deals file failed');
  }
  const auditArgs = ['audit', 'map', '--deals', file, '--as-of', '2026-11-30'];
  const r = takeTurns(
    withBefore(
      [
        { key: 'split', args: [join(root, 'bench', 'line-split.mjs'), file] },
        { key: 'floor', args: [join(root, 'bench', 'duckdb-floor.mjs'), file] },
        // exit 1: deals are flagged
        { key: 'audit', args: [gtmap, ...auditArgs], ok: [1] },
      ],
      'audit',
      auditArgs,
      { ok: [1] },
    ),
    runs,
  );
  const ratio = r.ratio('audit', 'split');
  const mb = Math.round(statSync(file).size / 2 ** 20);
  return {
    id: 'audit',
    what: `gtmap audit of ${n.toLocaleString('en-US')} deals (${mb} MB CSV) ÷ a bare streaming line split in Node; peak memory`,
    got: `${fmt(r.audit.ms)} vs ${fmt(r.split.ms)} ms; ${fmt(r.audit.mb)} MB`,
    ratio,
    target: `${TARGETS.auditOverSplit}, ${TARGETS.auditPeakMb} MB`,
    pass: ratio <= TARGETS.auditOverSplit && r.audit.mb <= TARGETS.auditPeakMb,
    notes: [
      `${Math.round(n / (r.audit.ms / 1000)).toLocaleString('en-US')} deals/s`,
      `CPU ${fmt(r.audit.cpu)} ms (line split ${fmt(r.split.cpu)} ms)`,
      floorNote(r),
      `line split ${fmt(r.split.mb)} MB`,
      ...(BEFORE
        ? [
            `before: ${fmt(r['before audit'].ms)} ms (${r.ratio('before audit', 'split').toFixed(1)}x the split), CPU ${fmt(r['before audit'].cpu)} ms, ${fmt(r['before audit'].mb)} MB`,
          ]
        : []),
    ],
    r,
  };
}

/** `gtmap route --records` of a generated export of n leads, as a whole process, next to a bare streaming line split of the same file. */
function routeBatchVsSplit(n, runs = Math.min(RUNS, 3)) {
  const file = join(root, 'bench', '.out', `leads-${n}.csv`);
  if (!existsSync(file)) {
    const g = spawnSync(process.execPath, [join(root, 'scripts', 'generate-leads.mjs'), '--count', String(n), '--out', file], {
      stdio: 'inherit',
    });
    if (g.status !== 0) throw new Error('generating the leads file failed');
  }
  const routeArgs = ['route', 'map', '--records', file, '--at', '2026-11-30T14:00:00Z', '--format', 'json'];
  const r = takeTurns(
    withBefore(
      [
        { key: 'split', args: [join(root, 'bench', 'line-split.mjs'), file] },
        { key: 'floor', args: [join(root, 'bench', 'duckdb-floor.mjs'), file] },
        { key: 'route', args: [gtmap, ...routeArgs] },
      ],
      'route',
      routeArgs,
    ),
    runs,
  );
  const ratio = r.ratio('route', 'split');
  const mb = Math.round(statSync(file).size / 2 ** 20);
  return {
    id: 'route-batch',
    what: `gtmap route --records of ${n.toLocaleString('en-US')} leads (${mb} MB CSV, SQL engine) ÷ a bare streaming line split in Node; peak memory`,
    got: `${fmt(r.route.ms)} vs ${fmt(r.split.ms)} ms; ${fmt(r.route.mb)} MB`,
    ratio,
    target: `${TARGETS.routeBatchOverSplit}, ${TARGETS.routeBatchPeakMb} MB`,
    pass: ratio <= TARGETS.routeBatchOverSplit && r.route.mb <= TARGETS.routeBatchPeakMb,
    notes: [
      `${Math.round(n / (r.route.ms / 1000)).toLocaleString('en-US')} leads/s`,
      `CPU ${fmt(r.route.cpu)} ms (line split ${fmt(r.split.cpu)} ms)`,
      floorNote(r),
      `line split ${fmt(r.split.mb)} MB`,
      ...(BEFORE
        ? [
            `before: ${fmt(r['before route'].ms)} ms (${r.ratio('before route', 'split').toFixed(1)}x the split), CPU ${fmt(r['before route'].cpu)} ms, ${fmt(r['before route'].mb)} MB`,
          ]
        : []),
    ],
    r,
  };
}

/** The same measurements at smaller sizes (fewer runs), for the growth tables in the docs. */
function growth(results) {
  const runs = Math.max(3, Math.ceil(RUNS / 2));
  const tables = [];
  {
    const example = results.find((x) => x.id === 'build-example');
    const rows = [
      `| example map/ | ${countDiagrams(join(root, 'map'))} | ${fmt(example.r.warm.ms)} | ${fmt(example.r.cold.ms)} | ${example.r.ratio('warm', 'cold').toFixed(2)} |`,
    ];
    for (const n of [Math.round(BUILD_SIZE / 5), Math.round(BUILD_SIZE / 2), BUILD_SIZE]) {
      const dir = join(out, `build-${n}`);
      if (n !== BUILD_SIZE) generateMap(dir, n, { seedFindings: false });
      const m = n === BUILD_SIZE ? results.find((x) => x.id === 'build-large') : buildWarm('growth', '', dir, 1, runs);
      rows.push(
        `| ~${n.toLocaleString('en-US')} | ${countDiagrams(dir)} | ${fmt(m.r.warm.ms)} | ${fmt(m.r.cold.ms)} | ${m.r.ratio('warm', 'cold').toFixed(2)} |`,
      );
    }
    tables.push([
      '`gtmap build`, diagram cache warm and cold',
      '| map (entities) | diagrams | warm ms | cold ms | warm ÷ cold |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ]);
  }
  {
    const rows = [];
    for (const n of [Math.round(FINDINGS / 4), Math.round(FINDINGS / 2), FINDINGS]) {
      const m = n === FINDINGS ? results.find((x) => x.id === 'findings') : stylishVsJson(n, runs);
      rows.push(`| ${n.toLocaleString('en-US')} | ${fmt(m.r.json.ms)} | ${fmt(m.r.stylish.ms)} | ${m.ratio.toFixed(2)} |`);
    }
    tables.push([
      'Findings in one file, stylish and json',
      '| findings | json ms | stylish ms | stylish ÷ json |',
      '| ---: | ---: | ---: | ---: |',
      ...rows,
    ]);
  }
  {
    const rows = [];
    for (const bad of [Math.round(BAD_REFS / 3), BAD_REFS, BAD_REFS * 2]) {
      const m = bad === BAD_REFS ? results.find((x) => x.id === 'refs') : badRefsVsClean(LINT_SIZE, bad, runs);
      rows.push(`| ${bad.toLocaleString('en-US')} | ${fmt(m.r.clean.ms)} | ${fmt(m.r.bad.ms)} | ${m.ratio.toFixed(2)} |`);
    }
    tables.push([
      `Unresolved references in a ~${LINT_SIZE.toLocaleString('en-US')}-entity map`,
      '| unresolved | clean ms | with them ms | ratio |',
      '| ---: | ---: | ---: | ---: |',
      ...rows,
    ]);
  }
  {
    const rows = [];
    for (const n of [Math.round(LINT_SIZE / 4), Math.round(LINT_SIZE / 2), LINT_SIZE]) {
      const m = n === LINT_SIZE ? results.find((x) => x.id === 'parse') : lintVsParse(n, runs);
      rows.push(
        `| ~${n.toLocaleString('en-US')} | ${fmt(m.r.parse.ms)} | ${fmt(m.r.lint.ms)} | ${m.ratio.toFixed(2)} | ${fmt(m.r.lint.mb)} |`,
      );
    }
    tables.push([
      '`gtmap lint` against reading and parsing the same files',
      '| entities | parse only ms | lint ms | lint ÷ parse | lint peak MB |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ]);
  }
  return tables;
}

function countDiagrams(dir) {
  const site = mkdtempSync(join(tmpdir(), 'gtmap-bench-site-'));
  try {
    const r = spawnSync(process.execPath, [gtmap, 'build', rel(dir), '--out', join(site, 'out')], { cwd: root, encoding: 'utf8' });
    return /\((\d+) diagrams?\)/.exec(r.stdout)?.[1] ?? '?';
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}

// ---- gtmap diff against lint of the same map -------------------------------------------

function git(cwd, ...args) {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A repository whose main holds `fill(map/)` and whose working tree has `change(map/)` applied. */
function diffRepo(dir, fill, change) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  fill(join(dir, 'map'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  change(join(dir, 'map'));
  return join(dir, 'map');
}

/** `n` changes across the map's files: names (text), SLAs and stale windows (tightened), owners (ownership), in turn. */
function changeMap(mapDir, n) {
  let left = n;
  const kinds = [
    [/^(\s+name: )(.+)$/gm, (m, k, v) => `${k}${v} (renamed)`],
    [/^(\s+(?:sla|staleAfter|firstResponseSla): )(\d+)(\w+)$/gm, (m, k, v, u) => `${k}${Math.max(1, Math.floor(Number(v) / 2))}${u}`],
    [/^(\s+description: )(.+)$/gm, (m, k, v) => `${k}${v} Revised.`],
  ];
  const files = readdirSync(mapDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml') && f !== 'gtmap.yaml')
    .sort();
  for (let round = 0; left > 0 && round < 50; round++)
    for (const f of files) {
      const path = join(mapDir, f);
      const [re, fn] = kinds[round % kinds.length];
      let done = false;
      const text = readFileSync(path, 'utf8').replace(re, (...m) => {
        if (done || left === 0) return m[0];
        const rewritten = fn(...m);
        if (rewritten === m[0]) return m[0];
        done = true;
        left--;
        return rewritten;
      });
      writeFileSync(path, text);
      if (left === 0) break;
    }
  if (left > 0) throw new Error(`${mapDir}: made only ${n - left} changes`);
}

function diffVsLint(id, what, mapDir, target) {
  const r = takeTurns([
    { key: 'lint', args: [gtmap, 'lint', rel(mapDir), '--fail-on', 'never'] },
    { key: 'diff', args: [gtmap, 'diff', rel(mapDir), '--base', 'main', '--fail-on', 'never'] },
  ]);
  const ratio = r.ratio('diff', 'lint');
  return {
    id,
    what,
    got: `${fmt(r.diff.ms)} vs ${fmt(r.lint.ms)} ms`,
    ratio,
    target,
    pass: ratio <= target,
    notes: [`peak ${fmt(r.diff.mb)} vs ${fmt(r.lint.mb)} MB`],
    r,
  };
}

function diffExample() {
  const scenario = (m) => {
    const edit = (f, fn) => writeFileSync(join(m, f), fn(readFileSync(join(m, f), 'utf8')));
    edit('pipelines/new-business.yaml', (s) => s.replace('atLeast: 25000', 'atLeast: 50000'));
    edit('handoffs.yaml', (s) => s.replace('owner: sales-development', 'owner: sales'));
    edit('routing.yaml', (s) => s.replace(/ {2}- id: mid-market-demo-requests\n[\s\S]*?(?=\n {2}- id: )\n/, ''));
  };
  const mapDir = diffRepo(join(out, 'diff-example'), (m) => cpSync(join(root, 'map'), m, { recursive: true }), scenario);
  return diffVsLint(
    'diff-example',
    '`gtmap diff` of the example map (3 changes) ÷ `gtmap lint` of it',
    mapDir,
    TARGETS.diffExampleOverLint,
  );
}

function diffLarge() {
  const mapDir = diffRepo(
    join(out, `diff-${DIFF_SIZE}`),
    (m) => generateMap(m, DIFF_SIZE, { seedFindings: false }),
    (m) => changeMap(m, DIFF_CHANGES),
  );
  return diffVsLint(
    'diff-large',
    `\`gtmap diff\` of ~${DIFF_SIZE.toLocaleString('en-US')} entities with ${DIFF_CHANGES} changes ÷ \`gtmap lint\` of it`,
    mapDir,
    TARGETS.diffLargeOverLint,
  );
}

const fmt = (x) => (x === undefined || Number.isNaN(x) ? '–' : `${Math.round(x)}`);

/** `gtmap route` for one lead through the example map, a new process, next to a cold `gtmap lint map/`. */
export function routeVsLint(runs = RUNS) {
  const route = [
    'route',
    'map',
    '-s',
    'employee-count=240',
    '-s',
    'hq-region=emea',
    '-s',
    'lead-source=demo-request',
    '-s',
    'customer-status=prospect',
    '--at',
    '2026-11-30T16:40:00Z',
  ];
  const r = takeTurns(
    [
      { key: 'lint map/', args: [gtmap, ...lint(join(root, 'map'))] },
      { key: 'route one lead', args: [gtmap, ...route] },
    ],
    runs,
  );
  const ratio = r.ratio('route one lead', 'lint map/');
  return {
    id: 'route-vs-lint',
    what: '`gtmap route map` for one lead (trace, SLA due time) ÷ `gtmap lint map/`, both new processes',
    got: `${fmt(r['route one lead'].ms)} vs ${fmt(r['lint map/'].ms)} ms`,
    ratio,
    target: TARGETS.routeOverLint,
    pass: ratio <= TARGETS.routeOverLint,
    notes: [],
    r,
  };
}

/** In-process: 1M generated leads through the example map's compiled routing (compileRouter), one thread. */
export async function routeThroughput() {
  const { checkMap } = await import(pathToFileURL(join(root, 'dist', 'check.js')).href);
  const { compileRouter } = await import(pathToFileURL(join(root, 'dist', 'route', 'index.js')).href);
  const { generateLeads } = await import('./leads.mjs');
  const { model } = checkMap(join(root, 'map'));
  const route = compileRouter(model, new Date('2026-11-30T16:40:00Z'));
  const N = 1_000_000;
  const leads = generateLeads(N);
  for (let i = 0; i < 100_000; i++) route(leads[i], 'lead'); // warm-up
  const rates = [];
  let fallback = 0;
  let undecided = 0;
  for (let k = 0; k < RUNS; k++) {
    fallback = undecided = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const d = route(leads[i], 'lead');
      if (d.undecided) undecided++;
      else if (d.rule?.fallback) fallback++;
    }
    rates.push(N / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  const rate = median(rates);
  const ratio = TARGETS.leadsPerSecond / rate;
  return {
    id: 'route-throughput',
    what: "in-process: 1M generated leads through the example map's routing, one thread (time per lead ÷ the 1 µs that 1M leads/s allows)",
    got: `${(rate / 1e6).toFixed(2)}M leads/s`,
    ratio,
    target: 1,
    pass: rate >= TARGETS.leadsPerSecond,
    notes: [`${((fallback / N) * 100).toFixed(1)}% fell to the fallback, ${((undecided / N) * 100).toFixed(1)}% undecided`],
    r: {},
  };
}

/** Runs every target measurement; returns the results and the lines to print and to put in the docs. */
export async function runTargets({ log = console.log } = {}) {
  mkdirSync(out, { recursive: true });
  const results = [];
  const step = (f) => {
    const m = f();
    log(
      `  ${m.pass ? 'met   ' : 'MISSED'} ${m.what}: ${m.got} -> ${m.ratio.toFixed(2)} (target ${m.target}${typeof m.target === 'number' ? 'x' : ''})${m.notes.length ? `; ${m.notes.join('; ')}` : ''}`,
    );
    results.push(m);
    return m;
  };
  log(`targets (${RUNS} timed rounds after ${WARMUP} warm-up, commands taking turns; medians, ratios are medians of per-round ratios):`);
  // BENCH_ONLY=diff (or lint, build, startup, stylish): one group of targets
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : undefined;
  const want = (group) => !only || only.includes(group);
  if (want('startup')) step(startup);
  if (want('build')) {
    step(() => buildWarm('build-example', 'example map/', join(root, 'map'), TARGETS.exampleBuildMs));
    const large = join(out, `build-${BUILD_SIZE}`);
    generateMap(large, BUILD_SIZE, { seedFindings: false });
    step(() => buildWarm('build-large', `~${BUILD_SIZE.toLocaleString('en-US')} entities`, large, TARGETS.largeBuildMs));
  }
  if (want('stylish')) step(() => stylishVsJson(FINDINGS));
  if (want('lint')) {
    const refs = step(() => badRefsVsClean(LINT_SIZE, BAD_REFS));
    step(() => lintVsParse(LINT_SIZE, RUNS, refs.clean));
  }
  if (want('diff')) {
    step(diffExample);
    step(diffLarge);
  }
  if (want('route')) {
    step(() => routeVsLint());
    const tp = await routeThroughput();
    step(() => tp);
  }
  if (want('audit') && AUDIT_DEALS > 0) step(() => auditVsSplit(AUDIT_DEALS));
  if (want('route-batch') && ROUTE_LEADS > 0) step(() => routeBatchVsSplit(ROUTE_LEADS));
  const table = [
    '| target | measured | ratio | target | met | same run |',
    '| --- | --- | ---: | ---: | --- | --- |',
    ...results.map(
      (m) =>
        `| ${m.what} | ${m.got} | ${m.ratio.toFixed(2)} | ${m.target}${typeof m.target === 'number' ? 'x' : ''} | ${m.pass ? 'yes' : '**no**'} | ${m.notes.join('; ') || '–'} |`,
    ),
  ];
  const tables = GROWTH ? growth(results) : [];
  return { results, table, tables };
}

/** Replaces the targets block of docs/benchmarks.md. */
export function writeTargetsDocs({ table, tables }, header) {
  const docs = join(root, 'docs', 'benchmarks.md');
  const block = [
    '<!-- targets:start (written by `BENCH_WRITE_DOCS=1 npm run bench`) -->',
    header,
    '',
    ...table,
    ...tables.flatMap(([title, ...lines]) => ['', `${title}:`, '', ...lines]),
    '<!-- targets:end -->',
  ].join('\n');
  const text = readFileSync(docs, 'utf8');
  if (!/<!-- targets:start[\s\S]*?<!-- targets:end -->/.test(text)) throw new Error('docs/benchmarks.md has no targets markers');
  writeFileSync(
    docs,
    text.replace(/<!-- targets:start[\s\S]*?<!-- targets:end -->/, () => block),
  );
}

/**
 * What a first touch of a fresh 4 KB page costs this host, in µs: on the virtual machine that
 * hands freed memory back to its host it was 11–14 µs, and the ~5k build touches about 32,000
 * pages (docs/benchmarks.md, "Memory is time here").
 */
function pageFaultMicros() {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const f0 = process.resourceUsage().minorPageFault, t = performance.now();
       const b = Buffer.allocUnsafeSlow(64 << 20);
       for (let i = 0; i < b.length; i += 4096) b[i] = 1;
       console.log((performance.now() - t) * 1000 / (process.resourceUsage().minorPageFault - f0));`,
    ],
    { encoding: 'utf8' },
  );
  const us = Number(r.stdout.trim());
  return Number.isFinite(us) && us > 0 ? us : undefined;
}

/** `faultAtStart`: pageFaultMicros() before the run, printed beside the figure after it. */
export function describeRun(faultAtStart) {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
  const atEnd = pageFaultMicros();
  const faults =
    faultAtStart !== undefined && atEnd !== undefined
      ? ` A fresh 4 KB page cost ${faultAtStart.toFixed(1)} µs at the start and ${atEnd.toFixed(1)} µs at the end.`
      : '';
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, shared with other work (load average ${loadavg()[0].toFixed(2)} at the end); ${RUNS} timed rounds after ${WARMUP} warm-up.${faults}`;
}

/** Measures, prints the table (and growth tables), and with BENCH_WRITE_DOCS=1 puts them in the docs. */
export async function targetsReport() {
  if (process.env.BENCH_TARGETS === '0') return undefined;
  console.log('');
  const faultAtStart = pageFaultMicros();
  const t = await runTargets();
  const header = describeRun(faultAtStart);
  console.log(`\n${t.table.join('\n')}`);
  for (const [title, ...lines] of t.tables) console.log(`\n${title}:\n${lines.join('\n')}`);
  console.log(`\n${header}`);
  if (process.env.BENCH_WRITE_DOCS === '1') {
    writeTargetsDocs(t, header);
    console.log('wrote the targets into docs/benchmarks.md');
  }
  writeFileSync(
    join(out, 'results.json'),
    JSON.stringify(
      t.results.map(({ r, ...m }) => ({ ...m, medians: Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v === 'object')) })),
      null,
      2,
    ),
  );
  return t;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) targetsReport();
