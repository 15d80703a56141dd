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

const SKIPPED = 'note: lint rules did not run because the map has YAML or schema errors; fix those first.\n';
const H = `${broken}/handoffs.yaml`;
const T = `${broken}/teams.yaml`;
const MSG_TO = `Handoff \`mql-to-sdr\`: \`to\` names \`sales-developement\`, which is not a team. Did you mean \`sales-development\`? Teams are declared in ${T}.`;
const MSG_OWNER = `Handoff \`sdr-to-ae\`: \`owner\` names \`revops\`, which is not a team. Teams are declared in ${T}.`;
const MSG_KEY = 'Team `marketing`: unknown key `hedcount`. Did you mean `headcount`?';

describe('gtmap lint --format (CLI)', () => {
  it('writes SARIF to a file and stylish to stdout in one run', () => {
    const out = join(tmp, 'nested', 'gtmap.sarif');
    const r = gtmap(['lint', broken, '--format', `sarif:${out}`, '--format', 'stylish']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(SKIPPED);
    expect(r.stdout).toContain(`  ${H}:5:9  error  ${MSG_TO}  ref/unresolved`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 3 problems (3 errors, 0 warnings) in 3 files');
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(checkSarif(log)).toBe('valid');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['ref/unresolved', 'schema/unknown-key']);
    expect(run.tool.driver.rules[1].helpUri).toBe('https://github.com/gtmap/gtmap/blob/main/docs/rules/schema-unknown-key.md');
    expect(
      run.results.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: object } }[] }) => [
        x.ruleId,
        x.locations[0]!.physicalLocation.artifactLocation.uri,
        x.locations[0]!.physicalLocation.artifactLocation.uriBaseId,
        x.locations[0]!.physicalLocation.region,
      ]),
    ).toEqual([
      ['ref/unresolved', H, '%SRCROOT%', { startLine: 5, startColumn: 9, endLine: 5, endColumn: 27 }],
      ['ref/unresolved', H, '%SRCROOT%', { startLine: 12, startColumn: 12, endLine: 12, endColumn: 18 }],
      ['schema/unknown-key', T, '%SRCROOT%', { startLine: 4, startColumn: 5, endLine: 4, endColumn: 13 }],
    ]);
  });

  it('prints GitHub annotations and a summary line', () => {
    const r = gtmap(['lint', broken, '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `::error file=${H},line=5,col=9,endLine=5,endColumn=27,title=ref/unresolved::${MSG_TO}`,
        `::error file=${H},line=12,col=12,endLine=12,endColumn=18,title=ref/unresolved::${MSG_OWNER}`,
        `::error file=${T},line=4,col=5,endLine=4,endColumn=13,title=schema/unknown-key::${MSG_KEY}`,
        'gtmap: 3 problems (3 errors, 0 warnings) in 3 files',
        '',
      ].join('\n'),
    );
  });

  it('writes markdown and JUnit files while JSON goes to stdout', () => {
    const md = join(tmp, 'summary.md');
    const xml = join(tmp, 'junit.xml');
    const r = gtmap(['lint', broken, '-f', `markdown:${md}`, '-f', `junit:${xml}`, '-f', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary).toEqual({ errors: 3, warnings: 0, infos: 0 });
    const text = readFileSync(md, 'utf8');
    expect(text.split('\n')[0]).toBe('### ❌ gtmap: 3 problems (3 errors) in 3 files');
    expect(text).toContain(`#### <code>${T}</code>: 1 error`);
    expect(text).toContain('| 4:5 | ⛔ error | [schema/unknown-key](https://github.com/gtmap/gtmap/blob/main/docs/rules/schema-unknown-key.md) | Team <code>marketing</code>: unknown key <code>hedcount</code>. Did you mean <code>headcount</code>? |');
    const junit = readFileSync(xml, 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<testsuites name="gtmap 0.1.0" tests="4" failures="3" errors="0" skipped="0">');
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
    expect(gtmap(['lint', clean, '-f', 'markdown']).stdout).toBe('### ✅ gtmap: no problems\n\nChecked 1 file; every check passed.\n\n<sub>gtmap 0.1.0</sub>\n');
    expect(gtmap(['lint', clean, '-f', 'junit']).stdout).toContain(`<testcase classname="${clean}/gtmap.yaml" name="no problems" file="${clean}/gtmap.yaml"/>`);
  });

  it('still writes the SARIF file when --fail-on never keeps the exit code at 0', () => {
    const out = join(tmp, 'never.sarif');
    const r = gtmap(['lint', broken, '-f', `sarif:${out}`, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results).toHaveLength(3);
  });

  it('names the new formats when the format is unknown', () => {
    const r = gtmap(['lint', broken, '-f', 'sarif2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gtmap: unknown format `sarif2`. Use one of: stylish, json, sarif, github, markdown, junit (optionally with :path, e.g. sarif:gtmap.sarif).\n');
  });

  it('keeps SARIF fingerprints when an entity is inserted above the findings', () => {
    // regression: list indices in the fingerprint would reopen every alert below a new handoff
    const work = join(tmp, 'insert');
    cpSync(join(root, broken), join(work, 'map'), { recursive: true });
    const run = () => {
      gtmap(['lint', 'map', '-f', 'sarif:out.sarif'], work);
      return JSON.parse(readFileSync(join(work, 'out.sarif'), 'utf8')).runs[0].results as { ruleId: string; partialFingerprints: Record<string, string> }[];
    };
    const before = run();
    const file = join(work, 'map', 'handoffs.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('  - id:');
    expect(at).toBeGreaterThan(0);
    writeFileSync(file, `${text.slice(0, at)}  - id: inserted-first\n    name: Inserted first\n    from: sales\n    to: sales\n${text.slice(at)}`);
    const after = run().filter((r) => before.some((b) => b.ruleId === r.ruleId));
    expect(after.map((x) => x.partialFingerprints['gtmap/v1'])).toEqual(expect.arrayContaining(before.filter((b) => b.ruleId.startsWith('ref/')).map((x) => x.partialFingerprints['gtmap/v1'])));
  });

  it('keeps SARIF fingerprints when lines above a finding are added', () => {
    // regression: code scanning would close and reopen every alert below an edit if fingerprints used line numbers
    const work = join(tmp, 'shift');
    cpSync(join(root, broken), join(work, 'map'), { recursive: true });
    const run = () => {
      gtmap(['lint', 'map', '-f', 'sarif:out.sarif'], work);
      return JSON.parse(readFileSync(join(work, 'out.sarif'), 'utf8')).runs[0].results as { partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
    };
    const before = run();
    const file = join(work, 'map', 'handoffs.yaml');
    writeFileSync(file, `# owner: RevOps\n# reviewed quarterly\n\n${readFileSync(file, 'utf8')}`);
    const after = run();
    expect(after.map((x) => x.locations[0]!.physicalLocation.region.startLine)).toEqual([8, 15, 4]);
    expect(before.map((x) => x.locations[0]!.physicalLocation.region.startLine)).toEqual([5, 12, 4]);
    expect(after.map((x) => x.partialFingerprints)).toEqual(before.map((x) => x.partialFingerprints));
  });
});
