// cadence/decisions-have-inputs: a meeting that decides reads inputs to decide from.
import { defineRule } from '../rule.js';
import { list } from './_shared.js';

export default defineRule({
  id: 'cadence/decisions-have-inputs',
  severity: 'warn',
  description: 'A meeting that makes decisions names at least one input (a metric, pipeline, field or report).',
  rationale: 'Decisions made without named inputs are made from memory and anecdote, and nobody can check afterwards what they were based on. A warning: the decision is at least owned and recorded.',
  messages: {
    missing: 'Meeting `{{cadence}}` makes decisions but reads no inputs, so they are made from memory. Add `inputs:` with the metrics, pipelines, fields or reports it decides from, e.g. `- metric: lead-response-time`.',
  },
  check(model, ctx) {
    model.map.cadences.forEach((c, i) => {
      if (!c || typeof c !== 'object' || list(c.inputs).length > 0) return;
      const key = list(c.decisions).length > 0 ? 'decisions' : list(c.decides).length > 0 ? 'decides' : undefined;
      if (!key) return;
      ctx.report({ path: ['cadences', i, key], target: 'key', messageId: 'missing', data: { cadence: c.id } });
    });
  },
});
