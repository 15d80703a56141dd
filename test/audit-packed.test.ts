// `gtmap audit` runs the checks packed (src/audit/packed.ts: verdicts two bits to a criterion,
// per-stage masks, bit counts); the warehouse SQL is the plain form (src/audit/views.ts). The two
// must agree on every deal and every total: here on a generated export of 3,000 deals, typed by
// the same reader, with the plain views run in the same DuckDB.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit/index.js';
import { emitSql, sqlType, usedColumns } from '../src/audit/emit.js';
import { emptyMapping } from '../src/audit/mapping.js';
import { buildPlan } from '../src/audit/plan.js';
import { loadDeals, matchColumns, openDuckDb, openSource } from '../src/audit/source.js';
import { quoteIdent } from '../src/audit/sql.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { copyExampleMap, ROOT, tempDir } from './helpers.js';

const AS_OF = new Date('2026-11-30T00:00:00Z');

/** The example map with 14 more exit criteria on Discovery: 34 in all, more than one packed word holds (32). */
function manyCriteria(): string {
  const dir = copyExampleMap();
  const file = join(dir, 'pipelines', 'new-business.yaml');
  const checks = [
    'field: employee-count\n              atLeast: 300',
    'field: health-score\n              atLeast: 50',
    'field: discount-percent\n              atMost: 5',
    'field: next-step\n              present: true',
    'field: economic-buyer\n              present: true',
    'field: economic-buyer-met\n              equals: true',
    'field: problem-cost\n              greaterThan: 60000',
  ];
  const extra = Array.from(
    { length: 14 },
    (_, i) =>
      `          - id: extra-${i + 1}\n            text: Extra check ${i + 1}.\n            check:\n              ${checks[i % checks.length]}\n`,
  ).join('');
  const text = readFileSync(file, 'utf8');
  const at = '          - id: problem-in-buyers-words\n';
  expect(text).toContain(at);
  writeFileSync(file, text.replace(at, extra + at));
  return dir;
}

describe('the packed audit agrees with the plain views', { timeout: 300_000 }, () => {
  it('on every deal and every total, on the example map', () => agree(join(ROOT, 'map'), 20));
  it('on every deal and every total, with more criteria than one packed word holds', () => agree(manyCriteria(), 34));
});

async function agree(mapDir: string, criteriaCount: number): Promise<void> {
  {
    const file = join(tempDir(), 'deals.csv');
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-deals.mjs'), '--count', '3000', '--seed', '17', '--out', file], {
      encoding: 'utf8',
    });
    expect(g.status).toBe(0);
    const model = buildModel(loadMap(mapDir, ROOT));
    expect(buildPlan(model).pipelines.flatMap((p) => p.open.flatMap((st) => st.criteria)).length).toBe(criteriaCount);
    const packed = await audit(model, { dealsFile: file, asOf: AS_OF, deals: 'all' });

    const db = await openDuckDb();
    try {
      const plan = buildPlan(model);
      const src = await openSource(db, file);
      const match = matchColumns(src.headers, plan, emptyMapping());
      await loadDeals(db, src, match, plan, emptyMapping());
      await db.run('CREATE TABLE deals_t AS SELECT * FROM deals');
      // a field the views read that the export lacks is an empty column, as in the warehouse
      for (const f of usedColumns(plan))
        if (!match.byField.has(f))
          await db.run(`ALTER TABLE deals_t ADD COLUMN ${quoteIdent(f, 'duckdb')} ${sqlType(plan.fields.get(f)!.type, 'duckdb')}`);
      for (const v of emitSql(model, { dialect: 'duckdb', table: 'deals_t', asOf: AS_OF })
        .split(/;\n/)
        .map((s) => s.replace(/^(--[^\n]*\n|\n)+/g, '').trim())
        .filter(Boolean))
        await db.run(v.replace(/;$/, ''));
      const plain = new Map((await db.all('SELECT * FROM gtmap_deal_audit')).map((r) => [String(r.deal_id), r]));

      expect(packed.deals.length).toBe(plain.size);
      expect(packed.deals.length).toBeGreaterThan(2000);
      let failing = 0;
      for (const d of packed.deals) {
        const r = plain.get(d.id)!;
        const verdict = (v: unknown): string => (v === true ? 'pass' : v === false ? 'fail' : 'unknown');
        expect({
          id: d.id,
          stage: d.stage,
          honestStage: d.honestStage,
          criteria: d.criteria.map((c) => `${c.stage}/${c.id}:${c.verdict}`),
          stale: d.stale.stale,
          mismatch: d.categoryMismatch !== null,
          requiredEmpty: d.requiredEmpty,
          honest: d.honest,
        }).toEqual({
          id: String(r.deal_id),
          stage: String(r.stage),
          honestStage: String(r.honest_stage),
          criteria: d.criteria.map((c) => `${c.stage}/${c.id}:${verdict(r[`c:${c.stage}/${c.id}`])}`),
          stale: r.stale === null ? null : r.stale === true,
          mismatch: r.category_mismatch === true,
          requiredEmpty: [...plan.required.keys()].filter((f) => r[`r:${f}`] === true),
          honest: r.honest === true,
        });
        failing += d.failing.length;
      }
      // the export has deals of every kind, so a disagreement would show
      expect(failing).toBeGreaterThan(100);
      expect(packed.deals.filter((d) => d.stale.stale === true).length).toBeGreaterThan(50);

      const totals = (await db.all('SELECT * FROM gtmap_totals')).map((r) => ({
        key: `${String(r.dimension)}|${String(r.pipeline)}|${String(r.value)}`,
        deals: Number(r.deals),
        amount: Number(r.amount),
        honestDeals: Number(r.honest_deals),
        honestAmount: Number(r.honest_amount),
        failingDeals: Number(r.failing_deals),
        unknownDeals: Number(r.unknown_deals),
        staleDeals: Number(r.stale_deals),
        mismatchDeals: Number(r.mismatch_deals),
      }));
      const ours = packed.totals.map((t) => ({
        key: `${t.dimension}|${t.pipeline}|${String(t.value)}`,
        deals: t.deals,
        amount: t.amount,
        honestDeals: t.honestDeals,
        honestAmount: t.honestAmount,
        failingDeals: t.failingDeals,
        unknownDeals: t.unknownDeals,
        staleDeals: t.staleDeals,
        mismatchDeals: t.mismatchDeals,
      }));
      const byKey = <T extends { key: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      expect(byKey(ours)).toEqual(byKey(totals));
    } finally {
      db.close();
    }
  }
}
