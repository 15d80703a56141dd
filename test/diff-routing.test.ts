// The routing part of `gtmap diff` must never say "no change in routing" when one exists: random
// edits of the example map's routing rules and segments, random records routed through base and
// head, and every record whose outcome changed must fall in a region the diff reported (the
// region of the rule that routes it on either side). Each reported example must route as stated.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DataRecord, fieldsRead } from '../src/conditions/index.js';
import { diffModels } from '../src/diff/index.js';
import { loadMap, type LoadedMap, type SourceFile } from '../src/load/index.js';
import { buildModel, type Condition, type Field, type Model, type RoutingRule } from '../src/model/index.js';
import { compileRouting, ROUTED_OBJECTS, type RoutedObject } from '../src/route/index.js';
import { ROOT } from './helpers.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const BASE = loadMap(join(ROOT, 'map'), ROOT);
const baseModel = buildModel(BASE);
const TEAMS = [...(baseModel.entities.get('team')?.keys() ?? [])];

type Data = { routing: RoutingRule[]; segments: { id: string; rule?: Condition }[] };

/** The example map with its routing and segments replaced; every other file as loaded. */
function withData(d: Data): Model {
  const files = BASE.files.map((f) => {
    const data = f.data as Record<string, unknown> | undefined;
    if (!data || (!('routing' in data) && !('segments' in data))) return f;
    const copy = Object.create(f) as SourceFile;
    copy.data = { ...data, ...('routing' in data ? { routing: d.routing } : {}), ...('segments' in data ? { segments: d.segments } : {}) };
    return copy;
  });
  return buildModel({ ...BASE, files } as LoadedMap);
}

const baseData: Data = structuredClone({ routing: baseModel.map.routing, segments: baseModel.map.segments }) as Data;

/** One edit of the routing or the segments, as a reviewer might make it. */
type Edit =
  | { kind: 'remove'; i: number }
  | { kind: 'move'; i: number; j: number }
  | { kind: 'team'; i: number; team: number }
  | { kind: 'sla'; i: number; sla: string }
  | { kind: 'threshold'; seg: number; delta: number }
  | { kind: 'copy'; i: number; j: number; team: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), i: fc.nat(40) }),
  fc.record({ kind: fc.constant('move' as const), i: fc.nat(40), j: fc.nat(40) }),
  fc.record({ kind: fc.constant('team' as const), i: fc.nat(40), team: fc.nat(40) }),
  fc.record({ kind: fc.constant('sla' as const), i: fc.nat(40), sla: fc.constantFrom('5m', '15m', '1h', '1bd', '3d') }),
  fc.record({ kind: fc.constant('threshold' as const), seg: fc.nat(10), delta: fc.integer({ min: -300, max: 300 }) }),
  fc.record({ kind: fc.constant('copy' as const), i: fc.nat(40), j: fc.nat(40), team: fc.nat(40) }),
);

function shiftThresholds(c: unknown, delta: number): void {
  if (!c || typeof c !== 'object') return;
  const o = c as Record<string, unknown>;
  for (const k of ['atLeast', 'atMost', 'greaterThan', 'lessThan'])
    if (typeof o[k] === 'number') o[k] = Math.max(0, (o[k] as number) + delta);
  for (const v of Object.values(o)) if (Array.isArray(v)) v.forEach((x) => shiftThresholds(x, delta));
  if (o.not) shiftThresholds(o.not, delta);
}

function apply(edits: readonly Edit[]): Data {
  const d = structuredClone(baseData);
  const r = d.routing;
  for (const e of edits) {
    if (!r.length) break;
    const i = e.kind === 'threshold' ? 0 : e.i % r.length;
    switch (e.kind) {
      case 'remove':
        r.splice(i, 1);
        break;
      case 'move': {
        const [x] = r.splice(i, 1);
        r.splice(e.j % (r.length + 1), 0, x!);
        break;
      }
      case 'team':
        r[i] = { ...r[i]!, assign: { ...r[i]!.assign, team: TEAMS[e.team % TEAMS.length]! } };
        break;
      case 'sla':
        r[i] = { ...r[i]!, firstResponseSla: e.sla };
        break;
      case 'threshold':
        shiftThresholds(d.segments[e.seg % d.segments.length]!.rule, e.delta);
        break;
      case 'copy': {
        const copy = {
          ...structuredClone(r[i]!),
          id: `copy-${r.length}-${e.j}`,
          assign: { ...r[i]!.assign, team: TEAMS[e.team % TEAMS.length]! },
        };
        r.splice(e.j % (r.length + 1), 0, copy);
        break;
      }
    }
  }
  return d;
}

// random records over the fields that routing and segments read, with values near what the conditions test
const READ = new Set<string>();
for (const r of baseData.routing) fieldsRead(r.when as Condition | undefined, READ);
for (const s of baseData.segments) fieldsRead(s.rule, READ);
function valuesFor(f: Field): fc.Arbitrary<string | number | boolean | undefined> {
  const missing = fc.constant(undefined);
  switch (f.type) {
    case 'enum':
      return fc.oneof(missing, fc.constantFrom(...(f.values ?? ['x'])));
    case 'number':
    case 'currency':
    case 'percent':
      return fc.oneof(missing, fc.integer({ min: 0, max: 6000 }), fc.constantFrom(0, 49, 50, 199, 200, 1999, 2000, 2001));
    case 'boolean':
      return fc.oneof(missing, fc.boolean());
    default:
      return fc.oneof(missing, fc.constantFrom('DR-123456', 'DR-12', 'example', 'acme'));
  }
}
const recordArb: fc.Arbitrary<DataRecord> = fc.record(
  Object.fromEntries(
    [...READ].map((id) => {
      const f = baseModel.entities.get('field')?.get(id)?.entity as Field | undefined;
      return [id, f ? valuesFor(f) : fc.constant(undefined)];
    }),
  ),
) as fc.Arbitrary<DataRecord>;

const outcome = (r: RoutingRule | undefined): string => JSON.stringify(r ? [r.assign, r.firstResponseSla ?? null] : null);

describe('gtmap diff: routing regions', () => {
  const routeBase = compileRouting(baseModel, NOW);

  it('every record whose outcome changed falls in a reported region, and every reported example routes as stated', () => {
    fc.assert(
      fc.property(
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(recordArb, fc.constantFrom<RoutedObject>(...ROUTED_OBJECTS)), { minLength: 50, maxLength: 150 }),
        (edits, records) => {
          const head = withData(apply(edits));
          const changes = diffModels(baseModel, head, NOW).filter((c) => c.routing);
          const regions = new Set(changes.map((c) => c.entity.id));
          const routeHead = compileRouting(head, NOW);
          for (const [record, object] of records) {
            const b = routeBase(record, object).step?.rule;
            const h = routeHead(record, object).step?.rule;
            if (outcome(b) === outcome(h)) continue;
            const inRegion = (b !== undefined && regions.has(b.id)) || (h !== undefined && regions.has(h.id));
            expect(inRegion, `${object} ${JSON.stringify(record)}: ${b?.id ?? 'none'} -> ${h?.id ?? 'none'} is in no reported region`).toBe(
              true,
            );
          }
          for (const c of changes)
            for (const o of c.routing!.changes) {
              expect(routeBase(o.example, o.object).step?.rule.id).toBe(o.before.rule);
              expect(routeHead(o.example, o.object).step?.rule.id).toBe(o.after.rule);
              expect(outcome(routeBase(o.example, o.object).step?.rule)).not.toBe(outcome(routeHead(o.example, o.object).step?.rule));
            }
        },
      ),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('no edit, no routing change: an unchanged map reports nothing', () => {
    expect(diffModels(baseModel, withData(apply([])), NOW)).toEqual([]);
  });

  it('a removed rule is a region with a concrete example lead that changes hands', () => {
    const d = structuredClone(baseData);
    d.routing = d.routing.filter((r) => r.id !== 'mid-market-demo-requests');
    const [c] = diffModels(baseModel, withData(d), NOW);
    expect(c?.id).toBe('routing-rule-removed');
    expect(c?.routing?.changes.map((o) => [o.object, o.before.rule, o.after.rule])).toEqual([
      ['lead', 'mid-market-demo-requests', 'mid-market-leads'],
    ]);
  });
});
