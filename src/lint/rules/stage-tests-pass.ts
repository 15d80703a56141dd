// stage/tests-pass: the stage test cases beside the map (`stageTests:`) pass.
import { runStageTests } from '../../route/stages.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'stage/tests-pass',
  severity: 'error',
  sections: ['pipelines', 'fields'],
  description:
    "Every stage test case (`stageTests:`) gives a deal that reaches the stage it expects: the deal moves on while its stage's checkable exit criteria hold.",
  rationale:
    'Exit criteria are the definition of a stage. A changed threshold or a new criterion silently moves which deals count as qualified; a case that states where a known deal must stop fails the change that moves it.',
  appliesTo: (model) => model.tests.stageTests.length > 0,
  messages: {
    failed: '{{message}}',
    invalid: '{{message}} Fix the case so it can run.',
  },
  check(model, ctx) {
    for (const f of runStageTests(model).findings)
      ctx.report({ path: f.path, target: f.target, messageId: f.kind, data: { message: f.message } });
  },
});
