// cadence/decisions-have-inputs: a meeting that decides reads inputs to decide from.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'cadence/decisions-have-inputs',
  severity: 'warn',
  description: 'A meeting that makes decisions names at least one input (a metric, pipeline, field or report).',
  rationale:
    'Decisions made without named inputs are made from memory and anecdote, and nobody can check afterwards what they were based on. A warning: the decision is at least owned and recorded.',
  messages: {
    missing:
      'Meeting `{{cadence}}` makes decisions but reads no inputs, so they are made from memory. Add `inputs:` with the metrics, pipelines, fields or reports it decides from, e.g. `- metric: lead-response-time`.',
  },
  check(model, ctx) {
    for (const { entity: c, path } of entities(model, 'cadences')) {
      if (c.inputs?.length) continue;
      const key = c.decisions?.length ? 'decisions' : c.decides?.length ? 'decides' : undefined;
      if (!key) continue;
      ctx.report({ path: [...path, key], target: 'key', messageId: 'missing', data: { cadence: c.id } });
    }
  },
});
