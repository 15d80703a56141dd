// `gtmap audit --emit-sql <dialect>`: the audit as SQL views over a warehouse table of deals, for a
// dbt model or a scheduled query. The table's columns are named by field id and typed by the
// field's type; the views are the ones `gtmap audit` runs in DuckDB.
import { UsageError } from '../errors.js';
import type { Model } from '../model/index.js';
import { fieldsRead } from '../conditions/index.js';
import { emptyMapping, type Mapping } from './mapping.js';
import { buildPlan, type Plan } from './plan.js';
import { DIALECTS, type Dialect, quoteIdent } from './sql.js';
import { auditViews } from './views.js';

const TYPE: Record<Dialect, Record<string, string>> = {
  duckdb: { text: 'VARCHAR', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMP' },
  postgres: { text: 'text', number: 'double precision', boolean: 'boolean', date: 'date', datetime: 'timestamp' },
  snowflake: { text: 'VARCHAR', number: 'FLOAT', boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMP_NTZ' },
  bigquery: { text: 'STRING', number: 'FLOAT64', boolean: 'BOOL', date: 'DATE', datetime: 'TIMESTAMP' },
};
/** The column type a field has in a warehouse table of deals. */
export const sqlType = (type: string, d: Dialect): string => TYPE[d][kindOf(type)]!;

const kindOf = (type: string): string =>
  ['number', 'currency', 'percent'].includes(type)
    ? 'number'
    : type === 'boolean' || type === 'date' || type === 'datetime'
      ? type
      : 'text';

export interface EmitOptions {
  dialect: string;
  /** The deals table, e.g. `analytics.crm_deals`: each dot-separated part is quoted. */
  table: string;
  asOf: Date;
  mapping?: Mapping;
}

/** The columns the views read: the deal's roles, the fields of open stages' exit criteria and of segment rules, required fields. */
export function usedColumns(plan: Plan): Set<string> {
  const used = new Set<string>(Object.values(plan.roles));
  for (const p of plan.pipelines) for (const s of p.open) for (const c of s.criteria) fieldsRead(c.check, used);
  for (const sg of plan.segments) fieldsRead(sg.rule, used);
  for (const f of plan.required.keys()) used.add(f);
  for (const f of [...used]) if (!plan.fields.has(f)) used.delete(f);
  return used;
}

export function emitSql(model: Model, o: EmitOptions): string {
  if (!(DIALECTS as readonly string[]).includes(o.dialect))
    throw new UsageError(`--emit-sql ${o.dialect}: use one of ${DIALECTS.join(', ')}.`);
  const d = o.dialect as Dialect;
  const plan = buildPlan(model);
  if (plan.roles.stage === undefined)
    throw new UsageError("the map names no field that carries a deal's stage: add `dealRole: stage` to that field in the data standards.");
  const mapping = o.mapping ?? emptyMapping();
  const invert = (m: Map<string, string>): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const [name, id] of m) out.set(id, [...(out.get(id) ?? []), name]);
    return out;
  };
  const stages = new Map<string, string[]>();
  for (const [, m] of mapping.stages) for (const [name, id] of m) stages.set(id, [...(stages.get(id) ?? []), name]);
  const source = o.table
    .split('.')
    .map((p) => quoteIdent(p, d))
    .join('.');
  const used = usedColumns(plan);
  const views = auditViews(plan, {
    dialect: d,
    source,
    columns: used,
    asOf: o.asOf,
    extraNames: { pipelines: invert(mapping.pipelines), categories: invert(mapping.forecastCategories), stages },
  });
  const columns = [...used]
    .sort()
    .map((id) => plan.fields.get(id)!)
    .map((f) => `--   ${quoteIdent(f.id, d)} ${sqlType(f.type, d)}`.replace(/[\r\n]/g, ' '));
  const head = [
    `-- gtmap audit as ${d} SQL views, as of ${o.asOf.toISOString().slice(0, 10)} (stale windows and "within" tests are fixed to this date: regenerate to move it).`,
    `-- Reads ${source}: one row per deal, a column per field id, typed as:`,
    ...columns,
    "-- Stage, pipeline and forecast-category columns hold the CRM values; the views map them to the map's ids (case-insensitive).",
    "-- Enum columns hold the map's values (e.g. `passed`, not `Passed`); empty values are NULL.",
    '-- Views: gtmap_deals, gtmap_deal_checks (one verdict column per exit criterion: TRUE pass, FALSE fail, NULL unknown),',
    '-- gtmap_deal_audit (honest_stage, gates_failed, gates_unknown, is_stale, category_mismatch, required_empty, honest), gtmap_totals.',
  ];
  return `${head.join('\n')}\n\n${views.map((v) => `${v};`).join('\n\n')}\n`;
}
