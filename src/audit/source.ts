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

/** Embedded DuckDB, loaded only when an audit runs (`gtmap lint` never loads it). */
export async function openDuckDb(): Promise<Db> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '400MB' });
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  return {
    all: async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    run: async (sql) => {
      await conn.run(sql);
    },
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
    relation = `read_csv(${t(file)}, delim = ${t(delimiter)}, header = true, all_varchar = true, quote = '"', escape = '"', auto_detect = false, columns = COLUMNS_PLACEHOLDER)`;
  } else if (kind === 'parquet') relation = `read_parquet(${t(file)})`;
  else relation = `read_json(${t(file)}, format = 'newline_delimited')`;
  let headers: string[];
  if (kind === 'csv') {
    headers = csvHeader(readHead(file), delimiter!);
    if (headers.length === 0) throw new GtmapError(`${file}: row 1 holds no column names.`);
    const dup = headers.find((h, i) => headers.indexOf(h) !== i);
    if (dup !== undefined) throw new GtmapError(`${file}: row 1 names the column "${dup}" twice; rename one in the export.`);
    relation = relation.replace('COLUMNS_PLACEHOLDER', `{${headers.map((h) => `${t(h)}: 'VARCHAR'`).join(', ')}}`);
  } else {
    try {
      headers = (await db.all(`DESCRIBE SELECT * FROM ${relation}`)).map((r) => String(r.column_name));
    } catch (cause) {
      throw new GtmapError(`cannot read ${file} as ${kind === 'parquet' ? 'Parquet' : 'JSON lines'}: ${firstLine(cause)}`, { cause });
    }
  }
  return { file, kind, relation, delimiter, headers };
}

/** The header row of a CSV file (quoted names may hold the delimiter or quotes). */
export function csvHeader(head: string, delim: string): string[] {
  const text = head.replace(/^\uFEFF/, '');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur.trim());
      cur = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cur += ch;
  }
  out.push(cur.trim());
  return out.length === 1 && out[0] === '' ? [] : out;
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .trim();
}

const normHeader = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

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

const SLASH_DATE = String.raw`^\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?)?$`;
const ISO_STAMP = String.raw`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$`;
const EPOCH_MS = String.raw`^\d{12,13}$`;

function dateExpr(raw: string, type: 'date' | 'datetime', mapping: Mapping): string {
  const fmt = mapping.dateFormat === 'DD/MM/YYYY' ? '%d/%m/%Y' : '%m/%d/%Y';
  const slash = mapping.dateFormat === undefined ? 'NULL' : `COALESCE(try_strptime(split_part(${raw}, ' ', 1), ${t(fmt)}), NULL)`;
  // ISO dates and timestamps (the common case) by their fifth character, without a regular expression
  const ts = `CASE
      WHEN length(${raw}) = 10 AND substr(${raw}, 5, 1) = '-' THEN CAST(TRY_CAST(${raw} AS DATE) AS TIMESTAMP)
      WHEN substr(${raw}, 5, 1) = '-' AND regexp_matches(${raw}, ${t(ISO_STAMP)}) THEN CAST(TRY_CAST(${raw} AS TIMESTAMPTZ) AS TIMESTAMP)
      WHEN regexp_matches(${raw}, ${t(EPOCH_MS)}) THEN CAST(epoch_ms(TRY_CAST(${raw} AS BIGINT)) AS TIMESTAMP)
      WHEN regexp_matches(${raw}, ${t(SLASH_DATE)}) THEN ${slash}
    END`;
  return type === 'date' ? `CAST(${ts} AS DATE)` : ts;
}

function moneyExpr(raw: string, mapping: Mapping): string {
  // (1,200.00) is negative; a currency symbol or code and spaces are not part of the number
  const digits = mapping.decimalComma
    ? `replace(regexp_replace(${raw}, '[^0-9,\\-]', '', 'g'), ',', '.')`
    : `regexp_replace(${raw}, '[^0-9.\\-]', '', 'g')`;
  const parsed = `(TRY_CAST(${digits} AS DOUBLE) * CASE WHEN regexp_matches(${raw}, '^\\s*\\(.*\\)\\s*$') THEN -1 ELSE 1 END)`;
  // a plain number needs no regular expression (with decimal commas, 1.200 is not 1.2)
  return mapping.decimalComma ? parsed : `COALESCE(TRY_CAST(${raw} AS DOUBLE), ${parsed})`;
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

/** Creates the typed `deals` table in one pass over the source, and reports unreadable cells. */
export async function loadDeals(db: Db, src: Source, match: ColumnMatch, plan: Plan, mapping: Mapping): Promise<TypedDeals> {
  const fields = [...match.byField].map(([id, header]) => ({ f: plan.fields.get(id)!, header }));
  const raw = (header: string): string => `NULLIF(TRIM(CAST(${q(header)} AS VARCHAR)), '')`;
  const inner = [`row_number() OVER () + 1 AS gtmap_row`, ...fields.map(({ f, header }) => `${raw(header)} AS ${q(`raw:${f.id}`)}`)].join(
    ', ',
  );
  const amountField = plan.roles.amount !== undefined && match.byField.has(plan.roles.amount) ? plan.roles.amount : undefined;
  const currencyField = plan.roles.currency !== undefined && match.byField.has(plan.roles.currency) ? plan.roles.currency : undefined;
  const marker = currencyField
    ? `upper(${q(`raw:${currencyField}`)})`
    : amountField
      ? `NULLIF(upper(regexp_extract(${q(`raw:${amountField}`)}, '[$£€¥₹]|[A-Za-z]{3}')), '')`
      : 'NULL';
  const rate =
    mapping.rates && amountField
      ? `CASE ${marker} ${[...mapping.rates].map(([c, r]) => `WHEN ${t(c)} THEN ${r}`).join(' ')} END`
      : undefined;
  const issues = fields.flatMap(({ f }) => {
    const r = q(`raw:${f.id}`);
    // a slashed date is unreadable until its format is stated: say so rather than "not a date"
    const why =
      (f.type === 'date' || f.type === 'datetime') && mapping.dateFormat === undefined
        ? `CASE WHEN regexp_matches(${r}, ${t(SLASH_DATE)}) THEN ${t(`${f.id}!ambiguous-date`)} ELSE ${t(f.id)} END`
        : t(f.id);
    const out = [`CASE WHEN ${r} IS NOT NULL AND ${q(f.id)} IS NULL THEN ${why} END`];
    if (f.type === 'currency' && !mapping.decimalComma)
      out.push(`CASE WHEN contains(${r}, ',') AND regexp_matches(${r}, '\\d,\\d{1,2}[^0-9,.]*$') THEN ${t(`${f.id}!decimal-comma`)} END`);
    return out;
  });
  const typed = fields.map(({ f }) => {
    let e = typedExpr(f, q(`raw:${f.id}`), mapping);
    if (rate && f.id === amountField) e = `(${e}) * (${rate})`;
    return `${e} AS ${q(f.id)}`;
  });
  const typedCols = ['gtmap_row', ...typed, `${marker} AS gtmap_currency`].join(',\n  ');
  // the raw text is read once, for typing and for the issue codes, and not kept
  const issueCols = [
    'gtmap_row',
    ...fields.map(({ f }) => q(f.id)),
    'gtmap_currency',
    `concat_ws(';', ${issues.length ? issues.join(', ') : 'NULL'}) AS gtmap_issues`,
  ].join(', ');
  try {
    await db.run(
      `CREATE VIEW deals AS SELECT ${issueCols} FROM (SELECT ${typedCols}, ${fields.map(({ f }) => q(`raw:${f.id}`)).join(', ') || 'NULL AS gtmap_none'} FROM (SELECT ${inner} FROM ${src.relation}))`,
    );
  } catch (cause) {
    throw new GtmapError(`cannot read ${src.file}: ${csvError(cause)}`, { cause });
  }
  // one pass over the file: rows, unreadable rows and the currencies of the amounts (the typed
  // deals are a view: materialising every text column costs more than reading the file again)
  let groups: Record<string, unknown>[];
  try {
    groups = await db.all(
      `SELECT gtmap_currency AS m, count(*) AS c, min(gtmap_row) AS r, count(*) FILTER (WHERE gtmap_issues <> '') AS bad FROM deals GROUP BY 1 ORDER BY 3`,
    );
  } catch (cause) {
    throw new GtmapError(`cannot read ${src.file}: ${csvError(cause)}`, { cause });
  }
  const n = groups.reduce((x, g) => x + Number(g.c), 0);
  const bad = groups.reduce((x, g) => x + Number(g.bad), 0);
  const found: CellIssue[] = [];
  if (Number(bad) > 0) {
    for (const r of await db.all(`SELECT gtmap_row, gtmap_issues FROM deals WHERE gtmap_issues <> '' ORDER BY gtmap_row LIMIT 20`)) {
      const codes = String(r.gtmap_issues).split(';');
      for (const code of codes) {
        const [field, kind] = code.split('!') as [string, CellIssue['kind'] | undefined];
        if (kind === undefined && codes.some((c) => c.startsWith(`${field}!`))) continue;
        found.push({ row: Number(r.gtmap_row), field, column: match.byField.get(field)!, kind: kind ?? 'value' });
      }
    }
  }
  const currencies = groups.filter((g) => g.m !== null).map((g) => ({ marker: String(g.m), row: Number(g.r), count: Number(g.c) }));
  return { columns: new Set(match.byField.keys()), rows: Number(n), issues: found, issueCount: Number(bad), currencies };
}

/** DuckDB's CSV errors, reduced to the line and the problem. */
function csvError(cause: unknown): string {
  const msg = String((cause as Error)?.message ?? cause);
  const line = /Line:? (\d+)/i.exec(msg)?.[1] ?? '?';
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(msg);
  if (cols)
    return `line ${line} has ${cols[2]} column${cols[2] === '1' ? '' : 's'} where the header has ${cols[1]}. A report footer (title, "Generated by", a confidentiality note) or a stray delimiter does this: export a "Details Only" report without a footer, or delete the lines from line ${line} on.`;
  if (/unterminated quote/i.test(msg)) return `line ${line}: a quoted value is never closed. Check the quotes from that line on.`;
  if (/unicode|utf-?8/i.test(msg)) return `line ${line} is not UTF-8 text. Export the report as UTF-8 (Excel: "CSV UTF-8").`;
  return firstLine(cause);
}
