// Lint configuration and inline suppressions, through the real CLI.
import { describe, expect, it } from 'vitest';
import { makeMap, runCli } from './helpers.js';

const TEAMS = 'teams:\n  - id: sales\n    name: Sales\n  - id: success\n    name: Success\n';
const HANDOFF = (comment = '') =>
  `handoffs:\n${comment}  - id: close-to-onboard\n    name: Closed deal to onboarding\n    from: sales\n    to: success\n    owner: sales\n    acceptance:\n      - text: The order form is attached.\n    sla: 1bd\n`;

function lines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => /^\s{2}\S+:\d+:\d+ /.test(l))
    .map((l) => l.trim().replace(/^\S+\/(\S+:\d+:\d+)/, '$1'));
}

describe('lint configuration in gtmap.yaml', () => {
  it('default: a handoff without a return path is an error, exit 1', () => {
    const dir = makeMap({ 'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n', 'teams.yaml': TEAMS, 'handoffs.yaml': HANDOFF() });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(/^handoffs\.yaml:2:5 {2}error {2}Handoff `close-to-onboard` .*handoff\/has-return-path$/),
    ]);
  });

  it('severity lowered to warn: exit 0, unless --fail-on warn', () => {
    const dir = makeMap({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\nlint:\n  rules:\n    handoff/has-return-path: warn\n',
      'teams.yaml': TEAMS,
      'handoffs.yaml': HANDOFF(),
    });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([expect.stringMatching(/^handoffs\.yaml:2:5 {2}warn {3}Handoff `close-to-onboard`/)]);
    expect(runCli(['lint', dir, '--fail-on', 'warn']).code).toBe(1);
  });

  it('off in the config, or --rule on the command line', () => {
    const dir = makeMap({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\nlint:\n  rules:\n    handoff/has-return-path: { severity: "off" }\n',
      'teams.yaml': TEAMS,
      'handoffs.yaml': HANDOFF(),
    });
    expect(runCli(['lint', dir]).code).toBe(0);
    const dir2 = makeMap({ 'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n', 'teams.yaml': TEAMS, 'handoffs.yaml': HANDOFF() });
    expect(runCli(['lint', dir2, '--rule', 'handoff/has-return-path=off'])).toMatchObject({
      code: 0,
      stdout: '✔ no problems in 3 files\n',
    });
    const bad = runCli(['lint', dir2, '--rule', 'handoff/has-return=off']);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'gtmap: --rule: unknown rule `handoff/has-return`. Did you mean `handoff/has-return-path`? `gtmap rules` lists every rule.\n',
    });
  });

  describe('presets (lint.extends)', () => {
    // a handoff with no owner (an ownership gap) and no return path; its acceptance text is vague (a warning)
    const handoff =
      'handoffs:\n  - id: close-to-onboard\n    name: Closed deal to onboarding\n    from: sales\n    to: success\n    acceptance:\n      - text: The order form is attached, etc.\n    sla: 1bd\n';
    const run = (lint: string) =>
      runCli([
        'lint',
        makeMap({ 'gtmap.yaml': `apiVersion: gtmap/v1\ncompany: Co\n${lint}`, 'teams.yaml': TEAMS, 'handoffs.yaml': handoff }),
      ]);
    const levels = (stdout: string): string[] => lines(stdout).map((l) => `${l.split(/\s+/)[1]} ${l.split(/\s+/).pop()}`);

    it('starter keeps ownership gaps as errors and turns other errors into warnings', () => {
      const r = run('lint:\n  extends: starter\n');
      expect(r.code).toBe(1);
      expect(levels(r.stdout)).toEqual(['error handoff/has-owner', 'warn handoff/has-return-path', 'warn text/no-vague-language']);
    });

    it('recommended is the default', () => {
      const none = run('');
      expect(levels(none.stdout)).toEqual(['error handoff/has-owner', 'error handoff/has-return-path', 'warn text/no-vague-language']);
      expect(levels(run('lint:\n  extends: recommended\n').stdout)).toEqual(levels(none.stdout));
    });

    it('strict makes every warning an error', () => {
      const r = run('lint:\n  extends: strict\n');
      expect(levels(r.stdout)).toEqual(['error handoff/has-owner', 'error handoff/has-return-path', 'error text/no-vague-language']);
    });

    it('lint.rules wins over the preset', () => {
      const r = run('lint:\n  extends: starter\n  rules:\n    handoff/has-return-path: error\n    handoff/has-owner: warn\n');
      expect(levels(r.stdout)).toEqual(['warn handoff/has-owner', 'error handoff/has-return-path', 'warn text/no-vague-language']);
    });

    it('an unknown preset is a located error with a suggestion', () => {
      const r = run('lint:\n  extends: starer\n');
      expect(r.code).toBe(1);
      expect(lines(r.stdout)[0]).toBe(
        'gtmap.yaml:4:12  error  `extends` is `starer`, which is not allowed. Did you mean `starter`? Use one of `starter`, `recommended` or `strict`.  schema/enum',
      );
    });
  });

  it('docsUrl in gtmap.yaml is where findings and SARIF rules link for documentation', () => {
    const dir = makeMap({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\ndocsUrl: https://wiki.example.com/gtmap/rules\n',
      'teams.yaml': TEAMS,
      'handoffs.yaml': HANDOFF(),
    });
    const json = JSON.parse(runCli(['lint', dir, '--format', 'json']).stdout) as { diagnostics: { ruleId: string; docsUrl: string }[] };
    expect(json.diagnostics.map((d) => [d.ruleId, d.docsUrl])).toEqual([
      ['handoff/has-return-path', 'https://wiki.example.com/gtmap/rules/handoff-has-return-path.md'],
    ]);
    const sarif = JSON.parse(runCli(['lint', dir, '--format', 'sarif']).stdout);
    expect(sarif.runs[0].tool.driver.rules[0].helpUri).toBe('https://wiki.example.com/gtmap/rules/handoff-has-return-path.md');
    // without it, the repository named in package.json
    const plain = makeMap({ 'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n', 'teams.yaml': TEAMS, 'handoffs.yaml': HANDOFF() });
    expect(JSON.parse(runCli(['lint', plain, '--format', 'json']).stdout).diagnostics[0].docsUrl).toBe(
      'https://github.com/gtmap/gtmap/blob/main/docs/rules/handoff-has-return-path.md',
    );
    const bad = makeMap({ 'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\ndocsUrl: wiki/rules\n' });
    expect(lines(runCli(['lint', bad]).stdout)).toEqual([
      expect.stringMatching(
        /^gtmap\.yaml:3:10 {2}error {2}`docsUrl` is `wiki\/rules`, which is not a web address\. Write a full http or https URL/,
      ),
    ]);
  });

  it('a misspelled rule id or option is reported with a suggestion', () => {
    const dir = makeMap({
      'gtmap.yaml':
        'apiVersion: gtmap/v1\ncompany: Co\nlint:\n  rules:\n    handoff/has-retrun-path: warn\n    text/no-vague-language: { options: { alow: [some] } }\n    handoff/has-sla: { severity: warning, options: { days: 2 } }\n',
      'teams.yaml': TEAMS,
    });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      'gtmap.yaml:5:5  error  Unknown rule `handoff/has-retrun-path` in the lint configuration. Did you mean `handoff/has-return-path`? `gtmap rules` lists every rule.  schema/unknown-key',
      'gtmap.yaml:6:42  error  Rule `text/no-vague-language`: unknown key `alow` in `options`. Did you mean `allow`?  schema/unknown-key',
      // the header schema is generated from the rules: a rule without options takes none
      'gtmap.yaml:7:34  error  Rule `handoff/has-sla`: `severity` is `warning`, which is not allowed. Did you mean `warn`? Use one of `error`, `warn`, `info` or `off`.  schema/enum',
      'gtmap.yaml:7:52  error  Rule `handoff/has-sla` takes no options. Remove `options`.  schema/invalid',
    ]);
  });
});

describe('inline suppressions', () => {
  it('a next-line suppression with a reason silences the finding', () => {
    const dir = makeMap({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n',
      'teams.yaml': TEAMS,
      'handoffs.yaml': HANDOFF('  # gtmap-disable-next-line handoff/has-return-path -- onboarding cannot reject a signed deal\n'),
    });
    expect(runCli(['lint', dir])).toMatchObject({ code: 0, stdout: '✔ no problems in 3 files\n' });
  });

  it('without a reason it is an error; a suppression that matches nothing is a warning', () => {
    const dir = makeMap({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n',
      'teams.yaml': `# gtmap-disable-file handoff/has-owner -- nothing here to suppress\n${TEAMS}`,
      'handoffs.yaml': HANDOFF('  # gtmap-disable-next-line handoff/has-return-path\n'),
    });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(
        /^handoffs\.yaml:2:3 {2}error {2}Suppression of `handoff\/has-return-path` gives no reason\. .*lint\/disable-needs-reason$/,
      ),
      'teams.yaml:1:1  warn   Suppression of `handoff/has-owner` suppresses nothing in this file. Remove it.  lint/unused-disable',
    ]);
  });
});
