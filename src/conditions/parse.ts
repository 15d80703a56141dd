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

/**
 * Trees already read, by condition object. A routing rule's `when` is read by the linter's
 * normal forms, its compiled test and its example record, and again inside its scope (segment
 * rule and `when`): a map's conditions are data nobody changes, and the trees are never changed
 * either, so one tree per object serves them all.
 */
const trees = new WeakMap<object, Node>();

/** The tree of a condition. A combinator takes precedence over a test in the same object, as typecheck reports. */
export function parse(c: unknown): Node {
  if (!isObject(c)) return { kind: 'invalid' };
  let tree = trees.get(c);
  if (tree === undefined) trees.set(c, (tree = read(c)));
  return tree;
}

function read(c: Record<string, unknown>): Node {
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
