import { describe, expect, it } from 'vitest';
import { compile, type DataRecord } from '../src/conditions/index.js';
import { implies, neverHolds } from '../src/conditions/implies.js';
import type { Condition, Field } from '../src/model/types.js';

const FIELDS: Record<string, Field> = {
  employees: { id: 'employees', name: 'Employees', type: 'number' },
  region: { id: 'region', name: 'Region', type: 'enum', values: ['emea', 'na', 'apac'] },
  source: { id: 'source', name: 'Source', type: 'text' },
  customer: { id: 'customer', name: 'Customer', type: 'boolean' },
  created: { id: 'created', name: 'Created', type: 'date' },
};
const fields = (id: string): Field | undefined => FIELDS[id];
const imp = (a: Condition | undefined, b: Condition | undefined): boolean => implies(a, b, fields);

describe('implies: what it proves', () => {
  const cases: [string, Condition | undefined, Condition | undefined][] = [
    ['anything implies no condition', { field: 'region', equals: 'emea' }, undefined],
    ['a condition implies itself', { field: 'region', equals: 'emea' }, { field: 'region', equals: 'emea' }],
    ['equals implies in', { field: 'region', equals: 'emea' }, { field: 'region', in: ['emea', 'na'] }],
    ['in implies a wider in', { field: 'region', in: ['emea'] }, { field: 'region', in: ['emea', 'na'] }],
    ['equals implies notEquals of another value', { field: 'region', equals: 'emea' }, { field: 'region', notEquals: 'na' }],
    ['equals implies notIn of other values', { field: 'region', equals: 'emea' }, { field: 'region', notIn: ['na', 'apac'] }],
    ['equals implies present', { field: 'region', equals: 'emea' }, { field: 'region', present: true }],
    ['atLeast 500 implies atLeast 200', { field: 'employees', atLeast: 500 }, { field: 'employees', atLeast: 200 }],
    ['greaterThan 200 implies atLeast 200', { field: 'employees', greaterThan: 200 }, { field: 'employees', atLeast: 200 }],
    ['atLeast 201 implies greaterThan 200', { field: 'employees', atLeast: 201 }, { field: 'employees', greaterThan: 200 }],
    ['lessThan 50 implies atMost 50', { field: 'employees', lessThan: 50 }, { field: 'employees', atMost: 50 }],
    [
      'a range implies its bounds',
      {
        all: [
          { field: 'employees', atLeast: 200 },
          { field: 'employees', lessThan: 1000 },
        ],
      },
      { field: 'employees', lessThan: 5000 },
    ],
    [
      'equals 300 implies a range holding 300',
      { field: 'employees', equals: 300 },
      {
        all: [
          { field: 'employees', atLeast: 200 },
          { field: 'employees', atMost: 999 },
        ],
      },
    ],
    ['a comparison implies present', { field: 'employees', atLeast: 1 }, { field: 'employees', present: true }],
    [
      'all implies each part',
      {
        all: [
          { field: 'region', equals: 'emea' },
          { field: 'employees', atLeast: 200 },
        ],
      },
      { field: 'employees', atLeast: 100 },
    ],
    [
      'a part implies any containing it',
      { field: 'region', equals: 'emea' },
      {
        any: [
          { field: 'source', equals: 'x' },
          { field: 'region', equals: 'emea' },
        ],
      },
    ],
    [
      'in implies any of its equals',
      { field: 'region', in: ['emea', 'na'] },
      {
        any: [
          { field: 'region', equals: 'emea' },
          { field: 'region', equals: 'na' },
        ],
      },
    ],
    [
      'any of narrower tests implies the wider test',
      {
        any: [
          { field: 'region', equals: 'emea' },
          { field: 'region', equals: 'na' },
        ],
      },
      { field: 'region', in: ['emea', 'na', 'apac'] },
    ],
    ['not in implies notEquals', { not: { field: 'region', in: ['emea', 'na'] } }, { field: 'region', notEquals: 'emea' }],
    ['not(not x) implies x', { not: { not: { field: 'customer', equals: true } } }, { field: 'customer', equals: true }],
    [
      'De Morgan: not(any) implies all of nots',
      {
        not: {
          any: [
            { field: 'region', equals: 'emea' },
            { field: 'customer', equals: true },
          ],
        },
      },
      { all: [{ field: 'region', notEquals: 'emea' }, { not: { field: 'customer', equals: true } }] },
    ],
    [
      'notEquals implies present (an empty value makes notEquals unknown, not true)',
      { field: 'region', notEquals: 'emea' },
      { field: 'region', present: true },
    ],
    [
      'not(atLeast) alone implies lessThan (it is true only on a comparable value)',
      { not: { field: 'employees', atLeast: 200 } },
      { field: 'employees', lessThan: 200 },
    ],
    ['not(equals) implies notEquals', { not: { field: 'region', equals: 'emea' } }, { field: 'region', notEquals: 'emea' }],
    [
      'not(within 7d) on a recorded date implies not(within 1d)',
      { all: [{ field: 'created', olderThan: '1d' }, { not: { field: 'created', within: '7d' } }] },
      { not: { field: 'created', within: '1d' } },
    ],
    [
      'not(atLeast 200) and present number implies lessThan 200',
      { all: [{ field: 'employees', atLeast: 10 }, { not: { field: 'employees', atLeast: 200 } }] },
      { field: 'employees', lessThan: 200 },
    ],
    ['within 7d implies within 30d', { field: 'created', within: '7d' }, { field: 'created', within: '30d' }],
    ['olderThan 30d implies olderThan 7d', { field: 'created', olderThan: '30d' }, { field: 'created', olderThan: '7d' }],
    ['olderThan 30d implies not within 30d', { field: 'created', olderThan: '30d' }, { not: { field: 'created', within: '30d' } }],
    [
      'later date implies after an earlier one',
      { field: 'created', atLeast: '2025-06-01' },
      { field: 'created', greaterThan: '2025-01-01' },
    ],
    [
      'no condition implies a tautology',
      undefined,
      {
        any: [
          { field: 'region', present: true },
          { field: 'region', present: false },
        ],
      },
    ],
    [
      'a contradiction implies anything',
      {
        all: [
          { field: 'region', equals: 'emea' },
          { field: 'region', equals: 'na' },
        ],
      },
      { field: 'source', equals: 'x' },
    ],
  ];
  it.each(cases)('%s', (_, a, b) => expect(imp(a, b)).toBe(true));
});

describe('implies: what it does not claim', () => {
  const cases: [string, Condition | undefined, Condition | undefined][] = [
    ['no condition does not imply a test', undefined, { field: 'region', equals: 'emea' }],
    ['in does not imply a narrower equals', { field: 'region', in: ['emea', 'na'] }, { field: 'region', equals: 'emea' }],
    ['atLeast 200 does not imply atLeast 500', { field: 'employees', atLeast: 200 }, { field: 'employees', atLeast: 500 }],
    ['atLeast 200 does not imply greaterThan 200', { field: 'employees', atLeast: 200 }, { field: 'employees', greaterThan: 200 }],
    // soundness under unknowns: an empty value makes notEquals unknown, so these no longer follow
    ['present false does not imply notEquals', { field: 'region', present: false }, { field: 'region', notEquals: 'emea' }],
    ['present false does not imply not(equals)', { field: 'region', present: false }, { not: { field: 'region', equals: 'emea' } }],
    [
      'no condition does not imply a test or its negation',
      undefined,
      { any: [{ field: 'region', equals: 'emea' }, { not: { field: 'region', equals: 'emea' } }] },
    ],
    ['notIn does not imply notIn of a wider list', { field: 'region', notIn: ['emea'] }, { field: 'region', notIn: ['emea', 'na'] }],
    // a test the type checker rejects is unknown on every record, so it is never implied
    [
      'no test implies a present test with a value that is not true or false',
      { field: 'region', present: false },
      { field: 'region', present: 'yes' } as unknown as Condition,
    ],
    [
      'no test implies the negation of one either',
      { field: 'region', present: false },
      { not: { field: 'region', present: 'yes' } } as unknown as Condition,
    ],
    [
      'nothing implies a comparison with text on a number field',
      { field: 'employees', atLeast: 500 },
      { field: 'employees', atLeast: 'many' },
    ],
    [
      'not(matches) does not imply anything about a missing value',
      { not: { field: 'source', matches: '^a' } },
      { field: 'source', present: false },
    ],
    ['one field says nothing about another', { field: 'region', equals: 'emea' }, { field: 'source', equals: 'emea' }],
    [
      'any does not imply one of its parts',
      {
        any: [
          { field: 'region', equals: 'emea' },
          { field: 'customer', equals: true },
        ],
      },
      { field: 'region', equals: 'emea' },
    ],
    [
      'equals 5 (number) and equals "5" (text) are not assumed exclusive',
      { field: 'source', equals: 5 },
      { field: 'source', notEquals: '5' },
    ],
    [
      'date equality is text: not related to ranges',
      { field: 'created', equals: '2025-06-01' },
      { field: 'created', atLeast: '2025-01-01' },
    ],
    ['within 30d does not imply within 7d', { field: 'created', within: '30d' }, { field: 'created', within: '7d' }],
    ['a matches pattern is not compared with another', { field: 'source', matches: '^abc' }, { field: 'source', matches: '^ab' }],
  ];
  it.each(cases)('%s', (_, a, b) => expect(imp(a, b)).toBe(false));
});

describe('neverHolds', () => {
  it('finds contradictions', () => {
    expect(
      neverHolds(
        {
          all: [
            { field: 'employees', atLeast: 500 },
            { field: 'employees', lessThan: 200 },
          ],
        },
        fields,
      ),
    ).toBe(true);
    expect(
      neverHolds(
        {
          all: [
            { field: 'region', present: false },
            { field: 'region', in: ['emea'] },
          ],
        },
        fields,
      ),
    ).toBe(true);
    expect(
      neverHolds(
        {
          all: [
            { field: 'created', within: '7d' },
            { field: 'created', olderThan: '7d' },
          ],
        },
        fields,
      ),
    ).toBe(true);
    expect(
      neverHolds(
        {
          all: [
            { field: 'region', in: ['emea', 'na'] },
            { field: 'region', notIn: ['emea', 'na'] },
          ],
        },
        fields,
      ),
    ).toBe(true);
  });
  it('does not call a satisfiable condition a contradiction', () => {
    expect(
      neverHolds(
        {
          all: [
            { field: 'employees', atLeast: 200 },
            { field: 'employees', atMost: 200 },
          ],
        },
        fields,
      ),
    ).toBe(false);
    expect(
      neverHolds(
        {
          any: [
            { field: 'employees', atLeast: 500 },
            { field: 'employees', lessThan: 200 },
          ],
        },
        fields,
      ),
    ).toBe(false);
    expect(neverHolds(undefined, fields)).toBe(false);
  });
});

// Soundness: whenever implies(a, b) says true, no record may satisfy a but not b.
describe('implies is sound (randomised against evaluate)', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const NUMS = [0, 50, 200, 201, 500];
  const REGIONS = ['emea', 'na', 'apac'];
  const DATES = ['2025-01-01', '2025-06-01'];
  const randomTest = (): Condition => {
    switch (rand(5)) {
      case 0:
        return {
          field: 'employees',
          [pick(['equals', 'notEquals', 'greaterThan', 'atLeast', 'lessThan', 'atMost'])]: pick(NUMS),
        } as Condition;
      case 1:
        return rand(2)
          ? ({ field: 'region', [pick(['equals', 'notEquals'])]: pick(REGIONS) } as Condition)
          : ({ field: 'region', [pick(['in', 'notIn'])]: REGIONS.filter(() => rand(2)).concat(pick(REGIONS)) } as Condition);
      case 2:
        return { field: pick(['region', 'employees', 'customer']), present: rand(2) === 1 };
      case 3:
        return { field: 'customer', [pick(['equals', 'notEquals'])]: rand(2) === 1 } as Condition;
      default:
        return rand(2)
          ? ({ field: 'created', [pick(['within', 'olderThan'])]: pick(['7d', '30d', '90d']) } as Condition)
          : ({ field: 'created', [pick(['greaterThan', 'atLeast', 'lessThan', 'atMost'])]: pick(DATES) } as Condition);
    }
  };
  const randomCond = (depth: number): Condition => {
    if (depth === 0 || rand(3) === 0) return randomTest();
    const k = rand(3);
    if (k === 2) return { not: randomCond(depth - 1) };
    const items = Array.from({ length: 1 + rand(3) }, () => randomCond(depth - 1));
    return k === 0 ? { all: items } : { any: items };
  };
  const now = new Date('2025-07-01T00:00:00Z');
  const records: DataRecord[] = [];
  const ages = [undefined, '2025-06-28', '2025-06-10', '2025-05-01', '2025-01-01', '2024-01-01', 'not a date'];
  for (const employees of [undefined, 0, 50, 199, 200, 201, 300, 500, 1000, 'many'] as const)
    for (const region of [undefined, 'emea', 'na', 'apac', 'latam'])
      for (const customer of [undefined, true, false, 'yes'] as const)
        for (const created of ages) records.push({ employees, region, customer, created });
  it('holds on 4000 random pairs, and proves some of them', () => {
    let proven = 0;
    for (let i = 0; i < 4000; i++) {
      const a = randomCond(2);
      const b = rand(4) === 0 ? a : randomCond(2);
      if (!imp(a, b)) continue;
      proven++;
      const [ca, cb] = [compile(a, fields, now), compile(b, fields, now)];
      const counter = records.find((r) => ca(r) === true && cb(r) !== true);
      expect(counter, `implies(${JSON.stringify(a)}, ${JSON.stringify(b)}) but ${JSON.stringify(counter)}`).toBeUndefined();
    }
    expect(proven).toBeGreaterThan(800);
  });
});
