// Property tests of the condition language: random conditions over a few typed fields, random
// records with missing and unreadable values. They guard what the operator table promises:
// implies() is sound under three-valued evaluation, complements are exact, combinators follow
// Kleene logic, and nothing throws on any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleRecord } from '../src/conditions/example.js';
import { implies, neverHolds, normalForm } from '../src/conditions/implies.js';
import {
  compile,
  describe as say,
  type DataRecord,
  OPERATOR_TABLE,
  type RecordValue,
  typecheck,
  type Verdict,
} from '../src/conditions/index.js';
import type { Condition, Field } from '../src/model/types.js';

const FIELDS: Record<string, Field> = {
  employees: { id: 'employees', name: 'Employees', type: 'number' },
  region: { id: 'region', name: 'Region', type: 'enum', values: ['emea', 'na', 'apac'] },
  source: { id: 'source', name: 'Source', type: 'text' },
  customer: { id: 'customer', name: 'Customer', type: 'boolean' },
  created: { id: 'created', name: 'Created', type: 'date' },
  due: { id: 'due', name: 'Due', type: 'date' },
};
const fields = (id: string): Field | undefined => FIELDS[id];
const now = new Date('2025-07-01T00:00:00Z');
const SEED = 20251122; // fixed, so a failure reproduces; fast-check prints the counterexample

const NUMS = [0, 50, 200, 201, 500];
const REGIONS = ['emea', 'na', 'apac'];
const SOURCES = ['web', 'Web', 'event', '5'];
const DATES = ['2025-01-01', '2025-06-01', '2025-06-28'];
const DURATIONS = ['1d', '7d', '30d', '90d'];

const t = (field: string, op: string, value: unknown): Condition => ({ field, [op]: value }) as unknown as Condition;
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const someOf = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

const TESTS: Record<string, fc.Arbitrary<Condition>[]> = {
  employees: [
    fc
      .tuple(pick(['equals', 'notEquals', 'greaterThan', 'atLeast', 'lessThan', 'atMost']), pick(NUMS))
      .map(([op, v]) => t('employees', op, v)),
    fc.tuple(pick(['in', 'notIn']), someOf(NUMS)).map(([op, v]) => t('employees', op, v)),
  ],
  region: [
    fc.tuple(pick(['equals', 'notEquals']), pick(REGIONS)).map(([op, v]) => t('region', op, v)),
    fc.tuple(pick(['in', 'notIn']), someOf(REGIONS)).map(([op, v]) => t('region', op, v)),
  ],
  source: [
    fc.tuple(pick(['equals', 'notEquals']), pick(SOURCES)).map(([op, v]) => t('source', op, v)),
    fc.tuple(pick(['in', 'notIn']), someOf(SOURCES)).map(([op, v]) => t('source', op, v)),
    pick(['^w', 'e', '^5$']).map((v) => t('source', 'matches', v)),
  ],
  customer: [fc.tuple(pick(['equals', 'notEquals']), fc.boolean()).map(([op, v]) => t('customer', op, v))],
  created: [
    fc
      .tuple(pick(['greaterThan', 'atLeast', 'lessThan', 'atMost', 'equals', 'notEquals']), pick(DATES))
      .map(([op, v]) => t('created', op, v)),
    fc.tuple(pick(['within', 'olderThan', 'withinNext']), pick(DURATIONS)).map(([op, v]) => t('created', op, v)),
    // one field compared with another
    pick(['greaterThan', 'atLeast', 'lessThan', 'atMost']).map((op) => t('created', op, { field: 'due' })),
  ],
};
const testOf = (field: string): fc.Arbitrary<Condition> =>
  fc.oneof(
    ...TESTS[field]!,
    fc.boolean().map((v) => t(field, 'present', v)),
  );
const fieldTest = fc.oneof(...Object.keys(TESTS).map(testOf));

/** Conditions of tests drawn from `test`: all, any and not nested up to 3 deep. */
function conditions(test: fc.Arbitrary<Condition>): fc.Arbitrary<Condition> {
  return fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
      test,
      fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
      tie('c').map((c) => ({ not: c })),
    ),
  })).c;
}
const condition = conditions(fieldTest);

// tests the type checker rejects, which lint still meets: each is unknown on every record
const oddOf = (field: string): fc.Arbitrary<Condition> =>
  fc.oneof(
    fc
      .tuple(
        pick(['present', 'equals', 'in', 'atLeast', 'within', 'matches']),
        fc.oneof(fc.constantFrom('yes', '(', '[a', 'soon', 'x', null), fc.anything()),
      )
      .map(([op, v]) => t(field, op, v)),
    fc.constant({ field } as unknown as Condition),
    fc.constant({ field, atLeast: 1, atMost: 5 } as unknown as Condition),
  );
const withOdd = (field: string) => conditions(fc.oneof({ arbitrary: testOf(field), weight: 3 }, { arbitrary: oddOf(field), weight: 1 }));

// records: every field may be missing (absent, null or ''), hold a value of its type, or a value
// a comparison cannot read
const value = (xs: readonly RecordValue[]) => fc.constantFrom<RecordValue>(undefined, null, '', ...xs);
const record: fc.Arbitrary<DataRecord> = fc.record(
  {
    employees: value([0, 49, 50, 199, 200, 201, 300, 500, 1000, '200', 'many']),
    region: value(['emea', 'na', 'apac', 'latam']),
    source: value(['web', 'Web', 'webinar', 'event', '5', 5]),
    customer: value([true, false, 'true', 'FALSE', 'yes']),
    created: value([
      '2025-06-30',
      '2025-06-28',
      '2025-06-10',
      '2025-06-01',
      '2025-05-01',
      '2025-01-01',
      '2024-01-01',
      '2025-08-01',
      'not a date',
    ]),
    due: value(['2025-06-10', '2025-06-28', '2025-07-15', 'soon']),
  },
  { requiredKeys: [] },
);

// a grid that meets every boundary, so a wrong proof is found even when the random records miss it
const GRID: DataRecord[] = [];
for (const employees of [undefined, 0, 50, 200, 201, 500, 'many'] as const)
  for (const region of [undefined, 'emea', 'na', 'latam'])
    for (const source of [undefined, 'web', 'event', '5'])
      for (const customer of [undefined, true, false] as const)
        for (const created of [undefined, '2025-06-30', '2025-06-10', '2025-05-01', '2025-01-01', '2024-01-01', '2025-08-01', 'not a date'])
          GRID.push({ employees, region, source, customer, created });

/**
 * Pairs where b is often implied by a, so the property proves something; and excluded middles,
 * which two-valued logic proves and three-valued logic must not (c or not c is unknown when c is).
 */
const related = (a: Condition, c: Condition) =>
  fc
    .constantFrom<Condition>(
      c,
      a,
      { any: [a, c] },
      { any: [c, a] },
      { not: { not: a } },
      { any: [c, { not: c }] },
      { not: { all: [c, { not: c }] } },
    )
    .map((b) => [a, b] as const);
// most proofs turn on one field: half the pairs test a single field only, so they meet often
const oneField = fc.constantFrom(...Object.keys(TESTS)).chain((f) => fc.tuple(conditions(testOf(f)), conditions(testOf(f))));
const oddField = fc.constantFrom(...Object.keys(TESTS)).chain((f) => fc.tuple(withOdd(f), withOdd(f)));
const pair = fc.oneof(fc.tuple(condition, condition), oneField, oddField).chain(([a, c]) => related(a, c));

const not3 = (v: Verdict): Verdict => (v === undefined ? undefined : !v);

describe('implies is sound under three-valued evaluation (fast-check)', () => {
  it('whenever implies(a, b), every record on which a is true has b true', () => {
    let proven = 0;
    fc.assert(
      fc.property(pair, fc.array(record, { maxLength: 40 }), ([a, b], records) => {
        if (!implies(a, b, fields)) return;
        proven++;
        const [ca, cb] = [compile(a, fields, now), compile(b, fields, now)];
        const counter = [...records, ...GRID].find((r) => ca(r) === true && cb(r) !== true);
        expect(
          counter,
          `implies(${JSON.stringify(a)}, ${JSON.stringify(b)}) but on ${JSON.stringify(counter)} a is true and b is ${cb(counter ?? {})}`,
        ).toBeUndefined();
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(proven).toBeGreaterThan(100); // the property is not vacuous
  });

  it('neverHolds(a) means no record makes a true', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(TESTS)).chain(withOdd), (a) => {
        if (!neverHolds(a, fields)) return;
        const ca = compile(a, fields, now);
        expect(GRID.find((r) => ca(r) === true)).toBeUndefined();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('exampleRecord finds a record that makes the condition true, when it finds one', () => {
    let found = 0;
    fc.assert(
      fc.property(condition, (a) => {
        const r = exampleRecord(a, fields, now);
        if (!r) return;
        found++;
        expect(compile(a, fields, now)(r)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(found).toBeGreaterThan(150);
  });
});

describe('evaluation follows the operator table and Kleene logic (fast-check)', () => {
  it('a test and its complement are opposite on every record, and unknown on the same ones', () => {
    fc.assert(
      fc.property(fieldTest, record, (c, r) => {
        const [op, operand] = Object.entries(c).find(([k]) => k !== 'field')!;
        const row = OPERATOR_TABLE.get(op)!;
        if (!row.complement) return;
        const [other, x] = row.complement(operand);
        const field = (c as { field: string }).field;
        expect(compile(t(field, other, x), fields, now)(r)).toBe(not3(compile(c, fields, now)(r)));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('not(not c) is c, and De Morgan holds', () => {
    fc.assert(
      fc.property(condition, condition, record, (a, b, r) => {
        const ev = (c: Condition) => compile(c, fields, now)(r);
        expect(ev({ not: { not: a } })).toBe(ev(a));
        expect(ev({ not: { all: [a, b] } })).toBe(ev({ any: [{ not: a }, { not: b }] }));
        expect(ev({ not: { any: [a, b] } })).toBe(ev({ all: [{ not: a }, { not: b }] }));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('a test of a missing field is unknown unless its operator is present', () => {
    fc.assert(
      fc.property(fieldTest, pick([undefined, null, '']), (c, missing) => {
        const field = (c as { field: string }).field;
        const v = compile(c, fields, now)({ [field]: missing });
        if ('present' in c) expect(v).toBe(!(c as { present: boolean }).present);
        else expect(v).toBeUndefined();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('nothing throws on any input (fast-check)', () => {
  const anyCondition = fc.oneof(
    condition,
    fc.anything(),
    fc.dictionary(pick(['field', 'all', 'any', 'not', 'in', 'equals', 'matches', 'present', 'within']), fc.anything()),
  );
  it('describe, typecheck, compile and implies accept anything', () => {
    fc.assert(
      fc.property(anyCondition, anyCondition, record, (a, b, r) => {
        expect(typeof say(a as Condition, (id) => FIELDS[id]?.name ?? id)).toBe('string');
        expect(Array.isArray(typecheck(a, fields, () => Object.keys(FIELDS)))).toBe(true);
        expect([true, false, undefined]).toContain(compile(a as Condition, fields, now)(r));
        expect(typeof implies(a as Condition, b as Condition, fields)).toBe('boolean');
        normalForm(a as Condition, fields);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
