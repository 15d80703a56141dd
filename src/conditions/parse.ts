// A condition read once into a tree of combinators and operator-table tests. Evaluation,
// description and implication all walk this tree, so they read a condition's shape alike.
import { OPERATOR_TABLE, type Operator, type OperatorRow } from './operators.js';
import { isObject } from '../text.js';

export type Node =
  | { kind: 'all' | 'any'; items: Node[] }
  | { kind: 'not'; item: Node }
  | { kind: 'test'; field: string; op: Operator; row: OperatorRow; operand: unknown }
  /** Not a condition (wrong shape: no operator, two operators, a combinator without a list): always unknown. */
  | { kind: 'invalid'; field?: string };

/** The tree of a condition. A combinator takes precedence over a test in the same object, as typecheck reports. */
export function parse(c: unknown): Node {
  if (!isObject(c)) return { kind: 'invalid' };
  for (const kind of ['all', 'any'] as const) {
    if (!(kind in c)) continue;
    const items = c[kind];
    return Array.isArray(items) ? { kind, items: items.map(parse) } : { kind: 'invalid' };
  }
  if ('not' in c) return { kind: 'not', item: parse(c.not) };
  const field = typeof c.field === 'string' ? c.field : undefined;
  const ops = Object.keys(c).filter((k) => OPERATOR_TABLE.has(k));
  if (field === undefined || ops.length !== 1) return { kind: 'invalid', field };
  const row = OPERATOR_TABLE.get(ops[0]!)!;
  return { kind: 'test', field, op: row.name, row, operand: c[row.name] };
}
