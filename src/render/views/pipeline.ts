// One page per pipeline: the stage flow, then what each stage requires.
import { humanDuration } from '../../conditions/index.js';
import type { Pipeline, Stage } from '../../model/types.js';
import type { RenderContext } from '../context.js';
import { criteriaViews } from '../describe.js';
import { stageFlow, stageTargets } from '../diagrams.js';
import { type Rich, text } from '../html.js';
import { linker, pipelinePage } from '../links.js';
import { block, entityView, fact, links, type PageView } from './common.js';
import { group, sectionView } from './section.js';

const STALE_ACTION: Record<string, string> = {
  flag: 'it is flagged for its owner',
  'move-to-stage': 'it moves back to',
  'remove-from-forecast': 'it is removed from the forecast',
  'close-lost': 'it is closed as lost',
};

export function pipelinePageView(ctx: RenderContext, p: Pipeline): PageView {
  const path = pipelinePage(p.id);
  const link = linker(path, ctx.places, ctx.name);
  const stages = p.stages ?? [];
  const header = entityView(
    ctx,
    link,
    'pipeline',
    p,
    [
      fact('Owner', p.owner ? [link.entity('team', p.owner)] : [text('No owner named.')]),
      fact('Record', p.object ? p.object[0]!.toUpperCase() + p.object.slice(1) : null),
      fact('Stages', String(stages.length)),
    ],
    [],
    1,
  );
  const card = (s: Stage, i: number) => {
    const stale: Rich = [];
    if (s.staleAfter) {
      stale.push(text(`After ${humanDuration(s.staleAfter)} in this stage`));
      if (s.whenStale) {
        stale.push(text(`, ${STALE_ACTION[s.whenStale.action] ?? s.whenStale.action}`));
        if (s.whenStale.action === 'move-to-stage' && s.whenStale.moveTo) stale.push(text(' '), link.entity('stage', s.whenStale.moveTo));
        stale.push(text('.'));
        if (s.whenStale.question) stale.push(text(` To keep it here, the owner answers: “${s.whenStale.question}”`));
      } else stale.push(text('; nothing says what then happens.'));
    } else if ((s.outcome ?? 'open') === 'open') stale.push(text('Never: a deal can sit here forever.'));
    const required = ctx.rel.requiredAt.get(s.id) ?? [];
    const handoffs = ctx.rel.handoffsAt.get(s.id) ?? [];
    const v = entityView(
      ctx,
      link,
      'stage',
      s,
      [
        fact('Outcome', s.outcome && s.outcome !== 'open' ? (s.outcome === 'won' ? 'Won' : 'Lost') : null),
        fact(
          'Forecast category',
          s.forecastCategory
            ? [link.entity('forecast category', s.forecastCategory)]
            : (s.outcome ?? 'open') === 'open'
              ? [text('Not mapped.')]
              : [],
        ),
        fact('Probability', s.probability !== undefined ? `${s.probability}%` : null),
        fact('Stale', stale),
        fact(
          'Moves to',
          links(
            link,
            'stage',
            stageTargets(p, i).map((t) => t.to),
            'or',
          ),
        ),
        fact('Fields required from here', links(link, 'field', required)),
        fact('Handoffs here', links(link, 'handoff', handoffs)),
        fact('Incentives paid here', links(link, 'incentive plan', ctx.rel.paidOn.get(s.id))),
      ],
      [
        block('Exit criteria', {
          criteria: criteriaViews(s.exitCriteria, ctx, link),
          empty: s.exitCriteria?.length
            ? null
            : (s.outcome ?? 'open') === 'open'
              ? 'None: nothing says when a deal may leave this stage.'
              : null,
        }),
        block('Evidence', { items: (s.evidence ?? []).map((e) => [text(e)]), empty: null }),
      ].filter((b) => b.criteria?.length || b.items?.length || b.empty),
      3,
    );
    v.name = `${i + 1}. ${s.name}`;
    return v;
  };
  const view = sectionView({
    header,
    intro: [
      [
        text(
          `A deal is at a stage only when the exit criteria of the stages before it hold. Each criterion is written for people and, where it can be, as a check against recorded fields (“checked as”).`,
        ),
      ],
    ],
    diagrams: stageFlow(ctx, link, p),
    groups: [group(stages.map(card), 'Stages', 'stages_list')],
    empty: stages.length ? null : 'This pipeline has no stages yet.',
  });
  return {
    path,
    template: 'section',
    title: p.name,
    lede: `The ${p.name} pipeline: what each stage requires before a deal moves on.`,
    nav: `pipeline:${p.id}`,
    view,
    diagrams: view.diagrams,
  };
}
