// handoff/has-return-path: every handoff says where rejected work goes and what the receiver owes back.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'handoff/has-return-path',
  severity: 'error',
  description: 'Every handoff has a return path: where rejected work goes and what the rejecting team owes back.',
  rationale:
    'Rejected work with no return path disappears: the sender never learns why, cannot fix the next one, and the lead is neither worked nor recycled.',
  messages: {
    missing:
      'Handoff `{{id}}` has no return path: when `{{to}}` rejects the work, nothing says where it goes or what `{{to}}` owes back. Add `onReject:` with `returnTo: {{from}}` and `owes:` (the reason, and where it is recorded), e.g. `owes: A rejection reason from the picklist, on the record`.',
  },
  check(model, ctx) {
    for (const { entity: h, path } of entities(model, 'handoffs')) {
      if (h.onReject !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { id: h.id, to: h.to, from: h.from } });
    }
  },
});
