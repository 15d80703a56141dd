// `gtmap diff` as a process against real git repositories: the pull request of issue 10 (golden
// comment), identity by id, shallow clones, a moved map folder, merge commits, a base with no map,
// sides that cannot be read, the accept file, approvals and the formats.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';
import { cleanupRepos, commitAll, copyMap, cutItem, edit, git, newRepo, prScenario, write } from './diff-git.js';

const UPDATE = process.env.GTMAP_UPDATE_GOLDEN === '1';
const GOLDEN = join(ROOT, 'test', 'golden', 'diff', 'pr-scenario.md');

afterAll(cleanupRepos);

interface JsonChange {
  id: string;
  class: string;
  level: string;
  entity: { kind: string; id: string };
  location: { side: string; file: string; line: number; column: number };
  routing?: {
    region: string;
    outcomes: { before: { rule: string | null }; after: { rule: string | null }; example: Record<string, unknown>; promises: unknown[] }[];
  };
  accepted?: unknown;
  lint?: string[];
}

function diffJson(
  repo: string,
  args: string[] = [],
): {
  code: number | null;
  json: {
    changes: JsonChange[];
    approvals: { team: string; approved: boolean | null }[];
    lint: { introduced: { ruleId: string }[]; resolved: { ruleId: string }[] };
    accepted: { unused: unknown[]; expired: unknown[] };
    base: { missing?: boolean; movedFrom?: string };
  };
  stderr: string;
} {
  const r = runCli(['diff', '--base', 'main', '--format', 'json', '--fail-on', 'never', ...args], { cwd: repo });
  expect(r.stderr).toBe('');
  return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
}

function scenarioRepo(): string {
  const repo = newRepo();
  copyMap(repo);
  commitAll(repo, 'the map');
  prScenario(repo);
  return repo;
}

describe('gtmap diff: the pull request of issue 10', () => {
  it('names all four changes in operating terms, the approvals and the lint finding (golden comment)', () => {
    const repo = scenarioRepo();
    const r = runCli(['diff', '--base', 'main', '--format', 'markdown'], { cwd: repo });
    expect(r.stderr).toBe('');
    if (UPDATE) {
      mkdirSync(join(ROOT, 'test', 'golden', 'diff'), { recursive: true });
      writeFileSync(GOLDEN, r.stdout);
    }
    expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
    // the default --fail-on is breaking, and the tightened criterion is breaking
    expect(r.code).toBe(1);
  });

  it('classifies each change with its check id, level and location', () => {
    const { json } = diffJson(scenarioRepo());
    const pick = (id: string) => json.changes.filter((c) => c.id === id);
    expect(pick('stage-exit-criterion-tightened').map((c) => [c.class, c.level, c.entity.id, c.location.file, c.location.line])).toEqual([
      ['breaking', 'error', 'nb-discovery', 'map/pipelines/new-business.yaml', 53],
    ]);
    expect(pick('handoff-owner-changed').map((c) => [c.class, c.entity.id, c.location.line])).toEqual([
      ['ownership', 'sdr-to-mid-market-ae', 35],
    ]);
    const removed = pick('routing-rule-removed');
    expect(removed.map((c) => [c.class, c.entity.id, c.location.side])).toEqual([['behavioural', 'mid-market-demo-requests', 'base']]);
    const outcome = removed[0]!.routing!.outcomes;
    expect(outcome.map((o) => [o.before.rule, o.after.rule])).toEqual([['mid-market-demo-requests', 'mid-market-leads']]);
    expect(outcome[0]!.example).toMatchObject({ 'lead-source': 'demo-request' });
    expect(outcome[0]!.promises).toEqual([{ source: 'demo-request-form', name: 'Demo request form', within: '15m' }]);
    expect(pick('segment-added').map((c) => [c.entity.id, c.lint])).toEqual([['apac', ['routing/segment-routed']]]);
    // the map's own test cases catch the other two changes: the demo-request case expected the
    // removed rule, and a stage case sat between the old and the new threshold
    expect(json.lint.introduced.map((d) => d.ruleId)).toEqual(['routing/segment-routed', 'routing/tests-pass', 'stage/tests-pass']);
    expect(json.lint.resolved).toEqual([]);
    expect([...new Set(json.approvals.map((a) => a.team))]).toEqual(['revops', 'sales']);
  });

  it('follows --fail-on: breaking fails, never passes, and an accepted breaking change no longer fails', () => {
    const repo = scenarioRepo();
    expect(runCli(['diff', '--base', 'main', '--fail-on', 'breaking'], { cwd: repo }).code).toBe(1);
    expect(runCli(['diff', '--base', 'main', '--fail-on', 'never'], { cwd: repo }).code).toBe(0);
    write(
      repo,
      'map/.gtmap-accepted.yaml',
      'accepted:\n  - change: stage-exit-criterion-tightened\n    entity: nb-discovery\n    reason: The board raised the minimum deal size.\n    expires: 2999-12-31\n  - change: stage-removed\n    entity: nb-nothing\n    reason: Left over.\n    expires: 2999-12-31\n  - change: handoff-owner-changed\n    entity: sdr-to-mid-market-ae\n    reason: Old.\n    expires: 2001-01-01\n',
    );
    const r = runCli(['diff', '--base', 'main', '--fail-on', 'breaking'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[accepted]');
    expect(r.stdout).toMatch(
      /map\/\.gtmap-accepted\.yaml:6:5 {2}accepted change stage-removed for nb-nothing matches no change; remove it/,
    );
    expect(r.stdout).toMatch(
      /map\/\.gtmap-accepted\.yaml:10:5 {2}accepted change handoff-owner-changed for sdr-to-mid-market-ae expired on 2001-01-01/,
    );
    // behavioural changes are still there and still fail at that level
    expect(runCli(['diff', '--base', 'main', '--fail-on', 'behavioural'], { cwd: repo }).code).toBe(1);
  });

  it('--approved-by fails until every required team has approved', () => {
    const repo = scenarioRepo();
    const some = runCli(['diff', '--base', 'main', '--fail-on', 'never', '--approved-by', 'revops'], { cwd: repo });
    expect(some.code).toBe(1);
    expect(some.stdout).toMatch(/\[x\] Revenue Operations \(@northwind-ledger\/revops\): approved/);
    expect(some.stdout).toMatch(/\[ \] Sales \(@northwind-ledger\/sales-leadership\): missing/);
    const all = runCli(['diff', '--base', 'main', '--fail-on', 'never', '--approved-by', 'revops,@northwind-ledger/sales-leadership'], {
      cwd: repo,
    });
    expect(all.code).toBe(0);
  });

  it('github format: annotations at head file:line:col, removals in the summary at their base location', () => {
    const r = runCli(['diff', '--base', 'main', '--format', 'github', '--fail-on', 'never'], { cwd: scenarioRepo() });
    expect(r.stdout).toContain(
      '::error file=map/pipelines/new-business.yaml,line=53,col=13,title=gtmap diff breaking%3A stage-exit-criterion-tightened::',
    );
    expect(r.stdout).toMatch(
      /^::warning title=gtmap diff behavioural%3A routing-rule-removed::.*\(was at map\/routing\.yaml:124:5 in the base\)$/m,
    );
    // the summary copy is indented: no line of it can start a workflow command
    for (const line of r.stdout.split('\n')) if (!line.startsWith('::')) expect(line === '' || line.startsWith('  ')).toBe(true);
  });
});

describe('gtmap diff: identity by id', () => {
  it('moving entities to another file is no change; a new name is a rename; a new id with the same content is a likely id rename', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'base');
    // move the routing section's rules into two files
    const routing = readFileSync(join(repo, 'map/routing.yaml'), 'utf8');
    const split = routing.indexOf('\n  - id: mid-market-demo-requests');
    writeFileSync(join(repo, 'map/routing.yaml'), routing.slice(0, split + 1));
    write(repo, 'map/routing/more.yaml', `routing:\n${routing.slice(split + 1)}`);
    edit(repo, 'map/teams.yaml', (s) => s.replace('name: Revenue Operations', 'name: Revenue Ops'));
    edit(repo, 'map/metrics.yaml', (s) => s.replace(/- id: ([a-z-]+)/, '- id: $1-renamed'));
    commitAll(repo, 'head');
    const r = runCli(['diff', '--base', 'main~1', '--head', 'main', '--format', 'json', '--fail-on', 'never'], { cwd: repo });
    expect(r.stderr).toBe('');
    const changes = (JSON.parse(r.stdout) as { changes: JsonChange[] }).changes;
    expect(changes.map((c) => [c.id, c.entity.id])).toEqual([
      ['metric-id-renamed', expect.stringMatching(/-renamed$/)],
      ['team-renamed', 'revops'],
    ]);
  });

  it('a rule moved above another is a routing change with the leads that change hands', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'base');
    edit(repo, 'map/routing.yaml', (s) => {
      const item = s.slice(
        s.indexOf('  - id: mid-market-leads\n'),
        s.indexOf('\n  - id: ', s.indexOf('  - id: mid-market-leads\n') + 1) + 1,
      );
      const without = cutItem(s, 'mid-market-leads');
      const at = without.indexOf('  - id: mid-market-demo-requests\n');
      return without.slice(0, at) + item + without.slice(at);
    });
    const { json } = diffJson(repo);
    const moved = json.changes.filter((c) => c.id === 'routing-rule-moved');
    // two rules swapped: either one is the one that moved (the other kept its place among the rest)
    expect(moved).toHaveLength(1);
    expect(['mid-market-leads', 'mid-market-demo-requests']).toContain(moved[0]!.entity.id);
    expect(moved[0]!.routing!.outcomes.map((o) => [o.before.rule, o.after.rule])).toContainEqual([
      'mid-market-demo-requests',
      'mid-market-leads',
    ]);
  });
});

describe('gtmap diff: history shapes', () => {
  it('a base with no map folder: everything is added', () => {
    const repo = newRepo();
    write(repo, 'README.md', 'nothing yet\n');
    commitAll(repo, 'empty');
    copyMap(repo);
    const { json } = diffJson(repo);
    expect(json.base.missing).toBe(true);
    expect(json.changes.length).toBeGreaterThan(100);
    expect(json.changes.every((c) => c.id.endsWith('-added'))).toBe(true);
    expect(json.lint.resolved).toEqual([]);
  });

  it('a moved map folder: the map is found at its old place and nothing changed', () => {
    const repo = newRepo();
    copyMap(repo, 'gtm');
    commitAll(repo, 'base');
    renameSync(join(repo, 'gtm'), join(repo, 'map'));
    commitAll(repo, 'move');
    const r = runCli(['diff', '--base', 'main~1', '--head', 'main'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('main~1 @ ');
    expect(r.stdout).toContain('(map at gtm)');
    expect(r.stdout).toContain('No changes to the map between the two sides.');
  });

  it('merge commits: the merge is compared with its first parent', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    edit(repo, 'map/handoffs.yaml', (s) => s.replace('sla: 1bd', 'sla: 4h'));
    commitAll(repo, 'tighten');
    git(repo, 'checkout', '-q', 'main');
    edit(repo, 'map/teams.yaml', (s) => s.replace('name: Revenue Operations', 'name: Revenue Ops'));
    commitAll(repo, 'rename');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    const r = runCli(['diff', '--base', 'HEAD^1', '--head', 'HEAD', '--format', 'json', '--fail-on', 'never'], { cwd: repo });
    expect(r.stderr).toBe('');
    const ids = (JSON.parse(r.stdout) as { changes: JsonChange[] }).changes.map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id === 'handoff-sla-tightened')).toBe(true);
  });

  it('a shallow clone without the base commit: exit 2 with the fetch-depth hint, never "no changes"', () => {
    const origin = newRepo();
    copyMap(origin);
    commitAll(origin, 'one');
    edit(origin, 'map/teams.yaml', (s) => s.replace('name: Revenue Operations', 'name: Revenue Ops'));
    commitAll(origin, 'two');
    const clone = tempDir('gtmap-shallow-');
    git(clone, 'clone', '-q', '--depth', '1', `file://${origin}`, 'c');
    const r = runCli(['diff', '--base', 'HEAD~1'], { cwd: join(clone, 'c') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gtmap: --base HEAD~1: no such commit in this repository\. This is a shallow clone.*fetch-depth: 0/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown ref, a base that does not load, and a missing --base are exit 2 with one line', () => {
    const repo = newRepo();
    copyMap(repo);
    edit(repo, 'map/teams.yaml', (s) => s.replace('teams:', 'teams: [oops'));
    commitAll(repo, 'broken');
    edit(repo, 'map/teams.yaml', (s) => s.replace('teams: [oops', 'teams:'));
    const unknown = runCli(['diff', '--base', 'no-such-branch'], { cwd: repo });
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toMatch(/^gtmap: --base no-such-branch: no such commit in this repository\. Check the branch or tag name/);
    const broken = runCli(['diff', '--base', 'main'], { cwd: repo });
    expect([broken.code, broken.stdout]).toEqual([2, '']);
    expect(broken.stderr).toMatch(/^gtmap: the base \(main\) map does not load: map\/teams\.yaml:\d+:\d+ .*\(yaml\/syntax\)/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const none = runCli(['diff'], { cwd: repo });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs --base <ref>/);
    const outside = tempDir('gtmap-nogit-');
    copyMap(outside);
    const nogit = runCli(['diff', '--base', 'main'], { cwd: outside });
    expect(nogit.code).toBe(2);
    expect(nogit.stderr).toMatch(/is not inside a git repository/);
  });
});

describe('gtmap diff: untrusted map text', () => {
  it('a name with HTML, a table pipe, backticks, a mention or control characters cannot break the comment or the terminal', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'base');
    edit(repo, 'map/teams.yaml', (s) => s.replace('name: Revenue Operations', 'name: "<script>alert(1)</script> | `x` @everyone \\e[31m"'));
    const md = runCli(['diff', '--base', 'main', '--format', 'markdown'], { cwd: repo });
    expect(md.stdout).not.toContain('<script>');
    expect(md.stdout).toContain('&lt;script&gt;');
    expect(md.stdout).toContain('&#124;');
    expect(md.stdout).toContain('\\`x\\`');
    expect(md.stdout).not.toMatch(/@everyone/);
    expect(md.stdout).not.toContain('\u001b');
    const term = runCli(['diff', '--base', 'main'], { cwd: repo });
    expect(term.stdout).not.toContain('\u001b');
    expect(term.stdout).toContain('\\x1b[31m');
  });

  it('a comment stays under GitHub limit by dropping detail, and says so', () => {
    const repo = newRepo();
    copyMap(repo);
    commitAll(repo, 'base');
    const many = Array.from(
      { length: 1500 },
      (_, i) =>
        `  - id: metric-${i}\n    name: Metric number ${i} with a long enough name to fill the comment quickly\n    owner: revops\n    target: {}\n`,
    );
    write(repo, 'map/more-metrics.yaml', `metrics:\n${many.join('')}`);
    const r = runCli(['diff', '--base', 'main', '--format', 'markdown', '--fail-on', 'never'], { cwd: repo });
    expect(r.stdout.length).toBeLessThanOrEqual(60_000);
    expect(r.stdout).toContain("Detail was left out to stay under GitHub's 65,536-character comment limit");
    expect(r.stdout.startsWith('<!-- gtmap-diff -->\n**gtmap diff**: ')).toBe(true);
  });
});

describe('gtmap diff: files', () => {
  it('writes a format to a file and another to stdout', () => {
    const repo = scenarioRepo();
    const r = runCli(['diff', '--base', 'main', '--format', 'json:out/diff.json', '--format', 'stylish', '--fail-on', 'never'], {
      cwd: repo,
    });
    expect(r.code).toBe(0);
    expect(existsSync(join(repo, 'out/diff.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(repo, 'out/diff.json'), 'utf8')).changes.length).toBe(4);
    expect(r.stdout).toContain('1 breaking · 2 behavioural · 1 ownership · 0 text');
  });
});
