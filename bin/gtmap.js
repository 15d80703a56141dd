#!/usr/bin/env node
// Starts gtmap: the bundle (dist/bundle/, made by scripts/bundle.mjs) when it is there and
// current, else dist/cli/main.js, the same program as separate ES modules. A CommonJS file
// (see bin/package.json), so start-up does not pay for Node's ES module loader.
//
// Each chunk of the bundle is compiled with V8's code cache, `<chunk>.v8` beside it (written by
// scripts/bundle.mjs through GTMAP_WRITE_CODE_CACHE=1), which skips most of the parsing and
// compiling a cold start would do. A cache V8 rejects (another Node version, other flags) is
// ignored, and the chunk compiles as usual.
'use strict';
// The young generation stays at its first size instead of doubling up to 16 MB per half: most of
// what gtmap allocates is the map it keeps, which a bigger young generation only copies later,
// and every fresh page costs (about 20 µs a page on a VM that hands freed memory back to its
// host). Node puts V8's flags back to their defaults when a worker thread exits, so they are set
// again before each chunk compiles and before its code cache is written: a cache is made and
// read under one set of flags (V8 rejects it otherwise).
//
// A function is optimised (TurboFan) only after about 15 times as much of its bytecode has run
// as V8's default budget (132 KB) allows: a run of gtmap is short, and optimising the
// parser and the rules for a map of a hundred kilobytes cost more than it saved, in compile
// time and in the compiler's memory (2,000 of the 7,200 page faults of `gtmap lint map/`). A big
// map's hot loops still get optimised early in their run: linting the ~20k-entity map took the
// same time either way (0.99x and 1.01x wall in two runs), the example map's lint 0.74x and its
// build 0.70x.
// `grow` (src/v8-flags.ts) lets the young generation grow after all, from then on, for rendering a
// large map; a later call without it keeps that choice.
let growth = 1;
const v8flags = (grow) => {
  if (grow !== undefined) growth = grow ? 2 : 1;
  require('node:v8').setFlagsFromString(`--semi-space-growth-factor=${growth} --interrupt-budget=2000000`);
};
v8flags();
// for src/v8-flags.ts: making a worker thread's heap puts the growth factor back to V8's default
globalThis[Symbol.for('gtmap.v8flags')] = v8flags;
const { existsSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, sep } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'bundle');

/**
 * The bundle is used when it is there and, in a checkout (src/ beside dist/), not older than
 * dist/cli/main.js. An installed package has no src/, and its files' times are those of
 * extraction, in no useful order, so there the bundle is always used.
 */
function fresh() {
  try {
    const made = statSync(join(bundle, 'gtmap.cjs')).mtimeMs;
    return !existsSync(join(__dirname, '..', 'src')) || made >= statSync(join(dist, 'cli', 'main.js')).mtimeMs;
  } catch {
    return false;
  }
}

function requireBundle() {
  const write = process.env.GTMAP_WRITE_CODE_CACHE === '1';
  // GTMAP_DEBUG=code-cache: how each chunk compiled, on stderr at exit
  const debug = /\bcode-cache\b/.test(process.env.GTMAP_DEBUG ?? '') ? [] : undefined;
  const compiled = [];
  const plain = Module._extensions['.js'];
  Module._extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(bundle + sep)) return plain(module, filename);
    let cachedData;
    if (!write) {
      try {
        cachedData = readFileSync(`${filename}.v8`);
      } catch {
        // no cache: compile as usual
      }
    }
    // no importModuleDynamically: the bundle calls require() where the modules had import()
    v8flags();
    const script = new vm.Script(Module.wrap(readFileSync(filename, 'utf8')), { filename, cachedData });
    if (write) compiled.push([filename, script]);
    debug?.push(
      `${filename.slice(bundle.length + 1)} ${cachedData === undefined ? 'compiled' : script.cachedDataRejected ? 'cache rejected' : 'from cache'}`,
    );
    script.runInThisContext().call(module.exports, module.exports, Module.createRequire(filename), module, filename, bundle);
  };
  if (debug) process.on('exit', () => process.stderr.write(`gtmap debug: code cache: ${debug.join(', ')}\n`));
  if (write)
    process.on('exit', () => {
      v8flags();
      compiled.forEach(([f, s]) => writeFileSync(`${f}.v8`, s.createCachedData()));
    });
  return require(join(bundle, 'gtmap.cjs'));
}

if (process.env.GTMAP_NO_BUNDLE !== '1' && fresh()) requireBundle().main(process.argv);
else import(pathToFileURL(join(dist, 'cli', 'main.js')).href).then((m) => m.main(process.argv));
