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
