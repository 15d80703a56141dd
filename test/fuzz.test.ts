// Property test: the example map, mutated at random (keys deleted, values of the wrong type,
// entities duplicated or moved, files truncated, control characters, indentation, encodings),
// never makes lint or build throw or hang, every finding is located, and a build never leaves a
// half-written site. `npm test` runs a few cases (FUZZ_RUNS, default 30); `npm run fuzz` many.
// A failure prints fast-check's seed and path: replay with FUZZ_SEED=<seed> FUZZ_PATH=<path>.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, incompleteSite, ROOT, tempDir, tree } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** Runs that also spawn `gtmap lint` and `gtmap build` as processes (slower, more faithful). */
const CLI_RUNS = Number(process.env.FUZZ_CLI_RUNS ?? Math.max(3, Math.round(RUNS / 10)));
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;
const CHECK_LIMIT_MS = 20_000;
const LINT_LIMIT_MS = 20_000;
const BUILD_LIMIT_MS = 60_000;

// --- the example map, as text, and the places in it a mutation can touch ---

const MAP = join(ROOT, 'map');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.name.endsWith('.yaml')) out.push(relative(MAP, p).split('\\').join('/'));
  }
  return out.sort();
}

const FILES = listFiles(MAP);
const ORIGINAL: Record<string, string> = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(MAP, f), 'utf8')]));
const SECTION_FILES = FILES.filter((f) => f !== 'gtmap.yaml');

/** Every id in the example map: values that are well-formed, but possibly of the wrong kind or duplicated. */
const IDS = [...new Set(Object.values(ORIGINAL).flatMap((t) => [...t.matchAll(/^\s*-?\s*id: ([a-z0-9-]+)$/gm)].map((m) => m[1]!)))].sort();

const VALUES: unknown[] = [
  42,
  -1,
  0,
  1.5,
  1e308,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  '',
  ' ',
  'x',
  null,
  true,
  false,
  [],
  {},
  [1, 'a', null],
  { id: 'x' },
  'TBD as needed',
  '__proto__',
  'constructor',
  'a'.repeat(5000),
  '${{ github.token }}',
  '<script>alert(1)</script>',
  '[click](javascript:alert(1))',
  'evil\u202etxt.exe',
  'tab\there',
  'line\nbreak',
  '{{> partial}}',
  '*alias',
  '&anchor',
  '- item',
  'key: value',
  'é漢字😀',
  '1970-01-01',
  '0x1F',
  '08',
  'yes',
  'off',
  '~',
];

const CHARS = [
  '\u0000',
  '\u001b',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u202e',
  '\ufeff',
  '\t',
  '\r',
  '\n',
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '!',
  '!!str ',
  '%',
  '@',
  '`',
  '"',
  "'",
  '#',
  '|',
  '>',
  '? ',
  ',',
  '\\',
  'é',
  '😀',
  '\ud800',
];

type Mutation =
  | { op: 'truncate'; file: string; at: number }
  | { op: 'insert'; file: string; at: number; text: string }
  | { op: 'indent'; file: string; line: number; by: number }
  | { op: 'tab-indent'; file: string; line: number }
  | { op: 'delete-line'; file: string; line: number }
  | { op: 'duplicate-line'; file: string; line: number }
  | { op: 'swap-lines'; file: string; line: number; other: number }
  | { op: 'raw-bytes'; file: string; at: number; bytes: number[] }
  | { op: 'crlf'; file: string }
  | { op: 'bom'; file: string }
  | { op: 'delete-key'; file: string; node: number }
  | { op: 'set-value'; file: string; node: number; value: number }
  | { op: 'set-id'; file: string; node: number; id: number }
  | { op: 'rename-key'; file: string; node: number; key: string }
  | { op: 'duplicate-entity'; file: string; node: number }
  | { op: 'move-entity'; file: string; node: number; to: string }
  | { op: 'empty-file'; file: string }
  | { op: 'delete-file'; file: string }
  | { op: 'rename-file'; file: string; to: string }
  | { op: 'copy-file'; file: string; to: string };

const file = fc.constantFrom(...FILES);
const sectionFile = fc.constantFrom(...SECTION_FILES);
const frac = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), file, at: frac }),
  fc.record({
    op: fc.constant('insert' as const),
    file,
    at: frac,
    text: fc.oneof(fc.constantFrom(...CHARS), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })),
  }),
  fc.record({ op: fc.constant('indent' as const), file, line: frac, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('tab-indent' as const), file, line: frac }),
  fc.record({ op: fc.constant('delete-line' as const), file, line: frac }),
  fc.record({ op: fc.constant('duplicate-line' as const), file, line: frac }),
  fc.record({ op: fc.constant('swap-lines' as const), file, line: frac, other: frac }),
  fc.record({
    op: fc.constant('raw-bytes' as const),
    file,
    at: frac,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ op: fc.constant('crlf' as const), file }),
  fc.record({ op: fc.constant('bom' as const), file }),
  fc.record({ op: fc.constant('delete-key' as const), file, node: fc.nat() }),
  fc.record({ op: fc.constant('set-value' as const), file, node: fc.nat(), value: fc.nat({ max: VALUES.length - 1 }) }),
  fc.record({ op: fc.constant('set-id' as const), file: sectionFile, node: fc.nat(), id: fc.nat({ max: IDS.length - 1 }) }),
  fc.record({
    op: fc.constant('rename-key' as const),
    file,
    node: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'id', 'name', 'owner', 'teams', '', 'x'.repeat(300), 'ownr', 'Name', '0'),
  }),
  fc.record({ op: fc.constant('duplicate-entity' as const), file: sectionFile, node: fc.nat() }),
  fc.record({
    op: fc.constant('move-entity' as const),
    file: sectionFile,
    node: fc.nat(),
    to: fc.constantFrom('teams', 'segments', 'routing', 'pipelines', 'handoffs', 'fields', 'metrics', 'cadences', 'initiatives'),
  }),
  fc.record({ op: fc.constant('empty-file' as const), file }),
  fc.record({ op: fc.constant('delete-file' as const), file: sectionFile }),
  fc.record({
    op: fc.constant('rename-file' as const),
    file: sectionFile,
    to: fc.constantFrom('renamed.yml', 'UPPER.YAML', 'deep/er/moved.yaml', 'notes.txt', '.hidden.yaml', 'with space.yaml'),
  }),
  fc.record({ op: fc.constant('copy-file' as const), file: sectionFile, to: fc.constantFrom('copy.yaml', 'pipelines/copy.yaml') }),
);

const mutations = fc.array(mutation, { minLength: 1, maxLength: 6 });

// --- applying a mutation: plain data in, files out, deterministic ---

type Files = Map<string, string | Buffer>;

const asText = (c: string | Buffer): string => (typeof c === 'string' ? c : c.toString('utf8'));
const index = (f: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(f * n)));

function editLines(text: string, edit: (lines: string[]) => void): string {
  const lines = text.split('\n');
  edit(lines);
  return lines.join('\n');
}

/** Paths to every node of a document (keys of mappings, items of lists), in document order. */
function nodePaths(doc: Document): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key !== 'string' && typeof key !== 'number') continue;
        out.push([...path, key]);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        out.push([...path, i]);
        walk(item, [...path, i]);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

/** Parses, edits and re-serialises a file; a file that no longer parses is left as it is. */
function editDoc(files: Files, name: string, edit: (doc: Document, paths: (string | number)[][]) => void): void {
  const content = files.get(name);
  if (content === undefined) return;
  const doc = parseDocument(asText(content), { uniqueKeys: false });
  if (doc.errors.length) return;
  const paths = nodePaths(doc);
  if (!paths.length) return;
  edit(doc, paths);
  files.set(name, doc.toString({ lineWidth: 0 }));
}

function apply(m: Mutation, files: Files): void {
  const content = files.get(m.file);
  if (content === undefined) return;
  const text = asText(content);
  switch (m.op) {
    case 'truncate':
      files.set(m.file, text.slice(0, index(m.at, text.length + 1)));
      return;
    case 'insert': {
      const at = index(m.at, text.length + 1);
      files.set(m.file, text.slice(0, at) + m.text + text.slice(at));
      return;
    }
    case 'indent':
      files.set(
        m.file,
        editLines(text, (ls) => {
          const i = index(m.line, ls.length);
          ls[i] = m.by >= 0 ? ' '.repeat(m.by) + ls[i] : ls[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '');
        }),
      );
      return;
    case 'tab-indent':
      files.set(
        m.file,
        editLines(text, (ls) => {
          const i = index(m.line, ls.length);
          ls[i] = ls[i]!.replace(/^ {1,2}/, '\t');
        }),
      );
      return;
    case 'delete-line':
      files.set(
        m.file,
        editLines(text, (ls) => void ls.splice(index(m.line, ls.length), 1)),
      );
      return;
    case 'duplicate-line':
      files.set(
        m.file,
        editLines(text, (ls) => {
          const i = index(m.line, ls.length);
          ls.splice(i, 0, ls[i]!);
        }),
      );
      return;
    case 'swap-lines':
      files.set(
        m.file,
        editLines(text, (ls) => {
          const i = index(m.line, ls.length);
          const j = index(m.other, ls.length);
          [ls[i], ls[j]] = [ls[j]!, ls[i]!];
        }),
      );
      return;
    case 'raw-bytes': {
      const buf = typeof content === 'string' ? Buffer.from(content) : content;
      const at = index(m.at, buf.length + 1);
      files.set(m.file, Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at)]));
      return;
    }
    case 'crlf':
      files.set(m.file, text.replace(/\r?\n/g, '\r\n'));
      return;
    case 'bom':
      files.set(m.file, `\ufeff${text}`);
      return;
    case 'delete-key':
      editDoc(files, m.file, (doc, paths) => {
        doc.deleteIn(paths[m.node % paths.length]!);
      });
      return;
    case 'set-value':
      editDoc(files, m.file, (doc, paths) => {
        doc.setIn(paths[m.node % paths.length]!, doc.createNode(VALUES[m.value]));
      });
      return;
    case 'set-id':
      editDoc(files, m.file, (doc, paths) => {
        const ids = paths.filter((p) => p[p.length - 1] === 'id' || typeof doc.getIn(p) === 'string');
        if (ids.length) doc.setIn(ids[m.node % ids.length]!, IDS[m.id]);
      });
      return;
    case 'rename-key':
      editDoc(files, m.file, (doc, paths) => {
        const keys = paths.filter((p) => typeof p[p.length - 1] === 'string');
        if (!keys.length) return;
        const path = keys[m.node % keys.length]!;
        const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
        if (!isMap(parent)) return;
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[path.length - 1]);
        if (pair && isScalar(pair.key)) pair.key.value = m.key;
      });
      return;
    case 'duplicate-entity':
      editDoc(files, m.file, (doc, paths) => {
        const items = paths.filter((p) => typeof p[p.length - 1] === 'number');
        if (!items.length) return;
        const path = items[m.node % items.length]!;
        const seq = doc.getIn(path.slice(0, -1), true);
        if (!isSeq(seq)) return;
        const i = path[path.length - 1] as number;
        seq.items.splice(i + 1, 0, doc.createNode(doc.getIn(path)) as Node);
      });
      return;
    case 'move-entity':
      editDoc(files, m.file, (doc, paths) => {
        const items = paths.filter((p) => p.length === 2 && typeof p[1] === 'number');
        if (!items.length) return;
        const path = items[m.node % items.length]!;
        const value = doc.getIn(path);
        doc.deleteIn(path);
        const target = doc.getIn([m.to], true);
        if (isSeq(target)) target.items.push(doc.createNode(value) as Node);
        else doc.setIn([m.to], doc.createNode([value]));
      });
      return;
    case 'empty-file':
      files.set(m.file, '');
      return;
    case 'delete-file':
      files.delete(m.file);
      return;
    case 'rename-file':
      files.delete(m.file);
      files.set(m.to, content);
      return;
    case 'copy-file':
      files.set(m.to, content);
      return;
  }
}

function mutate(ms: readonly Mutation[]): Files {
  const files: Files = new Map(Object.entries(ORIGINAL));
  for (const m of ms) apply(m, files);
  return files;
}

function writeMap(files: Files, dir: string): void {
  for (const [rel, content] of files) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

// --- the checks, in a worker thread so that a hang can be stopped ---

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const dist = ${JSON.stringify(pathToFileURL(join(ROOT, 'dist')).href)};
const ready = Promise.all([
  import(dist + '/check.js'),
  import(dist + '/cli/output.js'),
  import(dist + '/report/index.js'),
  import(dist + '/render/index.js'),
]);
// what stops \`gtmap build\`: errors that mean the map cannot be read as a model
const blocksBuild = (d) => d.severity === 'error' && /^(yaml|schema|ref|condition)\\//.test(d.ruleId);
parentPort.on('message', async ({ dir }) => {
  let mods;
  try {
    mods = await ready;
  } catch (err) {
    parentPort.postMessage({ kind: 'threw', stage: 'loading dist/ (run npm run build)', name: err && err.name, message: String(err && err.message), stack: String(err && err.stack), gtmap: false });
    return;
  }
  const [{ checkMap }, { ruleCatalogue }, { formatters }, { renderSite }] = mods;
  let stage = 'check';
  try {
    const result = checkMap(dir, undefined, dir);
    const diagnostics = result.diagnostics.map(({ ruleId, severity, message, file, line, column, endLine, endColumn }) => ({ ruleId, severity, message, file, line, column, endLine, endColumn }));
    const files = result.loaded.files.map((f) => ({ file: f.file, lineLengths: f.text.split('\\n').map((l) => l.length) }));
    const ctx = { sources: new Map(result.loaded.files.map((f) => [f.file, f.text])), color: false, rules: ruleCatalogue(), toolVersion: '0.0.0', files: result.loaded.files.map((f) => f.file), skipped: result.skipped };
    const reports = {};
    for (const [name, format] of Object.entries(formatters)) {
      stage = 'format ' + name;
      reports[name] = format(result.diagnostics, ctx).length;
    }
    stage = 'format json (parse)';
    JSON.parse(formatters.json(result.diagnostics, ctx));
    let pages;
    // render what gtmap build would render: no blocking error, nothing left out of the lint model
    if (!result.lintSkipped && !(result.skipped && result.skipped.length) && !result.diagnostics.some(blocksBuild)) {
      stage = 'render';
      const site = renderSite(result.model, result.diagnostics, {});
      pages = [...site.files.keys()];
    }
    parentPort.postMessage({ kind: 'ok', diagnostics, files, reports, pages });
  } catch (err) {
    parentPort.postMessage({ kind: 'threw', stage, name: err && err.name, message: String(err && err.message), stack: String(err && err.stack), gtmap: err instanceof Error && /^(GtmapError|UsageError|LoadError|WriteError)$/.test(err.name) });
  }
});
`;

interface Checked {
  kind: 'ok' | 'threw' | 'hung';
  diagnostics?: {
    ruleId: string;
    severity: string;
    message: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
  }[];
  files?: { file: string; lineLengths: number[] }[];
  pages?: string[];
  stage?: string;
  name?: string;
  message?: string;
  stack?: string;
  gtmap?: boolean;
}

let worker: Worker | undefined;

function checkInWorker(dir: string): Promise<Checked> {
  worker ??= new Worker(WORKER, { eval: true, execArgv: [] });
  const w = worker;
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      w.removeAllListeners();
      void w.terminate();
      worker = undefined;
      resolvePromise({ kind: 'hung' });
    }, CHECK_LIMIT_MS);
    w.once('message', (m: Checked) => {
      clearTimeout(timer);
      w.removeAllListeners('error');
      w.removeAllListeners('exit');
      resolvePromise(m);
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      worker = undefined;
      resolvePromise({ kind: 'threw', stage: 'worker', name: e.name, message: e.message, stack: e.stack, gtmap: false });
    });
    w.once('exit', (code) => {
      clearTimeout(timer);
      if (worker === w) worker = undefined;
      resolvePromise({
        kind: 'threw',
        stage: 'worker',
        name: 'exit',
        message: `the checking thread exited with code ${code}`,
        gtmap: false,
      });
    });
    w.postMessage({ dir });
  });
}

function describeRun(ms: readonly Mutation[], extra = ''): string {
  return `mutations: ${JSON.stringify(ms, (_k, v) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 60)}…` : v))}${extra ? `\n${extra}` : ''}`;
}

function assertChecked(c: Checked, ms: readonly Mutation[], dir: string): void {
  expect(c.kind, describeRun(ms, `checkMap did not finish within ${CHECK_LIMIT_MS / 1000} s`)).not.toBe('hung');
  if (c.kind === 'threw') {
    // a folder that cannot be a map at all (no gtmap.yaml) is a typed failure, which is right
    expect(c.gtmap, describeRun(ms, `threw during ${c.stage}: ${c.stack}`)).toBe(true);
    expect(c.stage, describeRun(ms, `a typed failure, but during ${c.stage}: ${c.message}`)).toBe('check');
    expect(c.message, describeRun(ms)).toMatch(/\S/);
    expect(c.message, describeRun(ms, 'a typed failure names the folder or file')).toContain(dir.split('/').pop()!);
    return;
  }
  const lengths = new Map(c.files!.map((f) => [f.file, f.lineLengths]));
  for (const d of c.diagnostics!) {
    const where = describeRun(ms, `diagnostic: ${JSON.stringify(d).slice(0, 400)}`);
    expect(d.ruleId, where).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    expect(['error', 'warn', 'info'], where).toContain(d.severity);
    expect(d.message.trim(), where).not.toBe('');
    expect(typeof d.file === 'string' && d.file !== '', where).toBe(true);
    expect(Number.isInteger(d.line) && d.line >= 1, where).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1, where).toBe(true);
    expect(Number.isInteger(d.endLine) && d.endLine >= d.line, where).toBe(true);
    expect(Number.isInteger(d.endColumn) && d.endColumn >= 1, where).toBe(true);
    // a finding names a file of the map (or an entry in the folder it skipped) and points inside it
    expect(existsSync(join(dir, d.file)) || lengths.has(d.file) || isSymlink(join(dir, d.file)), where).toBe(true);
    const ls = lengths.get(d.file);
    if (ls !== undefined && !(ls.length === 1 && ls[0] === 0)) {
      expect(d.line <= ls.length, `${where}\nline ${d.line} is past the end of the file (${ls.length} lines)`).toBe(true);
      expect(
        d.column <= (ls[d.line - 1] ?? 0) + 1,
        `${where}\ncolumn ${d.column} is past the end of line ${d.line} (${ls[d.line - 1]} characters)`,
      ).toBe(true);
      expect(d.endLine <= ls.length, `${where}\nendLine ${d.endLine} is past the end of the file (${ls.length} lines)`).toBe(true);
    }
  }
  if (c.pages) expect(c.pages, describeRun(ms, 'the rendered site has no index.html')).toContain('index.html');
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

// --- the CLI, as a process ---

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(args: string[], cwd: string, limitMs: number): Promise<Run> {
  return new Promise((resolvePromise) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function head(r: Run): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''}\n${`${r.stdout}\n[stderr]\n${r.stderr}`
    .split('\n')
    .slice(0, 15)
    .map((l) => l.slice(0, 300))
    .join('\n')}`;
}

function assertCleanRun(r: Run, what: string, ms: readonly Mutation[]): void {
  const ctx = (msg: string): string => describeRun(ms, `${what} ${msg}\n${head(r)}`);
  expect(r.timedOut, ctx('did not finish in time')).toBe(false);
  expect(r.signal, ctx('was killed')).toBe(null);
  expect([0, 1, 2], ctx('exit code')).toContain(r.code);
  const all = `${r.stdout}\n${r.stderr}`;
  expect(/^ {4}at /m.test(all), ctx('printed a stack trace')).toBe(false);
  expect(all.includes('node:internal'), ctx('printed node:internal')).toBe(false);
  expect(/internal error|This is a bug in gtmap/.test(r.stderr), ctx('reported an internal error')).toBe(false);
  for (const m of all.matchAll(/^\s*(?:gtmap: )?\S+?:(-?\d+):(-?\d+)\b/gm)) {
    expect(Number(m[1]) >= 1 && Number(m[2]) >= 1, ctx(`printed an unlocated finding: ${m[0]}`)).toBe(true);
  }
}

// --- the properties ---

const root = tempDir('gtmap-fuzz-');
const previousSite = join(root, 'previous-site');
let previousTree: Record<string, string> = {};
let n = 0;
const outcomes = { rendered: 0, findingsBlockBuild: 0, typedFailure: 0 };

beforeAll(async () => {
  // the site a build starts from: a good build of the example map with an extra file, so a
  // replaced site and an untouched one can be told apart
  const r = await run(['build', MAP, '--out', previousSite], root, BUILD_LIMIT_MS);
  if (r.code !== 0) throw new Error(`cannot build the example map, which the fuzz builds start from:\n${head(r)}`);
  writeFileSync(join(previousSite, 'previous-build.txt'), 'from the previous build\n');
  previousTree = tree(previousSite);
  // the unmutated map goes the whole way (checked, formatted, rendered): the properties below
  // would pass vacuously if the worker could not load dist/
  const baseline = await checkInWorker(MAP);
  if (baseline.kind !== 'ok' || !baseline.pages?.includes('index.html'))
    throw new Error(`the fuzz worker cannot check the example map: ${JSON.stringify(baseline).slice(0, 2000)}`);
}, 120_000);

afterAll(async () => {
  process.stdout.write(
    `fuzz: ${outcomes.rendered} mutated maps rendered, ${outcomes.findingsBlockBuild} stopped by errors, ${outcomes.typedFailure} typed load failures\n`,
  );
  await worker?.terminate();
  rmSync(root, { recursive: true, force: true });
});

/** Stops fast-check (with the failure and seed found so far) before vitest's timeout would lose them. */
const params = (runs: number, budgetMs: number): fc.Parameters<[Mutation[]]> => ({
  numRuns: runs,
  seed: SEED,
  path: PATH,
  endOnFailure: process.env.FUZZ_SHRINK === '0',
  verbose: 1,
  interruptAfterTimeLimit: budgetMs - 20_000,
  markInterruptAsFailure: false,
});
const CHECK_BUDGET_MS = 60_000 + RUNS * 3 * CHECK_LIMIT_MS;
const CLI_BUDGET_MS = 120_000 + CLI_RUNS * 2 * (LINT_LIMIT_MS + BUILD_LIMIT_MS);

describe('fuzz: a mutated example map never breaks gtmap', () => {
  it(
    `checkMap, every formatter and the renderer never throw or hang, and every finding is located (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async (ms) => {
          const dir = join(root, `check-${n++}`, 'map');
          writeMap(mutate(ms), dir);
          try {
            const checked = await checkInWorker(dir);
            assertChecked(checked, ms, dir);
            if (checked.kind === 'threw') outcomes.typedFailure++;
            else if (checked.pages) outcomes.rendered++;
            else outcomes.findingsBlockBuild++;
          } finally {
            rmSync(dirname(dir), { recursive: true, force: true });
          }
        }),
        params(RUNS, CHECK_BUDGET_MS),
      );
    },
    CHECK_BUDGET_MS,
  );

  it(
    `gtmap lint and gtmap build as processes: clean exits, located findings, never a half-written site (${CLI_RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async (ms) => {
          const caseDir = join(root, `cli-${n++}`);
          const dir = join(caseDir, 'map');
          writeMap(mutate(ms), dir);
          try {
            const lint = await run(['lint', 'map'], caseDir, LINT_LIMIT_MS);
            assertCleanRun(lint, 'gtmap lint', ms);
            if (lint.code === 1)
              expect(
                /^\s*\S+?:\d+:\d+\s+error\b/m.test(lint.stdout),
                describeRun(ms, `gtmap lint exited 1 without a located error\n${head(lint)}`),
              ).toBe(true);

            const site = join(caseDir, 'site');
            cpSync(previousSite, site, { recursive: true });
            const build = await run(['build', 'map', '--out', 'site'], caseDir, BUILD_LIMIT_MS);
            assertCleanRun(build, 'gtmap build', ms);
            if (build.code === 0) {
              expect(incompleteSite(site), describeRun(ms, `gtmap build exited 0 but the site is incomplete\n${head(build)}`)).toEqual([]);
              expect(
                existsSync(join(site, 'previous-build.txt')),
                describeRun(ms, 'gtmap build exited 0 but left a file of the previous site'),
              ).toBe(false);
            } else {
              expect(tree(site), describeRun(ms, `gtmap build failed and changed the previous site\n${head(build)}`)).toEqual(previousTree);
            }
            expect(
              readdirSync(caseDir).filter((e) => e.startsWith('.')),
              describeRun(ms, 'gtmap build left temporary folders beside the site'),
            ).toEqual([]);
            // a map lint passes must build
            if (lint.code === 0) expect(build.code, describeRun(ms, `lint passed but build failed\n${head(build)}`)).toBe(0);
          } finally {
            rmSync(caseDir, { recursive: true, force: true });
          }
        }),
        params(CLI_RUNS, CLI_BUDGET_MS),
      );
    },
    CLI_BUDGET_MS,
  );
});
