// pipeline/ends-in-won-and-lost: a pipeline has a won and a lost stage, and every open stage can get to one.
import { listAnd } from '../../text.js';
import { defineRule } from '../rule.js';
import { entities, isOpen, reachable } from './_shared.js';

export default defineRule({
  id: 'pipeline/ends-in-won-and-lost',
  severity: 'error',
  description:
    'Every pipeline has a stage with `outcome: won` and one with `outcome: lost`, and from every open stage some won or lost stage can be reached.',
  rationale:
    'A pipeline that cannot end in a win or a loss keeps dead deals open forever: they inflate coverage, distort conversion rates and nobody is ever told to close them out.',
  messages: {
    noWon:
      'Pipeline `{{pipeline}}` has no won stage, so no deal in it can be counted as won. Add a stage with `outcome: won`, e.g. `{ id: {{pipeline}}-closed-won, name: Closed won, outcome: won }`.',
    noLost:
      'Pipeline `{{pipeline}}` has no lost stage, so a deal that dies stays open and keeps counting as pipeline. Add a stage with `outcome: lost`, e.g. `{ id: {{pipeline}}-closed-lost, name: Closed lost, outcome: lost }`.',
    deadEnd:
      'From stage `{{stage}}` of pipeline `{{pipeline}}` no won or lost stage can be reached (its `next` leads only to {{targets}}): a deal here can never close. Add a won and a lost stage to its `next`.',
  },
  check(model, ctx) {
    for (const { entity: p, path } of entities(model, 'pipelines')) {
      const stages = p.stages;
      const won = stages.some((s) => s.outcome === 'won');
      const lost = stages.some((s) => s.outcome === 'lost');
      if (!won) ctx.report({ path, messageId: 'noWon', data: { pipeline: p.id } });
      if (!lost) ctx.report({ path, messageId: 'noLost', data: { pipeline: p.id } });
      if (!won && !lost) continue;
      stages.forEach((s, si) => {
        if (!isOpen(s)) return;
        const seen = reachable(stages, si);
        if ([...seen].some((i) => !isOpen(stages[i]!))) return;
        const targets = [...seen].filter((i) => i !== si).map((i) => stages[i]!.id);
        const at = [...path, 'stages', si];
        ctx.report({
          path: s.next ? [...at, 'next'] : at,
          target: s.next ? 'key' : 'value',
          messageId: 'deadEnd',
          data: { stage: s.id, pipeline: p.id, targets: targets.length ? listAnd(targets) : 'nothing' },
        });
      });
    }
  },
});
