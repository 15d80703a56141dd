// The one condition language: type-check against declared fields, compile and evaluate against a
// record (true, false or unknown), describe in words. Operators are rows of ./operators.ts.
import { listOr } from '../diagnostic.js';
import type { Condition, Field } from '../model/types.js';
import { didYouMean } from '../suggest.cjs';
import { type Operator, type Verdict, isDateType, OPERATORS, OPERATORS_BY_TYPE, orderOf, otherField } from './operators.js';
import { type Node, parse } from './parse.js';
import { isObject } from '../text.js';

export {
  durationMs,
  humanDuration,
  otherField,
  OPERATOR_TABLE,
  OPERATORS,
  OPERATORS_BY_TYPE,
  type Operator,
  type OperatorRow,
  type Verdict,
} from './operators.js';

const COMBINATORS = ['all', 'any', 'not'] as const;

export interface ConditionIssue {
  ruleId: 'ref/unresolved' | 'condition/shape' | 'condition/type-mismatch' | 'condition/unknown-value' | 'condition/invalid-regex';
  /** Path relative to the condition. */
  path: (string | number)[];
  target: 'key' | 'value';
  message: string;
}

export type FieldLookup = (id: string) => Field | undefined;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Every problem in a condition; an empty list means it can be evaluated. */
export function typecheck(cond: unknown, fields: FieldLookup, fieldIds: () => Iterable<string>, fieldsFile?: string): ConditionIssue[] {
  const out: ConditionIssue[] = [];
  const walk = (c: unknown, path: (string | number)[]): void => {
    if (!isObject(c)) return; // the schema reports non-objects
    const keys = Object.keys(c);
    const combos = keys.filter((k) => (COMBINATORS as readonly string[]).includes(k));
    const ops = keys.filter((k) => (OPERATORS as readonly string[]).includes(k)) as Operator[];
    if (combos.length > 0) {
      if (combos.length > 1 || keys.length > 1) {
        out.push({
          ruleId: 'condition/shape',
          path: [...path, keys.find((k) => k !== combos[0]) ?? combos[0]!],
          target: 'key',
          message: `A condition with \`${combos[0]}\` takes no other keys, but this one also has ${listOr(keys.filter((k) => k !== combos[0]))}. Nest the other test inside the \`${combos[0]}\` list.`,
        });
      }
      for (const k of combos) {
        const v = c[k];
        if (k === 'not') walk(v, [...path, 'not']);
        else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, k, i]));
      }
      return;
    }
    if (!('field' in c)) {
      out.push({
        ruleId: 'condition/shape',
        path,
        target: 'value',
        message: `This condition names no \`field\`. A test is \`field: <field id>\` plus one operator; combine tests with \`all\`, \`any\` or \`not\`.`,
      });
      return;
    }
    if (ops.length !== 1) {
      out.push(
        ops.length === 0
          ? {
              ruleId: 'condition/shape',
              path: [...path, 'field'],
              target: 'key',
              message: `The test of \`${String(c.field)}\` has no operator. Add one of ${listOr([...OPERATORS])}.`,
            }
          : {
              ruleId: 'condition/shape',
              path: [...path, ops[1]!],
              target: 'key',
              message: `The test of \`${String(c.field)}\` has ${ops.length} operators (${listOr(ops)}); a test takes exactly one. Write one test per operator inside \`all:\`.`,
            },
      );
      return;
    }
    if (typeof c.field !== 'string') return;
    const field = fields(c.field);
    if (!field) {
      out.push({
        ruleId: 'ref/unresolved',
        path: [...path, 'field'],
        target: 'value',
        message: `condition reads field \`${c.field}\`, which the data standards do not declare.${didYouMean(c.field, fieldIds())} Declare it under \`fields:\`${fieldsFile ? ` (${fieldsFile})` : ''} with a type and an owner.`,
      });
      return;
    }
    const node = parse(c);
    if (node.kind !== 'test') return;
    const { op, row } = node;
    const allowed = OPERATORS_BY_TYPE[field.type];
    if (!allowed) return; // the field's own type is invalid: the schema reports that, once
    if (!allowed.includes(op)) {
      out.push({
        ruleId: 'condition/type-mismatch',
        path: [...path, op],
        target: 'key',
        message: `\`${field.id}\` is a ${field.type} field; \`${op}\` does not apply to it. Use ${listOr(allowed)}.`,
      });
      return;
    }
    if (row.operand === 'flag' || row.operand === 'duration') return; // the schema checks their shape
    const value = c[op];
    const valuePath = [...path, op];
    const other = row.operand === 'bound' ? otherField(value) : undefined;
    if (other !== undefined) {
      const o = fields(other);
      if (!o) {
        out.push({
          ruleId: 'ref/unresolved',
          path: [...valuePath, 'field'],
          target: 'value',
          message: `condition compares \`${field.id}\` with field \`${other}\`, which the data standards do not declare.${didYouMean(other, fieldIds())} Declare it under \`fields:\`${fieldsFile ? ` (${fieldsFile})` : ''} with a type and an owner.`,
        });
      } else if (isDateType(field.type) !== isDateType(o.type) || !OPERATORS_BY_TYPE[o.type]?.includes(op)) {
        out.push({
          ruleId: 'condition/type-mismatch',
          path: [...valuePath, 'field'],
          target: 'value',
          message: `\`${field.id}\` is a ${field.type} field and \`${o.id}\` a ${o.type} field; \`${op}\` compares two numbers or two dates. Compare \`${field.id}\` with a field of the same kind.`,
        });
      }
      return;
    }
    const bad = (msg: string, p: (string | number)[] = valuePath, ruleId: ConditionIssue['ruleId'] = 'condition/type-mismatch'): void => {
      out.push({ ruleId, path: p, target: 'value', message: msg });
    };
    const list = row.operand === 'values';
    const values = list ? (Array.isArray(value) ? value : [value]) : [value];
    values.forEach((v, i) => {
      const p = list ? [...valuePath, i] : valuePath;
      const shown = typeof v === 'string' ? `the text \`${v}\`` : `\`${String(v)}\``;
      if (row.operand === 'pattern') {
        if (typeof v === 'string') {
          try {
            new RegExp(v, 'i');
          } catch (err) {
            bad(
              `\`${v}\` is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')}). Escape special characters with \\\\.`,
              p,
              'condition/invalid-regex',
            );
          }
        }
        return;
      }
      switch (field.type) {
        case 'number':
        case 'currency':
        case 'percent':
          if (typeof v !== 'number')
            bad(`\`${field.id}\` is a ${field.type} field, but \`${op}\` compares it with ${shown}. Write a number without quotes.`, p);
          break;
        case 'boolean':
          if (typeof v !== 'boolean') bad(`\`${field.id}\` is a boolean field; compare it with \`true\` or \`false\`, not ${shown}.`, p);
          break;
        case 'date':
        case 'datetime':
          if (typeof v !== 'string' || !ISO_DATE.test(v) || Number.isNaN(Date.parse(v)))
            bad(
              `\`${field.id}\` is a ${field.type} field; compare it with an ISO date like \`2026-01-31\`, not ${shown}. For "in the last N days" use \`within: 30d\`.`,
              p,
            );
          break;
        case 'enum':
          if (typeof v !== 'string')
            bad(`\`${field.id}\` is an enum field; compare it with one of its values (${listOr(field.values ?? [])}), not ${shown}.`, p);
          else if (field.values && !field.values.includes(v))
            bad(
              `\`${v}\` is not an allowed value of \`${field.id}\`.${didYouMean(v, field.values)} Allowed: ${listOr(field.values)}.`,
              p,
              'condition/unknown-value',
            );
          break;
        default:
          if (typeof v !== 'string')
            bad(`\`${field.id}\` is a ${field.type} field, but \`${op}\` compares it with ${shown}. Quote the value to compare text.`, p);
      }
    });
  };
  walk(cond, []);
  return out;
}

export type RecordValue = string | number | boolean | null | undefined;
export type DataRecord = Record<string, RecordValue>;

/** A compiled condition: true, false, or undefined (unknown) when the record's data cannot decide it. */
export type Compiled = (record: DataRecord) => Verdict;

const unknown: Compiled = () => undefined;
const always: Compiled = () => true;

/**
 * Compiles a condition once: field types are looked up, constant dates parsed and regular
 * expressions built here, not per record. A missing condition always holds. `now` is the
 * evaluation time of `within` and `olderThan`.
 */
export function compile(cond: Condition | undefined, fields: FieldLookup, now: Date = new Date()): Compiled {
  return cond === undefined ? always : compileNode(parse(cond), fields, now.getTime());
}

function compileNode(n: Node, fields: FieldLookup, now: number): Compiled {
  switch (n.kind) {
    case 'invalid':
      return unknown;
    case 'not': {
      const f = compileNode(n.item, fields, now);
      return (r) => {
        const v = f(r);
        return v === undefined ? undefined : !v;
      };
    }
    case 'all':
    case 'any': {
      // Kleene: `all` is false when one item is false, `any` true when one is true; else unknown if one is
      const fs = n.items.map((x) => compileNode(x, fields, now));
      const decisive = n.kind === 'any';
      return (r) => {
        let open = false;
        for (const f of fs) {
          const v = f(r);
          if (v === decisive) return decisive;
          if (v === undefined) open = true;
        }
        return open ? undefined : !decisive;
      };
    }
    case 'test': {
      const { row, field } = n;
      const other = row.holds ? otherField(n.operand) : undefined;
      if (other !== undefined) return compareFields(field, other, row.holds!, fields);
      const prepared = row.prepare(n.operand, fields(field)?.type);
      if (prepared === undefined) return unknown;
      const test = row.tester(prepared, now);
      const onMissing = row.onMissing ? row.onMissing(prepared) : undefined;
      return (r) => {
        const v = r[field];
        // empty, or not a value at all (a nested object, or a name inherited from Object.prototype)
        if (v === undefined || v === '' || typeof v === 'object' || typeof v === 'function') return onMissing;
        return test(v);
      };
    }
  }
}

const missing = (v: RecordValue): boolean => v === undefined || v === null || v === '' || typeof v === 'object' || typeof v === 'function';

/** One field compared with another (`close-date` lessThan `contract-end`): unknown when either is empty or unreadable. */
function compareFields(field: string, other: string, holds: (d: number) => boolean, fields: FieldLookup): Compiled {
  const ta = fields(field)?.type;
  const tb = fields(other)?.type;
  // a date against a number, or a field that is not declared: never decided
  if (ta === undefined || tb === undefined || isDateType(ta) !== isDateType(tb)) return unknown;
  return (r) => {
    const va = r[field];
    const vb = r[other];
    if (missing(va) || missing(vb)) return undefined;
    const a = orderOf(va, ta);
    const b = orderOf(vb, tb);
    return Number.isNaN(a) || Number.isNaN(b) ? undefined : holds(a - b);
  };
}

/** Evaluates a condition against one record (field id -> value). Compile once to evaluate many. */
export function evaluate(cond: Condition, record: DataRecord, fields: FieldLookup, now: Date = new Date()): Verdict {
  return compile(cond, fields, now)(record);
}

/** The condition in plain English: "Employees is at least 200 and Region is EMEA". */
export function describe(cond: Condition, fieldName: (id: string) => string = (id) => id): string {
  const inner = (n: Node, nested: boolean): string => {
    switch (n.kind) {
      case 'all':
      case 'any': {
        const s = n.items.map((x) => inner(x, true)).join(n.kind === 'all' ? ' and ' : ' or ');
        return nested && n.items.length > 1 ? `(${s})` : s;
      }
      case 'not':
        return `not ${inner(n.item, true)}`;
      case 'test': {
        const other = otherField(n.operand);
        return n.row.describe(fieldName(n.field), other !== undefined ? { field: fieldName(other) } : n.operand);
      }
      case 'invalid':
        return n.field !== undefined ? fieldName(n.field) : 'an unreadable condition';
    }
  };
  return inner(parse(cond), false);
}

/** Field ids a condition reads. */
export function fieldsRead(cond: Condition | undefined, out: Set<string> = new Set()): Set<string> {
  if (!cond || typeof cond !== 'object') return out;
  if ('all' in cond && Array.isArray(cond.all)) cond.all.forEach((c) => fieldsRead(c, out));
  else if ('any' in cond && Array.isArray(cond.any)) cond.any.forEach((c) => fieldsRead(c, out));
  else if ('not' in cond) fieldsRead(cond.not, out);
  else if (typeof (cond as { field?: unknown }).field === 'string') {
    out.add((cond as { field: string }).field);
    for (const v of Object.values(cond)) {
      const other = otherField(v);
      if (other !== undefined) out.add(other);
    }
  }
  return out;
}
