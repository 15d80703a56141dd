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
  type Reference,
  sectionFile,
} from '../model/index.js';
import { suggestElsewhere } from '../load/parallel.js';
import { debugging } from '../debug.js';
import { didYouMean, type Suggester, suggester } from '../suggest.cjs';
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

/**
 * A suggester per kind for the values of `broken`, once asked: one index per kind of id, however
 * many references are broken. When the process has a running parse worker, the worker is asked
 * for every value at once, and answers while the caller goes on; what it cannot answer (it did
 * not in time, or a value was not asked) is worked out here.
 */
function suggestions(model: Model, broken: readonly Reference[]): () => (kind: Kind) => Suggester {
  const local = new Map<Kind, Suggester>();
  const here = (kind: Kind): Suggester => {
    let s = local.get(kind);
    if (!s) local.set(kind, (s = suggester(idsOf(model, kind))));
    return s;
  };
  if (broken.length === 0) return () => here;
  const values = new Map<Kind, Set<string>>();
  for (const ref of broken) {
    const set = values.get(ref.kind);
    if (set) set.add(ref.id);
    else values.set(ref.kind, new Set([ref.id]));
  }
  const asked = [...values].map(([kind, set]) => ({ kind, values: [...set] }));
  const pending = suggestElsewhere(asked.map(({ kind, values }) => ({ candidates: idsOf(model, kind), values })));
  return () => {
    const answers = pending?.();
    if (!answers) return here;
    if (debugging('timing'))
      process.stderr.write(
        `gtmap debug: the parse worker worked out did-you-mean for ${asked.reduce((n, a) => n + a.values.length, 0)} values\n`,
      );
    const byKind = new Map<Kind, Suggester>();
    asked.forEach(({ kind, values }, g) => {
      const known = new Map(values.map((v, i) => [v, answers[g]![i]]));
      byKind.set(kind, (v) => (known.has(v) ? known.get(v) : here(kind)(v)));
    });
    return (kind) => byKind.get(kind) ?? here(kind);
  };
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
  const broken = model.references.filter((ref) => !ref.inCondition && !lookup(model, ref.kind, ref.id) && !unreliable.has(ref.kind));
  // on a big map the parse worker works out the did-you-mean hints while this thread places the
  // findings (placing the first finding in a file reads that file's positions); the messages are
  // written once both are done
  const hints = suggestions(model, broken);
  const placed = broken.map((ref) => diagnosticAt(model, 'ref/unresolved', 'error', '', ref.via));
  const suggest = hints();
  broken.forEach((ref, k) => {
    const key = [...ref.via].reverse().find((seg) => typeof seg === 'string');
    const info = KIND_INFO[ref.kind];
    const file = sectionFile(model, info.section);
    const where = file ? ` ${info.plural} are declared in ${file}.` : ` No ${info.plural.toLowerCase()} are declared yet.`;
    const d = placed[k]!;
    d.message = `${label(ref.via)}\`${String(key)}\` names \`${ref.id}\`, which is not a ${info.label.toLowerCase()}.${didYouMean(ref.id, suggest(ref.kind))}${where}`;
    out.push(d);
  });
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
