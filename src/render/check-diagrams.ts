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
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

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
  close(): Promise<void>;
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

function mermaidUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.esm.min.mjs')).href;
}

interface ParserWorker {
  parse(texts: string[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}

function parserWorker(url: string): ParserWorker {
  const worker = new Worker(WORKER, { eval: true, workerData: { mermaidUrl: url } });
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
  worker.on('message', (m: { id: number; errors?: (string | null)[]; fatal?: string }) => {
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
    },
  };
}

/** Diagrams per extra worker: below this, one worker finishes sooner than a second one loads. */
const PER_WORKER = 60;

/**
 * Starts loading Mermaid's parser in a worker now, so it is ready when the diagrams exist.
 * A large batch is shared with more workers, up to the machine's parallelism.
 */
export function startDiagramChecker(): DiagramChecker {
  const url = mermaidUrl();
  const workers: ParserWorker[] = [parserWorker(url)];
  const most = Math.max(1, Math.min(4, availableParallelism()));
  return {
    async check(diagrams) {
      if (diagrams.length === 0) return [];
      // identical diagrams are parsed once
      const texts = [...new Set(diagrams.map((d) => d.text))];
      const want = Math.min(most, Math.max(1, Math.floor(texts.length / PER_WORKER)));
      while (workers.length < want) workers.push(parserWorker(url));
      // deal the texts out in turn, so each worker gets a similar mix of sizes
      const shares = workers.map((_, w) => texts.filter((_, i) => i % workers.length === w));
      const results = await Promise.all(workers.map((w, i) => (shares[i]!.length ? w.parse(shares[i]!) : Promise.resolve([]))));
      const byText = new Map<string, string | null>();
      shares.forEach((share, w) => share.forEach((t, i) => byText.set(t, results[w]![i] ?? null)));
      return diagrams.flatMap((d) => {
        const e = byText.get(d.text);
        return e ? [{ diagram: d, message: e.split('\n').slice(0, 4).join('\n') }] : [];
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
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
