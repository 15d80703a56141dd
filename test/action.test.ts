// action.yml, the composite GitHub Action: valid against SchemaStore's action schema (vendored in
// test/fixtures/ci/), fetches nothing by package name, and its gtmap steps, run here as the
// runner would run them (GITHUB_ACTION_PATH is this repository), pass on a starter map.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};

/** A step's env with `${{ inputs.x }}` replaced by the input's value. */
function envOf(step: Step, inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_, name: string) => inputs[name]!),
    ]),
  );
}

describe('action.yml', () => {
  it('is a composite action valid against the GitHub action schema', () => {
    const validate = new Ajv.default({ strict: false, allErrors: true }).compile(
      JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'ci', 'github-action.schema.json'), 'utf8')),
    );
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['map', 'fail-on', 'build-site']));
  });

  it('fetches nothing by package name and passes inputs through env, not into the script', () => {
    for (const step of action.runs.steps) {
      if (!step.run) continue;
      expect(step.run).not.toMatch(/\bnpx\b(?! --no-install)|npm (i|install|exec)\b/);
      expect(step.run, 'inputs interpolated into a shell script can inject commands').not.toContain('${{');
    }
    expect(action.runs.steps.find((s) => s.run?.startsWith('npm ci'))?.['working-directory']).toBe('${{ github.action_path }}');
  });

  it('its lint and build steps pass on the starter map with the default inputs', () => {
    const project = tempDir('gtmap-action-');
    expect(runCli(['init'], { cwd: project }).code).toBe(0);
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
    const summary = join(project, 'summary.md');
    writeFileSync(summary, '');
    const steps = action.runs.steps.filter((s) => s.run?.includes('bin/gtmap.js'));
    expect(steps.map((s) => s.name)).toEqual(['Lint the map', 'Build the site']);
    for (const step of steps) {
      const env = { ...process.env, NO_COLOR: '1', GITHUB_ACTION_PATH: ROOT, GITHUB_STEP_SUMMARY: summary, ...envOf(step, inputs) };
      const r = spawnSync('bash', ['-c', step.run!], { cwd: project, env, encoding: 'utf8' });
      expect(r.status, `${step.name}: ${r.stderr}`).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(project, 'gtmap.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(summary, 'utf8')).toMatch(/^### .*gtmap/);
    expect(existsSync(join(project, 'site', 'index.html'))).toBe(true);
  });

  it('fail-on warn fails the lint step on the starter map, whose findings are warnings', () => {
    const project = tempDir('gtmap-action-');
    expect(runCli(['init'], { cwd: project }).code).toBe(0);
    const lint = action.runs.steps.find((s) => s.name === 'Lint the map')!;
    const env = {
      ...process.env,
      NO_COLOR: '1',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_STEP_SUMMARY: join(project, 'summary.md'),
      ...envOf(lint, { map: 'map', 'fail-on': 'warn', 'sarif-file': 'out.sarif' }),
    };
    const r = spawnSync('bash', ['-c', lint.run!], { cwd: project, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=map\/demand\.yaml,line=9,/m);
  });
});
