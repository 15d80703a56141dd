// handoff/has-acceptance: every handoff says what the receiving team requires to accept the work.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'handoff/has-acceptance',
  severity: 'error',
  description: 'Every handoff states acceptance criteria: what the receiving team requires to accept the work.',
  rationale:
    'Without acceptance criteria the receiving team accepts or rejects by mood: good work bounces and bad work gets through, and each side blames the other for the same lead.',
  messages: {
    missing:
      'Handoff `{{id}}` states no acceptance criteria, so `{{to}}` can accept or reject anything. Add `acceptance:` with what `{{to}}` requires, each a `text` with a `check`, e.g. `{ text: The lead has a business email., check: { field: lead-email, present: true } }`.',
    empty:
      'Handoff `{{id}}` has an empty `acceptance:` list, so `{{to}}` can accept or reject anything. List what `{{to}}` requires, each a `text` with a `check`.',
  },
  check(model, ctx) {
    for (const { entity: h, path } of entities(model, 'handoffs')) {
      const data = { id: h.id, to: h.to };
      if (h.acceptance === undefined) ctx.report({ path, messageId: 'missing', data });
      else if (h.acceptance.length === 0) ctx.report({ path: [...path, 'acceptance'], target: 'key', messageId: 'empty', data });
    }
  },
});
