// routing/segment-routed: every segment is routed by a rule of its own, not only by the fallback.
import { impliesForms, type NormalForm, normalForm } from '../../conditions/implies.js';
import { isFallback } from '../../route/index.js';
import { defineRule } from '../rule.js';
import { entities, fieldLookup } from './_shared.js';

export default defineRule({
  id: 'routing/segment-routed',
  severity: 'error',
  category: 'references',
  sections: ['routing'],
  description:
    'Every segment is routed by a rule that is not the fallback: one that names it in `segment`, or one without a segment whose `when` holds for every account in it.',
  rationale:
    'A segment that no rule routes is a decision on paper only: its leads land in the fallback queue, or nowhere, instead of with the team that covers it. A segment only the fallback catches counts as not routed, because the fallback is for what nobody planned.',
  messages: {
    unrouted:
      'Segment `{{segment}}` is routed by no rule: its records {{fate}} instead of going to a team that covers it ({{teams}}). Add a routing rule with `segment: {{segment}}` that assigns {{assign}}.',
  },
  check(model, ctx) {
    const fields = fieldLookup(model);
    const rules = model.map.routing.filter((r) => !isFallback(r));
    const fallback = model.map.routing.find(isFallback);
    const named = new Set(rules.map((r) => r.segment).filter((id): id is string => typeof id === 'string'));
    // each rule's normal form once, not once per segment (and only once a segment needs them)
    let general: NormalForm[] | undefined;
    const generalForms = (): NormalForm[] =>
      (general ??= rules.filter((r) => r.segment === undefined).map((r) => normalForm(r.when, fields)));
    for (const { entity: s, path } of entities(model, 'segments')) {
      const routed = named.has(s.id) || generalForms().some((when) => impliesForms(normalForm(s.rule, fields), when));
      if (routed) continue;
      const teams = s.coveredBy;
      ctx.report({
        path,
        messageId: 'unrouted',
        data: {
          segment: s.id,
          fate: fallback ? `fall through to the fallback \`${fallback.id}\`` : 'match no routing rule',
          teams: teams.length ? teams.map((t) => `\`${t}\``).join(', ') : 'none is named in `coveredBy`',
          assign: teams.length ? `\`${teams[0]}\`` : 'the team that covers it',
        },
      });
    }
  },
});
