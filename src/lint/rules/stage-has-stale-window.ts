// stage/has-stale-window: every open stage says how long a deal may sit in it.
import { defineRule } from '../rule.js';
import { allStages, isOpen } from './_shared.js';

export default defineRule({
  id: 'stage/has-stale-window',
  severity: 'error',
  description: 'Every open stage has a stale window (`staleAfter`).',
  rationale:
    'Without a stale window a deal can sit in a stage forever and still count as pipeline; that is how a pipeline of forty turns out to be twenty once someone looks.',
  messages: {
    missing:
      'Stage `{{stage}}` of pipeline `{{pipeline}}` has no stale window: a deal can sit here forever and still count as pipeline. Add `staleAfter:` with how long a deal may stay, e.g. `staleAfter: 21d`, and `whenStale:` with what happens then.',
  },
  check(model, ctx) {
    for (const { pipeline, stage, path } of allStages(model)) {
      if (!isOpen(stage) || stage.staleAfter !== undefined) continue;
      ctx.report({ path, messageId: 'missing', data: { stage: stage.id, pipeline: pipeline.id } });
    }
  },
});
