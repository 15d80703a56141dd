// References and conditions, from the model's reference graph: every reference (a value the
// schema marks with `x-gtmap-ref`) must name an entity of that kind; every condition must type-check.
import { topKeys } from '../load/scan.js';
import type { Diagnostic, ModelPath } from '../diagnostic.js';
import { typecheck } from '../conditions/index.js';
import {
  type Field,
  KIND_INFO,
  type Kind,
  type KindInfo,
  type Model,
  diagnosticAt,
  declaredAt,
  idsOf,
  locate,
  lookup,
  sectionFile,
} from '../model/index.js';
import { didYouMean, type Suggester, suggester } from '../suggest.js';
import { entityLabel } from './schema.js';

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
  // a field with a broken `values` (the schema reports it) must not break the conditions that read it
  const lookupField = (id: string): Field | undefined => {
    const f = lookup<Field>(model, 'field', id)?.entity;
    if (!f || f.values === undefined || (Array.isArray(f.values) && f.values.every((v) => typeof v === 'string'))) return f;
    return { ...f, values: undefined };
  };
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
  for (const ref of model.references) {
    if (ref.inCondition || lookup(model, ref.kind, ref.id) || unreliable.has(ref.kind)) continue;
    const key = [...ref.via].reverse().find((seg) => typeof seg === 'string');
    const info = KIND_INFO[ref.kind];
    const file = sectionFile(model, info.section);
    const where = file ? ` ${info.plural} are declared in ${file}.` : ` No ${info.plural.toLowerCase()} are declared yet.`;
    out.push(
      diagnosticAt(
        model,
        'ref/unresolved',
        'error',
        `${label(ref.via)}\`${String(key)}\` names \`${ref.id}\`, which is not a ${info.label.toLowerCase()}.${didYouMean(ref.id, suggest(ref.kind))}${where}`,
        ref.via,
      ),
    );
  }
  for (const { condition, path } of model.conditions) {
    for (const issue of typecheck(condition, lookupField, () => idsOf(model, 'field'), fieldsFile)) {
      if (issue.ruleId === 'ref/unresolved' && unreliable.has('field')) continue;
      out.push(diagnosticAt(model, issue.ruleId, 'error', `${label(path)}${issue.message}`, [...path, ...issue.path], issue.target));
    }
  }
  for (const { first, again } of model.duplicates) {
    const kind = KIND_INFO[first.kind].label;
    const d = diagnosticAt(
      model,
      'ref/duplicate-id',
      'error',
      `${kind} id \`${again.id}\` is declared twice: here and at ${declaredAt(model, first)}. Ids must be unique per kind; rename one of them.`,
      [...again.path, 'id'],
    );
    const at = locate(model, [...first.path, 'id']);
    if (at) d.related = [{ ...at, message: `the first ${kind.toLowerCase()} \`${first.id}\`` }];
    out.push(d);
  }
  return out;
}
