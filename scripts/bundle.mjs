// Bundles dist/ (after tsc) into dist/bundle/, which bin/gtmap.js prefers, as CommonJS chunks
// (rolldown): gtmap.cjs, the entry; core-*.cjs, every module the entry reaches without a
// dynamic import (all that `gtmap lint` runs), in one file; and one chunk per lazily imported
// part (render, write, audit, the diagram checker, chokidar…) that loads only when a command
// calls it. Node then reads and compiles three files instead of ~90 modules.
//
// Why CommonJS: Node 20 keeps no compiled code between runs, and compiling is a large part of a
// small map's start-up. bin/gtmap.js compiles each chunk with a V8 code cache (`<chunk>.v8`,
// written below by one `gtmap lint` of the example map), which only CommonJS scripts can use
// on Node 20 (ES modules cannot). A cache that V8 rejects (another Node version, other V8
// flags) is ignored and the chunk compiles as usual.
//
// Left out, loaded from node_modules at run time as before:
// - mermaid: its workers import it by file URL (and render/ copies its browser build);
// - yaml: loaded with createRequire only when a finding needs a position (src/load/yaml.ts);
// - @duckdb/*: native bindings (a .node file per platform), imported only by `gtmap audit`.
//
// Every `import.meta.url` of a dist/ module is rewritten to that module's own file URL, so paths
// such as ../../templates/ and package lookups resolve as they do from dist/, and serve's build
// worker can import its own (unbundled) module.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

const ownUrl = {
  name: 'own-import-meta-url',
  transform(code, id) {
    if (!id.startsWith(dist + sep) || !code.includes('import.meta.url')) return null;
    const rel = relative(outdir, id).split(sep).join('/');
    const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
    return { code: code.replaceAll('import.meta.url', url), map: null };
  },
};

// commander requires `node:child_process` at the top of its command.js, for executable
// subcommands, which gtmap does not use. Loading that module (and `net`, `dgram` and the streams
// it pulls in) costs every start-up, so commander gets a stand-in that loads it on first use.
const commandersChildProcess = (id, importer) =>
  id === 'node:child_process' && importer?.includes(`${sep}node_modules${sep}commander${sep}`) === true;
const lazyChildProcess = {
  name: 'lazy-child-process',
  resolveId(id, importer) {
    return commandersChildProcess(id, importer) ? '\0lazy-builtin:child_process' : null;
  },
  load(id) {
    if (!id.startsWith('\0lazy-builtin:')) return null;
    const name = JSON.stringify(`node:${id.slice('\0lazy-builtin:'.length)}`);
    return `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require(${name}))[k] });`;
  },
};

// src/render/templates.ts loads the precompiled templates (dist/render/templates.precompiled.cjs,
// written by scripts/precompile-templates.mjs) with a require made by createRequire, which a bundler
// cannot follow; here it becomes a plain require of that file, so the templates go into the render
// chunk and compile from its code cache like the rest of the render (outside the bundle they were
// compiled on every build).
const templatesFile = join(dist, 'render', 'templates.js');
const bundleTemplates = {
  name: 'bundle-precompiled-templates',
  transform(code, id) {
    if (id !== templatesFile) return null;
    const call = "requireHere('./templates.precompiled.cjs')";
    if (!code.includes(call)) throw new Error(`bundle: ${templatesFile} no longer loads the precompiled templates with ${call}`);
    return { code: code.replace(call, "require('./templates.precompiled.cjs')"), map: null };
  },
};

const common = {
  input: { gtmap: join(dist, 'cli', 'main.js') },
  platform: 'node',
  // a function, not a list: ids a list matches never reach the plugins' resolveId, so commander's
  // node:child_process would stay an eager require (lazyChildProcess below)
  external: (id, importer) =>
    (/^node:/.test(id) && !commandersChildProcess(id, importer)) ||
    /^mermaid(\/|$)/.test(id) ||
    /^yaml(\/|$)/.test(id) ||
    /^@duckdb\//.test(id),
  logLevel: 'warn',
  // a module imported both statically and dynamically stays where the static import puts it
  onLog: (level, log, handler) =>
    log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' || log.code === 'SOURCEMAP_BROKEN' ? undefined : handler(level, log),
};

// Pass 1: the modules the entry reaches through static imports alone.
const core = new Set();
const reach = await build({
  ...common,
  plugins: [
    ownUrl,
    lazyChildProcess,
    bundleTemplates,
    { name: 'stop-at-dynamic-imports', resolveId: (id, _importer, o) => (o.kind === 'dynamic-import' ? { id, external: true } : null) },
  ],
  write: false,
  output: { format: 'cjs' },
});
for (const chunk of reach.output) if (chunk.type === 'chunk') for (const id of chunk.moduleIds) core.add(id);

// Pass 2: the bundle, with those modules in one chunk.
rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  plugins: [ownUrl, lazyChildProcess, bundleTemplates],
  output: {
    dir: outdir,
    format: 'cjs',
    // import() of a package or built-in module becomes require(): a script compiled with a code
    // cache (bin/gtmap.js) cannot import() on Node 20 without an experimental flag
    dynamicImportInCjs: false,
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    codeSplitting: { groups: [{ name: 'core', test: (id) => core.has(id) }] },
    // names are kept, so a --debug stack trace still reads
    minify: { mangle: false, compress: true, codegen: { removeWhitespace: true, asciiOnly: true } },
    sourcemap: true,
  },
});

// The code caches: one `gtmap build` of the example map compiles what a build runs (the render,
// write, history and diagram-checker chunks, Handlebars' runtime), then one `gtmap lint` compiles
// what a lint runs; bin/gtmap.js writes each chunk's compiled code next to it, so the chunks both
// load (the entry and core) keep the lint's cache, whose start-up is the tighter target. The
// build writes to a temporary folder with a temporary cache (never node_modules/.cache).
const scratch = mkdtempSync(join(tmpdir(), 'gtmap-code-cache-'));
const cacheRun = (args) =>
  spawnSync(process.execPath, [join(root, 'bin', 'gtmap.js'), ...args], {
    cwd: root,
    env: { ...process.env, GTMAP_WRITE_CODE_CACHE: '1', GTMAP_NO_BUNDLE: '', GTMAP_CACHE_DIR: join(scratch, 'cache') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
try {
  const built = cacheRun(['build', join(root, 'map'), '--out', join(scratch, 'site')]);
  if (built.status !== 0) throw new Error(`bundle: the code-cache run of gtmap build exited with ${built.status}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const run = cacheRun(['lint', join(root, 'map'), '--format', 'json']);
const caches = readdirSync(outdir).filter((f) => f.endsWith('.v8'));
if (run.status !== 0 && run.status !== 1) throw new Error(`bundle: the code-cache run of gtmap lint exited with ${run.status}`);
if (caches.length === 0) throw new Error('bundle: the code-cache run wrote no cache');
