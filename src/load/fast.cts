// js-yaml's fast read of a file's text, shared by the loader and its parse worker
// (./parse-worker.cts). CommonJS, so that the worker starts without the ES module loader: it
// must be reading files while the main thread is still at its first ones.
import type { CORE_SCHEMA, load } from 'js-yaml';

export type FastParse = { ok: true; data: unknown } | { ok: false };

/** `fastParse` over a js-yaml module: the loader passes the one it imports, the worker the one it requires. */
export function fastParser(yaml: { load: typeof load; CORE_SCHEMA: typeof CORE_SCHEMA }): (text: string) => FastParse {
  const options = { schema: yaml.CORE_SCHEMA };
  return (text) => {
    try {
      return { ok: true, data: yaml.load(text, options) };
    } catch {
      return { ok: false };
    }
  };
}

/** A file's text as the loader reads it: UTF-8, without a leading byte order mark. */
export function decodeText(buf: Uint8Array): string {
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Whether `data` nests deeper than `max` levels (a top-level mapping is level 1), walked without
 * recursion. `shared` says the text may have anchors: only then can a node be reached twice (or
 * sit in a cycle), so only then are nodes remembered.
 */
export function deeperThan(data: unknown, max: number, shared: boolean): boolean {
  if (data === null || typeof data !== 'object') return false;
  const seen = shared ? new Set<object>() : undefined;
  const stack: [object, number][] = [[data, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (depth > max) return true;
    for (const v of Array.isArray(node) ? node : Object.values(node)) {
      if (v === null || typeof v !== 'object' || seen?.has(v)) continue;
      seen?.add(v);
      stack.push([v, depth + 1]);
    }
  }
  return false;
}
