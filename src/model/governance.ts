// What each decision domain governs, from its `governs` selectors: the one reading of them that
// `gtmap diff` (approvals), `gtmap codeowners` and the decision/* lint rules share.
import { type Kind, KIND_INFO } from './sections.js';
import type { DecisionDomain, SectionName } from './types.js';
import type { Model } from './index.js';

export type Selector = NonNullable<DecisionDomain['governs']>[number];

/** Whether a selector covers an entity of `section` with one of `ids`, for a change to `key` (undefined: the whole entity). */
export function selects(sel: Selector, section: SectionName, ids: readonly string[], key?: string): boolean {
  if (sel.section !== section) return false;
  if (sel.ids && !ids.some((id) => sel.ids!.includes(id))) return false;
  if (sel.keys && key !== undefined && !sel.keys.includes(key)) return false;
  return true;
}

/** Whether any domain of the map declares `governs` (the map has adopted selectors). */
export function usesSelectors(model: Model): boolean {
  return model.map.decisionRights.some((d) => Array.isArray(d.governs));
}

/**
 * The domains that govern an entity (kind, id, its parent's id for a stage or role), for a change
 * to `key`; a domain another matching one takes precedence over is left out.
 */
export function governing(model: Model, kind: Kind, ids: readonly string[], key?: string): DecisionDomain[] {
  const section = KIND_INFO[kind].section;
  const hit = model.map.decisionRights.filter((d) => Array.isArray(d.governs) && d.governs.some((s) => selects(s, section, ids, key)));
  if (hit.length < 2) return hit;
  // a domain wins only where its selector reaches: for a change to the whole entity (no key), a
  // winner selecting some keys leaves the rest of the entity to the domain it beats
  const beaten = new Set(
    hit.filter((d) => key !== undefined || d.governs!.some((s) => !s.keys && selects(s, section, ids))).flatMap((d) => d.precedence ?? []),
  );
  return hit.filter((d) => !beaten.has(d.id));
}

/** A domain's single owner (the first when a list is given; decision/single-owner reports lists). */
export function ownerOf(d: DecisionDomain): string | undefined {
  return typeof d.owner === 'string' ? d.owner : Array.isArray(d.owner) ? d.owner[0] : undefined;
}

/** Whether two selectors can cover the same change. */
export function overlaps(a: Selector, b: Selector): boolean {
  if (a.section !== b.section) return false;
  if (a.ids && b.ids && !a.ids.some((id) => b.ids!.includes(id))) return false;
  if (a.keys && b.keys && !a.keys.some((k) => b.keys!.includes(k))) return false;
  return true;
}
