// cadence/has-owner: every meeting has an owning team.
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'cadence/has-owner',
  severity: 'error',
  description: 'Every meeting in the decision cadence names the team that owns it.',
  rationale: 'A meeting nobody owns drifts: the agenda goes stale, the inputs are not prepared, and the decisions it was meant to make are made in hallways instead.',
  messages: {
    missing: 'Meeting `{{cadence}}` has no owner, so nobody is accountable for it happening or for its decisions being made. Add `owner:` with the team that runs it{{example}}.',
  },
  check(model, ctx) {
    model.map.cadences.forEach((c, i) => {
      if (!c || typeof c !== 'object' || c.owner !== undefined) return;
      const first = Array.isArray(c.attendees) ? c.attendees[0] : undefined;
      ctx.report({ path: ['cadences', i], messageId: 'missing', data: { cadence: c.id, example: first ? `, e.g. \`${first}\`` : '' } });
    });
  },
});
