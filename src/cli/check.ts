// load -> model -> validate -> lint, as one call shared by `lint` and `build`.
import { resolve } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import { type Level, lint } from '../lint/index.js';
import { loadMap, type LoadedMap } from '../load/index.js';
import { buildModel, type Model } from '../model/index.js';
import { validate } from '../validate/index.js';

export interface CheckResult {
  loaded: LoadedMap;
  model: Model;
  diagnostics: Diagnostic[];
  /** Lint rules did not run because the map has YAML or schema errors. */
  lintSkipped: boolean;
}

/**
 * `cwd` is what file paths in findings are relative to: the working directory for the
 * terminal; the map's parent folder for the site, so a site is the same from any directory.
 */
export function checkMap(dir: string, overrides?: Record<string, Level>, cwd = process.cwd()): CheckResult {
  const loaded = loadMap(resolve(dir), cwd);
  const model = buildModel(loaded);
  const diagnostics = [...loaded.diagnostics, ...validate(model)];
  // rules read the model's shape as the schema promises it; with broken shape they would
  // report the same problem again under another name
  const broken = diagnostics.some((d) => d.severity === 'error' && (d.ruleId.startsWith('yaml/') || d.ruleId.startsWith('schema/')));
  if (!broken) diagnostics.push(...lint(model, { overrides }));
  diagnostics.sort(compareDiagnostics);
  return { loaded, model, diagnostics, lintSkipped: broken };
}
