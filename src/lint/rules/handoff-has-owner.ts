// handoff/has-owner: every handoff names the one team accountable for it.
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'handoff/has-owner',
  severity: 'error',
  description: 'Every handoff names one accountable owner.',
  rationale: 'A handoff without an accountable owner is where work waits: the sending team thinks it is delivered, the receiving team has not accepted it, and nobody answers for the gap.',
  messages: {
    missing: 'Handoff `{{id}}` has no accountable owner. Add `owner:` with the one team accountable for it, e.g. `{{suggestion}}`.',
  },
  check(model, ctx) {
    model.map.handoffs.forEach((h, i) => {
      if (!h || typeof h !== 'object' || h.owner !== undefined) return;
      ctx.report({ path: ['handoffs', i], messageId: 'missing', data: { id: h.id, suggestion: h.from ?? 'revops' } });
    });
  },
});
