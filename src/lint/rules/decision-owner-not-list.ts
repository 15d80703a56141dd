// decision/owner-not-list: a single owner is written as a value, not a one-item list.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'decision/owner-not-list',
  severity: 'warn',
  category: 'ownership',
  description: "A decision domain's single owner is written as a plain value, not as a list of one.",
  rationale:
    'A list invites a second name: the next edit adds a co-owner and the domain silently loses its single accountable owner. A warning, because today the domain does have one owner.',
  messages: {
    list: 'Decision domain `{{domain}}` writes its single owner as a list. Write it as a plain value, `owner: {{owner}}`, so a second owner cannot be added by accident.',
  },
  check(model, ctx) {
    for (const { entity: d, path } of entities(model, 'decisionRights')) {
      if (!Array.isArray(d.owner) || d.owner.length !== 1) continue;
      ctx.report({ path: [...path, 'owner'], messageId: 'list', data: { domain: d.id, owner: d.owner[0]! } });
    }
  },
});
