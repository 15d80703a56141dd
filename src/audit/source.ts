// Reading a deal export into DuckDB: CSV (BOM, `;` or tab delimiters, quoted newlines), Parquet
// or JSON lines; columns matched to fields; every value typed by its field (money with symbols
// and separators, slashed dates only in a stated format, booleans, enum values by their slug).
// The result is one table, `deals`, whose columns are named by field id, ready for ./views.ts.
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { GtmapError } from '../errors.js';
import type { Field } from '../model/types.js';
import type { Mapping } from './mapping.js';
import { fieldNames, type Plan } from './plan.js';
import { quoteIdent, quoteText } from './sql.js';

export interface Db {
  all(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

/** Embedded DuckDB, which can also hand a result over chunk by chunk (batch routing's output, the audit's deals). */
export interface DuckDb extends Db {
  stream(sql: string, each: (rows: unknown[][]) => void): Promise<void>;
  /** As `all`, a chunk of row objects at a time, so a result of any size is never held whole. */
  streamObjects(sql: string, each: (rows: Record<string, unknown>[]) => void | Promise<void>): Promise<void>;
}

/** Runs one statement; with GTMAP_AUDIT_TIMING=1 prints its wall and CPU time (and with GTMAP_AUDIT_TIMING_FULL=1 the whole SQL) on stderr. */
export async function timed<T>(sql: string, f: () => Promise<T>): Promise<T> {
  if (process.env.GTMAP_AUDIT_TIMING !== '1') return f();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await f();
  const cpu = process.cpuUsage(c0);
  process.stderr.write(
    `[audit sql ${(performance.now() - t0).toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms] ${process.env.GTMAP_AUDIT_TIMING_FULL ? `${sql};` : sql.replace(/\s+/g, ' ').slice(0, 160)}\n`,
  );
  return r;
}

/** Embedded DuckDB, loaded only when an audit runs (`gtmap lint` never loads it). */
export async function openDuckDb(): Promise<DuckDb> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '400MB' });
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  // an IN list of many values would otherwise become a join, which loses the file's order (the row numbers)
  await conn.run(`SET disabled_optimizers = 'in_clause'`);
  return {
    all: (sql) => timed(sql, async () => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]),
    run: (sql) =>
      timed(sql, async () => {
        await conn.run(sql);
      }),
    stream: (sql, each) =>
      timed(sql, async () => {
        const result = await conn.stream(sql);
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk())
          each(chunk.getRows() as unknown[][]);
      }),
    streamObjects: (sql, each) =>
      timed(sql, async () => {
        for await (const rows of (await conn.stream(sql)).yieldRowObjectJs()) await each(rows as Record<string, unknown>[]);
      }),
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

const q = (s: string): string => quoteIdent(s, 'duckdb');
const t = (s: string): string => quoteText(s, 'duckdb');

export type SourceKind = 'csv' | 'parquet' | 'json';

export interface Source {
  file: string;
  kind: SourceKind;
  relation: string;
  delimiter?: string;
  headers: string[];
}

/** The delimiter of a CSV file: the most frequent of `,` `;` tab outside quotes in its header line. */
export function sniffDelimiter(head: string): string {
  const text = head.replace(/^\uFEFF/, '');
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![1] === 0 ? ',' : Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0];
}

function readHead(file: string, bytes = 65536): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export async function openSource(db: Db, file: string): Promise<Source> {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = st.size;
  } catch (cause) {
    throw new GtmapError(
      `cannot read the deals file ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}. Give a CSV, Parquet or JSON lines export with --deals.`,
      {
        cause,
      },
    );
  }
  const ext = extname(file).toLowerCase();
  const kind: SourceKind = ext === '.parquet' ? 'parquet' : ext === '.jsonl' || ext === '.ndjson' || ext === '.json' ? 'json' : 'csv';
  let relation: string;
  let delimiter: string | undefined;
  if (kind === 'csv') {
    if (size === 0) throw new GtmapError(`${file} is empty: export the deals report with its header row.`);
    delimiter = sniffDelimiter(readHead(file));
    relation = '';
  } else if (kind === 'parquet') relation = `read_parquet(${t(file)})`;
  else relation = `read_json(${t(file)}, format = 'newline_delimited')`;
  let headers: string[];
  if (kind === 'csv') {
    headers = csvHeader(readHead(file), delimiter!);
    if (headers.length === 0) throw new GtmapError(`${file}: row 1 holds no column names.`);
    const dup = headers.find((h, i) => headers.indexOf(h) !== i);
    if (dup !== undefined) throw new GtmapError(`${file}: row 1 names the column "${dup}" twice; rename one in the export.`);
    relation = csvRelation(file, delimiter!, headers);
  } else {
    try {
      headers = (await db.all(`DESCRIBE SELECT * FROM ${relation}`)).map((r) => String(r.column_name));
    } catch (cause) {
      throw new GtmapError(`cannot read ${file} as ${kind === 'parquet' ? 'Parquet' : 'JSON lines'}: ${firstLine(cause)}`, { cause });
    }
  }
  return { file, kind, relation, delimiter, headers };
}

/**
 * DuckDB's CSV reader over a file: every column as text, or the columns in `types` (header ->
 * DuckDB type) read by the reader itself (see nativeColumns).
 */
export function csvRelation(file: string, delimiter: string, headers: readonly string[], types?: ReadonlyMap<string, string>): string {
  const native = types !== undefined && types.size > 0;
  return `read_csv(${t(file)}, delim = ${t(delimiter)}, header = true, all_varchar = ${native ? 'false' : 'true'}, quote = '"', escape = '"', auto_detect = false, columns = {${headers.map((h) => `${t(h)}: ${t(types?.get(h) ?? 'VARCHAR')}`).join(', ')}})`;
}

/**
 * The first rows of a CSV text (at most `max` complete ones), each a list of its raw values
 * (quoted values may hold the delimiter, quotes and line breaks), and the row the text cuts off.
 */
function csvRows(head: string, delim: string, max: number): { rows: string[][]; cut: string[] } {
  const text = head.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < max; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  row.push(cur);
  return { rows, cut: row };
}

/** The header row of a CSV file (quoted names may hold the delimiter or quotes). */
export function csvHeader(head: string, delim: string): string[] {
  const { rows, cut } = csvRows(head, delim, 1);
  const out = (rows[0] ?? cut).map((v) => v.trim());
  return out.length === 1 && out[0] === '' ? [] : out;
}

/** The first rows of a CSV file after its header (at most `max`), each a list of values; a row the head cuts off is left out. */
export function csvSample(head: string, delim: string, max = 500): string[][] {
  // the header is not a sample row
  return csvRows(head, delim, max + 1).rows.slice(1);
}

/**
 * A plain decimal number, as a sample value must be written for its column to be read by DuckDB's
 * reader as DOUBLE rather than as text (a prediction only: what makes the native read exact is
 * that the reader's DOUBLE and the text path agree on every value the reader accepts, and a value
 * it rejects sends the whole read back to the text path; test/audit-native.test.ts checks both).
 */
const PLAIN_NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

/**
 * The columns of a CSV export that DuckDB's reader may type itself (header -> 'DOUBLE'): those of
 * number and percent fields whose values in the file's first rows are all plain decimal numbers
 * (and at least one is not empty). Every other column is read as text and typed by typedExpr.
 * Dates, timestamps and booleans stay text: the reader's DATE takes `2026-1-5` and its BOOLEAN takes
 * `t`, which the audit reports as unreadable.
 */
export function nativeColumns(src: Source, byField: ReadonlyMap<string, string>, plan: Plan): Map<string, string> {
  const out = new Map<string, string>();
  if (src.kind !== 'csv') return out;
  const sample = csvSample(readHead(src.file), src.delimiter!);
  for (const [id, header] of byField) {
    const f = plan.fields.get(id);
    if (f?.type !== 'number' && f?.type !== 'percent') continue;
    const i = src.headers.indexOf(header);
    const values = sample.filter((r) => r.length === src.headers.length).map((r) => r[i]!);
    if (values.some((v) => v !== '') && values.every((v) => v === '' || PLAIN_NUMBER.test(v))) out.set(header, 'DOUBLE');
  }
  return out;
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .trim();
}

export const normHeader = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

export interface ColumnMatch {
  /** field id -> column header */
  byField: Map<string, string>;
  unmatched: { index: number; header: string; reason: string }[];
}

export function matchColumns(headers: readonly string[], plan: Plan, mapping: Mapping): ColumnMatch {
  const byName = new Map<string, Set<string>>();
  for (const f of plan.fields.values())
    for (const n of fieldNames(f)) byName.set(normHeader(n), (byName.get(normHeader(n)) ?? new Set()).add(f.id));
  const byField = new Map<string, string>();
  const unmatched: ColumnMatch['unmatched'] = [];
  headers.forEach((h, i) => {
    const mapped = mapping.columns.get(h);
    if (mapped === 'ignore') return;
    if (mapped !== undefined) {
      if (!plan.fields.has(mapped)) {
        unmatched.push({ index: i + 1, header: h, reason: `the mapping names field \`${mapped}\`, which the map does not declare` });
        return;
      }
      byField.set(mapped, h);
      return;
    }
    const ids = [...(byName.get(normHeader(h)) ?? [])];
    if (ids.length === 0) unmatched.push({ index: i + 1, header: h, reason: 'matches no field id, name or crm name' });
    else if (ids.length > 1) unmatched.push({ index: i + 1, header: h, reason: `matches several fields (${ids.join(', ')})` });
    else if (byField.has(ids[0]!))
      unmatched.push({ index: i + 1, header: h, reason: `field \`${ids[0]}\` already has the column "${byField.get(ids[0]!)}"` });
    else byField.set(ids[0]!, h);
  });
  return { byField, unmatched };
}

export const SLASH_DATE = String.raw`^\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?)?$`;
const ISO_STAMP = String.raw`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$`;
const EPOCH_MS = String.raw`^\d{12,13}$`;
/** ISO_STAMP in UTC (`Z`) or without a zone: a plain TIMESTAMP cast reads these as the zone-aware one does in UTC, without the time-zone library. */
const UTC_STAMP = String.raw`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$`;
/** A date or timestamp read from text as the export's date columns are (ISO, epoch ms, slashed only in the stated format), NULL when unreadable. */
export function dateExpr(raw: string, type: 'date' | 'datetime', mapping: Mapping): string {
  const fmt = mapping.dateFormat === 'DD/MM/YYYY' ? '%d/%m/%Y' : '%m/%d/%Y';
  const slash = mapping.dateFormat === undefined ? 'NULL' : `COALESCE(try_strptime(split_part(${raw}, ' ', 1), ${t(fmt)}), NULL)`;
  // ISO dates by their fifth character, without a regular expression; ISO timestamps in UTC without
  // the time-zone conversion (UTC_STAMP), others with it
  const ts = `CASE
      WHEN length(${raw}) = 10 AND substr(${raw}, 5, 1) = '-' THEN CAST(TRY_CAST(${raw} AS DATE) AS TIMESTAMP)
      WHEN substr(${raw}, 5, 1) = '-' AND regexp_matches(${raw}, ${t(UTC_STAMP)}) THEN TRY_CAST(${raw} AS TIMESTAMP)
      WHEN substr(${raw}, 5, 1) = '-' AND regexp_matches(${raw}, ${t(ISO_STAMP)}) THEN CAST(TRY_CAST(${raw} AS TIMESTAMPTZ) AS TIMESTAMP)
      WHEN regexp_matches(${raw}, ${t(EPOCH_MS)}) THEN CAST(epoch_ms(TRY_CAST(${raw} AS BIGINT)) AS TIMESTAMP)
      WHEN regexp_matches(${raw}, ${t(SLASH_DATE)}) THEN ${slash}
    END`;
  // a date column's ISO dates straight to DATE, not through TIMESTAMP and back
  return type === 'date'
    ? `CASE WHEN length(${raw}) = 10 AND substr(${raw}, 5, 1) = '-' THEN TRY_CAST(${raw} AS DATE) ELSE CAST(${ts} AS DATE) END`
    : ts;
}

function moneyExpr(raw: string, mapping: Mapping): string {
  // (1,200.00) is negative; a currency symbol or code and spaces are not part of the number
  const digits = mapping.decimalComma
    ? `replace(regexp_replace(${raw}, '[^0-9,\\-]', '', 'g'), ',', '.')`
    : `regexp_replace(${raw}, '[^0-9.\\-]', '', 'g')`;
  const parsed = `(TRY_CAST(${digits} AS DOUBLE) * CASE WHEN contains(${raw}, '(') AND regexp_matches(${raw}, '^\\s*\\(.*\\)\\s*$') THEN -1 ELSE 1 END)`;
  if (mapping.decimalComma) return parsed;
  // a plain number needs no regular expression (with decimal commas, 1.200 is not 1.2); money of only
  // digits, `.`, `-`, `$` and `,` ($82,000.00) needs only `$` and `,` removed, which is what `parsed` does to it
  return `CASE WHEN regexp_full_match(${raw}, '[$,0-9.\\-]*') THEN TRY_CAST(replace(replace(${raw}, '$', ''), ',', '') AS DOUBLE) ELSE COALESCE(TRY_CAST(${raw} AS DOUBLE), ${parsed}) END`;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export function typedExpr(f: Field, raw: string, mapping: Mapping): string {
  switch (f.type) {
    case 'number':
    case 'percent':
      return `TRY_CAST(replace(replace(replace(${raw}, ',', ''), '%', ''), ' ', '') AS DOUBLE)`;
    case 'currency':
      return moneyExpr(raw, mapping);
    case 'boolean':
      return `CASE lower(${raw}) WHEN 'true' THEN TRUE WHEN 'yes' THEN TRUE WHEN 'y' THEN TRUE WHEN '1' THEN TRUE WHEN 'checked' THEN TRUE WHEN 'false' THEN FALSE WHEN 'no' THEN FALSE WHEN 'n' THEN FALSE WHEN '0' THEN FALSE WHEN 'unchecked' THEN FALSE END`;
    case 'date':
    case 'datetime':
      return dateExpr(raw, f.type, mapping);
    case 'enum': {
      const values = f.values ?? [];
      if (values.length === 0) return raw;
      const s = `trim(lower(regexp_replace(${raw}, '[^A-Za-z0-9]+', '-', 'g')), '-')`;
      // the value itself or its label form (`not-required`, `Not required`) without a regular expression
      const quick = values.flatMap((v) =>
        [...new Set([v.toLowerCase(), v.toLowerCase().replace(/-/g, ' ')])].map((k) => `WHEN ${t(k)} THEN ${t(v)}`),
      );
      return `CASE lower(${raw}) ${quick.join(' ')} ELSE CASE ${s} ${values.map((v) => `WHEN ${t(slug(v))} THEN ${t(v)}`).join(' ')} END END`;
    }
    default:
      return raw;
  }
}

export interface CellIssue {
  row: number;
  field: string;
  column: string;
  kind: 'value' | 'ambiguous-date' | 'decimal-comma';
}

export interface TypedDeals {
  columns: Set<string>;
  rows: number;
  issues: CellIssue[];
  issueCount: number;
  /** Currency markers found in the amount column (symbols or codes), with the first row of each. */
  currencies: { marker: string; row: number; count: number }[];
}

/** The unreadable cells as located lines ("row 3, column …: what is wrong"), for the audit and batch routing alike. */
export function describeCellIssues(typed: Pick<TypedDeals, 'issues' | 'issueCount'>, plan: Plan): string[] {
  const lines = typed.issues.map((i) => {
    const f = plan.fields.get(i.field)!;
    const what =
      i.kind === 'ambiguous-date'
        ? 'a date with slashes is ambiguous (03/04/2026 is 4 March or 3 April); state `dateFormat: MM/DD/YYYY` or `DD/MM/YYYY` in the mapping file'
        : i.kind === 'decimal-comma'
          ? 'the amount has a decimal comma; state `decimalComma: true` in the mapping file'
          : f.type === 'enum'
            ? `is not a value of the field (allowed: ${(f.values ?? []).join(', ')}, or their labels)`
            : `is not a ${f.type}`;
    return `row ${i.row}, column "${i.column}" (field ${i.field}): ${what}`;
  });
  return typed.issueCount > typed.issues.length ? [...lines, `… and more: ${typed.issueCount} rows have unreadable values`] : lines;
}

interface TypedSelect {
  fields: { f: Field; header: string }[];
  /** SELECT typed field columns (named by field id), gtmap_currency and gtmap_issues (NULL when the row reads cleanly) over the source. */
  sql: (keep: ReadonlySet<string> | undefined) => string;
}

/**
 * The typed relation over a source: each matched column typed by its field, the currency marker, and
 * codes of unreadable cells. The columns in `native` (header -> DuckDB type) are read typed by the
 * reader (csvRelation), which gives NULL for an empty value and fails the read on a value it cannot
 * type: they are taken as they come and never unreadable.
 */
function typedSelect(src: Source, match: ColumnMatch, plan: Plan, mapping: Mapping, native: ReadonlyMap<string, string>): TypedSelect {
  const fields = [...match.byField].map(([id, header]) => ({ f: plan.fields.get(id)!, header }));
  const isNative = (f: Field): boolean => native.has(match.byField.get(f.id)!);
  // NULLIF(TRIM(v), ''), trimming (which copies the text) only the values that start or end with a space
  const raw = (header: string): string => {
    if (native.has(header)) return q(header);
    const v = src.kind === 'csv' ? q(header) : `CAST(${q(header)} AS VARCHAR)`;
    return `CASE WHEN starts_with(${v}, ' ') OR ends_with(${v}, ' ') THEN NULLIF(TRIM(${v}), '') ELSE NULLIF(${v}, '') END`;
  };
  const relation = native.size ? csvRelation(src.file, src.delimiter!, src.headers, native) : src.relation;
  const inner = fields.map(({ f, header }) => `${raw(header)} AS ${q(`raw:${f.id}`)}`).join(', ') || 'NULL AS gtmap_none';
  const amountField = plan.roles.amount !== undefined && match.byField.has(plan.roles.amount) ? plan.roles.amount : undefined;
  const currencyField = plan.roles.currency !== undefined && match.byField.has(plan.roles.currency) ? plan.roles.currency : undefined;
  const marker = currencyField ? `upper(${q(`raw:${currencyField}`)})` : amountField ? markerExpr(q(`raw:${amountField}`)) : 'NULL';
  const rate =
    mapping.rates && amountField
      ? `CASE ${marker} ${[...mapping.rates].map(([c, r]) => `WHEN ${t(c)} THEN ${r}`).join(' ')} END`
      : undefined;
  // a field typed as its text (text, email, url) cannot be unreadable, so a column nothing else reads is not read at all
  const checked = fields.filter(({ f }) => !isNative(f) && typedExpr(f, 'gtmap_v', mapping) !== 'gtmap_v');
  const issues = checked.flatMap(({ f }) => {
    const r = q(`raw:${f.id}`);
    // a slashed date is unreadable until its format is stated: say so rather than "not a date"
    const why =
      (f.type === 'date' || f.type === 'datetime') && mapping.dateFormat === undefined
        ? `CASE WHEN regexp_matches(${r}, ${t(SLASH_DATE)}) THEN ${t(`${f.id}!ambiguous-date`)} ELSE ${t(f.id)} END`
        : t(f.id);
    // the typed value first: it is rarely NULL, and AND reads its right side only where the left holds
    const out = [{ when: `(${q(f.id)} IS NULL AND ${r} IS NOT NULL)`, code: why }];
    if (f.type === 'currency' && !mapping.decimalComma)
      out.push({ when: `(contains(${r}, ',') AND regexp_matches(${r}, '\\d,\\d{1,2}[^0-9,.]*$'))`, code: t(`${f.id}!decimal-comma`) });
    return out;
  });
  // the codes are built only for a row with an unreadable cell
  const issuesExpr = issues.length
    ? `CASE WHEN ${issues.map((i) => i.when).join(' OR ')} THEN NULLIF(concat_ws(';', ${issues.map((i) => `CASE WHEN ${i.when} THEN ${i.code} END`).join(', ')}), '') END`
    : 'CAST(NULL AS VARCHAR)';
  const typed = fields.map(({ f }) => {
    let e = isNative(f) ? q(`raw:${f.id}`) : typedExpr(f, q(`raw:${f.id}`), mapping);
    if (rate && f.id === amountField) e = `(${e}) * (${rate})`;
    return `${e} AS ${q(f.id)}`;
  });
  // the raw text is read for typing and for the issue codes, and not kept
  const typedCols = [...typed, `${marker} AS gtmap_currency`, ...fields.map(({ f }) => q(`raw:${f.id}`))].join(',\n  ');
  return {
    fields,
    sql: (keep) =>
      `SELECT ${[
        ...fields.filter(({ f }) => keep === undefined || keep.has(f.id)).map(({ f }) => q(f.id)),
        'gtmap_currency',
        `${issuesExpr} AS gtmap_issues`,
      ].join(', ')} FROM (SELECT ${typedCols} FROM (SELECT ${inner} FROM ${relation}))`,
  };
}

/**
 * How a CSV export's columns are read: `auto` lets DuckDB's reader type the number columns whose
 * first rows are plain numbers (nativeColumns) and reads the file again as text if it rejects a
 * value; `off` reads every column as text; `force` has the reader type every number and percent
 * column, without the text read after a rejection (for the differential test).
 */
export type NativeRead = 'auto' | 'off' | 'force';

function nativeFor(src: Source, match: ColumnMatch, plan: Plan, how: NativeRead): Map<string, string> {
  if (how === 'off' || src.kind !== 'csv') return new Map();
  if (how === 'auto') return nativeColumns(src, match.byField, plan);
  const t = plan.fields;
  return new Map(
    [...match.byField]
      .filter(([id]) => t.get(id)?.type === 'number' || t.get(id)?.type === 'percent')
      .map(([, header]) => [header, 'DOUBLE'] as [string, string]),
  );
}

/**
 * Creates the typed `deals` relation in one pass over the source, and reports unreadable cells.
 * The source is read once into a table (typed values, the currency marker and the codes of
 * unreadable cells; the raw text is not kept); `deals` is a view over it that adds the row number
 * (the table's insertion order is the file's). `keep` limits the typed columns stored to the fields
 * the caller reads (every matched column is still checked for unreadable values).
 */
export async function loadDeals(
  db: Db,
  src: Source,
  match: ColumnMatch,
  plan: Plan,
  mapping: Mapping,
  keep?: ReadonlySet<string>,
  how: NativeRead = 'auto',
): Promise<TypedDeals> {
  const fields = [...match.byField.keys()];
  await createRows(db, src, 'gtmap_typed', nativeFor(src, match, plan, how), how, (native) =>
    typedSelect(src, match, plan, mapping, native).sql(keep),
  );
  await db.run(`CREATE VIEW deals AS SELECT rowid + 2 AS gtmap_row, * FROM gtmap_typed`);
  const kept = fields.filter((f) => keep === undefined || keep.has(f));
  return { ...(await readIssues(db, 'gtmap_typed', match)), columns: new Set(kept) };
}

/**
 * The audit's one pass over the source: a table `table`, in the file's order (its rowid + 2 is the
 * row), holding `project` (a select list over the typed field columns, e.g. views.ts's
 * `rowProjection`), the currency marker and the codes of unreadable cells. Nothing else of the
 * export is kept, so a large export is never held in memory.
 */
export async function loadRows(
  db: Db,
  src: Source,
  match: ColumnMatch,
  plan: Plan,
  mapping: Mapping,
  table: string,
  project: (columns: ReadonlySet<string>) => string[],
  how: NativeRead = 'auto',
): Promise<TypedDeals> {
  const columns = new Set(match.byField.keys());
  await createRows(
    db,
    src,
    table,
    nativeFor(src, match, plan, how),
    how,
    (native) =>
      `SELECT ${[...project(columns), 'gtmap_currency', 'gtmap_issues'].join(', ')} FROM (${typedSelect(src, match, plan, mapping, native).sql(undefined)})`,
  );
  return { ...(await readIssues(db, table, match)), columns };
}

/**
 * CREATE TABLE `table` AS `select`, first with the reader typing the `native` columns; when it
 * rejects a value (or anything else fails), again with every column read as text, whose errors
 * and unreadable cells are the ones reported.
 */
async function createRows(
  db: Db,
  src: Source,
  table: string,
  native: ReadonlyMap<string, string>,
  how: NativeRead,
  select: (native: ReadonlyMap<string, string>) => string,
): Promise<void> {
  if (native.size) {
    try {
      await db.run(`CREATE TABLE ${table} AS ${select(native)}`);
      return;
    } catch (cause) {
      if (how === 'force') throw cause;
      if (process.env.GTMAP_AUDIT_TIMING === '1')
        process.stderr.write(`[audit] the typed read failed, reading as text: ${firstLine(cause)}\n`);
    }
  }
  try {
    await db.run(`CREATE TABLE ${table} AS ${select(new Map())}`);
  } catch (cause) {
    throw new GtmapError(`cannot read ${src.file}: ${csvError(cause)}`, { cause });
  }
}

/** Rows, unreadable rows (located only when there are some) and the currencies of the amounts, from the table. */
async function readIssues(db: Db, table: string, match: ColumnMatch): Promise<Omit<TypedDeals, 'columns'>> {
  const groups = await db.all(
    `SELECT gtmap_currency AS m, count(*) AS c, min(rowid) + 2 AS r, count(gtmap_issues) AS bad FROM ${table} GROUP BY 1 ORDER BY 3`,
  );
  const n = groups.reduce((x, g) => x + Number(g.c), 0);
  const bad = groups.reduce((x, g) => x + Number(g.bad), 0);
  const found: CellIssue[] = [];
  if (bad > 0) {
    for (const r of await db.all(
      `SELECT rowid + 2 AS gtmap_row, gtmap_issues FROM ${table} WHERE gtmap_issues IS NOT NULL ORDER BY rowid LIMIT 20`,
    )) {
      const codes = String(r.gtmap_issues).split(';');
      for (const code of codes) {
        const [field, kind] = code.split('!') as [string, CellIssue['kind'] | undefined];
        if (kind === undefined && codes.some((c) => c.startsWith(`${field}!`))) continue;
        found.push({ row: Number(r.gtmap_row), field, column: match.byField.get(field)!, kind: kind ?? 'value' });
      }
    }
  }
  const currencies = groups.filter((g) => g.m !== null).map((g) => ({ marker: String(g.m), row: Number(g.r), count: Number(g.c) }));
  return { rows: n, issues: found, issueCount: bad, currencies };
}

/** The currency marker of a money text: a leading symbol without a regular expression, else a symbol or a three-letter code anywhere. */
function markerExpr(raw: string): string {
  const symbols = ['$', '£', '€', '¥', '₹'];
  return `CASE ${symbols.map((c) => `WHEN starts_with(${raw}, ${t(c)}) THEN ${t(c)}`).join(' ')} ELSE NULLIF(upper(regexp_extract(${raw}, '[$£€¥₹]|[A-Za-z]{3}')), '') END`;
}

/** DuckDB's CSV errors, reduced to the line and the problem. */
export function csvError(cause: unknown): string {
  const msg = String((cause as Error)?.message ?? cause);
  const line = /Line:? (\d+)/i.exec(msg)?.[1] ?? '?';
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(msg);
  if (cols)
    return `line ${line} has ${cols[2]} column${cols[2] === '1' ? '' : 's'} where the header has ${cols[1]}. A report footer (title, "Generated by", a confidentiality note) or a stray delimiter does this: export a "Details Only" report without a footer, or delete the lines from line ${line} on.`;
  if (/unterminated quote/i.test(msg)) return `line ${line}: a quoted value is never closed. Check the quotes from that line on.`;
  if (/unicode|utf-?8/i.test(msg)) return `line ${line} is not UTF-8 text. Export the report as UTF-8 (Excel: "CSV UTF-8").`;
  return firstLine(cause);
}
