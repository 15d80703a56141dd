// initiative/has-consequences: every initiative states its five current-period consequences.
import type { Initiative } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

const KEYS = [
  ['thisMonth', 'what gets better this month'],
  ['thisQuarter', 'what gets clearer this quarter'],
  ['behaviour', 'which manager or rep behaviour changes'],
  ['detection', 'which forecast or pipeline failure becomes easier to detect'],
  ['decision', 'which decision becomes faster'],
] as const;

export default defineRule({
  id: 'initiative/has-consequences',
  severity: 'error',
  description:
    'Every initiative answers its five current-period consequences: `thisMonth`, `thisQuarter`, `behaviour`, `detection` and `decision` (vague answers are reported by text/no-vague-language).',
  rationale:
    'Foundation work must earn its right to exist in the current period: an initiative that cannot say what improves this month or which decision gets faster is a project that will be judged only when it is too late to stop it.',
  messages: {
    missing:
      'Initiative `{{initiative}}` does not say what changes this period: {{missing}} {{verb}} unanswered. Add under `consequences:` {{questions}}.',
  },
  check(model, ctx) {
    for (const { entity: it, path } of entities(model, 'initiatives')) {
      const c: NonNullable<Initiative['consequences']> = it.consequences ?? {};
      const missing = KEYS.filter(([k]) => !c[k]?.trim());
      if (missing.length === 0) continue;
      ctx.report({
        path: it.consequences === undefined ? path : [...path, 'consequences'],
        target: it.consequences === undefined ? 'value' : 'key',
        messageId: 'missing',
        data: {
          initiative: it.id,
          missing: missing.map(([k]) => `\`${k}\``).join(', '),
          verb: missing.length === 1 ? 'is' : 'are',
          questions: missing.map(([k, q]) => `\`${k}\` (${q})`).join(', '),
        },
      });
    }
  },
});
