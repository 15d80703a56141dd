// The condition language compiled to SQL. SQL's NULL is three-valued exactly as our conditions
// are (Kleene AND, OR, NOT), so a condition becomes one boolean expression that is NULL where
// `compile` answers unknown. Columns hold typed values (a number, a boolean, a DATE or TIMESTAMP,
// text), NULL when empty; a test of a field with no column is NULL. Every identifier and literal
// goes through `quoteIdent` / `quoteText`, so a field id or stage label with a quote cannot break
// or inject into the statement.
import { otherField, type FieldLookup } from '../conditions/index.js';
import { isDateType, OPERATOR_TABLE, orderOf } from '../conditions/operators.js';
import { parse, type Node } from '../conditions/parse.js';
import type { Condition, FieldType } from '../model/types.js';

export type Dialect = 'duckdb' | 'postgres' | 'snowflake' | 'bigquery';
export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'snowflake', 'bigquery'];

export function quoteIdent(name: string, d: Dialect): string {
  if (d === 'bigquery') return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A string literal. Snowflake and BigQuery read backslash escapes inside quotes; DuckDB and PostgreSQL do not. */
export function quoteText(s: string, d: Dialect): string {
  // NUL cannot be stored in PostgreSQL text and ends C strings elsewhere: it never matches
  const clean = s.replace(/\u0000/g, '');
  if (d === 'snowflake' || d === 'bigquery')
    return "'" + clean.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r') + "'";
  return "'" + clean.replace(/'/g, "''") + "'";
}

export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) return 'NULL';
  // exponent form is read as a DOUBLE by every dialect; keep plain integers plain
  return Number.isInteger(n) && Math.abs(n) < 1e15 ? String(n) : n.toExponential();
}

/** A timestamp literal for an instant (UTC, millisecond precision). */
export function timestampLiteral(ms: number, d: Dialect): string {
  const iso = new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  return `CAST(${quoteText(iso, d)} AS TIMESTAMP)`;
}

export function asTimestamp(expr: string): string {
  return `CAST(${expr} AS TIMESTAMP)`;
}

/** The text a date or datetime value has in a record (`2026-01-31`, `2026-01-31T09:30:00.000Z`), for equality, which compares text. */
function dateText(col: string, type: FieldType, d: Dialect): string {
  if (type === 'date') {
    if (d === 'bigquery') return `CAST(${col} AS STRING)`;
    if (d === 'snowflake') return `TO_VARCHAR(${col}, 'YYYY-MM-DD')`;
    return `CAST(${col} AS VARCHAR)`;
  }
  switch (d) {
    case 'duckdb':
      return `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    case 'postgres':
      return `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'snowflake':
      return `TO_VARCHAR(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')`;
    case 'bigquery':
      return `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', ${col})`;
  }
}

function regexTest(col: string, pattern: string, d: Dialect): string {
  switch (d) {
    case 'duckdb':
      return `regexp_matches(${col}, ${quoteText(pattern, d)}, 'i')`;
    case 'postgres':
      return `(${col} ~* ${quoteText(pattern, d)})`;
    case 'snowflake':
      return `(REGEXP_INSTR(${col}, ${quoteText(pattern, d)}, 1, 1, 0, 'i') > 0)`;
    case 'bigquery':
      return `REGEXP_CONTAINS(${col}, ${quoteText('(?i)' + pattern, d)})`;
  }
}

const NUMERIC: ReadonlySet<FieldType> = new Set(['number', 'currency', 'percent']);

export interface SqlContext {
  fields: FieldLookup;
  /** The column that holds a field, or undefined when the data has none (the test is then unknown). */
  column(fieldId: string): string | undefined;
  now: Date;
  dialect: Dialect;
}

/** A literal of the field's column type for an operand, or undefined when the operand does not fit the type (the test is then unknown). */
function literal(v: unknown, type: FieldType, d: Dialect): string | undefined {
  if (NUMERIC.has(type)) return typeof v === 'number' && Number.isFinite(v) ? numberLiteral(v) : undefined;
  if (type === 'boolean') return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : undefined;
  return typeof v === 'string' ? quoteText(v, d) : undefined;
}

/** The condition as a SQL boolean expression (NULL where the condition is unknown). A missing condition is TRUE. */
export function toSql(cond: Condition | undefined, ctx: SqlContext): string {
  return cond === undefined ? 'TRUE' : node(parse(cond), ctx);
}

function node(n: Node, ctx: SqlContext): string {
  switch (n.kind) {
    case 'invalid':
      return 'CAST(NULL AS BOOLEAN)';
    case 'not':
      return `(NOT ${node(n.item, ctx)})`;
    case 'all':
    case 'any':
      if (n.items.length === 0) return n.kind === 'all' ? 'TRUE' : 'FALSE';
      return `(${n.items.map((x) => node(x, ctx)).join(n.kind === 'all' ? ' AND ' : ' OR ')})`;
    case 'test':
      return test(n, ctx) ?? 'CAST(NULL AS BOOLEAN)';
  }
}

const COMPARE: Record<string, string> = { greaterThan: '>', atLeast: '>=', lessThan: '<', atMost: '<=' };

function test(n: Extract<Node, { kind: 'test' }>, ctx: SqlContext): string | undefined {
  const { dialect: d } = ctx;
  const field = ctx.fields(n.field);
  const col = ctx.column(n.field);
  if (!field || col === undefined) return undefined;
  const type = field.type;
  const x = n.operand;
  const now = ctx.now.getTime();
  // the operand made ready as evaluation makes it: an unusable one is unknown on every record
  const other = COMPARE[n.op] ? otherField(x) : undefined;
  if (other === undefined && n.row.prepare(x, type) === undefined) return undefined;
  switch (n.op) {
    case 'present':
      return x === true ? `(${col} IS NOT NULL)` : `(${col} IS NULL)`;
    case 'equals':
    case 'notEquals': {
      const op = n.op === 'equals' ? '=' : '<>';
      if (isDateType(type)) return typeof x === 'string' ? `(${dateText(col, type, d)} ${op} ${quoteText(x, d)})` : undefined;
      const lit = literal(x, type, d);
      return lit === undefined ? undefined : `(${col} ${op} ${lit})`;
    }
    case 'in':
    case 'notIn': {
      const values = Array.isArray(x) ? x : [x];
      const lits = values.map((v) => literal(v, type, d));
      if (lits.some((l) => l === undefined)) return undefined;
      return `(${col} ${n.op === 'in' ? 'IN' : 'NOT IN'} (${lits.join(', ')}))`;
    }
    case 'greaterThan':
    case 'atLeast':
    case 'lessThan':
    case 'atMost': {
      const op = COMPARE[n.op]!;
      if (other !== undefined) {
        const o = ctx.fields(other);
        const ocol = ctx.column(other);
        if (!o || ocol === undefined || isDateType(type) !== isDateType(o.type)) return undefined;
        return isDateType(type) ? `(${asTimestamp(col)} ${op} ${asTimestamp(ocol)})` : `(${col} ${op} ${ocol})`;
      }
      const b = orderOf(x, type);
      if (Number.isNaN(b)) return undefined;
      return isDateType(type) ? `(${asTimestamp(col)} ${op} ${timestampLiteral(b, d)})` : `(${col} ${op} ${numberLiteral(b)})`;
    }
    case 'matches':
      return typeof x === 'string' ? regexTest(col, x, d) : undefined;
    case 'within':
    case 'olderThan':
    case 'withinNext': {
      const ms = n.row.prepare(x, type) as number;
      const ts = asTimestamp(col);
      if (n.op === 'olderThan') return `(${ts} < ${timestampLiteral(now - ms, d)})`;
      const [lo, hi] = n.op === 'within' ? [now - ms, now] : [now, now + ms];
      return `(${ts} >= ${timestampLiteral(lo, d)} AND ${ts} <= ${timestampLiteral(hi, d)})`;
    }
  }
}

/** Every operator has a SQL form: a new row in the operator table without one fails here, on load. */
for (const op of OPERATOR_TABLE.keys()) {
  if (
    !['present', 'equals', 'notEquals', 'in', 'notIn', 'matches', 'within', 'olderThan', 'withinNext', ...Object.keys(COMPARE)].includes(op)
  )
    throw new Error(`operator ${op} has no SQL form in src/audit/sql.ts`);
}
