// Shared by the SQL differential tests (DuckDB and PostgreSQL): typed fields, random conditions
// over them, random typed records, and the table that holds those records in SQL.
import fc from 'fast-check';
import { compile, type DataRecord, type RecordValue, type Verdict } from '../src/conditions/index.js';
import { type Dialect, numberLiteral, quoteIdent, quoteText, toSql } from '../src/audit/sql.js';
import type { Condition, Field, FieldType } from '../src/model/types.js';

export const NOW = new Date('2026-11-30T00:00:00Z');

const F = (id: string, type: FieldType, values?: string[]): Field => ({ id, name: id, type, ...(values ? { values } : {}) }) as Field;
export const FIELDS: Field[] = [
  F('amount', 'currency'),
  F('seats', 'number'),
  F('region', 'enum', ['emea', 'na', 'apac']),
  F('title', 'text'),
  F('met', 'boolean'),
  F('close', 'date'),
  F('end', 'date'),
  F('entered', 'datetime'),
];
export const FIELD_LOOKUP = (id: string): Field | undefined => FIELDS.find((f) => f.id === id);
export const COLUMNS: Record<string, FieldType> = Object.fromEntries(FIELDS.map((f) => [f.id, f.type]));

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const someOf = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
const t = (field: string, op: string, value: unknown): Condition => ({ field, [op]: value }) as unknown as Condition;

const NUMS = [0, 10, 25000, 25000.5, -3];
const TEXTS = ["O'Brien", 'CFO', 'vp finance', 'x"y', 'back\\slash'];
const DATES = ['2026-11-01', '2026-11-30', '2026-12-31', '2027-02-28'];
const STAMPS = ['2026-11-29T10:00:00.000Z', '2026-06-01T00:00:00.000Z', '2026-11-30T00:00:00.000Z'];
const DURATIONS = ['1d', '7d', '30d', '90d', '2w', '10bd'];
const PATTERNS = ['^cfo', 'finance', "o'b", '(vp|head) of', 'x"y$'];
const COMPARE = ['greaterThan', 'atLeast', 'lessThan', 'atMost'];

const TESTS: fc.Arbitrary<Condition>[] = [
  fc.tuple(pick(['equals', 'notEquals', ...COMPARE]), pick(NUMS)).map(([op, v]) => t('amount', op, v)),
  fc.tuple(pick(['in', 'notIn']), someOf(NUMS)).map(([op, v]) => t('seats', op, v)),
  pick(COMPARE).map((op) => t('amount', op, { field: 'seats' })),
  fc.tuple(pick(['equals', 'notEquals']), pick(['emea', 'na', 'apac'])).map(([op, v]) => t('region', op, v)),
  fc.tuple(pick(['in', 'notIn']), someOf(['emea', 'na', 'apac'])).map(([op, v]) => t('region', op, v)),
  fc.tuple(pick(['equals', 'notEquals']), pick(TEXTS)).map(([op, v]) => t('title', op, v)),
  fc.tuple(pick(['in', 'notIn']), someOf(TEXTS)).map(([op, v]) => t('title', op, v)),
  pick(PATTERNS).map((v) => t('title', 'matches', v)),
  fc.tuple(pick(['equals', 'notEquals']), fc.boolean()).map(([op, v]) => t('met', op, v)),
  fc.tuple(pick(['equals', 'notEquals', ...COMPARE]), pick([...DATES, '2026-11-30T12:00:00Z'])).map(([op, v]) => t('close', op, v)),
  fc.tuple(pick(['within', 'olderThan', 'withinNext']), pick(DURATIONS)).map(([op, v]) => t('close', op, v)),
  pick(COMPARE).map((op) => t('close', op, { field: 'end' })),
  pick(COMPARE).map((op) => t('close', op, { field: 'entered' })),
  fc.tuple(pick(['equals', 'notEquals', ...COMPARE]), pick([...STAMPS, '2026-11-29'])).map(([op, v]) => t('entered', op, v)),
  fc.tuple(pick(['within', 'olderThan', 'withinNext']), pick(DURATIONS)).map(([op, v]) => t('entered', op, v)),
  fc.tuple(pick(FIELDS.map((f) => f.id)), fc.boolean()).map(([f, v]) => t(f, 'present', v)),
];

export const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
    fc.oneof(...TESTS),
    fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
    tie('c').map((c) => ({ not: c })),
  ),
})).c;

const v = <T extends RecordValue>(xs: readonly T[]) => fc.constantFrom<RecordValue>(undefined, ...xs);
export const recordArb: fc.Arbitrary<DataRecord> = fc.record({
  amount: v([0, 10, 24999.99, 25000, 25000.5, 99999, -3]),
  seats: v([0, 10, 25000, -3, 7]),
  region: v(['emea', 'na', 'apac']),
  title: v([...TEXTS, 'Chief Financial Officer', 'Head of Finance', 'engineer']),
  met: v([true, false]),
  close: v([...DATES, '2026-10-01', '2026-12-01', '2027-06-30']),
  end: v([...DATES, '2026-12-01']),
  entered: v([...STAMPS, '2026-12-15T08:30:00.000Z', '2025-01-01T00:00:00.000Z']),
});

const SQL_TYPE: Record<FieldType, string> = {
  text: 'VARCHAR',
  email: 'VARCHAR',
  url: 'VARCHAR',
  enum: 'VARCHAR',
  number: 'DOUBLE PRECISION',
  currency: 'DOUBLE PRECISION',
  percent: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
};

export function tableSql(d: Dialect): string {
  return `CREATE TABLE t (rn INTEGER, ${FIELDS.map((f) => `${quoteIdent(f.id, d)} ${SQL_TYPE[f.type]}`).join(', ')})`;
}

function lit(value: RecordValue, type: FieldType, d: Dialect): string {
  if (value === undefined || value === null) return 'NULL';
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (type === 'date') return `CAST(${quoteText(value, d)} AS DATE)`;
  if (type === 'datetime') return `CAST(${quoteText(value.replace('T', ' ').replace('Z', ''), d)} AS TIMESTAMP)`;
  return quoteText(value, d);
}

export function insertSql(records: DataRecord[], d: Dialect): string {
  const rows = records.map((r, i) => `(${[String(i), ...FIELDS.map((f) => lit(r[f.id], f.type, d))].join(', ')})`);
  return `INSERT INTO t VALUES ${rows.join(', ')}`;
}

export type Db = { query(sql: string): Promise<Record<string, unknown>[]>; close(): void };

/** Runs `runs` batches: each batch, a table of records and a SELECT of one column per condition. */
export async function differential(db: Db, dialect: Dialect, runs: number, seed: number): Promise<number> {
  let compared = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(conditionArb, { minLength: 1, maxLength: 12 }),
      fc.array(recordArb, { minLength: 1, maxLength: 25 }),
      async (conds, records) => {
        await db.query(`DROP TABLE IF EXISTS t; ${tableSql(dialect)}; ${insertSql(records, dialect)}`);
        const exprs = conds.map(
          (c, i) =>
            `${toSql(c, { fields: FIELD_LOOKUP, column: (f) => (COLUMNS[f] ? quoteIdent(f, dialect) : undefined), now: NOW, dialect })} AS c${i}`,
        );
        const rows = await db.query(`SELECT rn, ${exprs.join(', ')} FROM t ORDER BY rn`);
        const compiled = conds.map((c) => compile(c, FIELD_LOOKUP, NOW));
        for (const row of rows) {
          const rec = records[Number(row.rn)]!;
          conds.forEach((c, i) => {
            const js: Verdict = compiled[i]!(rec as DataRecord);
            const sql = row[`c${i}`];
            const got: Verdict = sql === null ? undefined : (sql as boolean);
            if (got !== js)
              throw new Error(`${dialect} disagrees: ${JSON.stringify(c)} on ${JSON.stringify(rec)}: JS ${String(js)}, SQL ${String(got)}`);
            compared++;
          });
        }
      },
    ),
    { numRuns: runs, seed },
  );
  return compared;
}
