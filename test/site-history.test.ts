// The site's history: the "What changed" page from git log of the map folder, each entity's last
// change, and sites that differ only where an entity changed.
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHead } from '../src/diff/git.js';
import { mapHistory } from '../src/diff/history.js';
import { runCli, tempDir, tree } from './helpers.js';
import { cleanupRepos, commitAll, copyMap, edit, git, newRepo, write } from './diff-git.js';

afterAll(cleanupRepos);

describe('site history', () => {
  it('lists the commits that touched the map with their changes, and each entity says when it last changed', () => {
    const repo = newRepo();
    copyMap(repo);
    const first = commitAll(repo, 'The map').slice(0, 7);
    const siteA = join(tempDir('gtmap-site-'), 'site');
    expect(runCli(['build', 'map', '--out', siteA, '--repo-url', 'https://github.com/acme/gtm'], { cwd: repo }).code).toBe(0);
    edit(repo, 'map/handoffs.yaml', (s) => {
      const i = s.indexOf('- id: sdr-to-mid-market-ae');
      const j = s.indexOf('owner: sales-development', i);
      return `${s.slice(0, j)}owner: sales${s.slice(j + 'owner: sales-development'.length)}`;
    });
    const second = commitAll(repo, 'Sales owns the SDR to mid-market handoff').slice(0, 7);
    const siteB = join(tempDir('gtmap-site-'), 'site');
    expect(runCli(['build', 'map', '--out', siteB, '--repo-url', 'https://github.com/acme/gtm'], { cwd: repo }).code).toBe(0);

    const changes = readFileSync(join(siteB, 'changes.html'), 'utf8');
    expect(changes).toContain(`id="commit-${second}"`);
    expect(changes).toContain(`id="commit-${first}"`);
    expect(changes.indexOf(second)).toBeLessThan(changes.indexOf(first));
    expect(changes).toContain('Sales owns the SDR to mid-market handoff');
    expect(changes).toContain(`href="https://github.com/acme/gtm/commit/${git(repo, 'rev-parse', 'HEAD').trim()}"`);
    expect(changes).toMatch(
      /Ownership \(1\)[\s\S]*handoff-owner-changed: Handoff sdr-to-mid-market-ae: owner changed from sales-development to sales\./,
    );
    expect(changes).toContain('Map version');

    const handoffs = readFileSync(join(siteB, 'handoffs.html'), 'utf8');
    expect(handoffs).toContain(`last changed in <a href="changes.html#commit-${second}">${second}</a>`);
    expect(handoffs).toContain(`last changed in <a href="changes.html#commit-${first}">${first}</a>`);

    // only the pages that show the changed handoff differ (plus the history page and the search index)
    const a = tree(siteA);
    const b = tree(siteB);
    const differing = Object.keys(b).filter((f) => a[f] !== b[f]);
    expect(differing).toContain('changes.html');
    expect(differing).toContain('handoffs.html');
    for (const unrelated of ['routing.html', 'metrics.html', 'data-dictionary.html', 'cadences.html', 'index.html', 'ambiguities.html'])
      expect(differing).not.toContain(unrelated);
    // the first-week pages of the teams and roles at either end show the handoff: each of them that differs names it
    const firstWeek = (f: string): boolean => /^(teams|roles)\//.test(f);
    for (const f of differing.filter(firstWeek)) expect(readFileSync(join(siteB, f), 'utf8'), f).toContain('sdr-to-mid-market-ae');
    expect(differing.filter((f) => !firstWeek(f)).length).toBeLessThan(10);
  });

  it('says when there is no git history, or when it was not read', () => {
    const outside = tempDir('gtmap-nogit-');
    copyMap(outside);
    expect(runCli(['build', 'map', '--out', 'site'], { cwd: outside }).code).toBe(0);
    expect(readFileSync(join(outside, 'site', 'changes.html'), 'utf8')).toContain(
      'The map is not in a git repository, so there is no history to show.',
    );
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'map');
    expect(runCli(['build', 'map', '--out', 'site', '--no-history'], { cwd: repo }).code).toBe(0);
    const page = readFileSync(join(repo, 'site', 'changes.html'), 'utf8');
    expect(page).toContain('This site was built with --no-history, so it shows no history.');
    expect(readFileSync(join(repo, 'site', 'handoffs.html'), 'utf8')).not.toContain('last changed in');
  });
});

describe('mapHistory (git runs while the caller works)', () => {
  // guards the log's pathspec, now `.` from the map folder rather than the folder from the repository's root
  it('reads only the commits that touched a map in a nested folder, and says why there is none', async () => {
    const repo = newRepo();
    expect(await mapHistory(join(repo, 'maps', 'acme'))).toEqual({
      available: false,
      reason: 'The map is not in a git repository, so there is no history to show.',
    });
    copyMap(repo, 'maps/acme');
    expect((await mapHistory(join(repo, 'maps', 'acme'))).available).toBe(false);
    const first = commitAll(repo, 'The map');
    write(repo, 'notes/readme.md', 'not the map\n');
    commitAll(repo, 'Notes');
    edit(repo, 'maps/acme/handoffs.yaml', (s) => s.replace('owner: sales-development', 'owner: sales'));
    const third = commitAll(repo, 'Sales owns a handoff');
    const h = await mapHistory(join(repo, 'maps', 'acme'), { repoUrl: 'https://example.com/r' });
    if (!h.available) throw new Error(h.reason);
    expect(h.entries.map((e) => e.sha)).toEqual([third, first]);
    expect(h.entries[0]!.changes.some((c) => c.kind === 'handoff')).toBe(true);
    expect(h.entries[0]!.url).toBe(`https://example.com/r/commit/${third}`);
    mkdirSync(join(repo, 'untracked'));
    expect(await mapHistory(join(repo, 'untracked'))).toEqual({ available: false, reason: 'No commit has touched the map folder yet.' });
    expect(await mapHistory(tempDir('gtmap-nogit-'))).toMatchObject({ available: false });
  }, 120_000);

  it('a map with errors in a repository fails the build with its findings, history or not', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'The map');
    edit(repo, 'map/handoffs.yaml', (s) => s.replace('owner: sales-development', 'owner: [unclosed'));
    const r = runCli(['build', 'map', '--out', 'site'], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the map has errors, so no site was written');
  }, 120_000);
});

describe('site history cache', () => {
  it('compares each commit once: a second build runs no git at all, and a new commit is compared on its own', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'The map');
    edit(repo, 'map/handoffs.yaml', (s) => s.replace('owner: sales-development', 'owner: sales'));
    commitAll(repo, 'Sales owns a handoff');
    const cache = tempDir('gtmap-cache-');
    const env = { GTMAP_CACHE_DIR: cache, GTMAP_DEBUG: 'cache' };
    const first = runCli(['build', 'map', '--out', 'a'], { cwd: repo, env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('2 compared, 0 from cache');
    const second = runCli(['build', 'map', '--out', 'b', '--repo-url', 'https://github.com/acme/gtm'], { cwd: repo, env });
    // HEAD has not moved, so not even git log runs
    expect(second.stderr).toContain(
      `0 compared, 2 from cache; no git run (HEAD ${git(repo, 'rev-parse', '--short=7', 'HEAD').trim()} as cached)`,
    );
    // the same page as a build that compares everything; links follow this build's --repo-url
    const fresh = runCli(['build', 'map', '--out', 'c', '--repo-url', 'https://github.com/acme/gtm'], {
      cwd: repo,
      env: { GTMAP_CACHE_DIR: tempDir('gtmap-cache-') },
    });
    expect(fresh.code).toBe(0);
    expect(readFileSync(join(repo, 'b', 'changes.html'), 'utf8')).toBe(readFileSync(join(repo, 'c', 'changes.html'), 'utf8'));
    expect(readFileSync(join(repo, 'b', 'handoffs.html'), 'utf8')).toBe(readFileSync(join(repo, 'c', 'handoffs.html'), 'utf8'));

    edit(repo, 'map/handoffs.yaml', (s) => s.replace('owner: sales', 'owner: sales-development'));
    const third = commitAll(repo, 'SDRs own it again').slice(0, 7);
    const after = runCli(['build', 'map', '--out', 'd'], { cwd: repo, env });
    expect(after.stderr).toContain('1 compared, 2 from cache; git log read');
    expect(readFileSync(join(repo, 'd', 'changes.html'), 'utf8')).toContain(`id="commit-${third}"`);
  }, 300_000);

  it('ignores a corrupt cache file', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'The map');
    const cache = tempDir('gtmap-cache-');
    writeFileSync(join(cache, 'history.json'), '{"format":1,"stamp":');
    const r = runCli(['build', 'map', '--out', 'a'], { cwd: repo, env: { GTMAP_CACHE_DIR: cache, GTMAP_DEBUG: 'cache' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 compared, 0 from cache');
  }, 120_000);
});

describe("readHead: HEAD from the repository's files, so a build whose history is cached runs no git", () => {
  const head = (repo: string): string => git(repo, 'rev-parse', 'HEAD').trim();

  it('reads a branch from its loose ref, from packed-refs, and a detached HEAD, as git does', () => {
    const repo = newRepo();
    copyMap(repo, 'maps/acme');
    const first = commitAll(repo, 'The map');
    expect(readHead(join(repo, 'maps', 'acme'))).toEqual({ root: repo, inRepo: 'maps/acme', sha: first });
    expect(readHead(repo)).toEqual({ root: repo, inRepo: '', sha: first });
    git(repo, 'pack-refs', '--all');
    edit(repo, 'maps/acme/handoffs.yaml', (s) => s.replace('owner: sales-development', 'owner: sales'));
    const second = commitAll(repo, 'Sales owns a handoff');
    git(repo, 'pack-refs', '--all', '--prune');
    expect(readHead(join(repo, 'maps', 'acme'))?.sha).toBe(second);
    git(repo, 'checkout', '-q', '--detach', first);
    expect(readHead(join(repo, 'maps', 'acme'))?.sha).toBe(first);
    expect(head(repo)).toBe(first);
    // through a link to the folder, the path git itself would use
    const link = join(tempDir('gtmap-link-'), 'acme');
    symlinkSync(join(repo, 'maps', 'acme'), link);
    expect(readHead(link)).toMatchObject({ root: repo, inRepo: 'maps/acme' });
  }, 120_000);

  it('leaves to git what it does not read plainly: a worktree, a shallow clone, GIT_DIR, an unborn branch, replaced objects', () => {
    const repo = newRepo();
    expect(readHead(repo)).toBeUndefined(); // no commit yet: refs/heads/main does not exist
    copyMap(repo);
    commitAll(repo, 'The map');
    const tree = join(tempDir('gtmap-worktree-'), 'wt');
    git(repo, 'worktree', 'add', '-q', tree);
    expect(readHead(join(tree, 'map'))).toBeUndefined();
    const shallow = join(tempDir('gtmap-shallow-'), 'clone');
    git(repo, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    expect(readHead(join(shallow, 'map'))).toBeUndefined();
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(repo, '.git');
    try {
      expect(readHead(join(repo, 'map'))).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
    expect(readHead(tempDir('gtmap-nogit-'))).toBeNull();
    // replaced objects change what git log shows without moving HEAD: loose, then packed
    const other = newRepo();
    copyMap(other);
    const one = commitAll(other, 'One');
    const two = commitAll(other, 'Two');
    expect(readHead(join(other, 'map'))?.sha).toBe(two);
    git(other, 'replace', one, two);
    expect(readHead(join(other, 'map'))).toBeUndefined();
    git(other, 'pack-refs', '--all', '--prune');
    expect(readFileSync(join(other, '.git', 'packed-refs'), 'utf8')).toContain(' refs/replace/');
    // as a clone has them: in packed-refs, with no refs/replace folder
    rmSync(join(other, '.git', 'refs', 'replace'), { recursive: true });
    expect(readHead(join(other, 'map'))).toBeUndefined();
  }, 120_000);

  it('a HEAD moved by hand (a reset) is read again: the log comes from git, and the page shows the commits at that HEAD', () => {
    const repo = newRepo();
    copyMap(repo);
    const first = commitAll(repo, 'The map');
    edit(repo, 'map/handoffs.yaml', (s) => s.replace('owner: sales-development', 'owner: sales'));
    const second = commitAll(repo, 'Sales owns a handoff');
    const env = { GTMAP_CACHE_DIR: tempDir('gtmap-cache-'), GTMAP_DEBUG: 'cache' };
    expect(runCli(['build', 'map', '--out', 'a'], { cwd: repo, env }).stderr).toContain('git log read');
    expect(runCli(['build', 'map', '--out', 'a'], { cwd: repo, env }).stderr).toContain('no git run');
    git(repo, 'reset', '-q', '--hard', first);
    const back = runCli(['build', 'map', '--out', 'b'], { cwd: repo, env });
    expect(back.stderr).toContain('0 compared, 1 from cache; git log read');
    const page = readFileSync(join(repo, 'b', 'changes.html'), 'utf8');
    expect(page).toContain(`id="commit-${first.slice(0, 7)}"`);
    expect(page).not.toContain(`id="commit-${second.slice(0, 7)}"`);
    // a ref file with something else in it is not trusted: git answers
    renameSync(join(repo, '.git', 'refs', 'heads', 'main'), join(repo, '.git', 'main.saved'));
    writeFileSync(join(repo, '.git', 'refs', 'heads', 'main'), 'not a commit\n');
    expect(readHead(join(repo, 'map'))).toBeUndefined();
  }, 300_000);
});
