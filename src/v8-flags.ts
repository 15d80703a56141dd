// bin/gtmap.js sets a few V8 flags for the CLI (a young generation that does not grow, a larger
// interrupt budget; see there) and leaves the function that sets them at Symbol.for('gtmap.v8flags').
// Starting a worker thread puts the young generation's growth back to V8's default for the whole
// process (seen on Node 20.20; V8's flags are process-wide), so the main thread's young generation
// then grows as if the flag had never been set. On the ~20k-entity lint (one parse worker) it grew
// to 16 MB a half: 32 MB of fresh pages, each a cost of its own here (docs/benchmarks.md, "Memory
// is time here"). These functions do nothing outside the CLI: the programmatic API sets no flags.
import { getHeapSpaceStatistics } from 'node:v8';

function cliFlags(): ((grow?: boolean) => void) | undefined {
  const set = (globalThis as Record<symbol, unknown>)[Symbol.for('gtmap.v8flags')];
  return typeof set === 'function' ? (set as (grow?: boolean) => void) : undefined;
}

/** Both halves of the main thread's young generation, in bytes. */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** Sets the CLI's V8 flags again: call once a worker thread has started, or has exited. */
export function restoreV8Flags(): void {
  cliFlags()?.();
}

/**
 * Lets the young generation grow (V8's default doubling, up to 16 MB a half) for the rest of the
 * run: for rendering a large map's site, which makes hundreds of megabytes of short-lived strings
 * and views, where fewer, larger scavenges save more time than the fresh pages cost (the ~5k-entity
 * site's render took 1.46 s with it, 1.59 s with growth held at 4 MB a half, one run each).
 */
export function growYoungGeneration(): void {
  cliFlags()?.(true);
}
