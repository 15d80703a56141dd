// decision/single-owner: every decision domain has exactly one owner.
import { defineRule } from '../rule.js';
import { listAnd } from '../../text.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'decision/single-owner',
  severity: 'error',
  category: 'ownership',
  description: 'Every decision domain has exactly one owner.',
  rationale:
    "Exactly one owner per domain, as RACI's single Accountable: with none, every team changes the rule its own way; with several, each waits for the other and nobody is answerable.",
  messages: {
    missing:
      'Decision domain `{{domain}}` has no owner, so every team can change its rule and none is accountable. Add `owner:` with the one team that owns it{{example}}.',
    several:
      'Decision domain `{{domain}}` has {{count}} owners ({{owners}}): with several accountable owners, none is. Keep one as `owner:` and move the others to `influences:`.',
  },
  check(model, ctx) {
    for (const { entity: d, path } of entities(model, 'decisionRights')) {
      const owners = Array.isArray(d.owner) ? d.owner : d.owner === undefined ? [] : [d.owner];
      if (owners.length === 0) {
        const first = d.influences?.[0];
        ctx.report({
          path: d.owner === undefined ? path : [...path, 'owner'],
          messageId: 'missing',
          data: { domain: d.id, example: first ? `, e.g. \`${first}\`` : '' },
        });
      } else if (owners.length > 1) {
        ctx.report({
          path: [...path, 'owner'],
          messageId: 'several',
          data: { domain: d.id, count: owners.length, owners: listAnd(owners) },
        });
      }
    }
  },
});
