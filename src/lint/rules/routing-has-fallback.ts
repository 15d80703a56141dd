// routing/has-fallback: one fallback rule catches what nothing else matches, and it comes last.
import { covers, isFallback, objectsOf, ROUTED_OBJECTS } from '../../route/index.js';
import { listAnd } from '../../text.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'routing/has-fallback',
  severity: 'error',
  category: 'references',
  sections: ['routing'],
  description:
    'The routing rules end with a fallback (`fallback: true`, no conditions) for every kind of record they route, and nothing comes after it.',
  rationale:
    'A record that matches no routing rule goes nowhere and waits unowned, usually the leads nobody thought of. A fallback placed before other rules silently disables them; a fallback with conditions is not a fallback.',
  messages: {
    missing:
      'No routing rule has `fallback: true`, so a record that matches no rule is assigned to nobody. Add a last rule with `fallback: true` that assigns a team, e.g. `{ id: unmatched-triage, name: Unmatched triage, fallback: true, assign: { team: revops, queue: Routing triage } }`.',
    missingFor:
      'No fallback rule catches {{objects}} records (the fallback{{plural}} {{fallbacks}} only catch{{verb}} {{covered}}), so an unmatched {{first}} is assigned to nobody. Add a last rule with `fallback: true` and `object: {{first}}`, or drop `object` from the fallback.',
    notLast:
      'Fallback rule `{{rule}}` is not last: {{later}} come{{s}} after it and can never fire, because the fallback catches every record first. Move `{{rule}}` to the end of the routing rules.',
    conditional:
      'Fallback rule `{{rule}}` has `{{key}}:`, so it does not catch everything and unmatched records can still go nowhere. Remove `{{key}}:`, or drop `fallback: true` and add a real fallback at the end.',
  },
  check(model, ctx) {
    const rules = model.map.routing;
    if (rules.length === 0) return;
    const fallbacks = [...entities(model, 'routing')].filter(({ entity }) => isFallback(entity));
    if (fallbacks.length === 0) {
      ctx.report({ path: ['routing', rules.length - 1], messageId: 'missing' });
      return;
    }
    for (const { entity: r, path, index } of fallbacks) {
      for (const key of ['segment', 'when'] as const) {
        if (r[key] !== undefined) ctx.report({ path: [...path, key], target: 'key', messageId: 'conditional', data: { rule: r.id, key } });
      }
      // a later rule is blocked when this fallback catches every record that rule would route
      const blocked = rules
        .slice(index + 1)
        .filter((x) => covers(r, x.object))
        .map((x) => x.id);
      if (blocked.length)
        ctx.report({
          path: [...path, 'fallback'],
          target: 'key',
          messageId: 'notLast',
          data: { rule: r.id, later: listAnd(blocked), s: blocked.length === 1 ? 's' : '' },
        });
    }
    const covered = new Set(fallbacks.map(({ entity }) => entity.object ?? 'all'));
    if (covered.has('all')) return;
    const needed = new Set<string>();
    for (const r of rules) if (!isFallback(r)) objectsOf(r).forEach((o) => needed.add(o));
    const missing = ROUTED_OBJECTS.filter((o) => needed.has(o) && !covered.has(o));
    if (missing.length === 0) return;
    ctx.report({
      path: ['routing', rules.length - 1],
      messageId: 'missingFor',
      data: {
        objects: missing.join(' or '),
        first: missing[0]!,
        fallbacks: listAnd(fallbacks.map(({ entity }) => entity.id)),
        plural: fallbacks.length === 1 ? '' : 's',
        verb: fallbacks.length === 1 ? 'es' : '',
        covered: [...covered].map((o) => `${o}s`).join(' and '),
      },
    });
  },
});
