// Routing semantics in one place: which records a rule is for (its object and its scope: the
// segment's rule and its own `when`), and first match wins. Lint rules reason over these;
// `gtmap route` calls route().
import { compile, type Compiled, type DataRecord, describe, type FieldLookup, type Verdict } from '../conditions/index.js';
import { conjunction } from '../conditions/implies.js';
import { type Condition, type Field, type Model, type RoutingRule, type Segment, lookup } from '../model/index.js';

export const ROUTED_OBJECTS = ['lead', 'account', 'opportunity'] as const;
export type RoutedObject = (typeof ROUTED_OBJECTS)[number];

/** A routing rule as the schema promises it; lint still meets holes where the schema failed. */
export function isRule(r: unknown): r is RoutingRule {
  return typeof r === 'object' && r !== null && !Array.isArray(r);
}

export function isFallback(r: RoutingRule): boolean {
  return r.fallback === true;
}

/** The kinds of record a rule routes: its `object`, or all of them. */
export function objectsOf(rule: RoutingRule): readonly RoutedObject[] {
  return rule.object === undefined ? ROUTED_OBJECTS : [rule.object];
}

/** Whether a rule applies to records of `object` (undefined: a rule for every kind of record). */
export function covers(rule: RoutingRule, object: RoutedObject | undefined): boolean {
  return rule.object === undefined || rule.object === object;
}

/** The rule of the segment a routing rule names; undefined without a segment or when it does not resolve. */
export function segmentRule(model: Model, rule: RoutingRule): Condition | undefined {
  return rule.segment === undefined ? undefined : lookup<Segment>(model, 'segment', rule.segment)?.entity.rule;
}

/**
 * What a record satisfies when the rule fires, besides its object: the segment's rule and the
 * rule's own `when` (undefined: every record). An unresolved segment adds nothing here (lint
 * reasons over what is known); route() treats it as unknown.
 */
export function scopeOf(model: Model, rule: RoutingRule): Condition | undefined {
  return conjunction(segmentRule(model, rule), rule.when);
}

/** The records a rule is for, in words: "every lead record in segment `enterprise` where Region is emea". */
export function describeScope(rule: RoutingRule, fieldName: (id: string) => string): string {
  const seg = rule.segment ? ` in segment \`${rule.segment}\`` : '';
  return `every ${rule.object ? `${rule.object} ` : ''}record${seg}${rule.when ? ` where ${describe(rule.when, fieldName)}` : ''}`;
}

function fieldLookup(model: Model): FieldLookup {
  return (id: string): Field | undefined => lookup<Field>(model, 'field', id)?.entity;
}

/** One rule's verdict on a record, and its parts. */
export interface RouteStep {
  index: number;
  rule: RoutingRule;
  /** true: the rule fires; false: it does not apply; undefined: the record's data cannot decide. */
  verdict: Verdict;
  /** The rule is for this kind of record. */
  object: boolean;
  /** The segment's rule (undefined when the segment does not resolve); absent without a segment. */
  segment?: Verdict;
  /** The rule's `when`; absent without one. */
  when?: Verdict;
}

export interface Routed {
  /** The rule that fires: the first whose verdict is true. Undefined when none does. */
  step: RouteStep | undefined;
  /** Every rule before the one that fires (all of them when none does), with its verdict. */
  trace: RouteStep[];
}

/** Kleene and of the parts that are given. */
function and(...vs: (Verdict | 'absent')[]): Verdict {
  let open = false;
  for (const v of vs) {
    if (v === false) return false;
    if (v === undefined) open = true;
  }
  return open ? undefined : true;
}

/**
 * Compiles the routing rules once; the returned function routes one record: rules are tried in
 * order and the first whose verdict is true fires. A rule whose verdict is unknown does not fire
 * (the data does not show that it applies), and routing goes on to the next rule.
 */
export function compileRouting(model: Model, now: Date = new Date()): (record: DataRecord, object: RoutedObject) => Routed {
  const fields = fieldLookup(model);
  const rules = model.map.routing
    .map((rule, index) => ({ rule, index }))
    .filter((x): x is { rule: RoutingRule; index: number } => isRule(x.rule))
    .map(({ rule, index }) => {
      const seg = rule.segment === undefined ? undefined : lookup<Segment>(model, 'segment', rule.segment)?.entity;
      const segment: Compiled | 'absent' | 'unresolved' =
        rule.segment === undefined ? 'absent' : seg ? compile(seg.rule, fields, now) : 'unresolved';
      const when: Compiled | 'absent' = rule.when === undefined ? 'absent' : compile(rule.when, fields, now);
      return { rule, index, segment, when };
    });
  return (record, object) => {
    const trace: RouteStep[] = [];
    for (const { rule, index, segment, when } of rules) {
      const step: RouteStep = { index, rule, verdict: false, object: covers(rule, object) };
      if (step.object) {
        if (segment !== 'absent') step.segment = segment === 'unresolved' ? undefined : segment(record);
        if (when !== 'absent') step.when = when(record);
        step.verdict = and(segment === 'absent' ? 'absent' : step.segment, when === 'absent' ? 'absent' : step.when);
      }
      if (step.verdict === true) return { step, trace };
      trace.push(step);
    }
    return { step: undefined, trace };
  };
}

/** Routes one record of `object`: the rule that fires (first match wins) and the verdict of every rule before it. */
export function route(model: Model, record: DataRecord, object: RoutedObject, now?: Date): Routed {
  return compileRouting(model, now)(record, object);
}

/** What a batch of records needs from routing: the rule that fires, and whether an earlier rule was unknown. */
export interface Decision {
  /** The rule that fires; undefined when none does. */
  rule: RoutingRule | undefined;
  /** Its index in the routing rules; -1 when none fires. */
  index: number;
  /** An earlier rule's verdict was unknown (or no rule fired): the outcome is undecided. */
  undecided: boolean;
}

/**
 * compileRouting without the trace, for many records: rules are grouped by object once, a
 * segment's rule is evaluated at most once per record however many rules name the segment, and
 * the answer is one of a few preallocated objects, so routing a record allocates nothing. Same
 * verdicts as compileRouting (test/route-explain.test.ts holds them to it).
 */
export function compileRouter(model: Model, now: Date = new Date()): (record: DataRecord, object: RoutedObject) => Decision {
  const fields = fieldLookup(model);
  const segIds = new Map<string, number>();
  const segs: Compiled[] = [];
  const UNRESOLVED = -2;
  const NONE = -1;
  const compiled = model.map.routing
    .map((rule, index) => ({ rule, index }))
    .filter((x): x is { rule: RoutingRule; index: number } => isRule(x.rule))
    .map(({ rule, index }) => {
      let seg = NONE;
      if (rule.segment !== undefined) {
        const s = lookup<Segment>(model, 'segment', rule.segment)?.entity;
        if (!s) seg = UNRESOLVED;
        else {
          seg = segIds.get(rule.segment) ?? segs.length;
          if (seg === segs.length) {
            segIds.set(rule.segment, seg);
            segs.push(compile(s.rule, fields, now));
          }
        }
      }
      const when = rule.when === undefined ? undefined : compile(rule.when, fields, now);
      const decided: Decision = { rule, index, undecided: false };
      const open: Decision = { rule, index, undecided: true };
      return { rule, seg, when, decided, open };
    });
  const byObject = new Map(ROUTED_OBJECTS.map((o) => [o, compiled.filter((c) => covers(c.rule, o))]));
  const nothing: Decision = { rule: undefined, index: -1, undecided: true };
  // per record: 0 not evaluated yet, 1 true, 2 false, 3 unknown
  const cache = new Uint8Array(segs.length);
  return (record, object) => {
    cache.fill(0);
    let undecided = false;
    for (const c of byObject.get(object) ?? []) {
      let v: Verdict = true;
      if (c.seg === UNRESOLVED) v = undefined;
      else if (c.seg >= 0) {
        let s = cache[c.seg]!;
        if (s === 0) {
          const r = segs[c.seg]!(record);
          s = r === true ? 1 : r === false ? 2 : 3;
          cache[c.seg] = s;
        }
        if (s === 2) continue;
        if (s === 3) v = undefined;
      }
      if (c.when) {
        const w = c.when(record);
        if (w === false) continue;
        if (w === undefined) v = undefined;
      }
      if (v === true) return undecided ? c.open : c.decided;
      undecided = true;
    }
    return nothing;
  };
}
