// Differential property test: random conditions and typed records; the JS evaluator (compile) and
// the same condition compiled to SQL and run in DuckDB must agree on true, false and unknown for
// every record. SQL's NULL is the third value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSql } from '../src/audit/sql.js';
import type { Condition } from '../src/model/types.js';
import { type Db, differential, FIELD_LOOKUP, NOW } from './helpers-sql.js';

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
