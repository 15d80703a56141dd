// decision/every-section-governed: once decision domains declare what they govern, every section of the map is governed by one.
import { usesSelectors } from '../../model/governance.js';
import { SECTION_INFO, SECTIONS } from '../../model/index.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'decision/every-section-governed',
  severity: 'warn',
  sections: ['decisionRights'],
  description:
    'When decision domains declare `governs` selectors, every section that holds entities is selected by at least one domain, so every change to the map has an owner who approves it.',
  rationale:
    "A change to a part of the map that no domain governs needs nobody's approval: `gtmap diff` can list no approver for it and `gtmap codeowners` gives its file no owner, so the rule changes without the team that lives with it deciding. Maps that do not use `governs` yet are not checked.",
  messages: {
    ungoverned:
      "No decision domain governs {{what}}: a change to them needs nobody's approval in `gtmap diff`. Add `{ section: {{section}} }` to the `governs` of the domain that decides them.",
  },
  check(model, ctx) {
    if (!usesSelectors(model)) return;
    for (const section of SECTIONS) {
      const items = model.map[section] as unknown[];
      if (!items.length) continue;
      const governed = model.map.decisionRights.some((d) => (d.governs ?? []).some((s) => s.section === section));
      if (governed) continue;
      const info = SECTION_INFO[section];
      ctx.report({
        path: [section, 0],
        messageId: 'ungoverned',
        data: { what: `the ${info.plural.toLowerCase()} (\`${section}\`)`, section },
      });
    }
  },
});
