import type { Diagnostic, SkipNotice } from '../diagnostic.js';

export type { SkipNotice } from '../diagnostic.js';

export interface RuleInfo {
  id: string;
  description: string;
  /** The failure the rule prevents. */
  rationale?: string;
  docsUrl: string;
  severity: string;
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
