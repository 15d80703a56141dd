// demand/has-response-sla: every inbound source promises a response time.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

const INBOUND = ['inbound', 'product', 'event'];

export default defineRule({
  id: 'demand/has-response-sla',
  severity: 'error',
  description: 'Every inbound demand source (kind `inbound`, `product` or `event`) has a response SLA.',
  rationale:
    'Someone who raised a hand is waiting: lead response time is the first leading indicator to decay, and without an SLA nobody can say a lead was answered late, so nobody fixes it.',
  messages: {
    missing:
      'Demand source `{{source}}` ({{kind}}) has no response SLA: someone is waiting for an answer and nothing says how fast they get one. Add `responseSla:` with `within:` (e.g. `within: 15m`) and `measuredBy:`.',
  },
  check(model, ctx) {
    for (const { entity: d, path } of entities(model, 'demandSources')) {
      if (!INBOUND.includes(d.kind) || d.responseSla !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { source: d.id, kind: d.kind } });
    }
  },
});
