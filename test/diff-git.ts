// Real git repositories in temporary folders, for `gtmap diff` tests: fixed author and dates, so
// commit ids (and the short ids printed in a comment) are the same on every run.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from './helpers.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const made: string[] = [];

/** A new repository on branch main; removed by cleanupRepos(). */
export function newRepo(): string {
  const dir = tempDir('gtmap-diff-');
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

export function cleanupRepos(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The example map copied to `folder` inside the repository. */
export function copyMap(repo: string, folder = 'map'): void {
  cpSync(join(ROOT, 'map'), join(repo, folder), { recursive: true });
}

export function commitAll(repo: string, message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD').trim();
}

/** Replaces text in a file of the repository; fails when the text is not there (so a test cannot silently edit nothing). */
export function edit(repo: string, rel: string, change: (s: string) => string): void {
  const p = join(repo, rel);
  const before = readFileSync(p, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  writeFileSync(p, after);
}

export function write(repo: string, rel: string, text: string): void {
  mkdirSync(dirname(join(repo, rel)), { recursive: true });
  writeFileSync(join(repo, rel), text);
}

/** Text from the `- id: <id>` line of a list item up to the next item at the same indentation. */
export function cutItem(s: string, id: string): string {
  const start = s.indexOf(`  - id: ${id}\n`);
  if (start < 0) throw new Error(`no item ${id}`);
  const next = s.indexOf('\n  - id: ', start + 1);
  return next < 0 ? s.slice(0, start) : s.slice(0, start) + s.slice(next + 1);
}

/**
 * The pull request of issue 10: an exit criterion tightened (the problem cost a deal must show
 * rises from $25k to $50k), a handoff's owner reassigned, the mid-market demo-request rule
 * deleted, and a segment added that no rule routes.
 */
export function prScenario(repo: string, folder = 'map'): void {
  edit(repo, `${folder}/pipelines/new-business.yaml`, (s) =>
    s.replace('at least $25,000 on the problem', 'at least $50,000 on the problem').replace('atLeast: 25000', 'atLeast: 50000'),
  );
  edit(repo, `${folder}/handoffs.yaml`, (s) => {
    const i = s.indexOf('- id: sdr-to-mid-market-ae');
    const j = s.indexOf('owner: sales-development', i);
    return `${s.slice(0, j)}owner: sales${s.slice(j + 'owner: sales-development'.length)}`;
  });
  edit(repo, `${folder}/routing.yaml`, (s) => cutItem(s, 'mid-market-demo-requests'));
  edit(
    repo,
    `${folder}/segments.yaml`,
    (s) =>
      `${s.trimEnd()}\n\n  - id: apac\n    name: APAC\n    description: Companies headquartered in APAC, where we start selling this year.\n    rule:\n      field: hq-region\n      equals: apac\n    coveredBy: [enterprise-sales]\n`,
  );
}
