// handoff/has-owner: every handoff names the one team accountable for it.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'handoff/has-owner',
  severity: 'error',
  category: 'ownership',
  description: 'Every handoff names one accountable owner.',
  rationale:
    'A handoff without an accountable owner is where work waits: the sending team thinks it is delivered, the receiving team has not accepted it, and nobody answers for the gap.',
  messages: {
    missing: 'Handoff `{{id}}` has no accountable owner. Add `owner:` with the one team accountable for it, e.g. `{{suggestion}}`.',
  },
  check(model, ctx) {
    for (const { entity: h, path } of entities(model, 'handoffs')) {
      if (h.owner !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { id: h.id, suggestion: h.from } });
    }
  },
});
