// The explained routing (src/route/explain.ts) against the compiled one (compileRouting): the same
// rule fires and every traced verdict is the compiled verdict, on random records over the example
// map's fields. Also why-not's smallest change, record typing, matrices and coverage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataRecord } from '../src/conditions/index.js';
import { checkMap } from '../src/check.js';
import { fieldLookupOf, routeRecord, whyNot } from '../src/route/explain.js';
import { compileRouter, compileRouting, ROUTED_OBJECTS } from '../src/route/index.js';
import { typeRecord, typeValue } from '../src/route/record.js';
import { walkStages } from '../src/route/stages.js';
import { caseName, expandMatrix, runRoutingTests } from '../src/route/tests.js';
import { idsOf, type Field, type Pipeline } from '../src/model/index.js';

const { model } = checkMap('map');
const AT = new Date('2026-11-30T16:40:00Z');
const fields = fieldLookupOf(model);

/** A value for a field: mostly the ones the map's conditions name, sometimes nothing or something else. */
function valueArb(f: Field): fc.Arbitrary<DataRecord[string]> {
  const none = fc.constant(undefined);
  switch (f.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return fc.oneof(none, fc.constantFrom(0, 5, 6, 69, 70, 199, 200, 1999, 2000, 5000));
    case 'enum':
      return fc.oneof(none, fc.constantFrom(...(f.values ?? ['x'])));
    case 'boolean':
      return fc.oneof(none, fc.boolean());
    default:
      return fc.oneof(none, fc.constantFrom('DR-123456', 'Baker & Lowe', 'x'));
  }
}

const ROUTING_FIELDS = [
  'employee-count',
  'hq-region',
  'lead-source',
  'customer-status',
  'managing-accounting-firm',
  'partner-deal-registration-id',
  'target-account-tier',
  'pql-score',
  'workspace-seats',
  'erp-system',
  'opportunity-type',
];
const recordArb = fc.record(Object.fromEntries(ROUTING_FIELDS.map((id) => [id, valueArb(fields(id)!)]))).map((r) => {
  const out: DataRecord = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
  return out;
});

describe('the explained routing agrees with the compiled routing', () => {
  const compiled = compileRouting(model, AT);
  it('fires the same rule, with the same verdict for every rule before it', () => {
    fc.assert(
      fc.property(recordArb, fc.constantFrom(...ROUTED_OBJECTS), (record, object) => {
        const fast = compiled(record, object);
        const slow = routeRecord(model, record, object, AT, false);
        expect(slow.rule).toBe(fast.step?.rule.id ?? null);
        expect(slow.trace.filter((t) => t.verdict !== true).map((t) => [t.rule, t.verdict])).toEqual(
          fast.trace.map((s) => [s.rule.id, s.verdict]),
        );
        // undecided exactly when an earlier rule was unknown or nothing fired
        expect(slow.outcome === 'undecided').toBe(!fast.step || fast.trace.some((s) => s.verdict === undefined));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the batch router agrees with the compiled routing', () => {
  const compiled = compileRouting(model, AT);
  const router = compileRouter(model, AT);
  it('fires the same rule and says undecided on the same records', () => {
    fc.assert(
      fc.property(recordArb, fc.constantFrom(...ROUTED_OBJECTS), (record, object) => {
        const full = compiled(record, object);
        const lean = router(record, object);
        expect(lean.rule?.id).toBe(full.step?.rule.id);
        expect(lean.index).toBe(full.step?.index ?? -1);
        expect(lean.undecided).toBe(!full.step || full.trace.some((s) => s.verdict === undefined));
      }),
      { numRuns: 500 },
    );
  });
});

describe('routeRecord', () => {
  it('routes the 240-person German demo request with segment, team, queue, SLA and due time', () => {
    const r = routeRecord(
      model,
      { 'employee-count': 240, 'hq-region': 'emea', 'lead-source': 'demo-request', 'customer-status': 'prospect' },
      'lead',
      AT,
    );
    expect(r).toMatchObject({
      outcome: 'matched',
      segment: 'mid-market',
      rule: 'mid-market-demo-requests',
      team: 'sales-development',
      queue: 'Mid-market inbound',
      method: 'round-robin',
      sla: '15m',
    });
    // 16:40Z is 11:40 in New York; the SDR team works 07:00-20:00 there, so 15 minutes later
    expect(r.due).toMatchObject({ utc: '2026-11-30T16:55:00Z', local: '2026-11-30T11:55:00-05:00', timeZone: 'America/New_York' });
  });

  it('names the missing field of a rule that would have fired but for an unknown', () => {
    const r = routeRecord(model, { 'employee-count': 240, 'hq-region': 'emea', 'lead-source': 'demo-request' }, 'lead', AT);
    expect(r.outcome).toBe('undecided');
    expect(r.undecidedBy).toEqual([{ rule: 'customer-leads', missing: ['customer-status'] }]);
    expect(r.rule).toBe('mid-market-demo-requests');
  });

  it('says when the record falls to the fallback', () => {
    const r = routeRecord(model, { 'employee-count': 500, 'hq-region': 'apac', 'customer-status': 'prospect' }, 'lead', AT);
    expect(r).toMatchObject({ outcome: 'fallback', rule: 'unrouted-records', team: 'revops', segment: null });
  });
});

describe('whyNot', () => {
  const lead = { 'employee-count': 240, 'hq-region': 'emea', 'lead-source': 'content', 'customer-status': 'prospect' };
  it('gives the first failing condition and the smallest change', () => {
    const w = whyNot(model, 'mid-market-demo-requests', lead, 'lead', AT)!;
    expect(w.status).toBe('condition');
    expect(w.first).toMatchObject({ field: 'lead-source', value: 'content', verdict: false });
    expect(w.change).toEqual([{ field: 'lead-source', from: 'content', to: 'demo-request' }]);
    const changed = { ...lead, 'lead-source': 'demo-request' };
    expect(routeRecord(model, changed, 'lead', AT).rule).toBe('mid-market-demo-requests');
  });

  it('changes two fields when one is not enough, and says when an earlier rule would still win', () => {
    const w = whyNot(model, 'enterprise-inbound-leads', lead, 'lead', AT)!;
    expect(w.change?.map((c) => c.field).sort()).toEqual(['employee-count', 'lead-source']);
    const w2 = whyNot(model, 'mid-market-leads', { ...lead, 'lead-source': 'demo-request' }, 'lead', AT)!;
    expect(w2.status).toBe('earlier');
    expect(w2.caughtBy).toBe('mid-market-demo-requests');
  });

  it('says a rule for another object never fires, and undefined for an unknown rule', () => {
    expect(whyNot(model, 'enterprise-accounts', lead, 'lead', AT)!.status).toBe('object');
    expect(whyNot(model, 'no-such-rule', lead, 'lead', AT)).toBeUndefined();
  });
});

describe('record typing', () => {
  const ids = (): string[] => idsOf(model, 'field');
  it('types command-line text by the field and names the type of a bad value', () => {
    expect(typeValue(fields('employee-count')!, '240', true)).toEqual({ value: 240 });
    expect(typeValue(fields('employee-count')!, 'abc', true)).toEqual({
      problem: '`employee-count` is a number field; `abc` is not a number. Give e.g. `240`.',
    });
    expect(typeValue(fields('employee-count')!, '240', false)).toHaveProperty('problem'); // a quoted number in YAML is text
    expect(typeValue(fields('economic-buyer-met')!, 'yes', true)).toEqual({ value: true });
    expect(typeValue(fields('close-date')!, '30.11.2026', true)).toHaveProperty('problem');
  });
  it('suggests the declared field for a misspelt one', () => {
    const r = typeRecord([['employe-count', '3']], fields, ids, true);
    expect(r.problems[0]!.message).toContain('Did you mean `employee-count`?');
  });
});

describe('matrices and coverage', () => {
  it('expands every combination and names each case', () => {
    const combos = expandMatrix({ a: [1, 2], b: ['x', 'y', 'z'] });
    expect(combos).toHaveLength(6);
    expect(caseName('A ${{ a }} b', { a: 1 })).toBe('A 1 b');
    expect(caseName('Plain', { a: 1, b: 'x' })).toBe('Plain [a=1, b=x]');
  });

  it('the example map passes every case with full coverage', () => {
    const run = runRoutingTests(model, AT);
    expect(run.findings).toEqual([]);
    expect(run.coverage.gaps).toEqual([]);
    expect(run.coverage.percent).toBe(100);
  });

  it('reports the rules, conditions and segments a smaller set of cases leaves out', () => {
    const one = { ...model, tests: { ...model.tests, routingTests: model.tests.routingTests.slice(0, 1) } };
    const run = runRoutingTests(one, AT);
    expect(run.coverage.percent).toBeLessThan(100);
    const messages = run.coverage.gaps.map((g) => g.message);
    expect(messages).toContain('No routing case falls to the fallback `unrouted-records`: add a case whose record matches no other rule.');
    expect(messages).toContain('No routing case has a record in segment `self-serve`.');
    expect(messages.some((m) => m.startsWith('Condition "employee-count is at least 2000" is only seen false'))).toBe(true);
  });
});

describe('stage walk', () => {
  it('stops at the first stage whose checkable exit criterion is not true', () => {
    const nb = model.map.pipelines.find((p) => p.id === 'new-business') as Pipeline;
    expect(walkStages(model, nb, {}, AT)).toMatchObject({ reaches: 'nb-qualification', blockedBy: { id: 'ae-accepted', verdict: false } });
    const w = walkStages(model, nb, { 'sales-accepted-at': '2026-11-01T10:00:00Z', 'next-step': 'Call' }, AT);
    expect(w.blockedBy).toEqual({ id: 'discovery-booked', verdict: undefined, missing: ['contact-title'] });
  });
});
