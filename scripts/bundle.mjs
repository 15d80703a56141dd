// Bundles dist/ (after tsc) into dist/bundle/, which bin/gtmap.js prefers: an entry,
// gtmap.js, holding what `gtmap lint` runs, plus one file per lazily imported part (render,
// write, the diagram checker, chokidar) that loads only when a command calls it. Node then
// reads and compiles a few files instead of ~90 modules, which is most of a small map's
// start-up. Each file's size costs start-up too (Node decodes and pre-parses all of it), so the
// code is minified, names kept for stack traces; `node --enable-source-maps` maps them back.
//
// Left out, loaded from node_modules at run time as before:
// - mermaid: its workers import it by file URL (and render/ copies its browser build);
// - yaml: loaded with createRequire only when a finding needs a position (src/load/yaml.ts);
// - @duckdb/*: native bindings (a .node file per platform), imported only by `gtmap audit`.
//
// Every `import.meta.url` of a dist/ module is rewritten to that module's own URL, relative to
// dist/bundle/ (where every output file sits), so paths such as ../../templates/ and package
// lookups resolve as they do from dist/, and serve's build worker can import its own module.
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const rel = relative(outdir, args.path).split(sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

// commander requires `node:child_process` at the top of its command.js, for executable
// subcommands, which gtmap does not use. Loading that module (and `net`, `dgram` and the streams
// it pulls in) costs every start-up, so commander gets a stand-in that loads it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}commander${sep}`) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require(${JSON.stringify(`node:${args.path}`)}))[k] });`,
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { gtmap: join(dist, 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['mermaid', 'yaml', '@duckdb/*'],
  plugins: [ownUrl, lazyChildProcess],
  // commander, ajv's runtime helpers and other CommonJS dependencies call require()
  banner: {
    js: "import { createRequire as __gtmapCreateRequire } from 'node:module';\nconst require = __gtmapCreateRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
