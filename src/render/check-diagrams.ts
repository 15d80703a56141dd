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

/** Starts loading Mermaid's parser in a worker; call check() once the diagrams exist. */
export function startDiagramChecker(): DiagramChecker {
  const worker = new Worker(WORKER, { eval: true, workerData: { mermaidUrl: mermaidUrl() } });
  worker.unref();
  let next = 0;
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
    async check(diagrams) {
      if (diagrams.length === 0) return [];
      if (dead) throw dead;
      // identical diagrams are parsed once
      const texts = [...new Set(diagrams.map((d) => d.text))];
      const id = next++;
      worker.ref();
      try {
        const errors = await new Promise<(string | null)[]>((ok, fail) => {
          waiting.set(id, { ok, fail });
          worker.postMessage({ id, texts });
        });
        const byText = new Map(texts.map((t, i) => [t, errors[i] ?? null]));
        return diagrams.flatMap((d) => {
          const e = byText.get(d.text);
          return e ? [{ diagram: d, message: e.split('\n').slice(0, 4).join('\n') }] : [];
        });
      } finally {
        worker.unref();
      }
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
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
