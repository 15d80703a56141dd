// References and conditions, found by walking the data alongside the schema: every value the
// schema marks with `x-gtmap-ref` must name an entity of that kind; every condition must type-check.
import { readFileSync, readdirSync } from 'node:fs';
import { topKeys } from '../load/scan.js';
import type { Diagnostic, ModelPath } from '../diagnostic.js';
import { typecheck } from '../conditions/index.js';
import { type Field, KIND_INFO, type Kind, type KindInfo, type Model, diagnosticAt, declaredAt, idsOf, lookup, sectionFile } from '../model/index.js';
import { didYouMean, type Suggester, suggester } from '../suggest.js';
import { entityLabel } from './schema.js';

type Schema = Record<string, unknown> & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; 'x-gtmap-ref'?: string };

const schemaDir = new URL('../../schema/', import.meta.url);
let schemas: Map<string, Schema> | undefined;

function loadSchemas(): Map<string, Schema> {
  if (schemas) return schemas;
  schemas = new Map();
  for (const name of readdirSync(schemaDir)) {
    if (name.endsWith('.schema.json')) schemas.set(name, JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')) as Schema);
  }
  return schemas;
}

function resolveRef(ref: string, base: string): { schema: Schema; file: string } {
  const [file, pointer] = ref.split('#') as [string, string | undefined];
  const name = file || base;
  let s = loadSchemas().get(name) as unknown;
  for (const seg of (pointer ?? '').split('/').filter(Boolean)) s = (s as Record<string, unknown>)[seg];
  return { schema: s as Schema, file: name };
}

const CONDITION = 'condition.schema.json';

/**
 * Kinds whose declarations may be missing because a file that declares them did not parse:
 * an unresolved reference to one of them is most likely a consequence, not a second problem.
 */
function unreliableKinds(model: Model): Set<Kind> {
  const kinds = new Set<Kind>();
  for (const f of model.files) {
    if (f.isHeader || f.data !== undefined) continue;
    const keys = f.text ? topKeys(f.text) : undefined;
    for (const [kind, info] of Object.entries(KIND_INFO) as [Kind, KindInfo][]) {
      if (!keys || keys.includes(info.section)) kinds.add(kind);
    }
  }
  return kinds;
}

export function validateReferences(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unreliable = unreliableKinds(model);
  const fieldsFile = sectionFile(model, 'fields');
  const lookupField = (id: string): Field | undefined => lookup<Field>(model, 'field', id)?.entity;
  const label = (path: ModelPath): string => {
    const l = entityLabel(model.map, path);
    return l ? `${l}: ` : '';
  };
  // one suggester per kind: the ids are indexed once, however many references are broken
  const suggesters = new Map<Kind, Suggester>();
  const suggest = (kind: Kind): Suggester => {
    let s = suggesters.get(kind);
    if (!s) suggesters.set(kind, (s = suggester(idsOf(model, kind))));
    return s;
  };
  const visitRef = (kind: Kind, value: unknown, path: ModelPath): void => {
    if (typeof value !== 'string' || lookup(model, kind, value) || unreliable.has(kind)) return;
    const key = [...path].reverse().find((s) => typeof s === 'string');
    const info = KIND_INFO[kind];
    const file = sectionFile(model, info.section);
    const where = file ? ` ${info.plural} are declared in ${file}.` : ` No ${info.plural.toLowerCase()} are declared yet.`;
    out.push(diagnosticAt(model, 'ref/unresolved', 'error', `${label(path)}\`${String(key)}\` names \`${value}\`, which is not a ${info.label.toLowerCase()}.${didYouMean(value, suggest(kind))}${where}`, path));
  };
  const visitCondition = (cond: unknown, path: ModelPath): void => {
    for (const issue of typecheck(cond, lookupField, () => idsOf(model, 'field'), fieldsFile)) {
      if (issue.ruleId === 'ref/unresolved' && unreliable.has('field')) continue;
      out.push(diagnosticAt(model, issue.ruleId, 'error', `${label(path)}${issue.message}`, [...path, ...issue.path], issue.target));
    }
  };
  const walk = (schema: Schema, base: string, data: unknown, path: ModelPath): void => {
    if (schema.$ref) {
      const r = resolveRef(schema.$ref, base);
      if (r.file === CONDITION) return visitCondition(data, path);
      return walk(r.schema, r.file, data, path);
    }
    const kind = schema['x-gtmap-ref'] as Kind | undefined;
    if (kind) {
      if (Array.isArray(data)) data.forEach((v, i) => visitRef(kind, v, [...path, i]));
      else visitRef(kind, data, path);
      return;
    }
    if (Array.isArray(data) && schema.items) data.forEach((item, i) => walk(schema.items!, base, item, [...path, i]));
    else if (data && typeof data === 'object' && schema.properties) {
      for (const [k, v] of Object.entries(data)) {
        const sub = schema.properties[k];
        if (sub) walk(sub, base, v, [...path, k]);
      }
    }
  };
  walk(loadSchemas().get('map.schema.json')!, 'map.schema.json', model.map, []);
  for (const { first, again } of model.duplicates) {
    const kind = KIND_INFO[first.kind].label;
    out.push(diagnosticAt(model, 'ref/duplicate-id', 'error', `${kind} id \`${again.id}\` is declared twice: here and at ${declaredAt(model, first)}. Ids must be unique per kind; rename one of them.`, [...again.path, 'id']));
  }
  return out;
}
