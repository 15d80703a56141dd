// metric/has-source: every metric says where it comes from.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'metric/has-source',
  severity: 'warn',
  description: 'Every metric names its source: the fields it is computed from or the system that computes it.',
  rationale:
    'A metric with no stated source is computed two ways by two teams, and the meeting argues about the number instead of acting on it. A warning: the metric is still owned.',
  messages: {
    missing:
      'Metric `{{metric}}` names no source, so two teams can compute it two ways. Add `source:` with the `fields` it is computed from, or the `system` that computes it.',
  },
  check(model, ctx) {
    for (const { entity: m, path } of entities(model, 'metrics')) {
      if (m.source !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { metric: m.id } });
    }
  },
});
