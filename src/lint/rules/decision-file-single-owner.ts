// decision/file-single-owner: a map file holds entities whose domains share one owner, so CODEOWNERS can require that owner.
import { governing, ownerOf, usesSelectors } from '../../model/governance.js';
import type { ModelPath } from '../../diagnostic.js';
import { type Kind, SECTION_KIND, SECTIONS } from '../../model/index.js';
import { isObject } from '../../text.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'decision/file-single-owner',
  severity: 'warn',
  sections: ['decisionRights'],
  description:
    'Each map file holds entities governed by decision domains with one owner, so the file-level `.github/CODEOWNERS` that `gtmap codeowners` writes requires the right team.',
  rationale:
    "CODEOWNERS works per file and can only OR its owners: for a file holding entities of two owners, an approval from either satisfies GitHub, so one team can merge a change to the other's decision. `gtmap diff --approved-by` checks the AND per entity; splitting the file makes the native review request right as well.",
  messages: {
    mixed:
      '`{{file}}` holds entities owned by {{owners}} (through their decision domains): CODEOWNERS can only require one of them for the whole file. Move {{move}} into a file of their own.',
  },
  check(model, ctx) {
    if (!usesSelectors(model)) return;
    // per file: owner -> the entities it owns there (first model path of each)
    const files = new Map<string, Map<string, { ids: string[]; path: ModelPath }>>();
    for (const section of SECTIONS) {
      const kind = SECTION_KIND[section] as Kind;
      (model.map[section] as unknown[]).forEach((item, i) => {
        if (!isObject(item) || typeof item.id !== 'string') return;
        const file = model.origins[section][i]?.file.rel;
        if (!file) return;
        const owners = new Set(
          governing(model, kind, [item.id])
            .map(ownerOf)
            .filter((o): o is string => !!o),
        );
        let byOwner = files.get(file);
        if (!byOwner) files.set(file, (byOwner = new Map()));
        for (const o of owners) {
          const entry = byOwner.get(o);
          if (entry) entry.ids.push(item.id);
          else byOwner.set(o, { ids: [item.id], path: [section, i] });
        }
      });
    }
    for (const [file, byOwner] of files) {
      if (byOwner.size < 2) continue;
      // the owner of most entities keeps the file; the others move
      const ranked = [...byOwner].sort((a, b) => b[1].ids.length - a[1].ids.length || (a[0] < b[0] ? -1 : 1));
      const [, second] = ranked[1]!;
      const moving = ranked.slice(1).map(
        ([o, e]) =>
          `${e.ids
            .slice(0, 3)
            .map((id) => `\`${id}\``)
            .join(', ')}${e.ids.length > 3 ? ` and ${e.ids.length - 3} more` : ''} (owner \`${o}\`)`,
      );
      ctx.report({
        path: second.path,
        messageId: 'mixed',
        data: { file, owners: ranked.map(([o]) => `\`${o}\``).join(' and '), move: moving.join('; ') },
      });
    }
  },
});
