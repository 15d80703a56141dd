// Build-time check of every generated diagram with Mermaid's own parser, in Node.
//
// Mermaid 11 parses without a browser except for one thing: when its bundle loads it builds
// DOMPurify, and parsing calls DOMPurify.addHook and DOMPurify.sanitize on labels. DOMPurify
// only defines those when it finds a `window` with a document and an Element constructor.
// With the minimal stand-in below it reports `isSupported: false` and `sanitize` returns the
// text unchanged, which is enough for a syntax check: sanitising changes label text, never
// whether a diagram parses. The browser sanitises again when it renders (securityLevel
// strict), and the browser tests check that every diagram becomes an SVG.
//
// The parser runs in a worker thread: the stand-in `window` never touches this process's
// globals, and loading Mermaid overlaps with checking and rendering the map.
//
// Whether a text parses depends only on the text and Mermaid's version, so each answer is
// cached by a hash of the text: in memory for the checker's lifetime (`gtmap serve` keeps one
// across rebuilds) and, given a folder, in a file that `gtmap build` reads on the next run
// (as `eslint --cache` does). A cache that cannot be read or written is left out, never an error.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageFile } from './packages.js';
import { writeCacheFile } from '../files.js';
import { debugging } from '../debug.js';
import { restoreV8Flags } from '../v8-flags.js';

export interface DiagramSource {
  /** Site-relative page the diagram is on. */
  page: string;
  /** What the diagram shows, e.g. "Stage flow: New business". */
  title: string;
  text: string;
}

export interface DiagramProblem {
  diagram: DiagramSource;
  message: string;
}

export interface DiagramChecker {
  check(diagrams: readonly DiagramSource[]): Promise<DiagramProblem[]>;
  /** Distinct texts given to Mermaid's parser, and answered from the cache, since the checker started. */
  stats(): { parsed: number; cached: number };
  /** Stops the workers and saves new answers to the cache file, if there is one. */
  close(): Promise<void>;
}

export interface DiagramCheckerOptions {
  /** Folder for the cache file that outlives the process; without one the cache lives in memory only. */
  cacheDir?: string;
}

// Runs inside the worker (eval'd as a CommonJS script, so it uses dynamic import()).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
globalThis.window = { document: { nodeType: 9, createElement: () => ({}) }, Element: function Element() {} };
const ready = import(workerData.mermaidUrl).then(async (mod) => {
  const mermaid = mod.default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  // warm the flowchart and state parsers while the main thread renders
  await mermaid.parse('flowchart LR\\n  a --> b\\n').catch(() => {});
  await mermaid.parse('stateDiagram-v2\\n  [*] --> a\\n').catch(() => {});
  return mermaid;
});
parentPort.on('message', async ({ id, texts }) => {
  try {
    const mermaid = await ready;
    const errors = [];
    for (const text of texts) {
      try { await mermaid.parse(text); errors.push(null); }
      catch (err) { errors.push(String((err && err.message) || err)); }
    }
    parentPort.postMessage({ id, errors });
  } catch (err) {
    parentPort.postMessage({ id, fatal: String((err && err.stack) || err) });
  }
});
`;

// loaded when a parser worker starts, which a build whose diagrams are all in the cache never does
let threads: typeof import('node:worker_threads') | undefined;
const workerThreads = (): typeof import('node:worker_threads') =>
  (threads ??= createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads'));

function mermaidUrl(): string {
  return pathToFileURL(packageFile('mermaid', 'dist', 'mermaid.esm.min.mjs')).href;
}

function mermaidVersion(): string {
  return (JSON.parse(readFileSync(packageFile('mermaid', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Where `gtmap build` keeps its cache: $GTMAP_CACHE_DIR, else `.cache/gtmap` in the nearest
 * node_modules above the working folder, else above gtmap itself; undefined when there is none.
 */
export function diagramCacheDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (env.GTMAP_CACHE_DIR) return resolve(cwd, env.GTMAP_CACHE_DIR);
  const modules = nearestNodeModules(cwd) ?? nearestNodeModules(dirname(fileURLToPath(import.meta.url)));
  return modules && join(modules, '.cache', 'gtmap');
}

function nearestNodeModules(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // not here; look one folder up
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Bump when the worker's Mermaid set-up changes what parses. */
const CACHE_FORMAT = 1;
const CACHE_FILE = 'diagrams.json';
/** Answers kept in the file; the oldest go first. A 20k-entity map has about 1,000 diagrams. */
const MAX_CACHED = 20_000;

/** A parse answer: null when the text parses, else Mermaid's message. */
type Answer = string | null;

interface CacheFile {
  format: number;
  mermaid: string;
  answers: Record<string, Answer>;
}

const hashText = (text: string): string => createHash('sha256').update(text).digest('base64url');

/** The cache file's answers for this Mermaid version; an unreadable, corrupt or stale file counts as empty. */
function readCache(file: string, mermaid: string): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile> | null;
    if (data?.format !== CACHE_FORMAT || data.mermaid !== mermaid || typeof data.answers !== 'object' || data.answers === null)
      return answers;
    for (const [key, answer] of Object.entries(data.answers)) if (answer === null || typeof answer === 'string') answers.set(key, answer);
  } catch {
    // no cache yet, or one we cannot use: every diagram is parsed
  }
  return answers;
}

/** The cache file, whole (src/files.ts); failure leaves no cache, and the next build parses again. */
function writeCache(file: string, mermaid: string, answers: Map<string, Answer>): void {
  const keep = [...answers].slice(-MAX_CACHED);
  writeCacheFile(file, JSON.stringify({ format: CACHE_FORMAT, mermaid, answers: Object.fromEntries(keep) } satisfies CacheFile));
}

interface ParserWorker {
  parse(texts: string[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}

function parserWorker(url: string): ParserWorker {
  const { Worker } = workerThreads();
  // the script is CommonJS: a parent started with --input-type=module (node -e, the API's users)
  // would pass that flag on and make it an ES module, where require is not defined
  const execArgv = process.execArgv.filter((a, i, all) => !a.startsWith('--input-type') && all[i - 1] !== '--input-type');
  const worker = new Worker(WORKER, { eval: true, execArgv, workerData: { mermaidUrl: url } });
  worker.unref();
  let next = 0;
  let busy = 0;
  const waiting = new Map<number, { ok: (errors: (string | null)[]) => void; fail: (err: Error) => void }>();
  let dead: Error | undefined;
  const failAll = (err: Error): void => {
    dead = err;
    for (const w of waiting.values()) w.fail(err);
    waiting.clear();
  };
  let heard = false;
  worker.on('message', (m: { id: number; errors?: (string | null)[]; fatal?: string }) => {
    // it has started, and reset V8's flags on the way (src/v8-flags.ts)
    if (!heard) {
      heard = true;
      restoreV8Flags();
    }
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.fatal !== undefined) w.fail(new Error(`Mermaid's parser could not be loaded: ${m.fatal}`));
    else w.ok(m.errors ?? []);
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the diagram checker stopped (exit code ${code})`)));
  return {
    async parse(texts) {
      if (dead) throw dead;
      const id = next++;
      if (busy++ === 0) worker.ref();
      try {
        return await new Promise<(string | null)[]>((ok, fail) => {
          waiting.set(id, { ok, fail });
          worker.postMessage({ id, texts });
        });
      } finally {
        if (--busy === 0) worker.unref();
      }
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
      restoreV8Flags();
    },
  };
}

/** Diagrams per extra worker: below this, one worker finishes sooner than a second one loads. */
const PER_WORKER = 60;

/**
 * A checker that parses each distinct diagram text once. With an empty cache it starts loading
 * Mermaid's parser in a worker now, so it is ready when the diagrams exist; with a warm one it
 * waits until a diagram is not in the cache, which on an unchanged map is never. A large batch
 * is shared with more workers, up to the machine's parallelism.
 */
export function startDiagramChecker(options: DiagramCheckerOptions = {}): DiagramChecker {
  let url: string | undefined;
  const start = (): ParserWorker => parserWorker((url ??= mermaidUrl()));
  const file = options.cacheDir === undefined ? undefined : join(options.cacheDir, CACHE_FILE);
  const mermaid = file === undefined ? '' : mermaidVersion();
  // Map order is the eviction order: an answer used again moves to the end
  const answers = file === undefined ? new Map<string, Answer>() : readCache(file, mermaid);
  const workers: ParserWorker[] = answers.size === 0 ? [start()] : [];
  const most = Math.max(1, Math.min(4, availableParallelism()));
  let parsed = 0;
  let cached = 0;
  let fresh = false;
  return {
    async check(diagrams) {
      if (diagrams.length === 0) return [];
      const byText = new Map<string, Answer>();
      const todo: string[] = [];
      for (const text of new Set(diagrams.map((d) => d.text))) {
        const key = hashText(text);
        const answer = answers.get(key);
        if (answer === undefined) {
          todo.push(text);
          continue;
        }
        answers.delete(key);
        answers.set(key, answer);
        byText.set(text, answer);
        cached++;
      }
      if (todo.length) {
        const want = Math.min(most, Math.max(1, Math.floor(todo.length / PER_WORKER)));
        while (workers.length < want) workers.push(start());
        // deal the texts out in turn, so each worker gets a similar mix of sizes
        const shares = workers.map((_, w) => todo.filter((_, i) => i % workers.length === w));
        const results = await Promise.all(workers.map((w, i) => (shares[i]!.length ? w.parse(shares[i]!) : Promise.resolve([]))));
        shares.forEach((share, w) =>
          share.forEach((text, i) => {
            const answer = results[w]![i] ?? null;
            byText.set(text, answer);
            answers.set(hashText(text), answer);
          }),
        );
        parsed += todo.length;
        fresh = true;
        // the in-memory cache of a long-lived checker (serve) stays bounded too
        for (const key of answers.keys()) {
          if (answers.size <= MAX_CACHED) break;
          answers.delete(key);
        }
      }
      return diagrams.flatMap((d) => {
        const e = byText.get(d.text);
        return e ? [{ diagram: d, message: e.split('\n').slice(0, 4).join('\n') }] : [];
      });
    },
    stats: () => ({ parsed, cached }),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      if (file !== undefined && fresh) writeCache(file, mermaid, answers);
      if (debugging('cache')) {
        process.stderr.write(`gtmap debug: diagram cache ${file ?? '(memory only)'}: ${parsed} parsed, ${cached} from cache\n`);
      }
    },
  };
}

/** Parses each diagram; returns the ones Mermaid rejects, with its message. */
export async function checkDiagrams(diagrams: readonly DiagramSource[]): Promise<DiagramProblem[]> {
  if (diagrams.length === 0) return [];
  const checker = startDiagramChecker();
  try {
    return await checker.check(diagrams);
  } finally {
    await checker.close();
  }
}
