// The broken-input corpus (test/corpus/generate.mjs) through the real CLI: every case ends within
// 10 s with the expected exit code, a located message and no stack trace; `build` on a subset
// writes no site. One test per case, so a failure names the input that broke gtmap.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BIN, HEADER, incompleteSite, tempDir, tree } from './helpers.js';
// @ts-expect-error plain ESM script without type declarations
import { cases as corpus, writeCase } from './corpus/generate.mjs';

interface Located {
  file: string;
  line?: number | [number, number];
  column?: number;
  severity?: 'error' | 'warn' | 'info';
  message: RegExp;
}

interface Case {
  id: string;
  about: string;
  write: (dir: string) => void;
  expect: {
    codes: number[];
    at?: Located;
    also?: Located[];
    path?: { entry: string; message: RegExp };
    info?: string[];
    noRawControl?: boolean;
  };
  build?: 'fresh' | 'existing' | { where: 'fresh' | 'existing'; codes: number[] };
  /** Big input: run alone. */
  heavy?: boolean;
}

const cases = corpus as Case[];

const LINT_LIMIT_MS = 10_000;
const BUILD_LIMIT_MS = 20_000;
/** More output than this is a failure in itself (a report no one can read, or a runaway loop). */
const OUTPUT_CAP = 64 * 1024 * 1024;
const CONCURRENCY = Number(process.env.CORPUS_CONCURRENCY ?? 2);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  capped: boolean;
}

function run(args: string[], cwd: string, limitMs: number): Promise<Run> {
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let capped = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    const take = (into: Buffer[]) => (b: Buffer) => {
      if (capped) return;
      size += b.length;
      if (size > OUTPUT_CAP) {
        capped = true;
        child.kill('SIGKILL');
        return;
      }
      into.push(b);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Math.round(performance.now() - t0),
        timedOut,
        capped,
      });
    });
  });
}

/**
 * At most `n` CLI processes at a time (the machine has two cores shared with others); a heavy
 * case takes every slot, so its time limit measures gtmap and not its neighbours.
 */
function limiter(n: number): <T>(job: () => Promise<T>, weight?: number) => Promise<T> {
  let used = 0;
  const waiting: { weight: number; go: () => void }[] = [];
  const next = (): void => {
    while (waiting.length && used + Math.min(n, waiting[0]!.weight) <= n) {
      const w = waiting.shift()!;
      used += Math.min(n, w.weight);
      w.go();
    }
  };
  return async (job, weight = 1) => {
    await new Promise<void>((go) => {
      waiting.push({ weight, go });
      next();
    });
    try {
      return await job();
    } finally {
      used -= Math.min(n, weight);
      next();
    }
  };
}
const limit = limiter(CONCURRENCY);

interface Finding {
  raw: string;
  file: string;
  line: number;
  column: number;
  severity: string | undefined;
}

/** Every `file:line:column` the run printed: stylish finding lines, and one-line failures on stderr. */
function findings(r: Run): Finding[] {
  const out: Finding[] = [];
  for (const raw of `${r.stdout}\n${r.stderr}`.split('\n')) {
    const m = /^\s*(?:gtmap: )?(\S+?):(-?\d+):(-?\d+)\b:?\s*(error|warn|info)?/.exec(raw);
    if (m) out.push({ raw, file: m[1]!, line: Number(m[2]), column: Number(m[3]), severity: m[4] });
  }
  return out;
}

function show(r: Run, lines = 12): string {
  const text = `${r.stdout}${r.stderr ? `\n[stderr]\n${r.stderr}` : ''}`;
  const all = text.split('\n');
  const head = all.slice(0, lines).map((l) => (l.length > 300 ? `${l.slice(0, 300)}… (${l.length} chars)` : l));
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''} in ${r.ms} ms${r.timedOut ? ' TIMED OUT' : ''}${r.capped ? ' OUTPUT CAPPED' : ''}\n${head.join('\n')}${all.length > lines ? `\n… (${all.length - lines} more lines)` : ''}`;
}

function matchesLocated(f: Finding, want: Located): boolean {
  if (f.file !== `map/${want.file}` && !f.file.endsWith(`/map/${want.file}`)) return false;
  if (typeof want.line === 'number' && f.line !== want.line) return false;
  if (Array.isArray(want.line) && (f.line < want.line[0] || f.line > want.line[1])) return false;
  if (want.column !== undefined && f.column !== want.column) return false;
  // a one-line failure on stderr (exit 2) carries no severity word; it is an error
  if (want.severity && (f.severity ?? 'error') !== want.severity) return false;
  return want.message.test(f.raw);
}

function describeLocated(want: Located): string {
  const line = want.line === undefined ? '*' : Array.isArray(want.line) ? `${want.line[0]}-${want.line[1]}` : String(want.line);
  return `map/${want.file}:${line}:${want.column ?? '*'} ${want.severity ?? ''} ${want.message}`;
}

/** A process that ended by itself, in time, without a crash or a stack trace. */
function assertClean(r: Run, what: string, expect: (v: unknown, msg?: string) => any): void {
  expect(r.timedOut, `${what} did not finish within its time limit\n${show(r)}`).toBe(false);
  expect(r.capped, `${what} printed more than ${OUTPUT_CAP / 1048576} MiB\n${show(r)}`).toBe(false);
  expect(r.signal, `${what} was killed by a signal\n${show(r)}`).toBe(null);
  const all = `${r.stdout}\n${r.stderr}`;
  expect(/^ {4}at /m.test(all), `${what} printed a stack trace\n${show(r, 30)}`).toBe(false);
  expect(all.includes('node:internal'), `${what} printed node:internal\n${show(r, 30)}`).toBe(false);
  expect(/internal error|This is a bug in gtmap/.test(r.stderr), `${what} reported an internal error\n${show(r)}`).toBe(false);
}

interface Row {
  id: string;
  lint?: string;
  build?: string;
  ok: boolean;
  first?: string;
}

const root = tempDir('gtmap-corpus-');
const goodSite = join(root, 'good-site');
const rows = new Map<string, Row>();

beforeAll(async () => {
  // a previous good build, copied under the cases that build over an existing site
  const good = join(root, 'good-map');
  mkdirSync(good);
  writeFileSync(join(good, 'gtmap.yaml'), HEADER);
  writeFileSync(join(good, 'teams.yaml'), 'teams:\n  - id: sales\n    name: Sales\n');
  const r = await run(['build', good, '--out', goodSite], root, 60_000);
  if (r.code !== 0) throw new Error(`cannot build the known-good site the build cases start from:\n${show(r)}`);
}, 90_000);

afterAll(() => {
  const list = cases.map((c) => rows.get(c.id)).filter((r): r is Row => r !== undefined);
  const table = list
    .map((r) => `${r.ok ? 'pass' : 'FAIL'}  ${r.id.padEnd(42)} lint ${r.lint ?? '-'}${r.build ? `  build ${r.build}` : ''}`)
    .join('\n');
  process.stdout.write(`\ncorpus: ${list.filter((r) => r.ok).length}/${list.length} cases pass\n${table}\n`);
  if (process.env.CORPUS_REPORT) writeFileSync(process.env.CORPUS_REPORT, `${JSON.stringify(list, null, 2)}\n`);
  if (process.env.KEEP_CORPUS) process.stdout.write(`corpus folders kept in ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
});

describe.concurrent('broken-input corpus: gtmap lint and build fail cleanly', () => {
  for (const c of cases) {
    it(`${c.id}: ${c.about}`, async ({ expect }) => {
      const row: Row = { id: c.id, ok: false };
      rows.set(c.id, row);
      const caseDir = join(root, c.id);
      const mapDir = join(caseDir, 'map');
      const weight = c.heavy ? CONCURRENCY : 1;
      // written inside the slot: writing 50 MB blocks this thread, and with it the timers of other runs
      const r = await limit(async () => {
        writeCase(c, mapDir);
        return run(['lint', 'map'], caseDir, LINT_LIMIT_MS);
      }, weight);
      row.lint = `exit ${r.timedOut ? 'timeout' : r.capped ? 'capped' : r.code} ${r.ms} ms`;
      row.first = show(r, 6);

      assertClean(r, 'gtmap lint', expect);
      expect(c.expect.codes, `gtmap lint exit code\n${show(r)}`).toContain(r.code);
      const found = findings(r);
      for (const f of found) {
        expect(f.line >= 1 && f.column >= 1, `a finding is not located at line >= 1, column >= 1: ${f.raw}`).toBe(true);
      }
      if (r.code === 1) {
        expect(
          found.some((f) => f.severity === 'error'),
          `exit 1 without a located error\n${show(r)}`,
        ).toBe(true);
      }
      for (const want of [...(c.expect.at ? [c.expect.at] : []), ...(c.expect.also ?? [])]) {
        expect(
          found.some((f) => matchesLocated(f, want)),
          `expected a finding ${describeLocated(want)}\n${show(r)}`,
        ).toBe(true);
      }
      for (const entry of c.expect.info ?? []) {
        const hit = found.some((f) => f.severity === 'info' && f.raw.includes(entry));
        expect(hit, `expected an info finding naming ${entry}\n${show(r)}`).toBe(true);
      }
      if (c.expect.path) {
        const want = c.expect.path;
        const path = want.entry ? `map/${want.entry}` : 'map';
        const named = r.stderr
          .split('\n')
          .some(
            (l) =>
              new RegExp(`(^|[\\s\`'"])${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([\\s:\`'",.]|$)`).test(l) && want.message.test(l),
          );
        expect(named, `expected a one-line message naming ${path} and matching ${want.message}\n${show(r)}`).toBe(true);
        expect(r.stderr.trim().split('\n').length, `a folder-level failure is one clear line\n${show(r)}`).toBe(1);
      }
      if (c.expect.noRawControl) {
        expect(
          /[\u0000-\u0008\u000b-\u001f\u007f]/.test(`${r.stdout}${r.stderr}`),
          `raw control characters from the map reached the terminal\n${show(r)}`,
        ).toBe(false);
      }

      if (c.build) {
        const where = typeof c.build === 'string' ? c.build : c.build.where;
        const codes = typeof c.build === 'string' ? [1, 2] : c.build.codes;
        const site = join(caseDir, 'site');
        if (where === 'existing') cpSync(goodSite, site, { recursive: true });
        const before = where === 'existing' ? tree(site) : undefined;
        const b = await limit(() => run(['build', 'map', '--out', 'site'], caseDir, BUILD_LIMIT_MS), weight);
        row.build = `exit ${b.timedOut ? 'timeout' : b.capped ? 'capped' : b.code} ${b.ms} ms`;
        if (b.code !== 1 || !row.first) row.first = `${row.first}\n[build] ${show(b, 6)}`;
        assertClean(b, 'gtmap build', expect);
        expect(codes, `gtmap build exit code\n${show(b)}`).toContain(b.code);
        if (b.code === 0) {
          expect(incompleteSite(site), `gtmap build exited 0 but the site is not complete\n${show(b)}`).toEqual([]);
        } else if (before) {
          expect(tree(site), `gtmap build changed the previous site\n${show(b)}`).toEqual(before);
        } else {
          expect(existsSync(site), `gtmap build wrote ${site}\n${show(b)}`).toBe(false);
        }
        const leftovers = readdirSync(caseDir).filter((n) => n.startsWith('.'));
        expect(leftovers, 'gtmap build left temporary folders beside the site').toEqual([]);
      }
      row.ok = true;
    }, 180_000);
  }
});
