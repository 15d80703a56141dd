// GTMAP_DEBUG: what a run reports about itself on stderr, by topic (`timing`, `cache`,
// `code-cache`; comma- or space-separated).
import { youngGenerationBytes } from './v8-flags.js';

/** Whether GTMAP_DEBUG names `topic`. */
export function debugging(topic: 'timing' | 'cache'): boolean {
  return new RegExp(`\\b${topic}\\b`).test(process.env.GTMAP_DEBUG ?? '');
}

/** A point in the run: its time and the page faults so far. */
export interface Mark {
  ms: number;
  faults: number;
}

export function mark(): Mark {
  return { ms: performance.now(), faults: process.resourceUsage().minorPageFault };
}

/**
 * GTMAP_DEBUG=timing: a stage's time since `since` on stderr, with the process's age (start-up
 * shows as what the stages do not account for) and the page faults the stage took: on a machine
 * that hands freed memory back to its host, each first touch of a page costs time
 * (docs/benchmarks.md, "Memory is time here"). Returns the mark at its end.
 */
export function debugStage(stage: string, since: Mark): Mark {
  const now = mark();
  if (debugging('timing'))
    process.stderr.write(
      `gtmap debug: ${stage} took ${(now.ms - since.ms).toFixed(1)} ms, ${now.faults - since.faults} page faults (process age ${now.ms.toFixed(0)} ms, ${now.faults} faults, young generation ${youngMb()} MB)\n`,
    );
  return now;
}

/** Both halves of the main thread's young generation, in MB (src/v8-flags.ts says why it matters). */
function youngMb(): string {
  return (youngGenerationBytes() / 1048576).toFixed(1);
}
