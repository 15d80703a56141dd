// metric/has-target: every metric states the value it should reach.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'metric/has-target',
  severity: 'warn',
  description: 'Every metric has a target (`atMost` or `atLeast`).',
  rationale:
    "Without a target nobody can say whether this week's value is good or bad, so the metric is watched and never acted on. A warning: the metric is still owned and measured.",
  messages: {
    missing:
      'Metric `{{metric}}` has no target, so nobody can say whether its value is good or bad. Add `target:` with `atMost:` or `atLeast:`{{example}}.',
  },
  check(model, ctx) {
    for (const { entity: m, path } of entities(model, 'metrics')) {
      if (m.target !== undefined) continue;
      const example =
        m.unit === 'minutes' ? ', e.g. `target: { atMost: 15 }`' : m.unit === 'percent' ? ', e.g. `target: { atLeast: 90 }`' : '';
      ctx.report({ path, messageId: 'missing', data: { metric: m.id, example } });
    }
  },
});
