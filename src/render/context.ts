// What every page's view model reads: the model, where entities live, reverse relations
// (who owns what, who reads which field) and the lint findings attached to entities.
import type { Diagnostic } from '../diagnostic.js';
import { fieldsRead } from '../conditions/index.js';
import { type EntityRef, findNode, HEADER, type Model, resolvePath } from '../model/index.js';
import { type Condition, type Criterion, type GtMap, type Kind, SECTION_INFO, SECTION_KIND, type SectionName } from '../model/index.js';
import { computePlaces, type Places } from './links.js';

export interface Key {
  kind: Kind;
  id: string;
}

export const keyOf = (kind: Kind, id: string): string => `${kind}\u0000${id}`;

/** Something that reads a field: a routing rule's condition, a stage's exit criterion... */
export interface FieldReader {
  kind: Kind;
  id: string;
  /** What in that entity reads it: "exit criterion", "membership rule"... */
  via: string;
}

export interface Relations {
  roleTeam: Map<string, string>;
  stagePipeline: Map<string, string>;
  /** Entities whose `owner` is the team, in map order. */
  owned: Map<string, Key[]>;
  covers: Map<string, string[]>;
  routedTo: Map<string, string[]>;
  handoffsIn: Map<string, string[]>;
  handoffsOut: Map<string, string[]>;
  runs: Map<string, string[]>;
  attends: Map<string, string[]>;
  decisionOwns: Map<string, string[]>;
  decisionInfluences: Map<string, string[]>;
  decisionEscalations: Map<string, string[]>;
  fieldReaders: Map<string, FieldReader[]>;
  stagesInCategory: Map<string, string[]>;
  plansForRole: Map<string, string[]>;
  /** Domains each cadence decides in (from `decides` and the domain's `decidedIn`). */
  cadenceDomains: Map<string, string[]>;
  /** Incentive plans paying on a stage or category. */
  paidOn: Map<string, string[]>;
  /** Fields that become required at a stage. */
  requiredAt: Map<string, string[]>;
  /** Handoffs that happen at a stage. */
  handoffsAt: Map<string, string[]>;
  /** Routing rules that name a segment. */
  rulesForSegment: Map<string, string[]>;
  /** What uses a metric: meetings, response SLAs, incentive plans. */
  metricUsers: Map<string, FieldReader[]>;
  /** Forecast processes a role calls, meetings a role chairs. */
  calls: Map<string, string[]>;
  chairs: Map<string, string[]>;
}

export interface Findings {
  /** Diagnostics attached to an entity, keyed by keyOf(kind, id). */
  byEntity: Map<string, Diagnostic[]>;
  /** The entity a diagnostic is about, or undefined when it concerns the map as a whole. */
  entityOf: Map<Diagnostic, Key | undefined>;
  all: Diagnostic[];
}

export interface RenderContext {
  model: Model;
  map: GtMap;
  places: Places;
  company: string;
  name(kind: Kind, id: string): string | undefined;
  entity<T>(kind: Kind, id: string): T | undefined;
  fieldName(id: string): string;
  rel: Relations;
  findings: Findings;
  /** Map-relative source file of an entity, e.g. "handoffs.yaml". */
  source(kind: Kind, id: string): string | null;
  /** Map-relative file of a diagnostic. */
  relFile(file: string): string;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else m.set(k, [v]);
}

function ownerList(owner: string | string[] | undefined): string[] {
  return owner === undefined ? [] : Array.isArray(owner) ? owner : [owner];
}

export function buildRelations(map: GtMap): Relations {
  const r: Relations = {
    roleTeam: new Map(), stagePipeline: new Map(), owned: new Map(), covers: new Map(), routedTo: new Map(),
    handoffsIn: new Map(), handoffsOut: new Map(), runs: new Map(), attends: new Map(), decisionOwns: new Map(),
    decisionInfluences: new Map(), decisionEscalations: new Map(), fieldReaders: new Map(), stagesInCategory: new Map(),
    plansForRole: new Map(), cadenceDomains: new Map(), paidOn: new Map(), requiredAt: new Map(), handoffsAt: new Map(),
    rulesForSegment: new Map(), metricUsers: new Map(), calls: new Map(), chairs: new Map(),
  };
  const uses = (metric: string | undefined, kind: Kind, id: string, via: string): void => {
    if (!metric) return;
    const list = r.metricUsers.get(metric) ?? [];
    if (!list.some((x) => x.kind === kind && x.id === id)) list.push({ kind, id, via });
    r.metricUsers.set(metric, list);
  };
  const own = (team: string | undefined, kind: Kind, id: string): void => {
    if (team) push(r.owned, team, { kind, id } as Key);
  };
  const reads = (cond: Condition | undefined, kind: Kind, id: string, via: string): void => {
    for (const f of fieldsRead(cond)) {
      const list = r.fieldReaders.get(f) ?? [];
      if (!list.some((x) => x.kind === kind && x.id === id && x.via === via)) list.push({ kind, id, via });
      r.fieldReaders.set(f, list);
    }
  };
  const readsCriteria = (cs: Criterion[] | undefined, kind: Kind, id: string, via: string): void => {
    for (const c of cs ?? []) reads(c.check, kind, id, via);
  };
  for (const t of map.teams) for (const role of t.roles ?? []) if (!r.roleTeam.has(role.id)) r.roleTeam.set(role.id, t.id);
  for (const s of map.segments) {
    for (const t of s.coveredBy ?? []) push(r.covers, t, s.id);
    reads(s.rule, 'segment', s.id, 'membership rule');
  }
  for (const d of map.demandSources) {
    own(d.owner, 'demand source', d.id);
    reads(d.qualifiedWhen, 'demand source', d.id, 'qualification rule');
    const m = d.responseSla?.measuredBy;
    uses(m?.metric, 'demand source', d.id, 'response SLA');
    for (const f of [m?.from, m?.to]) if (f) push(r.fieldReaders, f, { kind: 'demand source', id: d.id, via: 'response SLA clock' } as FieldReader);
  }
  for (const rule of map.routing) {
    if (rule.assign?.team) push(r.routedTo, rule.assign.team, rule.id);
    if (rule.segment) push(r.rulesForSegment, rule.segment, rule.id);
    reads(rule.when, 'routing rule', rule.id, 'routing condition');
  }
  for (const p of map.pipelines) {
    own(p.owner, 'pipeline', p.id);
    for (const s of p.stages ?? []) {
      if (!r.stagePipeline.has(s.id)) r.stagePipeline.set(s.id, p.id);
      if (s.forecastCategory) push(r.stagesInCategory, s.forecastCategory, s.id);
      readsCriteria(s.exitCriteria, 'stage', s.id, 'exit criterion');
    }
  }
  for (const h of map.handoffs) {
    own(h.owner, 'handoff', h.id);
    if (h.to) push(r.handoffsIn, h.to, h.id);
    if (h.from) push(r.handoffsOut, h.from, h.id);
    if (h.stage) push(r.handoffsAt, h.stage, h.id);
    reads(h.trigger?.check, 'handoff', h.id, 'trigger');
    readsCriteria(h.acceptance, 'handoff', h.id, 'acceptance criterion');
  }
  for (const c of map.forecastCategories) readsCriteria(c.evidence, 'forecast category', c.id, 'required evidence');
  for (const f of map.forecast) {
    own(f.owner, 'forecast process', f.id);
    if (f.caller) push(r.calls, f.caller, f.id);
  }
  for (const l of map.lifecycle) {
    own(l.owner, 'lifecycle stage', l.id);
    reads(l.entry?.check, 'lifecycle stage', l.id, 'entry signal');
    reads(l.exit?.check, 'lifecycle stage', l.id, 'exit condition');
    readsCriteria(l.signals, 'lifecycle stage', l.id, 'watched signal');
  }
  for (const c of map.cadences) {
    own(c.owner, 'cadence', c.id);
    if (c.owner) push(r.runs, c.owner, c.id);
    for (const t of c.attendees ?? []) if (t !== c.owner) push(r.attends, t, c.id);
    if (c.chair) push(r.chairs, c.chair, c.id);
    for (const i of c.inputs ?? []) {
      if (i.field) push(r.fieldReaders, i.field, { kind: 'cadence', id: c.id, via: 'meeting input' } as FieldReader);
      uses(i.metric, 'cadence', c.id, 'meeting input');
    }
    for (const d of c.decides ?? []) push(r.cadenceDomains, c.id, d);
  }
  for (const d of map.decisionRights) {
    for (const o of ownerList(d.owner)) {
      own(o, 'decision domain', d.id);
      push(r.decisionOwns, o, d.id);
    }
    for (const t of d.influences ?? []) push(r.decisionInfluences, t, d.id);
    if (d.escalatesTo) push(r.decisionEscalations, d.escalatesTo, d.id);
    if (d.decidedIn) push(r.cadenceDomains, d.decidedIn, d.id);
  }
  for (const f of map.fields) {
    own(f.owner, 'field', f.id);
    for (const st of f.requiredAt ?? []) push(r.requiredAt, st, f.id);
  }
  for (const plan of map.incentives) {
    if (plan.role) push(r.plansForRole, plan.role, plan.id);
    for (const m of plan.measures ?? []) {
      uses(m.metric, 'incentive plan', plan.id, 'pay');
      if (m.paidOnStage) push(r.paidOn, m.paidOnStage, plan.id);
      if (m.paidOnCategory) push(r.paidOn, m.paidOnCategory, plan.id);
    }
  }
  for (const m of map.metrics) {
    own(m.owner, 'metric', m.id);
    for (const f of m.source?.fields ?? []) push(r.fieldReaders, f, { kind: 'metric', id: m.id, via: 'source field' } as FieldReader);
  }
  for (const i of map.initiatives) own(i.owner, 'initiative', i.id);
  return r;
}

/** The entity a model path points into: ['pipelines', 0, 'stages', 2, 'exitCriteria'] -> that stage. */
export function entityAtPath(model: Model, path: readonly (string | number)[]): EntityRef | undefined {
  const [section, index, childKey, childIndex] = path;
  if (typeof section !== 'string' || section === HEADER || typeof index !== 'number') return undefined;
  const list = model.map[section as SectionName] as unknown as { id?: unknown; [k: string]: unknown }[] | undefined;
  const item = list?.[index];
  if (!item || typeof item.id !== 'string') return undefined;
  const child = (SECTION_INFO[section as SectionName] as { child?: { key: string; kind: Kind } } | undefined)?.child;
  if (child && childKey === child.key && typeof childIndex === 'number') {
    const c = (item[child.key] as { id?: unknown }[] | undefined)?.[childIndex];
    if (c && typeof c.id === 'string') {
      const ref = model.entities.get(child.kind)?.get(c.id);
      if (ref) return ref;
    }
  }
  return model.entities.get(SECTION_KIND[section as SectionName])?.get(item.id);
}

interface Span {
  ref: EntityRef;
  file: string;
  from: number;
  to: number;
}

function entitySpans(model: Model): Span[] {
  const spans: Span[] = [];
  for (const ref of model.all) {
    const r = resolvePath(model, ref.path);
    if (!r) continue;
    const { node, depth } = findNode(r.file, r.docPath);
    if (!node?.range || depth !== r.docPath.length) continue;
    spans.push({ ref, file: r.file.file, from: r.file.lineCounter.linePos(node.range[0]).line, to: r.file.lineCounter.linePos(node.range[1]).line });
  }
  return spans;
}

export function attachFindings(model: Model, diagnostics: readonly Diagnostic[]): Findings {
  const byEntity = new Map<string, Diagnostic[]>();
  const entityOf = new Map<Diagnostic, Key | undefined>();
  let spans: Span[] | undefined;
  for (const d of diagnostics) {
    let ref = entityAtPath(model, d.path);
    if (!ref) {
      spans ??= entitySpans(model);
      // the innermost entity whose lines contain the diagnostic
      let best: Span | undefined;
      for (const s of spans) {
        if (s.file === d.file && s.from <= d.line && d.line <= s.to && (!best || s.to - s.from <= best.to - best.from)) best = s;
      }
      ref = best?.ref;
    }
    const key = ref ? { kind: ref.kind, id: ref.id } : undefined;
    entityOf.set(d, key);
    if (key) push(byEntity, keyOf(key.kind, key.id), d);
  }
  return { byEntity, entityOf, all: [...diagnostics] };
}

export function buildContext(model: Model, diagnostics: readonly Diagnostic[]): RenderContext {
  const places = computePlaces(model);
  const relByFile = new Map(model.files.map((f) => [f.file, f.rel]));
  return {
    model,
    map: model.map,
    places,
    company: model.header.company || 'Our company',
    name: (kind, id) => model.entities.get(kind)?.get(id)?.entity.name,
    entity: <T>(kind: Kind, id: string) => model.entities.get(kind)?.get(id)?.entity as T | undefined,
    fieldName: (id) => model.entities.get('field')?.get(id)?.entity.name ?? id,
    rel: buildRelations(model.map),
    findings: attachFindings(model, diagnostics),
    // the file only: a line number would need the file's positional parse, which the loader
    // defers because it costs more than the rest of the build
    source: (kind, id) => {
      const ref = model.entities.get(kind)?.get(id);
      return ref ? resolvePath(model, ref.path)?.file.rel ?? null : null;
    },
    relFile: (file) => relByFile.get(file) ?? file,
  };
}
