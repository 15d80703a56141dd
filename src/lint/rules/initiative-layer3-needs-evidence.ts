// initiative/layer3-needs-evidence: structural work names the layer 1 or 2 work whose evidence justifies it.
import { type Initiative, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { list } from './_shared.js';

export default defineRule({
  id: 'initiative/layer3-needs-evidence',
  severity: 'warn',
  sections: ['initiatives'],
  description: 'A layer 3 initiative names in `evidenceFrom` at least one layer 1 or layer 2 initiative whose results justify it.',
  rationale: 'Structural work (a territory reset, a pricing overhaul) should come only after cleanup and workflow work has produced evidence; otherwise it is redesign by opinion. A warning: the sequencing is a judgement the map makes visible, not an ownership gap.',
  messages: {
    none: 'Initiative `{{initiative}}` is layer 3 (structural work) but names no layer 1 or 2 initiative whose results justify it. Add `evidenceFrom:` with the cleanup or workflow initiative that produces the evidence first{{example}}.',
    onlyLayer3: 'Initiative `{{initiative}}` is layer 3, but its `evidenceFrom` names only layer 3 work ({{named}}). Name a layer 1 or 2 initiative whose results justify it{{example}}.',
  },
  check(model, ctx) {
    const early = model.map.initiatives.filter((x) => x && typeof x === 'object' && (x.layer === 1 || x.layer === 2)).map((x) => x.id);
    const example = early.length ? `, e.g. \`${early[0]}\`` : '';
    model.map.initiatives.forEach((it, i) => {
      if (!it || typeof it !== 'object' || it.layer !== 3) return;
      const named = list<string>(it.evidenceFrom);
      const resolved = named.map((id) => lookup<Initiative>(model, 'initiative', id)?.entity).filter((x): x is Initiative => !!x);
      if (resolved.some((x) => x.layer === 1 || x.layer === 2)) return;
      if (named.length === 0) ctx.report({ path: ['initiatives', i], messageId: 'none', data: { initiative: it.id, example } });
      else if (resolved.length === named.length) {
        ctx.report({ path: ['initiatives', i, 'evidenceFrom'], target: 'key', messageId: 'onlyLayer3', data: { initiative: it.id, named: named.map((n) => `\`${n}\``).join(', '), example } });
      }
    });
  },
});
