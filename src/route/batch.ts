// `gtmap route --records <file>`: every row of a lead (or account) export routed at once. The
// export is read and typed by the audit's reader (CSV with BOM, `;` or tab, quoted newlines;
// Parquet; JSON lines) in embedded DuckDB; the routing runs either compiled to SQL `CASE`
// expressions inside DuckDB (the default: it measured several times faster, see the README) or
// through compileRouter over rows streamed out of DuckDB. Both give the same groups, so the
// summary, the per-lead rows and the `--base` comparison are computed once from them.
import { GtmapError } from '../errors.js';
import { type Field, lookup, type Model, type RoutingRule, type Segment, type Team } from '../model/index.js';
import { emptyMapping, type Mapping } from '../audit/mapping.js';
import { buildPlan, type Plan } from '../audit/plan.js';
import {
  csvRelation,
  describeCellIssues,
  loadDeals,
  matchColumns,
  nativeColumns,
  type NativeRead,
  openDuckDb,
  openSource,
  type Source,
  typedExpr,
} from '../audit/source.js';
import { quoteIdent, toSql } from '../audit/sql.js';
import { compile, type DataRecord, fieldsRead } from '../conditions/index.js';
import { calendarFor } from './explain.js';
import { businessDayMs } from './hours.js';
import { compileRouter, compileRouting, covers, isFallback, isRule, type RoutedObject } from './index.js';

export type Engine = 'sql' | 'js';
export const ENGINES: readonly Engine[] = ['sql', 'js'];

/** Headers taken as the record's id when no --id-column is given (Salesforce API and report, HubSpot). */
export const ID_HEADERS = ['id', 'lead id', 'record id', 'hs_object_id', 'account id'];

export interface BatchOptions {
  file: string;
  object: RoutedObject;
  /** When the records arrive: the clock of `within`/`olderThan` conditions. */
  now: Date;
  mapping?: Mapping;
  /** The column that holds the record's id; default: the first of ID_HEADERS present. */
  idColumn?: string;
  engine?: Engine;
  /** The map to compare with (`--base`): leads whose rule, team or outcome changes. */
  base?: { model: Model; label: string };
  /** How many ids to list per change group (default 10). */
  changeIds?: number;
  /** Called with every routed record, in file order (for the per-lead CSV). */
  onRecord?: (r: RoutedRow) => void;
  /** Whether DuckDB's reader types number columns itself (the SQL engine; see the audit's NativeRead); default auto. */
  native?: NativeRead;
}

export interface RoutedRow {
  row: number;
  id: string | null;
  outcome: 'matched' | 'fallback' | 'undecided';
  rule: string | null;
  team: string | null;
  queue: string | null;
  method: string | null;
  segment: string | null;
  sla: string | null;
}

export interface Count {
  leads: number;
  share: number;
}

export interface TeamLoad extends Count {
  team: string | null;
  /** Records per first-response SLA. */
  sla: { sla: string | null; leads: number }[];
  /** Σ records × SLA, in working hours of the team's business calendar ('d'/'w' SLAs in clock hours). Null when an SLA cannot be counted. */
  slaHours: number | null;
  /** The length of the team's business day in hours, and its zone; null without business hours. */
  businessDayHours: number | null;
  timeZone: string | null;
  /** How slaHours was counted, in words. */
  basis: string;
}

export interface LeadChangeGroup {
  from: { rule: string | null; team: string | null; outcome: RoutedRow['outcome'] };
  to: { rule: string | null; team: string | null; outcome: RoutedRow['outcome'] };
  leads: number;
  /** The first ids (or `row N`), in file order. */
  ids: string[];
}

export interface LeadChanges {
  base: string;
  /** Records whose rule, team or outcome differs. */
  changed: number;
  total: number;
  groups: LeadChangeGroup[];
}

export interface BatchResult {
  basis: {
    file: string;
    object: RoutedObject;
    at: string;
    engine: Engine;
    /** Columns matched to fields, in file order. */
    columns: { column: string; field: string }[];
    idColumn: string | null;
    /** Fields the routing reads that no column holds: every record has them empty. */
    notInFile: string[];
  };
  total: number;
  outcomes: Record<RoutedRow['outcome'], Count>;
  rules: (Count & {
    rule: string | null;
    name: string | null;
    team: string | null;
    queue: string | null;
    method: string | null;
    sla: string | null;
    fallback: boolean;
    undecided: number;
  })[];
  teams: TeamLoad[];
  methods: (Count & { method: string | null })[];
  segments: (Count & { segment: string | null })[];
  /** Among undecided records: how many have each field empty that the first rule they could not decide reads. */
  undecidedEmpty: { field: string; leads: number }[];
  changes?: LeadChanges;
}

/** One problem in the records file that stops the run, located by row and column. */
export class RecordsInputError extends GtmapError {
  constructor(file: string, problems: string[], fix: string) {
    super(
      `${file}: ${problems.length === 1 ? '1 problem stops' : `${problems.length} problems stop`} the routing:\n${problems.map((p) => `  ${p}`).join('\n')}\n${fix}`,
    );
  }
}

const q = (s: string): string => quoteIdent(s, 'duckdb');

/** A rule's key in a group: its id and team (a rule that keeps its id but moves team is a change). */
const keyOf = (rule: RoutingRule): string => `${rule.id}\t${rule.assign?.team ?? ''}`;

interface Group {
  key: string | null;
  undecided: boolean;
  /** When undecided: the key of the first rule that could not be decided (null: none fired and none was unknown). */
  stop: string | null;
  seg: number;
  n: number;
  /** Per routing field (in `Routing.fields` order): records of the group with it empty. */
  empty: number[];
}

interface ChangeRow {
  bk: string | null;
  bu: boolean;
  hk: string | null;
  hu: boolean;
  n: number;
  ids: string[];
}

/** The routing of one model over the typed columns. */
interface Routing {
  model: Model;
  rules: { rule: RoutingRule; index: number }[];
  segments: Segment[];
  /** Fields any routing rule or segment reads, sorted. */
  fields: string[];
}

function routingOf(model: Model, object: RoutedObject): Routing {
  const rules = model.map.routing
    .map((rule, index) => ({ rule, index }))
    .filter((x): x is { rule: RoutingRule; index: number } => isRule(x.rule) && covers(x.rule, object));
  const segments = (model.map.segments ?? []).filter((s): s is Segment => !!s && typeof s === 'object' && typeof s.id === 'string');
  const read = new Set<string>();
  for (const { rule } of rules) fieldsRead(rule.when, read);
  for (const s of segments) fieldsRead(s.rule, read);
  return { model, rules, segments, fields: [...read].sort() };
}

const fieldOf = (model: Model) => (id: string) => lookup<Field>(model, 'field', id)?.entity;

const SQL_TYPE: Record<Field['type'], string> = {
  text: 'VARCHAR',
  email: 'VARCHAR',
  url: 'VARCHAR',
  enum: 'VARCHAR',
  number: 'DOUBLE',
  currency: 'DOUBLE',
  percent: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
};

/**
 * The SQL of one routing: `key` (the firing rule's id and team, NULL when none fires) and
 * `undecided` (an earlier rule was unknown, or none fired), over the typed view's columns. A field
 * with no column is an empty field, as in `gtmap route`: typed NULL, so `present: false` holds.
 */
function routingSql(
  r: Routing,
  columns: Map<string, Field['type']>,
  now: Date,
  p: string,
): { segCols: string[]; ruleCols: string[]; key: string; stop: string; seg: string } {
  const fields = fieldOf(r.model);
  const column = (id: string): string | undefined => {
    const f = fields(id);
    if (!f) return undefined;
    return columns.get(id) === f.type ? q(id) : `CAST(NULL AS ${SQL_TYPE[f.type] ?? 'VARCHAR'})`;
  };
  const ctx = { fields, column, now, dialect: 'duckdb' as const };
  // each segment's rule and each rule's verdict is a column, computed once per record
  const segIndex = new Map(r.segments.map((s, i) => [s.id, i]));
  const segCols = r.segments.map((s, i) => `${toSql(s.rule, ctx)} AS ${p}g${i}`);
  const ruleCols = r.rules.map(({ rule }, j) => {
    const parts: string[] = [];
    if (rule.segment !== undefined) {
      const i = segIndex.get(rule.segment);
      parts.push(i === undefined ? 'CAST(NULL AS BOOLEAN)' : `${p}g${i}`);
    }
    if (rule.when !== undefined) parts.push(toSql(rule.when, ctx));
    return `${parts.length ? `(${parts.join(' AND ')})` : 'TRUE'} AS ${p}r${j}`;
  });
  const n = r.rules.length;
  const cases = (test: (j: number) => string): string =>
    n ? `CASE ${r.rules.map((_, j) => `WHEN ${test(j)} THEN ${j}`).join(' ')} END` : 'CAST(NULL AS INTEGER)';
  // the rule that fires (its index), and the first rule that is not false: when they differ, the record is undecided
  const key = cases((j) => `${p}r${j}`);
  const stop = cases((j) => `${p}r${j} IS NOT FALSE`);
  const seg = r.segments.length ? `CASE ${r.segments.map((_, i) => `WHEN ${p}g${i} THEN ${i}`).join(' ')} ELSE -1 END` : '-1';
  return { segCols, ruleCols, key, stop, seg };
}

/** compileRouter plus the first segment whose rule holds, for the JS engine. */
function routingJs(
  r: Routing,
  object: RoutedObject,
  now: Date,
): (rec: DataRecord) => { key: string | null; undecided: boolean; seg: number } {
  const router = compileRouter(r.model, now);
  const fields = fieldOf(r.model);
  const segs = r.segments.map((s) => compile(s.rule, fields, now));
  return (rec) => {
    const d = router(rec, object);
    let seg = -1;
    for (let i = 0; i < segs.length; i++)
      if (segs[i]!(rec) === true) {
        seg = i;
        break;
      }
    return { key: d.rule ? keyOf(d.rule) : null, undecided: d.undecided, seg };
  };
}

/** The column of records' ids: --id-column, else the first of ID_HEADERS among the headers. */
function idHeader(headers: readonly string[], given: string | undefined, file: string): string | undefined {
  if (given !== undefined) {
    if (!headers.includes(given))
      throw new RecordsInputError(
        file,
        [`--id-column "${given}": no such column; the columns are ${headers.map((h) => `"${h}"`).join(', ')}`],
        'Fix: name a column of row 1 exactly as it is written there.',
      );
    return given;
  }
  for (const want of ID_HEADERS) {
    const h = headers.find((x) => x.trim().toLowerCase() === want);
    if (h !== undefined) return h;
  }
  return undefined;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));

/** Routes every record of the file; see the header comment. */
export async function routeBatch(model: Model, opts: BatchOptions): Promise<BatchResult> {
  const engine = opts.engine ?? 'sql';
  const mapping = opts.mapping ?? emptyMapping();
  const db = await openDuckDb();
  try {
    const src: Source = await openSource(db, opts.file).catch((e: unknown) => {
      // the reader speaks of deals; here they are records
      throw e instanceof GtmapError
        ? new GtmapError(e.message.replace(/deals (file|report)/g, 'records $1').replace('--deals', '--records'))
        : e;
    });
    const idCol = idHeader(src.headers, opts.idColumn, src.file);
    const plan0 = buildPlan(model);
    const plan: Plan = { ...plan0, fields: new Map(plan0.fields) };
    const cols = new Map(mapping.columns);
    if (idCol !== undefined) cols.set(idCol, 'ignore');
    const match = matchColumns(src.headers, plan, { ...mapping, columns: cols });
    if (match.unmatched.length)
      throw new RecordsInputError(
        src.file,
        match.unmatched.map((u) => `row 1, column ${u.index} "${u.header}": ${u.reason}`),
        `Fix: add the names to the fields' \`crm:\` in the map, or map each column to a field id (or \`ignore\`) under \`columns:\` in a mapping file passed with --mapping (\`gtmap audit init\` writes one).`,
      );
    const matched = src.headers.flatMap((h) => {
      const f = [...match.byField].find(([, c]) => c === h)?.[0];
      return f ? [{ column: h, field: f }] : [];
    });
    const head = routingOf(model, opts.object);
    const base = opts.base ? routingOf(opts.base.model, opts.object) : undefined;
    // only the fields the routing reads are typed (and checked): the other columns are matched, not read
    const read = [...new Set([...head.fields, ...(base?.fields ?? [])])].filter((f) => match.byField.has(f)).sort();
    const columns = new Map(read.map((id) => [id, plan.fields.get(id)!.type] as [string, Field['type']]));
    // NULLIF(TRIM(v), ''), trimming (which copies the text) only a value that starts or ends with a
    // space or holds a non-ASCII character (TRIM also removes the other Unicode spaces)
    const raw = (h: string): string => {
      const v = src.kind === 'csv' ? q(h) : `CAST(${q(h)} AS VARCHAR)`;
      return `CASE WHEN starts_with(${v}, ' ') OR ends_with(${v}, ' ') OR strlen(${v}) <> length(${v}) THEN NULLIF(TRIM(${v}), '') ELSE NULLIF(${v}, '') END`;
    };
    const rawOf = (f: string): string => q(`raw:${f}`);
    /**
     * The typed records. The SQL engine lets DuckDB's reader type the number columns whose first
     * rows are plain numbers (the audit's nativeColumns; such a column is never unreadable), and
     * builds the view again with every column read as text if the reader rejects a value.
     */
    const typedView = async (native: ReadonlyMap<string, string>): Promise<void> => {
      const isNative = (f: string): boolean => native.has(match.byField.get(f)!);
      const checked = read.filter((f) => !isNative(f));
      await db.run(
        `CREATE OR REPLACE TEMP VIEW gtmap_route_typed AS SELECT gtmap_id${read.map((f) => `, ${q(f)}`).join('')}, ${
          checked.length ? checked.map((f) => `(${q(f)} IS NULL AND ${rawOf(f)} IS NOT NULL)`).join(' OR ') : 'FALSE'
        } AS gtmap_bad FROM (SELECT gtmap_id${read.map((f) => `, ${rawOf(f)}, ${isNative(f) ? rawOf(f) : typedExpr(plan.fields.get(f)!, rawOf(f), mapping)} AS ${q(f)}`).join('')} FROM (SELECT ${
          idCol !== undefined ? raw(idCol) : 'CAST(NULL AS VARCHAR)'
        } AS gtmap_id${read.map((f) => `, ${isNative(f) ? q(match.byField.get(f)!) : raw(match.byField.get(f)!)} AS ${rawOf(f)}`).join('')} FROM ${
          native.size ? csvRelation(src.file, src.delimiter!, src.headers, native) : src.relation
        }))`,
      );
    };
    const native =
      engine === 'sql' && opts.native !== 'off'
        ? opts.native === 'force'
          ? new Map(
              read
                .filter((f) => ['number', 'percent'].includes(plan.fields.get(f)!.type) && src.kind === 'csv')
                .map((f) => [match.byField.get(f)!, 'DOUBLE'] as [string, string]),
            )
          : nativeColumns(src, new Map(read.map((f) => [f, match.byField.get(f)!])), plan)
        : new Map<string, string>();
    await typedView(native);
    /** A failed pass, or unreadable cells: the audit's reader locates them (slower, only on this path). */
    const locate = async (cause?: unknown): Promise<never> => {
      const only = { byField: new Map(read.map((f) => [f, match.byField.get(f)!])), unmatched: [] };
      const typed = await loadDeals(db, src, only, plan, mapping, undefined, 'off');
      if (typed.issueCount === 0)
        throw cause ?? new GtmapError(`${src.file}: a value could not be read, and the reader could not say where.`);
      throw new RecordsInputError(
        src.file,
        describeCellIssues(typed, plan),
        'Fix the values in the export, or state their format in the mapping file (--mapping).',
      );
    };
    const emptyCols = head.fields.map((f) => (columns.has(f) ? `${q(f)} IS NULL` : 'TRUE'));
    const changeIds = opts.changeIds ?? 10;

    let groups: Group[];
    let changes: ChangeRow[] = [];
    const emit = opts.onRecord ? rowEmitter(head, opts.onRecord) : undefined;
    if (engine === 'sql') {
      const h = routingSql(head, columns, opts.now, 'h');
      const b = base ? routingSql(base, columns, opts.now, 'b') : undefined;
      // a base rule's index -> the head rule with the same id and team (-1: none), to compare the two sides
      const sameInHead = base
        ? `CASE bk ${base.rules.map((x, j) => `WHEN ${j} THEN ${head.rules.findIndex((y) => keyOf(y.rule) === keyOf(x.rule))}`).join(' ')} END`
        : 'NULL';
      const hKey = (v: unknown): string | null => (v === null || v === undefined ? null : keyOf(head.rules[num(v)]!.rule));
      const bKey = (v: unknown): string | null => (v === null || v === undefined ? null : keyOf(base!.rules[num(v)]!.rule));
      const segCols = [...h.segCols, ...(b?.segCols ?? [])];
      const ruleCols = [...h.ruleCols, ...(b?.ruleCols ?? [])];
      const inner = `SELECT gtmap_id, gtmap_bad, ${h.key} AS k, ${h.stop} AS s, ${h.seg} AS seg${
        emptyCols.length ? `, ${emptyCols.map((e, i) => `${e} AS e${i}`).join(', ')}` : ''
      }${b ? `, ${b.key} AS bk, ${b.stop} AS bs` : ''} FROM (SELECT *${ruleCols.map((c) => `, ${c}`).join('')} FROM (SELECT *${segCols.map((c) => `, ${c}`).join('')} FROM gtmap_route_typed))`;
      // undecided: no rule fires, or the first rule that is not false is not the one that fires
      await db.run(`CREATE TEMP VIEW gtmap_routed AS SELECT *, (k IS NULL OR k <> s) AS u FROM (${inner})`);
      const distribution = `SELECT k, u, CASE WHEN u THEN s END AS s, seg, count(*) AS n, count(*) FILTER (WHERE gtmap_bad) AS bad${emptyCols.map((_, i) => `, count(*) FILTER (WHERE e${i}) AS e${i}`).join('')} FROM gtmap_routed GROUP BY ALL`;
      const rowsOut = await db.all(distribution).catch(async (cause: unknown) => {
        // the reader rejected a value of a column it typed: every column as text, which locates it if it is unreadable
        if (native.size === 0 || opts.native === 'force') return locate(cause);
        await typedView(new Map());
        return db.all(distribution).catch(locate);
      });
      if (rowsOut.some((r) => num(r.bad) > 0)) await locate();
      groups = rowsOut.map((r) => ({
        key: hKey(r.k),
        undecided: r.u === true,
        stop: hKey(r.s),
        seg: num(r.seg),
        n: num(r.n),
        empty: emptyCols.map((_, i) => num(r[`e${i}`])),
      }));
      if (base) {
        // the changed records in file order (a filtered scan keeps it): counted, and the first ids kept, here
        const byChange = new Map<string, ChangeRow>();
        const rowNo = idCol === undefined ? 'row_number() OVER () + 1' : 'NULL';
        await db.stream(
          `SELECT * FROM (SELECT bk, (bk IS NULL OR bk <> bs) AS bu, k, u, gtmap_id, ${rowNo} AS r, ${sameInHead} AS same FROM gtmap_routed) WHERE same IS DISTINCT FROM k OR bu <> u`,
          (chunk) => {
            for (const r of chunk) {
              const c = changeRow(byChange, bKey(r[0]), r[1] === true, hKey(r[2]), r[3] === true);
              if (c.ids.length < changeIds) c.ids.push(r[4] === null ? `row ${num(r[5])}` : String(r[4]));
            }
          },
        );
        changes = [...byChange.values()];
      }
      if (emit) {
        let row = 1;
        await db.stream(`SELECT gtmap_id, k, u, seg FROM gtmap_routed`, (chunk) => {
          for (const r of chunk) emit(++row, r[0] === null ? null : String(r[0]), hKey(r[1]), r[2] === true, num(r[3]));
        });
      }
    } else {
      // the JS engine: typed rows out of DuckDB, dates as the ISO text a record holds
      const ids = [...columns.keys()];
      const sel = ids.map((id) => {
        const ty = columns.get(id)!;
        if (ty === 'date') return `CAST(${q(id)} AS VARCHAR)`;
        if (ty === 'datetime') return `strftime(${q(id)}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
        return q(id);
      });
      const routeHead = routingJs(head, opts.object, opts.now);
      const traced = compileRouting(model, opts.now);
      const routeBase = base ? routingJs(base, opts.object, opts.now) : undefined;
      const byKey = new Map<string, Group>();
      const byChange = new Map<string, ChangeRow>();
      const emptyIdx = head.fields.map((f) => ids.indexOf(f));
      let row = 1;
      let bad = false;
      await db
        .stream(`SELECT gtmap_bad, gtmap_id${sel.map((s) => `, ${s}`).join('')} FROM gtmap_route_typed`, (chunk) => {
          for (const r of chunk) {
            row++;
            if (r[0] === true) bad = true;
            const rec: DataRecord = Object.create(null) as DataRecord;
            for (let i = 0; i < ids.length; i++) {
              const v = r[i + 2];
              if (v !== null && v !== undefined) rec[ids[i]!] = v as string | number | boolean;
            }
            const d = routeHead(rec);
            // the first rule that could not be decided, traced only for undecided records (few)
            const stopRule = d.undecided ? traced(rec, opts.object).trace.find((x) => x.verdict === undefined)?.rule : undefined;
            const stop = stopRule ? keyOf(stopRule) : null;
            const gk = `${d.key}\u0000${d.undecided}\u0000${d.seg}\u0000${stop}`;
            let g = byKey.get(gk);
            if (!g) byKey.set(gk, (g = { key: d.key, undecided: d.undecided, stop, seg: d.seg, n: 0, empty: head.fields.map(() => 0) }));
            g.n++;
            for (let i = 0; i < emptyIdx.length; i++) if (emptyIdx[i]! < 0 || rec[ids[emptyIdx[i]!]!] === undefined) g.empty[i]!++;
            const id = r[1] === null ? null : String(r[1]);
            if (routeBase) {
              const b = routeBase(rec);
              if (b.key !== d.key || b.undecided !== d.undecided) {
                const c = changeRow(byChange, b.key, b.undecided, d.key, d.undecided);
                if (c.ids.length < changeIds) c.ids.push(id ?? `row ${row}`);
              }
            }
            emit?.(row, id, d.key, d.undecided, d.seg);
          }
        })
        .catch(locate);
      if (bad) await locate();
      groups = [...byKey.values()];
      changes = [...byChange.values()];
    }
    const result = summarise(head, groups, {
      file: src.file,
      object: opts.object,
      at: opts.now.toISOString().replace('.000Z', 'Z'),
      engine,
      columns: matched,
      idColumn: idCol ?? null,
      notInFile: head.fields.filter((f) => !columns.has(f)),
    });
    if (base) result.changes = changeSummary(base, head, changes, opts.base!.label, result.total);
    return result;
  } finally {
    db.close();
  }
}

function changeRow(m: Map<string, ChangeRow>, bk: unknown, bu: boolean, hk: unknown, hu: boolean): ChangeRow {
  const b = bk === null ? null : String(bk);
  const h = hk === null ? null : String(hk);
  const key = `${b}\u0000${bu}\u0000${h}\u0000${hu}`;
  let c = m.get(key);
  if (!c) m.set(key, (c = { bk: b, bu, hk: h, hu, n: 0, ids: [] }));
  c.n++;
  return c;
}

function ruleByKey(r: Routing): Map<string, RoutingRule> {
  return new Map(r.rules.map(({ rule }) => [keyOf(rule), rule]));
}

function outcomeOf(rule: RoutingRule | undefined, undecided: boolean): RoutedRow['outcome'] {
  return !rule || undecided ? 'undecided' : isFallback(rule) ? 'fallback' : 'matched';
}

function rowEmitter(
  head: Routing,
  onRecord: (r: RoutedRow) => void,
): (row: number, id: string | null, key: string | null, undecided: boolean, seg: number) => void {
  const rules = ruleByKey(head);
  return (row, id, key, undecided, seg) => {
    const rule = key === null ? undefined : rules.get(key);
    onRecord({
      row,
      id,
      outcome: outcomeOf(rule, undecided),
      rule: rule?.id ?? null,
      team: rule?.assign?.team ?? null,
      queue: rule?.assign?.queue ?? null,
      method: rule?.assign?.method ?? null,
      segment: rule?.segment ?? head.segments[seg]?.id ?? null,
      sla: rule?.firstResponseSla ?? null,
    });
  };
}

/** The fields a rule's scope reads: its segment's rule and its `when`. */
function readBy(model: Model, rule: RoutingRule): Set<string> {
  const out = new Set<string>();
  if (rule.segment !== undefined) fieldsRead(lookup<Segment>(model, 'segment', rule.segment)?.entity.rule, out);
  return fieldsRead(rule.when, out);
}

const SLA = /^(\d+)(m|h|d|bd|w)$/;

/** One SLA in hours: working hours on the calendar for m/h/bd, clock hours for d/w; undefined when bd has no calendar. */
function slaHours(sla: string, dayMs: number | undefined): number | undefined {
  const m = SLA.exec(sla);
  if (!m) return undefined;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'm':
      return n / 60;
    case 'h':
      return n;
    case 'bd':
      return dayMs === undefined ? undefined : (n * dayMs) / 3600e3;
    case 'd':
      return n * 24;
    default:
      return n * 24 * 7;
  }
}

function summarise(head: Routing, groups: Group[], basis: BatchResult['basis']): BatchResult {
  const rules = ruleByKey(head);
  const total = groups.reduce((s, g) => s + g.n, 0);
  const share = (n: number): number => (total === 0 ? 0 : n / total);
  const count = (n: number): Count => ({ leads: n, share: share(n) });
  const outcomes = { matched: 0, fallback: 0, undecided: 0 };
  const byRule = new Map<string | null, { n: number; u: number }>();
  const byTeam = new Map<string | null, Map<string | null, number>>();
  const byMethod = new Map<string | null, number>();
  const bySeg = new Map<string | null, number>();
  const empty = head.fields.map(() => 0);
  const add = <K>(m: Map<K, number>, k: K, n: number): void => void m.set(k, (m.get(k) ?? 0) + n);
  for (const g of groups) {
    const rule = g.key === null ? undefined : rules.get(g.key);
    outcomes[outcomeOf(rule, g.undecided)] += g.n;
    const rk = rule?.id ?? null;
    const r = byRule.get(rk) ?? { n: 0, u: 0 };
    r.n += g.n;
    if (g.undecided) r.u += g.n;
    byRule.set(rk, r);
    const team = rule?.assign?.team ?? null;
    const slas = byTeam.get(team) ?? new Map<string | null, number>();
    add(slas, rule?.firstResponseSla ?? null, g.n);
    byTeam.set(team, slas);
    add(byMethod, rule?.assign?.method ?? null, g.n);
    add(bySeg, rule?.segment ?? head.segments[g.seg]?.id ?? null, g.n);
    const stopRule = g.stop === null ? undefined : rules.get(g.stop);
    if (stopRule) {
      const read = readBy(head.model, stopRule);
      g.empty.forEach((e, i) => {
        if (read.has(head.fields[i]!)) empty[i]! += e;
      });
    }
  }
  const order = new Map(head.rules.map(({ rule }, i) => [rule.id, i]));
  const desc = <T extends { leads: number }>(xs: T[], tie: (x: T) => string): T[] =>
    xs.sort((a, b) => b.leads - a.leads || tie(a).localeCompare(tie(b)));
  const teams: TeamLoad[] = [...byTeam].map(([team, slas]) => {
    const cal = team === null ? 'no team' : calendarFor(head.model, team);
    const dayMs = typeof cal === 'string' ? undefined : businessDayMs(cal);
    let hours: number | null = 0;
    for (const [sla, n] of slas) {
      if (sla === null) continue;
      const h = slaHours(sla, dayMs);
      hours = h === undefined || hours === null ? null : hours + h * n;
    }
    const leads = [...slas.values()].reduce((a, b) => a + b, 0);
    return {
      team,
      ...count(leads),
      sla: [...slas].map(([sla, n]) => ({ sla, leads: n })).sort((a, b) => b.leads - a.leads || String(a.sla).localeCompare(String(b.sla))),
      slaHours: hours === null ? null : Math.round(hours * 100) / 100,
      businessDayHours: dayMs === undefined ? null : dayMs / 3600e3,
      timeZone: typeof cal === 'string' ? null : cal.timeZone,
      basis:
        typeof cal === 'string'
          ? `clock hours (${cal}); business-day SLAs cannot be counted`
          : `working hours, ${dayMs! / 3600e3} h a business day (${cal.timeZone}); m and h SLAs count working time, d and w clock time`,
    };
  });
  return {
    basis,
    total,
    outcomes: { matched: count(outcomes.matched), fallback: count(outcomes.fallback), undecided: count(outcomes.undecided) },
    rules: [...byRule]
      .map(([id, r]) => {
        const rule = id === null ? undefined : head.rules.find((x) => x.rule.id === id)?.rule;
        return {
          rule: id,
          name: rule?.name ?? null,
          team: rule?.assign?.team ?? null,
          queue: rule?.assign?.queue ?? null,
          method: rule?.assign?.method ?? null,
          sla: rule?.firstResponseSla ?? null,
          fallback: rule ? isFallback(rule) : false,
          ...count(r.n),
          undecided: r.u,
        };
      })
      .sort((a, b) => (order.get(a.rule ?? '') ?? 1e9) - (order.get(b.rule ?? '') ?? 1e9)),
    teams: desc(teams, (x) => String(x.team)),
    methods: desc(
      [...byMethod].map(([method, n]) => ({ method, ...count(n) })),
      (x) => String(x.method),
    ),
    segments: desc(
      [...bySeg].map(([segment, n]) => ({ segment, ...count(n) })),
      (x) => String(x.segment),
    ),
    undecidedEmpty: head.fields
      .map((field, i) => ({ field, leads: empty[i]! }))
      .filter((x) => x.leads > 0)
      .sort((a, b) => b.leads - a.leads || a.field.localeCompare(b.field)),
  };
}

function changeSummary(base: Routing, head: Routing, rows: ChangeRow[], label: string, total: number): LeadChanges {
  const br = ruleByKey(base);
  const hr = ruleByKey(head);
  const side = (rules: Map<string, RoutingRule>, key: string | null, undecided: boolean): LeadChangeGroup['from'] => {
    const rule = key === null ? undefined : rules.get(key);
    return { rule: rule?.id ?? null, team: rule?.assign?.team ?? null, outcome: outcomeOf(rule, undecided) };
  };
  const groups = rows
    .map((r) => ({ from: side(br, r.bk, r.bu), to: side(hr, r.hk, r.hu), leads: r.n, ids: r.ids }))
    .sort(
      (a, b) =>
        String(a.from.team).localeCompare(String(b.from.team)) ||
        String(a.to.team).localeCompare(String(b.to.team)) ||
        b.leads - a.leads ||
        String(a.from.rule).localeCompare(String(b.from.rule)) ||
        String(a.to.rule).localeCompare(String(b.to.rule)),
    );
  return { base: label, changed: rows.reduce((s, r) => s + r.n, 0), total, groups };
}

/** The team entity's name, for output. */
export function teamName(model: Model, id: string | null): string {
  if (id === null) return '(none)';
  return lookup<Team>(model, 'team', id)?.entity.name ?? id;
}

/**
 * The map folder as it was at a git ref (read from git objects, nothing checked out), modelled and
 * validated; the model `--base` routes the same records with. Errors are located in `ref:path`.
 */
export async function loadModelAt(folder: string, ref: string, flag = '--base', cwd: string = process.cwd()): Promise<Model> {
  const { resolve, join, relative, sep } = await import('node:path');
  const { existsSync } = await import('node:fs');
  const { openRepo, readSide, repoPath, resolveCommit } = await import('../diff/git.js');
  const { loadMapFromFiles } = await import('../load/index.js');
  const { buildModel } = await import('../model/index.js');
  const { validate } = await import('../validate/index.js');
  const abs = resolve(cwd, folder);
  const repo = openRepo(existsSync(abs) ? abs : cwd);
  const sha = resolveCommit(repo, ref, flag);
  const side = readSide(repo, sha, repoPath(repo, abs));
  if (!side.files) throw new GtmapError(`${flag} ${ref}: there is no map at ${folder} in that commit.`);
  const shown = relative(cwd, join(repo.root, side.folder)).split(sep).join('/') || '.';
  const loaded = loadMapFromFiles(`${ref}:${side.folder || '.'}`, side.files, `${ref}:${shown === '.' ? '' : `${shown}/`}`);
  const model = buildModel(loaded);
  const errors = [...loaded.diagnostics, ...validate(model)].filter((d) => d.severity === 'error');
  if (errors.length)
    throw new GtmapError(
      `${flag} ${ref}: the map at that commit has ${errors.length} error${errors.length === 1 ? '' : 's'}, so it cannot route:\n${errors
        .slice(0, 10)
        .map((d) => `  ${d.file}:${d.line}:${d.column}  ${d.message}  ${d.ruleId}`)
        .join('\n')}`,
    );
  return model;
}
