// cadence/has-owner: every meeting has an owning team.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'cadence/has-owner',
  severity: 'error',
  category: 'ownership',
  description: 'Every meeting in the decision cadence names the team that owns it.',
  rationale:
    'A meeting nobody owns drifts: the agenda goes stale, the inputs are not prepared, and the decisions it was meant to make are made in hallways instead.',
  messages: {
    missing:
      'Meeting `{{cadence}}` has no owner, so nobody is accountable for it happening or for its decisions being made. Add `owner:` with the team that runs it{{example}}.',
  },
  check(model, ctx) {
    for (const { entity: c, path } of entities(model, 'cadences')) {
      if (c.owner !== undefined) continue;
      const first = c.attendees?.[0];
      ctx.report({ path, messageId: 'missing', data: { cadence: c.id, example: first ? `, e.g. \`${first}\`` : '' } });
    }
  },
});
