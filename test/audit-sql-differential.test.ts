// Differential property test: random conditions and typed records; the JS evaluator (compile) and
// the same condition compiled to SQL and run in DuckDB must agree on true, false and unknown for
// every record. SQL's NULL is the third value.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type DataRecord, type Verdict } from '../src/conditions/index.js';
import { type Dialect, toSql } from '../src/audit/sql.js';
import type { Condition } from '../src/model/types.js';
import { COLUMNS, conditionArb, FIELD_LOOKUP, insertSql, NOW, recordArb, tableSql } from './helpers-sql.js';

type Db = { query(sql: string): Promise<Record<string, unknown>[]>; close(): void };

async function duck(): Promise<Db> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  return {
    query: async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    close: () => {
      c.closeSync();
      inst.closeSync();
    },
  };
}

/** Runs `runs` batches: each batch, a table of records and a SELECT of one column per condition. */
export async function differential(db: Db, dialect: Dialect, runs: number, seed: number): Promise<number> {
  let compared = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(conditionArb, { minLength: 1, maxLength: 12 }),
      fc.array(recordArb, { minLength: 1, maxLength: 25 }),
      async (conds, records) => {
        await db.query(`DROP TABLE IF EXISTS t`);
        await db.query(tableSql(dialect));
        await db.query(insertSql(records, dialect));
        const exprs = conds.map(
          (c, i) => `${toSql(c, { fields: FIELD_LOOKUP, column: (f) => (COLUMNS[f] ? `"${f}"` : undefined), now: NOW, dialect })} AS c${i}`,
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

describe('conditions compiled to SQL agree with the JS evaluator (DuckDB)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await duck();
  });
  afterAll(() => db.close());

  it('true, false and unknown agree on random conditions and records', async () => {
    const n = await differential(db, 'duckdb', 150, 20261130);
    expect(n).toBeGreaterThan(1000);
  }, 120_000);

  it('a hand-picked case per verdict, so the property cannot pass by comparing nothing', async () => {
    const cond: Condition = { field: 'amount', atLeast: 25000 } as Condition;
    const sql = toSql(cond, { fields: FIELD_LOOKUP, column: (f) => `"${f}"`, now: NOW, dialect: 'duckdb' });
    const rows = await db.query(`SELECT ${sql} AS v FROM (VALUES (30000.0), (100.0), (NULL)) AS x("amount")`);
    expect(rows.map((r) => r.v)).toEqual([true, false, null]);
  });
});
