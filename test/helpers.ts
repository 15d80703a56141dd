// Shared test helpers: run the real CLI as a process, and build throwaway map folders.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'gtmap.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'gtmap-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A map folder from file contents (strings or raw bytes). */
export function makeMap(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A copy of the bundled example map, to break on purpose. */
export function copyExampleMap(): string {
  const dir = tempDir('gtmap-map-');
  cpSync(join(ROOT, 'map'), dir, { recursive: true });
  return dir;
}

export const HEADER = 'apiVersion: gtmap/v1\ncompany: Test Co\n';

/** Built-in checks (YAML, schema, references, conditions), not lint rules: what the foundation tests are about. */
export function isCoreCheck(ruleId: string): boolean {
  return /^(yaml|schema|ref|condition)\//.test(ruleId);
}

/** Every file under a folder with its sha256, sorted: to show a site was left exactly as it was. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** What a finished site lacks: its marker, index.html, or a page or asset index.html links to. */
export function incompleteSite(site: string): string[] {
  const missing: string[] = [];
  for (const f of ['.gtmap-site', 'index.html']) if (!existsSync(join(site, f))) missing.push(f);
  if (missing.length) return missing;
  const index = readFileSync(join(site, 'index.html'), 'utf8');
  for (const m of index.matchAll(/(?:href|src)="([^"#?]+)[^"]*"/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue;
    if (!existsSync(join(site, decodeURIComponent(target)))) missing.push(target);
  }
  return missing;
}
