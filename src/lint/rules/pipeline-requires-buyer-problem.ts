// pipeline/requires-buyer-problem: some stage requires the buyer's problem with a cost attached.
import { type FieldLookup, fieldsRead } from '../../conditions/index.js';
import { type Pipeline, sectionFile } from '../../model/index.js';
import { listAnd, listOr } from '../../text.js';
import { defineRule } from '../rule.js';
import { entities, fieldLookup } from './_shared.js';

/** 'both' when one stage's exit criteria check a buyer-problem and a problem-cost field; else the first stage that checks each. */
function required(p: Pipeline, field: FieldLookup): 'both' | { problemStage?: string; costStage?: string } {
  let problemStage: string | undefined;
  let costStage: string | undefined;
  for (const s of p.stages) {
    const read = new Set<string>();
    for (const c of s.exitCriteria ?? []) fieldsRead(c.check, read);
    // a field that does not resolve has no meaning here: ref/unresolved or the condition check reports it
    const meanings = new Set([...read].map((id) => field(id)?.meaning));
    if (meanings.has('buyer-problem') && meanings.has('problem-cost')) return 'both';
    if (meanings.has('buyer-problem')) problemStage ??= s.id;
    if (meanings.has('problem-cost')) costStage ??= s.id;
  }
  return { problemStage, costStage };
}

export default defineRule({
  id: 'pipeline/requires-buyer-problem',
  severity: 'error',
  sections: ['fields'],
  description:
    "In every opportunity pipeline, one stage's exit criteria check a field with `meaning: buyer-problem` and a field with `meaning: problem-cost`.",
  rationale:
    "The unit of progress is the prospect's problem, in their words, with a cost attached, not the number of calls. A pipeline that never requires it advances deals on activity, and a deal without a costed problem has no reason to close.",
  messages: {
    missing:
      "No stage of pipeline `{{pipeline}}` requires the buyer's problem with its cost: no exit criterion checks a field with `meaning: buyer-problem` together with one with `meaning: problem-cost`. {{fix}}",
    noCost:
      "Stage `{{stage}}` of pipeline `{{pipeline}}` requires the buyer's problem, but no stage requires what it costs them, so deals advance on problems nobody has priced. Add a check of {{cost}} to the exit criteria of `{{stage}}`, e.g. `check: { field: {{costField}}, atLeast: 10000 }`.",
    noProblem:
      "Stage `{{stage}}` of pipeline `{{pipeline}}` requires a problem cost, but no stage requires the buyer's problem it is the cost of. Add a check of {{problem}} to the exit criteria of `{{stage}}`, e.g. `check: { field: {{problemField}}, present: true }`.",
    apart:
      "Pipeline `{{pipeline}}` requires the buyer's problem (stage `{{problemStage}}`) and a problem cost (stage `{{costStage}}`) in different stages, so a deal can carry a problem with no cost attached. Check both in the exit criteria of one stage, e.g. `{{problemStage}}`.",
  },
  check(model, ctx) {
    const field = fieldLookup(model);
    const problemFields = model.map.fields.filter((f) => f.meaning === 'buyer-problem').map((f) => f.id);
    const costFields = model.map.fields.filter((f) => f.meaning === 'problem-cost').map((f) => f.id);
    for (const { entity: p, path } of entities(model, 'pipelines')) {
      if (p.object !== undefined && p.object !== 'opportunity') continue;
      const found = required(p, field);
      if (found === 'both') continue;
      const { problemStage, costStage } = found;
      if (problemStage && costStage) {
        ctx.report({ path, messageId: 'apart', data: { pipeline: p.id, problemStage, costStage } });
        continue;
      }
      const file = sectionFile(model, 'fields');
      const declare = (meaning: string): string =>
        `a field with \`meaning: ${meaning}\` (none is declared yet${file ? `; declare one in ${file}` : ''})`;
      const at = (id: string): (string | number)[] => [...path, 'stages', p.stages.findIndex((s) => s.id === id), 'exitCriteria'];
      if (problemStage) {
        const cost = costFields.length ? listOr(costFields) : declare('problem-cost');
        ctx.report({
          path: at(problemStage),
          target: 'key',
          messageId: 'noCost',
          data: { pipeline: p.id, stage: problemStage, cost, costField: costFields[0] ?? 'problem-cost' },
        });
        continue;
      }
      if (costStage) {
        const problem = problemFields.length ? listOr(problemFields) : declare('buyer-problem');
        ctx.report({
          path: at(costStage),
          target: 'key',
          messageId: 'noProblem',
          data: { pipeline: p.id, stage: costStage, problem, problemField: problemFields[0] ?? 'buyer-problem' },
        });
        continue;
      }
      const need: string[] = [];
      if (problemFields.length === 0) need.push("`meaning: buyer-problem` (the problem in the buyer's words)");
      if (costFields.length === 0) need.push('`meaning: problem-cost` (what it costs them)');
      const fix = need.length
        ? `Declare a field with ${need.join(' and one with ')}${file ? ` in ${file}` : ''}, then check both in the exit criteria of the discovery stage.`
        : `Check ${listAnd([problemFields[0]!, costFields[0]!])} in the exit criteria of the discovery stage, e.g. \`check: { field: ${problemFields[0]}, present: true }\`.`;
      ctx.report({ path, messageId: 'missing', data: { pipeline: p.id, fix } });
    }
  },
});
