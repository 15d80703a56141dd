// field/has-owner: every field in the data standards has an owner.
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'field/has-owner',
  severity: 'error',
  description: 'Every field in the data standards names the team that owns it.',
  rationale: 'Decisions are only as good as the fields they read; a field nobody owns drifts (picklists grow, values go stale) and the routing rules and exit criteria built on it quietly stop meaning what they say.',
  messages: {
    missing: 'Field `{{field}}` has no owner, so nobody is accountable for it being filled and right. Add `owner:` with the accountable team, e.g. `{{suggestion}}`.',
  },
  check(model, ctx) {
    model.map.fields.forEach((f, i) => {
      if (!f || typeof f !== 'object' || f.owner !== undefined) return;
      ctx.report({ path: ['fields', i], messageId: 'missing', data: { field: f.id, suggestion: 'revops' } });
    });
  },
});
