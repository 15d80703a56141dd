// `gtmap audit`: the map's exit criteria, stale windows and forecast categories run against a deal
// export. model -> plan -> DuckDB (read, type, check in SQL views) -> AuditResult. Anything the
// run cannot match stops it with a located list, never a guess.
import { GtmapError } from '../errors.js';
import type { Model } from '../model/index.js';
import { emptyMapping, type Mapping } from './mapping.js';
import { loadPushes, type PushBasis } from './history.js';
import { buildPlan, norm, type Plan, type PlanStage } from './plan.js';
import { type Db, describeCellIssues, type DuckDb, loadRows, matchColumns, openDuckDb, openSource, type Source } from './source.js';
import { quoteIdent, quoteText } from './sql.js';
import { decodedColumns, packedAuditView, packedProjection, packedWordColumns, stageMaskColumns, stageMasks } from './packed.js';
import { afterColumn, auditViews, beforeColumn, critColumn, requiredColumn, stageAttributes } from './views.js';

export { buildPlan, type Plan } from './plan.js';
export { loadMapping, type Mapping } from './mapping.js';

export type VerdictName = 'pass' | 'fail' | 'unknown';

export interface CriterionResult {
  stage: string;
  id: string;
  text: string;
  verdict: VerdictName;
  /** True for the criteria of earlier stages, which must hold for the deal to be at its stage. */
  gate: boolean;
}

export interface DealResult {
  id: string;
  row: number;
  pipeline: string;
  stage: string;
  honestStage: string;
  amount: number | null;
  closeDate: string | null;
  owner: string;
  segment: string;
  criteria: CriterionResult[];
  failing: { stage: string; id: string; text: string }[];
  unknown: { stage: string; id: string; text: string }[];
  stale: {
    stale: boolean | null;
    stageEnteredAt: string | null;
    daysInStage: number | null;
    staleAfter: string | null;
    question: string | null;
    action: string | null;
  };
  categoryMismatch: { crm: string; stage: string } | null;
  requiredEmpty: string[];
  /** Close-date pushes (null: unknown, see closeDatePushes.reason); never a guessed 0. */
  pushes: number | null;
  closeDatePushes: {
    pushes: number | null;
    /** Days the close date moved later, over all pushes. */
    daysPushed: number | null;
    /** The date of the last push (with snapshots: the snapshot that first shows it). */
    lastPush: string | null;
    /** The pipeline's maxCloseDatePushes, if it sets one. */
    max: number | null;
    /** More pushes than max: the deal is flagged. */
    over: boolean;
    /** Why pushes is null ("insufficient history: …"), else null. */
    reason: string | null;
  };
  honest: boolean;
  flagged: boolean;
}

export interface Totals {
  dimension: 'pipeline' | 'stage' | 'segment' | 'owner';
  pipeline: string;
  value: string | null;
  deals: number;
  amount: number;
  honestDeals: number;
  honestAmount: number;
  failingDeals: number;
  unknownDeals: number;
  staleDeals: number;
  mismatchDeals: number;
  /** Amount per forecast category: as the CRM reports it (before) and of honest deals by their stage (after). */
  categories: Record<string, { before: number; after: number }>;
}

export interface AuditResult {
  basis: {
    asOf: string;
    deals: string;
    rows: number;
    openDeals: number;
    closedDeals: number;
    checks: string[];
    notChecked: string[];
    currency: string | null;
    history: string;
  };
  pipelines: { id: string; name: string }[];
  stages: Record<string, { name: string; pipeline: string; category: string | null }>;
  categories: { id: string; name: string; kind: string; inForecast: boolean }[];
  deals: DealResult[];
  /** How many deals are flagged in all (deals[] may hold fewer: --limit). */
  flaggedDeals: number;
  totals: Totals[];
  headline: string[];
}

export interface AuditOptions {
  dealsFile: string;
  asOf: Date;
  mapping?: Mapping;
  /** Which deals to return: every open deal, only flagged ones, or only the first n flagged ones. */
  deals: 'all' | 'flagged' | { flagged: number };
  /** A field-history export (Salesforce OpportunityFieldHistory style, or HubSpot property history) for close-date pushes. */
  history?: string;
  /** Earlier exports of the same deals, each with the date it was taken, for close-date pushes. */
  snapshots?: { file: string; asOf: Date }[];
  /**
   * Hands the deals over a chunk at a time instead of in the result (whose `deals` is then
   * empty): `begin` gets the result first, then `deals` each chunk in file order. An export of
   * millions of deals is never held whole (the CLI's json and csv formats write as they go).
   */
  stream?: { begin(result: AuditResult): void | Promise<void>; deals(chunk: DealResult[]): void | Promise<void> };
}

/** One problem in the data that stops the run, located by row and column. */
export class AuditInputError extends GtmapError {
  constructor(
    readonly file: string,
    readonly problems: string[],
    readonly fix: string,
  ) {
    super(
      `${file}: ${problems.length === 1 ? '1 problem stops' : `${problems.length} problems stop`} the audit:\n${problems.map((p) => `  ${p}`).join('\n')}\n${fix}`,
    );
  }
}

const DAY = 86_400_000;
const FLAGGED = 'gates_failed > 0 OR gates_unknown > 0 OR is_stale OR category_mismatch OR required_empty > 0 OR push_over';

export async function audit(model: Model, opts: AuditOptions): Promise<AuditResult> {
  const plan = buildPlan(model);
  const mapping = opts.mapping ?? emptyMapping();
  if (plan.roles.stage === undefined)
    throw new GtmapError(
      "the map names no field that carries a deal's stage. Add `dealRole: stage` to that field in the data standards (fields), with its CRM column names under `crm:`.",
    );
  const db = await openDuckDb();
  try {
    return await run(db, plan, mapping, opts);
  } finally {
    db.close();
  }
}

async function run(db: DuckDb, plan: Plan, mapping: Mapping, opts: AuditOptions): Promise<AuditResult> {
  const src: Source = await openSource(db, opts.dealsFile);
  const match = matchColumns(src.headers, plan, mapping);
  if (match.unmatched.length)
    throw new AuditInputError(
      src.file,
      match.unmatched.map((u) => `row 1, column ${u.index} "${u.header}": ${u.reason}`),
      `Fix: add the names to the fields' \`crm:\` in the map, or run \`gtmap audit init --deals ${src.file}\` to write a mapping with a FIXME per column, then pass it with --mapping.`,
    );
  const stageField = plan.roles.stage!;
  if (!match.byField.has(stageField))
    throw new AuditInputError(
      src.file,
      [`no column holds the stage (field \`${stageField}\`); the columns are ${src.headers.map((h) => `"${h}"`).join(', ')}`],
      `Fix: add the stage column's name to \`crm:\` of field \`${stageField}\`, or map it under \`columns:\` in a mapping file.`,
    );
  const typed = await loadRows(db, src, match, plan, mapping, 'gtmap_rows', (columns) => packedProjection(plan, columns, opts.asOf));
  if (typed.issueCount > 0) {
    throw new AuditInputError(
      src.file,
      describeCellIssues(typed, plan),
      'Fix the values in the export, or state their format in the mapping file (--mapping).',
    );
  }
  if (typed.currencies.length > 1 && !mapping.rates)
    throw new AuditInputError(
      src.file,
      typed.currencies.map((c) => `row ${c.row}: amounts in ${c.marker} (${c.count} row${c.count === 1 ? '' : 's'})`),
      'Fix: amounts in several currencies cannot be added up. Give the rates in the mapping file (`currency: { rates: { USD: 1, EUR: 1.08 } }`) and, ideally, a currency column (dealRole: currency).',
    );
  if (mapping.rates) {
    const missing = typed.currencies.filter((c) => !mapping.rates!.has(c.marker));
    if (missing.length)
      throw new AuditInputError(
        src.file,
        missing.map((c) => `row ${c.row}: no rate for ${c.marker}`),
        'Fix: add the rate under `currency: rates:` in the mapping file.',
      );
  }

  const extraNames = {
    pipelines: invert(mapping.pipelines),
    categories: invert(mapping.forecastCategories),
    stages: new Map<string, string[]>(),
  };
  for (const [, m] of mapping.stages) for (const [name, id] of m) extraNames.stages.set(id, [...(extraNames.stages.get(id) ?? []), name]);
  const viewOpts = {
    dialect: 'duckdb' as const,
    source: 'gtmap_rows',
    columns: typed.columns,
    asOf: opts.asOf,
    extraNames,
    rowColumn: 'gtmap_row',
    totalsFrom: 'gtmap_audit',
    groupingSets: true,
    flagged: `(${FLAGGED})`,
  };
  // The pipeline, stage and category values are mapped once per distinct combination (a few dozen
  // rows, with the view's own SQL), with what the stage decides (its position, category, stale
  // window, and the masks of the criteria that gate it and the fields it requires), and joined back
  // to the packed rows (packed.ts).
  const keyCols = [plan.roles.stage, plan.roles.pipeline, plan.roles['forecast-category']]
    .filter((f): f is string => f !== undefined && typed.columns.has(f))
    .map((f) => quoteIdent(f, 'duckdb'));
  await db.run(
    `CREATE TABLE gtmap_keys AS SELECT ${keyCols.join(', ')}, count(*) AS gtmap_n, min(rowid) + 2 AS gtmap_first FROM gtmap_rows GROUP BY ALL`,
  );
  await db.run('CREATE SCHEMA gtmap_k');
  await db.run(auditViews(plan, { ...viewOpts, source: 'gtmap_keys', prefix: 'gtmap_k.' })[0]!);
  await checkValues(db, src, plan, match.byField);
  await db.run(
    `CREATE TABLE gtmap_keymap AS SELECT * FROM (SELECT k.*, ${[...stageAttributes(plan, viewOpts), ...stageMasks(plan, typed.columns)].join(', ')} FROM gtmap_k.gtmap_deals AS k) WHERE gtmap_stage_index IS NOT NULL`,
  );
  await db.run(
    `CREATE VIEW gtmap_deals AS SELECT d.rowid + 2 AS gtmap_row, d.*, ${['gtmap_pipeline', 'gtmap_crm_category', 'gtmap_stage', 'gtmap_stage_index', 'gtmap_stage_category', 'gtmap_stale_before', ...stageMaskColumns(plan, typed.columns)].map((c) => `k.${c}`).join(', ')}
     FROM gtmap_rows AS d JOIN gtmap_keymap AS k ON ${keyCols.map((c) => `d.${c} IS NOT DISTINCT FROM k.${c}`).join(' AND ')}`,
  );
  const totalsView = auditViews(plan, viewOpts)[3]!;
  await db.run(packedAuditView(plan, typed.columns, 'gtmap_deals', 'gtmap_row'));
  const pushBasis = await loadPushes(db, plan, mapping, opts, 'gtmap_deal_audit');
  // close-date pushes, and whether they pass the pipeline's maxCloseDatePushes
  const maxPushes = plan.pipelines.filter((p) => p.maxPushes !== undefined);
  const over = maxPushes.length
    ? `COALESCE(CASE a.pipeline ${maxPushes.map((p) => `WHEN ${quoteText(p.id, 'duckdb')} THEN p.pushes > ${p.maxPushes}`).join(' ')} END, FALSE)`
    : 'FALSE';
  await db.run(
    `CREATE VIEW gtmap_audit AS SELECT a.*, p.pushes AS push_count, p.days_pushed AS push_days, p.last_push AS push_last, ${over} AS push_over
     FROM gtmap_deal_audit AS a LEFT JOIN gtmap_pushes AS p ON p.deal_id = a.deal_id`,
  );
  await db.run(totalsView!);

  const closed = plan.pipelines.flatMap((p) => p.stages.filter((s) => s.outcome !== 'open').map((s) => s.id));
  const [counts] = await db.all(
    `SELECT sum(gtmap_n) AS n, sum(gtmap_n) FILTER (WHERE gtmap_stage IN (${closed.map((s) => quoteText(s, 'duckdb')).join(', ') || 'NULL'})) AS closed FROM gtmap_k.gtmap_deals`,
  );
  const where = opts.deals === 'all' ? '' : `WHERE ${FLAGGED}`;
  const limit = typeof opts.deals === 'object' ? `LIMIT ${opts.deals.flagged}` : '';
  // the packed words are decoded here and not handed over: DuckDB would convert each to a BigInt
  const words = packedWordColumns(plan, typed.columns).map((c) => quoteIdent(c, 'duckdb'));
  const dealsSql = `SELECT * ${words.length ? `EXCLUDE (${words.join(', ')})` : ''}, ${decodedColumns(plan, typed.columns).join(', ')} FROM (SELECT * FROM gtmap_audit ${where} ORDER BY gtmap_row ${limit}) ORDER BY gtmap_row`;
  const dealRows = opts.stream ? [] : await db.all(dealsSql);
  const totalsRows = await db.all(`SELECT * FROM gtmap_totals ORDER BY dimension, pipeline, value`);
  // every deal is in exactly one pipeline row of the totals
  const flagged = totalsRows.filter((r) => r.dimension === 'pipeline').reduce((n, r) => n + Number(r.gtmap_flagged), 0);

  const asOfMs = opts.asOf.getTime();
  const deals = dealRows.map((r) => dealResult(r, plan, asOfMs, pushBasis));
  const totals = totalsRows.map((r): Totals => ({
    dimension: r.dimension as Totals['dimension'],
    pipeline: String(r.pipeline),
    value: r.value === null ? null : String(r.value),
    deals: Number(r.deals),
    amount: Number(r.amount),
    honestDeals: Number(r.honest_deals),
    honestAmount: Number(r.honest_amount),
    failingDeals: Number(r.failing_deals),
    unknownDeals: Number(r.unknown_deals),
    staleDeals: Number(r.stale_deals),
    mismatchDeals: Number(r.mismatch_deals),
    categories: Object.fromEntries(
      plan.categories.map((c) => [c.id, { before: Number(r[beforeColumn(c.id)]), after: Number(r[afterColumn(c.id)]) }]),
    ),
  }));
  const currency = typed.currencies.length === 1 ? typed.currencies[0]!.marker : mapping.rates ? 'converted' : null;
  const basis = basisOf(plan, typed.columns, opts, src.file, Number(counts!.n), Number(counts!.closed), currency, pushBasis);
  const result: AuditResult = {
    basis,
    pipelines: plan.pipelines.map((p) => ({ id: p.id, name: p.name })),
    stages: Object.fromEntries(
      [...plan.stages.values()].map((s) => [s.id, { name: s.name, pipeline: s.pipeline, category: s.category ?? null }]),
    ),
    categories: plan.categories.map((c) => ({ id: c.id, name: c.name, kind: c.kind, inForecast: c.inForecast })),
    deals,
    flaggedDeals: Number(flagged),
    totals,
    headline: [],
  };
  result.headline = headlines(result);
  if (opts.stream) {
    const { begin, deals: each } = opts.stream;
    await begin(result);
    await db.streamObjects(dealsSql, (rows) => each(rows.map((r) => dealResult(r, plan, asOfMs, pushBasis))));
  }
  return result;
}

function invert(m: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, id] of m) out.set(id, [...(out.get(id) ?? []), name]);
  return out;
}

/** Stage, pipeline and forecast-category values that match nothing in the map stop the run, each with its first row (read from the distinct combinations in gtmap_k.gtmap_deals). */
async function checkValues(db: Db, src: Source, plan: Plan, byField: Map<string, string>): Promise<void> {
  const q = (s: string): string => quoteIdent(s, 'duckdb');
  const stageF = plan.roles.stage!;
  const pipeF = plan.roles.pipeline !== undefined && byField.has(plan.roles.pipeline) ? plan.roles.pipeline : undefined;
  const catF =
    plan.roles['forecast-category'] !== undefined && byField.has(plan.roles['forecast-category'])
      ? plan.roles['forecast-category']
      : undefined;
  const problems: string[] = [];
  const rows = await db.all(
    `SELECT ${q(stageF)} AS s, ${pipeF ? q(pipeF) : 'NULL'} AS p, gtmap_pipeline AS gp, min(gtmap_first) AS r, sum(gtmap_n) AS n
     FROM gtmap_k.gtmap_deals WHERE gtmap_stage IS NULL GROUP BY 1, 2, 3 ORDER BY 4 LIMIT 50`,
  );
  for (const r of rows) {
    const row = Number(r.r);
    const n = Number(r.n);
    const more = n > 1 ? ` (and ${n - 1} more row${n === 2 ? '' : 's'})` : '';
    if (r.s === null) problems.push(`row ${row}, column "${byField.get(stageF)}": the stage is empty${more}`);
    else if (pipeF && r.gp === null)
      problems.push(
        r.p === null
          ? `row ${row}, column "${byField.get(pipeF)}": the pipeline is empty${more}`
          : `row ${row}, column "${byField.get(pipeF)}": pipeline "${String(r.p)}" matches no pipeline of the map (${plan.pipelines.map((p) => p.id).join(', ')})${more}`,
      );
    else if (r.gp === null) {
      const owners = plan.pipelines.filter((p) => p.stages.some((s) => s.names.some((x) => norm(x) === norm(String(r.s)))));
      problems.push(
        owners.length > 1
          ? `row ${row}, column "${byField.get(stageF)}": stage "${String(r.s)}" is a stage of several pipelines (${owners.map((p) => p.id).join(', ')}); add a pipeline column (a field with dealRole: pipeline)${more}`
          : `row ${row}, column "${byField.get(stageF)}": stage "${String(r.s)}" matches no stage of any pipeline${more}`,
      );
    } else
      problems.push(
        `row ${row}, column "${byField.get(stageF)}": stage "${String(r.s)}" matches no stage of pipeline ${String(r.gp)} (${plan.pipelines
          .find((p) => p.id === r.gp)!
          .stages.map((s) => s.name)
          .join(', ')})${more}`,
      );
  }
  if (catF) {
    for (const r of await db.all(
      `SELECT ${q(catF)} AS c, min(gtmap_first) AS r, sum(gtmap_n) AS n FROM gtmap_k.gtmap_deals WHERE ${q(catF)} IS NOT NULL AND gtmap_crm_category IS NULL GROUP BY 1 ORDER BY 2 LIMIT 50`,
    ))
      problems.push(
        `row ${Number(r.r)}, column "${byField.get(catF)}": forecast category "${String(r.c)}" matches no forecast category (${plan.categories.map((c) => c.name).join(', ')})${Number(r.n) > 1 ? ` (and ${Number(r.n) - 1} more rows)` : ''}`,
      );
  }
  if (problems.length)
    throw new AuditInputError(
      src.file,
      problems,
      `Fix: add the CRM names to the stages' (or pipelines', categories') \`crm:\` in the map, or run \`gtmap audit init --deals ${src.file}\` for a mapping with a FIXME per value.`,
    );
}

const isoDay = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : String(v).slice(0, 10);

function dealResult(r: Record<string, unknown>, plan: Plan, asOf: number, history: PushBasis): DealResult {
  const stage = plan.stages.get(String(r.stage))!;
  const pipeline = plan.pipelines.find((p) => p.id === stage.pipeline)!;
  const criteria: CriterionResult[] = [];
  for (const s of pipeline.open) {
    if (s.index > stage.index) break;
    for (const c of s.criteria) {
      const v = r[critColumn(c.key)];
      criteria.push({
        stage: s.id,
        id: c.id,
        text: c.text,
        verdict: v === true ? 'pass' : v === false ? 'fail' : 'unknown',
        gate: s.index < stage.index,
      });
    }
  }
  const pick = (verdict: VerdictName) =>
    criteria.filter((c) => c.gate && c.verdict === verdict).map(({ stage: s, id, text }) => ({ stage: s, id, text }));
  const entered = r.stage_entered_at instanceof Date ? r.stage_entered_at : null;
  const staleV = r.stale === null || r.stale === undefined ? null : r.stale === true;
  const requiredEmpty = [...plan.required.keys()].filter((f) => r[requiredColumn(f)] === true);
  const mismatch = r.category_mismatch === true ? { crm: String(r.crm_category), stage: String(r.stage_category) } : null;
  const counted = r.push_count !== null && r.push_count !== undefined;
  // with a history export, a deal it never mentions had no close-date change; otherwise no count is a guess
  const known = counted || (history.kind === 'history' && r.deal_id !== null);
  const pushes: DealResult['closeDatePushes'] = {
    pushes: counted ? Number(r.push_count) : known ? 0 : null,
    daysPushed: counted ? Number(r.push_days) : known ? 0 : null,
    lastPush: isoDay(r.push_last ?? null),
    max: pipeline.maxPushes ?? null,
    over: r.push_over === true,
    reason: known ? null : r.deal_id === null ? 'insufficient history: the deal has no id to find it in the history' : history.missing,
  };
  const failing = pick('fail');
  const unknown = pick('unknown');
  return {
    id: r.deal_id === null ? `row ${String(r.gtmap_row ?? '?')}` : String(r.deal_id),
    row: Number(r.gtmap_row ?? 0),
    pipeline: pipeline.id,
    stage: stage.id,
    honestStage: String(r.honest_stage),
    amount: r.amount === null || r.amount === undefined ? null : Number(r.amount),
    closeDate: isoDay(r.close_date),
    owner: String(r.owner),
    segment: String(r.segment),
    criteria,
    failing,
    unknown,
    stale: {
      stale: staleV,
      stageEnteredAt: entered ? entered.toISOString().slice(0, 10) : null,
      daysInStage: entered ? Math.floor((asOf - entered.getTime()) / DAY) : null,
      staleAfter: stage.staleAfter ?? null,
      question: staleV ? (stage.question ?? null) : null,
      action: staleV ? (stage.action ?? null) : null,
    },
    categoryMismatch: mismatch,
    requiredEmpty,
    pushes: pushes.pushes,
    closeDatePushes: pushes,
    honest: r.honest === true,
    flagged: failing.length > 0 || unknown.length > 0 || staleV === true || mismatch !== null || requiredEmpty.length > 0 || pushes.over,
  };
}

function basisOf(
  plan: Plan,
  columns: Set<string>,
  opts: AuditOptions,
  file: string,
  rows: number,
  closed: number,
  currency: string | null,
  pushes: PushBasis,
): AuditResult['basis'] {
  const has = (f: string | undefined): boolean => f !== undefined && columns.has(f);
  const checks = ['exit criteria of every earlier stage (unknown counts as not met)'];
  const notChecked: string[] = [];
  if (has(plan.roles['stage-entered-at'])) checks.push('stale windows (staleAfter) from the stage-entered date');
  else notChecked.push('stale: no column carries the stage-entered date (dealRole: stage-entered-at)');
  if (has(plan.roles['forecast-category'])) checks.push("CRM forecast category against the stage's");
  else notChecked.push('forecast category: no column carries the CRM category (dealRole: forecast-category)');
  checks.push('fields required at the stage (requiredAt)');
  const missingReq = [...plan.required.keys()].filter((f) => !columns.has(f));
  if (missingReq.length) notChecked.push(`required fields with no column: ${missingReq.join(', ')}`);
  const critFields = new Set<string>();
  for (const p of plan.pipelines) for (const s of p.open) for (const c of s.criteria) for (const f of fieldsOf(c.check)) critFields.add(f);
  const missingCrit = [...critFields].filter((f) => !columns.has(f));
  if (missingCrit.length) notChecked.push(`criteria reading fields with no column are unknown: ${missingCrit.join(', ')}`);
  return {
    asOf: opts.asOf.toISOString().slice(0, 10),
    deals: file,
    rows,
    openDeals: rows - closed,
    closedDeals: closed,
    checks,
    notChecked,
    currency,
    history: pushes.text,
  };
}

function fieldsOf(c: unknown, out: string[] = []): string[] {
  if (!c || typeof c !== 'object') return out;
  const o = c as Record<string, unknown>;
  if (typeof o.field === 'string') out.push(o.field);
  for (const v of Object.values(o)) {
    if (Array.isArray(v)) v.forEach((x) => fieldsOf(x, out));
    else if (v && typeof v === 'object') fieldsOf(v, out);
  }
  return out;
}

export function money(n: number, currency: string | null): string {
  const sym =
    currency === null || currency === '$' || currency === 'USD'
      ? '$'
      : currency === '£' || currency === 'GBP'
        ? '£'
        : currency === '€' || currency === 'EUR'
          ? '€'
          : '';
  const abs = Math.abs(n);
  const s =
    abs >= 1e9
      ? `${(abs / 1e9).toFixed(1)}B`
      : abs >= 1e6
        ? `${(abs / 1e6).toFixed(1)}M`
        : abs >= 1e3
          ? `${(abs / 1e3).toFixed(0)}K`
          : abs.toFixed(0);
  return `${n < 0 ? '-' : ''}${sym}${s}${sym === '' && currency && currency !== 'converted' ? ` ${currency}` : ''}`;
}

/** "New business: 40 deals / $4.1M → honest 21 / $2.2M; commit $1.3M → $0.8M", one per pipeline with open deals. */
export function headlines(r: AuditResult): string[] {
  const commit = r.categories.filter((c) => c.kind === 'commit');
  return r.pipelines.flatMap((p) => {
    const t = r.totals.find((x) => x.dimension === 'pipeline' && x.pipeline === p.id);
    if (!t) return [];
    const cur = r.basis.currency;
    const cats = commit.map(
      (c) => `${c.name.toLowerCase()} ${money(t.categories[c.id]!.before, cur)} → ${money(t.categories[c.id]!.after, cur)}`,
    );
    return [
      `${p.name}: ${t.deals} deals / ${money(t.amount, cur)} → honest ${t.honestDeals} / ${money(t.honestAmount, cur)}${cats.length ? `; ${cats.join('; ')}` : ''}`,
    ];
  });
}

export type { PlanStage };
