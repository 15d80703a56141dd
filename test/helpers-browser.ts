// What the three browser test files share: where Chromium is, whether it is required, and the
// example sites they open from file://.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { runCli, tempDir } from './helpers.js';

export const CANDIDATES = process.env.GTMAP_CHROMIUM
  ? [process.env.GTMAP_CHROMIUM]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
export const CHROMIUM = CANDIDATES.find((p) => existsSync(p));
export const REQUIRED = process.env.GTMAP_REQUIRE_BROWSER === '1';

/** The site's HTML pages (those `keep` accepts), as paths from its root, sorted. */
export function htmlPages(dir: string, keep: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html') && keep(p)) out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** `gtmap build` of a map into a new temporary folder; the site's path. */
export function buildSite(map: string, prefix = 'gtmap-browser-'): string {
  const out = join(tempDir(prefix), 'site');
  const r = runCli(['build', map, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}
