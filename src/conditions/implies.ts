// Sound, conservative reasoning over conditions: `implies(a, b)` is true only when every record
// that satisfies `a` (as `evaluate` decides it) satisfies `b`. It answers false whenever it cannot
// prove that, so a rule built on it may miss a finding but never invents one.
import type { Condition, FieldTest, FieldType } from '../model/types.js';
import { durationMs, type FieldLookup } from './index.js';

/** A field test, possibly negated, after `not` has been pushed down to the tests. */
interface Literal {
  test: FieldTest;
  op: string; // the operator `evaluate` reads (it checks them in this order)
  negated: boolean;
}

type Conjunct = Literal[];

/** Beyond this many disjuncts the question is not worth answering: say "not proven". */
const MAX_DISJUNCTS = 512;

const EVAL_ORDER = ['present', 'equals', 'notEquals', 'in', 'notIn', 'matches', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'within', 'olderThan'] as const;

// exact complements under `evaluate`: not(equals x) holds exactly when notEquals x does
const COMPLEMENT: Record<string, string> = { equals: 'notEquals', notEquals: 'equals', in: 'notIn', notIn: 'in' };

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Disjunctive normal form of `c` (negated when `neg`), or undefined when it grows too large. */
function dnf(c: unknown, neg: boolean): Conjunct[] | undefined {
  if (!isObj(c)) return [[opaque(neg)]];
  // evaluate() looks for all, then any, then not, then a field test
  if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const items = Array.isArray(c[key]) ? (c[key] as unknown[]) : [];
    const conjunctive = (key === 'all') !== neg; // all, or not(any) = all of the negations
    const parts = items.map((x) => dnf(x, neg));
    if (parts.some((p) => p === undefined)) return undefined;
    const lists = parts as Conjunct[][];
    if (!conjunctive) {
      const out = lists.flat();
      return out.length > MAX_DISJUNCTS ? undefined : out; // empty any = false = no disjunct
    }
    let acc: Conjunct[] = [[]]; // empty all = true
    for (const p of lists) {
      const next: Conjunct[] = [];
      for (const a of acc) for (const b of p) next.push([...a, ...b]);
      if (next.length > MAX_DISJUNCTS) return undefined;
      acc = next;
    }
    return acc;
  }
  if ('not' in c) return dnf(c.not, !neg);
  return [[literal(c as unknown as FieldTest, neg)]];
}

let opaqueCount = 0;
/** Something that is not a condition: an unknown truth value, related to nothing else. */
function opaque(neg: boolean): Literal {
  return { test: { field: `\u0000opaque${opaqueCount++}` } as FieldTest, op: 'opaque', negated: neg };
}

function literal(t: FieldTest, neg: boolean): Literal {
  const op = EVAL_ORDER.find((o) => (t as unknown as Record<string, unknown>)[o] !== undefined);
  if (op === undefined || typeof t.field !== 'string') {
    // evaluate() returns false for a test with no operator it knows
    return { test: t, op: 'false', negated: neg };
  }
  if (neg && COMPLEMENT[op]) {
    const other = COMPLEMENT[op]!;
    return { test: { field: t.field, [other]: (t as unknown as Record<string, unknown>)[op] } as unknown as FieldTest, op: other, negated: false };
  }
  if (neg && op === 'present' && typeof t.present === 'boolean') return { test: { field: t.field, present: !t.present }, op, negated: false };
  return { test: t, op, negated: neg };
}

function valueOf(l: Literal): unknown {
  return (l.test as unknown as Record<string, unknown>)[l.op];
}

function keyOf(l: Literal): string {
  return `${l.test.field}\u0000${l.op}\u0000${JSON.stringify(valueOf(l))}`;
}

const COMPARISONS = new Set(['greaterThan', 'atLeast', 'lessThan', 'atMost']);
// operators whose positive form needs a non-empty value (evaluate returns false on empty)
const NEEDS_VALUE = new Set(['equals', 'in', 'matches', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'within', 'olderThan']);

/** The value compare() in conditions/index.ts would compare against, by field type. */
function bound(v: unknown, type: FieldType | undefined): number {
  if (typeof v !== 'string' && typeof v !== 'number') return NaN;
  if (type === 'date' || type === 'datetime') return Date.parse(String(v));
  return typeof v === 'number' ? v : Number(v);
}

interface Interval { lo: number; loIn: boolean; hi: number; hiIn: boolean }

function narrow(iv: Interval, op: string, n: number): void {
  if (op === 'greaterThan' || op === 'atLeast') {
    const inc = op === 'atLeast';
    if (n > iv.lo || (n === iv.lo && !inc)) { iv.lo = n; iv.loIn = inc; }
  } else {
    const inc = op === 'atMost';
    if (n < iv.hi || (n === iv.hi && !inc)) { iv.hi = n; iv.hiIn = inc; }
  }
}

function inInterval(iv: Interval, n: number): boolean {
  return (n > iv.lo || (n === iv.lo && iv.loIn)) && (n < iv.hi || (n === iv.hi && iv.hiIn));
}

function emptyInterval(iv: Interval): boolean {
  return iv.lo > iv.hi || (iv.lo === iv.hi && !(iv.loIn && iv.hiIn));
}

/** The JS type `same()` compares with; values of one type are mutually exclusive. */
function sameKind(v: unknown): 'string' | 'number' | 'boolean' | undefined {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : undefined;
}

/** True only when no record satisfies every literal of the conjunct. */
function unsatisfiable(conj: Conjunct, fields: FieldLookup): boolean {
  const keys = new Set<string>();
  for (const l of conj) {
    if (l.op === 'false' && !l.negated) return true;
    const k = keyOf(l);
    if (keys.has(`${k}\u0000${!l.negated}`)) return true; // L and not L
    keys.add(`${k}\u0000${l.negated}`);
  }
  const byField = new Map<string, Literal[]>();
  for (const l of conj) {
    if (l.op === 'opaque' || l.op === 'false') continue;
    byField.set(l.test.field, [...(byField.get(l.test.field) ?? []), l]);
  }
  for (const [field, lits] of byField) if (fieldUnsatisfiable(lits, fields(field)?.type)) return true;
  return false;
}

function fieldUnsatisfiable(lits: Literal[], type: FieldType | undefined): boolean {
  const pos = lits.filter((l) => !l.negated);
  const neg = lits.filter((l) => l.negated);
  const mustEmpty = pos.some((l) => l.op === 'present' && l.test.present === false);
  const mustValue = pos.some((l) => NEEDS_VALUE.has(l.op) || (l.op === 'present' && l.test.present === true));
  if (mustEmpty && mustValue) return true;

  // equality: the values a record may equal, by same() semantics; only when every value
  // compared is of one JS type, so that equal-to-one excludes equal-to-another
  const eqLits = pos.filter((l) => ['equals', 'notEquals', 'in', 'notIn'].includes(l.op));
  const eqValues = eqLits.flatMap((l) => (l.op === 'in' || l.op === 'notIn' ? (Array.isArray(valueOf(l)) ? (valueOf(l) as unknown[]) : [undefined]) : [valueOf(l)]));
  const kinds = new Set(eqValues.map(sameKind));
  let allowed: Set<unknown> | undefined;
  const excluded = new Set<unknown>();
  const oneKind = kinds.size === 1 && !kinds.has(undefined) ? [...kinds][0] : undefined;
  if (oneKind !== undefined) {
    for (const l of eqLits) {
      const vs = l.op === 'in' || l.op === 'notIn' ? (valueOf(l) as unknown[]) : [valueOf(l)];
      if (l.op === 'equals' || l.op === 'in') {
        allowed = allowed === undefined ? new Set(vs) : new Set(vs.filter((v) => allowed!.has(v)));
      } else for (const v of vs) excluded.add(v);
    }
    if (allowed !== undefined && [...allowed].every((v) => excluded.has(v))) return true;
  }

  // ranges: a positive comparison proves the value is comparable (a number, or a parseable
  // date), and so does equality with a number on a non-date field (same() and compare() both
  // read Number(value) there)
  const numericEq = type !== 'date' && type !== 'datetime' && oneKind === 'number' && allowed !== undefined;
  const cmps = pos.filter((l) => COMPARISONS.has(l.op));
  if (cmps.length > 0 || numericEq) {
    const iv: Interval = { lo: -Infinity, loIn: false, hi: Infinity, hiIn: false };
    for (const l of cmps) {
      const n = bound(valueOf(l), type);
      if (Number.isNaN(n)) return true; // compare() is undefined, so the test is always false
      narrow(iv, l.op, n);
    }
    // the value is comparable, so not(x > n) means x <= n, and so on
    const flip: Record<string, string> = { greaterThan: 'atMost', atLeast: 'lessThan', lessThan: 'atLeast', atMost: 'greaterThan' };
    for (const l of neg.filter((x) => COMPARISONS.has(x.op))) {
      const n = bound(valueOf(l), type);
      if (Number.isNaN(n)) continue; // not(always false) is always true
      narrow(iv, flip[l.op]!, n);
    }
    if (emptyInterval(iv)) return true;
    if (type !== 'date' && type !== 'datetime' && oneKind === 'number') {
      if (allowed !== undefined && [...allowed].every((v) => !inInterval(iv, v as number))) return true;
      if (iv.lo === iv.hi && excluded.has(iv.lo)) return true;
    }
  }

  // age windows: within d means age in [0, d]; olderThan d means age > d
  const within = pos.filter((l) => l.op === 'within').map((l) => durationMs(String(valueOf(l))));
  const older = pos.filter((l) => l.op === 'olderThan').map((l) => durationMs(String(valueOf(l))));
  if (within.some(Number.isNaN) || older.some(Number.isNaN)) return false;
  const maxAge = within.length ? Math.min(...within) : Infinity;
  const minAge = older.length ? Math.max(...older) : -Infinity; // exclusive
  if (minAge >= maxAge) return true;
  for (const l of neg) {
    const d = durationMs(String(valueOf(l)));
    if (Number.isNaN(d)) continue;
    // not(within d) while age is in [0, maxAge] with maxAge <= d: impossible
    if (l.op === 'within' && within.length > 0 && maxAge <= d) return true;
    // not(olderThan d) while age > minAge >= d: impossible
    if (l.op === 'olderThan' && older.length > 0 && minAge >= d) return true;
  }
  return false;
}

/**
 * True only when every record satisfying `a` also satisfies `b`. A missing condition is one
 * that always holds. Sound (never true when some record satisfies a but not b) and
 * conservative: false whenever the answer cannot be proven.
 */
export function implies(a: Condition | undefined, b: Condition | undefined, fields: FieldLookup): boolean {
  if (b === undefined) return true;
  // a implies b exactly when (a and not b) has no record
  const left = a === undefined ? [[]] : dnf(a, false);
  const right = dnf(b, true);
  if (!left || !right) return false;
  if (left.length * right.length > MAX_DISJUNCTS * 4) return false;
  for (const x of left) for (const y of right) if (!unsatisfiable([...x, ...y], fields)) return false;
  return true;
}

/** True only when no record can satisfy the condition (it contradicts itself). */
export function neverHolds(a: Condition | undefined, fields: FieldLookup): boolean {
  if (a === undefined) return false;
  const d = dnf(a, false);
  return d !== undefined && d.every((c) => unsatisfiable(c, fields));
}

/** `all` of the conditions that are given; undefined (always true) when none is. */
export function conjunction(...cs: (Condition | undefined)[]): Condition | undefined {
  const given = cs.filter((c): c is Condition => c !== undefined);
  if (given.length === 0) return undefined;
  return given.length === 1 ? given[0] : { all: given };
}
