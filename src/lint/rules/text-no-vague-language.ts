// text/no-vague-language: no vague phrase where the map states a commitment.
import type { ModelPath } from '../../diagnostic.js';
import type { Criterion, Model } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { checkVagueOptions, findVague, VAGUE_OPTIONS_SCHEMA, type VagueOptions, vagueList } from '../vague.js';
import { allStages, entities } from './_shared.js';

/**
 * Calls `visit` with every text that states a commitment; where it is (its path and a label) is
 * built only when asked, for the few texts with a finding. Exit criteria are left to
 * stage/checkable-exit-criteria.
 */
function commitments(model: Model, visit: (text: string, path: () => ModelPath, where: () => string) => void): void {
  const add = (text: string | undefined, path: () => ModelPath, where: () => string): void => {
    if (text !== undefined) visit(text, path, where);
  };
  const criteria = (path: ModelPath, where: string, cs: readonly Criterion[] | undefined): void => {
    cs?.forEach((c, k) =>
      add(
        c.text,
        () => [...path, k, 'text'],
        () => `${where} #${k + 1}`,
      ),
    );
  };
  for (const { entity: h, path } of entities(model, 'handoffs')) {
    add(
      h.trigger?.text,
      () => [...path, 'trigger', 'text'],
      () => `Handoff \`${h.id}\`: trigger`,
    );
    if (h.acceptance) criteria([...path, 'acceptance'], `Handoff \`${h.id}\`: acceptance criterion`, h.acceptance);
    add(
      h.onReject?.owes,
      () => [...path, 'onReject', 'owes'],
      () => `Handoff \`${h.id}\`: \`onReject.owes\``,
    );
  }
  for (const { stage: s, path } of allStages(model)) {
    s.evidence?.forEach((e, k) =>
      add(
        e,
        () => [...path, 'evidence', k],
        () => `Stage \`${s.id}\`: evidence #${k + 1}`,
      ),
    );
    add(
      s.whenStale?.question,
      () => [...path, 'whenStale', 'question'],
      () => `Stage \`${s.id}\`: stale question`,
    );
  }
  for (const { entity: c, path } of entities(model, 'forecastCategories'))
    if (c.evidence) criteria([...path, 'evidence'], `Forecast category \`${c.id}\`: evidence`, c.evidence);
  for (const { entity: f, path } of entities(model, 'forecast'))
    add(
      f.dueBy,
      () => [...path, 'dueBy'],
      () => `Forecast process \`${f.id}\`: \`dueBy\``,
    );
  for (const { entity: l, path } of entities(model, 'lifecycle')) {
    add(
      l.entry?.text,
      () => [...path, 'entry', 'text'],
      () => `Lifecycle stage \`${l.id}\`: entry signal`,
    );
    add(
      l.exit?.text,
      () => [...path, 'exit', 'text'],
      () => `Lifecycle stage \`${l.id}\`: exit condition`,
    );
    if (l.signals) criteria([...path, 'signals'], `Lifecycle stage \`${l.id}\`: signal`, l.signals);
  }
  for (const { entity: c, path } of entities(model, 'cadences'))
    c.decisions?.forEach((d, k) =>
      add(
        d,
        () => [...path, 'decisions', k],
        () => `Meeting \`${c.id}\`: decision #${k + 1}`,
      ),
    );
  for (const { entity: d, path } of entities(model, 'decisionRights'))
    add(
      d.escalateWhen,
      () => [...path, 'escalateWhen'],
      () => `Decision domain \`${d.id}\`: \`escalateWhen\``,
    );
  for (const { entity: m, path } of entities(model, 'metrics'))
    add(
      m.formula,
      () => [...path, 'formula'],
      () => `Metric \`${m.id}\`: formula`,
    );
  for (const { entity: it, path } of entities(model, 'initiatives')) {
    const c = it.consequences;
    if (!c) continue;
    for (const k of ['thisMonth', 'thisQuarter', 'behaviour', 'detection', 'decision'] as const) {
      add(
        c[k],
        () => [...path, 'consequences', k],
        () => `Initiative \`${it.id}\`: \`consequences.${k}\``,
      );
    }
  }
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
    commitments(model, (text, path, where) => {
      for (const hit of findVague(text, vague)) {
        ctx.report({
          path: path(),
          span: { start: hit.index, end: hit.index + hit.match.length },
          messageId: 'vague',
          data: { where: where(), phrase: hit.match, suggestion: hit.suggestion },
        });
      }
    });
  },
});
