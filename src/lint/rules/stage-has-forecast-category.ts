// stage/has-forecast-category: every stage maps to a forecast category.
import { idsOf, sectionFile } from '../../model/index.js';
import { listOr } from '../../text.js';
import { defineRule } from '../rule.js';
import { allStages } from './_shared.js';

export default defineRule({
  id: 'stage/has-forecast-category',
  severity: 'error',
  category: 'references',
  sections: ['forecastCategories'],
  description: 'Every stage maps to a forecast category.',
  rationale:
    "A stage with no forecast mapping puts its deals in nobody's number, or in everybody's: each manager decides how to count them and the roll-up no longer adds up.",
  messages: {
    missing:
      'Stage `{{stage}}` of pipeline `{{pipeline}}` maps to no forecast category, so each manager decides how to count its deals. Add `forecastCategory:` with {{choices}}.',
  },
  check(model, ctx) {
    const cats = model.map.forecastCategories;
    const file = sectionFile(model, 'forecastCategories');
    for (const { pipeline, stage, path } of allStages(model)) {
      if (stage.forecastCategory !== undefined) continue;
      const kind = stage.outcome === 'won' ? 'closed' : stage.outcome === 'lost' ? 'omitted' : undefined;
      const fit = kind ? cats.find((c) => c.kind === kind)?.id : undefined;
      const ids = idsOf(model, 'forecast category');
      const choices = fit
        ? `\`${fit}\` (kind ${kind})`
        : ids.length
          ? `one of ${listOr(ids)}${file ? ` (declared in ${file})` : ''}`
          : 'a category declared under `forecastCategories:` (none is declared yet)';
      ctx.report({ path, messageId: 'missing', data: { stage: stage.id, pipeline: pipeline.id, choices } });
    }
  },
});
