// gtmap audit --emit-sql: the audit as SQL views for a warehouse. Every dialect's output is a
// golden file (Snowflake and BigQuery are checked only this way: they have not been run against
// those engines). Names from the map and the export are quoted: a stage label or column header
// holding quotes and SQL cannot break or inject into the statements.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExampleMap, ROOT, runCli, tempDir } from './helpers.js';

const UPDATE = process.env.GTMAP_UPDATE_GOLDEN === '1';
const GOLDEN = join(ROOT, 'test/golden/audit');
const HOSTILE = `O'Reilly "Deal"; DROP TABLE deals; --`;

describe('gtmap audit --emit-sql', () => {
  for (const dialect of ['postgres', 'duckdb', 'snowflake', 'bigquery']) {
    it(`${dialect}: matches test/golden/audit/${dialect}.sql`, () => {
      const r = runCli(['audit', 'map', '--emit-sql', dialect, '--as-of', '2026-11-30', '--table', 'analytics.crm_deals']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const file = join(GOLDEN, `${dialect}.sql`);
      if (UPDATE || !existsSync(file)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, r.stdout);
      }
      expect(r.stdout).toBe(readFileSync(file, 'utf8'));
      expect(r.stdout).toContain('CREATE VIEW');
    });
  }

  it('a stage label and a column header holding quotes and SQL are quoted, not executed', async () => {
    const map = copyExampleMap();
    const file = join(map, 'pipelines', 'new-business.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('salesforce: [Negotiation/Review]', `salesforce: [${JSON.stringify(HOSTILE)}, 'back\\slash']`),
    );
    const mapping = join(tempDir(), 'm.yaml');
    writeFileSync(mapping, `columns:\n  'Amount "USD"; DROP TABLE deals; --': amount\n`);
    // the audit reads the hostile header and stage value, and maps the deal to its stage
    const r = runCli([
      'audit',
      map,
      '--deals',
      'test/fixtures/audit/quoted-names.csv',
      '--mapping',
      mapping,
      '--as-of',
      '2026-11-30',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { deals: { id: string; stage: string; amount: number }[] };
    expect(out.deals.map((d) => [d.id, d.stage, d.amount])).toEqual([['Q-1', 'nb-negotiation', 1000]]);
    // the emitted SQL quotes the label for each dialect's string syntax
    const sql = (d: string) => runCli(['audit', map, '--emit-sql', d, '--as-of', '2026-11-30']).stdout;
    expect(sql('postgres')).toContain(`'o''reilly "deal"; drop table deals; --'`);
    expect(sql('postgres')).toContain(`'back\\slash'`);
    expect(sql('bigquery')).toContain(`'o\\'reilly "deal"; drop table deals; --'`);
    expect(sql('snowflake')).toContain(`'back\\\\slash'`);
    // and the DuckDB text runs as views over a table that survives, with the deal at its stage
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const text = sql('duckdb');
      const cols = [...text.matchAll(/^-- {3}("[^"]+") (\w+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
      await c.run(`CREATE TABLE deals (${cols.join(', ')})`);
      await c.run(
        `INSERT INTO deals ("opportunity-id", "opportunity-pipeline", "opportunity-stage", amount) VALUES ('Q-1', 'New business', '${HOSTILE.replace(/'/g, "''")}', 1000)`,
      );
      for (const stmt of text
        .split(/;\n/)
        .map((s) => s.replace(/^(--[^\n]*\n|\n)+/g, '').trim())
        .filter(Boolean))
        await c.run(stmt.replace(/;$/, ''));
      const rows = (await c.runAndReadAll('SELECT deal_id, stage FROM gtmap_deal_audit')).getRowObjectsJS();
      expect(rows).toEqual([{ deal_id: 'Q-1', stage: 'nb-negotiation' }]);
      expect((await c.runAndReadAll('SELECT count(*) AS n FROM deals')).getRowObjectsJS()).toEqual([{ n: 1n }]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  }, 120_000);
});
