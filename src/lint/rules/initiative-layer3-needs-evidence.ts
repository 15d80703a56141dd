// initiative/layer3-needs-evidence: structural work names the layer 1 or 2 work whose evidence justifies it.
import { type Initiative, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'initiative/layer3-needs-evidence',
  severity: 'warn',
  sections: ['initiatives'],
  description: 'A layer 3 initiative names in `evidenceFrom` at least one layer 1 or layer 2 initiative whose results justify it.',
  rationale:
    'Structural work (a territory reset, a pricing overhaul) should come only after cleanup and workflow work has produced evidence; otherwise it is redesign by opinion. A warning: the sequencing is a judgement the map makes visible, not an ownership gap.',
  messages: {
    none: 'Initiative `{{initiative}}` is layer 3 (structural work) but names no layer 1 or 2 initiative whose results justify it. Add `evidenceFrom:` with the cleanup or workflow initiative that produces the evidence first{{example}}.',
    onlyLayer3:
      'Initiative `{{initiative}}` is layer 3, but its `evidenceFrom` names only layer 3 work ({{named}}). Name a layer 1 or 2 initiative whose results justify it{{example}}.',
  },
  check(model, ctx) {
    const early = model.map.initiatives.filter((x) => x.layer === 1 || x.layer === 2).map((x) => x.id);
    const example = early.length ? `, e.g. \`${early[0]}\`` : '';
    for (const { entity: it, path } of entities(model, 'initiatives')) {
      if (it.layer !== 3) continue;
      const named = it.evidenceFrom ?? [];
      // an id that does not resolve is left to ref/unresolved: with one, no verdict on the rest
      const resolved = named.map((id) => lookup<Initiative>(model, 'initiative', id)?.entity).filter((x): x is Initiative => !!x);
      if (resolved.some((x) => x.layer === 1 || x.layer === 2)) continue;
      if (named.length === 0) ctx.report({ path, messageId: 'none', data: { initiative: it.id, example } });
      else if (resolved.length === named.length) {
        ctx.report({
          path: [...path, 'evidenceFrom'],
          target: 'key',
          messageId: 'onlyLayer3',
          data: { initiative: it.id, named: named.map((n) => `\`${n}\``).join(', '), example },
        });
      }
    }
  },
});
