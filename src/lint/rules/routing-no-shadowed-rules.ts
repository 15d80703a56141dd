// routing/no-shadowed-rules: no routing rule is unreachable, by contradiction or by an earlier rule.
import { compile, type Compiled, describe, type FieldLookup, fieldsRead } from '../../conditions/index.js';
import { exampleRecord } from '../../conditions/example.js';
import { formAlwaysHolds, formNeverHolds, impliesForms, type NormalForm, normalForm, pinnedText } from '../../conditions/implies.js';
import { type Condition, type Field, type RoutingRule, lookup } from '../../model/index.js';
import { describeScope, isFallback, scopeOf, segmentRule } from '../../route/index.js';
import { defineRule } from '../rule.js';
import { entities, fieldLookup } from './_shared.js';

/** Up to this many earlier rules in scope are compared one by one, without an example record. */
const FEW = 16;

/** A rule that may shadow later ones, prepared once. */
interface Earlier {
  rule: RoutingRule;
  when: NormalForm;
  whenFields: Set<string>;
  test: Compiled;
}

/**
 * The earlier rules of one object and segment (either may be absent: then the rules apply to
 * every object or segment). Rules whose `when` pins a text field to a few values are indexed by
 * those values, so a later rule meets only those its example record could make true.
 */
interface Group {
  firstAlways: number;
  all: number[];
  /** Rules not indexed by value, by each field their `when` reads (a rule can shadow only a rule whose scope reads one of them). */
  unpinned: Map<string, number[]>;
  pinned: Map<string, Map<string, number[]>>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

// a loop, not push(...items): a spread of a long list overflows the call stack
function append<T>(to: T[], items: readonly T[] | undefined): void {
  for (const x of items ?? []) to.push(x);
}

function sharesField(a: Set<string>, b: Set<string>): boolean {
  for (const f of a) if (b.has(f)) return true;
  return false;
}

/** The earlier rules that can shadow a rule, and the first that does. */
function shadowIndex(fields: FieldLookup, now: Date) {
  const earlier = new Map<number, Earlier>();
  const groups = new Map<string, Group>();
  const key = (object: string | undefined, segment: string | undefined): string => `${object ?? ''}\u0000${segment ?? ''}`;

  function add(i: number, rule: RoutingRule, when: NormalForm): void {
    earlier.set(i, { rule, when, whenFields: fieldsRead(rule.when), test: compile(rule.when, fields, now) });
    const k = key(rule.object, rule.segment);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { firstAlways: Infinity, all: [], unpinned: new Map(), pinned: new Map() }));
    g.all.push(i);
    // a `when` that always holds shadows every later rule of its object and segment
    if (g.firstAlways === Infinity && formAlwaysHolds(when)) g.firstAlways = i;
    let best: [string, Set<string>] | undefined;
    for (const [field, values] of pinnedText(when)) if (!best || values.size < best[1].size) best = [field, values];
    if (!best) {
      for (const f of earlier.get(i)!.whenFields) push(g.unpinned, f, i);
    } else {
      const byValue = g.pinned.get(best[0]) ?? new Map<string, number[]>();
      g.pinned.set(best[0], byValue);
      for (const v of best[1]) push(byValue, v, i);
    }
  }

  /** The first earlier rule that catches every record `rule` would route (its scope `own`). */
  function first(rule: RoutingRule, own: NormalForm, ownCondition: Condition | undefined): number | undefined {
    const gs = [
      ...new Set([key(undefined, undefined), key(undefined, rule.segment), key(rule.object, undefined), key(rule.object, rule.segment)]),
    ]
      .map((k) => groups.get(k))
      .filter((g): g is Group => g !== undefined);
    if (gs.length === 0) return undefined;
    let best = Math.min(...gs.map((g) => g.firstAlways));
    // a record the rule routes: an earlier rule whose `when` is not true on it cannot catch all of
    // them (worth finding only when there are many earlier rules to rule out)
    const many = gs.reduce((n, g) => n + g.all.length, 0) > FEW;
    const example = many ? exampleRecord(ownCondition, fields, now, own) : undefined;
    const ownFields = fieldsRead(ownCondition);
    const candidates: number[] = [];
    for (const g of gs) {
      if (!example) {
        append(candidates, g.all);
        continue;
      }
      for (const f of ownFields) append(candidates, g.unpinned.get(f));
      for (const [field, byValue] of g.pinned) {
        const v = example[field];
        if (v !== undefined && v !== null && v !== '') append(candidates, byValue.get(String(v)));
      }
    }
    candidates.sort((a, b) => a - b);
    let previous = -1;
    for (const i of candidates) {
      if (i >= best) break;
      if (i === previous) continue; // a rule listed under two of the fields
      previous = i;
      const e = earlier.get(i)!;
      if (example && e.test(example) !== true) continue;
      // with no field in common, a satisfiable scope implies `when` only if `when` always holds
      if (!sharesField(e.whenFields, ownFields)) continue;
      if (impliesForms(own, e.when)) best = i;
    }
    return best === Infinity ? undefined : best;
  }

  return { add, first, earlier };
}

export default defineRule({
  id: 'routing/no-shadowed-rules',
  severity: 'error',
  sections: ['routing', 'segments', 'fields'],
  description:
    'No routing rule is shadowed: an earlier rule (other than the fallback) catches every record it would, or its own conditions contradict each other.',
  rationale:
    "Routing is first match wins: a rule that can never fire looks like a decision but routes nothing, so the leads it was written for go to the earlier rule's team. The check reasons over the conditions, not their text, and reports only what it can prove.",
  messages: {
    shadowed:
      'Routing rule `{{rule}}` can never fire: the earlier rule `{{earlier}}` catches {{what}}, which includes every record `{{rule}}` would route. Move `{{rule}}` above `{{earlier}}`, or narrow `{{earlier}}`.',
    never:
      'Routing rule `{{rule}}` can never fire: its conditions contradict each other ({{what}}). Fix the condition, or remove the rule.',
  },
  check(model, ctx) {
    const fields = fieldLookup(model);
    const name = (id: string): string => lookup<Field>(model, 'field', id)?.entity.name ?? id;
    const index = shadowIndex(fields, new Date());
    for (const { entity: r, path, index: j } of entities(model, 'routing')) {
      // what a record that fires r satisfies: its segment's rule (when known) and its own `when`
      const own = scopeOf(model, r);
      const when = normalForm(r.when, fields);
      const form = own === r.when ? when : normalForm(own, fields);
      if (r.when !== undefined && formNeverHolds(form)) {
        const seg = segmentRule(model, r);
        const what = seg
          ? `segment \`${r.segment}\` requires ${describe(seg, name)}; \`when\` requires ${describe(r.when, name)}`
          : describe(r.when, name);
        ctx.report({ path: [...path, 'when'], target: 'key', messageId: 'never', data: { rule: r.id, what } });
      } else {
        const i = index.first(r, form, own);
        if (i !== undefined) {
          const e = index.earlier.get(i)!.rule;
          ctx.report({
            path,
            messageId: 'shadowed',
            data: { rule: r.id, earlier: e.id, what: describeScope(e, name) },
            related: [{ path: ['routing', i], message: `the earlier rule \`${e.id}\`, which catches these records first` }],
          });
        }
      }
      // routing/has-fallback reports rules after the fallback
      if (!isFallback(r)) index.add(j, r, when);
    }
  },
});
