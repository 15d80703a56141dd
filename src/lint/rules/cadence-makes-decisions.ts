// cadence/makes-decisions: every meeting decides something.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'cadence/makes-decisions',
  severity: 'error',
  description: 'Every meeting makes decisions: a non-empty `decisions` or `decides`. A meeting with only `updates` decides nothing.',
  rationale:
    'A meeting that only exchanges updates changes no operating decision; it costs every attendee an hour and the decisions it should make are taken elsewhere, unrecorded.',
  messages: {
    updatesOnly:
      'Meeting `{{cadence}}` decides nothing: it only exchanges updates ({{count}} listed). Add `decisions:` with what it decides, phrased as decisions (e.g. "Remove from commit every deal without commit evidence"), or `decides:` with the decision domains it decides in; otherwise replace it with a written update.',
    none: 'Meeting `{{cadence}}` lists no decisions. Add `decisions:` with what it decides, phrased as decisions (e.g. "Reassign every inbound lead past its SLA"), or `decides:` with the decision domains it decides in.',
  },
  check(model, ctx) {
    for (const { entity: c, path } of entities(model, 'cadences')) {
      if (c.decisions?.length || c.decides?.length) continue;
      const updates = c.updates?.length ?? 0;
      ctx.report({ path, messageId: updates > 0 ? 'updatesOnly' : 'none', data: { cadence: c.id, count: updates } });
    }
  },
});
