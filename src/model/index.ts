// The typed map: sections merged across files, an index of every entity by kind and id,
// and the way back from a model path to file:line:column.
import { type Diagnostic, type ModelPath, type Severity, docsUrl } from '../diagnostic.js';
import type { LoadedMap, Location, SourceFile } from '../load/index.js';

export type { Location } from '../load/index.js';
import { append, isObject } from '../text.js';
import { isSection, type Kind, SECTION_INFO, SECTION_KIND, SECTIONS } from './sections.js';
import { REFERENCE_SITES } from './format.generated.js';
import {
  type Entity,
  type GtMap,
  type Header,
  type Id,
  type MapTests,
  type SectionName,
  TEST_SECTIONS,
  type TestSectionName,
} from './types.js';

export * from './sections.js';
export * from './types.js';

export interface EntityRef<E extends Entity = Entity> {
  kind: Kind;
  id: Id;
  entity: E;
  path: ModelPath;
}

export interface Origin {
  file: SourceFile;
  index: number;
}

export interface Model {
  dir: string;
  header: Header;
  headerFile: SourceFile | undefined;
  map: GtMap;
  /** Test cases beside the map (`routingTests:`, `stageTests:` in any file), merged in file order. */
  tests: MapTests;
  files: SourceFile[];
  /** Where each merged list item came from (sections and test lists). */
  origins: Record<SectionName | TestSectionName, Origin[]>;
  /** First declaration of each id, per kind. */
  entities: Map<Kind, Map<Id, EntityRef>>;
  /** Every entity in document order. */
  all: EntityRef[];
  /** Later declarations of an id already declared (reported by validate). */
  duplicates: { first: EntityRef; again: EntityRef }[];
  /** Every reference by id in the map, resolved or not: the reference graph. */
  references: Reference[];
  /** Every condition in the map, where it sits. */
  conditions: ConditionSite[];
  /** References by target kind and id, for `referrers`. */
  referrersOf: Map<Kind, Map<Id, Reference[]>>;
}

export interface Reference {
  /** The entity that holds the reference; undefined when that entity has no id. */
  from: EntityRef | undefined;
  /** Model path of the referring value, e.g. ['handoffs', 2, 'owner'] or ['segments', 0, 'rule', 'all', 1, 'field']. */
  via: ModelPath;
  /** The reference site it was found through, e.g. 'handoffs.*.owner' or 'segments.*.rule' for a field in a condition. */
  site: string;
  kind: Kind;
  id: Id;
  /** The reference is a condition's `field`; the condition's type check reports it when it does not resolve. */
  inCondition: boolean;
}

export interface ConditionSite {
  from: EntityRef | undefined;
  path: ModelPath;
  site: string;
  condition: unknown;
}

export const HEADER = '$header';

/** Leaves an item of a file's section out of the model (lint uses this to skip broken entities). */
export type Exclude = (file: SourceFile, section: SectionName, index: number) => boolean;

export function buildModel(loaded: LoadedMap, exclude?: Exclude): Model {
  const builder = modelBuilder(loaded.dir, exclude);
  for (const file of loaded.files) builder.add(file);
  return builder.finish();
}

/**
 * Builds a model one file at a time, in the map's file order, so that a big map's model is made
 * while its later files are still being parsed (src/check.ts). `finish` gives exactly what
 * adding every file at once would: each section's entities, references and conditions are kept
 * apart as they come and joined in section order at the end.
 */
export interface ModelBuilder {
  add(file: SourceFile): void;
  finish(): Model;
}

/** What one section contributed, in file order. */
interface Part {
  all: EntityRef[];
  duplicates: Model['duplicates'];
  references: Reference[];
  conditions: ConditionSite[];
}

export function modelBuilder(dir: string, exclude?: Exclude): ModelBuilder {
  const map = Object.fromEntries(SECTIONS.map((s) => [s, []])) as unknown as GtMap;
  const tests = Object.fromEntries(TEST_SECTIONS.map((s) => [s, []])) as unknown as MapTests;
  const origins = Object.fromEntries([...SECTIONS, ...TEST_SECTIONS].map((s) => [s, []])) as unknown as Model['origins'];
  const parts = new Map<SectionName, Part>(SECTIONS.map((s) => [s, { all: [], duplicates: [], references: [], conditions: [] }]));
  const entities = new Map<Kind, Map<Id, EntityRef>>();
  const files: SourceFile[] = [];
  let header = { apiVersion: '', company: '' } as unknown as Header;
  let headerFile: SourceFile | undefined;
  const sites = referenceSites();
  const add = (part: Part, kind: Kind, entity: unknown, path: ModelPath): EntityRef | undefined => {
    if (!isObject(entity) || typeof entity.id !== 'string') return undefined;
    const ref: EntityRef = { kind, id: entity.id, entity: entity as unknown as Entity, path };
    let byId = entities.get(kind);
    if (!byId) entities.set(kind, (byId = new Map()));
    const first = byId.get(ref.id);
    if (first) part.duplicates.push({ first, again: ref });
    else byId.set(ref.id, ref);
    part.all.push(ref);
    return ref;
  };
  return {
    add(file) {
      files.push(file);
      if (file.isHeader) {
        headerFile = file;
        if (isObject(file.data)) header = file.data as unknown as Header;
        return;
      }
      if (!isObject(file.data)) return;
      for (const [key, value] of Object.entries(file.data)) {
        if ((TEST_SECTIONS as readonly string[]).includes(key) && Array.isArray(value)) {
          value.forEach((item, index) => {
            (tests[key as TestSectionName] as unknown[]).push(item);
            origins[key as TestSectionName].push({ file, index });
          });
          continue;
        }
        if (!isSection(key) || !Array.isArray(value)) continue;
        const section = key as SectionName;
        const list = map[section] as unknown[];
        const part = parts.get(section)!;
        const kind = SECTION_KIND[section];
        const child = (SECTION_INFO[section] as { child?: { key: string; kind: string } }).child;
        value.forEach((item, index) => {
          if (exclude?.(file, section, index)) return;
          const i = list.length;
          list.push(item);
          origins[section].push({ file, index });
          const holder = add(part, kind, item, [section, i]);
          const children = child && isObject(item) ? item[child.key] : undefined;
          const held = Array.isArray(children)
            ? children.map((c, j) => add(part, child!.kind as Kind, c, [section, i, child!.key, j]))
            : undefined;
          collectReferences(part, sites.get(section), section, i, item, holder, held);
        });
      }
    },
    finish() {
      const model: Model = {
        dir,
        header,
        headerFile,
        map,
        tests,
        files,
        origins,
        entities: new Map(),
        all: [],
        duplicates: [],
        references: [],
        conditions: [],
        referrersOf: new Map(),
      };
      for (const section of SECTIONS) {
        const part = parts.get(section)!;
        append(model.all, part.all);
        append(model.duplicates, part.duplicates);
        append(model.references, part.references);
        append(model.conditions, part.conditions);
      }
      // kinds in map order too (the order of their first entity), however the files came in:
      // diff and the site's history list changes in this order
      for (const ref of model.all) if (!model.entities.has(ref.kind)) model.entities.set(ref.kind, entities.get(ref.kind)!);
      // by kind, then id: a joined string key would be built (and hashed) once per reference
      for (const ref of model.references) {
        let byId = model.referrersOf.get(ref.kind);
        if (!byId) model.referrersOf.set(ref.kind, (byId = new Map()));
        const list = byId.get(ref.id);
        if (list) list.push(ref);
        else byId.set(ref.id, [ref]);
      }
      return model;
    },
  };
}

interface Site {
  site: string;
  kind: string;
  /** The pattern after the entity: after [section, *], or after [section, *, childKey, *]. */
  rest: readonly string[];
}

type SectionSites = { parent: Site[]; child: Site[]; childKey?: string };
let sitesBySection: Map<SectionName, SectionSites> | undefined;

/** The reference sites the schema declares, by section: on the entity, or on its children. */
function referenceSites(): Map<SectionName, SectionSites> {
  if (sitesBySection) return sitesBySection;
  const bySection = new Map<SectionName, SectionSites>();
  for (const { path, kind } of REFERENCE_SITES) {
    const section = path[0] as SectionName;
    const childKey = (SECTION_INFO[section] as { child?: { key: string } }).child?.key;
    const entry = bySection.get(section) ?? { parent: [], child: [], childKey };
    const inChild = childKey !== undefined && path[2] === childKey && path[3] === '*';
    (inChild ? entry.child : entry.parent).push({ site: path.join('.'), kind, rest: path.slice(inChild ? 4 : 2) });
    bySection.set(section, entry);
  }
  return (sitesBySection = bySection);
}

// one path stack for the whole walk, copied only when a reference is found: 20,000 entities
// times 55 sites would otherwise allocate a path array per step
const stack: (string | number)[] = [];

/**
 * The references and conditions of one entity (item `i` of `section`) and of its children, in
 * map order (entity, its children, then site), so the graph needs no sorting.
 */
function collectReferences(
  part: Part,
  sites: SectionSites | undefined,
  section: SectionName,
  i: number,
  item: unknown,
  holder: EntityRef | undefined,
  held: (EntityRef | undefined)[] | undefined,
): void {
  if (!sites || !isObject(item)) return;
  stack.length = 0;
  stack.push(section, i);
  for (const s of sites.parent) visit(part, item, s, 0, holder);
  const children = sites.childKey !== undefined ? item[sites.childKey] : undefined;
  if (!sites.child.length || !Array.isArray(children)) return;
  children.forEach((c, j) => {
    const from = held?.[j] ?? holder;
    stack.length = 0;
    stack.push(section, i, sites.childKey!, j);
    for (const s of sites.child) visit(part, c, s, 0, from);
  });
}

/** A reference at the path on the stack, when the value there is an id. */
function reference(part: Part, value: unknown, from: EntityRef | undefined, site: string, kind: Kind, inCondition: boolean): void {
  if (typeof value !== 'string') return;
  part.references.push({ from, via: stack.slice(), site, kind, id: value, inCondition });
}

/** The fields a condition reads, through `all`, `any` and `not`. */
function fieldsIn(part: Part, c: unknown, from: EntityRef | undefined, site: string): void {
  if (!isObject(c)) return;
  if (typeof c.field === 'string') {
    stack.push('field');
    reference(part, c.field, from, site, 'field', true);
    stack.pop();
    // a comparison with another field refers to that field too
    for (const [op, v] of Object.entries(c)) {
      if (op === 'field' || !isObject(v) || typeof v.field !== 'string' || Object.keys(v).length !== 1) continue;
      stack.push(op, 'field');
      reference(part, v.field, from, site, 'field', true);
      stack.pop();
      stack.pop();
    }
  }
  for (const key of ['all', 'any'] as const) {
    const list = c[key];
    if (!Array.isArray(list)) continue;
    stack.push(key);
    list.forEach((x, i) => {
      stack.push(i);
      fieldsIn(part, x, from, site);
      stack.pop();
    });
    stack.pop();
  }
  if ('not' in c) {
    stack.push('not');
    fieldsIn(part, c.not, from, site);
    stack.pop();
  }
}

/** Follows a reference site's pattern from `node`, `depth` segments in, recording what it reaches. */
function visit(part: Part, node: unknown, s: Site, depth: number, from: EntityRef | undefined): void {
  if (depth === s.rest.length) {
    if (node === undefined || node === null) return;
    if (s.kind === 'condition') {
      part.conditions.push({ from, path: stack.slice(), site: s.site, condition: node });
      fieldsIn(part, node, from, s.site);
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => {
        stack.push(i);
        reference(part, v, from, s.site, s.kind as Kind, false);
        stack.pop();
      });
    } else reference(part, node, from, s.site, s.kind as Kind, false);
    return;
  }
  const seg = s.rest[depth]!;
  if (seg === '*') {
    if (!Array.isArray(node)) return;
    node.forEach((x, i) => {
      stack.push(i);
      visit(part, x, s, depth + 1, from);
      stack.pop();
    });
  } else if (isObject(node) && seg in node) {
    stack.push(seg);
    visit(part, node[seg], s, depth + 1, from);
    stack.pop();
  }
}

/** Who refers to an entity: every reference to `kind` `id`, in map order. */
export function referrers(model: Model, kind: Kind, id: Id): readonly Reference[] {
  return model.referrersOf.get(kind)?.get(id) ?? [];
}

export function lookup<E extends Entity = Entity>(model: Model, kind: Kind, id: unknown): EntityRef<E> | undefined {
  return typeof id === 'string' ? (model.entities.get(kind)?.get(id) as EntityRef<E> | undefined) : undefined;
}

export function idsOf(model: Model, kind: Kind): string[] {
  return [...(model.entities.get(kind)?.keys() ?? [])];
}

/** The file a model path lives in and the path inside that file's document. */
export function resolvePath(model: Model, path: ModelPath): { file: SourceFile; docPath: ModelPath } | undefined {
  const [head, index, ...rest] = path;
  if (head === HEADER) return model.headerFile ? { file: model.headerFile, docPath: path.slice(1) } : undefined;
  const origin = (model.origins as Record<string, Origin[] | undefined>)[head as string]?.[index as number];
  if (!origin) return undefined;
  return { file: origin.file, docPath: [head as string, origin.index, ...rest] };
}

/** file:line:column of a model path (see SourceFile.locate). */
export function locate(model: Model, path: ModelPath, target: 'key' | 'value' = 'value'): Location | undefined {
  const r = resolvePath(model, path);
  return r?.file.locate(r.docPath, target);
}

export function diagnosticAt(
  model: Model,
  ruleId: string,
  severity: Severity,
  message: string,
  path: ModelPath,
  target: 'key' | 'value' = 'value',
): Diagnostic {
  const loc = locate(model, path, target) ?? { file: model.headerFile?.file ?? model.dir, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { ruleId, severity, message, ...loc, path, docsUrl: docsUrl(ruleId) };
}

/** Where an entity is declared, for messages: "map/teams.yaml:12". */
export function declaredAt(model: Model, ref: EntityRef): string {
  const loc = locate(model, ref.path);
  return loc ? `${loc.file}:${loc.line}` : '?';
}

const sectionFiles = new WeakMap<Model, Map<SectionName, string | undefined>>();

/** Where a section is declared, for messages: "map/teams.yaml", or "map/teams/a.yaml and 3 other files"; read once per model and section. */
export function sectionFile(model: Model, section: SectionName): string | undefined {
  let known = sectionFiles.get(model);
  if (!known) sectionFiles.set(model, (known = new Map()));
  if (known.has(section)) return known.get(section);
  const files = [...new Set(model.origins[section].map((o) => o.file.file))];
  const said = files.length <= 1 ? files[0] : `${files[0]} and ${files.length - 1} other file${files.length === 2 ? '' : 's'}`;
  known.set(section, said);
  return said;
}
