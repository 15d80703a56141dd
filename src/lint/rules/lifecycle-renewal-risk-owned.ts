// lifecycle/renewal-risk-owned: renewal and churn-risk stages have an owner.
import { defineRule } from '../rule.js';
import { entities, RENEWAL_RISK } from './_shared.js';

export default defineRule({
  id: 'lifecycle/renewal-risk-owned',
  severity: 'error',
  category: 'ownership',
  description: 'Every renewal and churn-risk lifecycle stage names its owning team.',
  rationale:
    'Renewal risk above all needs an owner: a customer at risk of leaving that nobody owns is found when the renewal is lost. A separate rule from lifecycle/has-owner so it cannot be turned off with it.',
  messages: {
    missing:
      "Lifecycle stage `{{stage}}` holds renewal risk ({{kind}}) and has no owner: a customer at risk of leaving is nobody's job until the renewal is lost. Add `owner:` with the team accountable for keeping the customer, e.g. `customer-success`.",
  },
  check(model, ctx) {
    for (const { entity: l, path } of entities(model, 'lifecycle')) {
      if (l.owner !== undefined || !RENEWAL_RISK.includes(l.kind)) continue;
      ctx.report({ path, messageId: 'missing', data: { stage: l.id, kind: l.kind } });
    }
  },
});
