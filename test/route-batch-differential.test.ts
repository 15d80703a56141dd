// Differential property test: random lead and account exports (values at the thresholds, empty
// fields, labels and ids) routed through the example map by the routing compiled to SQL CASE in
// DuckDB and by compileRouter over the same typed rows must agree on rule, team, outcome and
// segment for every record.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { type Engine, type RoutedRow, routeBatch } from '../src/route/batch.js';
import { ROOT, tempDir } from './helpers.js';

const model = buildModel(loadMap(join(ROOT, 'map')));
const NOW = new Date('2026-11-30T14:00:00Z');

const cell = (values: (string | number)[]) => fc.oneof(fc.constant(''), fc.constantFrom(...values.map(String)));
const record = fc.record({
  NumberOfEmployees: fc.oneof(cell([1, 199, 200, 1999, 2000, 40000]), fc.integer({ min: 0, max: 50000 }).map(String)),
  HQ_Region__c: cell(['north-america', 'North America', 'emea', 'EMEA', 'apac', 'latam']),
  Customer_Status__c: cell(['prospect', 'Customer', 'former-customer']),
  Accounting_Firm__c: cell(['Moss Adams', 'x']),
  Deal_Registration_Id__c: cell(['DR-123456', 'dr-654321', 'DR-12', 'DR-1234567']),
  LeadSource: cell(['demo-request', 'Demo Request', 'product-signup', 'outbound', 'partner-referral', 'event', 'content']),
  Target_Tier__c: cell(['tier-1', 'Tier 2', 'tier-3', 'untiered']),
  PQL_Score__c: cell([0, 69, 70, 100]),
  Workspace_Seats__c: cell([0, 5, 6, 30]),
  ERP__c: cell(['sap', 'Microsoft Dynamics', 'netsuite', 'xero', 'other']),
});

async function routeAll(file: string, object: 'lead' | 'account', engine: Engine): Promise<RoutedRow[]> {
  const rows: RoutedRow[] = [];
  await routeBatch(model, { file, object, now: NOW, engine, onRecord: (r) => rows.push(r) });
  return rows;
}

describe('batch routing: SQL CASE and the JS router agree', () => {
  it('on rule, team, outcome and segment for random exports', async () => {
    const dir = tempDir();
    let records = 0;
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 20, maxLength: 80 }),
        fc.constantFrom('lead' as const, 'account' as const),
        async (recs, object) => {
          const headers = Object.keys(recs[0]!);
          const file = join(dir, 'leads.csv');
          writeFileSync(
            file,
            [
              ['Id', ...headers].join(','),
              ...recs.map((r, i) => [`R-${i}`, ...headers.map((h) => (r as Record<string, string>)[h])].join(',')),
            ].join('\n') + '\n',
          );
          const [sql, js] = [await routeAll(file, object, 'sql'), await routeAll(file, object, 'js')];
          expect(sql).toHaveLength(recs.length);
          expect(js).toEqual(sql);
          records += recs.length;
          for (const r of sql) outcomes.add(r.outcome);
        },
      ),
      { numRuns: 25, seed: 20261130 },
    );
    // the property compared real work: many records, and every outcome occurred
    expect(records).toBeGreaterThan(500);
    expect([...outcomes].sort()).toEqual(['fallback', 'matched', 'undecided']);
  }, 300_000);
});
