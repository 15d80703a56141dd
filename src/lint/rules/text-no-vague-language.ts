// text/no-vague-language: no vague phrase where the map states a commitment.
import type { Model } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { checkVagueOptions, findVague, VAGUE_OPTIONS_SCHEMA, type VagueOptions, vagueList } from '../vague.js';
import { list } from './_shared.js';

interface Commitment {
  path: (string | number)[];
  where: string;
  text: unknown;
}

/** Every text that states a commitment, with where it is. Exit criteria are left to stage/checkable-exit-criteria. */
function commitments(model: Model): Commitment[] {
  const out: Commitment[] = [];
  const add = (path: (string | number)[], where: string, text: unknown): void => {
    if (typeof text === 'string') out.push({ path, where, text });
  };
  const criteria = (path: (string | number)[], where: string, cs: unknown): void => {
    list<{ text?: unknown }>(cs).forEach((c, k) => add([...path, k, 'text'], `${where} #${k + 1}`, c?.text));
  };
  model.map.handoffs.forEach((h, i) => {
    if (!h || typeof h !== 'object') return;
    const p = ['handoffs', i];
    add([...p, 'trigger', 'text'], `Handoff \`${h.id}\`: trigger`, h.trigger?.text);
    criteria([...p, 'acceptance'], `Handoff \`${h.id}\`: acceptance criterion`, h.acceptance);
    add([...p, 'onReject', 'owes'], `Handoff \`${h.id}\`: \`onReject.owes\``, h.onReject?.owes);
  });
  model.map.pipelines.forEach((pl, pi) => {
    list<{ id?: string; evidence?: unknown; whenStale?: { question?: unknown } }>(pl?.stages).forEach((s, si) => {
      if (!s || typeof s !== 'object') return;
      const p = ['pipelines', pi, 'stages', si];
      list<unknown>(s.evidence).forEach((e, k) => add([...p, 'evidence', k], `Stage \`${s.id}\`: evidence #${k + 1}`, e));
      add([...p, 'whenStale', 'question'], `Stage \`${s.id}\`: stale question`, s.whenStale?.question);
    });
  });
  model.map.forecastCategories.forEach((c, i) => c && criteria(['forecastCategories', i, 'evidence'], `Forecast category \`${c.id}\`: evidence`, c.evidence));
  model.map.forecast.forEach((f, i) => f && add(['forecast', i, 'dueBy'], `Forecast process \`${f.id}\`: \`dueBy\``, f.dueBy));
  model.map.lifecycle.forEach((l, i) => {
    if (!l || typeof l !== 'object') return;
    add(['lifecycle', i, 'entry', 'text'], `Lifecycle stage \`${l.id}\`: entry signal`, l.entry?.text);
    add(['lifecycle', i, 'exit', 'text'], `Lifecycle stage \`${l.id}\`: exit condition`, l.exit?.text);
    criteria(['lifecycle', i, 'signals'], `Lifecycle stage \`${l.id}\`: signal`, l.signals);
  });
  model.map.cadences.forEach((c, i) => c && list<unknown>(c.decisions).forEach((d, k) => add(['cadences', i, 'decisions', k], `Meeting \`${c.id}\`: decision #${k + 1}`, d)));
  model.map.decisionRights.forEach((d, i) => d && add(['decisionRights', i, 'escalateWhen'], `Decision domain \`${d.id}\`: \`escalateWhen\``, d.escalateWhen));
  model.map.metrics.forEach((m, i) => m && add(['metrics', i, 'formula'], `Metric \`${m.id}\`: formula`, m.formula));
  model.map.initiatives.forEach((it, i) => {
    const c = it?.consequences;
    if (!c || typeof c !== 'object') return;
    for (const k of ['thisMonth', 'thisQuarter', 'behaviour', 'detection', 'decision'] as const) {
      add(['initiatives', i, 'consequences', k], `Initiative \`${it.id}\`: \`consequences.${k}\``, c[k]);
    }
  });
  return out;
}

export default defineRule<VagueOptions>({
  id: 'text/no-vague-language',
  severity: 'warn',
  description: 'No vague phrase ("TBD", "as needed", "ASAP", "regularly", "good fit", "etc." and others) in a text that states a commitment.',
  rationale: 'A commitment in vague words is resolved differently by each team, which is the ambiguity the map exists to expose: "respond ASAP" is not an SLA and "reject as needed" is not a return path. A warning, because the structured parts next to the text may still be precise; exit criteria, where vagueness makes the stage uncheckable, are reported as errors by stage/checkable-exit-criteria instead.',
  messages: {
    vague: '{{where}} says "{{phrase}}": {{suggestion}}.',
  },
  optionsSchema: VAGUE_OPTIONS_SCHEMA,
  defaultOptions: { words: [], allow: [] },
  checkOptions: checkVagueOptions,
  check(model, ctx) {
    const vague = vagueList(ctx.options);
    for (const c of commitments(model)) {
      for (const hit of findVague(c.text as string, vague)) {
        ctx.report({ path: c.path, span: { start: hit.index, end: hit.index + hit.match.length }, messageId: 'vague', data: { where: c.where, phrase: hit.match, suggestion: hit.suggestion } });
      }
    }
  },
});
