// Every internal link of the rendered sites points at a page that exists and, when it has a
// fragment, at an element id on that page. Links are relative, so the site works from file://.
import { posix } from 'node:path';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { render } from '../src/render/index.js';
import { ROOT } from './helpers.js';

function unescape(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function brokenLinks(files: Map<string, string | Buffer>): { broken: string[]; checked: number; external: string[] } {
  const ids = new Map<string, Set<string>>();
  for (const [path, body] of files) {
    if (path.endsWith('.html')) ids.set(path, new Set([...String(body).matchAll(/\sid="([^"]+)"/g)].map((m) => unescape(m[1]!))));
  }
  const broken: string[] = [];
  const external: string[] = [];
  let checked = 0;
  for (const [path, body] of files) {
    if (!path.endsWith('.html')) continue;
    for (const m of String(body).matchAll(/\s(href|src)="([^"]*)"/g)) {
      const url = unescape(m[2]!);
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
        external.push(url);
        continue;
      }
      checked++;
      if (url.startsWith('/')) {
        broken.push(`${path}: absolute link ${url}`);
        continue;
      }
      const [file, fragment] = url.split('#') as [string, string | undefined];
      const target = file === '' ? path : posix.normalize(posix.join(posix.dirname(path), file));
      if (!files.has(target)) broken.push(`${path}: ${url} -> missing ${target}`);
      else if (fragment !== undefined && !ids.get(target)?.has(decodeURIComponent(fragment)))
        broken.push(`${path}: ${url} -> no #${fragment} on ${target}`);
    }
  }
  return { broken, checked, external };
}

describe('internal links', () => {
  it.each([['test/fixtures/site/small'], ['map'], ['test/fixtures/site/hostile']])('all resolve in the site of %s', (dir) => {
    const r = checkMap(join(ROOT, dir));
    const { broken, checked, external } = brokenLinks(render(r.model, r.diagnostics));
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(200);
    // the only absolute URLs are rule docs and links the map's own markdown makes
    for (const url of external)
      expect(url).toMatch(/^(data:,$|https:\/\/github\.com\/gtmap\/gtmap\/blob\/main\/docs\/rules\/|https?:\/\/|mailto:)/);
  });

  it('catches a broken anchor (the check can fail)', () => {
    const files = new Map<string, string>([
      ['index.html', '<a href="teams/x.html#nope">x</a>'],
      ['teams/x.html', '<h1 id="yes">x</h1><a href="../index.html">up</a>'],
    ]);
    expect(brokenLinks(files).broken).toEqual(['index.html: teams/x.html#nope -> no #nope on teams/x.html']);
  });
});
