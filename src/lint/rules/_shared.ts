// Helpers several rules share (not a rule: files starting with `_` are not in the catalogue).
// Rules get a model that passed the schema: every entity they iterate has the shape its type
// says. References may still be unresolved (ref/unresolved reports them): read those defensively.
import type { FieldLookup } from '../../conditions/index.js';
import { type Field, type GtMap, type Model, type Pipeline, type SectionName, type Stage, lookup } from '../../model/index.js';

export interface EntityAt<S extends SectionName> {
  entity: GtMap[S][number];
  /** [section, index]: where the entity is, for a finding. */
  path: readonly [S, number];
  index: number;
}

/** Every entity of a section, typed by section, with its model path. */
export function* entities<S extends SectionName>(model: Model, section: S): Generator<EntityAt<S>, void, undefined> {
  const items: readonly GtMap[S][number][] = model.map[section];
  for (let index = 0; index < items.length; index++) yield { entity: items[index]!, path: [section, index], index };
}

export interface StageAt {
  pipeline: Pipeline;
  pi: number;
  stage: Stage;
  si: number;
  path: readonly ['pipelines', number, 'stages', number];
}

/** Every stage of every pipeline, with its pipeline and model path. */
export function* allStages(model: Model): Generator<StageAt, void, undefined> {
  for (const { entity: pipeline, index: pi } of entities(model, 'pipelines')) {
    for (let si = 0; si < pipeline.stages.length; si++)
      yield { pipeline, pi, stage: pipeline.stages[si]!, si, path: ['pipelines', pi, 'stages', si] };
  }
}

/** Lifecycle kinds that hold renewal risk. */
export const RENEWAL_RISK: readonly string[] = ['renewal', 'churn-risk'];

export function isOpen(stage: Stage): boolean {
  return stage.outcome === undefined || stage.outcome === 'open';
}

export function fieldLookup(model: Model): FieldLookup {
  return (id: string): Field | undefined => lookup<Field>(model, 'field', id)?.entity;
}

/**
 * Indexes of the stages a deal may move to from stage `si`: its `next` (stages of this
 * pipeline only), or by default the next open stage in order plus every won or lost stage.
 * A won or lost stage without `next` is terminal.
 */
export function successors(stages: readonly Stage[], si: number): number[] {
  const stage = stages[si];
  if (!stage) return [];
  if (stage.next) {
    // a `next` that names no stage of this pipeline is unresolved: ref/unresolved reports it
    return stage.next.map((id) => stages.findIndex((s) => s.id === id)).filter((i) => i >= 0);
  }
  if (!isOpen(stage)) return [];
  const out: number[] = [];
  const nextOpen = stages.findIndex((s, i) => i > si && isOpen(s));
  if (nextOpen >= 0) out.push(nextOpen);
  stages.forEach((s, i) => {
    if (!isOpen(s) && i !== si) out.push(i);
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
