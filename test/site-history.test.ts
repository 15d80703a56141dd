// The site's history: the "What changed" page from git log of the map folder, each entity's last
// change, and sites that differ only where an entity changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, tree } from './helpers.js';
import { cleanupRepos, commitAll, copyMap, edit, git, newRepo } from './diff-git.js';

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
