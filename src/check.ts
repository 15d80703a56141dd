// load -> model -> validate -> lint, as one call shared by `lint` and `build`.
import { resolve } from 'node:path';
import { debugging, debugStage, mark } from './debug.js';
import { compareDiagnostics, type Diagnostic, docsUrl, type SkipNotice } from './diagnostic.js';
import { type Level, lint } from './lint/index.js';
import { soundness } from './lint/soundness.js';
import { loadMap, type LoadedMap } from './load/index.js';
import { buildModel, modelBuilder, type Model } from './model/index.js';
import { validate } from './validate/index.js';
import { checkFileSchema } from './validate/schema.js';

export interface CheckResult {
  loaded: LoadedMap;
  model: Model;
  diagnostics: Diagnostic[];
  /** What lint rules did not look at, and why; empty when the run was complete. */
  skipped: SkipNotice[];
}

/**
 * `cwd` is what file paths in findings are relative to: the working directory for the
 * terminal; the map's parent folder for the site, so a site is the same from any directory.
 */
export function checkMap(dir: string, overrides?: Record<string, Level>, cwd = process.cwd()): CheckResult {
  const t = phaseTimer();
  const folder = resolve(dir);
  // each file goes into the model and through its schema as soon as it is loaded: on a big map
  // that is while the parse worker reads the later files (src/load/parallel.ts), and the whole
  // lint of the ~20k-entity map took 0.93x the time of building the model after the load
  const model = modelBuilder(folder);
  const loaded = loadMap(folder, cwd, {
    onFile(file) {
      model.add(file);
      checkFileSchema(file);
    },
  });
  t?.('load');
  return checkModel(loaded, model.finish(), overrides, t);
}

/** GTMAP_DEBUG=timing: each stage's time and page faults on stderr, one stage after the other (src/debug.ts). */
function phaseTimer(): ((phase: string) => void) | undefined {
  if (!debugging('timing')) return undefined;
  let last = mark();
  return (phase) => {
    last = debugStage(phase, last);
  };
}

/** validate -> lint over a map already loaded (from a folder, or from git objects). */
export function checkLoaded(loaded: LoadedMap, overrides?: Record<string, Level>, t = phaseTimer()): CheckResult {
  const model = buildModel(loaded);
  return checkModel(loaded, model, overrides, t);
}

function checkModel(
  loaded: LoadedMap,
  model: Model,
  overrides: Record<string, Level> | undefined,
  t: ((phase: string) => void) | undefined,
): CheckResult {
  t?.('model');
  const diagnostics = [...loaded.diagnostics];
  for (const d of validate(model)) diagnostics.push(d);
  t?.('validate');
  // rules read entities as the schema promises them: a broken entity is left out of what they
  // see (it would be reported again under another name), the rest is linted as usual
  const sound = soundness(model, diagnostics);
  const lintModel = sound.exclude ? buildModel(loaded, sound.exclude) : model;
  const skipped = [...sound.notices];
  const found = lint(lintModel, {
    overrides,
    incomplete: sound.incomplete,
    brokenRules: sound.brokenRules,
    brokenHeader: sound.brokenHeader,
    partialFiles: sound.partialFiles,
    skipped,
  });
  for (const d of found) diagnostics.push(d);
  t?.('lint');
  diagnostics.sort(compareDiagnostics);
  const base = docsBase(model);
  return { loaded, model, diagnostics: base ? diagnostics.map((d) => ({ ...d, docsUrl: docsUrl(d.ruleId, base) })) : diagnostics, skipped };
}

/** `docsUrl` of gtmap.yaml, when it is a usable URL: where findings link for rule documentation. */
export function docsBase(model: Model): string | undefined {
  const base: unknown = model.header.docsUrl;
  return typeof base === 'string' && /^https?:\/\/\S+$/.test(base) ? base : undefined;
}
