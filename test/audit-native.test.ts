// DuckDB's CSV reader types number and percent columns itself (DOUBLE) when a file's first rows
// hold plain numbers (src/audit/source.ts nativeColumns); the text path (every column read as
// text, typed by typedExpr) stays the reference and the fallback. The native read is exact only if
// every value the reader accepts as DOUBLE is the number the text path gives it, and no value the
// reader accepts is one the text path reports unreadable. Checked here value by value, on edge
// cases and on values drawn by fast-check; and the fallback: a value the reader rejects late in a
// file gives the text path's result, or its located report.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMapping } from '../src/audit/mapping.js';
import { buildPlan } from '../src/audit/plan.js';
import {
  type Db,
  describeCellIssues,
  loadDeals,
  matchColumns,
  nativeColumns,
  type NativeRead,
  openDuckDb,
  openSource,
} from '../src/audit/source.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { routeBatch, type RoutedRow } from '../src/route/batch.js';
import { ROOT, tempDir } from './helpers.js';

const model = buildModel(loadMap(join(ROOT, 'map')));
const plan = buildPlan(model);
const SEED = 20261130;

/** Values near the shapes a number column takes and near the edges of DuckDB's DOUBLE. */
const EDGES = [
  '12',
  '-12',
  '+12',
  '-0',
  '0',
  '0.1',
  '.5',
  '5.',
  '1e5',
  '1E5',
  '1e-5',
  '1e400',
  '-1e400',
  '4.9e-324',
  '1.7976931348623157e308',
  '123456789012345678901234567890',
  '0.30000000000000004',
  ' 12',
  '12 ',
  ' 12 ',
  '\t12',
  '12\t',
  '1 2',
  '1,200',
  '1,2,3',
  '12%',
  '%',
  ',',
  '1_000',
  '0x10',
  'inf',
  '-inf',
  'Infinity',
  '-Infinity',
  'INF',
  'nan',
  'NaN',
  '-nan',
  'e5',
  '1e',
  '--1',
  '-',
  '+',
  '.',
  '',
  ' ',
  '   ',
  '\t',
  '١٢',
  '１２',
  '12\u00a0',
  '\u00a012',
  '12.5.1',
  '1d',
  '1f',
  '$12',
  'true',
  '"',
  '12"',
];

/** A CSV value, quoted (the reader unquotes it before either path types it). */
const csvValue = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/** A deals file of field-id columns: a number, a percent and a second number, one row per triple. */
function write(rows: [string, string, string][], name = 'n.csv'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, `employee-count,discount-percent,health-score\n${rows.map((r) => r.map(csvValue).join(',')).join('\n')}\n`);
  return file;
}

interface Typed {
  rows: unknown[][];
  issues: string[];
}

/** The typed rows and the located unreadable cells, read with `how`; undefined when the reader rejected a value (force). */
async function read(db: Db, file: string, how: NativeRead): Promise<Typed | undefined> {
  await db.run('DROP VIEW IF EXISTS deals');
  await db.run('DROP TABLE IF EXISTS gtmap_typed');
  const src = await openSource(db, file);
  const match = matchColumns(src.headers, plan, emptyMapping());
  expect(match.unmatched).toEqual([]);
  let typed;
  try {
    typed = await loadDeals(db, src, match, plan, emptyMapping(), undefined, how);
  } catch (e) {
    if (how === 'force') return undefined;
    throw e;
  }
  const rows = (await db.all('SELECT gtmap_row, "employee-count", "discount-percent", "health-score" FROM deals ORDER BY gtmap_row')).map(
    (r) => Object.values(r),
  );
  return { rows, issues: describeCellIssues(typed, plan) };
}

/** Object.is on every value: -0 is not 0, NaN is NaN. */
function same(a: Typed, b: Typed): boolean {
  return (
    a.rows.length === b.rows.length &&
    a.rows.every((r, i) => r.length === b.rows[i]!.length && r.every((v, j) => Object.is(v, b.rows[i]![j]))) &&
    JSON.stringify(a.issues) === JSON.stringify(b.issues)
  );
}

describe("DuckDB's reader types number columns exactly as the text path does", { timeout: 300_000 }, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(() => db.close());

  it('every edge value the reader takes is the text path’s number, and none it takes is unreadable there', async () => {
    let taken = 0;
    const disagree: string[] = [];
    for (const v of EDGES) {
      const file = write([[v, v, v]]);
      const native = await read(db, file, 'force');
      const text = (await read(db, file, 'off'))!;
      if (native === undefined) continue;
      taken++;
      if (!same(native, text)) disagree.push(JSON.stringify({ v, native, text }));
    }
    expect(disagree).toEqual([]);
    // the reader takes plain numbers, exponents and the infinities, so the check is not vacuous
    expect(taken).toBeGreaterThan(15);
  });

  it('on files of values drawn by fast-check: the same rows or a rejected read', async () => {
    const piece = fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e', 'E', ',', '%', ' ', '\t', 'inf', 'nan', 'x', '$', '_');
    const numberish = fc.oneof(
      { weight: 4, arbitrary: fc.double({ noNaN: false }).map((x) => String(x)) },
      { weight: 3, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map(String) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 8 })).map(([x, k]) => x.toFixed(k)),
      },
      { weight: 2, arbitrary: fc.array(piece, { minLength: 0, maxLength: 6 }).map((xs) => xs.join('')) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGES) },
      { weight: 1, arbitrary: fc.constant('') },
    );
    let taken = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(numberish, numberish, numberish), { minLength: 1, maxLength: 5 }), async (rows) => {
        const file = write(rows);
        const native = await read(db, file, 'force');
        const text = (await read(db, file, 'off'))!;
        if (native === undefined) {
          rejected++;
          return true;
        }
        taken++;
        return same(native, text);
      }),
      { seed: SEED, numRuns: 250 },
    );
    expect(taken).toBeGreaterThan(40);
    expect(rejected).toBeGreaterThan(20);
  });

  it('a value the reader rejects after the first rows: the text path’s numbers, or its located report', async () => {
    const plain = Array.from({ length: 3000 }, (_, i): [string, string, string] => [
      String(100 + i),
      String(i % 20),
      i % 3 ? '' : String(i % 100),
    ]);
    // "1,200" is a number to the text path, and not to the reader
    const late = write([...plain, ['1,200', '12%', '50']], 'late.csv');
    const src = await openSource(db, late);
    expect([...nativeColumns(src, matchColumns(src.headers, plan, emptyMapping()).byField, plan).keys()]).toEqual([
      'employee-count',
      'discount-percent',
      'health-score',
    ]);
    const auto = (await read(db, late, 'auto'))!;
    const text = (await read(db, late, 'off'))!;
    expect(same(auto, text)).toBe(true);
    expect(auto.rows.at(-1)).toEqual([3002n, 1200, 12, 50]);
    expect(auto.issues).toEqual([]);
    // an unreadable value late in the file is reported at its row and column, as the text path reports it
    const bad = write([...plain, ['12', 'lots', '5'], ['\t', '1', '1']], 'bad.csv');
    const autoBad = (await read(db, bad, 'auto'))!;
    const textBad = (await read(db, bad, 'off'))!;
    expect(autoBad.issues).toEqual(textBad.issues);
    expect(autoBad.issues).toEqual([
      'row 3002, column "discount-percent" (field discount-percent): is not a percent',
      'row 3003, column "employee-count" (field employee-count): is not a number',
    ]);
  });
});

describe('batch routing reads number columns natively with the same result', { timeout: 300_000 }, () => {
  const NOW = new Date('2026-11-30T14:00:00Z');
  const routeAll = async (file: string, native: NativeRead): Promise<{ rows: RoutedRow[]; result: unknown }> => {
    const rows: RoutedRow[] = [];
    const result = await routeBatch(model, { file, object: 'lead', now: NOW, native, onRecord: (r) => rows.push(r) });
    return { rows, result };
  };

  it('on the example leads, natively and as text', async () => {
    const file = join(ROOT, 'examples', 'leads.csv');
    const src = await openSource({ all: async () => [], run: async () => {}, close: () => {} }, file);
    expect(nativeColumns(src, matchColumns(src.headers, plan, emptyMapping()).byField, plan).size).toBeGreaterThan(0);
    expect(await routeAll(file, 'force')).toEqual(await routeAll(file, 'off'));
  });

  it('with a value the reader rejects late in the file', async () => {
    const lines = readLines(join(ROOT, 'examples', 'leads.csv'));
    const header = lines[0]!.split(',');
    const col = header.indexOf('NumberOfEmployees');
    const last = lines.at(-1)!.split(',');
    last[col] = '"1,200"';
    const file = join(tempDir(), 'leads.csv');
    writeFileSync(file, [...lines.slice(0, -1), last.join(',')].join('\n') + '\n');
    const auto = await routeAll(file, 'auto');
    expect(auto).toEqual(await routeAll(file, 'off'));
    await expect(routeAll(file, 'force')).rejects.toThrow();
  });
});

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}
