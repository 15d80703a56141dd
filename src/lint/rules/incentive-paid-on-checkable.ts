// incentive/paid-on-checkable: pay only on stages and categories whose definitions are checkable.
import { type Criterion, type ForecastCategory, type Stage, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

function gap(criteria: readonly Criterion[] | undefined, noun: string): string | undefined {
  if (!criteria?.length) return `has no ${noun}`;
  const unchecked = criteria.map((c, k) => ({ c, k })).filter(({ c }) => c.check === undefined);
  if (unchecked.length === 0) return undefined;
  const names = unchecked.map(({ c, k }) => (c.id !== undefined ? `\`${c.id}\`` : `#${k + 1}`));
  return `has ${noun} without a \`check\` (${names.join(', ')})`;
}

export default defineRule({
  id: 'incentive/paid-on-checkable',
  severity: 'error',
  description:
    'An incentive measure paid on a stage or a forecast category pays only where the definition is checkable: every exit criterion of the stage (for `paidOnStage`) or every evidence item of the category (for `paidOnCategory`) has a `check`.',
  rationale:
    "Compensation is the strongest signal in the motion: paying on a stage whose definition is prose pays reps for deals that merely claim the stage, the edge case that produces bad behaviour. Simple on purpose: the stage's own exit criteria are what a paid deal must show, so a won stage needs its own checkable criterion (e.g. the signature date recorded).",
  messages: {
    stage:
      'Measure "{{measure}}" of plan `{{plan}}` pays on stage `{{target}}`, which {{gap}}: reps would be paid on deals that only claim the stage. Give every exit criterion of `{{target}}` a `check` against a recorded field, or pay on a stage that has them.',
    category:
      'Measure "{{measure}}" of plan `{{plan}}` pays on forecast category `{{target}}`, which {{gap}}: reps would be paid on deals placed there by opinion. Give every evidence item of `{{target}}` a `check`, or pay on a checkable category.',
  },
  check(model, ctx) {
    for (const { entity: plan, path } of entities(model, 'incentives')) {
      plan.measures.forEach((m, k) => {
        const base = [...path, 'measures', k];
        // a stage or category that does not resolve is left to ref/unresolved
        const stage = lookup<Stage>(model, 'stage', m.paidOnStage)?.entity;
        const sg = stage ? gap(stage.exitCriteria, 'exit criteria') : undefined;
        if (stage && sg)
          ctx.report({
            path: [...base, 'paidOnStage'],
            messageId: 'stage',
            data: { measure: m.name, plan: plan.id, target: stage.id, gap: sg },
          });
        const cat = lookup<ForecastCategory>(model, 'forecast category', m.paidOnCategory)?.entity;
        const cg = cat ? gap(cat.evidence, 'evidence') : undefined;
        if (cat && cg)
          ctx.report({
            path: [...base, 'paidOnCategory'],
            messageId: 'category',
            data: { measure: m.name, plan: plan.id, target: cat.id, gap: cg },
          });
      });
    }
  },
});
