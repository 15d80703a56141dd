// One walk over parsed data, before any later stage recurses into it: nesting depth, the first
// over-long list, and, where anchors let one node be reached from several places, cycles and
// the size the data has once every alias is counted. Both parsers return an aliased node as one
// shared object, so data is a graph: the walk remembers each shared node and never enters it twice.

export type Problem =
  | { kind: 'deep'; path: (string | number)[] }
  | { kind: 'long'; path: (string | number)[]; length: number }
  | { kind: 'cycle'; path: (string | number)[] }
  | { kind: 'expands'; nodes: number; distinct: number };

export interface ShapeLimits {
  /** a top-level mapping is level 1 */
  maxDepth: number;
  maxListItems: number;
  /** nodes that aliases may add beyond the nodes written in the text */
  maxAliasNodes: number;
}

/**
 * The first problem in `data`, or undefined. `shared` says the text had anchors: only then can
 * an object be reached twice, so only then are nodes remembered (a clean file costs no map).
 */
export function shapeProblem(data: unknown, limits: ShapeLimits, shared: boolean): Problem | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { maxDepth, maxListItems, maxAliasNodes } = limits;
  // for a shared node: [expanded size, height]; a node on the current path has no entry yet
  const memo = shared ? new Map<object, [number, number]>() : undefined;
  const open = shared ? new Set<object>() : undefined;
  const path: (string | number)[] = [];
  let problem: Problem | undefined;
  let distinct = 0;
  let height = 0; // height of the subtree visit() just returned from

  const child = (v: unknown, key: string | number, depth: number): number => {
    if (v === null || typeof v !== 'object') {
      distinct++;
      height = 0;
      return 1;
    }
    path.push(key);
    const n = visit(v, depth + 1);
    path.pop();
    return n;
  };

  // expanded node count of `v`'s subtree, or -1 once a problem is found
  const visit = (v: object, depth: number): number => {
    if (memo) {
      const seen = memo.get(v);
      if (seen) {
        if (depth + seen[1] > maxDepth) return fail({ kind: 'deep', path: [...path] });
        height = seen[1];
        return seen[0];
      }
      if (open!.has(v)) return fail({ kind: 'cycle', path: [...path] });
      open!.add(v);
    }
    if (depth > maxDepth) return fail({ kind: 'deep', path: [...path] });
    distinct++;
    let size = 1;
    let h = 0;
    if (Array.isArray(v)) {
      if (v.length > maxListItems) return fail({ kind: 'long', path: [...path], length: v.length });
      for (let i = 0; i < v.length; i++) {
        const n = child(v[i], i, depth);
        if (n < 0) return -1;
        size += n;
        if (height + 1 > h) h = height + 1;
      }
    } else {
      for (const k in v) {
        const n = child((v as Record<string, unknown>)[k], k, depth);
        if (n < 0) return -1;
        size += n;
        if (height + 1 > h) h = height + 1;
      }
    }
    if (memo) {
      open!.delete(v);
      memo.set(v, [size, h]);
    }
    height = h;
    return size;
  };

  const fail = (p: Problem): number => {
    problem = p;
    return -1;
  };

  const nodes = visit(data, 1);
  if (problem) return problem;
  if (shared && nodes - distinct > maxAliasNodes) return { kind: 'expands', nodes, distinct };
  return undefined;
}
