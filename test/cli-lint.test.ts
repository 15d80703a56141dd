// `gtmap lint` as a user runs it: a process, its stdout, stderr and exit code.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copyExampleMap, HEADER, isCoreCheck, makeMap, ROOT, runCli } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

interface JsonReport {
  summary: { errors: number; warnings: number; infos: number };
  diagnostics: {
    ruleId: string;
    severity: string;
    file: string;
    line: number;
    column: number;
    message: string;
    docsUrl: string;
    path: (string | number)[];
  }[];
}

function lintJson(dir: string, extra: string[] = []): { code: number | null; report: JsonReport; stderr: string } {
  const r = runCli(['lint', dir, '--format', 'json', ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

/** Replaces the first line of `file` matching `pattern`; returns its 1-based line number and the new text. */
function breakLine(dir: string, file: string, pattern: RegExp, edit: (line: string) => string): { line: number; text: string } {
  const p = join(dir, file);
  const lines = readFileSync(p, 'utf8').split('\n');
  const i = lines.findIndex((l) => pattern.test(l));
  expect(i, `no line matches ${pattern} in ${file}`).toBeGreaterThanOrEqual(0);
  lines[i] = edit(lines[i]!);
  writeFileSync(p, lines.join('\n'));
  return { line: i + 1, text: lines[i]! };
}

describe('gtmap lint on the example map', () => {
  it('exits 0 with no errors and prints a summary', () => {
    const r = runCli(['lint']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\berror\b/);
    expect(r.stdout).toMatch(/(✔ no problems|✖ \d+ problems? \(0 errors,) .*in 19 files/);
    expect(r.stderr).toBe('');
  });

  it('GTMAP_DEBUG=timing lists each stage and the slowest rules on stderr and leaves stdout as it was', () => {
    const plain = runCli(['lint', '--format', 'json']);
    const timed = runCli(['lint', '--format', 'json'], { env: { GTMAP_DEBUG: 'timing' } });
    expect(timed.code).toBe(plain.code);
    expect(timed.stdout).toBe(plain.stdout);
    const lines = timed.stderr.trim().split('\n');
    const stage = (name: string) =>
      new RegExp(
        `^gtmap debug: ${name} took \\d+\\.\\d ms, \\d+ page faults \\(process age \\d+ ms, \\d+ faults, young generation \\d+\\.\\d MB\\)$`,
      );
    expect(lines.slice(0, 3)).toEqual([
      expect.stringMatching(stage('load')),
      expect.stringMatching(stage('model')),
      expect.stringMatching(stage('validate')),
    ]);
    expect(lines[3]).toMatch(/^gtmap debug: rules took \d+\.\d ms; slowest:$/);
    const rules = lines.slice(4, -1);
    expect(rules).toHaveLength(10);
    for (const l of rules) expect(l).toMatch(/^ +\d+\.\d ms {2}[a-z]+\/[a-z-]+$/);
    expect(lines.at(-1)).toMatch(stage('lint'));
  });
});

describe('a broken copy of the example map: one precise message per problem', () => {
  it('a YAML syntax error', () => {
    const dir = copyExampleMap();
    const { line } = breakLine(dir, 'teams.yaml', /^\s+name: /, (l) => l.replace('name: ', 'name: [unclosed '));
    const { code, report } = lintJson(dir);
    expect(code).toBe(1);
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(['yaml/syntax']);
    expect(report.diagnostics[0]!.file).toBe(`${dir}/teams.yaml`);
    expect(report.diagnostics[0]!.line).toBeGreaterThanOrEqual(line);
  });

  it('a misspelled key, with the closest allowed key', () => {
    const dir = copyExampleMap();
    const { line, text } = breakLine(dir, 'handoffs.yaml', /^\s+owner: /, (l) => l.replace('owner:', 'ownr:'));
    const { code, report } = lintJson(dir);
    expect(code).toBe(1);
    expect(report.diagnostics).toHaveLength(1);
    expect(report.diagnostics[0]).toMatchObject({
      ruleId: 'schema/unknown-key',
      file: `${dir}/handoffs.yaml`,
      line,
      column: text.indexOf('ownr') + 1,
    });
    expect(report.diagnostics[0]!.message).toMatch(/unknown key `ownr`\. Did you mean `owner`\?$/);
  });

  it('an owner that is not a team, with a did-you-mean and where teams are declared', () => {
    const dir = copyExampleMap();
    const { line, text } = breakLine(dir, 'handoffs.yaml', /^\s+owner: /, (l) =>
      l.replace(/owner: (\S+)/, (_m, id: string) => `owner: ${id.slice(0, -1)}`),
    );
    const { code, report } = lintJson(dir);
    expect(code).toBe(1);
    expect(report.diagnostics).toHaveLength(1);
    const d = report.diagnostics[0]!;
    expect(d).toMatchObject({ ruleId: 'ref/unresolved', file: `${dir}/handoffs.yaml`, line, column: text.indexOf('owner: ') + 8 });
    const bad = text.trim().slice('owner: '.length);
    expect(d.message).toMatch(
      new RegExp(`\`owner\` names \`${bad}\`, which is not a team\\. Did you mean \`${bad}.\`\\? Teams are declared in .*teams\\.yaml\\.$`),
    );
  });

  it('a condition comparing a text field with a number', () => {
    const dir = copyExampleMap();
    writeFileSync(
      join(dir, 'extra.yaml'),
      [
        'fields:',
        '  - id: test-note',
        '    name: Test note',
        '    type: text',
        '    owner: revops',
        'segments:',
        '  - id: test-segment',
        '    name: Test segment',
        '    coveredBy: [revops]',
        '    rule: { field: test-note, atLeast: 5 }',
        '',
      ].join('\n'),
    );
    const { code, report } = lintJson(dir);
    expect(code).toBe(1);
    const errors = report.diagnostics.filter((d) => d.severity === 'error' && isCoreCheck(d.ruleId));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: 'condition/type-mismatch', file: `${dir}/extra.yaml`, line: 10, column: 31 });
    expect(errors[0]!.message).toBe(
      'Segment `test-segment`: `test-note` is a text field; `atLeast` does not apply to it. Use `equals`, `notEquals`, `in`, `notIn`, `matches` or `present`.',
    );
  });

  it('all four problems in one copy are each reported once', () => {
    const dir = copyExampleMap();
    breakLine(dir, 'metrics.yaml', /^\s+name: /, (l) => l.replace('name: ', 'name: "unclosed '));
    breakLine(dir, 'handoffs.yaml', /^\s+sla: /, (l) => l.replace('sla:', 'slaa:'));
    breakLine(dir, 'cadences.yaml', /^\s+owner: /, (l) => l.replace(/owner: \S+/, 'owner: nobody-team'));
    const { code, report } = lintJson(dir);
    expect(code).toBe(1);
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.file.slice(dir.length + 1)}`)).toEqual([
      'ref/unresolved cadences.yaml',
      'schema/unknown-key handoffs.yaml',
      'yaml/syntax metrics.yaml',
    ]);
  });
});

describe('output, options and exit codes', () => {
  const clean = () => makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n' });

  it('stylish shows file:line:column, the message, the rule, a code frame and a summary', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    ownr: x\n' });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${dir}/teams.yaml:4:5  error  Team \`sales\`: unknown key \`ownr\`. Allowed keys: id, name, description, function, parent, lead, headcount, businessHours, github, contacts, roles.  schema/unknown-key`,
    );
    expect(r.stdout).toContain('  > 4 |     ownr: x\n      |     ^^^^');
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings) in 2 files');
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colour
    // the run is partial (Team `sales` was left out of the lint rules), and stdout says so
    expect(r.stdout).toContain('not linted: Team `sales`');
    expect(r.stderr).toBe('');
  });

  it('colour only when forced, never with NO_COLOR', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    ownr: x\n' });
    expect(runCli(['lint', dir, '--color']).stdout).toContain('\u001b[31m');
    expect(runCli(['lint', dir], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toContain('\u001b[31m');
    expect(runCli(['lint', dir], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('json carries every Diagnostic field', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    ownr: x\n' });
    const { report } = lintJson(dir);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, infos: 0 });
    expect(report.diagnostics[0]).toEqual({
      ruleId: 'schema/unknown-key',
      severity: 'error',
      message:
        'Team `sales`: unknown key `ownr`. Allowed keys: id, name, description, function, parent, lead, headcount, businessHours, github, contacts, roles.',
      file: `${dir}/teams.yaml`,
      line: 4,
      column: 5,
      endLine: 4,
      endColumn: 9,
      path: ['teams', 0, 'ownr'],
      docsUrl: 'https://github.com/gtmap/gtmap/blob/main/docs/rules/schema-unknown-key.md',
    });
  });

  it('--fail-on and --max-warnings decide the exit code for warnings', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\r\n  - id: sales\r\n    name: Sales\r\n' });
    expect(runCli(['lint', dir]).code).toBe(0);
    expect(runCli(['lint', dir, '--fail-on', 'warn']).code).toBe(1);
    expect(runCli(['lint', dir, '--max-warnings', '0']).code).toBe(1);
    expect(runCli(['lint', dir, '--max-warnings', '1']).code).toBe(0);
    const r = runCli(['lint', dir, '--fail-on', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /option '--fail-on <severity>' argument 'sometimes' is invalid\. Allowed choices are error, warn, info, never\./,
    );
  });

  it('a clean map exits 0 with a one-line summary', () => {
    const r = runCli(['lint', clean()]);
    expect(r).toEqual({ code: 0, stdout: '✔ no problems in 2 files\n', stderr: '' });
  });

  it('--version and --help', () => {
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: gtmap \[options\] \[command\]/);
    expect(help.stdout).toMatch(/lint \[options\] \[folder\]/);
    const lintHelp = runCli(['lint', '--help']);
    expect(lintHelp.stdout).toMatch(/--fail-on <severity>/);
  });

  it("help <command> prints that command's help; an unknown one is a usage error with a suggestion", () => {
    const lint = runCli(['help', 'lint']);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/^Usage: gtmap lint \[options\] \[folder\]/);
    expect(runCli(['help']).stdout).toMatch(/^Usage: gtmap \[options\] \[command\]/);
    const typo = runCli(['help', 'lnt']);
    expect(typo).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^gtmap: help: unknown command `lnt`\. Did you mean `lint`\? Commands: init, lint, /),
    });
    // regression: `help diff` printed the general help and exited 0 before diff existed
    expect(runCli(['help', 'diff']).stdout).toMatch(/^Usage: gtmap diff \[options\] \[folder\]/);
    const unknown = runCli(['help', 'forecast']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^gtmap: help: unknown command `forecast`\. Commands: /);
  });

  it('--rule with a misspelt rule id suggests the closest one', () => {
    const r = runCli(['lint', clean(), '--rule', 'handof/has-owner=off']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gtmap: --rule: unknown rule `handof/has-owner`. Did you mean `handoff/has-owner`? `gtmap rules` lists every rule.\n',
    });
  });

  it('a map of only gtmap.yaml says there was nothing to check and how to start', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✔ no problems in 1 file\n');
    expect(r.stderr).toBe(
      `gtmap: note: ${dir} holds only gtmap.yaml, so there was nothing to check. Add files with sections (teams.yaml, pipelines.yaml, ...), or run \`gtmap init ${dir} --force\` for a starter map (it rewrites gtmap.yaml).\n`,
    );
  });

  it('a version written as a number is an error that says to quote it, as written', () => {
    const dir = makeMap({ 'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: X\nversion: 2026.10\n' });
    const r = runCli(['lint', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const [d] = JSON.parse(r.stdout).diagnostics;
    expect(d).toMatchObject({ ruleId: 'schema/type', line: 3, column: 10 });
    expect(d.message).toContain('Quote it so YAML reads it as text: `version: "2026.10"`.');
  });

  it('an unknown command or option says what to do and exits 2', () => {
    const cmd = runCli(['lnt']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toBe("gtmap: unknown command 'lnt'\n(Did you mean lint?)\n(run `gtmap --help` for usage)\n");
    const opt = runCli(['lint', '--formt', 'json']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/^gtmap: unknown option '--formt'\n\(Did you mean --format\?\)/);
    const fmt = runCli(['lint', clean(), '--format', 'xml']);
    expect(fmt).toEqual({ code: 2, stdout: '', stderr: 'gtmap: unknown format `xml`. Use one of: ' + fmt.stderr.split('Use one of: ')[1] });
  });

  it('a missing folder is one clear line and exit 2; --debug adds the stack', () => {
    const r = runCli(['lint', '/no/such/map']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'gtmap: /no/such/map: no such folder. Pass the folder that holds gtmap.yaml (default: map/), or run `gtmap init` to create a starter map there.\n',
    });
    const d = runCli(['lint', '/no/such/map', '--debug']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/LoadError: .*no such folder[\s\S]*\n\s+at /);
  });

  it('a folder without gtmap.yaml is exit 2 with the fix', () => {
    const dir = makeMap({ 'teams.yaml': 'teams: []\n' });
    const r = runCli(['lint', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `gtmap: ${dir}: no gtmap.yaml found. A map folder starts with gtmap.yaml holding \`apiVersion: gtmap/v1\` and \`company\`; \`gtmap init <folder>\` writes one with a starter map.\n`,
    );
  });

  it('several outputs in one run: stylish to stdout and json to a file', () => {
    const dir = makeMap({ 'gtmap.yaml': HEADER, 'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    ownr: x\n' });
    const out = join(dir, 'reports', 'lint.json');
    const r = runCli(['lint', dir, '--format', 'stylish', '--format', `json:${out}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('schema/unknown-key');
    expect((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).diagnostics[0]!.ruleId).toBe('schema/unknown-key');
    expect(runCli(['lint', dir, '--format', 'json', '--format', 'stylish']).stderr).toMatch(/only one --format can go to stdout/);
  });
});

describe('a reader that stops early', () => {
  it('closing the pipe (`| head -1`) ends the output quietly: no EPIPE stack trace', () => {
    // 1,500 ownerless handoffs: far more output than a pipe holds (64 KiB), so gtmap is still writing when head exits
    const handoff = (i: number): string =>
      `  - id: h-${i}\n    name: Handoff ${i}\n    from: sdr\n    to: sales\n    trigger:\n      text: The meeting was held.\n      check: { field: meeting-held-at, present: true }\n    acceptance:\n      - text: Held in the last 5 days.\n        check: { field: meeting-held-at, within: 5d }\n    sla: 1bd\n    onReject: { returnTo: sdr, owes: A reason from the picklist., within: 2bd }\n`;
    const big = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': [
        'teams:',
        '  - { id: sdr, name: SDR, function: sales-development }',
        '  - { id: sales, name: Sales, function: sales }',
        'fields:',
        '  - { id: meeting-held-at, name: Meeting held at, object: opportunity, type: datetime, owner: sales, description: When it was held. }',
        '',
      ].join('\n'),
      'handoffs.yaml': `handoffs:\n${Array.from({ length: 1500 }, (_, i) => handoff(i)).join('')}`,
    });
    expect(runCli(['lint', big, '--format', 'json']).stdout.length).toBeGreaterThan(256 * 1024);
    for (const args of [
      ['lint', big],
      ['lint', big, '--format', 'json'],
      ['lint', big, '--format', 'sarif'],
    ]) {
      // `head -c 1` closes the pipe after one byte, long before gtmap has written everything
      const r = spawnSync('sh', ['-c', '"$0" "$@" | head -c 1 >/dev/null', process.execPath, BIN, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(r.stderr, args.join(' ')).toBe('');
    }
  }, 180_000);
});

describe('start-up from the bundle', () => {
  it('compiles each chunk from its code cache, and without one when V8 rejects it (other flags), with the same result', () => {
    const cached = runCli(['lint', 'map', '--format', 'json'], { env: { GTMAP_DEBUG: 'code-cache' } });
    expect(cached.stderr).toMatch(/^gtmap debug: code cache: gtmap\.cjs from cache, core-[\w-]+\.cjs from cache/m);
    // a V8 flag the caches were not made with: V8 refuses them, and the chunks compile from source
    const rejected = runCli(['lint', 'map', '--format', 'json'], {
      env: { GTMAP_DEBUG: 'code-cache', NODE_OPTIONS: '--max-old-space-size=512' },
    });
    expect(rejected.stderr).toMatch(/^gtmap debug: code cache: gtmap\.cjs cache rejected, core-[\w-]+\.cjs cache rejected/m);
    expect(rejected.code).toBe(cached.code);
    expect(rejected.stdout).toBe(cached.stdout);
    // the modules themselves, as after `tsc` alone, give the same report too
    const modules = runCli(['lint', 'map', '--format', 'json'], { env: { GTMAP_DEBUG: 'code-cache', GTMAP_NO_BUNDLE: '1' } });
    expect(modules.stderr).not.toMatch(/code cache/);
    expect(modules.stdout).toBe(cached.stdout);
  });
});
