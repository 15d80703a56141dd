// gtmap as a user gets it: `npm pack`, then `npm install <tarball>` into an empty project
// outside this repository, then init, lint, build and explain through `npx --no-install`, as
// processes. One install per run (it fetches the runtime dependencies from the registry), shared
// by every assertion. `npm test` builds dist/ first; the pack skips `prepare` so it does not
// rebuild dist/ under the other tests' feet.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_URL } from '../src/diagnostic.js';
import { ROOT, tempDir } from './helpers.js';

const INSTALL_TIMEOUT = 600_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[], cwd: string, timeout = 120_000, extra: NodeJS.ProcessEnv = {}): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  delete env.FORCE_COLOR;
  // the project's npx must not see this repository's package.json or node_modules/.bin through npm's own variables
  for (const k of Object.keys(env)) if (k.startsWith('npm_package_') || k === 'npm_config_local_prefix' || k === 'INIT_CWD') delete env[k];
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let work = '';
let project = '';
let tarball = '';
let packed: string[] = [];
let install: Run;

const gtmap = (...args: string[]): Run => sh('npx', ['--no-install', 'gtmap', ...args], project);

beforeAll(() => {
  work = tempDir('gtmap-pack-');
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0]!.filename);
  packed = info[0]!.files.map((f) => f.path);
  project = join(work, 'acme-revops');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "acme-revops", "private": true }\n');
  install = sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--loglevel=error', tarball], project, INSTALL_TIMEOUT);
}, INSTALL_TIMEOUT);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed into an empty project', () => {
  it('ships what the commands need at run time and nothing more', () => {
    for (const f of [
      'bin/gtmap.js',
      'bin/package.json',
      'dist/cli/main.js',
      'dist/bundle/gtmap.cjs',
      'dist/index.d.ts',
      'schema/gtmap.schema.json',
      'schema/map.schema.json',
      'templates/layout.hbs',
      'templates/init/starter/gtmap.yaml',
      'templates/init/ci/github.yml',
      'templates/init/ci/gitlab-ci.yml',
      'docs/rules/README.md',
      'docs/rules/handoff-has-owner.md',
      'map/gtmap.yaml',
      'map/pipelines/new-business.yaml',
    ])
      expect(packed, f).toContain(f);
    const outside = packed.filter((f) => !/^(bin|dist|schema|templates|docs\/rules|map)\/|^(package\.json|README\.md|LICENSE)$/.test(f));
    expect(outside).toEqual([]);
    expect(packed.filter((f) => /^(src|test|bench|scripts)\/|^docs\/rules\/_src\//.test(f))).toEqual([]);
  });

  it('links rule documentation to the repository named in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
    expect(pkg.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
  });

  it('installs with npm and runs with npx --no-install', () => {
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(gtmap('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('starts from the bundle, compiled from the code caches it ships', () => {
    // the installed bin runs the CommonJS chunks of dist/bundle/ with each chunk's V8 code cache
    const r = sh('node', [join(project, 'node_modules', 'gtmap', 'bin', 'gtmap.js'), 'rules', '--format', 'json'], project, 120_000, {
      GTMAP_DEBUG: 'code-cache',
    });
    expect(r.code).toBe(0);
    const chunks = /^gtmap debug: code cache: (.*)$/m.exec(r.stderr)?.[1]?.split(', ') ?? [];
    expect(chunks).toContain('gtmap.cjs from cache');
    expect(
      chunks.some((c) => /^core-[\w-]+\.cjs from cache$/.test(c)),
      r.stderr,
    ).toBe(true);
  });

  it('parses in its worker thread from the bundle, with the worker file it ships', () => {
    // the bundle starts dist/load/parse-worker.cjs by a path worked out from its own location
    const bin = join(project, 'node_modules', 'gtmap', 'bin', 'gtmap.js');
    const map = join(project, 'node_modules', 'gtmap', 'map');
    const one = sh('node', [bin, 'lint', map, '--format', 'json'], project, 120_000, { GTMAP_WORKERS: '0' });
    const two = sh('node', [bin, 'lint', map, '--format', 'json'], project, 120_000, { GTMAP_WORKERS: 'only', GTMAP_DEBUG: 'timing' });
    expect(two.stderr).toMatch(/a parse worker read (\d+) of \1 files/);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
  });

  it('without a map, lint says how to start', () => {
    const r = gtmap('lint');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'gtmap: map: no such folder. Pass the folder that holds gtmap.yaml (default: map/), or run `gtmap init` to create a starter map there.\n',
    );
  });

  it('init --ci github, then lint, build and explain', () => {
    const init = gtmap('init', '--ci', 'github', '--company', 'Acme Corp');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(existsSync(join(project, '.github', 'workflows', 'gtmap.yml'))).toBe(true);
    // the modelines point at the schemas the install put there
    const modeline = readFileSync(join(project, 'map', 'gtmap.yaml'), 'utf8').split('\n')[0]!;
    expect(modeline).toBe('# yaml-language-server: $schema=../node_modules/gtmap/schema/gtmap.schema.json');
    expect(existsSync(join(project, 'node_modules', 'gtmap', 'schema', 'gtmap.schema.json'))).toBe(true);

    const lint = gtmap('lint', 'map');
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/\(0 errors, \d+ warnings?\) in 18 files\n$/);

    const build = gtmap('build', 'map', '--out', 'site');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/^✔ built \d+ files/);
    expect(existsSync(join(project, 'site', 'index.html'))).toBe(true);
    // the site ships the page of each rule it shows a finding of
    expect(readdirSync(join(project, 'site', 'rules'))).toEqual(['demand-measurable-sla.html']);
    expect(readFileSync(join(project, 'site', 'ambiguities.html'), 'utf8')).toContain('<a href="rules/demand-measurable-sla.html">');

    const explain = gtmap('explain', 'handoff/has-owner');
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^# `handoff\/has-owner`\n/);
    // no link into src/, which the package does not ship
    expect(explain.stdout).not.toMatch(/\]\((\.\.\/)+src\//);
    expect(explain.stdout).toContain('(https://github.com/gtmap/gtmap/blob/main/src/lint/rules/handoff-has-owner.ts)');
  });

  it('the example map is in the package: init --example lints clean', () => {
    const r = gtmap('init', 'example', '--example');
    expect(r.code).toBe(0);
    expect(gtmap('lint', 'example')).toEqual({ code: 0, stdout: '✔ no problems in 19 files\n', stderr: '' });
  });
});
