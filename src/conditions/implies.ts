// Sound, conservative reasoning over conditions under three-valued evaluation: `implies(a, b)` is
// true only when every record on which `a` is true (as `compile` decides it) has `b` true. It
// answers false whenever it cannot prove that, so a rule built on it may miss a finding but never
// invents one. What each operator means here comes from its row in ./operators.ts.
import type { Condition, FieldType } from '../model/types.js';
import type { FieldLookup } from './index.js';
import { type OperatorRow, isDateType, OPERATOR_TABLE, otherField } from './operators.js';
import { type Node, parse } from './parse.js';

/** What a literal asserts about its test: true; false; not true (false or unknown); not false (true or unknown). */
type Sense = 'true' | 'false' | 'notTrue' | 'notFalse';

/** One field test with the sense it must have; `prepared` is the row's prepared operand. */
export interface Literal {
  field: string;
  type: FieldType | undefined;
  row: OperatorRow;
  operand: unknown;
  prepared: unknown;
  sense: Sense;
  key: string;
}

/** A conjunction of literals, grouped by field; `never` when it has no record on its own. */
export interface Conjunct {
  byField: Map<string, Literal[]>;
  never: boolean;
}

/**
 * A condition in disjunctive normal form, built once and reused across many implication
 * questions: `holds` describes the records on which it is true, `notHolds` those on which it is
 * false or unknown. Undefined when the form grew too large to be worth proving anything with.
 */
export interface NormalForm {
  readonly holds: Conjunct[] | undefined;
  readonly notHolds: Conjunct[] | undefined;
}

/** Beyond this many disjuncts the question is not worth answering: say "not proven". */
const MAX_DISJUNCTS = 512;

const OPPOSITE: Record<Sense, Sense> = { true: 'false', false: 'true', notTrue: 'notFalse', notFalse: 'notTrue' };

const ALWAYS: NormalForm = { holds: [{ byField: new Map(), never: false }], notHolds: [] };

/** The normal form of a condition; each side is built when first read (many callers need one). */
export function normalForm(cond: Condition | undefined, fields: FieldLookup): NormalForm {
  if (cond === undefined) return ALWAYS;
  const n = parse(cond);
  let holds: Conjunct[] | undefined | null = null;
  let notHolds: Conjunct[] | undefined | null = null;
  return {
    get holds() {
      return holds === null ? (holds = finish(dnf(n, 'true', fields))) : holds;
    },
    get notHolds() {
      return notHolds === null ? (notHolds = finish(dnf(n, 'notTrue', fields))) : notHolds;
    },
  };
}

/** True only when the condition holds for every record (`undefined` does). */
export function formAlwaysHolds(a: NormalForm): boolean {
  return impliesForms(ALWAYS, a);
}

/** Disjuncts of literals for "`n` has this sense"; [] when it never does, [[]] when it always does. */
function dnf(n: Node, sense: Sense, fields: FieldLookup): Literal[][] | undefined {
  switch (n.kind) {
    case 'invalid': // always unknown
      return sense === 'true' || sense === 'false' ? [] : [[]];
    case 'not':
      return dnf(n.item, OPPOSITE[sense], fields);
    case 'test': {
      const l = normalize(n.field, fields(n.field)?.type, n.row, n.operand, sense);
      return l === 'never' ? [] : l === 'always' ? [[]] : [[l]];
    }
    case 'all':
    case 'any': {
      // Kleene: `all` is true when every item is, false when some item is; `any` the other way round
      const every = (n.kind === 'all') === (sense === 'true' || sense === 'notFalse');
      const parts: Literal[][][] = [];
      for (const x of n.items) {
        const p = dnf(x, sense, fields);
        if (!p) return undefined;
        parts.push(p);
      }
      if (!every) {
        const out = parts.flat();
        return out.length > MAX_DISJUNCTS ? undefined : out;
      }
      let acc: Literal[][] = [[]];
      for (const p of parts) {
        const next: Literal[][] = [];
        for (const a of acc) for (const b of p) next.push([...a, ...b]);
        if (next.length > MAX_DISJUNCTS) return undefined;
        acc = next;
      }
      return acc;
    }
  }
}

/**
 * A literal in its simplest form: `present` is never unknown, so "not true" is "false"; a false
 * test with a complement is its complement, true. 'never'/'always' for a test that is always
 * unknown (an unusable operand).
 */
function normalize(
  field: string,
  type: FieldType | undefined,
  row: OperatorRow,
  operand: unknown,
  sense: Sense,
): Literal | 'never' | 'always' {
  // a comparison with another field: an opaque test, related only to the same test (as `matches` is)
  if (otherField(operand) !== undefined) {
    const opaque: OperatorRow = { ...row, bound: undefined, complement: undefined };
    return { field, type, row: opaque, operand, prepared: operand, sense, key: `${row.name}\u0000${JSON.stringify(operand)}` };
  }
  // an unusable operand first: the test is unknown on every record, whatever it would become
  let prepared = row.prepare(operand, type);
  if (prepared === undefined) return sense === 'true' || sense === 'false' ? 'never' : 'always';
  if (row.reads === 'anything' && (sense === 'notTrue' || sense === 'notFalse')) sense = sense === 'notTrue' ? 'false' : 'true';
  if (row.complement && (sense === 'false' || sense === 'notFalse')) {
    const [op, x] = row.complement(operand);
    row = OPERATOR_TABLE.get(op)!;
    operand = x;
    sense = sense === 'false' ? 'true' : 'notTrue';
    prepared = row.prepare(operand, type);
    if (prepared === undefined) return sense === 'true' ? 'never' : 'always';
  }
  return { field, type, row, operand, prepared, sense, key: `${row.name}\u0000${JSON.stringify(operand)}` };
}

function finish(d: Literal[][] | undefined): Conjunct[] | undefined {
  return d?.map((lits) => {
    const byField = new Map<string, Literal[]>();
    for (const l of lits) {
      const list = byField.get(l.field);
      if (list) list.push(l);
      else byField.set(l.field, [l]);
    }
    let never = false;
    for (const ls of byField.values()) if (fieldUnsatisfiable(ls)) never = true;
    return { byField, never };
  });
}

/** True only when no record satisfies both conjuncts. */
function unsatisfiable(x: Conjunct, y: Conjunct): boolean {
  if (x.never || y.never) return true;
  const [small, large] = x.byField.size <= y.byField.size ? [x, y] : [y, x];
  for (const [field, ls] of small.byField) {
    const other = large.byField.get(field);
    if (other && fieldUnsatisfiable([...ls, ...other])) return true;
  }
  return false;
}

interface Interval {
  lo: number;
  loIn: boolean;
  hi: number;
  hiIn: boolean;
}

function narrow(iv: Interval, side: 'lo' | 'hi', n: number, inclusive: boolean): void {
  if (side === 'lo') {
    if (n > iv.lo || (n === iv.lo && !inclusive)) {
      iv.lo = n;
      iv.loIn = inclusive;
    }
  } else if (n < iv.hi || (n === iv.hi && !inclusive)) {
    iv.hi = n;
    iv.hiIn = inclusive;
  }
}

function inInterval(iv: Interval, n: number): boolean {
  return (n > iv.lo || (n === iv.lo && iv.loIn)) && (n < iv.hi || (n === iv.hi && iv.hiIn));
}

function emptyInterval(iv: Interval): boolean {
  return iv.lo > iv.hi || (iv.lo === iv.hi && !(iv.loIn && iv.hiIn));
}

const open = (): Interval => ({ lo: -Infinity, loIn: false, hi: Infinity, hiIn: false });

function valuesOf(l: Literal): unknown[] {
  return Array.isArray(l.operand) ? l.operand : [l.operand];
}

/** Once the value is known to be readable for a row, "not true" is "false" and "not false" is "true". */
function settle(lits: Literal[], readable: (row: OperatorRow) => boolean): Literal[] | 'never' {
  const out: Literal[] = [];
  for (const l of lits) {
    if ((l.sense !== 'notTrue' && l.sense !== 'notFalse') || !readable(l.row)) {
      out.push(l);
      continue;
    }
    const s = normalize(l.field, l.type, l.row, l.operand, l.sense === 'notTrue' ? 'false' : 'true');
    if (s === 'never') return 'never';
    if (s !== 'always') out.push(s);
  }
  return out;
}

const BIT: Record<Sense, number> = { true: 1, false: 2, notTrue: 4, notFalse: 8 };

/** A test that must be true and also false, or not true; or false and also not false. */
function contradicts(lits: Literal[]): boolean {
  const senses = new Map<string, number>();
  for (const l of lits) {
    const s = (senses.get(l.key) ?? 0) | BIT[l.sense];
    if ((s & 1 && s & 6) || (s & 2 && s & 8)) return true;
    senses.set(l.key, s);
  }
  return false;
}

/** True only when no value of one field satisfies every literal (all of the same field). */
function fieldUnsatisfiable(input: Literal[]): boolean {
  // one literal alone always has a value that satisfies it (the checks below find none)
  if (input.length < 2) return false;
  const type = input[0]?.type;
  let empty = false;
  let recorded = false;
  for (const l of input) {
    if (l.row.reads === 'anything') {
      if (l.prepared === true) recorded = true;
      else empty = true;
    } else if (l.sense === 'true' || l.sense === 'false') recorded = true;
  }
  // an empty value makes every other test unknown, which satisfies every "not true" and "not false"
  if (empty || !recorded) return empty && recorded;

  if (contradicts(input)) return true;
  let lits = settle(input, (r) => r.reads === 'value');
  if (lits === 'never') return true;

  // equality, by same() semantics; only when every value compared is of one JS type, so that
  // equal-to-one excludes equal-to-another
  const eq = lits.filter((l) => l.row.set !== undefined && l.sense === 'true');
  const kinds = new Set(eq.flatMap(valuesOf).map((v) => typeof v));
  const oneKind = kinds.size === 1 ? [...kinds][0] : undefined;
  let allowed: Set<unknown> | undefined;
  const excluded = new Set<unknown>();
  if (oneKind === 'string' || oneKind === 'number' || oneKind === 'boolean') {
    for (const l of eq) {
      const vs = valuesOf(l);
      if (l.row.set === 'in') allowed = allowed === undefined ? new Set(vs) : new Set(vs.filter((v) => allowed!.has(v)));
      else for (const v of vs) excluded.add(v);
    }
    if (allowed !== undefined && [...allowed].every((v) => excluded.has(v))) return true;
  }

  // a true comparison proves the value is comparable, and so does equality with numbers on a
  // non-date field (same() and compare() both read Number(value) there)
  const numericEq = !isDateType(type) && eq.some((l) => l.row.set === 'in' && valuesOf(l).every((v) => typeof v === 'number'));
  const comparable = numericEq || lits.some((l) => l.row.bound !== undefined && l.sense === 'true');
  if (comparable) {
    const s = settle(lits, (r) => r.reads === 'order');
    if (s === 'never') return true;
    lits = s;
  }
  const dated =
    (isDateType(type) && comparable) || lits.some((l) => l.row.age !== undefined && (l.sense === 'true' || l.sense === 'false'));
  if (dated) {
    const s = settle(lits, (r) => r.reads === 'date');
    if (s === 'never') return true;
    lits = s;
  }

  if (contradicts(lits)) return true;

  // ranges
  const iv = open();
  for (const l of lits) {
    if (l.row.bound && l.sense === 'true') narrow(iv, l.row.bound.side, (l.prepared as { b: number }).b, l.row.bound.inclusive);
  }
  if (emptyInterval(iv)) return true;
  if (!isDateType(type) && oneKind === 'number') {
    if (allowed !== undefined && [...allowed].every((v) => !inInterval(iv, v as number))) return true;
    if (iv.lo === iv.hi && excluded.has(iv.lo)) return true;
  }

  // ages (now minus the date): within d allows [0, d], olderThan d (d, ∞); false, olderThan d
  // allows (-∞, d] and within d everything outside [0, d]
  const age = open();
  const outside: number[] = [];
  for (const l of lits) {
    const d = l.prepared as number;
    if (l.row.age === 'window' && l.sense === 'true') {
      narrow(age, 'lo', 0, true);
      narrow(age, 'hi', d, true);
    }
    if (l.row.age === 'older' && l.sense === 'true') narrow(age, 'lo', d, false);
    if (l.row.age === 'older' && l.sense === 'false') narrow(age, 'hi', d, true);
    if (l.row.age === 'window' && l.sense === 'false') outside.push(d);
  }
  if (emptyInterval(age)) return true;
  return outside.some((d) => age.lo >= 0 && age.hi <= d);
}

/** True only when every record on which `a` is true has `b` true, for normal forms built once. */
export function impliesForms(a: NormalForm, b: NormalForm): boolean {
  const left = a.holds;
  const right = b.notHolds;
  if (!left || !right) return false;
  if (left.length * right.length > MAX_DISJUNCTS * 4) return false;
  for (const x of left) for (const y of right) if (!unsatisfiable(x, y)) return false;
  return true;
}

/**
 * True only when every record on which `a` is true has `b` true. A missing condition is one that
 * always holds. Sound (never true when some record makes a true and b false or unknown) and
 * conservative: false whenever the answer cannot be proven.
 */
export function implies(a: Condition | undefined, b: Condition | undefined, fields: FieldLookup): boolean {
  if (b === undefined) return true;
  return impliesForms(normalForm(a, fields), normalForm(b, fields));
}

/** True only when no record makes the condition true (it contradicts itself, or is never decided). */
export function neverHolds(a: Condition | undefined, fields: FieldLookup): boolean {
  return a !== undefined && formNeverHolds(normalForm(a, fields));
}

export function formNeverHolds(a: NormalForm): boolean {
  return a.holds !== undefined && a.holds.every((c) => c.never);
}

/**
 * Fields whose value the condition pins to a few texts: wherever it is true, `String(value)` is
 * one of the field's set. Lets a caller index conditions by value and skip those a record cannot
 * make true.
 */
export function pinnedText(form: NormalForm): Map<string, Set<string>> {
  let out: Map<string, Set<string>> | undefined;
  for (const conj of form.holds ?? []) {
    if (conj.never) continue;
    const here = new Map<string, Set<string>>();
    for (const [field, lits] of conj.byField) {
      const l = lits.find((x) => x.sense === 'true' && x.row.set === 'in' && valuesOf(x).every((v) => typeof v === 'string'));
      if (l) here.set(field, new Set(valuesOf(l) as string[]));
    }
    if (out === undefined) out = here;
    else {
      for (const [field, set] of out) {
        const h = here.get(field);
        if (h) for (const v of h) set.add(v);
        else out.delete(field);
      }
    }
  }
  return out ?? new Map();
}

/** `all` of the conditions that are given; undefined (always true) when none is. */
export function conjunction(...cs: (Condition | undefined)[]): Condition | undefined {
  const given = cs.filter((c): c is Condition => c !== undefined);
  if (given.length === 0) return undefined;
  return given.length === 1 ? given[0] : { all: given };
}
