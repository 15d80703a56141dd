// forecast/category-has-evidence: every forecast category states the checkable evidence a deal needs.
import type { Criterion } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

function label(c: Criterion, k: number): string {
  if (c.id !== undefined) return `\`${c.id}\``;
  const text = c.text;
  return `#${k + 1} "${text.length > 40 ? `${text.slice(0, 37)}...` : text}"`;
}

export default defineRule({
  id: 'forecast/category-has-evidence',
  severity: 'error',
  description: 'Every forecast category (except kind `omitted`) states the evidence a deal needs to be counted in it, each with a `check`.',
  rationale:
    'A category without required evidence holds whatever its owner believes: commit becomes a mood, and the number the CRO gives the board cannot be inspected. Omitted deals need no evidence to be left out.',
  messages: {
    missing:
      'Forecast category `{{category}}` ({{kind}}) states no required evidence, so a deal is in it because its owner says so. Add `evidence:` with what a deal must show to count here, each a `text` with a `check`.',
    noCheck:
      'Evidence {{evidence}} of forecast category `{{category}}` has no `check`, so nobody can test a deal against it. Add `check:` with the same condition over a recorded field.',
  },
  check(model, ctx) {
    for (const { entity: c, path } of entities(model, 'forecastCategories')) {
      if (c.kind === 'omitted') continue;
      const evidence = c.evidence ?? [];
      if (evidence.length === 0) {
        const present = c.evidence !== undefined;
        ctx.report({
          path: present ? [...path, 'evidence'] : path,
          target: present ? 'key' : 'value',
          messageId: 'missing',
          data: { category: c.id, kind: c.kind },
        });
        continue;
      }
      evidence.forEach((e, k) => {
        if (e.check !== undefined) return;
        ctx.report({ path: [...path, 'evidence', k], messageId: 'noCheck', data: { evidence: label(e, k), category: c.id } });
      });
    }
  },
});
