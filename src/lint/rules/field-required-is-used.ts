// field/required-is-used: a field reps must fill is read by some decision.
import { referrers } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'field/required-is-used',
  severity: 'warn',
  sections: 'all',
  description: 'A required field (`required: true` or `requiredAt`) is read by some condition, metric source, meeting input or SLA clock.',
  rationale:
    'Every required field costs reps time on every record; one that no rule, metric or meeting reads is data entry with no decision behind it, and it teaches reps that required fields do not matter. A warning: the field may be used outside the map.',
  messages: {
    unused:
      'Field `{{field}}` is required{{where}}, but no condition, metric, meeting or SLA in the map reads it: reps must fill it and no decision uses it. Use it in a criterion, routing rule or metric, or drop `{{key}}`.',
  },
  check(model, ctx) {
    for (const { entity: f, path } of entities(model, 'fields')) {
      // conditions, cadence inputs, metric sources and SLA clocks all refer to fields by id
      if (referrers(model, 'field', f.id).length > 0) continue;
      const at = f.requiredAt ?? [];
      const key = f.required === true ? 'required' : at.length > 0 ? 'requiredAt' : undefined;
      if (!key) continue;
      const where = key === 'requiredAt' ? ` from stage ${at.map((s) => `\`${s}\``).join(', ')}` : '';
      ctx.report({
        path: [...path, key],
        target: 'key',
        messageId: 'unused',
        data: { field: f.id, where, key: key === 'required' ? 'required: true' : 'requiredAt' },
      });
    }
  },
});
