// Reading a big map on two threads: a worker parses files with js-yaml, taking the next file off
// a shared counter. The main thread takes files off the same counter only until the worker runs
// (starting one takes tens of ms); from then on the worker reads the rest, and the main thread
// takes its results in file order, checks each file itself (encoding, control characters, shape
// limits, positions) and passes it on, so the model and the schema checks are made while later
// files are still being parsed (src/check.ts). On the ~20k-entity map the main thread's own
// js-yaml read took about twice the worker's per file (2.5 against 1.2 ms, sampled): it keeps
// what it parses, so its collector copies more. The load took as long with both threads parsing
// as with the worker alone, and the main thread's time is better spent on the later stages.
// Small maps never start a worker: starting one costs more than it saves.
import { createRequire } from 'node:module';
import { restoreV8Flags, youngGenerationBytes } from '../v8-flags.js';
import type { FastParse } from './fast.cjs';

/** Both halves of the young generation, at most, while a big map is read (see `settle` below). */
const LOAD_YOUNG_BYTES = 8 << 20;

/** Below this many bytes of YAML in all, one thread reads everything. */
export const PARALLEL_MIN_BYTES = 1 << 20;
/** A worker result that has not come after this long is read by the main thread instead (and so are all after it). */
const PATIENCE_MS = 10_000;

export interface ParseAhead {
  /** The next file for the main thread to read itself, or undefined when every file is taken or the worker is running. */
  claim(): number | undefined;
  /** The worker's js-yaml result for a file the main thread did not claim (undefined: read it yourself). */
  result(index: number): FastParse | undefined;
  /** Lets the worker go; call once every result is in. */
  close(): void;
  /** How many files' results came from the worker. */
  readonly used: number;
}

type WorkerThreads = typeof import('node:worker_threads');
let threads: WorkerThreads | undefined;

/**
 * The one parse worker of the process, started on first use and kept (unreferenced, so it never
 * holds the process open) for every later map: `gtmap serve` reloads without starting another,
 * and no worker exits mid-run (a worker's start or exit undoes the CLI's V8 flags, see
 * src/v8-flags.ts). Null once it has failed.
 */
let shared: { port: import('node:worker_threads').MessagePort; started: Int32Array } | null | undefined;
let jobs = 0;

function parseWorker(wt: WorkerThreads): { port: import('node:worker_threads').MessagePort; started: Int32Array } | undefined {
  if (shared !== undefined) return shared ?? undefined;
  const { port1, port2 } = new wt.MessageChannel();
  // [0]: 1 once the worker runs, by when making its heap has reset V8's flags (src/v8-flags.ts)
  const started = new SharedArrayBuffer(4);
  try {
    const worker = new wt.Worker(new URL('./parse-worker.cjs', import.meta.url), {
      workerData: { port: port2, started },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 4 },
    });
    worker.unref();
    // a worker that starts only after the map is read (load() settles the flags only once it
    // has run) reset V8's flags all the same: set them again at the next turn of the event loop
    worker.once('online', () => restoreV8Flags());
    // a worker that fails takes no more files; the main thread reads the ones it took after PATIENCE_MS
    worker.on('error', () => {
      shared = null;
    });
  } catch {
    port1.close();
    shared = null;
    return undefined;
  }
  port1.unref();
  return (shared = { port: port1, started: new Int32Array(started) });
}

/** Whether files of `total` bytes in all are worth a parse worker. */
export function wantsWorker(total: number, count: number): boolean {
  const mode = process.env.GTMAP_WORKERS;
  // GTMAP_WORKERS=only (for tests): the worker reads every file, whatever the size of the map
  return mode !== '0' && count >= 2 && (total >= PARALLEL_MIN_BYTES || mode === 'only');
}

/** Memory for files of `total` bytes: shared, so a parse worker can read them where they are, when they are worth one (and then the worker is started). */
export function fileMemory(total: number, count: number): Buffer {
  if (!wantsWorker(total, count)) return Buffer.from(new ArrayBuffer(total));
  // the worker starts now, so that it is running by the time the files are read (tens of ms)
  parseWorker((threads ??= createRequire(import.meta.url)('node:worker_threads') as WorkerThreads));
  return Buffer.from(new SharedArrayBuffer(total));
}

/**
 * A worker reading `files` (their bytes, in order) ahead of the main thread, or undefined when
 * one thread will do. Files read into one `fileMemory` are read there; others (git blobs) are
 * first copied into shared memory, and each `files[i]` becomes a view of it.
 */
export function parseAhead(files: Uint8Array[], maxDepth: number): ParseAhead | undefined {
  let total = 0;
  for (const f of files) total += f.byteLength;
  if (!wantsWorker(total, files.length)) return undefined;
  const only = process.env.GTMAP_WORKERS === 'only';
  const wt = (threads ??= createRequire(import.meta.url)('node:worker_threads') as WorkerThreads);
  const found = files.find((f) => f.byteLength > 0 && f.buffer instanceof SharedArrayBuffer)?.buffer as SharedArrayBuffer | undefined;
  let bytes: SharedArrayBuffer;
  // file i is bytes[ranges[2i], ranges[2i + 1]); an empty range for a file that is not in `bytes`
  const ranges = new Float64Array(2 * files.length);
  const mine = new Set<number>();
  if (found) {
    bytes = found;
    files.forEach((f, i) => {
      if (f.byteLength === 0) return;
      if (f.buffer !== found) mine.add(i);
      else {
        ranges[2 * i] = f.byteOffset;
        ranges[2 * i + 1] = f.byteOffset + f.byteLength;
      }
    });
  } else {
    bytes = new SharedArrayBuffer(total);
    const view = new Uint8Array(bytes);
    let at = 0;
    files.forEach((f, i) => {
      view.set(f, at);
      files[i] = Buffer.from(bytes, at, f.byteLength);
      ranges[2 * i] = at;
      ranges[2 * i + 1] = at += f.byteLength;
    });
  }
  const helper = parseWorker(wt);
  if (!helper) return undefined;
  // [0]: the next file to take; [1]: results posted
  const control = new SharedArrayBuffer(8);
  const counters = new Int32Array(control);
  const job = ++jobs;
  helper.port.postMessage({ job, bytes, ranges, control, maxDepth });
  const got = new Map<number, FastParse>();
  let gone = false;
  let used = 0;
  // Making the worker's heap put V8's young-generation growth back to its default
  // (src/v8-flags.ts). While the map is read it may grow to 4 MB a half, which measured best: the
  // parse keeps most of what it makes, and a 1 MB half scavenged about 390 times on the ~20k-entity
  // map. Then the CLI's flags are set again, and it stays as it is.
  const settle = (): void => {
    helper.started[0] = 2;
    restoreV8Flags();
  };
  const drain = (): void => {
    if (helper.started[0] === 1 && youngGenerationBytes() >= LOAD_YOUNG_BYTES) settle();
    for (let m = wt.receiveMessageOnPort(helper.port); m; m = wt.receiveMessageOnPort(helper.port)) {
      // a result of an earlier job the main thread stopped waiting for is dropped
      const [j, i, r] = m.message as [number, number, FastParse];
      if (j === job && i >= 0) got.set(i, r);
    }
  };
  return {
    claim() {
      // once the worker runs (its flag is 1, or 2 once settled), it reads every file left
      if (only || helper.started[0] !== 0) return undefined;
      // what the worker has posted is taken in as it comes, not held twice until the end
      drain();
      const i = Atomics.add(counters, 0, 1);
      return i < files.length ? i : undefined;
    },
    result(index) {
      // a file the worker could not see (read into memory of its own): the main thread reads it
      if (mine.has(index)) return undefined;
      const deadline = performance.now() + PATIENCE_MS;
      for (;;) {
        const posted = Atomics.load(counters, 1);
        drain();
        const r = got.get(index);
        if (r) {
          got.delete(index);
          used++;
          return r;
        }
        // a worker that stopped posting is not waited for again
        if (gone || performance.now() > deadline) {
          gone = true;
          return undefined;
        }
        Atomics.wait(counters, 1, posted, 100);
      }
    },
    close() {
      // the worker takes no more of this job's files; it stays, idle, for the next map
      Atomics.store(counters, 0, files.length);
      if (helper.started[0] === 1) settle();
    },
    get used() {
      return used;
    },
  };
}

/** Values to suggest for, each against its own candidates (one group per kind of id). */
export interface SuggestGroup {
  candidates: string[];
  values: string[];
}

/** A request for suggestions, as the parse worker receives it. */
export interface SuggestJob {
  job: number;
  groups: SuggestGroup[];
  /** [0] becomes 1 once the answer is posted */
  done: SharedArrayBuffer;
}

/**
 * Did-you-mean suggestions for many values, worked out by the parse worker while the main thread
 * goes on (src/validate/refs.ts places its findings meanwhile). Only in a process that has a
 * parse worker (a map over PARALLEL_MIN_BYTES) that is running; otherwise undefined, and the
 * caller works them out itself. The function returned waits for the answer: per group, per
 * value, the suggestion, or undefined for all when the worker did not answer within PATIENCE_MS.
 */
export function suggestElsewhere(groups: SuggestGroup[]): (() => (string | undefined)[][] | undefined) | undefined {
  const helper = shared;
  if (!helper || !threads || helper.started[0] === 0) return undefined;
  const wt = threads;
  const done = new SharedArrayBuffer(4);
  const flag = new Int32Array(done);
  const job = ++jobs;
  helper.port.postMessage({ job, groups, done } satisfies SuggestJob);
  return () => {
    const deadline = performance.now() + PATIENCE_MS;
    for (;;) {
      for (let m = wt.receiveMessageOnPort(helper.port); m; m = wt.receiveMessageOnPort(helper.port)) {
        const [j, i, answers] = m.message as [number, number, (string | undefined)[][]];
        if (j === job && i === -1) return answers;
      }
      const left = deadline - performance.now();
      // answered, yet no answer on the port (nothing else reads it meanwhile): not waited for again
      if (left <= 0 || Atomics.load(flag, 0) === 1) return undefined;
      Atomics.wait(flag, 0, 0, left);
    }
  };
}
