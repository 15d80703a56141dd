// `import { audit } from 'gtmap'`: the audit of a deal export against a map folder, as the command
// line runs it (the map must be free of errors), returning the AuditResult that every output
// format is made from. DuckDB loads on the first call, never on import.
import { compareDiagnostics } from '../diagnostic.js';
import { GtmapError, UsageError } from '../errors.js';
import { loadMap } from '../load/index.js';
import { buildModel } from '../model/index.js';
import { validate } from '../validate/index.js';
import type { AuditResult } from './index.js';

export interface AuditApiOptions {
  /** The deal export: CSV (Salesforce or HubSpot), Parquet or JSON lines. */
  deals: string;
  /** The date the audit is as of: a Date, or `YYYY-MM-DD`. Default: today (UTC). */
  asOf?: Date | string;
  /** A mapping file (see `gtmap audit init`) for columns and values the map does not name. */
  mapping?: string;
  /** Which deals `deals[]` holds: every open deal (default), only flagged ones, or the first n flagged ones. */
  include?: 'all' | 'flagged' | { flagged: number };
  /** A field-history export (Salesforce OpportunityFieldHistory or HubSpot property history) for close-date pushes. */
  history?: string;
  /** Earlier exports of the same deals, each with the date it was taken, for close-date pushes. */
  snapshots?: { file: string; asOf: Date | string }[];
  /** What the map folder's file paths in errors are relative to (default: the working directory). */
  cwd?: string;
}

function day(d: Date | string | undefined, what: string): Date {
  if (d === undefined) {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  }
  if (d instanceof Date) {
    if (Number.isNaN(d.getTime())) throw new UsageError(`${what}: an invalid Date`);
    return d;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  const out = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!out || out.toISOString().slice(0, 10) !== d) throw new UsageError(`${what} ${d}: give a date as YYYY-MM-DD, e.g. 2026-11-30.`);
  return out;
}

/**
 * Audits a deal export against the map in `dir`. Throws a LoadError when the folder cannot be a
 * map, a GtmapError when the map has errors or the export cannot be read or matched (the message
 * lists the located problems), and resolves to the audit otherwise.
 */
export async function auditMap(dir: string, options: AuditApiOptions): Promise<AuditResult> {
  if (typeof options?.deals !== 'string' || options.deals === '')
    throw new UsageError('audit(dir, { deals }): give the deal export file in `deals`.');
  const asOf = day(options.asOf, 'asOf');
  const loaded = loadMap(dir, options.cwd ?? process.cwd());
  const model = buildModel(loaded);
  const errors = [...loaded.diagnostics, ...validate(model)].filter((d) => d.severity === 'error').sort(compareDiagnostics);
  if (errors.length)
    throw new GtmapError(
      `the map in ${dir} has ${errors.length} error${errors.length === 1 ? '' : 's'}; the audit runs only on a valid map:\n${errors
        .slice(0, 20)
        .map((d) => `  ${d.file}:${d.line}:${d.column} ${d.message} (${d.ruleId})`)
        .join('\n')}`,
    );
  const { audit, loadMapping } = await import('./index.js');
  return audit(model, {
    dealsFile: options.deals,
    asOf,
    mapping: options.mapping === undefined ? undefined : loadMapping(options.mapping),
    deals: options.include ?? 'all',
    history: options.history,
    snapshots: options.snapshots?.map((s, i) => ({ file: s.file, asOf: day(s.asOf, `snapshots[${i}].asOf`) })),
  });
}
