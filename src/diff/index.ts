// Two versions of a map compared in operating terms. Entities are matched by kind and id across
// files (a move between files is no change); each difference becomes a Change with a stable
// check id, one of four classes and a level. Routing is compared by its effect (./routing.ts);
// lint findings by fingerprint (./lint-delta.ts); approvals come from decision rights (./approvals.ts).
import type { CheckResult } from '../check.js';
import { durationMs, type FieldLookup } from '../conditions/index.js';
import { implies } from '../conditions/implies.js';
import type { Diagnostic, ModelPath } from '../diagnostic.js';
import { type EntityRef, type Field, KIND_INFO, type Kind, type Model, locate, lookup, referrers, resolvePath } from '../model/index.js';
import { isObject } from '../text.js';
import { type AffectedRule, routingDiff } from './routing.js';
import { code, t } from './text.js';

export type ChangeClass = 'breaking' | 'behavioural' | 'ownership' | 'text';
export type ChangeLevel = 'error' | 'warn' | 'info';
export const CLASSES: readonly ChangeClass[] = ['breaking', 'behavioural', 'ownership', 'text'];
export const CLASS_LEVEL: Record<ChangeClass, ChangeLevel> = { breaking: 'error', behavioural: 'warn', ownership: 'warn', text: 'info' };

export interface Place {
  side: 'base' | 'head';
  file: string;
  line: number;
  column: number;
}

export interface Change {
  /** The stable check id, e.g. `stage-exit-criterion-tightened`. */
  id: string;
  class: ChangeClass;
  level: ChangeLevel;
  entity: { kind: Kind; id: string; name?: string; parent?: string };
  /** The key of the entity that changed, when one did. */
  key?: string;
  /** What the change does, in operating terms (markdown-safe code spans are added by formats). */
  message: string;
  before?: unknown;
  after?: unknown;
  location: Place;
  /** For routing changes: the region of records the change touches and the outcomes that change in it. */
  routing?: { region: string; why: AffectedRule['why']; changes: AffectedRule['changes'] };
  /** Set by the accept file. */
  accepted?: { reason: string; expires: string };
  /** Rule ids of the lint findings the change introduces on its entity. */
  lint?: string[];
}

export interface DiffInput {
  base: CheckResult | undefined;
  head: CheckResult;
  now?: Date;
}

const stable = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

const DURATION = /^[1-9][0-9]*(m|h|d|bd|w)$/;
const OWNERSHIP_KEYS = new Set([
  'owner',
  'influences',
  'escalatesTo',
  'escalateWhen',
  'decidedIn',
  'chair',
  'caller',
  'submittedBy',
  'lead',
  'parent',
  'coveredBy',
  'attendees',
  'github',
  'contacts',
]);
const CRITERIA_KEYS = new Set(['exitCriteria', 'acceptance', 'evidence', 'signals']);
const CRITERION_KEYS = new Set(['trigger', 'entry', 'exit']);
const CONDITION_KEYS = new Set(['rule', 'when', 'qualifiedWhen']);
/** Kinds that other parts of the business depend on by id: removing one breaks them. */
const DEPENDED_ON = new Set<Kind>([
  'stage',
  'field',
  'team',
  'role',
  'forecast category',
  'pipeline',
  'segment',
  'metric',
  'lifecycle stage',
]);
/** Routing keys whose effect ./routing.ts computes. */
const ROUTING_KEYS = new Set(['segment', 'when', 'object', 'assign', 'fallback']);

const slug = (kind: Kind): string => kind.replace(/ /g, '-');

function childKeyOf(kind: Kind): string | undefined {
  for (const info of Object.values(KIND_INFO))
    if (info.section === KIND_INFO[kind].section && info.childKey && !KIND_INFO[kind].childKey) return info.childKey;
  return undefined;
}

/** An entity's content for comparison: without its id and without its child list (children are entities of their own). */
function content(kind: Kind, e: unknown): Record<string, unknown> {
  if (!isObject(e)) return {};
  const child = childKeyOf(kind);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (k !== 'id' && k !== child) out[k] = v;
  return out;
}

/** Whether changes get line and column (a positional parse of each file that has one); the site's history does without. */
let withPositions = true;

function place(model: Model, side: 'base' | 'head', path: ModelPath, target: 'key' | 'value' = 'value'): Place {
  if (!withPositions) return { side, file: resolvePath(model, path)?.file.file ?? model.dir, line: 1, column: 1 };
  const loc = locate(model, path, target);
  return { side, file: loc?.file ?? model.dir, line: loc?.line ?? 1, column: loc?.column ?? 1 };
}

function fieldsOf(model: Model): FieldLookup {
  return (id) => lookup<Field>(model, 'field', id)?.entity;
}

function parentOf(model: Model, ref: EntityRef): string | undefined {
  if (!KIND_INFO[ref.kind].childKey) return undefined;
  const parent = (model.map as unknown as Record<string, unknown[]>)[ref.path[0] as string]?.[ref.path[1] as number];
  return isObject(parent) && typeof parent.id === 'string' ? parent.id : undefined;
}

const show = (v: unknown): string => (typeof v === 'string' ? code(v) : t(stable(v)));

function durationChange(before: string, after: string): 'tightened' | 'loosened' | undefined {
  const a = durationMs(before);
  const b = durationMs(after);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return undefined;
  return b < a ? 'tightened' : 'loosened';
}

/** Whether a condition change lets fewer records through (tightened), more (loosened), or both. */
function conditionChange(before: unknown, after: unknown, bf: FieldLookup, hf: FieldLookup): 'tightened' | 'loosened' | 'changed' {
  // both sides are read with the head's fields; a field whose type changed is its own change
  const fields: FieldLookup = (id) => hf(id) ?? bf(id);
  const looser = implies(before as never, after as never, fields);
  const tighter = implies(after as never, before as never, fields);
  if (looser && !tighter) return 'loosened';
  if (tighter && !looser) return 'tightened';
  return 'changed';
}

interface Ctx {
  base: Model;
  head: Model;
  out: Change[];
}

function add(ctx: Ctx, c: Omit<Change, 'level'>): void {
  ctx.out.push({ ...c, level: CLASS_LEVEL[c.class] });
}

function entityOf(model: Model, ref: EntityRef): Change['entity'] {
  const name = isObject(ref.entity) && typeof ref.entity.name === 'string' ? ref.entity.name : undefined;
  const parent = parentOf(model, ref);
  return { kind: ref.kind, id: ref.id, ...(name ? { name } : {}), ...(parent ? { parent } : {}) };
}

function label(kind: Kind, id: string): string {
  return `${KIND_INFO[kind].label} ${code(id)}`;
}

/** Criteria lists: matched by criterion id, else by position. */
function compareCriteria(ctx: Ctx, b: EntityRef, h: EntityRef, key: string, before: unknown, after: unknown): void {
  const list = (v: unknown): { key: string; c: unknown }[] =>
    (Array.isArray(v) ? v : []).map((c, i) => ({ key: isObject(c) && typeof c.id === 'string' ? c.id : `#${i + 1}`, c }));
  const bl = list(before);
  const hl = list(after);
  const bm = new Map(bl.map((x) => [x.key, x]));
  const hm = new Map(hl.map((x) => [x.key, x]));
  const what =
    key === 'exitCriteria'
      ? 'exit criterion'
      : key === 'acceptance'
        ? 'acceptance criterion'
        : key === 'evidence'
          ? 'evidence requirement'
          : 'signal';
  const what_ = what.replace(/ /g, '-');
  const textOf = (c: unknown): string => (isObject(c) && typeof c.text === 'string' ? c.text : typeof c === 'string' ? c : show(c));
  const hasCheck = (c: unknown): boolean => isObject(c) && c.check !== undefined;
  const entity = entityOf(ctx.head, h);
  const hIndex = (k: string): number => hl.findIndex((x) => x.key === k);
  const at = (k: string): Place => {
    const i = hIndex(k);
    return i >= 0 ? place(ctx.head, 'head', [...h.path, key, i]) : place(ctx.head, 'head', [...h.path, key], 'key');
  };
  // a criterion is a gate (exit, acceptance, evidence): adding one tightens it, removing one loosens it; signals only watch
  const gate = key !== 'signals';
  for (const x of hl) {
    const old = bm.get(x.key);
    if (!old) {
      add(ctx, {
        id: `${slug(h.kind)}-${what_}-added`,
        class: gate ? 'breaking' : 'behavioural',
        entity,
        key,
        message: `${label(h.kind, h.id)}: new ${what} "${t(textOf(x.c).replace(/\.$/, ''))}"${gate ? ': deals that met the old criteria may no longer qualify' : ''}.`,
        after: x.c,
        location: at(x.key),
      });
      continue;
    }
    if (stable(old.c) === stable(x.c)) continue;
    const oc = isObject(old.c) ? old.c.check : undefined;
    const nc = isObject(x.c) ? x.c.check : undefined;
    if (stable(oc) === stable(nc)) {
      add(ctx, {
        id: `${slug(h.kind)}-${what_}-text-changed`,
        class: hasCheck(x.c) ? 'text' : gate ? 'behavioural' : 'text',
        entity,
        key,
        message: `${label(h.kind, h.id)}: ${what} ${code(x.key)} now reads "${t(textOf(x.c).replace(/\.$/, ''))}" (was "${t(textOf(old.c).replace(/\.$/, ''))}")${hasCheck(x.c) ? '; its check is unchanged' : ''}.`,
        before: old.c,
        after: x.c,
        location: at(x.key),
      });
      continue;
    }
    const dir =
      oc === undefined ? 'tightened' : nc === undefined ? 'loosened' : conditionChange(oc, nc, fieldsOf(ctx.base), fieldsOf(ctx.head));
    const cls = !gate ? 'behavioural' : dir === 'loosened' ? 'behavioural' : 'breaking';
    const effect =
      dir === 'tightened'
        ? 'fewer deals meet it: deals that passed before may now fail'
        : dir === 'loosened'
          ? 'more deals meet it: deals that failed before may now pass'
          : 'some deals that passed may now fail and others pass';
    add(ctx, {
      id: `${slug(h.kind)}-${what_}-${dir}`,
      class: cls,
      entity,
      key,
      message: `${label(h.kind, h.id)}: ${what} ${code(x.key)} ${dir === 'changed' ? 'changed' : dir}, ${effect}. Now "${t(textOf(x.c).replace(/\.$/, ''))}"; was "${t(textOf(old.c).replace(/\.$/, ''))}".`,
      before: old.c,
      after: x.c,
      location: at(x.key),
    });
  }
  for (const x of bl) {
    if (hm.has(x.key)) continue;
    add(ctx, {
      id: `${slug(h.kind)}-${what_}-removed`,
      class: 'behavioural',
      entity,
      key,
      message: `${label(h.kind, h.id)}: ${what} "${t(textOf(x.c).replace(/\.$/, ''))}" removed${gate ? ': deals no longer need to meet it' : ''}.`,
      before: x.c,
      location: place(ctx.head, 'head', [...h.path, key], 'key'),
    });
  }
  void b;
}

function compareKey(ctx: Ctx, b: EntityRef, h: EntityRef, key: string, before: unknown, after: unknown): void {
  const entity = entityOf(ctx.head, h);
  const kindSlug = slug(h.kind);
  const where = (): Place =>
    after === undefined
      ? place(ctx.head, 'head', h.path)
      : place(ctx.head, 'head', [...h.path, key], before === undefined ? 'key' : 'value');
  const base = { entity, key, before, after, location: where() };
  if (key === 'name') {
    add(ctx, {
      ...base,
      id: `${kindSlug}-renamed`,
      class: 'text',
      message: `${label(h.kind, h.id)} renamed from "${t(before)}" to "${t(after)}".`,
    });
    return;
  }
  if (key === 'description') {
    add(ctx, { ...base, id: `${kindSlug}-description-changed`, class: 'text', message: `${label(h.kind, h.id)}: description changed.` });
    return;
  }
  if (CRITERIA_KEYS.has(key) && (Array.isArray(before) || Array.isArray(after))) {
    const objects = [...(Array.isArray(before) ? before : []), ...(Array.isArray(after) ? after : [])].some(isObject);
    if (objects || key !== 'evidence') return compareCriteria(ctx, b, h, key, before, after);
    add(ctx, { ...base, id: `${kindSlug}-evidence-changed`, class: 'text', message: `${label(h.kind, h.id)}: the evidence list changed.` });
    return;
  }
  if (CRITERION_KEYS.has(key)) {
    const oc = isObject(before) ? before.check : undefined;
    const nc = isObject(after) ? after.check : undefined;
    if (stable(oc) === stable(nc)) {
      add(ctx, {
        ...base,
        id: `${kindSlug}-${key}-text-changed`,
        class: 'text',
        message: `${label(h.kind, h.id)}: the wording of ${code(key)} changed; its check is unchanged.`,
      });
      return;
    }
    const dir = oc === undefined ? 'added' : nc === undefined ? 'removed' : conditionChange(oc, nc, fieldsOf(ctx.base), fieldsOf(ctx.head));
    add(ctx, {
      ...base,
      id: `${kindSlug}-${key}-changed`,
      class: 'behavioural',
      message: `${label(h.kind, h.id)}: the check of ${code(key)} ${dir === 'changed' ? 'changed' : dir === 'added' || dir === 'removed' ? `was ${dir}` : `was ${dir}`}.`,
    });
    return;
  }
  if (typeof before === 'string' && typeof after === 'string' && DURATION.test(before) && DURATION.test(after)) {
    const dir = durationChange(before, after);
    if (dir) {
      const what = key === 'staleAfter' ? 'stale window' : /sla/i.test(key) ? 'SLA' : `${code(key)}`;
      add(ctx, {
        ...base,
        id: `${kindSlug}-${key === 'staleAfter' ? 'stale-window' : 'sla'}-${dir}`,
        class: dir === 'tightened' ? 'breaking' : 'behavioural',
        message: `${label(h.kind, h.id)}: ${what} ${dir} from ${t(before)} to ${t(after)}${dir === 'tightened' ? (key === 'staleAfter' ? ': deals go stale sooner' : ': the team must respond faster than before') : ''}.`,
      });
      return;
    }
  }
  if (
    isObject(before) &&
    isObject(after) &&
    typeof before.within === 'string' &&
    typeof after.within === 'string' &&
    before.within !== after.within
  ) {
    const dir = durationChange(before.within, after.within);
    if (dir && stable({ ...before, within: 0 }) === stable({ ...after, within: 0 })) {
      add(ctx, {
        ...base,
        id: `${kindSlug}-sla-${dir}`,
        class: dir === 'tightened' ? 'breaking' : 'behavioural',
        message: `${label(h.kind, h.id)}: ${code(key)} ${dir} from ${t(before.within)} to ${t(after.within)}.`,
      });
      return;
    }
  }
  if (OWNERSHIP_KEYS.has(key)) {
    const what = key === 'owner' ? 'owner' : key;
    add(ctx, {
      ...base,
      id: `${kindSlug}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-changed`,
      class: 'ownership',
      message: `${label(h.kind, h.id)}: ${what} ${before === undefined ? `set to ${show(after)}` : after === undefined ? `${show(before)} removed` : `changed from ${show(before)} to ${show(after)}`}.`,
    });
    return;
  }
  if (h.kind === 'routing rule' && ROUTING_KEYS.has(key)) return; // ./routing.ts reports the effect
  if (CONDITION_KEYS.has(key)) {
    const dir =
      before === undefined
        ? 'added'
        : after === undefined
          ? 'removed'
          : conditionChange(before, after, fieldsOf(ctx.base), fieldsOf(ctx.head));
    const what = h.kind === 'segment' ? 'membership rule' : `${code(key)}`;
    const effect = dir === 'tightened' ? ': fewer records match' : dir === 'loosened' ? ': more records match' : '';
    add(ctx, {
      ...base,
      id: `${kindSlug}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-changed`,
      class: 'behavioural',
      message: `${label(h.kind, h.id)}: ${what} ${dir === 'changed' ? 'changed' : dir}${effect}.`,
    });
    return;
  }
  if (h.kind === 'field' && (key === 'type' || key === 'system')) {
    add(ctx, {
      ...base,
      id: `field-${key}-changed`,
      class: 'breaking',
      message: `${label(h.kind, h.id)}: ${key} changed from ${show(before)} to ${show(after)}; conditions, integrations and reports that read it may break.`,
    });
    return;
  }
  if (h.kind === 'field' && key === 'values') {
    const bv = new Set((Array.isArray(before) ? before : []).map(String));
    const hv = new Set((Array.isArray(after) ? after : []).map(String));
    const removed = [...bv].filter((v) => !hv.has(v));
    const added = [...hv].filter((v) => !bv.has(v));
    if (removed.length)
      add(ctx, {
        ...base,
        id: 'field-value-removed',
        class: 'breaking',
        message: `${label(h.kind, h.id)}: allowed value${removed.length > 1 ? 's' : ''} ${removed.map((v) => code(v)).join(', ')} removed; records holding ${removed.length > 1 ? 'them' : 'it'} become invalid.`,
      });
    if (added.length)
      add(ctx, {
        ...base,
        id: 'field-value-added',
        class: 'behavioural',
        message: `${label(h.kind, h.id)}: allowed value${added.length > 1 ? 's' : ''} ${added.map((v) => code(v)).join(', ')} added.`,
      });
    return;
  }
  if (h.kind === 'stage' && key === 'forecastCategory') {
    add(ctx, {
      ...base,
      id: 'stage-forecast-category-changed',
      class: 'behavioural',
      message: `${label(h.kind, h.id)}: deals in it now count in forecast category ${show(after)} (was ${show(before)}).`,
    });
    return;
  }
  add(ctx, {
    ...base,
    id: `${kindSlug}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-changed`,
    class: 'behavioural',
    message: `${label(h.kind, h.id)}: ${code(key)} ${before === undefined ? `set to ${show(after)}` : after === undefined ? 'removed' : `changed from ${show(before)} to ${show(after)}`}.`,
  });
}

/** Every change between two maps. A missing base is an empty map: everything is added. */
export function diffModels(base: Model | undefined, head: Model, now: Date = new Date(), options: { positions?: boolean } = {}): Change[] {
  withPositions = options.positions !== false;
  try {
    return diffModelsAt(base, head, now);
  } finally {
    withPositions = true;
  }
}

function diffModelsAt(base: Model | undefined, head: Model, now: Date): Change[] {
  const empty = base === undefined;
  const b = base ?? emptyModel(head);
  const ctx: Ctx = { base: b, head, out: [] };
  const kinds = new Set<Kind>([...b.entities.keys(), ...head.entities.keys()]);
  for (const kind of kinds) {
    const bm = b.entities.get(kind) ?? new Map<string, EntityRef>();
    const hm = head.entities.get(kind) ?? new Map<string, EntityRef>();
    const removed: EntityRef[] = [];
    const added: EntityRef[] = [];
    for (const [id, br] of bm) {
      const hr = hm.get(id);
      if (!hr) {
        removed.push(br);
        continue;
      }
      const bc = content(kind, br.entity);
      const hc = content(kind, hr.entity);
      for (const key of new Set([...Object.keys(bc), ...Object.keys(hc)])) {
        if (stable(bc[key]) !== stable(hc[key])) compareKey(ctx, br, hr, key, bc[key], hc[key]);
      }
    }
    for (const [id, hr] of hm) if (!bm.has(id)) added.push(hr);
    // a removed id and an added id with the same content: most likely the id was renamed
    const bySig = new Map<string, EntityRef[]>();
    for (const r of removed) {
      const sig = stable(content(kind, r.entity));
      bySig.set(sig, [...(bySig.get(sig) ?? []), r]);
    }
    const renamedFrom = new Map<EntityRef, EntityRef>();
    for (const a of added) {
      const list = bySig.get(stable(content(kind, a.entity)));
      const r = list?.shift();
      if (r) renamedFrom.set(a, r);
    }
    const renamedIds = new Set([...renamedFrom.values()]);
    for (const r of removed) {
      if (renamedIds.has(r)) continue;
      const users = referrers(b, kind, r.id).filter((x) => x.from?.id !== r.id || x.from.kind !== kind);
      const cls =
        kind === 'routing rule'
          ? 'behavioural'
          : kind === 'decision domain'
            ? 'ownership'
            : DEPENDED_ON.has(kind) || users.length
              ? 'breaking'
              : 'behavioural';
      if (kind === 'routing rule') continue; // reported with its effect by ./routing.ts
      add(ctx, {
        id: `${slug(kind)}-removed`,
        class: cls,
        entity: entityOf(b, r),
        message: `${label(kind, r.id)} removed${users.length ? `; ${users.length} reference${users.length === 1 ? '' : 's'} to it in the base map` : ''}${kind === 'stage' ? ': open deals in this stage have nowhere to sit' : ''}.`,
        before: r.entity,
        location: place(b, 'base', r.path),
      });
    }
    for (const a of added) {
      const from = renamedFrom.get(a);
      if (from) {
        const users = referrers(b, kind, from.id).length;
        add(ctx, {
          id: `${slug(kind)}-id-renamed`,
          class: users || DEPENDED_ON.has(kind) ? 'breaking' : 'text',
          entity: entityOf(head, a),
          message: `${label(kind, a.id)} is most likely ${code(from.id)} under a new id (same content)${users ? `; ${users} reference${users === 1 ? '' : 's'} used the old id` : ''}. Systems and reports that store the old id must follow.`,
          before: from.id,
          after: a.id,
          location: place(head, 'head', a.path),
        });
        continue;
      }
      if (kind === 'routing rule' && !empty) continue;
      const cls: ChangeClass = ['team', 'role', 'decision domain'].includes(kind)
        ? 'ownership'
        : empty
          ? 'text'
          : kind === 'field' || kind === 'metric' || kind === 'initiative'
            ? 'text'
            : 'behavioural';
      add(ctx, {
        id: `${slug(kind)}-added`,
        class: cls,
        entity: entityOf(head, a),
        message: `${label(kind, a.id)} added${a.entity.name ? ` ("${t(a.entity.name)}")` : ''}.`,
        after: a.entity,
        location: place(head, 'head', a.path),
      });
    }
  }
  if (!empty) {
    const affected = routingDiff(b, head, now);
    const headVersion = new Map(affected.filter((r) => r.side === 'head').map((r) => [r.rule.id, r]));
    for (const r of affected) {
      // a rule affected on both sides is reported once, at its head version, with the changes found from either
      if (r.side === 'base' && headVersion.has(r.rule.id)) {
        headVersion.get(r.rule.id)!.changes.unshift(...r.changes);
        continue;
      }
    }
    for (const r of affected) {
      if (r.side === 'base' && headVersion.has(r.rule.id)) continue;
      const m = r.side === 'base' ? b : head;
      const ref = m.entities.get('routing rule')?.get(r.rule.id);
      if (!ref) continue;
      const pos = r.why === 'moved' ? ` to position ${r.index + 1}` : '';
      const found = r.changes.length;
      add(ctx, {
        id: `routing-rule-${r.why === 'scope' ? 'scope-changed' : r.why}`,
        class: 'behavioural',
        entity: entityOf(m, ref),
        message: `Routing rule ${code(r.rule.id)} ${r.why === 'scope' ? 'routes different records (its segment or a field it reads changed)' : r.why}${pos}: ${found ? `${found} change${found === 1 ? '' : 's'} of who gets the record` : 'no record was found whose outcome changes (not proven: check the rule)'}.`,
        before: r.side === 'base' ? r.rule : undefined,
        after: r.side === 'head' ? r.rule : undefined,
        location: place(m, r.side, ref.path),
        routing: { region: r.region, why: r.why, changes: r.changes },
      });
    }
  }
  return ctx.out;
}

function emptyModel(head: Model): Model {
  return {
    ...head,
    map: Object.fromEntries(Object.keys(head.map).map((k) => [k, []])) as unknown as Model['map'],
    entities: new Map(),
    all: [],
    references: [],
    referrersOf: new Map(),
    conditions: [],
    origins: Object.fromEntries(Object.keys(head.origins).map((k) => [k, []])) as unknown as Model['origins'],
    duplicates: [],
    files: [],
  };
}

export function sortChanges(changes: Change[]): Change[] {
  const rank = (c: Change): number => CLASSES.indexOf(c.class);
  return changes.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      a.location.line - b.location.line ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export type { Diagnostic };
