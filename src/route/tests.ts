// Routing test cases beside the map (`routingTests:` in any file): each case routes its record and
// compares what it expects; a `matrix:` runs one case over several values. Coverage says which
// rules no case reaches, which conditions were seen only true or only false, which segments no
// case enters, and whether the fallback was exercised.
import type { DataRecord, RecordValue } from '../conditions/index.js';
import type { ModelPath } from '../diagnostic.js';
import { idsOf, type Model, type RoutingTest } from '../model/index.js';
import { didYouMean } from '../suggest.cjs';
import { isObject } from '../text.js';
import { type ConditionTrace, fieldLookupOf, routeRecord, type RouteResult, traceCondition, whyNot } from './explain.js';
import { isFallback, isRule, type RoutedObject } from './index.js';
import { typeRecord } from './record.js';

/** A problem or failure of a case, at a model path (the engine or diagnosticAt places it). */
export interface CaseFinding {
  path: ModelPath;
  target?: 'key' | 'value';
  /** `invalid`: the case itself is wrong (an undeclared field, an unknown rule id); `failed`: routing gives something else. */
  kind: 'invalid' | 'failed';
  message: string;
}

export interface CaseRun {
  /** ['routingTests', i] */
  path: ModelPath;
  name: string;
  record: DataRecord;
  result?: RouteResult;
  passed: boolean;
  /** What failed, in words (empty when it passed). */
  failure?: string;
  /** The case gave its own arrival time (`at`). */
  timed?: boolean;
}

export interface CoverageItem {
  /** What is not covered, in words. */
  message: string;
  path: ModelPath;
}

export interface Coverage {
  /** Covered items and all items: each rule fired, each condition seen true and seen false, each segment entered. */
  covered: number;
  total: number;
  percent: number;
  rules: { covered: number; total: number };
  conditions: { covered: number; total: number };
  segments: { covered: number; total: number };
  fallbackExercised: boolean;
  gaps: CoverageItem[];
}

export interface TestRun {
  runs: CaseRun[];
  findings: CaseFinding[];
  coverage: Coverage;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const EXPECT_KEYS = ['outcome', 'rule', 'segment', 'team', 'queue', 'method', 'sla', 'due'] as const;
type ExpectKey = (typeof EXPECT_KEYS)[number];

/** Every combination of a matrix's values, in order. */
export function expandMatrix(matrix: Record<string, RecordValue[]> | undefined): Record<string, RecordValue>[] {
  let out: Record<string, RecordValue>[] = [{}];
  if (!matrix) return out;
  for (const [k, vs] of Object.entries(matrix)) {
    if (!Array.isArray(vs)) continue;
    const next: Record<string, RecordValue>[] = [];
    for (const o of out) for (const v of vs) next.push({ ...o, [k]: v });
    out = next;
    if (out.length > 10_000) break; // a matrix this big is a mistake; the first 10,000 run
  }
  return out;
}

/** The case's name with `${{ key }}` filled in, or the values appended when it names none. */
export function caseName(name: string, values: Record<string, RecordValue>): string {
  const keys = Object.keys(values);
  if (!keys.length) return name;
  let used = false;
  const filled = name.replace(/\$\{\{\s*([a-z0-9-]+)\s*\}\}/g, (m, k: string) => {
    if (!(k in values)) return m;
    used = true;
    return values[k] === null || values[k] === undefined ? 'empty' : String(values[k]);
  });
  return used ? filled : `${name} [${keys.map((k) => `${k}=${String(values[k])}`).join(', ')}]`;
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'nothing' : `\`${String(v)}\``;
}

function actualOf(r: RouteResult, key: ExpectKey): string | null {
  if (key === 'due') return r.due?.utc ?? null;
  return r[key];
}

function same(key: ExpectKey, expected: unknown, actual: string | null): boolean {
  if (key === 'due') return typeof expected === 'string' && actual !== null && Date.parse(expected) === Date.parse(actual);
  return expected === actual;
}

/** The rules before the firing one that did not say no, and the firing one: the short trace for a failure message. */
export function shortTrace(r: RouteResult): string {
  const parts = r.trace
    .filter((t) => t.object)
    .map((t) => {
      const v = t.verdict === true ? 'fires' : t.verdict === false ? 'no' : `unknown (${t.missing.join(', ') || 'undecidable'} missing)`;
      return `${t.rule}: ${v}`;
    });
  return parts.join('; ');
}

function firstFalseText(c: ConditionTrace | undefined): string | undefined {
  if (!c || c.verdict === true) return undefined;
  if (c.kind === 'all') for (const x of c.items ?? []) if (x.verdict !== true) return firstFalseText(x);
  const saw = c.field !== undefined ? ` (saw ${c.value === undefined ? 'nothing' : String(c.value)})` : '';
  return `${c.text} is ${c.verdict === false ? 'false' : 'unknown'}${saw}`;
}

/**
 * Runs every routing case of the map. `due: false` leaves out the due-time expectations, which
 * need the time-zone data (Intl's start-up costs more than linting the example map): `gtmap test`
 * compares them, the lint rule does not.
 */
export function runRoutingTests(model: Model, now: Date = new Date(), options: { due?: boolean } = {}): TestRun {
  const withDue = options.due !== false;
  const fields = fieldLookupOf(model);
  const fieldIds = (): string[] => idsOf(model, 'field');
  const runs: CaseRun[] = [];
  const findings: CaseFinding[] = [];
  const ruleIds = model.map.routing.filter(isRule).map((r) => r.id);
  model.tests.routingTests.forEach((raw, i) => {
    // a case of the wrong shape is the schema's to report; it does not run
    if (!isObject(raw) || typeof raw.name !== 'string' || !isObject(raw.expect) || (raw.given !== undefined && !isObject(raw.given)))
      return;
    const c = raw as unknown as RoutingTest;
    const path: ModelPath = ['routingTests', i];
    const before = findings.length;
    const bad = (p: ModelPath, message: string, target: 'key' | 'value' = 'value'): void => {
      findings.push({ path: [...path, ...p], target, kind: 'invalid', message: `Case "${c.name}": ${message}` });
    };
    const object = (c.object ?? 'lead') as RoutedObject;
    let at = now;
    if (c.at !== undefined) {
      if (typeof c.at === 'string' && ISO_TIME.test(c.at) && !Number.isNaN(Date.parse(c.at))) at = new Date(c.at);
      else bad(['at'], `\`${String(c.at)}\` is not a time. Write ISO 8601 with a zone, e.g. \`2026-11-30T16:40:00Z\`.`);
    }
    const expect = (isObject(c.expect) ? c.expect : {}) as Record<string, unknown>;
    const refs: [ExpectKey, 'routing rule' | 'team' | 'segment', () => string[]][] = [
      ['rule', 'routing rule', () => ruleIds],
      ['team', 'team', () => idsOf(model, 'team')],
      ['segment', 'segment', () => idsOf(model, 'segment')],
    ];
    for (const [key, kind, ids] of refs) {
      const v = expect[key];
      if (typeof v === 'string' && !ids().includes(v))
        bad(['expect', key], `expects ${kind} \`${v}\`, which the map does not declare.${didYouMean(v, ids())}`);
    }
    if (expect.due !== undefined && c.at === undefined)
      bad(['expect', 'due'], 'expects a due time but gives no `at`: add `at:` (when the record arrives), or drop `due:`.');
    const given = isObject(c.given) ? Object.entries(c.given) : [];
    const typed = typeRecord(given, fields, fieldIds, false);
    for (const p of typed.problems) bad(['given', p.field], p.message, p.target);
    const matrix = isObject(c.matrix) ? (c.matrix as Record<string, RecordValue[]>) : undefined;
    for (const [k, vs] of Object.entries(matrix ?? {})) {
      const f = fields(k);
      if (!f) {
        bad(['matrix', k], `\`${k}\` is not a declared field.${didYouMean(k, fieldIds())}`, 'key');
        continue;
      }
      (Array.isArray(vs) ? vs : []).forEach((v, j) => {
        const t = typeRecord([[k, v]], fields, fieldIds, false);
        for (const p of t.problems) bad(['matrix', k, j], p.message);
      });
    }
    if (findings.length > before) {
      runs.push({ path, name: c.name, record: typed.record, passed: false });
      return;
    }
    for (const values of expandMatrix(matrix)) {
      const record: DataRecord = { ...typed.record };
      for (const [k, v] of Object.entries(values)) {
        if (v === null || v === undefined || v === '') delete record[k];
        else record[k] = (typeRecord([[k, v]], fields, fieldIds, false).record as DataRecord)[k];
      }
      const name = caseName(c.name, values);
      const result = routeRecord(model, record, object, at, withDue && expect.due !== undefined);
      const wrong = EXPECT_KEYS.filter(
        (k) => expect[k] !== undefined && (withDue || k !== 'due') && !same(k, expect[k], actualOf(result, k)),
      );
      const run: CaseRun = { path, name, record, result, passed: wrong.length === 0, timed: c.at !== undefined };
      runs.push(run);
      if (!wrong.length) continue;
      const diffs = wrong.map((k) => `${k} ${show(expect[k])}, got ${show(actualOf(result, k))}`).join('; ');
      let why = '';
      const wantRule = expect.rule;
      if (typeof wantRule === 'string' && wantRule !== result.rule) {
        const w = whyNot(model, wantRule, record, object, at);
        if (w?.status === 'object') why = ` \`${wantRule}\` routes other records, not ${object}s.`;
        else if (w?.status === 'earlier') why = ` \`${wantRule}\` matches, but \`${w.caughtBy}\` comes first.`;
        else if (w?.status === 'condition') {
          const text = firstFalseText(w.trace.segment?.condition) ?? firstFalseText(w.trace.when);
          if (text) why = ` \`${wantRule}\` does not fire: ${text}.`;
        }
      }
      run.failure = `expects ${diffs}.${why}`;
      findings.push({
        path: [...path, 'expect', wrong[0]!],
        kind: 'failed',
        message: `Case "${name}" expects ${diffs}.${why} Trace: ${shortTrace(result)}.`,
      });
    }
  });
  return { runs, findings, coverage: routingCoverage(model, runs, now) };
}

/** Coverage of the routing by the cases that ran. */
export function routingCoverage(model: Model, runs: readonly CaseRun[], now: Date = new Date()): Coverage {
  const fired = new Set<string>();
  // condition leaves by where they sit: 'segment:<id>:<n>' or 'when:<rule>:<n>', with the verdicts seen
  const seen = new Map<string, { t: boolean; f: boolean; text: string; path: ModelPath }>();
  const entered = new Set<string>();
  const fields = fieldLookupOf(model);
  const segIndex = new Map(model.map.segments.map((s, i) => [s.id, i]));
  const leaves = (c: ConditionTrace | undefined, key: string, base: ModelPath, out: { n: number }): void => {
    if (!c) return;
    if (c.items) {
      c.items.forEach((x, i) => leaves(x, key, c.kind === 'not' ? [...base, 'not'] : [...base, c.kind, i], out));
      return;
    }
    const id = `${key}:${out.n++}`;
    const s = seen.get(id) ?? { t: false, f: false, text: c.text, path: base };
    if (c.verdict === true) s.t = true;
    if (c.verdict === false) s.f = true;
    seen.set(id, s);
  };
  // every condition leaf of the map's routing, seen or not, so the totals are the map's
  for (const [i, r] of model.map.routing.entries()) {
    if (!isRule(r)) continue;
    if (r.when) leaves(traceCondition(r.when, fields, {}, now), `when:${r.id}`, ['routing', i, 'when'], { n: 0 });
  }
  for (const [i, s] of model.map.segments.entries()) {
    if (isObject(s) && s.rule) leaves(traceCondition(s.rule, fields, {}, now), `segment:${s.id}`, ['segments', i, 'rule'], { n: 0 });
  }
  for (const v of seen.values()) v.t = v.f = false; // the empty record only listed them
  for (const run of runs) {
    const r = run.result;
    if (!r) continue;
    if (r.rule) fired.add(r.rule);
    for (const t of r.trace) {
      const i = t.index;
      if (t.when) leaves(t.when, `when:${t.rule}`, ['routing', i, 'when'], { n: 0 });
      if (t.segment?.condition)
        leaves(t.segment.condition, `segment:${t.segment.id}`, ['segments', segIndex.get(t.segment.id) ?? 0, 'rule'], { n: 0 });
    }
    for (const s of model.map.segments) {
      if (isObject(s) && s.rule && traceCondition(s.rule, fields, run.record, new Date(r.at)).verdict === true) entered.add(s.id);
    }
  }
  const gaps: CoverageItem[] = [];
  const rules = model.map.routing.filter(isRule);
  model.map.routing.forEach((r, i) => {
    if (!isRule(r) || fired.has(r.id)) return;
    gaps.push({
      path: ['routing', i],
      message: isFallback(r)
        ? `No routing case falls to the fallback \`${r.id}\`: add a case whose record matches no other rule.`
        : `No routing case reaches rule \`${r.id}\`: add a case whose record fires it (\`gtmap route --suggest-cases\` proposes some).`,
    });
  });
  let condCovered = 0;
  for (const v of seen.values()) {
    condCovered += (v.t ? 1 : 0) + (v.f ? 1 : 0);
    if (v.t && v.f) continue;
    const way = !v.t && !v.f ? 'never decided true or false' : v.t ? 'only seen true' : 'only seen false';
    gaps.push({ path: v.path, message: `Condition "${v.text}" is ${way} by the routing cases: add a case on its other side.` });
  }
  model.map.segments.forEach((s, i) => {
    if (isObject(s) && !entered.has(s.id))
      gaps.push({ path: ['segments', i], message: `No routing case has a record in segment \`${s.id}\`.` });
  });
  const segTotal = model.map.segments.length;
  const covered = fired.size + condCovered + entered.size;
  const total = rules.length + seen.size * 2 + segTotal;
  return {
    covered,
    total,
    percent: total === 0 ? 100 : Math.floor((covered / total) * 1000) / 10,
    rules: { covered: rules.filter((r) => fired.has(r.id)).length, total: rules.length },
    conditions: { covered: condCovered, total: seen.size * 2 },
    segments: { covered: entered.size, total: segTotal },
    fallbackExercised: rules.some((r) => isFallback(r) && fired.has(r.id)),
    gaps,
  };
}

export function coverageLine(c: Coverage): string {
  return `coverage ${c.percent}%: ${c.rules.covered}/${c.rules.total} rules fired, ${c.conditions.covered}/${c.conditions.total} condition outcomes (each condition true and false), ${c.segments.covered}/${c.segments.total} segments entered, fallback ${c.fallbackExercised ? 'exercised' : 'never exercised'}`;
}
