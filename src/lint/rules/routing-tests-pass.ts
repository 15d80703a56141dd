// routing/tests-pass: the routing test cases beside the map (`routingTests:`) pass.
import { runRoutingTests } from '../../route/tests.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'routing/tests-pass',
  severity: 'error',
  sections: ['routing', 'segments', 'fields', 'teams'],
  description:
    'Every routing test case (`routingTests:`, e.g. in map/tests/routing.yaml) routes its record where it expects: rule, team, queue, method, SLA, segment and outcome (`gtmap test` also compares the SLA due time).',
  rationale:
    'Routing rules drift: a new rule placed above an old one, a changed threshold or a renamed value silently sends leads elsewhere, and nobody notices until a rep asks why a demo request waited two days. A case that states where a lead must go fails the change that breaks it.',
  appliesTo: (model) => model.tests.routingTests.length > 0,
  messages: {
    failed: '{{message}}',
    invalid: '{{message}} Fix the case so it can run.',
  },
  check(model, ctx) {
    for (const f of runRoutingTests(model, new Date(), { due: false }).findings) {
      ctx.report({ path: f.path, target: f.target, messageId: f.kind, data: { message: f.message } });
    }
  },
});
