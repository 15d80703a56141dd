// The audit as embedded DuckDB runs it over a large export. The one pass over the file stores a
// narrow table in the file's order: the deal's role columns, every exit criterion's verdict packed
// two bits to a criterion into a few integers, whether each required field is empty one bit to a
// field, and the segment. What the stage decides (which criteria gate it, which fields it
// requires) is a mask per stage value, so the per-deal flags are a few bit operations instead of a
// CASE per criterion. The views keep the names and meaning of views.ts's gtmap_deal_audit (the
// warehouse SQL, which `--emit-sql` prints, is views.ts unchanged); a wide table of booleans costs
// DuckDB far more to store in order than these few integers.
import { toSql, quoteIdent, quoteText } from './sql.js';
import type { Plan, PlanCriterion } from './plan.js';
import { critColumn, requiredColumn, segmentExpr } from './views.js';

const q = (s: string): string => quoteIdent(s, 'duckdb');
const t = (s: string): string => quoteText(s, 'duckdb');

/** Criteria per verdict word (two bits each: 0 pass, 1 fail, 2 unknown) and required fields per empty word. */
const PER_VERDICT_WORD = 32;
const PER_EMPTY_WORD = 64;

export interface Packing {
  /** Every open stage's criteria, in pipeline and stage order; a criterion's position is its slot. */
  criteria: PlanCriterion[];
  /** Required fields that have a column, in plan order; a field's position is its bit. */
  required: string[];
  verdictWords: number;
  emptyWords: number;
}

export function packing(plan: Plan, columns: ReadonlySet<string>): Packing {
  const criteria = plan.pipelines.flatMap((p) => p.open.flatMap((s) => s.criteria));
  const required = [...plan.required.keys()].filter((f) => columns.has(f));
  return {
    criteria,
    required,
    verdictWords: Math.ceil(criteria.length / PER_VERDICT_WORD),
    emptyWords: Math.ceil(required.length / PER_EMPTY_WORD),
  };
}

const verdictWord = (w: number): string => `gtmap_v${w}`;
const emptyWord = (w: number): string => `gtmap_e${w}`;
const gateWord = (w: number): string => `gtmap_gate${w}`;
const requireWord = (w: number): string => `gtmap_req${w}`;
const ubig = (n: bigint): string => `CAST('${n.toString()}' AS UBIGINT)`;

/** The 2-bit slots (both bits) of the given criteria, per verdict word. */
function slotMasks(pk: Packing, keys: ReadonlySet<string>): bigint[] {
  const words = Array.from({ length: pk.verdictWords }, () => 0n);
  pk.criteria.forEach((c, i) => {
    if (keys.has(c.key)) words[Math.floor(i / PER_VERDICT_WORD)]! |= 3n << BigInt(2 * (i % PER_VERDICT_WORD));
  });
  return words;
}

/**
 * The select list of the one pass, over a relation of typed field columns: the role columns as
 * they are, the verdict words, the empty words and the segment.
 */
export function packedProjection(plan: Plan, columns: ReadonlySet<string>, asOf: Date): string[] {
  const col = (field: string | undefined): string | undefined => (field !== undefined && columns.has(field) ? q(field) : undefined);
  const sqlCtx = { fields: (id: string) => plan.fields.get(id), column: col, now: asOf, dialect: 'duckdb' as const };
  const pk = packing(plan, columns);
  const roles = new Set(
    [
      plan.roles.id,
      plan.roles.stage,
      plan.roles.pipeline,
      plan.roles['forecast-category'],
      plan.roles.owner,
      plan.roles.amount,
      plan.roles['close-date'],
      plan.roles['stage-entered-at'],
    ].filter((f): f is string => col(f) !== undefined),
  );
  const words = (n: number, per: number, term: (i: number) => string, count: number, name: (w: number) => string): string[] =>
    Array.from({ length: n }, (_, w) => {
      const terms: string[] = [];
      for (let i = w * per; i < Math.min(count, (w + 1) * per); i++) terms.push(term(i));
      return `(${terms.join(' + ')}) AS ${name(w)}`;
    });
  return [
    ...[...roles].map(q),
    // a verdict's code: NOT TRUE is 0 (pass), NOT FALSE is 1 (fail), unknown is 2
    ...words(
      pk.verdictWords,
      PER_VERDICT_WORD,
      (i) => `(COALESCE(CAST(NOT ${toSql(pk.criteria[i]!.check, sqlCtx)} AS UBIGINT), 2) << ${2 * (i % PER_VERDICT_WORD)})`,
      pk.criteria.length,
      verdictWord,
    ),
    ...words(
      pk.emptyWords,
      PER_EMPTY_WORD,
      (i) => `(CAST(${col(pk.required[i])} IS NULL AS UBIGINT) << ${i % PER_EMPTY_WORD})`,
      pk.required.length,
      emptyWord,
    ),
    `${segmentExpr(plan, 'duckdb', col, sqlCtx)} AS ${q('gtmap_segment')}`,
  ];
}

/** Per stage (a relation with `gtmap_stage`): the slots of the criteria that gate it, and the bits of the fields it requires. */
export function stageMasks(plan: Plan, columns: ReadonlySet<string>): string[] {
  const pk = packing(plan, columns);
  const open = plan.pipelines.flatMap((p) => p.open);
  const gate = open.map((s) => {
    const p = plan.pipelines.find((x) => x.id === s.pipeline)!;
    return slotMasks(pk, new Set(p.open.filter((e) => e.index < s.index).flatMap((e) => e.criteria.map((c) => c.key))));
  });
  const req = open.map((s) => {
    const words = Array.from({ length: pk.emptyWords }, () => 0n);
    pk.required.forEach((f, j) => {
      if (plan.required.get(f)!.has(s.id)) words[Math.floor(j / PER_EMPTY_WORD)]! |= 1n << BigInt(j % PER_EMPTY_WORD);
    });
    return words;
  });
  const caseOf = (values: bigint[]): string =>
    `COALESCE(CASE ${q('gtmap_stage')} ${open.map((s, i) => `WHEN ${t(s.id)} THEN ${ubig(values[i]!)}`).join(' ')} END, ${ubig(0n)})`;
  return [
    ...Array.from({ length: pk.verdictWords }, (_, w) => `${caseOf(gate.map((g) => g[w]!))} AS ${gateWord(w)}`),
    ...Array.from({ length: pk.emptyWords }, (_, w) => `${caseOf(req.map((r) => r[w]!))} AS ${requireWord(w)}`),
  ];
}

/** The column names stageMasks adds, for the join that carries them to every row. */
export function stageMaskColumns(plan: Plan, columns: ReadonlySet<string>): string[] {
  const pk = packing(plan, columns);
  return [
    ...Array.from({ length: pk.verdictWords }, (_, w) => gateWord(w)),
    ...Array.from({ length: pk.emptyWords }, (_, w) => requireWord(w)),
  ];
}

/** The packed words a deal row of gtmap_deal_audit carries (verdicts, empties, its stage's masks): read by decodedColumns, never by a format. */
export function packedWordColumns(plan: Plan, columns: ReadonlySet<string>): string[] {
  const pk = packing(plan, columns);
  return [
    ...Array.from({ length: pk.verdictWords }, (_, w) => verdictWord(w)),
    ...Array.from({ length: pk.emptyWords }, (_, w) => emptyWord(w)),
    ...stageMaskColumns(plan, columns),
  ];
}

/**
 * `gtmap_deal_audit` over `source` (the packed rows joined to the stage masks, open stages only):
 * the columns of views.ts's view of that name that the totals and the push join read, from bit
 * counts. The per-criterion verdicts, required-but-empty fields and the honest stage are decoded
 * only for the deals returned (`decodedColumns`).
 */
export function packedAuditView(plan: Plan, columns: ReadonlySet<string>, source: string, rowColumn: string): string {
  const pk = packing(plan, columns);
  const col = (field: string | undefined): string | undefined => (field !== undefined && columns.has(field) ? q(field) : undefined);
  const roles = plan.roles;
  const entered = col(roles['stage-entered-at']);
  const stale =
    entered === undefined
      ? 'CAST(NULL AS BOOLEAN)'
      : `CASE WHEN ${q('gtmap_stale_before')} IS NULL THEN FALSE ELSE (CAST(${entered} AS TIMESTAMP) < ${q('gtmap_stale_before')}) END`;
  const lowBits = ubig(0x5555555555555555n);
  const sum = (xs: string[]): string => (xs.length ? xs.join(' + ') : '0');
  const failed = sum(Array.from({ length: pk.verdictWords }, (_, w) => `bit_count(${verdictWord(w)} & ${gateWord(w)} & ${lowBits})`));
  const unknown = sum(
    Array.from({ length: pk.verdictWords }, (_, w) => `bit_count(${verdictWord(w)} & ${gateWord(w)} & ${ubig(0xaaaaaaaaaaaaaaaan)})`),
  );
  const empty = sum(Array.from({ length: pk.emptyWords }, (_, w) => `bit_count(${emptyWord(w)} & ${requireWord(w)})`));
  const idCol = col(roles.id);
  const ownerCol = col(roles.owner);
  return `CREATE VIEW gtmap_deal_audit AS
SELECT a.*,
  (a.${q('gates_failed')} = 0 AND a.${q('gates_unknown')} = 0 AND NOT a.${q('is_stale')}) AS ${q('honest')}
FROM (
  SELECT c.*,
    COALESCE(c.${q('stale')}, FALSE) AS ${q('is_stale')},
    (c.${q('crm_category')} IS NOT NULL AND c.${q('crm_category')} <> c.${q('stage_category')}) AS ${q('category_mismatch')}
  FROM (
    SELECT ${q(rowColumn)},
      ${idCol ? `CAST(${idCol} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)'} AS ${q('deal_id')},
      ${q('gtmap_pipeline')} AS ${q('pipeline')},
      ${q('gtmap_stage')} AS ${q('stage')},
      ${q('gtmap_stage_index')} AS ${q('stage_index')},
      ${col(roles.amount) ?? 'NULL'} AS ${q('amount')},
      ${col(roles['close-date']) ?? 'NULL'} AS ${q('close_date')},
      ${entered ?? 'NULL'} AS ${q('stage_entered_at')},
      COALESCE(CAST(${ownerCol ?? 'NULL'} AS VARCHAR), '(none)') AS ${q('owner')},
      COALESCE(${q('gtmap_segment')}, '(none)') AS ${q('segment')},
      ${q('gtmap_crm_category')} AS ${q('crm_category')},
      ${q('gtmap_stage_category')} AS ${q('stage_category')},
      ${stale} AS ${q('stale')},
      ${failed} AS ${q('gates_failed')},
      ${unknown} AS ${q('gates_unknown')},
      ${empty} AS ${q('required_empty')},
      ${packedWordColumns(plan, columns).join(', ') || 'NULL AS gtmap_none'}
    FROM ${source}
  ) AS c
) AS a`;
}

/** The columns views.ts's gtmap_deal_audit has per deal that the packed view keeps in words: each criterion's verdict, each required field's emptiness at the stage, the honest stage. */
export function decodedColumns(plan: Plan, columns: ReadonlySet<string>): string[] {
  const pk = packing(plan, columns);
  const crit = pk.criteria.map((c, i) => {
    const code = `((${verdictWord(Math.floor(i / PER_VERDICT_WORD))} >> ${2 * (i % PER_VERDICT_WORD)}) & 3)`;
    return `CASE ${code} WHEN 0 THEN TRUE WHEN 1 THEN FALSE END AS ${q(critColumn(c.key))}`;
  });
  const req = pk.required.map((f, j) => {
    const w = Math.floor(j / PER_EMPTY_WORD);
    return `(((${emptyWord(w)} & ${requireWord(w)}) >> ${j % PER_EMPTY_WORD}) & 1 = 1) AS ${q(requiredColumn(f))}`;
  });
  // the first stage below the deal's whose criteria do not all pass (any slot not 0), as views.ts's CASE
  const arms = plan.pipelines.flatMap((p) =>
    p.open
      .filter((s) => s.criteria.length > 0)
      .map((s) => {
        const masks = slotMasks(pk, new Set(s.criteria.map((c) => c.key)));
        const any = masks
          .map((m, w) => (m === 0n ? undefined : `(${verdictWord(w)} & ${ubig(m)}) <> 0`))
          .filter((x): x is string => x !== undefined)
          .join(' OR ');
        return `WHEN ${q('pipeline')} = ${t(p.id)} AND ${q('stage_index')} > ${s.index} AND (${any}) THEN ${t(s.id)}`;
      }),
  );
  return [...crit, ...req, `${arms.length ? `CASE ${arms.join(' ')} ELSE ${q('stage')} END` : q('stage')} AS ${q('honest_stage')}`];
}
