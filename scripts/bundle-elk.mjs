// Bundles Mermaid's ELK layout (@mermaid-js/layout-elk, from node_modules) into one classic
// script, dist/assets/mermaid-layout-elk.js, which the site loads from file:// as it loads
// mermaid.min.js: the package ships only ES modules split into chunks, and Chromium does not
// load module scripts from file:// pages. The script sets window.gtmapElkLayouts, which
// templates/assets/diagrams.js registers with Mermaid before the diagrams render.
// Skipped when the bundle of the installed version is already there.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'assets', 'mermaid-layout-elk.js');
const require = createRequire(join(root, 'package.json'));
const { version } = JSON.parse(readFileSync(require.resolve('@mermaid-js/layout-elk/package.json'), 'utf8'));
const banner = `/* @mermaid-js/layout-elk ${version}, bundled by gtmap (MIT; see its package for the licences of elkjs and d3) */`;

if (!existsSync(out) || !readFileSync(out, 'utf8').startsWith(banner)) {
  await build({
    stdin: {
      contents: "import layouts from '@mermaid-js/layout-elk';\nwindow.gtmapElkLayouts = layouts;\n",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    banner: { js: banner },
    outfile: out,
    logLevel: 'warning',
  });
}
