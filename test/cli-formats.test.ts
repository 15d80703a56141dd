import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSarif } from './fixtures/report/sarif-validator.js';

// runs the built CLI (npm test builds first), as CI would
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'gtmap.js');
const broken = 'test/fixtures/report/broken';
const clean = 'test/fixtures/report/clean';
const tmp = mkdtempSync(join(tmpdir(), 'gtmap-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function gtmap(args: string[], cwd = root) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const H = `${broken}/handoffs.yaml`;
const T = `${broken}/teams.yaml`;
const MSG_TO = `Handoff \`mql-to-sdr\`: \`to\` names \`sales-developement\`, which is not a team. Did you mean \`sales-development\`? Teams are declared in ${T}.`;
const MSG_OWNER = `Handoff \`sdr-to-ae\`: \`owner\` names \`revops\`, which is not a team. Teams are declared in ${T}.`;
const MSG_KEY = 'Team `marketing`: unknown key `hedcount`. Did you mean `headcount`?';
// the team with the schema error is left out of lint, and so are the rules that need every team
const ACCEPT = (id: string, to: string) =>
  `Handoff \`${id}\` states no acceptance criteria, so \`${to}\` can accept or reject anything. Add \`acceptance:\` with what \`${to}\` requires, each a \`text\` with a \`check\`, e.g. \`{ text: The lead has a business email., check: { field: lead-email, present: true } }\`.`;
const RETURN = (id: string, to: string, back: string) =>
  `Handoff \`${id}\` has no return path: when \`${to}\` rejects the work, nothing says where it goes or what \`${to}\` owes back. Add \`onReject:\` with \`returnTo: ${back}\` and \`owes:\` (the reason, and where it is recorded), e.g. \`owes: A rejection reason from the picklist, on the record\`.`;
const NOT_LINTED = [
  `Team \`marketing\` (${T}), because it has a schema error at ${T}:4:5`,
  `rule routing/team-covers-segment, because it reasons over the whole of \`teams\`, and \`teams\` is incomplete: Team \`marketing\` has a schema error at ${T}:4:5`,
  `rule field/required-is-used, because it reasons over the whole map, and \`teams\` is incomplete: Team \`marketing\` has a schema error at ${T}:4:5`,
];

describe('gtmap lint --format (CLI)', () => {
  it('writes SARIF to a file and stylish to stdout in one run', () => {
    const out = join(tmp, 'nested', 'gtmap.sarif');
    const r = gtmap(['lint', broken, '--format', `sarif:${out}`, '--format', 'stylish']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`  ${H}:5:9  error  ${MSG_TO}  ref/unresolved`);
    expect(r.stdout.trimEnd().split('\n').slice(-6)).toEqual([
      '⚠ Partial run: 3 parts of the map were not linted, so problems there are not listed:',
      ...NOT_LINTED.map((n) => `  - not linted: ${n}`),
      '',
      '✖ 7 problems (7 errors, 0 warnings) in 3 files; partial run: 3 parts not linted',
    ]);
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(checkSarif(log)).toBe('valid');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual([
      'handoff/has-acceptance',
      'handoff/has-return-path',
      'ref/unresolved',
      'schema/unknown-key',
    ]);
    expect(run.tool.driver.rules[3].helpUri).toBe('https://github.com/gtmap/gtmap/blob/main/docs/rules/schema-unknown-key.md');
    expect(
      run.results.map(
        (x: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: object } }[];
        }) => [
          x.ruleId,
          x.locations[0]!.physicalLocation.artifactLocation.uri,
          x.locations[0]!.physicalLocation.artifactLocation.uriBaseId,
          x.locations[0]!.physicalLocation.region,
        ],
      ),
    ).toEqual([
      ['handoff/has-acceptance', H, '%SRCROOT%', { startLine: 2, startColumn: 5, endLine: 2, endColumn: 19 }],
      ['handoff/has-return-path', H, '%SRCROOT%', { startLine: 2, startColumn: 5, endLine: 2, endColumn: 19 }],
      ['ref/unresolved', H, '%SRCROOT%', { startLine: 5, startColumn: 9, endLine: 5, endColumn: 27 }],
      ['handoff/has-acceptance', H, '%SRCROOT%', { startLine: 8, startColumn: 5, endLine: 8, endColumn: 18 }],
      ['handoff/has-return-path', H, '%SRCROOT%', { startLine: 8, startColumn: 5, endLine: 8, endColumn: 18 }],
      ['ref/unresolved', H, '%SRCROOT%', { startLine: 12, startColumn: 12, endLine: 12, endColumn: 18 }],
      ['schema/unknown-key', T, '%SRCROOT%', { startLine: 4, startColumn: 5, endLine: 4, endColumn: 13 }],
    ]);
    // a partial run is not a successful execution, and says what it left out
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text)).toEqual(
      NOT_LINTED.map((n) => `Not linted: ${n}.`),
    );
    expect(run.invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: T, uriBaseId: '%SRCROOT%', index: 2 },
      region: { startLine: 4, startColumn: 5 },
    });
  });

  it('prints GitHub annotations and a summary line', () => {
    const r = gtmap(['lint', broken, '--format', 'github']);
    expect(r.code).toBe(1);
    const warning = (n: string): string =>
      `title=gtmap%3A not linted::Not linted: ${n}. Findings there are not reported until this is fixed.`;
    expect(r.stdout).toBe(
      [
        `::warning file=${T},line=4,col=5,${warning(NOT_LINTED[0]!)}`,
        `::warning ${warning(NOT_LINTED[1]!)}`,
        `::warning ${warning(NOT_LINTED[2]!)}`,
        `::error file=${H},line=2,col=5,endLine=2,endColumn=19,title=handoff/has-acceptance::${ACCEPT('mql-to-sdr', 'sales-developement')}`,
        `::error file=${H},line=2,col=5,endLine=2,endColumn=19,title=handoff/has-return-path::${RETURN('mql-to-sdr', 'sales-developement', 'marketing')}`,
        `::error file=${H},line=5,col=9,endLine=5,endColumn=27,title=ref/unresolved::${MSG_TO}`,
        `::error file=${H},line=8,col=5,endLine=8,endColumn=18,title=handoff/has-acceptance::${ACCEPT('sdr-to-ae', 'marketing')}`,
        `::error file=${H},line=8,col=5,endLine=8,endColumn=18,title=handoff/has-return-path::${RETURN('sdr-to-ae', 'marketing', 'sales-development')}`,
        `::error file=${H},line=12,col=12,endLine=12,endColumn=18,title=ref/unresolved::${MSG_OWNER}`,
        `::error file=${T},line=4,col=5,endLine=4,endColumn=13,title=schema/unknown-key::${MSG_KEY}`,
        'gtmap: 7 problems (7 errors, 0 warnings) in 3 files; partial run: 3 parts not linted (see the warnings above)',
        '',
      ].join('\n'),
    );
  });

  it('writes markdown and JUnit files while JSON goes to stdout', () => {
    const md = join(tmp, 'summary.md');
    const xml = join(tmp, 'junit.xml');
    const r = gtmap(['lint', broken, '-f', `markdown:${md}`, '-f', `junit:${xml}`, '-f', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({ errors: 7, warnings: 0, infos: 0 });
    expect(json.lintSkipped).toEqual([
      { what: `Team \`marketing\` (${T})`, why: `it has a schema error at ${T}:4:5`, file: T, line: 4, column: 5 },
      {
        what: 'rule routing/team-covers-segment',
        why: NOT_LINTED[1]!.slice(NOT_LINTED[1]!.indexOf('because ') + 8),
        rules: ['routing/team-covers-segment'],
      },
      {
        what: 'rule field/required-is-used',
        why: NOT_LINTED[2]!.slice(NOT_LINTED[2]!.indexOf('because ') + 8),
        rules: ['field/required-is-used'],
      },
    ]);
    const text = readFileSync(md, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '### ❌ gtmap: 7 problems (7 errors) in 3 files (partial run)',
      '',
      '**⚠️ Partial run:** 3 parts of the map were not linted, so problems there are not listed:',
    ]);
    expect(text).toContain(`#### <code>${T}</code>: 1 error`);
    expect(text).toContain(
      '| 4:5 | ⛔ error | [schema/unknown-key](https://github.com/gtmap/gtmap/blob/main/docs/rules/schema-unknown-key.md) | Team <code>marketing</code>: unknown key <code>hedcount</code>. Did you mean <code>headcount</code>? |',
    );
    const junit = readFileSync(xml, 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<testsuites name="gtmap 0.1.0" tests="11" failures="7" errors="0" skipped="3">');
    expect(junit).toContain('<testsuite name="gtmap: not linted" tests="3" failures="0" errors="0" skipped="3">');
    expect(junit).toContain(`<testsuite name="${broken}/gtmap.yaml" tests="1" failures="0" errors="0" skipped="0">`);
    expect(junit).toContain(`<failure type="schema/unknown-key" message="error: ${MSG_KEY}">`);
  });

  it('reports a clean map in every format and exits 0', () => {
    const sarifPath = join(tmp, 'clean.sarif');
    const r = gtmap(['lint', clean, '-f', 'github', '-f', `sarif:${sarifPath}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('gtmap: no problems in 1 file\n');
    const log = JSON.parse(readFileSync(sarifPath, 'utf8'));
    expect(checkSarif(log)).toBe('valid');
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true }]);
    expect(JSON.parse(gtmap(['lint', clean, '-f', 'json']).stdout).lintSkipped).toEqual([]);
    expect(gtmap(['lint', clean, '-f', 'markdown']).stdout).toBe(
      '### ✅ gtmap: no problems\n\nChecked 1 file; every check passed.\n\n<sub>gtmap 0.1.0</sub>\n',
    );
    expect(gtmap(['lint', clean, '-f', 'junit']).stdout).toContain(
      `<testcase classname="${clean}/gtmap.yaml" name="no problems" file="${clean}/gtmap.yaml"/>`,
    );
  });

  it('writes a GitLab Code Quality report whose fingerprints survive lines added above the findings', () => {
    const work = join(tmp, 'gitlab');
    cpSync(join(root, broken), join(work, 'map'), { recursive: true });
    const run = () => {
      const r = gtmap(['lint', 'map', '-f', 'gitlab:gl-code-quality-report.json', '--fail-on', 'never'], work);
      expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
      return JSON.parse(readFileSync(join(work, 'gl-code-quality-report.json'), 'utf8')) as {
        check_name: string;
        fingerprint: string;
        severity: string;
        location: { path: string; lines: { begin: number } };
      }[];
    };
    const before = run();
    // 7 findings and 3 parts not linted, as in the other formats
    expect(before).toHaveLength(10);
    expect(before.find((i) => i.check_name === 'schema/unknown-key')).toMatchObject({
      severity: 'major',
      location: { path: 'map/teams.yaml' },
    });
    expect(before.filter((i) => i.check_name === 'gtmap/not-linted')).toHaveLength(3);
    const file = join(work, 'map', 'handoffs.yaml');
    writeFileSync(file, `# a comment\n# and another\n${readFileSync(file, 'utf8')}`);
    const after = run();
    const moved = after.filter((i) => i.location.path === 'map/handoffs.yaml');
    expect(moved.length).toBeGreaterThan(0);
    for (const i of moved) {
      const old = before.find((b) => b.fingerprint === i.fingerprint)!;
      expect(old.location.lines.begin + 2).toBe(i.location.lines.begin);
    }
    expect(after.map((i) => i.fingerprint).sort()).toEqual(before.map((i) => i.fingerprint).sort());
  });

  it('still writes the SARIF file when --fail-on never keeps the exit code at 0', () => {
    const out = join(tmp, 'never.sarif');
    const r = gtmap(['lint', broken, '-f', `sarif:${out}`, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results).toHaveLength(7);
  });

  it('names the new formats when the format is unknown', () => {
    const r = gtmap(['lint', broken, '-f', 'sarif2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'gtmap: unknown format `sarif2`. Use one of: stylish, json, sarif, github, gitlab, markdown, junit (optionally with :path, e.g. sarif:gtmap.sarif).\n',
    );
  });

  it('keeps SARIF fingerprints when an entity is inserted above the findings', () => {
    // regression: list indices in the fingerprint would reopen every alert below a new handoff
    const work = join(tmp, 'insert');
    cpSync(join(root, broken), join(work, 'map'), { recursive: true });
    const run = () => {
      gtmap(['lint', 'map', '-f', 'sarif:out.sarif'], work);
      return JSON.parse(readFileSync(join(work, 'out.sarif'), 'utf8')).runs[0].results as {
        ruleId: string;
        partialFingerprints: Record<string, string>;
      }[];
    };
    const before = run();
    const file = join(work, 'map', 'handoffs.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('  - id:');
    expect(at).toBeGreaterThan(0);
    writeFileSync(
      file,
      `${text.slice(0, at)}  - id: inserted-first\n    name: Inserted first\n    from: sales\n    to: sales\n${text.slice(at)}`,
    );
    const after = run().filter((r) => before.some((b) => b.ruleId === r.ruleId));
    expect(after.map((x) => x.partialFingerprints['gtmap/v1'])).toEqual(
      expect.arrayContaining(before.filter((b) => b.ruleId.startsWith('ref/')).map((x) => x.partialFingerprints['gtmap/v1'])),
    );
  });

  it('keeps SARIF fingerprints when lines above a finding are added', () => {
    // regression: code scanning would close and reopen every alert below an edit if fingerprints used line numbers
    const work = join(tmp, 'shift');
    cpSync(join(root, broken), join(work, 'map'), { recursive: true });
    const run = () => {
      gtmap(['lint', 'map', '-f', 'sarif:out.sarif'], work);
      return JSON.parse(readFileSync(join(work, 'out.sarif'), 'utf8')).runs[0].results as {
        partialFingerprints: Record<string, string>;
        locations: { physicalLocation: { region: { startLine: number } } }[];
      }[];
    };
    const before = run();
    const file = join(work, 'map', 'handoffs.yaml');
    writeFileSync(file, `# owner: RevOps\n# reviewed quarterly\n\n${readFileSync(file, 'utf8')}`);
    const after = run();
    expect(after.map((x) => x.locations[0]!.physicalLocation.region.startLine)).toEqual([5, 5, 8, 11, 11, 15, 4]);
    expect(before.map((x) => x.locations[0]!.physicalLocation.region.startLine)).toEqual([2, 2, 5, 8, 8, 12, 4]);
    expect(after.map((x) => x.partialFingerprints)).toEqual(before.map((x) => x.partialFingerprints));
  });
});
