// Who gets which lead, before and after: the routing rules of both maps compared by their effect.
// A record can change hands only where the rule that routes it is "affected" on one side: added,
// removed, changed in scope or assignment, or moved relative to the rules kept in order (the
// longest run of common rules in the same order). Two unaffected rules keep their scopes and
// their relative order, so a record they route cannot change outcome. Each affected rule is a
// region of records; examples built by the condition engine show each outcome that changes.
import { compile, type DataRecord, describe, durationMs, type FieldLookup } from '../conditions/index.js';
import { code, t } from './text.js';
import { conjunction } from '../conditions/implies.js';
import { exampleRecord } from '../conditions/example.js';
import { type Condition, type DemandSource, type Field, type Model, type RoutingRule, lookup } from '../model/index.js';
import { compileRouting, isRule, objectsOf, type RoutedObject, scopeOf } from '../route/index.js';

export type Side = 'base' | 'head';

export interface Outcome {
  /** The rule that fires, or undefined when none does (the record is not routed). */
  rule: string | undefined;
  text: string;
}

export interface RegionChange {
  object: RoutedObject;
  before: Outcome;
  after: Outcome;
  /** A record that changes this way: field id -> value. */
  example: DataRecord;
  exampleText: string;
  /** Demand sources that qualify the example and promise a faster response than it now gets. */
  promises?: { source: string; name: string; within: string }[];
}

export interface AffectedRule {
  side: Side;
  rule: RoutingRule;
  index: number;
  /** Why the rule is affected: added, removed, changed, moved, scope (its segment or a field it reads changed). */
  why: 'added' | 'removed' | 'changed' | 'moved' | 'scope';
  /** The records it routes, in words. */
  region: string;
  /** The changes of outcome found inside the region, one per distinct before -> after. */
  changes: RegionChange[];
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

function fieldsOf(model: Model): FieldLookup {
  return (id) => lookup<Field>(model, 'field', id)?.entity;
}

/** What decides which records a rule takes and where they go (not its name, text or SLA). */
function signature(model: Model, rule: RoutingRule): string {
  const seg = rule.segment === undefined ? null : (lookup(model, 'segment', rule.segment)?.entity as { rule?: unknown } | undefined);
  const fieldTypes: Record<string, unknown> = {};
  const collect = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    const o = c as Record<string, unknown>;
    if (typeof o.field === 'string') {
      const f = lookup<Field>(model, 'field', o.field)?.entity;
      fieldTypes[o.field] = f ? [f.type, f.values ?? null] : null;
    }
    for (const v of Object.values(o)) if (Array.isArray(v)) v.forEach(collect);
    if (o.not) collect(o.not);
  };
  collect(rule.when);
  collect(seg?.rule);
  return stable({
    object: rule.object,
    when: rule.when,
    fallback: rule.fallback,
    segment: rule.segment,
    segRule: seg?.rule ?? null,
    fieldTypes,
  });
}

function assignment(rule: RoutingRule): string {
  return stable({ assign: rule.assign, sla: rule.firstResponseSla });
}

/** Indexes (into `seq`) of a longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.add(k);
  return out;
}

export function outcomeText(rule: RoutingRule | undefined): string {
  if (!rule) return 'not routed (no rule matches)';
  const a = rule.assign as { team?: string; queue?: string; method?: string } | undefined;
  const parts = [code(a?.team ?? '?')];
  if (a?.queue) parts.push(`queue "${t(a.queue)}"`);
  if (rule.firstResponseSla) parts.push(`first response within ${t(rule.firstResponseSla)}`);
  return `${parts.join(', ')} (rule ${code(rule.id)})`;
}

/** The records a rule is for: "lead records in segment `mid-market` where Lead source is demo-request". */
function regionText(rule: RoutingRule, fieldName: (id: string) => string): string {
  const seg = rule.segment ? ` in segment ${code(rule.segment)}` : '';
  const when = rule.when ? ` where ${t(describe(rule.when, fieldName))}` : '';
  return `${rule.object ? `${t(rule.object)} ` : ''}records${seg}${when}`;
}

function recordText(model: Model, r: DataRecord): string {
  const entries = Object.entries(r);
  if (!entries.length) return 'any record';
  return entries
    .map(([k, v]) => t(`${lookup<Field>(model, 'field', k)?.entity.name ?? k} = ${typeof v === 'string' ? v : String(v)}`))
    .join(', ');
}

interface Rules {
  list: { rule: RoutingRule; index: number }[];
  byId: Map<string, { rule: RoutingRule; index: number; pos: number }>;
}

function rulesOf(model: Model): Rules {
  const list = model.map.routing.map((rule, index) => ({ rule, index })).filter((x) => isRule(x.rule) && typeof x.rule.id === 'string');
  const byId = new Map<string, { rule: RoutingRule; index: number; pos: number }>();
  list.forEach((x, pos) => {
    if (!byId.has(x.rule.id)) byId.set(x.rule.id, { ...x, pos });
  });
  return { list, byId };
}

/** The rules of either side whose records may change hands, each with the outcome changes found in it. */
export function routingDiff(base: Model, head: Model, now: Date): AffectedRule[] {
  const b = rulesOf(base);
  const h = rulesOf(head);
  const affected: AffectedRule[] = [];
  const fieldName = (m: Model) => (id: string) => lookup<Field>(m, 'field', id)?.entity.name ?? id;
  const push = (side: Side, x: { rule: RoutingRule; index: number }, why: AffectedRule['why']): void => {
    const m = side === 'base' ? base : head;
    affected.push({ side, rule: x.rule, index: x.index, why, region: regionText(x.rule, fieldName(m)), changes: [] });
  };
  // common rules in base order, by their head position: the longest increasing run kept its order
  const common = b.list.filter((x) => h.byId.has(x.rule.id));
  const kept = longestIncreasing(common.map((x) => h.byId.get(x.rule.id)!.pos));
  const keptIds = new Set([...kept].map((i) => common[i]!.rule.id));
  const dupes = new Set<string>();
  for (const r of [b, h])
    if (r.byId.size !== r.list.length) for (const x of r.list) if (r.byId.get(x.rule.id)!.index !== x.index) dupes.add(x.rule.id);
  for (const x of b.list) {
    const other = h.byId.get(x.rule.id);
    if (!other) push('base', x, 'removed');
    else if (dupes.has(x.rule.id)) push('base', x, 'changed');
    else if (signature(base, x.rule) !== signature(head, other.rule)) {
      const scopeOnly = stable({ ...x.rule, name: 0, description: 0 }) === stable({ ...other.rule, name: 0, description: 0 });
      push('base', x, scopeOnly ? 'scope' : 'changed');
    } else if (assignment(x.rule) !== assignment(other.rule)) push('base', x, 'changed');
    else if (!keptIds.has(x.rule.id)) push('base', x, 'moved');
  }
  for (const x of h.list) {
    if (!b.byId.has(x.rule.id)) push('head', x, 'added');
    else if (dupes.has(x.rule.id)) push('head', x, 'changed');
    else if (affected.some((a) => a.side === 'base' && a.rule.id === x.rule.id)) {
      const a = affected.find((y) => y.side === 'base' && y.rule.id === x.rule.id)!;
      push('head', x, a.why);
    }
  }
  if (!affected.length) return affected;

  const routeBase = compileRouting(base, now);
  const routeHead = compileRouting(head, now);
  const affectedKey = new Set(affected.map((a) => `${a.side}\u0000${a.rule.id}`));
  const seen = new Set<string>();
  const tryRecord = (record: DataRecord, object: RoutedObject): void => {
    const rb = routeBase(record, object).step?.rule;
    const rh = routeHead(record, object).step?.rule;
    const before = outcomeText(rb);
    const after = outcomeText(rh);
    const sameOutcome =
      stable(rb ? { a: rb.assign, s: rb.firstResponseSla } : null) === stable(rh ? { a: rh.assign, s: rh.firstResponseSla } : null);
    if (sameOutcome) return;
    const owner =
      (rb && affectedKey.has(`base\u0000${rb.id}`) && affected.find((a) => a.side === 'base' && a.rule.id === rb.id)) ||
      (rh && affectedKey.has(`head\u0000${rh.id}`) && affected.find((a) => a.side === 'head' && a.rule.id === rh.id));
    if (!owner) return;
    const key = `${object}\u0000${rb?.id ?? ''}\u0000${rh?.id ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    owner.changes.push({
      object,
      before: { rule: rb?.id, text: before },
      after: { rule: rh?.id, text: after },
      example: record,
      exampleText: recordText(rh ? head : base, record),
    });
  };
  // examples: a record in each affected rule's scope that reaches it (earlier rules that catch the
  // example are excluded and the search repeated, a few times)
  // leads that a demand source qualifies come first, so an example is a lead the business promised something to
  const sources = head.map.demandSources.filter((d) => d && typeof d === 'object' && d.qualifiedWhen !== undefined);
  for (const a of affected) {
    const m = a.side === 'base' ? base : head;
    const fields = fieldsOf(m);
    const route = a.side === 'base' ? routeBase : routeHead;
    for (const object of objectsOf(a.rule)) {
      for (const ds of sources) {
        const record = exampleRecord(conjunction(scopeOf(m, a.rule), ds.qualifiedWhen), fields, now);
        if (record) tryRecord(record, object);
      }
      let cond: Condition | undefined = scopeOf(m, a.rule);
      for (let attempt = 0; attempt < 6; attempt++) {
        const record = exampleRecord(cond, fields, now);
        if (!record) break;
        tryRecord(record, object);
        const fired = route(record, object).step;
        if (!fired || fired.rule.id === a.rule.id) break;
        const earlier = scopeOf(m, fired.rule);
        if (earlier === undefined) break;
        cond = conjunction(cond, { not: earlier });
      }
    }
  }
  // a demand source that qualifies the example and promises a faster response than the lead now gets
  const promising = head.map.demandSources
    .filter(
      (d): d is DemandSource & { responseSla: { within: string } } =>
        !!d && typeof d === 'object' && typeof d.responseSla?.within === 'string',
    )
    .map((d) => ({ d, test: compile(d.qualifiedWhen, fieldsOf(head), now) }));
  for (const a of affected)
    for (const c of a.changes) {
      const sla = c.after.rule ? h.byId.get(c.after.rule)?.rule.firstResponseSla : undefined;
      const promises = promising
        .filter(({ d, test }) => test(c.example) === true && (sla === undefined || durationMs(d.responseSla.within) < durationMs(sla)))
        .map(({ d }) => ({ source: d.id, name: d.name, within: d.responseSla.within }));
      if (promises.length) c.promises = promises;
    }
  for (const a of affected) a.changes.sort((x, y) => (x.object < y.object ? -1 : x.object > y.object ? 1 : 0));
  return affected;
}
