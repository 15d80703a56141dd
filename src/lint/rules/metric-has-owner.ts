// metric/has-owner: every metric has an accountable team.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'metric/has-owner',
  severity: 'error',
  category: 'ownership',
  description: 'Every metric names the team accountable for it.',
  rationale:
    'A leading indicator nobody owns is reported and never moved: lead response time, data accuracy and forecast accuracy each need one team that answers for them.',
  messages: {
    missing:
      'Metric `{{metric}}` has no owner, so nobody is accountable for moving it. Add `owner:` with the accountable team, e.g. `revops`.',
  },
  check(model, ctx) {
    for (const { entity: m, path } of entities(model, 'metrics')) {
      if (m.owner !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { metric: m.id } });
    }
  },
});
