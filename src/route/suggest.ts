// `gtmap route --suggest-cases`: boundary cases from the conditions' own constants (`atLeast: 200`
// gives 199 and 200; `in: [...]` each value and one outside; `present` empty and filled), each
// starting from a record that fires the rule and changing one field, with the outcome it gets today.
// They are proposals for a person to review: the expected values are what the map does now.
import type { DataRecord, FieldLookup, RecordValue } from '../conditions/index.js';
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
    if (isDateType(type) && typeof operand === 'string') {
      const b = Date.parse(operand);
      if (!Number.isNaN(b)) {
        const iso = (ms: number): string => (type === 'date' ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString());
        out.push(iso(b - DAY), iso(b));
        if (t.row.bound.side === 'lo' && !t.row.bound.inclusive) out.push(iso(b + DAY));
      }
    } else if (typeof operand === 'number') {
      const step = Number.isInteger(operand) ? 1 : 0.01;
      out.push(operand - step, operand);
      if (!t.row.bound.inclusive) out.push(operand + step);
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

/** Proposed routing cases, as YAML text for map/tests/. */
export function suggestCases(model: Model, object: RoutedObject, now: Date): string {
  const fields = fieldLookupOf(model);
  const seen = new Set<string>();
  const cases: string[] = [];
  for (const rule of model.map.routing) {
    if (!isRule(rule) || isFallback(rule) || !covers(rule, object)) continue;
    const scope = scopeOf(model, rule);
    const base = exampleRecord(scope, fields, now);
    if (!base) continue;
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
