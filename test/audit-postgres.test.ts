// The PostgreSQL dialect, run against a real PostgreSQL server (started here on a Unix socket):
// random conditions agree with the JS evaluator, and the audit's views emitted for PostgreSQL,
// over the deals of examples/deals.csv, give exactly what the DuckDB views give over the same
// table. Skipped only when PostgreSQL is not installed; GTMAP_REQUIRE_POSTGRES=1 (CI) fails then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../src/audit/plan.js';
import { emitSql, sqlType, usedColumns } from '../src/audit/emit.js';
import { emptyMapping } from '../src/audit/mapping.js';
import { loadDeals, matchColumns, openDuckDb, openSource, type Db as DuckDb } from '../src/audit/source.js';
import { type Dialect, numberLiteral, quoteIdent, quoteText } from '../src/audit/sql.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { differential } from './helpers-sql.js';
import { type Pg, postgresBin, startPostgres } from './helpers-pg.js';
import { ROOT } from './helpers.js';
import { join } from 'node:path';

const bin = postgresBin();
const required = process.env.GTMAP_REQUIRE_POSTGRES === '1';
const AS_OF = new Date('2026-11-30T00:00:00Z');

describe.skipIf(!bin && !required)('the PostgreSQL dialect against a real server', () => {
  let pg: Pg | undefined;
  beforeAll(() => {
    if (!bin)
      throw new Error(
        'GTMAP_REQUIRE_POSTGRES=1, but PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install the Debian package `postgresql`.',
      );
    pg = startPostgres(bin);
  }, 120_000);
  afterAll(() => pg?.stop());

  it('random conditions: PostgreSQL agrees with the JS evaluator on true, false and unknown', async () => {
    const n = await differential(pg!, 'postgres', 60, 20261201);
    expect(n).toBeGreaterThan(500);
  }, 300_000);

  it('the audit of examples/deals.csv: PostgreSQL gives exactly the per-deal results and totals of DuckDB', async () => {
    const model = buildModel(loadMap(join(ROOT, 'map'), ROOT));
    const plan = buildPlan(model);
    const used = usedColumns(plan);
    // the deals, typed by DuckDB's reader, with a NULL column for each field the export lacks
    const duck: DuckDb = await openDuckDb();
    try {
      const src = await openSource(duck, join(ROOT, 'examples/deals.csv'));
      const match = matchColumns(src.headers, plan, emptyMapping());
      await loadDeals(duck, src, match, plan, emptyMapping());
      await duck.run('CREATE TABLE deals_t AS SELECT * FROM deals');
      const cols = [...used].sort();
      for (const f of cols)
        if (!match.byField.has(f))
          await duck.run(`ALTER TABLE deals_t ADD COLUMN ${quoteIdent(f, 'duckdb')} ${sqlType(plan.fields.get(f)!.type, 'duckdb')}`);
      const rows = await duck.all(`SELECT ${cols.map((c) => quoteIdent(c, 'duckdb')).join(', ')} FROM deals_t`);
      expect(rows.length).toBe(58);

      const lit = (v: unknown, type: string, d: Dialect): string => {
        if (v === null || v === undefined) return 'NULL';
        if (typeof v === 'number') return numberLiteral(v);
        if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
        if (v instanceof Date)
          return type === 'date'
            ? `DATE '${v.toISOString().slice(0, 10)}'`
            : `TIMESTAMP '${v.toISOString().replace('T', ' ').replace('Z', '')}'`;
        return quoteText(String(v), d);
      };
      const pgTable = `CREATE TABLE deals (${cols.map((c) => `${quoteIdent(c, 'postgres')} ${sqlType(plan.fields.get(c)!.type, 'postgres')}`).join(', ')});
INSERT INTO deals VALUES ${rows.map((r) => `(${cols.map((c) => lit(r[c], plan.fields.get(c)!.type, 'postgres')).join(', ')})`).join(',\n')};`;
      await pg!.query(pgTable + '\n' + emitSql(model, { dialect: 'postgres', table: 'deals', asOf: AS_OF }));
      for (const v of emitSql(model, { dialect: 'duckdb', table: 'deals_t', asOf: AS_OF })
        .split(/;\n/)
        .map((s) => s.replace(/^(--[^\n]*\n|\n)+/g, '').trim())
        .filter(Boolean))
        await duck.run(v.replace(/;$/, '').replace('CREATE VIEW', 'CREATE OR REPLACE VIEW'));

      // values as both engines print them: numbers as numbers, dates as YYYY-MM-DD
      const norm = (v: unknown): unknown =>
        v === null || typeof v === 'boolean'
          ? v
          : v instanceof Date
            ? v.toISOString().slice(0, 10)
            : /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(String(v))
              ? Number(v)
              : String(v).slice(0, 10) === String(v)
                ? v
                : String(v);
      const shape = (rs: Record<string, unknown>[], key: (r: Record<string, unknown>) => string) =>
        rs
          .map((r) =>
            Object.fromEntries(
              Object.entries(r)
                .filter(([k]) => !['stage_entered_at'].includes(k))
                .map(([k, v]) => [k, norm(v)]),
            ),
          )
          .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      const dealKey = (r: Record<string, unknown>) => String(r.deal_id);
      const pgDeals = shape(await pg!.query('SELECT * FROM gtmap_deal_audit'), dealKey);
      const duckDeals = shape(await duck.all('SELECT * FROM gtmap_deal_audit'), dealKey);
      expect(pgDeals.length).toBe(50);
      expect(Object.keys(pgDeals[0]!).some((k) => k.startsWith('c:'))).toBe(true);
      expect(pgDeals).toEqual(duckDeals);
      expect(pgDeals.filter((d) => d.honest === false).length).toBeGreaterThan(10);

      const totalKey = (r: Record<string, unknown>) => `${String(r.dimension)}|${String(r.pipeline)}|${String(r.value)}`;
      const pgTotals = shape(await pg!.query('SELECT * FROM gtmap_totals'), totalKey);
      expect(pgTotals.length).toBeGreaterThan(10);
      expect(pgTotals).toEqual(shape(await duck.all('SELECT * FROM gtmap_totals'), totalKey));
    } finally {
      duck.close();
    }
  }, 300_000);
});
