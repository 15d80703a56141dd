// The findings a change introduces and the ones it resolves (Atlas's `--git-base`), not the whole
// backlog. Findings are matched by a fingerprint that survives moves: the rule, the path with list
// positions replaced by the ids found there, and the message without file:line references.
import type { CheckResult } from '../check.js';
import type { Diagnostic } from '../diagnostic.js';
import { isObject } from '../text.js';

export interface LintDelta {
  introduced: Diagnostic[];
  resolved: Diagnostic[];
}

/** The ids of the entities on a finding's path (an entity, then its child), outermost first. */
export function entityIds(result: CheckResult, d: Diagnostic): string[] {
  let node: unknown = result.model.map;
  const ids: string[] = [];
  for (const seg of d.path) {
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[seg] : undefined;
    if (typeof seg === 'number' && isObject(node) && typeof node.id === 'string') ids.push(node.id);
  }
  return ids;
}

export function fingerprint(result: CheckResult, d: Diagnostic): string {
  let node: unknown = result.model.map;
  const segs: string[] = [];
  for (const seg of d.path) {
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[seg] : undefined;
    segs.push(typeof seg === 'number' && isObject(node) && typeof node.id === 'string' ? `@${node.id}` : String(seg));
  }
  // "map/teams.yaml:12" and "line 12" move with every edit above them
  const message = d.message.replace(/[\w./-]+\.ya?ml(:\d+){1,2}/g, '<file>').replace(/\bline \d+/g, 'line <n>');
  return `${d.ruleId}\u0000${segs.join('.')}\u0000${message}`;
}

/** Findings in head and not in base (introduced), and in base and not in head (resolved), counted per fingerprint. */
export function lintDelta(base: CheckResult | undefined, head: CheckResult): LintDelta {
  const count = new Map<string, number>();
  if (base) for (const d of base.diagnostics) count.set(fingerprint(base, d), (count.get(fingerprint(base, d)) ?? 0) + 1);
  const introduced: Diagnostic[] = [];
  for (const d of head.diagnostics) {
    const f = fingerprint(head, d);
    const n = count.get(f) ?? 0;
    if (n > 0) count.set(f, n - 1);
    else introduced.push(d);
  }
  const resolved: Diagnostic[] = [];
  if (base) {
    const left = new Map<string, number>();
    for (const d of head.diagnostics) left.set(fingerprint(head, d), (left.get(fingerprint(head, d)) ?? 0) + 1);
    for (const d of base.diagnostics) {
      const f = fingerprint(base, d);
      const n = left.get(f) ?? 0;
      if (n > 0) left.set(f, n - 1);
      else resolved.push(d);
    }
  }
  return { introduced, resolved };
}
