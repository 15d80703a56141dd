// handoff/has-sla: every handoff says how long the receiver may take to accept or reject.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'handoff/has-sla',
  severity: 'error',
  description: 'Every handoff has an SLA: the time within which the receiving team accepts or rejects the work.',
  rationale:
    'A handoff with no SLA lets work sit in the receiving queue indefinitely; response time is the leading indicator that decays first, and nobody can call it late.',
  messages: {
    missing:
      'Handoff `{{id}}` has no SLA: nothing says how long `{{to}}` may take to accept or reject it. Add `sla:` with a duration, e.g. `sla: 1bd`.',
  },
  check(model, ctx) {
    for (const { entity: h, path } of entities(model, 'handoffs')) {
      if (h.sla !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { id: h.id, to: h.to } });
    }
  },
});
