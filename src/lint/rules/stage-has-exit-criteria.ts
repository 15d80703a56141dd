// stage/has-exit-criteria: every open stage says what must be true before a deal leaves it.
import { defineRule } from '../rule.js';
import { allStages, isOpen } from './_shared.js';

export default defineRule({
  id: 'stage/has-exit-criteria',
  severity: 'error',
  description: 'Every open stage has exit criteria.',
  rationale:
    'A stage without exit criteria is a label, not a definition: each rep moves deals on their own judgement, so stage counts and conversion rates compare different things and the forecast built on them is guesswork.',
  messages: {
    missing:
      'Stage `{{stage}}` of pipeline `{{pipeline}}` has no exit criteria, so a deal leaves it whenever its owner says so. Add `exitCriteria:` with what must be true before a deal moves on, each a `text` with a `check` against a recorded field.',
    empty:
      'Stage `{{stage}}` of pipeline `{{pipeline}}` has an empty `exitCriteria:` list, so a deal leaves it whenever its owner says so. List what must be true before a deal moves on, each a `text` with a `check`.',
  },
  check(model, ctx) {
    for (const { pipeline, stage, path } of allStages(model)) {
      if (!isOpen(stage)) continue;
      const data = { stage: stage.id, pipeline: pipeline.id };
      if (stage.exitCriteria === undefined) ctx.report({ path, messageId: 'missing', data });
      else if (stage.exitCriteria.length === 0) ctx.report({ path: [...path, 'exitCriteria'], target: 'key', messageId: 'empty', data });
    }
  },
});
