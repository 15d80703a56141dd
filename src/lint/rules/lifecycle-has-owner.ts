// lifecycle/has-owner: every customer lifecycle stage has an owner (renewal risk has its own rule).
import { defineRule } from '../rule.js';
import { entities, RENEWAL_RISK } from './_shared.js';

export default defineRule({
  id: 'lifecycle/has-owner',
  severity: 'error',
  category: 'ownership',
  description:
    'Every customer lifecycle stage other than renewal and churn risk names its owning team (those are checked by lifecycle/renewal-risk-owned).',
  rationale:
    "After the sale, a lifecycle stage nobody owns is where customers stall: onboarding drags, adoption is nobody's number, and expansion signals go unanswered.",
  messages: {
    missing:
      "Lifecycle stage `{{stage}}` ({{kind}}) has no owner, so customers in it are nobody's job. Add `owner:` with the accountable team, e.g. `customer-success`.",
  },
  check(model, ctx) {
    for (const { entity: l, path } of entities(model, 'lifecycle')) {
      if (l.owner !== undefined || RENEWAL_RISK.includes(l.kind)) continue;
      ctx.report({ path, messageId: 'missing', data: { stage: l.id, kind: l.kind } });
    }
  },
});
