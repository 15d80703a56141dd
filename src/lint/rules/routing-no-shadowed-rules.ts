// routing/no-shadowed-rules: no routing rule is unreachable, by contradiction or by an earlier rule.
import { describe, fieldsRead } from '../../conditions/index.js';
import { conjunction, implies, neverHolds } from '../../conditions/implies.js';
import { type Condition, type Field, type RoutingRule, type Segment, locate, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { fieldLookup } from './_shared.js';

export default defineRule({
  id: 'routing/no-shadowed-rules',
  severity: 'error',
  description: 'No routing rule is shadowed: an earlier rule (other than the fallback) catches every record it would, or its own conditions contradict each other.',
  rationale: 'Routing is first match wins: a rule that can never fire looks like a decision but routes nothing, so the leads it was written for go to the earlier rule\'s team. The check reasons over the conditions, not their text, and reports only what it can prove.',
  messages: {
    shadowed: 'Routing rule `{{rule}}` can never fire: the earlier rule `{{earlier}}` ({{at}}) catches {{what}}, which includes every record `{{rule}}` would route. Move `{{rule}}` above `{{earlier}}`, or narrow `{{earlier}}`.',
    never: 'Routing rule `{{rule}}` can never fire: its conditions contradict each other ({{what}}). Fix the condition, or remove the rule.',
  },
  check(model, ctx) {
    const fields = fieldLookup(model);
    const name = (id: string): string => lookup<Field>(model, 'field', id)?.entity.name ?? id;
    const segRule = (id: string | undefined): Condition | undefined => (id === undefined ? undefined : lookup<Segment>(model, 'segment', id)?.entity.rule);
    const rules = model.map.routing;
    const scope = (r: RoutingRule): string => {
      const seg = r.segment ? ` in segment \`${r.segment}\`` : '';
      return `every ${r.object ? `${r.object} ` : ''}record${seg}${r.when ? ` where ${describe(r.when, name)}` : ''}`;
    };
    const where = (i: number, j: number): string => {
      const a = locate(model, ['routing', i]);
      const b = locate(model, ['routing', j]);
      return a && b && a.file === b.file ? `line ${a.line}` : a ? `${a.file}:${a.line}` : 'above';
    };
    // per rule, once: the fields its `when` reads, and whether that `when` always holds
    const whenFields = rules.map((r) => (r && typeof r === 'object' ? fieldsRead(r.when) : new Set<string>()));
    const alwaysHolds = rules.map((r) => !!r && typeof r === 'object' && implies(undefined, r.when, fields));
    rules.forEach((r, j) => {
      if (!r || typeof r !== 'object') return;
      // what a record that fires r satisfies: its segment's rule (when known) and its own `when`
      const own = conjunction(segRule(r.segment), r.when);
      if (r.when !== undefined && neverHolds(own, fields)) {
        const what = r.segment && segRule(r.segment) ? `segment \`${r.segment}\` requires ${describe(segRule(r.segment)!, name)}; \`when\` requires ${describe(r.when, name)}` : describe(r.when, name);
        ctx.report({ path: ['routing', j, 'when'], target: 'key', messageId: 'never', data: { rule: r.id, what } });
        return;
      }
      const ownFields = fieldsRead(own);
      for (let i = 0; i < j; i++) {
        const e = rules[i];
        if (!e || typeof e !== 'object' || e.fallback === true) continue; // routing/has-fallback reports rules after the fallback
        if (e.object !== undefined && e.object !== r.object) continue;
        if (e.segment !== undefined && e.segment !== r.segment) continue;
        // with no field in common, a satisfiable `own` implies `when` only if `when` always holds
        const shared = [...whenFields[i]!].some((f) => ownFields.has(f));
        if (!(alwaysHolds[i] || (shared && implies(own, e.when, fields)))) continue;
        ctx.report({
          path: ['routing', j],
          messageId: 'shadowed',
          data: { rule: r.id, earlier: e.id, at: where(i, j), what: scope(e) },
        });
        return;
      }
    });
  },
});
