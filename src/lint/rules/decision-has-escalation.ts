// decision/has-escalation: every decision domain says where a disagreement goes.
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'decision/has-escalation',
  severity: 'warn',
  description: 'Every decision domain names where disagreements escalate (`escalatesTo`), and that is not its own owner.',
  rationale:
    'Without an escalation path a disagreement with the owner goes around it: teams work to their own version of the rule, or the decision stalls. A warning, not an error: the domain is still owned.',
  messages: {
    missing:
      'Decision domain `{{domain}}` has no escalation path: a disagreement with the owner has nowhere to go but around it. Add `escalatesTo:` with the team that settles it (e.g. `executive-team`) and `escalateWhen:` with what makes a decision escalate.',
    toOwner:
      'Decision domain `{{domain}}` escalates to `{{team}}`, its own owner, so a disagreement with the owner has nowhere to go. Name the team above the owner in `escalatesTo:`.',
  },
  check(model, ctx) {
    for (const { entity: d, path } of entities(model, 'decisionRights')) {
      if (d.escalatesTo === undefined) ctx.report({ path, messageId: 'missing', data: { domain: d.id } });
      else if (d.escalatesTo === d.owner || (Array.isArray(d.owner) && d.owner.length === 1 && d.owner[0] === d.escalatesTo)) {
        ctx.report({ path: [...path, 'escalatesTo'], messageId: 'toOwner', data: { domain: d.id, team: d.escalatesTo } });
      }
    }
  },
});
