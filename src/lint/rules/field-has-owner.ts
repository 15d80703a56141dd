// field/has-owner: every field in the data standards has an owner.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'field/has-owner',
  severity: 'error',
  category: 'ownership',
  description: 'Every field in the data standards names the team that owns it.',
  rationale:
    'Decisions are only as good as the fields they read; a field nobody owns drifts (picklists grow, values go stale) and the routing rules and exit criteria built on it quietly stop meaning what they say.',
  messages: {
    missing:
      'Field `{{field}}` has no owner, so nobody is accountable for it being filled and right. Add `owner:` with the accountable team, e.g. `{{suggestion}}`.',
  },
  check(model, ctx) {
    for (const { entity: f, path } of entities(model, 'fields')) {
      if (f.owner !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { field: f.id, suggestion: 'revops' } });
    }
  },
});
