// pipeline/stages-reachable: every stage can be reached from the pipeline's first stage.
import { defineRule } from '../rule.js';
import { entities, isOpen, reachable } from './_shared.js';

export default defineRule({
  id: 'pipeline/stages-reachable',
  severity: 'error',
  category: 'references',
  description:
    'Every stage can be reached from the first stage by following `next` (by default: the next open stage in order, and every won or lost stage).',
  rationale:
    'A stage no deal can reach is a definition nobody follows: either the `next` lists skip it by mistake, so deals jump past its exit criteria, or it is dead weight that confuses new hires reading the map.',
  messages: {
    unreachable:
      'Stage `{{stage}}` of pipeline `{{pipeline}}` cannot be reached from the first stage `{{first}}`: no `next` leads to it. Add `{{stage}}` to the `next` of the stage before it{{before}}, or remove the stage.',
  },
  check(model, ctx) {
    for (const { entity: p, path } of entities(model, 'pipelines')) {
      const stages = p.stages;
      if (stages.length < 2) continue;
      const seen = reachable(stages, 0);
      stages.forEach((s, si) => {
        if (seen.has(si)) return;
        const prev = stages
          .slice(0, si)
          .reverse()
          .find((x) => isOpen(x) && seen.has(stages.indexOf(x)));
        ctx.report({
          path: [...path, 'stages', si],
          messageId: 'unreachable',
          data: { stage: s.id, pipeline: p.id, first: stages[0].id, before: prev ? ` (\`${prev.id}\`)` : '' },
        });
      });
    }
  },
});
