// The one condition language: type-check against declared fields, evaluate against a record,
// describe in words.
import { listOr } from '../diagnostic.js';
import type { Condition, Field, FieldTest, FieldType } from '../model/types.js';
import { didYouMean } from '../suggest.js';

export const OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'present', 'matches', 'within', 'olderThan'] as const;
export type Operator = (typeof OPERATORS)[number];
const COMBINATORS = ['all', 'any', 'not'] as const;

const TEXT_OPS: Operator[] = ['equals', 'notEquals', 'in', 'notIn', 'matches', 'present'];
const NUMBER_OPS: Operator[] = ['equals', 'notEquals', 'in', 'notIn', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'present'];
const DATE_OPS: Operator[] = ['equals', 'notEquals', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'within', 'olderThan', 'present'];
export const OPERATORS_BY_TYPE: Record<FieldType, Operator[]> = {
  text: TEXT_OPS, email: TEXT_OPS, url: TEXT_OPS,
  enum: ['equals', 'notEquals', 'in', 'notIn', 'present'],
  number: NUMBER_OPS, currency: NUMBER_OPS, percent: NUMBER_OPS,
  boolean: ['equals', 'notEquals', 'present'],
  date: DATE_OPS, datetime: DATE_OPS,
};

export interface ConditionIssue {
  ruleId: 'ref/unresolved' | 'condition/shape' | 'condition/type-mismatch' | 'condition/unknown-value' | 'condition/invalid-regex';
  /** Path relative to the condition. */
  path: (string | number)[];
  target: 'key' | 'value';
  message: string;
}

export type FieldLookup = (id: string) => Field | undefined;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Every problem in a condition; an empty list means it can be evaluated. */
export function typecheck(cond: unknown, fields: FieldLookup, fieldIds: () => Iterable<string>, fieldsFile?: string): ConditionIssue[] {
  const out: ConditionIssue[] = [];
  const walk = (c: unknown, path: (string | number)[]): void => {
    if (!isObj(c)) return; // the schema reports non-objects
    const keys = Object.keys(c);
    const combos = keys.filter((k) => (COMBINATORS as readonly string[]).includes(k));
    const ops = keys.filter((k) => (OPERATORS as readonly string[]).includes(k)) as Operator[];
    if (combos.length > 0) {
      if (combos.length > 1 || keys.length > 1) {
        out.push({ ruleId: 'condition/shape', path: [...path, keys.find((k) => k !== combos[0]) ?? combos[0]!], target: 'key', message: `A condition with \`${combos[0]}\` takes no other keys, but this one also has ${listOr(keys.filter((k) => k !== combos[0]))}. Nest the other test inside the \`${combos[0]}\` list.` });
      }
      for (const k of combos) {
        const v = c[k];
        if (k === 'not') walk(v, [...path, 'not']);
        else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, k, i]));
      }
      return;
    }
    if (!('field' in c)) {
      out.push({ ruleId: 'condition/shape', path, target: 'value', message: `This condition names no \`field\`. A test is \`field: <field id>\` plus one operator; combine tests with \`all\`, \`any\` or \`not\`.` });
      return;
    }
    if (ops.length !== 1) {
      out.push(ops.length === 0
        ? { ruleId: 'condition/shape', path: [...path, 'field'], target: 'key', message: `The test of \`${String(c.field)}\` has no operator. Add one of ${listOr([...OPERATORS])}.` }
        : { ruleId: 'condition/shape', path: [...path, ops[1]!], target: 'key', message: `The test of \`${String(c.field)}\` has ${ops.length} operators (${listOr(ops)}); a test takes exactly one. Write one test per operator inside \`all:\`.` });
      return;
    }
    if (typeof c.field !== 'string') return;
    const field = fields(c.field);
    if (!field) {
      out.push({ ruleId: 'ref/unresolved', path: [...path, 'field'], target: 'value', message: `condition reads field \`${c.field}\`, which the data standards do not declare.${didYouMean(c.field, fieldIds())} Declare it under \`fields:\`${fieldsFile ? ` (${fieldsFile})` : ''} with a type and an owner.` });
      return;
    }
    const op = ops[0]!;
    const allowed = OPERATORS_BY_TYPE[field.type];
    if (!allowed) return; // the field's own type is invalid: the schema reports that, once
    if (!allowed.includes(op)) {
      out.push({ ruleId: 'condition/type-mismatch', path: [...path, op], target: 'key', message: `\`${field.id}\` is a ${field.type} field; \`${op}\` does not apply to it. Use ${listOr(allowed)}.` });
      return;
    }
    const value = c[op];
    const valuePath = [...path, op];
    const bad = (msg: string, p: (string | number)[] = valuePath, ruleId: ConditionIssue['ruleId'] = 'condition/type-mismatch'): void => {
      out.push({ ruleId, path: p, target: 'value', message: msg });
    };
    const values = op === 'in' || op === 'notIn' ? (Array.isArray(value) ? value : [value]) : [value];
    if (op === 'present' || op === 'within' || op === 'olderThan') return; // the schema checks their shape
    values.forEach((v, i) => {
      const p = op === 'in' || op === 'notIn' ? [...valuePath, i] : valuePath;
      const shown = typeof v === 'string' ? `the text \`${v}\`` : `\`${String(v)}\``;
      switch (field.type) {
        case 'number': case 'currency': case 'percent':
          if (typeof v !== 'number') bad(`\`${field.id}\` is a ${field.type} field, but \`${op}\` compares it with ${shown}. Write a number without quotes.`, p);
          break;
        case 'boolean':
          if (typeof v !== 'boolean') bad(`\`${field.id}\` is a boolean field; compare it with \`true\` or \`false\`, not ${shown}.`, p);
          break;
        case 'date': case 'datetime':
          if (typeof v !== 'string' || !ISO_DATE.test(v) || Number.isNaN(Date.parse(v))) bad(`\`${field.id}\` is a ${field.type} field; compare it with an ISO date like \`2026-01-31\`, not ${shown}. For "in the last N days" use \`within: 30d\`.`, p);
          break;
        case 'enum':
          if (typeof v !== 'string') bad(`\`${field.id}\` is an enum field; compare it with one of its values (${listOr(field.values ?? [])}), not ${shown}.`, p);
          else if (field.values && !field.values.includes(v)) bad(`\`${v}\` is not an allowed value of \`${field.id}\`.${didYouMean(v, field.values)} Allowed: ${listOr(field.values)}.`, p, 'condition/unknown-value');
          break;
        default:
          if (op === 'matches') {
            if (typeof v === 'string') {
              try { new RegExp(v, 'i'); } catch (err) { bad(`\`${v}\` is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')}). Escape special characters with \\\\.`, p, 'condition/invalid-regex'); }
            }
          } else if (typeof v !== 'string') bad(`\`${field.id}\` is a ${field.type} field, but \`${op}\` compares it with ${shown}. Quote the value to compare text.`, p);
      }
    });
  };
  walk(cond, []);
  return out;
}

/** Milliseconds in a duration; business days count as days for evaluation. */
export function durationMs(d: string): number {
  const m = /^(\d+)(m|h|d|bd|w)$/.exec(d);
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = { m: 60e3, h: 3600e3, d: 86400e3, bd: 86400e3 * 7 / 5, w: 7 * 86400e3 }[m[2] as 'm' | 'h' | 'd' | 'bd' | 'w'];
  return n * unit;
}

export type RecordValue = string | number | boolean | null | undefined;
export type DataRecord = Record<string, RecordValue>;

function isEmpty(v: RecordValue): boolean {
  return v === undefined || v === null || v === '';
}

function compare(a: RecordValue, b: string | number, type: FieldType | undefined): number | undefined {
  if (isEmpty(a)) return undefined;
  if (type === 'date' || type === 'datetime') {
    const x = Date.parse(String(a));
    const y = Date.parse(String(b));
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : x - y;
  }
  const x = typeof a === 'number' ? a : Number(a);
  const y = typeof b === 'number' ? b : Number(b);
  return Number.isNaN(x) || Number.isNaN(y) ? undefined : x - y;
}

function same(a: RecordValue, b: string | number | boolean): boolean {
  if (isEmpty(a)) return false;
  if (typeof b === 'number') return Number(a) === b;
  if (typeof b === 'boolean') return a === b || String(a).toLowerCase() === String(b);
  return String(a) === b;
}

/** Evaluates a type-checked condition against a record (field id -> value). */
export function evaluate(cond: Condition, record: DataRecord, fields: FieldLookup, now: Date = new Date()): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, record, fields, now));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, record, fields, now));
  if ('not' in cond) return !evaluate(cond.not, record, fields, now);
  const t = cond as FieldTest;
  const v = record[t.field];
  const type = fields(t.field)?.type;
  if (t.present !== undefined) return t.present !== isEmpty(v);
  if (t.equals !== undefined) return same(v, t.equals);
  if (t.notEquals !== undefined) return !same(v, t.notEquals);
  if (t.in !== undefined) return t.in.some((x) => same(v, x));
  if (t.notIn !== undefined) return !t.notIn.some((x) => same(v, x));
  if (t.matches !== undefined) return !isEmpty(v) && new RegExp(t.matches, 'i').test(String(v));
  const cmp = (b: string | number, ok: (n: number) => boolean): boolean => {
    const r = compare(v, b, type);
    return r !== undefined && ok(r);
  };
  if (t.greaterThan !== undefined) return cmp(t.greaterThan, (n) => n > 0);
  if (t.atLeast !== undefined) return cmp(t.atLeast, (n) => n >= 0);
  if (t.lessThan !== undefined) return cmp(t.lessThan, (n) => n < 0);
  if (t.atMost !== undefined) return cmp(t.atMost, (n) => n <= 0);
  if (t.within !== undefined || t.olderThan !== undefined) {
    if (isEmpty(v)) return false;
    const at = Date.parse(String(v));
    if (Number.isNaN(at)) return false;
    const age = now.getTime() - at;
    return t.within !== undefined ? age >= 0 && age <= durationMs(t.within) : age > durationMs(t.olderThan!);
  }
  return false;
}

/** The condition in plain English: "Employees is at least 200 and Region is EMEA". */
export function describe(cond: Condition, fieldName: (id: string) => string = (id) => id): string {
  const inner = (c: Condition, nested: boolean): string => {
    if ('all' in c) {
      const s = c.all.map((x) => inner(x, true)).join(' and ');
      return nested && c.all.length > 1 ? `(${s})` : s;
    }
    if ('any' in c) {
      const s = c.any.map((x) => inner(x, true)).join(' or ');
      return nested && c.any.length > 1 ? `(${s})` : s;
    }
    if ('not' in c) return `not ${inner(c.not, true)}`;
    const t = c as FieldTest;
    const f = fieldName(t.field);
    const q = (v: unknown): string => (typeof v === 'string' ? v : String(v));
    const list = (vs: unknown[]): string => (vs.length === 1 ? q(vs[0]) : `${vs.slice(0, -1).map(q).join(', ')} or ${q(vs[vs.length - 1])}`);
    if (t.present !== undefined) return t.present ? `${f} is recorded` : `${f} is empty`;
    if (t.equals !== undefined) return t.equals === true ? `${f} is yes` : t.equals === false ? `${f} is no` : `${f} is ${q(t.equals)}`;
    if (t.notEquals !== undefined) return `${f} is not ${q(t.notEquals)}`;
    if (t.in !== undefined) return `${f} is ${list(t.in)}`;
    if (t.notIn !== undefined) return `${f} is not ${list(t.notIn)}`;
    if (t.greaterThan !== undefined) return `${f} is more than ${q(t.greaterThan)}`;
    if (t.atLeast !== undefined) return `${f} is at least ${q(t.atLeast)}`;
    if (t.lessThan !== undefined) return `${f} is less than ${q(t.lessThan)}`;
    if (t.atMost !== undefined) return `${f} is at most ${q(t.atMost)}`;
    if (t.matches !== undefined) return `${f} matches /${t.matches}/`;
    if (t.within !== undefined) return `${f} is within the last ${humanDuration(t.within)}`;
    if (t.olderThan !== undefined) return `${f} is more than ${humanDuration(t.olderThan)} ago`;
    return f;
  };
  return inner(cond, false);
}

export function humanDuration(d: string): string {
  const m = /^(\d+)(m|h|d|bd|w)$/.exec(d);
  if (!m) return d;
  const n = Number(m[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day', bd: 'business day', w: 'week' }[m[2] as 'm'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Field ids a condition reads. */
export function fieldsRead(cond: Condition | undefined, out: Set<string> = new Set()): Set<string> {
  if (!cond || typeof cond !== 'object') return out;
  if ('all' in cond && Array.isArray(cond.all)) cond.all.forEach((c) => fieldsRead(c, out));
  else if ('any' in cond && Array.isArray(cond.any)) cond.any.forEach((c) => fieldsRead(c, out));
  else if ('not' in cond) fieldsRead(cond.not, out);
  else if (typeof (cond as FieldTest).field === 'string') out.add((cond as FieldTest).field);
  return out;
}
