// The programmatic API: the same pipeline the command line runs, as functions.
//
//   import { buildSite, check, format } from 'gtmap';
//   const result = check('map');
//   if (result.diagnostics.some((d) => d.severity === 'error')) console.log(format(result, 'stylish'));
//   const built = await buildSite('map');   // built.site.files: Map<path, contents>, nothing written
//   const diff = runDiff({ folder: 'map', base: 'origin/main' });   // changes, approvals, lint delta
//   const honest = await audit('map', { deals: 'deals.csv', asOf: '2026-11-30' });   // DuckDB loads on the first call
import { type CheckResult, checkMap } from './check.js';
import type { Level } from './lint/index.js';
import { formatters } from './report/index.js';
import { reportContext } from './cli/output.js';

export type { CheckResult } from './check.js';
export { type BuildSiteOptions, type BuiltSite, buildSite } from './site.js';
export type { CheckInfo } from './checks.js';
export { checks } from './checks.js';
export type { Diagnostic, ModelPath, Severity, SkipNotice } from './diagnostic.js';
export { GtmapError, LoadError, UsageError, WriteError } from './errors.js';
export type { Level } from './lint/index.js';
export type { Model, Reference } from './model/index.js';
export { referrers } from './model/index.js';
// running the map against records: one record explained, many records fast, the test cases, SLA due times
export { compileRouter, type Decision, type RoutedObject } from './route/index.js';
export { type Outcome, routeRecord, type RouteResult, whyNot, type WhyNot } from './route/explain.js';
export { type Coverage, runRoutingTests, type TestRun } from './route/tests.js';
export { runStageTests, walkStages } from './route/stages.js';
export { dueTime, makeCalendar } from './route/hours.js';
// batch routing of an export (DuckDB loads on the first call, not on import)
export { type BatchOptions, type BatchResult, type LeadChanges, routeBatch, type RoutedRow } from './route/batch.js';
export type { Change, ChangeClass } from './diff/index.js';
export { diffModels } from './diff/index.js';
export { type DiffOptions, type DiffResult, runDiff } from './diff/run.js';
// the audit of a deal export: the honest pipeline (DuckDB is loaded on the first call, not on import)
export { type AuditApiOptions as AuditOptions, auditMap as audit } from './audit/api.js';
export type { AuditResult, CriterionResult, DealResult, Totals as AuditTotals } from './audit/index.js';
export { AUDIT_FORMATS, type AuditFormat, formatAudit } from './audit/format.js';

export interface CheckOptions {
  /** Severity overrides, applied after the map's own configuration, e.g. `{ 'text/no-vague-language': 'off' }`. */
  rules?: Record<string, Level>;
  /** What file paths in findings are relative to (default: the working directory). */
  cwd?: string;
}

/** Loads, validates and lints a map folder. Throws a LoadError when the folder cannot be a map. */
export function check(dir: string, options: CheckOptions = {}): CheckResult {
  return checkMap(dir, options.rules, options.cwd);
}

/** Formats a check's findings as one of the CLI's formats: stylish, json, sarif, github, gitlab, markdown, junit. */
export function format(result: CheckResult, name: string, options: { color?: boolean } = {}): string {
  const formatter = formatters[name];
  if (!formatter) throw new Error(`unknown format \`${name}\`; use one of ${Object.keys(formatters).join(', ')}`);
  return formatter(result.diagnostics, reportContext(result, options.color ?? false));
}
