// One catalogue of every check gtmap runs: lint rules (configurable) and built-in checks (always
// on). `gtmap rules`, `gtmap explain`, the report formats and the rule docs all read it.
import { BUILTIN_CHECKS } from './builtin-checks.js';
import { docsUrl, type Severity } from './diagnostic.js';
import { allRules, type Preset, PRESETS, presetLevel } from './lint/index.js';

export interface CheckInfo {
  id: string;
  severity: Severity;
  description: string;
  /** The failure the check prevents. */
  rationale: string;
  /** `lint`: configurable in gtmap.yaml; `builtin`: always on. */
  kind: 'lint' | 'builtin';
  /** Lint rules: the level under each preset (`lint.extends`). */
  presets?: Record<Preset, Severity>;
  docsUrl: string;
}

let all: CheckInfo[] | undefined;

/** Lint rules in index order, then the built-in checks. */
export function checks(): readonly CheckInfo[] {
  return (all ??= [
    ...allRules.map((r) => ({
      id: r.id,
      severity: r.severity,
      description: r.description,
      rationale: r.rationale,
      kind: 'lint' as const,
      presets: Object.fromEntries(PRESETS.map((p) => [p, presetLevel(r, p)])) as Record<Preset, Severity>,
      docsUrl: docsUrl(r.id),
    })),
    ...BUILTIN_CHECKS.map((r) => ({
      id: r.id,
      severity: r.severity,
      description: r.description,
      rationale: r.rationale,
      kind: 'builtin' as const,
      docsUrl: docsUrl(r.id),
    })),
  ]);
}

export function checkById(): ReadonlyMap<string, CheckInfo> {
  return new Map(checks().map((c) => [c.id, c]));
}
