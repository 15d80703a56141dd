// decision/overlap-has-precedence: two domains that govern the same thing say which one wins.
import { overlaps, ownerOf } from '../../model/governance.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'decision/overlap-has-precedence',
  severity: 'warn',
  description:
    'When the `governs` selectors of two decision domains with different owners cover the same entities and keys, one of them lists the other in `precedence`.',
  rationale:
    'Two owners for the same decision is the ambiguity decision rights exist to remove: each team settles it its own way, and every change to it needs both approvals. Naming which domain wins keeps one owner per decision; domains with the same owner are not reported, since the same team approves either way.',
  messages: {
    overlap:
      'Decision domains `{{a}}` (owner `{{ownerA}}`) and `{{b}}` (owner `{{ownerB}}`) both govern {{what}}, and neither says which wins. Add `precedence: [{{b}}]` to `{{a}}` (or the reverse), or narrow one selector with `ids` or `keys`.',
  },
  check(model, ctx) {
    const domains = [...entities(model, 'decisionRights')];
    // grouped by section: only domains selecting the same section can overlap
    const bySection = new Map<string, { d: (typeof domains)[number]; k: number }[]>();
    for (const d of domains)
      (d.entity.governs ?? []).forEach((s, k) => bySection.set(s.section, [...(bySection.get(s.section) ?? []), { d, k }]));
    const seen = new Set<string>();
    for (const list of bySection.values())
      for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i]!;
          const b = list[j]!;
          if (a.d === b.d || ownerOf(a.d.entity) === ownerOf(b.d.entity)) continue;
          const sa = a.d.entity.governs![a.k]!;
          const sb = b.d.entity.governs![b.k]!;
          if (!overlaps(sa, sb)) continue;
          if ((a.d.entity.precedence ?? []).includes(b.d.entity.id) || (b.d.entity.precedence ?? []).includes(a.d.entity.id)) continue;
          const key = `${a.d.entity.id}\u0000${b.d.entity.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const keys = sa.keys && sb.keys ? sa.keys.filter((x) => sb.keys!.includes(x)) : (sa.keys ?? sb.keys);
          ctx.report({
            path: [...b.d.path, 'governs', b.k],
            messageId: 'overlap',
            data: {
              a: a.d.entity.id,
              b: b.d.entity.id,
              ownerA: ownerOf(a.d.entity) ?? '?',
              ownerB: ownerOf(b.d.entity) ?? '?',
              what: `\`${sa.section}\`${keys ? ` (${keys.map((x) => `\`${x}\``).join(', ')})` : ''}`,
            },
            related: [{ path: [...a.d.path, 'governs', a.k], message: `the selector of \`${a.d.entity.id}\`` }],
          });
        }
  },
});
