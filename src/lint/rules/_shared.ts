// Helpers several rules share (not a rule: files starting with `_` are not in the catalogue).
// Rules get a model that passed the schema, but references may be unresolved: read defensively.
import type { FieldLookup } from '../../conditions/index.js';
import { type Criterion, type Field, type Model, type Pipeline, type Stage, lookup } from '../../model/index.js';

export function list<T>(v: T[] | undefined | unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Lifecycle kinds that hold renewal risk. */
export const RENEWAL_RISK: readonly string[] = ['renewal', 'churn-risk'];

export function isOpen(stage: Stage): boolean {
  return stage.outcome === undefined || stage.outcome === 'open';
}

export function fieldLookup(model: Model): FieldLookup {
  return (id: string): Field | undefined => lookup<Field>(model, 'field', id)?.entity;
}

export interface StageAt {
  pipeline: Pipeline;
  pi: number;
  stage: Stage;
  si: number;
  path: (string | number)[];
}

export function allStages(model: Model): StageAt[] {
  const out: StageAt[] = [];
  model.map.pipelines.forEach((pipeline, pi) => {
    list<Stage>(pipeline?.stages).forEach((stage, si) => {
      if (stage && typeof stage === 'object') out.push({ pipeline, pi, stage, si, path: ['pipelines', pi, 'stages', si] });
    });
  });
  return out;
}

/**
 * Indexes of the stages a deal may move to from stage `si`: its `next` (stages of this
 * pipeline only), or by default the next open stage in order plus every won or lost stage.
 * A won or lost stage without `next` is terminal.
 */
export function successors(stages: readonly Stage[], si: number): number[] {
  const stage = stages[si];
  if (!stage) return [];
  if (Array.isArray(stage.next)) {
    return stage.next.map((id) => stages.findIndex((s) => s?.id === id)).filter((i) => i >= 0);
  }
  if (!isOpen(stage)) return [];
  const out: number[] = [];
  const nextOpen = stages.findIndex((s, i) => i > si && s && isOpen(s));
  if (nextOpen >= 0) out.push(nextOpen);
  stages.forEach((s, i) => {
    if (s && !isOpen(s) && i !== si) out.push(i);
  });
  return out;
}

/** Indexes reachable from `from` (including it). */
export function reachable(stages: readonly Stage[], from: number): Set<number> {
  const seen = new Set<number>([from]);
  const todo = [from];
  while (todo.length) {
    for (const n of successors(stages, todo.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

/** Criteria that are stated and each carry a `check`. */
export function allChecked(criteria: Criterion[] | undefined): boolean {
  const cs = list<Criterion>(criteria);
  return cs.length > 0 && cs.every((c) => c && typeof c === 'object' && c.check !== undefined);
}

/** "`a`, `b` and `c`" */
export function listAnd(items: readonly string[]): string {
  const q = items.map((i) => `\`${i}\``);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
