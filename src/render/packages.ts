// Files inside the packages the site vendors (Mermaid, MiniSearch), found where Node finds the
// package itself: the first folder of require's lookup list (node_modules here, then above) that
// holds it. Not require.resolve of a file: that reads the package's `exports`, and the first such
// lookup in a process loads Node's ES module resolver (about 10 ms of every build, most of it
// compiling Node's own modules); the files gtmap takes are plain paths inside the package.
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const requireHere = createRequire(import.meta.url);
const folders = new Map<string, string>();

/** The package's folder, with symbolic links resolved as require does. */
function packageFolder(name: string): string {
  let folder = folders.get(name);
  if (folder === undefined) {
    const found = (requireHere.resolve.paths(name) ?? [])
      .map((dir) => join(dir, name))
      .find((dir) => existsSync(join(dir, 'package.json')));
    // elsewhere (a global folder, a missing package): require says where, or why not
    folder = found === undefined ? dirname(requireHere.resolve(`${name}/package.json`)) : realpathSync.native(found);
    folders.set(name, folder);
  }
  return folder;
}

/** A file of an installed package, e.g. packageFile('mermaid', 'dist', 'mermaid.min.js'). */
export function packageFile(name: string, ...path: string[]): string {
  return join(packageFolder(name), ...path);
}
