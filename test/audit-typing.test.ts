// The reader's fast paths (src/audit/source.ts) type money and timestamps without a regular
// expression or the time-zone library where they can; each must give exactly what the plain
// definition below gives, on every text. The plain definitions are the audit's meaning of a money
// or timestamp cell, kept here as the specification the fast SQL is checked against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMapping } from '../src/audit/mapping.js';
import { openDuckDb, typedExpr, type Db } from '../src/audit/source.js';
import type { Field } from '../src/model/types.js';

const field = (type: Field['type']): Field => ({ id: 'x', name: 'x', type }) as Field;

/** Money as the audit reads it: a plain number, else every character but digits, `.` and `-` removed, negative in parentheses. */
const moneyReference = (r: string): string =>
  `COALESCE(TRY_CAST(${r} AS DOUBLE), (TRY_CAST(regexp_replace(${r}, '[^0-9.\\-]', '', 'g') AS DOUBLE) * CASE WHEN contains(${r}, '(') AND regexp_matches(${r}, '^\\s*\\(.*\\)\\s*$') THEN -1 ELSE 1 END))`;

/** A timestamp as the audit reads it (no dateFormat stated): ISO date, ISO timestamp with an optional zone, epoch milliseconds. */
const timestampReference = (r: string): string => `CASE
  WHEN length(${r}) = 10 AND substr(${r}, 5, 1) = '-' THEN CAST(TRY_CAST(${r} AS DATE) AS TIMESTAMP)
  WHEN substr(${r}, 5, 1) = '-' AND regexp_matches(${r}, '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?$') THEN CAST(TRY_CAST(${r} AS TIMESTAMPTZ) AS TIMESTAMP)
  WHEN regexp_matches(${r}, '^\\d{12,13}$') THEN CAST(epoch_ms(TRY_CAST(${r} AS BIGINT)) AS TIMESTAMP)
  WHEN regexp_matches(${r}, '^\\d{1,2}/\\d{1,2}/\\d{4}( \\d{1,2}:\\d{2}(:\\d{2})?( ?[AaPp][Mm])?)?$') THEN NULL
END`;

/** A seeded generator of texts near the shapes the fast paths take, and near their edges. */
function corpus(seed: number, n: number, pieces: string[], maxLen: number): string[] {
  let a = seed;
  const rng = (): number => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = 1 + Math.floor(rng() * maxLen);
    for (let j = 0; j < len; j++) s += pieces[Math.floor(rng() * pieces.length)];
    out.push(s);
  }
  return out;
}

function stamps(seed: number, n: number): string[] {
  let a = seed;
  const rng = (): number => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const d2 = (x: number): string => String(x).padStart(2, '0');
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng() * xs.length)]!;
  return Array.from({ length: n }, () => {
    // months 13, days 0 and 32, hour 24, minute and second 60: invalid on purpose
    let v = `${1900 + Math.floor(rng() * 200)}-${d2(1 + Math.floor(rng() * 13))}-${d2(Math.floor(rng() * 33))}${pick(['T', ' ', 't'])}${d2(Math.floor(rng() * 25))}:${d2(Math.floor(rng() * 61))}`;
    if (rng() < 0.8) v += `:${d2(Math.floor(rng() * 61))}`;
    if (rng() < 0.4) v += `.${String(Math.floor(rng() * 1e9)).slice(0, 1 + Math.floor(rng() * 9))}`;
    const z = rng();
    if (z < 0.3) v += pick(['Z', 'z']);
    else if (z < 0.5) v += `${pick(['+', '-'])}${d2(Math.floor(rng() * 16))}`;
    else if (z < 0.7) v += `${pick(['+', '-'])}${d2(Math.floor(rng() * 16))}${pick([':', ''])}${d2(Math.floor(rng() * 60))}`;
    return rng() < 0.05 ? ` ${v}` : v;
  });
}

const MONEY_EDGES = [
  '$1,200.00',
  '1,200',
  '$1',
  '-$5',
  '$-5',
  '(1,200)',
  '$(12)',
  '1e3',
  '$1e3',
  'inf',
  '$inf',
  '1_000',
  '$1_000',
  '.5',
  '5.',
  '1.2.3',
  '-',
  '$',
  ',',
  '$,',
  '--1',
  '1-',
  '+5',
  ' 12',
  '12 ',
  'USD 1,200',
  '€12,50',
  '$1,50',
  '1 200',
  '٣',
  '0x10',
  'NaN',
  '$.',
  '-.5',
  '1,2,3.4',
];

describe('the reader types money and timestamps exactly as their plain definitions do', { timeout: 120_000 }, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(() => db.close());

  const differing = async (values: string[], fast: string, reference: string): Promise<Record<string, unknown>[]> => {
    await db.run('DROP TABLE IF EXISTS texts');
    await db.run('CREATE TABLE texts (r VARCHAR)');
    for (let i = 0; i < values.length; i += 1000)
      await db.run(
        `INSERT INTO texts VALUES ${values
          .slice(i, i + 1000)
          .map((v) => `('${v.replace(/'/g, "''")}')`)
          .join(', ')}`,
      );
    return db.all(`SELECT r, ${fast} AS fast, ${reference} AS reference FROM texts WHERE (${fast}) IS DISTINCT FROM (${reference})`);
  };

  it('money: the same number (or none) for every text, including the ones the fast path takes', async () => {
    const values = [...MONEY_EDGES, ...corpus(1, 20_000, ['$', ',', '.', '-', '0', '1', '9', '5', '(', ')', ' ', 'e', '_', 'E'], 9)];
    const fast = typedExpr(field('currency'), 'r', emptyMapping());
    expect(await differing(values, fast, moneyReference('r'))).toEqual([]);
    // the corpus reaches the fast path with numbers, not only NULLs
    const [taken] = await db.all(`SELECT count(*) AS n FROM texts WHERE regexp_full_match(r, '[$,0-9.\\-]*') AND (${fast}) IS NOT NULL`);
    expect(Number(taken!.n)).toBeGreaterThan(1000);
  });

  it('timestamps: the same instant (or none) for every text, with and without a zone', async () => {
    const values = [...stamps(2, 20_000), '2026-10-07T14:00:00Z', '2026-10-07 14:00', '2026-10-07', '1764511200000', '03/04/2026'];
    const fast = typedExpr(field('datetime'), 'r', emptyMapping());
    expect(await differing(values, fast, timestampReference('r'))).toEqual([]);
    const [read] = await db.all(`SELECT count(${fast}) AS n FROM texts`);
    expect(Number(read!.n)).toBeGreaterThan(5000);
  });

  it('dates: the same day (or none) for every text', async () => {
    const values = [
      ...stamps(3, 5_000),
      ...stamps(4, 5_000).map((s) => s.slice(0, 10)),
      '2026-02-30',
      '2026-1-05',
      '20261005',
      '1764511200000',
    ];
    const fast = typedExpr(field('date'), 'r', emptyMapping());
    expect(await differing(values, fast, `CAST(${timestampReference('r')} AS DATE)`)).toEqual([]);
    const [read] = await db.all(`SELECT count(${fast}) AS n FROM texts WHERE length(r) = 10`);
    expect(Number(read!.n)).toBeGreaterThan(3000);
  });
});
