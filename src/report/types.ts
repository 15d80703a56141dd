import type { Diagnostic } from '../diagnostic.js';

export interface RuleInfo {
  id: string;
  description: string;
  /** The failure the rule prevents. */
  rationale?: string;
  docsUrl: string;
  severity: string;
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

export interface ReportContext {
  /** File text by display path, for code frames. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  /** Metadata of every rule that can appear, for formats that describe rules (SARIF). */
  rules: ReadonlyMap<string, RuleInfo>;
  toolVersion: string;
  /** Files that were checked, for formats that list them. */
  files: readonly string[];
  /** What lint did not look at; empty or absent when the run was complete. */
  skipped?: readonly SkipNotice[];
}

export type Formatter = (diagnostics: readonly Diagnostic[], ctx: ReportContext) => string;
