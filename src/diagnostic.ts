// The one finding type: YAML errors, schema errors, reference errors and lint findings.
export type Severity = 'error' | 'warn' | 'info';
export type ModelPath = ReadonlyArray<string | number>;

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string; // path as given to the CLI, posix separators
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  path: ModelPath; // path into the file's document (section, index, key, ...)
  docsUrl: string;
  /** Other places that explain the finding (e.g. the earlier rule that shadows this one), each with what it is. */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/**
 * Part of the map that lint rules did not look at, and why. A run with any of these is partial
 * and every format must say so.
 */
export interface SkipNotice {
  /** What was not linted, in words: "Stage `discovery` (map/pipelines.yaml:12)", "section `routing` for routing/has-fallback". */
  what: string;
  /** Why, in words: "it has a schema error at map/pipelines.yaml:14:7". */
  why: string;
  /** Where the cause is, when there is one place. */
  file?: string;
  line?: number;
  column?: number;
  /** Rule ids that were not run over it (empty: every rule). */
  rules?: readonly string[];
}

/** The repository of package.json (`repository`); test/pack-install.test.ts checks they agree. */
export const REPOSITORY_URL = 'https://github.com/gtmap/gtmap';
export const DOCS_BASE = `${REPOSITORY_URL}/blob/main/docs/rules/`;

/** A rule's documentation page: under `base` (a map's `docsUrl`), else in the repository. */
export function docsUrl(ruleId: string, base: string = DOCS_BASE): string {
  return `${base.endsWith('/') ? base : `${base}/`}${ruleId.replace('/', '-')}.md`;
}

export const severityRank: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

// moved to text.ts with the other English helpers; re-exported for the modules that import it from here
export { listOr } from './text.js';
