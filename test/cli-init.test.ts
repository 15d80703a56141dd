// `gtmap init` as a process, without a terminal (stdin is a pipe, so it asks nothing): the
// starter lints with zero errors under `starter` and every finding points at a TODO; the
// workflows it writes have the shape GitHub expects and their commands pass on the starter.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir, tree } from './helpers.js';

interface Json {
  diagnostics: { severity: string; ruleId: string; file: string; line: number; message: string }[];
}

function project(): string {
  const dir = tempDir('gtmap-init-');
  writeFileSync(join(dir, 'package.json'), '{ "name": "acme-revops", "private": true }\n');
  return dir;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** The commands a workflow runs through gtmap, run here with this build instead of npx. */
function runWorkflowCommands(
  commands: string[],
  cwd: string,
  env: Record<string, string>,
): { cmd: string; code: number | null; stderr: string }[] {
  return commands.map((cmd) => {
    const script = cmd.replaceAll('npx --no-install gtmap', `"${process.execPath}" "${BIN}"`);
    const r = spawnSync('sh', ['-c', script], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
    return { cmd, code: r.status, stderr: r.stderr };
  });
}

describe('gtmap init', () => {
  it('writes a starter map that lints with zero errors under starter, each finding at a TODO', () => {
    const dir = project();
    const r = runCli(['init', '--company', 'Acme Corp'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote a starter map for Acme Corp to map\/ \(18 files\)\.\n/);
    expect(r.stdout).toContain('npx --no-install gtmap lint map');
    const files = yamlFiles(join(dir, 'map'));
    expect(files).toHaveLength(18);
    const header = parse(readFileSync(join(dir, 'map', 'gtmap.yaml'), 'utf8'));
    expect(header).toMatchObject({ apiVersion: 'gtmap/v1', company: 'Acme Corp', lint: { extends: 'starter' } });
    // every section of the format is present
    const sections = new Set(files.flatMap((f) => Object.keys(parse(readFileSync(join(dir, 'map', f), 'utf8')) ?? {})));
    const format = JSON.parse(readFileSync(join(ROOT, 'schema', 'map.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    for (const s of Object.keys(format.properties)) expect(sections, s).toContain(s);

    const lint = runCli(['lint', 'map', '--format', 'json'], { cwd: dir });
    expect(lint.code).toBe(0);
    const { diagnostics } = JSON.parse(lint.stdout) as Json;
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      const line = readFileSync(join(dir, d.file), 'utf8').split('\n')[d.line - 1];
      expect(line, `${d.file}:${d.line} ${d.ruleId}`).toContain('TODO');
    }
    const build = runCli(['build', 'map', '--out', 'site'], { cwd: dir });
    expect(build.code).toBe(0);
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
  });

  it('--no-sdr writes a map without a sales development team that also lints with zero errors', () => {
    const dir = project();
    expect(runCli(['init', '--no-sdr'], { cwd: dir }).code).toBe(0);
    const teams = parse(readFileSync(join(dir, 'map', 'teams.yaml'), 'utf8')).teams as { id: string }[];
    expect(teams.map((t) => t.id)).not.toContain('sales-development');
    // the company defaults to the project folder's name
    expect(parse(readFileSync(join(dir, 'map', 'gtmap.yaml'), 'utf8')).company).toMatch(/^Gtmap Init /);
    const lint = runCli(['lint', 'map', '--format', 'json'], { cwd: dir });
    expect(lint.code).toBe(0);
    expect((JSON.parse(lint.stdout) as Json).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a company name with YAML syntax in it is written as text', () => {
    const dir = project();
    const name = 'Acme: "Ops" #1 & [Co]';
    expect(runCli(['init', '--company', name], { cwd: dir }).code).toBe(0);
    expect(parse(readFileSync(join(dir, 'map', 'gtmap.yaml'), 'utf8')).company).toBe(name);
    expect(runCli(['lint', 'map'], { cwd: dir }).code).toBe(0);
  });

  it('modelines resolve from the project to node_modules/gtmap/schema/, in nested folders too', () => {
    const dir = project();
    expect(runCli(['init', 'docs/gtm', '--example'], { cwd: dir }).code).toBe(0);
    const files = yamlFiles(join(dir, 'docs', 'gtm'));
    expect(files).toContain('pipelines/new-business.yaml');
    for (const f of files) {
      const first = readFileSync(join(dir, 'docs', 'gtm', f), 'utf8').split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, f).not.toBeNull();
      const target = resolve(dirname(join(dir, 'docs', 'gtm', f)), m![1]!);
      const name = f === 'gtmap.yaml' ? 'gtmap.schema.json' : 'map.schema.json';
      expect(target, f).toBe(join(dir, 'node_modules', 'gtmap', 'schema', name));
    }
    // the example map is the repository's, and lints clean
    expect(runCli(['lint', 'docs/gtm'], { cwd: dir })).toMatchObject({ code: 0, stdout: '✔ no problems in 19 files\n' });
  });

  it('--vscode maps the schemas in .vscode/settings.json', () => {
    const dir = project();
    expect(runCli(['init', '--vscode'], { cwd: dir }).code).toBe(0);
    const settings = JSON.parse(readFileSync(join(dir, '.vscode', 'settings.json'), 'utf8'));
    expect(settings).toEqual({
      'yaml.schemas': {
        './node_modules/gtmap/schema/gtmap.schema.json': ['map/gtmap.yaml'],
        './node_modules/gtmap/schema/map.schema.json': ['map/**/*.yaml', '!map/gtmap.yaml'],
      },
    });
  });

  it('refuses to overwrite anything without --force, and writes nothing', () => {
    const dir = project();
    expect(runCli(['init'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'map', 'teams.yaml'), 'teams: []\n');
    const before = tree(dir);
    const again = runCli(['init', '--ci', 'github'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      /^gtmap: init: nothing was written, because these exist already: map\/cadences\.yaml, .*Pick another folder, or pass --force to overwrite them\.\n$/,
    );
    expect(tree(dir)).toEqual(before);
    expect(existsSync(join(dir, '.github'))).toBe(false);
    // a folder that holds other YAML is not mixed into
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'mine.yaml'), 'teams: []\n');
    expect(runCli(['init', 'other'], { cwd: dir }).stderr).toContain('other/ (already holds 1 other YAML file)');
    const forced = runCli(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'map', 'teams.yaml'), 'utf8')).toContain('id: revops');
  });

  it('a folder outside the project, or an unknown CI provider, is a usage error', () => {
    const dir = project();
    expect(runCli(['init', '../elsewhere'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^gtmap: init: the map folder must be inside the project/),
    });
    expect(runCli(['init', '--ci', 'jenkins'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("argument 'jenkins' is invalid. Allowed choices are github, gitlab, none."),
    });
    expect(readdirSync(dir)).toEqual(['package.json']);
  });

  it('--ci github writes a workflow valid against the GitHub workflow schema, whose gtmap steps pass on the starter', () => {
    const dir = project();
    const r = runCli(['init', '--ci', 'github'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('and .github/workflows/gtmap.yml.');
    const text = readFileSync(join(dir, '.github', 'workflows', 'gtmap.yml'), 'utf8');
    const workflow = parse(text);
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'ci', 'github-workflow.schema.json'), 'utf8')));
    expect(validate(workflow), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(workflow.on)).toContain('pull_request');
    const steps = workflow.jobs.map.steps as { run?: string; uses?: string; if?: string }[];
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'github/codeql-action/upload-sarif@v3',
      'actions/upload-artifact@v4',
    ]);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action'))?.if).toBe("${{ !cancelled() && hashFiles('gtmap.sarif') != '' }}");
    const runs = steps.map((s) => s.run).filter((s): s is string => !!s);
    // nothing is ever fetched by package name
    for (const cmd of runs) expect(cmd).toMatch(/^npm ci$|^npx --no-install gtmap /);
    const gtmapRuns = runs.filter((c) => c.startsWith('npx'));
    expect(gtmapRuns).toHaveLength(2);
    const summary = join(dir, 'summary.md');
    for (const res of runWorkflowCommands(gtmapRuns, dir, { GITHUB_STEP_SUMMARY: summary }))
      expect(res, res.cmd).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'gtmap.sarif'), 'utf8')).runs[0].results.length).toBeGreaterThan(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/^### .*gtmap/);
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
  });

  it('--ci gitlab writes a pipeline with a Code Quality report, whose gtmap commands pass on the starter', () => {
    const dir = project();
    expect(runCli(['init', '--ci', 'gitlab'], { cwd: dir }).code).toBe(0);
    const pipeline = parse(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'));
    const job = pipeline.gtmap;
    expect(job.artifacts.reports).toEqual({ codequality: 'gl-code-quality-report.json', junit: 'gtmap-junit.xml' });
    const script = job.script as string[];
    for (const cmd of script) expect(cmd).toMatch(/^npm ci |^npx --no-install gtmap /);
    for (const res of runWorkflowCommands(
      script.filter((c) => c.startsWith('npx')),
      dir,
      {},
    ))
      expect(res, res.cmd).toMatchObject({ code: 0 });
    const report = JSON.parse(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8')) as { check_name: string; severity: string }[];
    expect(report.length).toBeGreaterThan(0);
    expect(report.every((i) => i.severity !== 'major')).toBe(true);
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
  });

  // a pseudo-terminal, driven by test/fixtures/init/pty-drive.py (Python's pty module): each
  // answer is sent once its prompt is on the screen
  const python = spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0;
  const drive = (dir: string, steps: [string, string][]) =>
    spawnSync('python3', [join(ROOT, 'test', 'fixtures', 'init', 'pty-drive.py'), JSON.stringify(steps), process.execPath, BIN, 'init'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it.skipIf(!python)('in a terminal it asks for the company and the choices that shape the starter', () => {
    const dir = project();
    const r = drive(dir, [
      ['Company name', 'Acme Pty\r'],
      ['What should map/ hold', '\r'], // the starter
      ['sales development team', '\u001b[C\r'], // right arrow: No
      ['CI workflow', '\u001b[B\r'], // down arrow: GitLab CI
      ['settings.json', '\r'], // No
    ]);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('Wrote a starter map for Acme Pty to map/ (18 files), and .gitlab-ci.yml.');
    expect(parse(readFileSync(join(dir, 'map', 'gtmap.yaml'), 'utf8')).company).toBe('Acme Pty');
    expect(readFileSync(join(dir, 'map', 'teams.yaml'), 'utf8')).not.toContain('sales-development');
    expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(true);
    expect(existsSync(join(dir, '.vscode'))).toBe(false);
  });

  it.skipIf(!python)('Ctrl+C at a prompt cancels and writes nothing', () => {
    const dir = project();
    const r = drive(dir, [['Company name', '\u0003']]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('init cancelled; nothing was written.');
    expect(readdirSync(dir)).toEqual(['package.json']);
  });
});
