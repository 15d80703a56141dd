// stage/stale-changes-state: a stale deal undergoes a state change that is fully specified.
import { humanDuration } from '../../conditions/index.js';
import { defineRule } from '../rule.js';
import { allStages, isOpen } from './_shared.js';

export default defineRule({
  id: 'stage/stale-changes-state',
  severity: 'error',
  category: 'references',
  description:
    'An open stage with a stale window says what happens to a stale deal (`whenStale.action`), and a move names a stage of the same pipeline.',
  rationale:
    'A stale window with no state change is a report nobody acts on: the stale deal stays in the stage and in the forecast. The change must be complete, or the deal goes nowhere.',
  messages: {
    missing:
      'Stage `{{stage}}` calls a deal stale after {{after}}, but nothing happens to it then. Add `whenStale:` with an `action` (`flag`, `move-to-stage`, `remove-from-forecast` or `close-lost`) and the `question` the owner must answer to keep the deal.',
    noMoveTo:
      'Stage `{{stage}}` moves stale deals (`action: move-to-stage`) but names no stage to move them to. Add `moveTo:` with a stage of pipeline `{{pipeline}}`{{example}}.',
    moveToIgnored:
      'Stage `{{stage}}` names `moveTo: {{moveTo}}`, but its stale action is `{{action}}`, so the move never happens. Set `action: move-to-stage`, or remove `moveTo`.',
    moveToSelf:
      'Stage `{{stage}}` moves stale deals to itself, which changes nothing. Point `moveTo:` at an earlier stage, e.g. `{{example}}`.',
    moveToElsewhere:
      'Stage `{{stage}}` moves stale deals to `{{moveTo}}`, which is not a stage of pipeline `{{pipeline}}`. Point `moveTo:` at a stage of the same pipeline{{example}}.',
  },
  check(model, ctx) {
    for (const { pipeline, stage, si, path } of allStages(model)) {
      if (!isOpen(stage) || stage.staleAfter === undefined) continue;
      const stages = pipeline.stages;
      const earlier = stages.slice(0, si).reverse().find(isOpen)?.id;
      const base = { stage: stage.id, pipeline: pipeline.id };
      const ws = stage.whenStale;
      if (ws === undefined) {
        ctx.report({
          path: [...path, 'staleAfter'],
          target: 'key',
          messageId: 'missing',
          data: { ...base, after: humanDuration(stage.staleAfter) },
        });
        continue;
      }
      const wpath = [...path, 'whenStale'];
      if (ws.action === 'move-to-stage') {
        if (ws.moveTo === undefined) {
          ctx.report({
            path: [...wpath, 'action'],
            messageId: 'noMoveTo',
            data: { ...base, example: earlier ? `, e.g. \`moveTo: ${earlier}\`` : '' },
          });
        } else if (ws.moveTo === stage.id) {
          ctx.report({ path: [...wpath, 'moveTo'], messageId: 'moveToSelf', data: { ...base, example: earlier ?? 'the previous stage' } });
        } else if (!stages.some((s) => s.id === ws.moveTo) && model.entities.get('stage')?.has(ws.moveTo)) {
          // a moveTo that names no stage at all is unresolved: ref/unresolved reports it
          ctx.report({
            path: [...wpath, 'moveTo'],
            messageId: 'moveToElsewhere',
            data: { ...base, moveTo: ws.moveTo, example: earlier ? `, e.g. \`${earlier}\`` : '' },
          });
        }
      } else if (ws.moveTo !== undefined) {
        ctx.report({
          path: [...wpath, 'moveTo'],
          target: 'key',
          messageId: 'moveToIgnored',
          data: { ...base, moveTo: ws.moveTo, action: ws.action },
        });
      }
    }
  },
});
