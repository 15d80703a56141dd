#!/usr/bin/env node
// The bundle (scripts/bundle.mjs) starts faster; dist/cli/main.js is the same program as
// separate modules. A bundle older than dist/ (tsc run on its own) is not used.
import { statSync } from 'node:fs';

const bundle = new URL('../dist/bundle/gtmap.js', import.meta.url);
const modules = new URL('../dist/cli/main.js', import.meta.url);
const fresh = () => {
  try {
    return statSync(bundle).mtimeMs >= statSync(modules).mtimeMs;
  } catch {
    return false;
  }
};
const entry = process.env.GTMAP_NO_BUNDLE !== '1' && fresh() ? bundle : modules;
import(entry.href).then((m) => m.main(process.argv));
