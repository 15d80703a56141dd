// The audit as SQL views over a table of deals whose columns are named by field id (typed: numbers,
// booleans, DATE/TIMESTAMP, text; NULL when empty). The same text runs in embedded DuckDB for
// `gtmap audit` and is printed by `--emit-sql` for a warehouse:
//   gtmap_deals       the source, with its pipeline, stage and CRM forecast category mapped to map ids
//   gtmap_deal_checks one row per open deal: every exit criterion's verdict, stale, required-but-empty
//   gtmap_deal_audit  the honest stage, counts of failing and unknown gates, mismatch, honest (kept)
//   gtmap_totals      before and after, by pipeline, stage, segment and owner, per forecast category
import { toSql, type Dialect, quoteIdent as qi, quoteText, timestampLiteral, asTimestamp } from './sql.js';
import { norm, type Plan, type PlanStage } from './plan.js';

export interface ViewOptions {
  dialect: Dialect;
  /** The source relation, already quoted if needed. */
  source: string;
  /** Field ids that have a column in the source. */
  columns: ReadonlySet<string>;
  asOf: Date;
  /** Extra value names from a mapping file: pipeline id -> names; stage id -> names; category id -> names. */
  extraNames?: { pipelines?: Map<string, string[]>; stages?: Map<string, string[]>; categories?: Map<string, string[]> };
  /** Where the totals read the per-deal results: the gtmap_deal_audit view, or a table made from it once (DuckDB). */
  totalsFrom?: string;
  /** A source column carried through to the per-deal views (the row number of the export). */
  rowColumn?: string;
  /** The prefix of every view name (a schema, e.g. `analytics.`), already quoted. */
  prefix?: string;
  /**
   * The totals in one pass with grouping sets, counting flagged deals (`flagged`), as embedded
   * DuckDB runs them over packed.ts's gtmap_deal_audit; the warehouse SQL keeps four GROUP BYs.
   */
  groupingSets?: boolean;
  /** With `groupingSets`: a condition on the totals' source that flags a deal; the totals count them (`gtmap_flagged`). */
  flagged?: string;
}

export const VIEW_NAMES = ['gtmap_deals', 'gtmap_deal_checks', 'gtmap_deal_audit', 'gtmap_totals'] as const;

export const critColumn = (key: string): string => `c:${key}`;
export const requiredColumn = (field: string): string => `r:${field}`;
export const beforeColumn = (cat: string): string => `before:${cat}`;
export const afterColumn = (cat: string): string => `after:${cat}`;

const textType = (d: Dialect): string => (d === 'bigquery' ? 'STRING' : 'VARCHAR');
const nullBool = (d: Dialect): string => `CAST(NULL AS ${d === 'bigquery' ? 'BOOL' : 'BOOLEAN'})`;

/** The names a stage, pipeline or category value may have in the data, lower-cased and trimmed, as SQL matches them. */
function valueList(names: readonly string[], d: Dialect): string {
  return [...new Set(names.map(norm))].map((n) => quoteText(n, d)).join(', ');
}

/**
 * What a deal's stage decides, as a select list over a relation with a `gtmap_stage` column (the
 * distinct stage values, in DuckDB): the stage's position, its forecast category, and the
 * instant before which a deal entered it is stale. packed.ts's views read these.
 */
export function stageAttributes(plan: Plan, o: Pick<ViewOptions, 'dialect' | 'asOf'>): string[] {
  const d = o.dialect;
  const q = (s: string): string => qi(s, d);
  const t = (s: string): string => quoteText(s, d);
  const open = plan.pipelines.flatMap((p) => p.open);
  const caseStage = (f: (s: PlanStage) => string | undefined, type: string): string => {
    const arms = open.map((s) => [s, f(s)] as const).filter(([, v]) => v !== undefined);
    return arms.length
      ? `CASE ${q('gtmap_stage')} ${arms.map(([s, v]) => `WHEN ${t(s.id)} THEN ${v}`).join(' ')} END`
      : `CAST(NULL AS ${type})`;
  };
  return [
    `${caseStage((s) => String(s.index), 'INTEGER')} AS ${q('gtmap_stage_index')}`,
    `${caseStage((s) => (s.category ? t(s.category) : undefined), textType(d))} AS ${q('gtmap_stage_category')}`,
    `${caseStage((s) => (s.staleMs === undefined ? undefined : timestampLiteral(o.asOf.getTime() - s.staleMs, d)), 'TIMESTAMP')} AS ${q('gtmap_stale_before')}`,
  ];
}

/** A deal's segment: the segment column, else the first segment whose rule holds. */
export function segmentExpr(
  plan: Plan,
  d: Dialect,
  col: (field: string | undefined) => string | undefined,
  sqlCtx: Parameters<typeof toSql>[1],
): string {
  const segCol = col(plan.roles.segment);
  return segCol !== undefined
    ? `CAST(${segCol} AS ${textType(d)})`
    : plan.segments.length
      ? `CASE ${plan.segments.map((sg) => `WHEN ${toSql(sg.rule, sqlCtx)} THEN ${quoteText(sg.id, d)}`).join(' ')} END`
      : `CAST(NULL AS ${textType(d)})`;
}

export function auditViews(plan: Plan, o: ViewOptions): string[] {
  const d = o.dialect;
  const q = (s: string): string => qi(s, d);
  const t = (s: string): string => quoteText(s, d);
  const col = (field: string | undefined): string | undefined => (field !== undefined && o.columns.has(field) ? q(field) : undefined);
  const prefix = o.prefix ?? '';
  const view = (name: string): string => `${prefix}${q(name)}`;
  const lowerTrim = (c: string): string => `LOWER(TRIM(${c}))`;
  const roles = plan.roles;
  const extra = (m: Map<string, string[]> | undefined, id: string): string[] => m?.get(id) ?? [];

  // ---- gtmap_deals: pipeline, stage and category ids
  const stageCol = col(roles.stage);
  const pipelineCol = col(roles.pipeline);
  const catCol = col(roles['forecast-category']);
  if (stageCol === undefined) throw new Error('auditViews: the data has no stage column');
  let pipelineExpr: string;
  if (pipelineCol !== undefined) {
    pipelineExpr = `CASE ${plan.pipelines
      .map(
        (p) => `WHEN ${lowerTrim(pipelineCol)} IN (${valueList([...p.names, ...extra(o.extraNames?.pipelines, p.id)], d)}) THEN ${t(p.id)}`,
      )
      .join(' ')} END`;
  } else {
    // no pipeline column: a stage value names its pipeline, when it is a name in exactly one pipeline
    const owners = new Map<string, Set<string>>();
    for (const p of plan.pipelines)
      for (const s of p.stages)
        for (const n of [...s.names, ...extra(o.extraNames?.stages, s.id)])
          owners.set(norm(n), (owners.get(norm(n)) ?? new Set()).add(p.id));
    pipelineExpr = `CASE ${plan.pipelines
      .map((p) => {
        const names = [...owners].filter(([, ps]) => ps.size === 1 && ps.has(p.id)).map(([n]) => n);
        return names.length ? `WHEN ${lowerTrim(stageCol)} IN (${valueList(names, d)}) THEN ${t(p.id)}` : '';
      })
      .filter(Boolean)
      .join(' ')} END`;
  }
  const stageExpr = `CASE ${plan.pipelines
    .flatMap((p) =>
      p.stages.map(
        (s) =>
          `WHEN ${q('gtmap_pipeline')} = ${t(p.id)} AND ${lowerTrim(stageCol)} IN (${valueList([...s.names, ...extra(o.extraNames?.stages, s.id)], d)}) THEN ${t(s.id)}`,
      ),
    )
    .join(' ')} END`;
  const catExpr =
    catCol === undefined
      ? `CAST(NULL AS ${textType(d)})`
      : `CASE ${plan.categories
          .map(
            (c) => `WHEN ${lowerTrim(catCol)} IN (${valueList([...c.names, ...extra(o.extraNames?.categories, c.id)], d)}) THEN ${t(c.id)}`,
          )
          .join(' ')} END`;
  const deals = `CREATE VIEW ${view('gtmap_deals')} AS
SELECT s.*, ${stageExpr} AS ${q('gtmap_stage')}
FROM (SELECT src.*, ${pipelineExpr} AS ${q('gtmap_pipeline')}, ${catExpr} AS ${q('gtmap_crm_category')} FROM ${o.source} AS src) AS s`;

  // ---- gtmap_deal_checks: per open deal
  const open: PlanStage[] = plan.pipelines.flatMap((p) => p.open);
  const caseStage = (f: (s: PlanStage) => string | undefined, otherwise: string): string => {
    const arms = open.map((s) => [s, f(s)] as const).filter(([, v]) => v !== undefined);
    return arms.length
      ? `CASE ${q('gtmap_stage')} ${arms.map(([s, v]) => `WHEN ${t(s.id)} THEN ${v}`).join(' ')} ELSE ${otherwise} END`
      : otherwise;
  };
  const sqlCtx = { fields: (id: string) => plan.fields.get(id), column: col, now: o.asOf, dialect: d };
  const criteria = open.flatMap((s) => s.criteria);
  const entered = col(roles['stage-entered-at']);
  const stale =
    entered === undefined
      ? nullBool(d)
      : caseStage(
          (s) => (s.staleMs === undefined ? undefined : `(${asTimestamp(entered)} < ${timestampLiteral(o.asOf.getTime() - s.staleMs, d)})`),
          'FALSE',
        );
  const required = [...plan.required].filter(([f]) => col(f) !== undefined);
  const segExpr = segmentExpr(plan, d, col, sqlCtx);
  const idCol = col(roles.id);
  const ownerCol = col(roles.owner);
  const amountCol = col(roles.amount);
  const closeCol = col(roles['close-date']);
  const checks = `CREATE VIEW ${view('gtmap_deal_checks')} AS
SELECT${o.rowColumn ? `\n  ${q(o.rowColumn)},` : ''}
  ${idCol ? `CAST(${idCol} AS ${textType(d)})` : `CAST(NULL AS ${textType(d)})`} AS ${q('deal_id')},
  ${q('gtmap_pipeline')} AS ${q('pipeline')},
  ${q('gtmap_stage')} AS ${q('stage')},
  ${caseStage((s) => String(s.index), 'NULL')} AS ${q('stage_index')},
  ${amountCol ?? 'NULL'} AS ${q('amount')},
  ${closeCol ?? 'NULL'} AS ${q('close_date')},
  ${entered ?? 'NULL'} AS ${q('stage_entered_at')},
  COALESCE(CAST(${ownerCol ?? 'NULL'} AS ${textType(d)}), '(none)') AS ${q('owner')},
  COALESCE(${segExpr}, '(none)') AS ${q('segment')},
  ${q('gtmap_crm_category')} AS ${q('crm_category')},
  ${caseStage((s) => (s.category ? t(s.category) : undefined), `CAST(NULL AS ${textType(d)})`)} AS ${q('stage_category')},
${criteria.map((c) => `  ${toSql(c.check, sqlCtx)} AS ${q(critColumn(c.key))},`).join('\n')}
${required.map(([f, at]) => `  CASE WHEN ${q('gtmap_stage')} IN (${[...at].map(t).join(', ')}) THEN ${col(f)} IS NULL ELSE FALSE END AS ${q(requiredColumn(f))},`).join('\n')}
  ${stale} AS ${q('stale')}
FROM ${view('gtmap_deals')}
WHERE ${q('gtmap_stage')} IN (${open.map((s) => t(s.id)).join(', ') || 'NULL'})`;

  // ---- gtmap_deal_audit: honest stage and the flags
  // 1 where a condition holds, else 0 (also when it is unknown); DuckDB adds up booleans much faster than CASEs
  const count = (cond: string): string => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
  const gateTerms = (verdict: 'FALSE' | 'NULL'): string => {
    const terms = plan.pipelines.flatMap((p) =>
      p.open.flatMap((s) =>
        s.criteria.map((c) =>
          count(
            `${q('pipeline')} = ${t(p.id)} AND ${q('stage_index')} > ${s.index} AND ${verdict === 'FALSE' ? `${q(critColumn(c.key))} = FALSE` : `${q(critColumn(c.key))} IS NULL`}`,
          ),
        ),
      ),
    );
    return terms.length ? terms.join(' + ') : '0';
  };
  const honestArms = plan.pipelines.flatMap((p) =>
    p.open
      .filter((s) => s.criteria.length > 0)
      .map(
        (s) =>
          `WHEN ${q('pipeline')} = ${t(p.id)} AND ${q('stage_index')} > ${s.index} AND NOT COALESCE(${s.criteria.map((c) => q(critColumn(c.key))).join(' AND ')}, FALSE) THEN ${t(s.id)}`,
      ),
  );
  const reqCount = required.length ? required.map(([f]) => count(q(requiredColumn(f)))).join(' + ') : '0';
  const audit = `CREATE VIEW ${view('gtmap_deal_audit')} AS
SELECT a.*,
  (a.${q('gates_failed')} = 0 AND a.${q('gates_unknown')} = 0 AND NOT a.${q('is_stale')}) AS ${q('honest')}
FROM (
  SELECT c.*,
    ${honestArms.length ? `CASE ${honestArms.join(' ')} ELSE ${q('stage')} END` : q('stage')} AS ${q('honest_stage')},
    ${gateTerms('FALSE')} AS ${q('gates_failed')},
    ${gateTerms('NULL')} AS ${q('gates_unknown')},
    COALESCE(${q('stale')}, FALSE) AS ${q('is_stale')},
    (${q('crm_category')} IS NOT NULL AND ${q('crm_category')} <> ${q('stage_category')}) AS ${q('category_mismatch')},
    ${reqCount} AS ${q('required_empty')}
  FROM ${view('gtmap_deal_checks')} AS c
) AS a`;

  // ---- gtmap_totals: before and after, by pipeline, stage, segment and owner
  const amount = `COALESCE(${q('amount')}, 0)`;
  const measures = [
    `COUNT(*) AS ${q('deals')}`,
    `SUM(${amount}) AS ${q('amount')}`,
    `SUM(CASE WHEN ${q('honest')} THEN 1 ELSE 0 END) AS ${q('honest_deals')}`,
    `SUM(CASE WHEN ${q('honest')} THEN ${amount} ELSE 0 END) AS ${q('honest_amount')}`,
    `SUM(CASE WHEN ${q('gates_failed')} > 0 THEN 1 ELSE 0 END) AS ${q('failing_deals')}`,
    `SUM(CASE WHEN ${q('gates_failed')} = 0 AND ${q('gates_unknown')} > 0 THEN 1 ELSE 0 END) AS ${q('unknown_deals')}`,
    `SUM(CASE WHEN ${q('is_stale')} THEN 1 ELSE 0 END) AS ${q('stale_deals')}`,
    `SUM(CASE WHEN ${q('category_mismatch')} THEN 1 ELSE 0 END) AS ${q('mismatch_deals')}`,
    ...plan.categories.flatMap((c) => [
      `SUM(CASE WHEN COALESCE(${q('crm_category')}, ${q('stage_category')}) = ${t(c.id)} THEN ${amount} ELSE 0 END) AS ${q(beforeColumn(c.id))}`,
      `SUM(CASE WHEN ${q('honest')} AND ${q('stage_category')} = ${t(c.id)} THEN ${amount} ELSE 0 END) AS ${q(afterColumn(c.id))}`,
    ]),
  ].join(',\n    ');
  const by = (dim: string, value: string | undefined): string =>
    `  SELECT ${t(dim)} AS ${q('dimension')}, ${q('pipeline')}, ${value === undefined ? `CAST(NULL AS ${textType(d)})` : q(value)} AS ${q('value')},
    ${measures}
  FROM ${o.totalsFrom ?? view('gtmap_deal_audit')}
  GROUP BY ${q('pipeline')}${value === undefined ? '' : `, ${q(value)}`}`;
  // DuckDB: one pass with grouping sets (the same rows as the four GROUP BYs), and a count of flagged deals
  const grouped = (g: string): string => `GROUPING(${q(g)}) = 0`;
  const totals = o.groupingSets
    ? `CREATE VIEW ${view('gtmap_totals')} AS
SELECT CASE WHEN ${grouped('stage')} THEN 'stage' WHEN ${grouped('segment')} THEN 'segment' WHEN ${grouped('owner')} THEN 'owner' ELSE 'pipeline' END AS ${q('dimension')},
  ${q('pipeline')},
  CASE WHEN ${grouped('stage')} THEN ${q('stage')} WHEN ${grouped('segment')} THEN ${q('segment')} WHEN ${grouped('owner')} THEN ${q('owner')} END AS ${q('value')},
  ${measures}${
    o.flagged
      ? `,
  SUM(CASE WHEN ${o.flagged} THEN 1 ELSE 0 END) AS ${q('gtmap_flagged')}`
      : ''
  }
FROM ${o.totalsFrom ?? view('gtmap_deal_audit')}
GROUP BY GROUPING SETS ((${q('pipeline')}), (${q('pipeline')}, ${q('stage')}), (${q('pipeline')}, ${q('segment')}), (${q('pipeline')}, ${q('owner')}))`
    : `CREATE VIEW ${view('gtmap_totals')} AS
${[by('pipeline', undefined), by('stage', 'stage'), by('segment', 'segment'), by('owner', 'owner')].join('\nUNION ALL\n')}`;
  return [deals, checks, audit, totals];
}
