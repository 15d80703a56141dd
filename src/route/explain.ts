// One record through the routing, explained: the rule that fires, where it goes, its SLA and due
// time, and a trace of every rule before it with each condition's verdict and the value it saw.
// The verdicts are the compiled ones (compileRouting); the trace walks the same condition tree
// with the same operator rows, so the two cannot disagree (test/route-explain.test.ts holds them to it).
import { type DataRecord, describe, type FieldLookup, type RecordValue, type Verdict } from '../conditions/index.js';
import { type Change, nearestChange } from '../conditions/example.js';
import { parse, type Node } from '../conditions/parse.js';
import { type Condition, type Field, type Model, type RoutingRule, type Segment, type Team, lookup } from '../model/index.js';
import { type Calendar, dueTime, hoursFor, isCalendar, isoLocal, makeCalendar, type BusinessHoursDecl } from './hours.js';
import { covers, isFallback, isRule, type RoutedObject, scopeOf } from './index.js';

export type Outcome = 'matched' | 'fallback' | 'undecided';

/** A condition's verdict on the record, and its parts'. */
export interface ConditionTrace {
  kind: Node['kind'];
  /** The condition in words. */
  text: string;
  verdict: Verdict;
  /** A test: the field it reads and the value it saw (undefined: the field is empty). */
  field?: string;
  value?: RecordValue;
  items?: ConditionTrace[];
}

export interface RuleTrace {
  rule: string;
  name: string;
  /** Index in the routing rules, for a model path. */
  index: number;
  /** true: fires; false: does not apply; undefined: unknown (the record lacks data to decide). */
  verdict: Verdict;
  /** Whether the rule routes this kind of record; when false nothing else was evaluated. */
  object: boolean;
  segment?: { id: string; verdict: Verdict; condition?: ConditionTrace };
  when?: ConditionTrace;
  /** The empty fields that made the verdict unknown. */
  missing: string[];
}

export interface DueInfo {
  /** UTC, ISO 8601. */
  utc: string;
  /** In the team's zone, ISO 8601 with its offset. */
  local: string;
  timeZone: string;
  /** How the SLA was counted. */
  basis: string;
}

export interface RouteResult {
  object: RoutedObject;
  /** When the record arrived (the SLA clock starts), UTC ISO. */
  at: string;
  record: DataRecord;
  outcome: Outcome;
  /** The segment the record falls in: the firing rule's, else the first segment whose rule holds. */
  segment: string | null;
  rule: string | null;
  team: string | null;
  queue: string | null;
  method: string | null;
  sla: string | null;
  due: DueInfo | null;
  /** Why there is no due time when there is an SLA. */
  dueNote?: string;
  /** Every rule before the one that fires (all rules when none fires), then the one that fires. */
  trace: RuleTrace[];
  /** Earlier rules that would have fired but for an empty field, with the fields. */
  undecidedBy: { rule: string; missing: string[] }[];
}

export function fieldLookupOf(model: Model): FieldLookup {
  return (id: string): Field | undefined => lookup<Field>(model, 'field', id)?.entity;
}

/** The condition's verdict and its parts', with the values seen. */
export function traceCondition(cond: Condition, fields: FieldLookup, record: DataRecord, now: Date): ConditionTrace {
  const name = (id: string): string => id;
  const at = now.getTime();
  const walk = (n: Node, raw: unknown): ConditionTrace => {
    const text = describe(raw as Condition, name);
    switch (n.kind) {
      case 'invalid':
        return { kind: n.kind, text, verdict: undefined };
      case 'not': {
        const item = walk(n.item, (raw as { not: unknown }).not);
        return { kind: n.kind, text, verdict: item.verdict === undefined ? undefined : !item.verdict, items: [item] };
      }
      case 'all':
      case 'any': {
        const rawItems = (raw as Record<string, unknown[]>)[n.kind]!;
        const items = n.items.map((x, i) => walk(x, rawItems[i]));
        const decisive = n.kind === 'any';
        let verdict: Verdict = !decisive;
        for (const it of items) {
          if (it.verdict === decisive) {
            verdict = decisive;
            break;
          }
          if (it.verdict === undefined) verdict = undefined;
        }
        return { kind: n.kind, text, verdict, items };
      }
      case 'test': {
        const v = record[n.field];
        const prepared = n.row.prepare(n.operand, fields(n.field)?.type);
        const empty = v === undefined || v === null || v === '' || typeof v === 'object';
        let verdict: Verdict;
        if (prepared === undefined) verdict = undefined;
        else if (empty) verdict = n.row.onMissing ? n.row.onMissing(prepared) : undefined;
        else verdict = n.row.tester(prepared, at)(v);
        return { kind: n.kind, text, verdict, field: n.field, value: empty ? undefined : v };
      }
    }
  };
  return walk(parse(cond), cond);
}

/** Empty fields under a trace whose tests are unknown. */
function missingIn(t: ConditionTrace | undefined, out: Set<string>): void {
  if (!t || t.verdict !== undefined) return;
  if (t.field !== undefined && t.value === undefined) out.add(t.field);
  t.items?.forEach((x) => missingIn(x, out));
}

function and(vs: Verdict[]): Verdict {
  let open = false;
  for (const v of vs) {
    if (v === false) return false;
    if (v === undefined) open = true;
  }
  return open ? undefined : true;
}

/** One rule's verdict on the record, explained. */
export function traceRule(model: Model, rule: RoutingRule, index: number, record: DataRecord, object: RoutedObject, now: Date): RuleTrace {
  const fields = fieldLookupOf(model);
  const t: RuleTrace = { rule: rule.id, name: rule.name, index, verdict: false, object: covers(rule, object), missing: [] };
  if (!t.object) return t;
  const parts: Verdict[] = [];
  if (rule.segment !== undefined) {
    const seg = lookup<Segment>(model, 'segment', rule.segment)?.entity;
    const condition = seg ? traceCondition(seg.rule, fields, record, now) : undefined;
    t.segment = { id: rule.segment, verdict: condition?.verdict, condition };
    parts.push(t.segment.verdict);
  }
  if (rule.when !== undefined) {
    t.when = traceCondition(rule.when, fields, record, now);
    parts.push(t.when.verdict);
  }
  t.verdict = and(parts);
  if (t.verdict === undefined) {
    const missing = new Set<string>();
    missingIn(t.segment?.condition, missing);
    missingIn(t.when, missing);
    t.missing = [...missing];
  }
  return t;
}

/** The calendar SLAs of a team are counted in; a string says why there is none. */
export function calendarFor(model: Model, teamId: string | undefined): Calendar | string {
  const team = teamId === undefined ? undefined : lookup<Team>(model, 'team', teamId)?.entity;
  const decl = hoursFor((model.header as { businessHours?: BusinessHoursDecl }).businessHours, team);
  if (!decl) return 'no business hours are declared (businessHours in gtmap.yaml, or on the team)';
  const cal = makeCalendar(decl);
  return isCalendar(cal) ? cal : `the business hours are invalid: ${cal.problems.map((p) => p.message).join(' ')}`;
}

/** Routes one record and explains it. `withDue: false` skips the due time (and the time-zone data it needs). */
export function routeRecord(model: Model, record: DataRecord, object: RoutedObject, now: Date, withDue = true): RouteResult {
  const trace: RuleTrace[] = [];
  let fired: { rule: RoutingRule; t: RuleTrace } | undefined;
  model.map.routing.forEach((rule, index) => {
    if (fired || !isRule(rule)) return;
    const t = traceRule(model, rule, index, record, object, now);
    trace.push(t);
    if (t.verdict === true) fired = { rule, t };
  });
  const undecidedBy = trace.filter((t) => t.verdict === undefined).map((t) => ({ rule: t.rule, missing: t.missing }));
  const outcome: Outcome = !fired || undecidedBy.length ? 'undecided' : isFallback(fired.rule) ? 'fallback' : 'matched';
  const rule = fired?.rule;
  let segment: string | null = rule?.segment ?? null;
  if (!segment) {
    const fields = fieldLookupOf(model);
    for (const s of model.map.segments) {
      if (s && typeof s === 'object' && s.rule && traceCondition(s.rule, fields, record, now).verdict === true) {
        segment = s.id;
        break;
      }
    }
  }
  const sla = rule?.firstResponseSla ?? null;
  let due: DueInfo | null = null;
  let dueNote: string | undefined;
  if (sla && rule && withDue) {
    const cal = calendarFor(model, rule.assign.team);
    const d = dueTime(sla, now.getTime(), typeof cal === 'string' ? undefined : cal);
    if (d)
      due = {
        utc: new Date(d.at).toISOString().replace('.000Z', 'Z'),
        local: isoLocal(d.at, d.timeZone),
        timeZone: d.timeZone,
        basis: d.basis,
      };
    else dueNote = `${sla} is in business days, but ${typeof cal === 'string' ? cal : 'no calendar applies'}`;
    if (d && typeof cal === 'string' && !sla.endsWith('d') && !sla.endsWith('w')) dueNote = `counted in calendar time: ${cal}`;
  }
  return {
    object,
    at: now.toISOString(),
    record,
    outcome,
    segment,
    rule: rule?.id ?? null,
    team: rule?.assign.team ?? null,
    queue: rule?.assign.queue ?? null,
    method: rule?.assign.method ?? null,
    sla,
    due,
    ...(dueNote ? { dueNote } : {}),
    trace,
    undecidedBy,
  };
}

export interface WhyNot {
  rule: string;
  /** fires: it does fire; object: it routes another kind of record; earlier: it would fire but an earlier rule wins; condition: a condition fails or is unknown. */
  status: 'fires' | 'object' | 'earlier' | 'condition';
  trace: RuleTrace;
  /** The first condition that is not true (false, else unknown). */
  first?: ConditionTrace;
  /** The smallest change found that makes the rule's conditions hold (undefined: none found). */
  change?: Change[];
  /** With that change, the earlier rule that would still catch the record first. */
  caughtBy?: string;
  /** The rule that fires today, if another. */
  firesInstead?: string | null;
}

/**
 * The first part of a trace with the verdict `want` (false, or unknown): inside `all`, the first
 * such item, recursively; an `any` whose alternatives all fail, a `not` or a test is itself the answer.
 */
export function firstFailing(t: ConditionTrace | undefined, want: false | undefined = false): ConditionTrace | undefined {
  if (!t || t.verdict !== want) return undefined;
  if (t.kind === 'all') {
    for (const x of t.items ?? []) {
      const f = firstFailing(x, want);
      if (f) return f;
    }
  }
  return t;
}

/** Why a rule does not fire for this record, and the smallest change that would make it. */
export function whyNot(model: Model, ruleId: string, record: DataRecord, object: RoutedObject, now: Date): WhyNot | undefined {
  const index = model.map.routing.findIndex((r) => isRule(r) && r.id === ruleId);
  if (index < 0) return undefined;
  const rule = model.map.routing[index]!;
  const today = routeRecord(model, record, object, now);
  const trace = traceRule(model, rule, index, record, object, now);
  const base = { rule: ruleId, trace, firesInstead: today.rule === ruleId ? undefined : today.rule };
  if (!trace.object) return { ...base, status: 'object' };
  if (trace.verdict === true) {
    return today.rule === ruleId ? { ...base, status: 'fires' } : { ...base, status: 'earlier', caughtBy: today.rule ?? undefined };
  }
  const parts = [trace.segment?.condition, trace.when];
  let first: ConditionTrace | undefined;
  for (const want of [false, undefined] as const) {
    for (const p of parts) first ??= firstFailing(p, want);
  }
  if (!first && trace.segment && !trace.segment.condition)
    first = { kind: 'invalid', text: `segment \`${trace.segment.id}\`, which is not declared`, verdict: undefined };
  const fields = fieldLookupOf(model);
  const change = nearestChange(scopeOf(model, rule), record, fields, now);
  let caughtBy: string | undefined;
  if (change) {
    const changed: DataRecord = { ...record };
    for (const c of change) {
      if (c.to === undefined) delete changed[c.field];
      else changed[c.field] = c.to;
    }
    const after = routeRecord(model, changed, object, now);
    if (after.rule !== ruleId) caughtBy = after.rule ?? undefined;
  }
  return { ...base, status: 'condition', first, change, caughtBy };
}
