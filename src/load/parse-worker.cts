// The parse worker of ./parallel.ts: for each map it is sent, takes files off the shared
// counter, reads each with js-yaml, and posts `[job, index, result]` back, then bumps the count
// the main thread waits on. Asked for did-you-mean suggestions (`suggestElsewhere`), it posts
// `[job, -1, suggestions]` and sets its flag.
// CommonJS with one small import besides js-yaml, so it is reading within a few tens of ms.
import * as yaml from 'js-yaml';
import { type MessagePort, workerData } from 'node:worker_threads';
import { suggester } from '../suggest.cjs';
import { decodeText, deeperThan, type FastParse, fastParser } from './fast.cjs';
import type { SuggestJob } from './parallel.js';

interface Job {
  job: number;
  bytes: SharedArrayBuffer;
  /** file i is bytes[ranges[2i], ranges[2i + 1]) */
  ranges: Float64Array;
  /** [0]: the next file to take; [1]: results posted */
  control: SharedArrayBuffer;
  maxDepth: number;
}

const { port, started } = workerData as { port: MessagePort; started: SharedArrayBuffer };
// the main thread sets its V8 flags again once this is 1: creating this thread's heap reset them (src/v8-flags.ts)
Atomics.store(new Int32Array(started), 0, 1);
const fastParse = fastParser(yaml);
// one map at a time; the worker waits for the next until the process ends
port.on('message', (message: Job | SuggestJob) => {
  if ('groups' in message) {
    const { job, groups, done } = message;
    const answers = groups.map(({ candidates, values }) => values.map(suggester(candidates)));
    port.postMessage([job, -1, answers]);
    const flag = new Int32Array(done);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return;
  }
  const { job, bytes, ranges, control, maxDepth } = message;
  const counters = new Int32Array(control);
  const n = ranges.length / 2;
  for (let i = Atomics.add(counters, 0, 1); i < n; i = Atomics.add(counters, 0, 1)) {
    const text = decodeText(new Uint8Array(bytes, ranges[2 * i], ranges[2 * i + 1]! - ranges[2 * i]!));
    let result: FastParse = fastParse(text);
    // data nested past the loader's limit is refused by the main thread anyway; not sending it
    // keeps the main thread's copy of it (which recurses per level) within its stack
    if (result.ok && deeperThan(result.data, maxDepth, text.includes('&'))) result = { ok: false };
    port.postMessage([job, i, result]);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  }
});
