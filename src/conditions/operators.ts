// The operator table of the condition language: one row per operator, read by evaluation, type
// checking, description and implication, so that the four cannot disagree.
import type { FieldType } from '../model/types.js';

/** A test's answer: true, false, or undefined when the record's data cannot decide it. */
export type Verdict = boolean | undefined;

/** A recorded (non-empty) value, as records from a CRM export hold them. */
export type Scalar = string | number | boolean;

/** What a value must be for a test to be decided; a value that is not is unknown to the test. */
export type Reads =
  | 'anything' // `present`: decided for every record, empty or not
  | 'value' //    any recorded value
  | 'order' //    a value orderOf() can read: a number, or a date on date fields
  | 'date'; //    a value that parses as a date

interface Row<N extends string, P> {
  name: N;
  types: readonly FieldType[];
  /** The operand's shape: typecheck checks `value`, `values` and `bound` against the field's type. */
  operand: 'value' | 'values' | 'bound' | 'pattern' | 'duration' | 'flag';
  /** One sentence, for the schema and the docs. */
  summary: string;
  reads: Reads;
  /** The operand made ready once (a number, a RegExp, milliseconds), or undefined when it is unusable: then the test is always unknown. */
  prepare(operand: unknown, type: FieldType | undefined): P | undefined;
  /** The test of a recorded value; undefined when the value cannot be read the way the test needs. */
  tester(prepared: P, now: number): (value: Scalar) => Verdict;
  /** The answer for a record without a value (unknown, except for `present`). */
  onMissing?(prepared: P): Verdict;
  describe(field: string, operand: unknown): string;
  /** The test that is true exactly when this one is false, on every record (unknown on the same records). */
  complement?(operand: unknown): [op: string, operand: unknown];
  /** For implication: equality says the value is `in` or `out` of the operand values. */
  set?: 'in' | 'out';
  /** For implication: a comparison bounds the value from below (`lo`) or above (`hi`). */
  bound?: { side: 'lo' | 'hi'; inclusive: boolean };
  /** For implication: the ages (now minus the date) the test allows: `window` [0, operand], `older` above the operand. */
  age?: 'window' | 'older';
  /** Comparisons: whether the difference of two orders (value minus bound) passes; also used to compare one field with another. */
  holds?: (d: number) => boolean;
}

// Rows keep their own operand type; the table erases it (methods are bivariant).
function row<N extends string, P>(r: Row<N, P>): Row<N, P> {
  return r;
}

const ALL: readonly FieldType[] = ['text', 'email', 'url', 'enum', 'number', 'currency', 'percent', 'boolean', 'date', 'datetime'];
const TEXT: readonly FieldType[] = ['text', 'email', 'url'];
const NUMBERS: readonly FieldType[] = ['number', 'currency', 'percent'];
const DATES: readonly FieldType[] = ['date', 'datetime'];

export function isDateType(type: FieldType | undefined): boolean {
  return type === 'date' || type === 'datetime';
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Equality as records hold values: numbers compare as numbers (CSV exports give text), booleans also as `true`/`false` text. */
export function same(a: Scalar, b: Scalar): boolean {
  if (typeof b === 'number') return Number(a) === b;
  if (typeof b === 'boolean') return a === b || String(a).toLowerCase() === String(b);
  return String(a) === b;
}

/** The operand values of `in`/`notIn`, with text values in a Set: the common case is one lookup. */
interface ValueSet {
  text: Set<string>;
  other: Scalar[];
}
function valueSet(operand: unknown): ValueSet | undefined {
  const vs = Array.isArray(operand) ? (operand as unknown[]) : [operand];
  if (!vs.every(isScalar)) return undefined;
  return { text: new Set(vs.filter((v): v is string => typeof v === 'string')), other: vs.filter((v) => typeof v !== 'string') };
}
function inSet(s: ValueSet, v: Scalar): boolean {
  return s.text.has(String(v)) || s.other.some((b) => same(v, b));
}

/** The number a value or operand compares as: a timestamp on date fields, else the number. NaN when it is neither. */
export function orderOf(v: unknown, type: FieldType | undefined): number {
  if (isDateType(type)) return typeof v === 'string' || typeof v === 'number' ? Date.parse(String(v)) : NaN;
  if (typeof v === 'number') return v;
  return typeof v === 'string' || typeof v === 'boolean' ? Number(v) : NaN;
}

const DURATION_UNIT_MS = { m: 60e3, h: 3600e3, d: 86400e3, bd: (86400e3 * 7) / 5, w: 7 * 86400e3 } as const;
const DURATION_UNIT_WORD = { m: 'minute', h: 'hour', d: 'day', bd: 'business day', w: 'week' } as const;

/** Milliseconds in a duration; business days count as days for evaluation. */
export function durationMs(d: string): number {
  const m = /^(\d+)(m|h|d|bd|w)$/.exec(d);
  if (!m) return NaN;
  return Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS];
}

export function humanDuration(d: string): string {
  const m = /^(\d+)(m|h|d|bd|w)$/.exec(d);
  if (!m) return d;
  const n = Number(m[1]);
  return `${n} ${DURATION_UNIT_WORD[m[2] as keyof typeof DURATION_UNIT_WORD]}${n === 1 ? '' : 's'}`;
}

/** A comparison's operand that names another field (`lessThan: { field: contract-end }`), or undefined. */
export function otherField(operand: unknown): string | undefined {
  if (typeof operand !== 'object' || operand === null || Array.isArray(operand)) return undefined;
  const f = (operand as { field?: unknown }).field;
  return typeof f === 'string' && Object.keys(operand).length === 1 ? f : undefined;
}

const shown = (v: unknown): string => {
  const other = otherField(v);
  return other !== undefined ? other : typeof v === 'string' ? v : String(v);
};
const shownList = (operand: unknown): string => {
  const vs = Array.isArray(operand) ? operand : [operand];
  return vs.length <= 1 ? shown(vs[0]) : `${vs.slice(0, -1).map(shown).join(', ')} or ${shown(vs[vs.length - 1])}`;
};

/** A `within` / `olderThan` operand in milliseconds; undefined when it is not a duration. */
function durationOperand(x: unknown): number | undefined {
  const ms = typeof x === 'string' ? durationMs(x) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function comparison<N extends string>(
  name: N,
  words: string,
  summary: string,
  side: 'lo' | 'hi',
  inclusive: boolean,
  complement: string,
  holds: (d: number) => boolean,
) {
  return row({
    name,
    types: [...NUMBERS, ...DATES],
    operand: 'bound',
    summary: `Number, currency or date field: ${summary} this value.`,
    reads: 'order',
    prepare: (x: unknown, type: FieldType | undefined): { b: number; type: FieldType | undefined } | undefined => {
      const b = typeof x === 'string' || typeof x === 'number' ? orderOf(x, type) : NaN;
      return Number.isNaN(b) ? undefined : { b, type };
    },
    tester:
      ({ b, type }) =>
      (v) => {
        const a = orderOf(v, type);
        return Number.isNaN(a) ? undefined : holds(a - b);
      },
    describe: (f, x) => `${f} is ${words} ${shown(x)}`,
    complement: (x) => [complement, x],
    bound: { side, inclusive },
    holds,
  });
}

const ROWS = [
  row({
    name: 'equals',
    types: ALL,
    operand: 'value',
    summary: 'The field equals this value.',
    reads: 'value',
    prepare: (x) => (isScalar(x) ? x : undefined),
    tester: (b) => (v) => same(v, b),
    describe: (f, x) => (x === true ? `${f} is yes` : x === false ? `${f} is no` : `${f} is ${shown(x)}`),
    complement: (x) => ['notEquals', x],
    set: 'in',
  }),
  row({
    name: 'notEquals',
    types: ALL,
    operand: 'value',
    summary: 'The field has a value, and it is not this one (an empty field is unknown).',
    reads: 'value',
    prepare: (x) => (isScalar(x) ? x : undefined),
    tester: (b) => (v) => !same(v, b),
    describe: (f, x) => `${f} is not ${shown(x)}`,
    complement: (x) => ['equals', x],
    set: 'out',
  }),
  row({
    name: 'in',
    types: [...TEXT, 'enum', ...NUMBERS],
    operand: 'values',
    summary: 'The field equals one of these values.',
    reads: 'value',
    prepare: valueSet,
    tester: (s) => (v) => inSet(s, v),
    describe: (f, x) => `${f} is ${shownList(x)}`,
    complement: (x) => ['notIn', x],
    set: 'in',
  }),
  row({
    name: 'notIn',
    types: [...TEXT, 'enum', ...NUMBERS],
    operand: 'values',
    summary: 'The field has a value, and it is none of these (an empty field is unknown).',
    reads: 'value',
    prepare: valueSet,
    tester: (s) => (v) => !inSet(s, v),
    describe: (f, x) => `${f} is not ${shownList(x)}`,
    complement: (x) => ['in', x],
    set: 'out',
  }),
  comparison('greaterThan', 'more than', 'strictly greater (later) than', 'lo', false, 'atMost', (d) => d > 0),
  comparison('atLeast', 'at least', 'greater than or equal to', 'lo', true, 'lessThan', (d) => d >= 0),
  comparison('lessThan', 'less than', 'strictly less (earlier) than', 'hi', false, 'atLeast', (d) => d < 0),
  comparison('atMost', 'at most', 'less than or equal to', 'hi', true, 'greaterThan', (d) => d <= 0),
  row({
    name: 'matches',
    types: TEXT,
    operand: 'pattern',
    summary: 'Text field: matches this regular expression (JavaScript syntax, case-insensitive).',
    reads: 'value',
    prepare: (x) => {
      if (typeof x !== 'string') return undefined;
      try {
        return new RegExp(x, 'i');
      } catch {
        return undefined;
      }
    },
    tester: (re) => (v) => re.test(String(v)),
    describe: (f, x) => `${f} matches /${shown(x)}/`,
  }),
  row({
    name: 'within',
    types: DATES,
    operand: 'duration',
    summary: 'Date field: the date lies within this duration before the evaluation time.',
    reads: 'date',
    prepare: durationOperand,
    tester: (ms, now) => (v) => {
      const at = Date.parse(String(v));
      if (Number.isNaN(at)) return undefined;
      const age = now - at;
      return age >= 0 && age <= ms;
    },
    describe: (f, x) => `${f} is within the last ${humanDuration(shown(x))}`,
    age: 'window',
  }),
  row({
    name: 'olderThan',
    types: DATES,
    operand: 'duration',
    summary: 'Date field: the date lies more than this duration before the evaluation time.',
    reads: 'date',
    prepare: durationOperand,
    tester: (ms, now) => (v) => {
      const at = Date.parse(String(v));
      return Number.isNaN(at) ? undefined : now - at > ms;
    },
    describe: (f, x) => `${f} is more than ${humanDuration(shown(x))} ago`,
    age: 'older',
  }),
  row({
    name: 'withinNext',
    types: DATES,
    operand: 'duration',
    summary: 'Date field: the date lies between the evaluation time and this duration after it (e.g. closes in the next 90 days).',
    reads: 'date',
    prepare: durationOperand,
    tester: (ms, now) => (v) => {
      const at = Date.parse(String(v));
      if (Number.isNaN(at)) return undefined;
      const ahead = at - now;
      return ahead >= 0 && ahead <= ms;
    },
    describe: (f, x) => `${f} is within the next ${humanDuration(shown(x))}`,
  }),
  row({
    name: 'present',
    types: ALL,
    operand: 'flag',
    summary: '`true`: the field has a value; `false`: it is empty. Never unknown.',
    reads: 'anything',
    prepare: (x) => (typeof x === 'boolean' ? x : undefined),
    tester: (b) => () => b,
    onMissing: (b) => !b,
    describe: (f, x) => (x === false ? `${f} is empty` : `${f} is recorded`),
    complement: (x) => ['present', x !== true],
  }),
] as const;

export type Operator = (typeof ROWS)[number]['name'];
/** A row of the table, its operand type erased. */
export type OperatorRow = Row<Operator, unknown>;

/** Every operator, in table order (type-checking messages list them in this order). */
export const OPERATORS: readonly Operator[] = ROWS.map((r) => r.name);
export const OPERATOR_TABLE: ReadonlyMap<string, OperatorRow> = new Map(ROWS.map((r) => [r.name, r as OperatorRow]));

export const OPERATORS_BY_TYPE: Record<FieldType, Operator[]> = Object.fromEntries(
  ALL.map((t) => [t, ROWS.filter((r) => r.types.includes(t)).map((r) => r.name)]),
) as Record<FieldType, Operator[]>;

for (const r of ROWS) {
  // a complement names a row of this table; a misspelling fails on load, not in a proof
  const c = (r as OperatorRow).complement?.(1)[0];
  if (c !== undefined && !OPERATOR_TABLE.has(c)) throw new Error(`operator ${r.name}: complement ${c} is not an operator`);
}
