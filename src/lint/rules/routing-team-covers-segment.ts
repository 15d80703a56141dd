// routing/team-covers-segment: a rule for a segment assigns a team that covers that segment.
import { type Segment, type Team, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'routing/team-covers-segment',
  severity: 'error',
  sections: ['teams'],
  description: 'A routing rule for a segment assigns a team that covers the segment (one in its `coveredBy`, or a team under one of them).',
  rationale:
    "Routing a segment to a team that does not cover it contradicts the coverage model: the leads reach people with the wrong territory, quota or skills, and the segment's real owners never see them.",
  messages: {
    notCovering:
      "Routing rule `{{rule}}` sends segment `{{segment}}` to `{{team}}`, which does not cover it (`{{segment}}` is covered by {{covered}}). Assign a team that covers the segment, or add `{{team}}` to the segment's `coveredBy`.",
  },
  check(model, ctx) {
    const parentOf = (id: string): string | undefined => lookup<Team>(model, 'team', id)?.entity.parent;
    // the team itself, or any team it reports into, covers the segment
    const covers = (team: string, covered: readonly string[]): boolean => {
      const seen = new Set<string>();
      for (let t: string | undefined = team; t !== undefined && !seen.has(t); t = parentOf(t)) {
        if (covered.includes(t)) return true;
        seen.add(t);
      }
      return false;
    };
    for (const { entity: r, path } of entities(model, 'routing')) {
      if (r.segment === undefined) continue;
      const seg = lookup<Segment>(model, 'segment', r.segment)?.entity;
      if (!seg || !lookup(model, 'team', r.assign.team)) continue; // unresolved: ref/unresolved reports it
      const covered = seg.coveredBy;
      if (covers(r.assign.team, covered)) continue;
      ctx.report({
        path: [...path, 'assign', 'team'],
        messageId: 'notCovering',
        data: {
          rule: r.id,
          segment: seg.id,
          team: r.assign.team,
          covered: covered.length ? covered.map((c) => `\`${c}\``).join(', ') : 'no team',
        },
      });
    }
  },
});
