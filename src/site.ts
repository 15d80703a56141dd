// check -> render -> diagram check, as one call shared by `gtmap build`, `gtmap serve` and the API.
// Renders to memory; writing is the caller's (src/write).
import { dirname, resolve } from 'node:path';
import { BUILTIN_CHECKS } from './builtin-checks.js';
import { type CheckResult, checkMap } from './check.js';
import { debugStage, mark } from './debug.js';
import type { Diagnostic } from './diagnostic.js';
import type { DiagramChecker, DiagramProblem } from './render/check-diagrams.js';
import type { SiteHistory } from './render/history.js';
import type { Site } from './render/index.js';
import { PARALLEL_MIN_BYTES } from './load/parallel.js';
import { growYoungGeneration } from './v8-flags.js';

const builtinIds = new Set(BUILTIN_CHECKS.map((r) => r.id));

/**
 * Errors that mean the map cannot be read as a model (YAML, schema, references, conditions)
 * stop the build. Lint findings, whatever their severity, are what the site exists to show:
 * they go on the ambiguities page instead.
 */
export function blocksBuild(d: Diagnostic): boolean {
  return d.severity === 'error' && (builtinIds.has(d.ruleId) || /^(yaml|schema|ref|condition)\//.test(d.ruleId));
}

export type BuiltSite = { ok: false; result: CheckResult } | { ok: true; result: CheckResult; site: Site; problems: DiagramProblem[] };

export interface BuildSiteOptions {
  /** Pages reload themselves when the map changes (gtmap serve). */
  liveReload?: boolean;
  /** A running diagram checker to reuse (serve keeps one, with its in-memory parse cache). */
  checker?: DiagramChecker;
  /**
   * The map's recent history (src/diff/history.ts), for the "What changed" page; a promise is
   * awaited only once the map is checked, so git's work overlaps the check.
   */
  history?: SiteHistory | Promise<SiteHistory>;
  /** Pages as UTF-8 bytes rather than strings (see RenderOptions.bytes): for a caller that writes them. */
  bytes?: boolean;
  /** The vendored scripts as files to copy, in `site.copies` (see RenderOptions.copies): for a caller that writes with src/write. */
  copies?: boolean;
  /**
   * The output folder (with `copies`): a generated file the previous build there already holds
   * byte for byte is named as that file in `site.copies`, not kept in memory (see RenderOptions.previous).
   */
  previous?: string;
}

/**
 * Checks the map and, when nothing blocks, renders the site in memory and parses every diagram
 * with Mermaid. Throws nothing for map errors: `ok: false` carries the findings. File paths in
 * findings are relative to the map's parent folder, so a site is the same from any directory.
 */
export async function buildSite(folder: string, options: BuildSiteOptions = {}): Promise<BuiltSite> {
  // Mermaid's parser loads in a worker while the map is checked and rendered
  const { diagramCacheDir, startDiagramChecker } = await import('./render/check-diagrams.js');
  // a checker of our own is `gtmap build`'s: its parse cache is kept on disk for the next run
  const cacheDir = diagramCacheDir();
  const checker = options.checker ?? startDiagramChecker({ cacheDir });
  try {
    const result = checkMap(folder, undefined, dirname(resolve(folder)));
    if (result.diagnostics.some(blocksBuild) || result.skipped.length) return { ok: false, result };
    const { renderSite } = await import('./render/index.js');
    const before =
      options.copies && options.previous !== undefined
        ? (await import('./write/index.js')).previousBuild(options.previous, { cacheDir })
        : undefined;
    const waiting = mark();
    const history = await options.history;
    const rendering = debugStage('history (waited)', waiting);
    // a large map's pages are rendered with a young generation that may grow (src/v8-flags.ts)
    if (result.loaded.files.reduce((n, f) => n + f.text.length, 0) >= PARALLEL_MIN_BYTES) growYoungGeneration();
    // the diagrams go to Mermaid's parser as soon as they exist, while the pages are templated
    const checking: Promise<DiagramProblem[]>[] = [];
    const site = renderSite(result.model, result.diagnostics, {
      liveReload: options.liveReload,
      bytes: options.bytes,
      copies: options.copies,
      ...(before ? { previous: (path: string, page: string) => before.file(path, page) } : {}),
      ...(history ? { history } : {}),
      onDiagrams: (ds) => {
        const batch = checker.check(ds);
        // awaited below; a failure must not be unhandled while later batches are checked
        batch.catch(() => undefined);
        checking.push(batch);
      },
    });
    const parsing = debugStage('render', rendering);
    const problems = (await Promise.all(checking)).flat();
    debugStage('diagram check (waited)', parsing);
    return { ok: true, result, site, problems };
  } finally {
    if (options.checker === undefined) await checker.close();
  }
}
