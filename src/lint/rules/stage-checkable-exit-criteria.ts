// stage/checkable-exit-criteria: each exit criterion can be tested against data and says nothing vague.
import { configuredVagueList, findVague } from '../vague.js';
import { defineRule } from '../rule.js';
import { allStages } from './_shared.js';
import type { Criterion } from '../../model/index.js';

function label(c: Criterion, k: number): string {
  if (c.id !== undefined) return c.id;
  const text = c.text;
  return text.length > 40 ? `#${k + 1} "${text.slice(0, 37)}..."` : `#${k + 1} "${text}"`;
}

export default defineRule({
  id: 'stage/checkable-exit-criteria',
  severity: 'error',
  description: 'Every exit criterion has a `check` against a recorded field, and its sentence uses no vague words.',
  rationale:
    'If a condition cannot be written in one sentence against data, the deal is not at that stage: prose-only or vague criteria ("good fit", "as needed", "TBD") let every rep pass them, so the pipeline counts hope instead of evidence.',
  messages: {
    noCheck:
      'Exit criterion `{{criterion}}` of stage `{{stage}}` is prose only: nothing can test it against a deal. Add `check:` with the same condition over a recorded field, e.g. `check: { field: <field id>, present: true }`; if it cannot be written against data, the deal is not at this stage.',
    vague: 'Exit criterion `{{criterion}}` of stage `{{stage}}` says "{{phrase}}", which nobody can check: {{suggestion}}.',
  },
  check(model, ctx) {
    const vague = configuredVagueList(model);
    for (const { stage, path } of allStages(model)) {
      stage.exitCriteria?.forEach((c, k) => {
        const data = { criterion: label(c, k), stage: stage.id };
        if (c.check === undefined) ctx.report({ path: [...path, 'exitCriteria', k], messageId: 'noCheck', data });
        for (const hit of findVague(c.text, vague)) {
          ctx.report({
            path: [...path, 'exitCriteria', k, 'text'],
            span: { start: hit.index, end: hit.index + hit.match.length },
            messageId: 'vague',
            data: { ...data, phrase: hit.match, suggestion: hit.suggestion },
          });
        }
      });
    }
  },
});
