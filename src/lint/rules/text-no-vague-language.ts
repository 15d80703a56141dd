// text/no-vague-language: no vague phrase where the map states a commitment.
import type { ModelPath } from '../../diagnostic.js';
import type { Criterion, Model } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { checkVagueOptions, findVague, VAGUE_OPTIONS_SCHEMA, type VagueOptions, vagueList } from '../vague.js';
import { allStages, entities } from './_shared.js';

interface Commitment {
  path: ModelPath;
  where: string;
  text: string;
}

/** Every text that states a commitment, with where it is. Exit criteria are left to stage/checkable-exit-criteria. */
function commitments(model: Model): Commitment[] {
  const out: Commitment[] = [];
  const add = (path: ModelPath, where: string, text: string | undefined): void => {
    if (text !== undefined) out.push({ path, where, text });
  };
  const criteria = (path: ModelPath, where: string, cs: readonly Criterion[] | undefined): void => {
    cs?.forEach((c, k) => add([...path, k, 'text'], `${where} #${k + 1}`, c.text));
  };
  for (const { entity: h, path } of entities(model, 'handoffs')) {
    add([...path, 'trigger', 'text'], `Handoff \`${h.id}\`: trigger`, h.trigger?.text);
    criteria([...path, 'acceptance'], `Handoff \`${h.id}\`: acceptance criterion`, h.acceptance);
    add([...path, 'onReject', 'owes'], `Handoff \`${h.id}\`: \`onReject.owes\``, h.onReject?.owes);
  }
  for (const { stage: s, path } of allStages(model)) {
    s.evidence?.forEach((e, k) => add([...path, 'evidence', k], `Stage \`${s.id}\`: evidence #${k + 1}`, e));
    add([...path, 'whenStale', 'question'], `Stage \`${s.id}\`: stale question`, s.whenStale?.question);
  }
  for (const { entity: c, path } of entities(model, 'forecastCategories'))
    criteria([...path, 'evidence'], `Forecast category \`${c.id}\`: evidence`, c.evidence);
  for (const { entity: f, path } of entities(model, 'forecast'))
    add([...path, 'dueBy'], `Forecast process \`${f.id}\`: \`dueBy\``, f.dueBy);
  for (const { entity: l, path } of entities(model, 'lifecycle')) {
    add([...path, 'entry', 'text'], `Lifecycle stage \`${l.id}\`: entry signal`, l.entry?.text);
    add([...path, 'exit', 'text'], `Lifecycle stage \`${l.id}\`: exit condition`, l.exit?.text);
    criteria([...path, 'signals'], `Lifecycle stage \`${l.id}\`: signal`, l.signals);
  }
  for (const { entity: c, path } of entities(model, 'cadences'))
    c.decisions?.forEach((d, k) => add([...path, 'decisions', k], `Meeting \`${c.id}\`: decision #${k + 1}`, d));
  for (const { entity: d, path } of entities(model, 'decisionRights'))
    add([...path, 'escalateWhen'], `Decision domain \`${d.id}\`: \`escalateWhen\``, d.escalateWhen);
  for (const { entity: m, path } of entities(model, 'metrics')) add([...path, 'formula'], `Metric \`${m.id}\`: formula`, m.formula);
  for (const { entity: it, path } of entities(model, 'initiatives')) {
    const c = it.consequences;
    if (!c) continue;
    for (const k of ['thisMonth', 'thisQuarter', 'behaviour', 'detection', 'decision'] as const) {
      add([...path, 'consequences', k], `Initiative \`${it.id}\`: \`consequences.${k}\``, c[k]);
    }
  }
  return out;
}

export default defineRule<VagueOptions, 'vague'>({
  id: 'text/no-vague-language',
  severity: 'warn',
  description:
    'No vague phrase ("TBD", "as needed", "ASAP", "regularly", "good fit", "etc." and others) in a text that states a commitment.',
  rationale:
    'A commitment in vague words is resolved differently by each team, which is the ambiguity the map exists to expose: "respond ASAP" is not an SLA and "reject as needed" is not a return path. A warning, because the structured parts next to the text may still be precise; exit criteria, where vagueness makes the stage uncheckable, are reported as errors by stage/checkable-exit-criteria instead.',
  messages: {
    vague: '{{where}} says "{{phrase}}": {{suggestion}}.',
  },
  optionsSchema: VAGUE_OPTIONS_SCHEMA,
  defaultOptions: { words: [], allow: [] },
  checkOptions: checkVagueOptions,
  check(model, ctx) {
    const vague = vagueList(ctx.options);
    for (const c of commitments(model)) {
      for (const hit of findVague(c.text, vague)) {
        ctx.report({
          path: c.path,
          span: { start: hit.index, end: hit.index + hit.match.length },
          messageId: 'vague',
          data: { where: c.where, phrase: hit.match, suggestion: hit.suggestion },
        });
      }
    }
  },
});
