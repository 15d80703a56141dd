// field/required-is-used: a field reps must fill is read by some decision.
import type { Model } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { list } from './_shared.js';

/** Every field id read anywhere: conditions (any `field:` key), cadence inputs, metric sources, SLA clocks. */
function usedFields(model: Model): Set<string> {
  const used = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'field' && typeof x === 'string') used.add(x);
        else walk(x);
      }
    }
  };
  const { fields: _declared, ...rest } = model.map;
  walk(rest);
  for (const m of model.map.metrics) for (const f of list<string>(m?.source?.fields)) used.add(f);
  for (const d of model.map.demandSources) {
    const by = d?.responseSla?.measuredBy;
    if (typeof by?.from === 'string') used.add(by.from);
    if (typeof by?.to === 'string') used.add(by.to);
  }
  return used;
}

export default defineRule({
  id: 'field/required-is-used',
  severity: 'warn',
  sections: 'all',
  description: 'A required field (`required: true` or `requiredAt`) is read by some condition, metric source, meeting input or SLA clock.',
  rationale: 'Every required field costs reps time on every record; one that no rule, metric or meeting reads is data entry with no decision behind it, and it teaches reps that required fields do not matter. A warning: the field may be used outside the map.',
  messages: {
    unused: 'Field `{{field}}` is required{{where}}, but no condition, metric, meeting or SLA in the map reads it: reps must fill it and no decision uses it. Use it in a criterion, routing rule or metric, or drop `{{key}}`.',
  },
  check(model, ctx) {
    const used = usedFields(model);
    model.map.fields.forEach((f, i) => {
      if (!f || typeof f !== 'object' || used.has(f.id)) return;
      const at = list<string>(f.requiredAt);
      const key = f.required === true ? 'required' : at.length > 0 ? 'requiredAt' : undefined;
      if (!key) return;
      const where = key === 'requiredAt' ? ` from stage ${at.map((s) => `\`${s}\``).join(', ')}` : '';
      ctx.report({ path: ['fields', i, key], target: 'key', messageId: 'unused', data: { field: f.id, where, key: key === 'required' ? 'required: true' : 'requiredAt' } });
    });
  },
});
