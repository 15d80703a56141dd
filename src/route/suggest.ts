// `gtmap route --suggest-cases`: boundary cases from the conditions' own constants (`atLeast: 200`
// gives 199 and 200; `in: [...]` each value and one outside; `present` empty and filled), each
// starting from a record that fires the rule and changing one field, with the outcome it gets today.
// They are proposals for a person to review: the expected values are what the map does now.
import { compile, type DataRecord, type FieldLookup, type RecordValue } from '../conditions/index.js';
import { exampleRecord } from '../conditions/example.js';
import { parse, type Node } from '../conditions/parse.js';
import { isDateType } from '../conditions/operators.js';
import type { Model } from '../model/index.js';
import { fieldLookupOf, routeRecord } from './explain.js';
import { covers, isFallback, isRule, type RoutedObject, scopeOf } from './index.js';

const DAY = 86_400_000;

function leaves(n: Node, out: Extract<Node, { kind: 'test' }>[]): void {
  if (n.kind === 'test') out.push(n);
  else if (n.kind === 'not') leaves(n.item, out);
  else if (n.kind === 'all' || n.kind === 'any') n.items.forEach((x) => leaves(x, out));
}

const FILLED: Record<string, RecordValue> = {
  text: 'Acme',
  email: 'ada@example.com',
  url: 'https://example.com',
  number: 1,
  currency: 1000,
  percent: 10,
  boolean: true,
  date: '2026-01-15',
  datetime: '2026-01-15T10:00:00Z',
};

/** The values on either side of one test's constant. */
export function boundaryValues(t: Extract<Node, { kind: 'test' }>, fields: FieldLookup): RecordValue[] {
  const field = fields(t.field);
  const type = field?.type;
  const out: RecordValue[] = [];
  const operand = t.operand;
  if (t.row.bound) {
    // the last value on the false side and the first on the true side (or the other way round)
    const { side, inclusive } = t.row.bound;
    const pair = (b: number, step: number): number[] => ((side === 'lo') === inclusive ? [b - step, b] : [b, b + step]);
    if (isDateType(type) && typeof operand === 'string') {
      const b = Date.parse(operand);
      const iso = (ms: number): string => (type === 'date' ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString());
      if (!Number.isNaN(b)) out.push(...pair(b, DAY).map(iso));
    } else if (typeof operand === 'number') {
      out.push(...pair(operand, Number.isInteger(operand) ? 1 : 0.01));
    }
  } else if (t.row.set) {
    const vs = (Array.isArray(operand) ? operand : [operand]).filter(
      (v): v is string | number | boolean => v !== null && typeof v !== 'object',
    );
    out.push(...vs);
    const outside =
      field?.values?.find((v) => !vs.includes(v)) ??
      (typeof vs[0] === 'number' ? Math.max(...(vs as number[])) + 1 : typeof vs[0] === 'boolean' ? !vs[0] : 'other');
    out.push(outside);
  } else if (t.op === 'present') {
    out.push(undefined, field?.type === 'enum' ? field.values?.[0] : FILLED[field?.type ?? 'text']);
  } else if (t.op === 'matches') {
    out.push('not-a-match');
  }
  return out;
}

function yamlValue(v: RecordValue): string {
  return v === undefined || v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function words(record: DataRecord): string {
  const parts = Object.entries(record).map(([k, v]) => `${k} ${v === undefined ? 'empty' : String(v)}`);
  return parts.length ? parts.join(', ') : 'no fields';
}

/** The values a field is compared with anywhere in the routing, and an enum's declared values. */
function fieldValues(model: Model, field: string, fields: FieldLookup): RecordValue[] {
  const out = new Set<RecordValue>(fields(field)?.values ?? []);
  const tests: Extract<Node, { kind: 'test' }>[] = [];
  for (const r of model.map.routing)
    if (isRule(r)) {
      const scope = scopeOf(model, r);
      if (scope) leaves(parse(scope), tests);
    }
  for (const t of tests) if (t.field === field) for (const v of boundaryValues(t, fields)) if (v !== undefined) out.add(v);
  return [...out];
}

/**
 * The example record, with fields that earlier rules read filled in so that they are decided
 * (false) and the rule still fires: a case whose outcome is `undecided` only because the example
 * left `customer-status` empty tests nothing.
 */
function decide(model: Model, record: DataRecord, ruleId: string, object: RoutedObject, now: Date, fields: FieldLookup): DataRecord {
  let current = { ...record };
  let r = routeRecord(model, current, object, now, false);
  for (let guard = 0; r.undecidedBy.length && guard < 20; guard++) {
    const missing = r.undecidedBy.flatMap((u) => u.missing).find((f) => current[f] === undefined);
    if (!missing) break;
    let improved = false;
    for (const v of fieldValues(model, missing, fields)) {
      const next = { ...current, [missing]: v };
      const nr = routeRecord(model, next, object, now, false);
      if (nr.rule === ruleId && nr.undecidedBy.length < r.undecidedBy.length) {
        current = next;
        r = nr;
        improved = true;
        break;
      }
    }
    if (!improved) break;
  }
  return current;
}

/** Proposed routing cases, as YAML text for map/tests/. */
export function suggestCases(model: Model, object: RoutedObject, now: Date): string {
  const fields = fieldLookupOf(model);
  const seen = new Set<string>();
  const cases: string[] = [];
  for (const rule of model.map.routing) {
    if (!isRule(rule) || isFallback(rule) || !covers(rule, object)) continue;
    const scope = scopeOf(model, rule);
    const found = exampleRecord(scope, fields, now);
    if (!found) continue;
    // exampleRecord's stand-in for "any other value" becomes a declared value that keeps the scope true
    const holds = compile(scope, fields, now);
    for (const [k, v] of Object.entries(found)) {
      const f = fields(k);
      if (f && typeof v === 'boolean' && f.type !== 'boolean') {
        // `present: true` is satisfied by any value: show one of the field's type
        found[k] = f.type === 'enum' ? f.values?.[0] : FILLED[f.type];
        continue;
      }
      if (v !== '\u0000other') continue;
      const values = fields(k)?.values ?? ['other'];
      found[k] = values.find((x) => holds({ ...found, [k]: x }) === true) ?? 'other';
    }
    const base = decide(model, found, rule.id, object, now, fields);
    const tests: Extract<Node, { kind: 'test' }>[] = [];
    if (scope) leaves(parse(scope), tests);
    const variants: { record: DataRecord; note: string }[] = [{ record: base, note: `fires ${rule.id}` }];
    for (const t of tests) {
      for (const v of boundaryValues(t, fields)) {
        const record: DataRecord = { ...base };
        if (v === undefined) delete record[t.field];
        else record[t.field] = v;
        variants.push({ record, note: `boundary of "${t.row.describe(t.field, t.operand)}"` });
      }
    }
    for (const { record, note } of variants) {
      const key = JSON.stringify(Object.entries(record).sort());
      if (seen.has(key)) continue;
      seen.add(key);
      const r = routeRecord(model, record, object, now);
      const given = Object.entries(record).map(([k, v]) => `${k}: ${yamlValue(v)}`);
      const expect = [`outcome: ${r.outcome}`];
      if (r.rule) expect.push(`rule: ${r.rule}`);
      if (r.team) expect.push(`team: ${r.team}`);
      if (r.queue) expect.push(`queue: ${JSON.stringify(r.queue)}`);
      if (r.sla) expect.push(`sla: ${r.sla}`);
      cases.push(
        [
          `  # ${note}`,
          `  - name: ${JSON.stringify(`${object} with ${words(record)} -> ${r.rule ?? 'nobody'}`)}`,
          ...(object === 'lead' ? [] : [`    object: ${object}`]),
          `    given: { ${given.join(', ')} }`,
          `    expect: { ${expect.join(', ')} }`,
        ].join('\n'),
      );
    }
  }
  return `# Proposed routing cases, generated by \`gtmap route --suggest-cases\` from the conditions' constants.
# Each expects what the map does today: review every one (is that where this ${object} should go?),
# keep the ones worth keeping, and move them into map/tests/routing.yaml.
routingTests:
${cases.join('\n')}
`;
}
