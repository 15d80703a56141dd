// A record on which a condition is true, found by trying the values its own tests name (and
// their neighbours) field by field. Used to rule out implications cheaply: if `a` is true on the
// example and `b` is not, `a` cannot imply `b`.
import type { Condition } from '../model/types.js';
import { compile, type DataRecord, type FieldLookup, type RecordValue } from './index.js';
import { type Literal, type NormalForm, normalForm } from './implies.js';
import { isDateType, type Scalar, type Verdict } from './operators.js';

const DAY = 86_400_000;
/** How many disjuncts to try before giving up. */
const TRIES = 8;

const iso = (ms: number): string | undefined => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : undefined);

export function candidates(lits: Literal[], now: number): RecordValue[] {
  const out: RecordValue[] = [undefined];
  const push = (v: RecordValue): void => {
    if (v !== undefined && !out.includes(v)) out.push(v);
  };
  for (const l of lits) {
    // a plain word before the pattern's own text: an example that must not match reads as data, not as a regex
    if (l.row.operand === 'pattern') push('example');
    for (const v of Array.isArray(l.operand) ? l.operand : [l.operand]) {
      if (typeof v === 'string' || typeof v === 'number') push(v);
      if (typeof v === 'boolean') {
        push(v);
        push(!v);
      }
    }
    if (l.row.bound) {
      const b = (l.prepared as { b: number }).b;
      const near = isDateType(l.type) ? [b, b + 1, b - 1, b + DAY, b - DAY].map(iso) : [b, b + 1, b - 1, b + 0.5, b - 0.5];
      near.forEach(push);
    }
    if (l.row.age) {
      const d = l.prepared as number;
      [now - d / 2, now - d - DAY, now - 2 * d - DAY, now + DAY, now].map(iso).forEach(push);
    }
  }
  push('\u0000other');
  return out;
}

export function satisfies(l: Literal, v: RecordValue, test: (v: Scalar) => Verdict): boolean {
  const missing = v === undefined || v === null || v === '';
  const verdict = missing ? l.row.onMissing?.(l.prepared) : test(v as Scalar);
  switch (l.sense) {
    case 'true':
      return verdict === true;
    case 'false':
      return verdict === false;
    case 'notTrue':
      return verdict !== true;
    case 'notFalse':
      return verdict !== false;
  }
}

/** A record on which `cond` is true at `now`, or undefined when none was found (not a proof that none exists). */
export function exampleRecord(
  cond: Condition | undefined,
  fields: FieldLookup,
  now: Date = new Date(),
  form: NormalForm = normalForm(cond, fields),
): DataRecord | undefined {
  if (cond === undefined) return {};
  const holds = form.holds;
  if (!holds) return undefined;
  const at = now.getTime();
  const check = compile(cond, fields, now);
  for (const conj of holds.slice(0, TRIES)) {
    if (conj.never) continue;
    const record: DataRecord = {};
    let found = true;
    for (const [field, lits] of conj.byField) {
      const values = candidates(lits, at);
      const tests = lits.map((l) => l.row.tester(l.prepared, at));
      const i = values.findIndex((c) => lits.every((l, k) => satisfies(l, c, tests[k]!)));
      if (i < 0) {
        found = false;
        break;
      }
      if (values[i] !== undefined) record[field] = values[i];
    }
    if (found && check(record) === true) return record;
  }
  return undefined;
}

/** One field changed to make a condition hold: `to` undefined means "leave it empty". */
export interface Change {
  field: string;
  from: RecordValue;
  to: RecordValue;
}

/**
 * The smallest change to `record` (fewest fields) found that makes `cond` true, trying the
 * values the condition's own tests name and their neighbours; undefined when none was found
 * (not a proof that none exists: a regular expression, say, names no value that matches it).
 */
export function nearestChange(
  cond: Condition | undefined,
  record: DataRecord,
  fields: FieldLookup,
  now: Date = new Date(),
  form: NormalForm = normalForm(cond, fields),
): Change[] | undefined {
  if (cond === undefined) return [];
  const holds = form.holds;
  if (!holds) return undefined;
  const at = now.getTime();
  const check = compile(cond, fields, now);
  let best: Change[] | undefined;
  for (const conj of holds) {
    if (conj.never) continue;
    const changes: Change[] = [];
    let found = true;
    for (const [field, lits] of conj.byField) {
      const tests = lits.map((l) => l.row.tester(l.prepared, at));
      const current = record[field] === null || record[field] === '' ? undefined : record[field];
      if (lits.every((l, k) => satisfies(l, current, tests[k]!))) continue;
      // the declared values of an enum before the stand-in for "any other value"
      const values = fields(field)?.values ?? [];
      const pool = candidates(lits, at).map((c) => (c === '\u0000other' ? 'other' : c));
      pool.splice(pool.length - 1, values.length ? 1 : 0, ...values.filter((x) => !pool.includes(x)));
      const v = pool.find((c) => lits.every((l, k) => satisfies(l, c, tests[k]!)));
      if (v === undefined && !lits.every((l, k) => satisfies(l, undefined, tests[k]!))) {
        found = false;
        break;
      }
      changes.push({ field, from: current, to: v });
    }
    if (!found || (best && changes.length >= best.length)) continue;
    const changed: DataRecord = { ...record };
    for (const c of changes) changed[c.field] = c.to;
    if (check(changed) === true) best = changes;
  }
  return best;
}
