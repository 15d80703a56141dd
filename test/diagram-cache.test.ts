// The diagram parse cache: an unchanged diagram is never parsed twice, in one process
// (serve) or across builds (the cache file), and a cache file gtmap cannot use is ignored.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../src/site.js';
import { diagramCacheDir, startDiagramChecker } from '../src/render/check-diagrams.js';
import { BIN, ROOT, runCli, tempDir } from './helpers.js';

function copyExample(): string {
  const dir = join(tempDir('gtmap-cache-map-'), 'map');
  cpSync(join(ROOT, 'map'), dir, { recursive: true });
  return dir;
}

/** Builds the map with a fresh checker over `cacheDir`, as one `gtmap build` process does. */
async function buildOnce(map: string, cacheDir: string) {
  const checker = startDiagramChecker({ cacheDir });
  try {
    const built = await buildSite(map, { checker });
    if (!built.ok) throw new Error(built.result.diagnostics.map((d) => d.message).join('\n'));
    expect(built.problems).toEqual([]);
    return { texts: new Set(built.site.diagrams.map((d) => d.text)), ...checker.stats() };
  } finally {
    await checker.close();
  }
}

const cacheFile = (dir: string): string => join(dir, 'diagrams.json');

describe('diagram parse cache', () => {
  it('parses no diagram on the second build of an unchanged map', async () => {
    const map = copyExample();
    const cache = tempDir('gtmap-cache-');
    const first = await buildOnce(map, cache);
    expect(first.texts.size).toBeGreaterThan(10);
    expect(first).toMatchObject({ parsed: first.texts.size, cached: 0 });
    const second = await buildOnce(map, cache);
    expect(second).toMatchObject({ parsed: 0, cached: first.texts.size });
  });

  it('parses again exactly the diagrams whose text changed', async () => {
    const map = copyExample();
    const cache = tempDir('gtmap-cache-');
    const first = await buildOnce(map, cache);
    const file = join(map, 'pipelines', 'new-business.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Qualification', 'name: Qualifying'));
    const second = await buildOnce(map, cache);
    const changed = [...second.texts].filter((t) => !first.texts.has(t)).length;
    expect(changed).toBeGreaterThan(0);
    expect(second).toMatchObject({ parsed: changed, cached: second.texts.size - changed });
  });

  it('ignores a corrupt cache file and replaces it with a sound one', async () => {
    const map = copyExample();
    const cache = tempDir('gtmap-cache-');
    const first = await buildOnce(map, cache);
    writeFileSync(cacheFile(cache), '{"format":1,"mermaid":"11.');
    expect(await buildOnce(map, cache)).toMatchObject({ parsed: first.texts.size, cached: 0 });
    expect(await buildOnce(map, cache)).toMatchObject({ parsed: 0, cached: first.texts.size });
  });

  it('ignores answers recorded with another Mermaid version', async () => {
    const map = copyExample();
    const cache = tempDir('gtmap-cache-');
    const first = await buildOnce(map, cache);
    const data = JSON.parse(readFileSync(cacheFile(cache), 'utf8')) as { mermaid: string };
    writeFileSync(cacheFile(cache), JSON.stringify({ ...data, mermaid: '0.0.1' }));
    expect(await buildOnce(map, cache)).toMatchObject({ parsed: first.texts.size, cached: 0 });
  });

  it('keeps a parse failure cached too, with its message', async () => {
    const cache = tempDir('gtmap-cache-');
    const bad = { page: 'routing.html', title: 'Routing decisions', text: 'flowchart LR\n  a["x] --> b\n' };
    const a = startDiagramChecker({ cacheDir: cache });
    const problems = await a.check([bad]);
    await a.close();
    expect(problems).toHaveLength(1);
    const b = startDiagramChecker({ cacheDir: cache });
    expect(await b.check([bad])).toEqual(problems);
    expect(b.stats()).toEqual({ parsed: 0, cached: 1 });
    await b.close();
  });

  it('keeps answers in memory across checks of one checker (serve), with no cache folder', async () => {
    const checker = startDiagramChecker();
    const d = { page: 'index.html', title: 'Flow', text: 'flowchart LR\n  a --> b\n' };
    expect(await checker.check([d, { ...d, page: 'other.html' }])).toEqual([]);
    expect(await checker.check([d])).toEqual([]);
    expect(checker.stats()).toEqual({ parsed: 1, cached: 1 });
    await checker.close();
  });

  it('builds without a cache when the cache folder cannot be written', async () => {
    const blocker = join(tempDir('gtmap-cache-'), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const map = copyExample();
    const first = await buildOnce(map, join(blocker, 'cache'));
    expect(first.parsed).toBe(first.texts.size);
    expect((await buildOnce(map, join(blocker, 'cache'))).parsed).toBe(first.texts.size);
  });
});

describe('gtmap build with a cache folder it cannot create', () => {
  // Node 20's mkdirSync({ recursive: true }) loops forever under /proc; the build must finish
  it.runIf(existsSync('/proc/self'))('finishes the build, uncached, when the cache folder is under /proc', () => {
    const out = join(tempDir(), 'site');
    const r = spawnSync(process.execPath, [BIN, 'build', 'map', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, GTMAP_CACHE_DIR: '/proc/gtmap-no-such-folder/cache' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });

  // the same loop, in folders the user names: the site's folder and a report file's
  it.runIf(existsSync('/proc/self'))('refuses an output folder under /proc with a message, without hanging', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    const build = run(['build', 'map', '--out', '/proc/gtmap-no-such-folder/site']);
    expect(build.error).toBeUndefined();
    expect([build.status, build.stderr]).toEqual([2, 'gtmap: cannot create /proc/gtmap-no-such-folder: ENOENT.\n']);
    const lint = run(['lint', 'map', '--format', 'json:/proc/gtmap-no-such-folder/report.json']);
    expect(lint.error).toBeUndefined();
    expect([lint.status, lint.stderr]).toEqual([2, 'gtmap: cannot write /proc/gtmap-no-such-folder/report.json: ENOENT.\n']);
  });
});

describe('where gtmap build keeps the cache', () => {
  it('uses GTMAP_CACHE_DIR, resolved from the working folder', () => {
    expect(diagramCacheDir({ GTMAP_CACHE_DIR: 'tmp/c' }, '/work/x')).toBe('/work/x/tmp/c');
  });

  it('uses the nearest node_modules above the working folder', () => {
    const project = tempDir('gtmap-cache-project-');
    mkdirSync(join(project, 'node_modules'));
    mkdirSync(join(project, 'docs', 'map'), { recursive: true });
    expect(diagramCacheDir({}, join(project, 'docs', 'map'))).toBe(join(project, 'node_modules', '.cache', 'gtmap'));
  });

  it("falls back to the node_modules above gtmap's own files", () => {
    // a working folder with no node_modules above it (the temp folder may have one); this checkout has one at its root
    expect(diagramCacheDir({}, '/gtmap-test-no-such-folder/map')).toBe(join(ROOT, 'node_modules', '.cache', 'gtmap'));
  });
});

describe('gtmap build with the cache', () => {
  it('parses no diagram on a second build, and says so under GTMAP_DEBUG=cache', () => {
    const cache = tempDir('gtmap-cache-');
    const env = { GTMAP_CACHE_DIR: cache, GTMAP_DEBUG: 'cache' };
    const first = runCli(['build', 'map', '--out', join(tempDir(), 'site')], { env });
    expect(first.code).toBe(0);
    const n = Number(/diagram cache .*: (\d+) parsed, 0 from cache\n/.exec(first.stderr)?.[1]);
    expect(n).toBeGreaterThan(10);
    const second = runCli(['build', 'map', '--out', join(tempDir(), 'site')], { env });
    expect(second.code).toBe(0);
    // the history cache (the repository's commits) and the site's record report on lines of their own
    expect(second.stderr).toMatch(/^gtmap debug: site stamps .*: 0 files known from a record, 0 read and compared; 0 of 0 recorded$/m);
    const lines = second.stderr
      .split('\n')
      .filter((l) => !l.startsWith('gtmap debug: history cache ') && !l.startsWith('gtmap debug: site stamps '));
    expect(lines.join('\n')).toBe(`gtmap debug: diagram cache ${cacheFile(cache)}: 0 parsed, ${n} from cache\n`);
  });
});
