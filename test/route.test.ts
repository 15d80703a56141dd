// Routing semantics (src/route): first match wins, object and segment scoping, and unknown
// verdicts that do not fire; and routing/no-shadowed-rules against a plain pairwise reference.
import fc from 'fast-check';
import { LineCounter } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fieldsRead } from '../src/conditions/index.js';
import { implies, neverHolds } from '../src/conditions/implies.js';
import noShadowedRules from '../src/lint/rules/routing-no-shadowed-rules.js';
import type { Finding } from '../src/lint/rule.js';
import type { SourceFile } from '../src/load/index.js';
import { buildModel, type Condition, type Field, type Model, type RoutingRule, type Segment } from '../src/model/index.js';
import { compileRouting, covers, describeScope, route, scopeOf } from '../src/route/index.js';

const FIELDS: Field[] = [
  { id: 'region', name: 'Region', type: 'enum', values: ['emea', 'na', 'apac'] },
  { id: 'industry', name: 'Industry', type: 'text' },
  { id: 'employees', name: 'Employees', type: 'number' },
  { id: 'territory', name: 'Territory', type: 'text' },
] as Field[];
const SEGMENTS: Segment[] = [
  { id: 'enterprise', name: 'Enterprise', rule: { field: 'employees', atLeast: 1000 } },
  { id: 'smb', name: 'SMB', rule: { field: 'employees', lessThan: 200 } },
] as Segment[];

/** A model held in memory, as one file without positions (findings are compared by path). */
function modelOf(routing: unknown[]): Model {
  const at = { file: 'map.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 };
  const file = {
    file: 'map.yaml',
    rel: 'map.yaml',
    text: '',
    doc: undefined,
    lineCounter: new LineCounter(),
    data: { fields: FIELDS, segments: SEGMENTS, routing },
    isHeader: false,
    locate: () => at,
    locateText: () => undefined,
    lineSpan: () => undefined,
  } as unknown as SourceFile;
  return buildModel({ dir: '/nowhere', files: [file], diagnostics: [] });
}

const assign = { team: 'sales' };
const RULES: RoutingRule[] = [
  {
    id: 'emea-enterprise',
    name: 'EMEA enterprise',
    object: 'lead',
    segment: 'enterprise',
    when: { field: 'region', equals: 'emea' },
    assign,
  },
  { id: 'not-healthcare', name: 'Not healthcare', object: 'lead', when: { field: 'industry', notEquals: 'healthcare' }, assign },
  { id: 'accounts', name: 'Accounts', object: 'account', assign },
  { id: 'ghost-segment', name: 'Ghost segment', segment: 'nowhere', assign },
  { id: 'unmatched', name: 'Unmatched', fallback: true, assign },
];

describe('route', () => {
  const model = modelOf(RULES);
  const fired = (record: Record<string, string | number>, object: 'lead' | 'account' | 'opportunity') =>
    route(model, record, object).step?.rule.id;

  it('fires the first rule whose verdict is true', () => {
    const r = route(model, { region: 'emea', employees: 5000, industry: 'retail' }, 'lead');
    expect(r.step?.rule.id).toBe('emea-enterprise');
    expect(r.step).toMatchObject({ index: 0, verdict: true, object: true, segment: true, when: true });
    expect(r.trace).toEqual([]);
    expect(fired({ region: 'na', employees: 5000, industry: 'retail' }, 'lead')).toBe('not-healthcare');
  });

  // the bug the three-valued semantics fixes: "industry is not healthcare" fired for a lead whose industry nobody recorded
  it('does not fire a rule its record cannot decide, and shows it as unknown in the trace', () => {
    const r = route(model, { employees: 5000 }, 'lead');
    expect(r.step?.rule.id).toBe('unmatched');
    expect(r.trace.map((s) => [s.rule.id, s.verdict])).toEqual([
      ['emea-enterprise', undefined],
      ['not-healthcare', undefined],
      ['accounts', false],
      ['ghost-segment', undefined],
    ]);
    expect(r.trace[0]).toMatchObject({ segment: true, when: undefined });
  });

  it('applies a rule with `object` only to that object', () => {
    expect(fired({ region: 'emea', employees: 5000 }, 'account')).toBe('accounts');
    expect(route(model, {}, 'opportunity').trace[2]).toMatchObject({ rule: { id: 'accounts' }, verdict: false, object: false });
    expect(covers(RULES[2]!, 'lead')).toBe(false);
    expect(covers(RULES[3]!, 'lead')).toBe(true);
  });

  it('treats a segment that does not resolve as unknown, never as a match', () => {
    const r = route(model, {}, 'opportunity');
    expect(r.trace[3]).toMatchObject({ rule: { id: 'ghost-segment' }, verdict: undefined, segment: undefined });
    expect(r.step?.rule.id).toBe('unmatched');
  });

  it('routes nowhere when no rule fires, with every verdict in the trace', () => {
    const r = route(modelOf(RULES.slice(0, 2)), { industry: 'healthcare' }, 'lead');
    expect(r.step).toBeUndefined();
    expect(r.trace.map((s) => s.verdict)).toEqual([undefined, false]);
    // Kleene and: one false part decides, whatever the others
    expect(route(modelOf(RULES.slice(0, 1)), { region: 'na' }, 'lead').trace[0]).toMatchObject({
      verdict: false,
      segment: undefined,
      when: false,
    });
  });

  it('compiles once and routes many records', () => {
    const go = compileRouting(model);
    expect(['emea', 'na'].map((region) => go({ region, employees: 5000, industry: 'x' }, 'lead').step?.rule.id)).toEqual([
      'emea-enterprise',
      'not-healthcare',
    ]);
  });

  it("states a rule's scope: the segment's rule and its `when`, and says it in words", () => {
    expect(scopeOf(model, RULES[0]!)).toEqual({
      all: [
        { field: 'employees', atLeast: 1000 },
        { field: 'region', equals: 'emea' },
      ],
    });
    expect(scopeOf(model, RULES[2]!)).toBeUndefined();
    expect(describeScope(RULES[0]!, (id) => id)).toBe('every lead record in segment `enterprise` where region is emea');
  });
});

// routing/no-shadowed-rules groups and indexes the earlier rules; it must report exactly what
// comparing every pair of rules reports
describe('routing/no-shadowed-rules finds what comparing every pair finds', () => {
  const fields = (id: string) => FIELDS.find((f) => f.id === id);

  function reference(model: Model): string[] {
    const rules = model.map.routing;
    const out: string[] = [];
    rules.forEach((r, j) => {
      const own = scopeOf(model, r);
      if (r.when !== undefined && neverHolds(own, fields)) return void out.push(`${j} never`);
      for (let i = 0; i < j; i++) {
        const e = rules[i]!;
        if (
          e.fallback === true ||
          (e.object !== undefined && e.object !== r.object) ||
          (e.segment !== undefined && e.segment !== r.segment)
        )
          continue;
        const shared = [...fieldsRead(e.when)].some((f) => fieldsRead(own).has(f));
        if (implies(undefined, e.when, fields) || (shared && implies(own, e.when, fields)))
          return void out.push(`${j} shadowed by ${e.id}`);
      }
    });
    return out;
  }

  function actual(model: Model): string[] {
    const out: string[] = [];
    noShadowedRules.check(model, {
      options: {},
      report: (f: Finding) => out.push(`${f.path[1]} ${f.messageId === 'never' ? 'never' : `shadowed by ${f.data!.earlier}`}`),
    });
    return out;
  }

  const TERRITORIES = ['t1', 't2', 't3', '5'];
  const test: fc.Arbitrary<Condition> = fc.oneof(
    fc.constantFrom(...TERRITORIES).map((v) => ({ field: 'territory', equals: v })),
    fc.constantFrom(...TERRITORIES).map((v) => ({ field: 'territory', notEquals: v })),
    fc.constant({ field: 'territory', equals: 5 }),
    fc.subarray(TERRITORIES, { minLength: 1 }).map((v) => ({ field: 'territory', in: v })),
    fc.constantFrom('emea', 'na').map((v) => ({ field: 'region', equals: v })),
    fc.constantFrom(100, 1000, 5000).chain((n) => fc.constantFrom({ field: 'employees', atLeast: n }, { field: 'employees', lessThan: n })),
    fc.constantFrom({ field: 'industry', present: true }, { field: 'industry', matches: '^gov' }),
  ) as fc.Arbitrary<Condition>;
  const when: fc.Arbitrary<Condition | undefined> = fc.oneof(
    fc.constant(undefined),
    test,
    fc.array(test, { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(test, { minLength: 2, maxLength: 2 }).map((any) => ({ any })),
    test.map((c) => ({ not: c })),
  );
  const rule = fc.record({
    object: fc.constantFrom(undefined, 'lead', 'account'),
    segment: fc.constantFrom(undefined, undefined, 'enterprise', 'smb', 'nowhere'),
    when,
    fallback: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  });
  const table = fc.array(rule, { minLength: 1, maxLength: 30 }).map((rs) =>
    rs.map((r, i) => {
      const out: Record<string, unknown> = { id: `r${i}`, name: `Rule ${i}`, assign };
      for (const [k, v] of Object.entries(r)) if (v !== undefined && v !== false) out[k] = v;
      return out;
    }),
  );

  it('on random routing tables', () => {
    let findings = 0;
    fc.assert(
      fc.property(table, (rules) => {
        const model = modelOf(rules);
        const want = reference(model);
        findings += want.length;
        expect(actual(model)).toEqual(want);
      }),
      { seed: 4242, numRuns: 300 },
    );
    expect(findings).toBeGreaterThan(300); // the tables do shadow each other
  });
});
