// initiative/has-consequences: every initiative states its five current-period consequences.
import { defineRule } from '../rule.js';

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
  description: 'Every initiative answers its five current-period consequences: `thisMonth`, `thisQuarter`, `behaviour`, `detection` and `decision` (vague answers are reported by text/no-vague-language).',
  rationale: 'Foundation work must earn its right to exist in the current period: an initiative that cannot say what improves this month or which decision gets faster is a project that will be judged only when it is too late to stop it.',
  messages: {
    missing: 'Initiative `{{initiative}}` does not say what changes this period: {{missing}} {{verb}} unanswered. Add under `consequences:` {{questions}}.',
  },
  check(model, ctx) {
    model.map.initiatives.forEach((it, i) => {
      if (!it || typeof it !== 'object') return;
      const c = it.consequences && typeof it.consequences === 'object' ? (it.consequences as Record<string, unknown>) : {};
      const missing = KEYS.filter(([k]) => typeof c[k] !== 'string' || (c[k] as string).trim() === '');
      if (missing.length === 0) return;
      ctx.report({
        path: it.consequences === undefined ? ['initiatives', i] : ['initiatives', i, 'consequences'],
        target: it.consequences === undefined ? 'value' : 'key',
        messageId: 'missing',
        data: {
          initiative: it.id,
          missing: missing.map(([k]) => `\`${k}\``).join(', '),
          verb: missing.length === 1 ? 'is' : 'are',
          questions: missing.map(([k, q]) => `\`${k}\` (${q})`).join(', '),
        },
      });
    });
  },
});
