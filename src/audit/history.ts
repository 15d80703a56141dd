// Close-date pushes: how often an open deal's close date moved later, read from a field-history
// export (Salesforce OpportunityFieldHistory or its report, HubSpot property history) or from
// earlier snapshots of the same deal export. Without either, a deal's pushes are unknown
// ("insufficient history"), never 0. The result is one DuckDB table, gtmap_pushes
// (deal_id, pushes, days_pushed, last_push), that the audit joins to its deals.
import { GtmapError } from '../errors.js';
import { AuditInputError } from './index.js';
import type { Mapping } from './mapping.js';
import { fieldNames, norm, type Plan } from './plan.js';
import { quoteIdent, quoteText } from './sql.js';
import { csvError, dateExpr, type Db, matchColumns, normHeader, openSource, SLASH_DATE } from './source.js';

const q = (s: string): string => quoteIdent(s, 'duckdb');
const t = (s: string): string => quoteText(s, 'duckdb');
const day = (d: Date): string => d.toISOString().slice(0, 10);

export interface PushInput {
  history?: string;
  snapshots?: { file: string; asOf: Date }[];
  asOf: Date;
}

export interface PushBasis {
  /** Where the pushes come from; `none`: every deal's pushes are unknown. */
  kind: 'none' | 'history' | 'snapshots';
  /** The basis line printed with the audit. */
  text: string;
  /** Why a deal absent from gtmap_pushes (or with a NULL count there) has no count. */
  missing: string | null;
}

/** Column names of a field-history export, per role (compared case-insensitively, spaces collapsed). */
const HISTORY_COLUMNS = {
  deal: [
    'opportunityid',
    'opportunity id',
    'opportunity: opportunity id',
    'opportunity_id',
    'hs_object_id',
    'record id',
    'deal id',
    'dealid',
    'deal_id',
    'objectid',
    'object id',
  ],
  field: ['field', 'field / event', 'field/event', 'property', 'property name', 'propertyname', 'property_name'],
  old: ['oldvalue', 'old value', 'old_value', 'previous value', 'prevvalue'],
  new: ['newvalue', 'new value', 'new_value', 'value', 'property value'],
  at: ['createddate', 'created date', 'edit date', 'changed date', 'changeddate', 'changed_at', 'change date', 'timestamp', 'date'],
} as const;

/** Builds gtmap_pushes from the history or the snapshots (reading each once); `current` is a relation of the audited deals' (deal_id, close_date). */
export async function loadPushes(db: Db, plan: Plan, mapping: Mapping, input: PushInput, current: string): Promise<PushBasis> {
  if (input.history !== undefined && input.snapshots?.length)
    throw new GtmapError(
      'give close-date history as a field-history export (--history) or as earlier snapshots (--snapshot), not both: the same push would count twice.',
    );
  if (input.history !== undefined) return fromHistory(db, plan, mapping, input.history, input.asOf);
  if (input.snapshots?.length) return fromSnapshots(db, plan, mapping, input.snapshots, input.asOf, current);
  await db.run('CREATE TABLE gtmap_pushes (deal_id VARCHAR, pushes BIGINT, days_pushed BIGINT, last_push DATE)');
  return {
    kind: 'none',
    text: 'insufficient history: close-date pushes need earlier snapshots or a history export, and none was given',
    missing: 'insufficient history: no field history or earlier snapshot was given',
  };
}

async function fromHistory(db: Db, plan: Plan, mapping: Mapping, file: string, asOf: Date): Promise<PushBasis> {
  const src = await openSource(db, file);
  const idNames = new Set<string>(HISTORY_COLUMNS.deal);
  const idField = plan.roles.id !== undefined ? plan.fields.get(plan.roles.id) : undefined;
  // the id field's own names, except `Id`, which in OpportunityFieldHistory is the history row's id
  if (idField) for (const n of fieldNames(idField)) if (normHeader(n) !== 'id') idNames.add(normHeader(n));
  const pick = (names: ReadonlySet<string>): string | undefined => src.headers.find((h) => names.has(normHeader(h)));
  const cols = {
    deal: pick(idNames),
    field: pick(new Set(HISTORY_COLUMNS.field)),
    old: pick(new Set(HISTORY_COLUMNS.old)),
    new: pick(new Set(HISTORY_COLUMNS.new)),
    at: pick(new Set(HISTORY_COLUMNS.at)),
  };
  const missing = (['deal', 'field', 'new', 'at'] as const).filter((k) => cols[k] === undefined);
  if (missing.length) {
    throw new AuditInputError(
      file,
      missing.map(
        (k) =>
          `row 1: no column holds the ${{ deal: 'deal id', field: 'changed field', new: 'new value', at: 'change date' }[k]} (looked for ${HISTORY_COLUMNS[
            k
          ]
            .slice(0, 4)
            .map((n) => `"${n}"`)
            .join(', ')}, …); the columns are ${src.headers.map((h) => `"${h}"`).join(', ')}`,
      ),
      'Fix: export the field history with the deal id, the field, the old and new value and the date of each change (Salesforce: OpportunityFieldHistory with OpportunityId, Field, OldValue, NewValue, CreatedDate).',
    );
  }
  const raw = (h: string | undefined): string => (h === undefined ? 'CAST(NULL AS VARCHAR)' : `NULLIF(TRIM(CAST(${q(h)} AS VARCHAR)), '')`);
  const closeField = plan.roles['close-date'] !== undefined ? plan.fields.get(plan.roles['close-date']) : undefined;
  const closeNames = new Set(['closedate', 'close date', 'close_date', ...(closeField ? fieldNames(closeField).map(norm) : [])]);
  try {
    // the file in its order (rowid + 2 is the row), only the close-date changes kept
    await db.run(
      `CREATE TABLE gtmap_history_raw AS SELECT ${raw(cols.deal)} AS deal, ${raw(cols.field)} AS field, ${raw(cols.old)} AS old_raw, ${raw(cols.new)} AS new_raw, ${raw(cols.at)} AS at_raw FROM ${src.relation}`,
    );
  } catch (cause) {
    throw new GtmapError(`cannot read ${file}: ${csvError(cause)}`, { cause });
  }
  await db.run(
    `CREATE TABLE gtmap_close_changes AS SELECT rowid + 2 AS row, deal, old_raw, new_raw, at_raw,
       ${dateExpr('old_raw', 'date', mapping)} AS old_date, ${dateExpr('new_raw', 'date', mapping)} AS new_date, ${dateExpr('at_raw', 'datetime', mapping)} AS changed_at
     FROM gtmap_history_raw WHERE lower(field) IN (${[...closeNames].map(t).join(', ')})`,
  );
  const bad = await db.all(
    `SELECT row, deal, old_raw, new_raw, at_raw, old_date IS NULL AND old_raw IS NOT NULL AS bad_old, new_date IS NULL AND new_raw IS NOT NULL AS bad_new
     FROM gtmap_close_changes WHERE deal IS NULL OR (old_date IS NULL AND old_raw IS NOT NULL) OR (new_date IS NULL AND new_raw IS NOT NULL) OR changed_at IS NULL ORDER BY row LIMIT 20`,
  );
  if (bad.length) {
    const slashed = new RegExp(SLASH_DATE);
    const why = (v: unknown): string =>
      mapping.dateFormat === undefined && slashed.test(String(v))
        ? 'a date with slashes is ambiguous (03/04/2026 is 4 March or 3 April); state `dateFormat: MM/DD/YYYY` or `DD/MM/YYYY` in the mapping file'
        : 'is not a date';
    throw new AuditInputError(
      file,
      bad.map((r) =>
        r.deal === null
          ? `row ${Number(r.row)}, column "${cols.deal}": the deal id is empty`
          : r.bad_old
            ? `row ${Number(r.row)}, column "${cols.old}": "${String(r.old_raw)}" ${why(r.old_raw)}`
            : r.bad_new
              ? `row ${Number(r.row)}, column "${cols.new}": "${String(r.new_raw)}" ${why(r.new_raw)}`
              : `row ${Number(r.row)}, column "${cols.at}": ${r.at_raw === null ? 'the change date is empty' : `"${String(r.at_raw)}" ${why(r.at_raw)}`}`,
      ),
      'Fix the values in the history export, or state their date format in the mapping file (--mapping).',
    );
  }
  const [{ n }] = (await db.all(`SELECT count(*) AS n FROM gtmap_close_changes`)) as [{ n: unknown }];
  if (Number(n) === 0) {
    // no close-date change at all: the field is most likely not history-tracked, so 0 would be a guess
    await db.run('CREATE TABLE gtmap_pushes (deal_id VARCHAR, pushes BIGINT, days_pushed BIGINT, last_push DATE)');
    return {
      kind: 'none',
      text: `insufficient history: ${file} holds no close-date change (is field history tracked for the close date?)`,
      missing: `insufficient history: ${file} holds no close-date change`,
    };
  }
  // without an old-value column (HubSpot property history lists each value with its timestamp) the
  // old value is the deal's previous value; its first value is where the history starts, not a push
  const old = cols.old !== undefined ? 'old_date' : 'lag(new_date) OVER (PARTITION BY deal ORDER BY changed_at, row)';
  await db.run(
    `CREATE TABLE gtmap_pushes AS
     SELECT deal AS deal_id, count(*) FILTER (WHERE new_date > old_date) AS pushes,
       COALESCE(sum(new_date - old_date) FILTER (WHERE new_date > old_date), 0) AS days_pushed,
       max(CAST(changed_at AS DATE)) FILTER (WHERE new_date > old_date) AS last_push
     FROM (SELECT deal, new_date, ${old} AS old_date, changed_at FROM gtmap_close_changes) AS c
     WHERE CAST(changed_at AS DATE) <= DATE ${t(day(asOf))}
     GROUP BY deal`,
  );
  return {
    kind: 'history',
    text: `counted from the field history in ${file} (${Number(n)} close-date change${Number(n) === 1 ? '' : 's'}; changes after ${day(asOf)} not counted; a deal with no change there has 0)`,
    missing: null,
  };
}

async function fromSnapshots(
  db: Db,
  plan: Plan,
  mapping: Mapping,
  snapshots: { file: string; asOf: Date }[],
  asOf: Date,
  current: string,
): Promise<PushBasis> {
  const idF = plan.roles.id;
  const closeF = plan.roles['close-date'];
  if (idF === undefined || closeF === undefined)
    throw new GtmapError(
      'close-date pushes from snapshots need the fields that carry the deal id and the close date (`dealRole: id` and `dealRole: close-date` in the data standards).',
    );
  await db.run('CREATE TABLE gtmap_snapshots (deal VARCHAR, taken DATE, close DATE)');
  const seen = new Set<string>();
  for (const snap of snapshots) {
    if (snap.asOf.getTime() >= asOf.getTime())
      throw new GtmapError(`--snapshot ${snap.file}: its date ${day(snap.asOf)} is not before the audit's --as-of ${day(asOf)}.`);
    if (seen.has(day(snap.asOf))) throw new GtmapError(`--snapshot ${snap.file}: another snapshot has the same date ${day(snap.asOf)}.`);
    seen.add(day(snap.asOf));
    const src = await openSource(db, snap.file);
    // an earlier export may have other columns: only the deal id and the close date are read
    const match = matchColumns(src.headers, plan, mapping);
    const idCol = match.byField.get(idF);
    const closeCol = match.byField.get(closeF);
    if (idCol === undefined || closeCol === undefined) {
      throw new AuditInputError(
        snap.file,
        [
          `row 1: no column holds the ${idCol === undefined ? `deal id (field \`${idF}\`)` : `close date (field \`${closeF}\`)`}; the columns are ${src.headers.map((h) => `"${h}"`).join(', ')}`,
        ],
        'Fix: a snapshot is an earlier export of the same report, with the same id and close-date columns.',
      );
    }
    const rawClose = `NULLIF(TRIM(CAST(${q(closeCol)} AS VARCHAR)), '')`;
    try {
      await db.run(
        `CREATE OR REPLACE TABLE gtmap_snapshot AS SELECT NULLIF(TRIM(CAST(${q(idCol)} AS VARCHAR)), '') AS deal, ${rawClose} AS close_raw FROM ${src.relation}`,
      );
    } catch (cause) {
      throw new GtmapError(`cannot read ${snap.file}: ${csvError(cause)}`, { cause });
    }
    const close = dateExpr('close_raw', 'date', mapping);
    const bad = await db.all(
      `SELECT rowid + 2 AS row, close_raw FROM gtmap_snapshot WHERE close_raw IS NOT NULL AND ${close} IS NULL ORDER BY rowid LIMIT 20`,
    );
    if (bad.length) {
      const slashed = new RegExp(SLASH_DATE);
      throw new AuditInputError(
        snap.file,
        bad.map(
          (r) =>
            `row ${Number(r.row)}, column "${closeCol}": "${String(r.close_raw)}" ${
              mapping.dateFormat === undefined && slashed.test(String(r.close_raw))
                ? 'is a date with slashes, which is ambiguous; state `dateFormat` in the mapping file'
                : 'is not a date'
            }`,
        ),
        'Fix the values in the snapshot, or state their date format in the mapping file (--mapping).',
      );
    }
    await db.run(
      `INSERT INTO gtmap_snapshots SELECT deal, DATE ${t(day(snap.asOf))}, ${close} FROM gtmap_snapshot WHERE deal IS NOT NULL AND close_raw IS NOT NULL`,
    );
  }
  await db.run('DROP TABLE IF EXISTS gtmap_snapshot');
  // the close date at each snapshot and now; a push is a move to a later date between two consecutive points
  await db.run(
    `CREATE TABLE gtmap_pushes AS
     SELECT deal AS deal_id,
       CASE WHEN count(*) >= 2 THEN count(*) FILTER (WHERE close > prev) END AS pushes,
       CASE WHEN count(*) >= 2 THEN COALESCE(sum(close - prev) FILTER (WHERE close > prev), 0) END AS days_pushed,
       max(taken) FILTER (WHERE close > prev) AS last_push
     FROM (
       SELECT deal, taken, close, lag(close) OVER (PARTITION BY deal ORDER BY taken) AS prev
       FROM (
         SELECT deal, taken, close FROM gtmap_snapshots
         UNION ALL
         SELECT deal_id, DATE ${t(day(asOf))}, CAST(close_date AS DATE) FROM ${current}
         WHERE deal_id IS NOT NULL AND close_date IS NOT NULL AND deal_id IN (SELECT deal FROM gtmap_snapshots)
       ) AS points
     ) AS s
     GROUP BY deal`,
  );
  const dates = [...seen].sort();
  return {
    kind: 'snapshots',
    text: `counted from ${dates.length} earlier snapshot${dates.length === 1 ? '' : 's'} (${dates.join(', ')}) and this export; a push is a later close date than at the snapshot before, dated by the snapshot that shows it`,
    missing: 'insufficient history: the deal has a close date in no earlier snapshot',
  };
}
