// What every page's view model reads: the model, where entities live, reverse relations
// (who owns what, who reads which field) and the lint findings attached to entities.
import type { Diagnostic } from '../diagnostic.js';
import type { SourceFile } from '../load/source.js';
import { type EntityRef, HEADER, type Model, resolvePath } from '../model/index.js';
import { type GtMap, type Kind, SECTION_INFO, SECTION_KIND, type SectionName } from '../model/index.js';
import type { SiteHistory } from './history.js';
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
  /** Where an entity is declared: "routing.yaml:42" (the line of its `id:`), linked when the header names a repository. */
  provenance(kind: Kind, id: string): Provenance | null;
  /** The web editor's address of a map file, when the header sets `editUrl`. */
  editHref(rel: string): string | null;
  /** Map-relative file of a diagnostic. */
  relFile(file: string): string;
  /** The map's recent history from git, when the build was given it. */
  history: SiteHistory | undefined;
}

export interface Provenance {
  /** "routing.yaml:42", or the file alone when the line is not known. */
  label: string;
  file: string;
  line: number | null;
  /** The file (at the line) in the repository's file browser, when `repository` is set. */
  href: string | null;
  /** The file in the repository's web editor, when `editUrl` is set. */
  editHref: string | null;
}

const ID_LINE = /^[ \t]*(?:-[ \t]+)?id:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(?:#.*)?$/;

/**
 * The line of each `id: x` in a file's text, by id: one linear scan instead of the positional
 * parse (which costs more than the rest of the build). Ids are recorded only when a line says
 * `id:` in block style; a criterion's or a flow-style entity's id makes a count mismatch, and
 * the caller then gives no line rather than a wrong one.
 */
function idLines(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // cheap pre-check before the regular expression
    const chunk = text.slice(start, end);
    if (chunk.includes('id:')) {
      const m = ID_LINE.exec(chunk);
      if (m) {
        const list = out.get(m[2]!);
        if (list) list.push(line);
        else out.set(m[2]!, [line]);
      }
    }
    line++;
    start = end + 1;
  }
  return out;
}

/** Joins a configured base address and a map-relative file path. */
function under(base: string, rel: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${rel.split('/').map(encodeURIComponent).join('/')}`;
}

/** Each entity's declaration line, when exactly one entity of its file has its id and one line declares it. */
export function entityLines(model: Model): (ref: EntityRef) => number | null {
  const perFile = new Map<SourceFile, { lines: Map<string, number[]>; entities: Map<string, number> }>();
  const fileOf = (ref: EntityRef): SourceFile | undefined => resolvePath(model, ref.path)?.file;
  const info = (file: SourceFile): { lines: Map<string, number[]>; entities: Map<string, number> } => {
    let i = perFile.get(file);
    if (!i) perFile.set(file, (i = { lines: idLines(file.text), entities: new Map() }));
    return i;
  };
  let counted = false;
  return (ref) => {
    if (!counted) {
      counted = true;
      for (const r of model.all) {
        const f = fileOf(r);
        if (f) {
          const e = info(f).entities;
          e.set(r.id, (e.get(r.id) ?? 0) + 1);
        }
      }
    }
    const f = fileOf(ref);
    if (!f) return null;
    const i = info(f);
    const lines = i.lines.get(ref.id);
    return lines?.length === 1 && i.entities.get(ref.id) === 1 ? lines[0]! : null;
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else m.set(k, [v]);
}

/** Target id -> referring entity ids, one relation per reference site. */
const BY_SITE: Partial<Record<string, keyof Relations>> = {
  'segments.*.coveredBy.*': 'covers',
  'routing.*.assign.team': 'routedTo',
  'routing.*.segment': 'rulesForSegment',
  'handoffs.*.to': 'handoffsIn',
  'handoffs.*.from': 'handoffsOut',
  'handoffs.*.stage': 'handoffsAt',
  'cadences.*.owner': 'runs',
  'cadences.*.chair': 'chairs',
  'decisionRights.*.owner': 'decisionOwns',
  'decisionRights.*.influences.*': 'decisionInfluences',
  'decisionRights.*.escalatesTo': 'decisionEscalations',
  'decisionRights.*.decidedIn': 'cadenceDomains',
  'pipelines.*.stages.*.forecastCategory': 'stagesInCategory',
  'incentives.*.role': 'plansForRole',
  'incentives.*.measures.*.paidOnStage': 'paidOn',
  'incentives.*.measures.*.paidOnCategory': 'paidOn',
  'fields.*.requiredAt.*': 'requiredAt',
  'forecast.*.caller': 'calls',
};

/** What a field or metric is read by, in words, per reference site. */
const READ_AS: Record<string, string> = {
  'segments.*.rule': 'membership rule',
  'demandSources.*.qualifiedWhen': 'qualification rule',
  'demandSources.*.responseSla.measuredBy.from': 'response SLA clock',
  'demandSources.*.responseSla.measuredBy.to': 'response SLA clock',
  'demandSources.*.responseSla.measuredBy.metric': 'response SLA',
  'routing.*.when': 'routing condition',
  'pipelines.*.stages.*.exitCriteria.*.check': 'exit criterion',
  'handoffs.*.trigger.check': 'trigger',
  'handoffs.*.acceptance.*.check': 'acceptance criterion',
  'forecastCategories.*.evidence.*.check': 'required evidence',
  'lifecycle.*.entry.check': 'entry signal',
  'lifecycle.*.exit.check': 'exit condition',
  'lifecycle.*.signals.*.check': 'watched signal',
  'cadences.*.inputs.*.field': 'meeting input',
  'cadences.*.inputs.*.metric': 'meeting input',
  'incentives.*.measures.*.metric': 'pay',
  'metrics.*.source.fields.*': 'source field',
};

function addReader(m: Map<string, FieldReader[]>, target: string, reader: FieldReader): void {
  const list = m.get(target) ?? [];
  if (!list.some((x) => x.kind === reader.kind && x.id === reader.id && x.via === reader.via)) list.push(reader);
  m.set(target, list);
}

/** The reverse relations the pages show, as queries over the model's reference graph. */
export function buildRelations(model: Model): Relations {
  const r: Relations = {
    roleTeam: new Map(),
    stagePipeline: new Map(),
    owned: new Map(),
    covers: new Map(),
    routedTo: new Map(),
    handoffsIn: new Map(),
    handoffsOut: new Map(),
    runs: new Map(),
    attends: new Map(),
    decisionOwns: new Map(),
    decisionInfluences: new Map(),
    decisionEscalations: new Map(),
    fieldReaders: new Map(),
    stagesInCategory: new Map(),
    plansForRole: new Map(),
    cadenceDomains: new Map(),
    paidOn: new Map(),
    requiredAt: new Map(),
    handoffsAt: new Map(),
    rulesForSegment: new Map(),
    metricUsers: new Map(),
    calls: new Map(),
    chairs: new Map(),
  };
  // containment, not references: the team a role sits in, the pipeline a stage sits in
  for (const t of model.map.teams) for (const role of t.roles ?? []) if (!r.roleTeam.has(role.id)) r.roleTeam.set(role.id, t.id);
  for (const p of model.map.pipelines) for (const st of p.stages ?? []) if (!r.stagePipeline.has(st.id)) r.stagePipeline.set(st.id, p.id);
  for (const ref of model.references) {
    const from = ref.from;
    if (!from) continue;
    const last = ref.via[ref.via.length - 1];
    if (ref.kind === 'team' && (last === 'owner' || ref.via[ref.via.length - 2] === 'owner'))
      push(r.owned, ref.id, { kind: from.kind, id: from.id } as Key);
    if (ref.site === 'cadences.*.attendees.*') {
      if (ref.id !== (from.entity as { owner?: unknown }).owner) push(r.attends, ref.id, from.id);
    } else if (ref.site === 'cadences.*.decides.*') push(r.cadenceDomains, from.id, ref.id);
    const relation = BY_SITE[ref.site];
    if (relation) push(r[relation] as Map<string, string[]>, ref.id, from.id);
    const via = READ_AS[ref.site];
    if (via && ref.kind === 'field') addReader(r.fieldReaders, ref.id, { kind: from.kind, id: from.id, via });
    if (via && ref.kind === 'metric') addReader(r.metricUsers, ref.id, { kind: from.kind, id: from.id, via });
  }
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

/** Where each entity's lines are, per file: for findings that carry no model path (YAML, suppressions). */
function entitySpans(model: Model): Map<string, Span[]> {
  const byFile = new Map<string, Span[]>();
  for (const ref of model.all) {
    const r = resolvePath(model, ref.path);
    const lines = r?.file.lineSpan(r.docPath);
    if (!r || !lines) continue;
    const list = byFile.get(r.file.file) ?? [];
    list.push({ ref, file: r.file.file, ...lines });
    byFile.set(r.file.file, list);
  }
  return byFile;
}

export function attachFindings(model: Model, diagnostics: readonly Diagnostic[]): Findings {
  const byEntity = new Map<string, Diagnostic[]>();
  const entityOf = new Map<Diagnostic, Key | undefined>();
  let spans: Map<string, Span[]> | undefined;
  for (const d of diagnostics) {
    let ref = entityAtPath(model, d.path);
    if (!ref) {
      spans ??= entitySpans(model);
      // the innermost entity whose lines contain the diagnostic
      let best: Span | undefined;
      for (const s of spans.get(d.file) ?? []) {
        if (s.from <= d.line && d.line <= s.to && (!best || s.to - s.from <= best.to - best.from)) best = s;
      }
      ref = best?.ref;
    }
    const key = ref ? { kind: ref.kind, id: ref.id } : undefined;
    entityOf.set(d, key);
    if (key) push(byEntity, keyOf(key.kind, key.id), d);
  }
  return { byEntity, entityOf, all: [...diagnostics] };
}

export function buildContext(model: Model, diagnostics: readonly Diagnostic[], history?: SiteHistory): RenderContext {
  const places = computePlaces(model);
  const relByFile = new Map(model.files.map((f) => [f.file, f.rel]));
  const repository = model.header.repository ?? null;
  const editUrl = model.header.editUrl ?? null;
  const lineOf = entityLines(model);
  const editHref = (rel: string): string | null => (editUrl ? under(editUrl, rel) : null);
  const provenanceOf = (kind: Kind, id: string): Provenance | null => {
    const ref = model.entities.get(kind)?.get(id);
    const file = ref ? resolvePath(model, ref.path)?.file.rel : undefined;
    if (!ref || !file) return null;
    const line = lineOf(ref);
    return {
      label: line === null ? file : `${file}:${line}`,
      file,
      line,
      href: repository ? `${under(repository, file)}${line === null ? '' : `#L${line}`}` : null,
      editHref: editHref(file),
    };
  };
  const provenances = new Map<string, Provenance | null>();
  return {
    model,
    map: model.map,
    places,
    company: model.header.company || 'Our company',
    name: (kind, id) => model.entities.get(kind)?.get(id)?.entity.name,
    entity: <T>(kind: Kind, id: string) => model.entities.get(kind)?.get(id)?.entity as T | undefined,
    fieldName: (id) => model.entities.get('field')?.get(id)?.entity.name ?? id,
    rel: buildRelations(model),
    findings: attachFindings(model, diagnostics),
    // the file only: a line number would need the file's positional parse, which the loader
    // defers because it costs more than the rest of the build
    source: (kind, id) => {
      const ref = model.entities.get(kind)?.get(id);
      return ref ? (resolvePath(model, ref.path)?.file.rel ?? null) : null;
    },
    // asked for on every page an entity appears on (role pages repeat their team's): once each
    provenance: (kind, id) => {
      const key = keyOf(kind, id);
      let p = provenances.get(key);
      if (p === undefined) provenances.set(key, (p = provenanceOf(kind, id)));
      return p;
    },
    editHref,
    relFile: (file) => relByFile.get(file) ?? file,
    history,
  };
}
