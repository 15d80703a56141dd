// stage/stale-asks-question: a stale deal's owner must answer a question to keep it.
import { defineRule } from '../rule.js';
import { allStages, isOpen } from './_shared.js';

export default defineRule({
  id: 'stage/stale-asks-question',
  severity: 'warn',
  description: 'An open stage that acts on stale deals states the question the owner must answer to keep the deal.',
  rationale:
    'The question is what turns a stale flag into an inspection: without it, owners re-date the deal and keep it. A warning, because the state change (checked by stage/stale-changes-state) already keeps the forecast honest.',
  messages: {
    missing:
      'Stage `{{stage}}` acts on stale deals (`{{action}}`) but asks their owner nothing. Add `question:` under `whenStale:` with what the owner must answer to keep the deal here, e.g. "What has the buyer done since the last meeting that shows this will close?".',
  },
  check(model, ctx) {
    for (const { stage, path } of allStages(model)) {
      const ws = stage.whenStale;
      if (!isOpen(stage) || !ws || ws.question !== undefined) continue;
      ctx.report({ path: [...path, 'whenStale'], target: 'key', messageId: 'missing', data: { stage: stage.id, action: ws.action } });
    }
  },
});
