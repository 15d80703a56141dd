// "Start here": the page a new hire reads first.
import { humanDuration } from '../../conditions/index.js';
import type { ForecastProcess, Handoff } from '../../model/types.js';
import type { RenderContext } from '../context.js';
import { conditionRich } from '../describe.js';
import { revenueFlow } from '../diagrams.js';
import { type Rich, type Run, type SafeHtml, text } from '../html.js';
import { type Linker, linker, PAGES } from '../links.js';
import { firstSentence, markdown } from '../markdown.js';
import { type DiagramView, links, type PageView, plural } from './common.js';

export interface StartView {
  company: string;
  descriptionHtml: SafeHtml | null;
  paragraphs: Rich[];
  flow: DiagramView;
  segments: { name: Run; rule: Rich; coveredBy: Rich; motion: string }[];
  /** The organisation one level below its top (or its top teams), each with the teams under it. */
  teams: { name: Run; does: string; lead: string; includes: Rich }[];
  teamsIntro: Rich | null;
  next: { link: Run; why: string }[];
  openQuestions: number;
}

function complete(h: Handoff): boolean {
  return !!(h.owner && h.acceptance?.length && h.sla && h.onReject);
}

function paragraphs(ctx: RenderContext, link: Linker): Rich[] {
  const m = ctx.map;
  const out: Rich[] = [];
  // demand
  if (m.demandSources.length) {
    const withSla = m.demandSources.filter((d) => d.responseSla);
    const p: Rich = [
      text(`Revenue at ${ctx.company} starts with demand, which enters through ${plural(m.demandSources.length, 'source')}: `),
      ...links(
        link,
        'demand source',
        m.demandSources.map((d) => d.id),
      ),
      text('.'),
    ];
    if (withSla.length) {
      p.push(
        text(
          withSla.length === m.demandSources.length
            ? ' Someone is waiting for an answer on each, so each promises a first response: '
            : ' Where someone is waiting for an answer, the source promises a first response: ',
        ),
      );
      withSla.forEach((d, i) => {
        if (i) p.push(text(i === withSla.length - 1 ? ' and ' : ', '));
        p.push(link.entity('demand source', d.id), text(` within ${humanDuration(d.responseSla!.within)}`));
      });
      p.push(text('.'));
    }
    out.push(p);
  }
  // routing and segments
  if (m.routing.length) {
    const fb = m.routing.find((r) => r.fallback);
    const p: Rich = [
      { text: `${plural(m.routing.length, 'routing rule')}`, href: link.url(PAGES.routing) },
      text(' then decide who works each lead, account and opportunity. They are tried in order and the first that matches wins'),
    ];
    if (fb)
      p.push(
        text('; anything no rule matches goes to '),
        link.entity('team', fb.assign?.team),
        text(' (rule “'),
        link.entity('routing rule', fb.id),
        text('”)'),
      );
    else p.push(text('; there is no fallback rule, so a record that matches nothing is left unassigned'));
    p.push(text('.'));
    if (m.segments.length)
      p.push(
        text(` Most rules follow the ${plural(m.segments.length, 'segment')} we serve (below): who we sell to decides who sells to them.`),
      );
    out.push(p);
  }
  // pipelines, the biggest first: it is usually the one a new hire works in
  const pipelines = m.pipelines.filter((x) => (x.stages ?? []).length).sort((a, b) => b.stages.length - a.stages.length);
  pipelines.forEach((pl, i) => {
    const open = pl.stages.filter((s) => (s.outcome ?? 'open') === 'open');
    const checkable = open.filter((s) => (s.exitCriteria ?? []).some((c) => c.check)).length;
    const stale = pl.stages.filter((s) => s.staleAfter);
    if (i === 0) {
      const p: Rich = [
        text('Deals move through the '),
        link.entity('pipeline', pl.id),
        text(` pipeline in ${plural(open.length, 'open stage')}: `),
        ...links(
          link,
          'stage',
          open.map((s) => s.id),
          'then',
        ),
        text('.'),
      ];
      p.push(
        text(
          ` A deal is at a stage only when it meets the stage's exit criteria, which are written against recorded fields (${checkable} of ${plural(open.length, 'open stage')} ${checkable === 1 ? 'has' : 'have'} a criterion checked that way).`,
        ),
      );
      if (stale[0])
        p.push(
          text(' A deal that sits too long is stale: in '),
          link.entity('stage', stale[0].id),
          text(` after ${humanDuration(stale[0].staleAfter!)}.`),
        );
      out.push(p);
    } else {
      out.push([
        text('The '),
        link.entity('pipeline', pl.id),
        text(` pipeline works the same way, with ${plural(open.length, 'open stage')}: `),
        ...links(
          link,
          'stage',
          open.map((s) => s.id),
          'then',
        ),
        text(` (${checkable} checked against recorded fields).`),
      ]);
    }
  });
  // handoffs
  if (m.handoffs.length) {
    const full = m.handoffs.filter(complete).length;
    const eg = m.handoffs.slice(0, 3);
    const p: Rich = [
      text(
        m.handoffs.length === 1
          ? 'There is one handoff between teams: '
          : `There are ${m.handoffs.length} handoffs between teams, for example `,
      ),
    ];
    eg.forEach((h, i) => {
      if (i) p.push(text(i === eg.length - 1 ? ' and ' : ', '));
      p.push(link.entity('handoff', h.id), text(' ('), link.entity('team', h.from), text(' to '), link.entity('team', h.to), text(')'));
    });
    p.push(
      text(
        `. A good handoff names one accountable owner, what the receiving team needs to accept the work, how fast it answers and what it owes back when it rejects: ${m.handoffs.length === 1 ? (full ? 'this one says all four' : 'this one does not yet say all four') : `${full} of ${m.handoffs.length} say all four`}.`,
      ),
    );
    out.push(p);
  }
  // forecast
  const fp = m.forecast[0] as ForecastProcess | undefined;
  if (fp) {
    const p: Rich = [text('The forecast is called by the '), link.entity('role', fp.caller)];
    const team = ctx.rel.roleTeam.get(fp.caller);
    if (team) p.push(text(' ('), link.entity('team', team), text(')'));
    if (fp.inspectedIn) p.push(text(' and inspected in the '), link.entity('cadence', fp.inspectedIn));
    p.push(text('.'));
    const inNumber = m.forecastCategories.filter((c) => c.inForecast);
    if (m.forecastCategories.length) {
      p.push(text(` Every open deal sits in one of ${plural(m.forecastCategories.length, 'forecast category', 'forecast categories')}`));
      if (inNumber.length)
        p.push(
          text('; only '),
          ...links(
            link,
            'forecast category',
            inNumber.map((c) => c.id),
          ),
          text(` ${inNumber.length === 1 ? 'counts' : 'count'} toward the number`),
        );
      p.push(text(', and each category lists the evidence a deal needs to be in it.'));
    }
    out.push(p);
  }
  // lifecycle
  if (m.lifecycle.length) {
    const owners = [...new Set(m.lifecycle.map((l) => l.owner).filter((o): o is string => !!o))];
    const p: Rich = [
      text('After the sale, customers move through the lifecycle: '),
      ...links(
        link,
        'lifecycle stage',
        m.lifecycle.map((l) => l.id),
      ),
      text('.'),
    ];
    if (owners.length) p.push(text(' '), ...links(link, 'team', owners), text(` ${owners.length === 1 ? 'owns' : 'own'} it from there.`));
    out.push(p);
  }
  // decisions
  if (m.cadences.length || m.decisionRights.length) {
    const p: Rich = [];
    if (m.cadences.length)
      p.push(
        { text: plural(m.cadences.length, 'recurring meeting'), href: link.url(PAGES.cadences) },
        text(' make the operating decisions'),
      );
    if (m.decisionRights.length)
      p.push(
        text(m.cadences.length ? ', and ' : ''),
        { text: plural(m.decisionRights.length, 'decision domain'), href: link.url(PAGES.decisionRights) },
        text(' say who owns each kind of rule, who is consulted and where disagreements go'),
      );
    p.push(text('.'));
    out.push(p);
  }
  return out;
}

export function startPage(ctx: RenderContext): PageView {
  const path = PAGES.start;
  const link = linker(path, ctx.places, ctx.name);
  const m = ctx.map;
  const view: StartView = {
    company: ctx.company,
    descriptionHtml: markdown(ctx.model.header.description),
    paragraphs: paragraphs(ctx, link),
    flow: revenueFlow(ctx, link),
    segments: m.segments.map((s) => ({
      name: link.entity('segment', s.id),
      rule: conditionRich(s.rule, ctx, link),
      coveredBy: links(link, 'team', s.coveredBy),
      motion: s.motion ? s.motion.replace(/-/g, ' ') : '',
    })),
    ...orgCards(ctx, link),
    next: [
      {
        link: { text: 'Glossary', href: link.url(PAGES.glossary) },
        why: m.glossary.length
          ? `what ${m.glossary
              .slice(0, 3)
              .map((t) => t.name)
              .join(', ')} and the other words mean here`
          : 'every name in the map, A to Z',
      },
      { link: { text: 'The operating map', href: link.url(PAGES.overview) }, why: 'every section, with counts and open questions' },
      ...m.pipelines
        .slice(0, 3)
        .map((p) => ({ link: link.entity('pipeline', p.id), why: 'what each stage requires before a deal moves on' })),
      { link: { text: 'Handoffs', href: link.url(PAGES.handoffs) }, why: 'who hands what to whom, and what acceptance requires' },
      ...(m.cadences.length
        ? [{ link: { text: 'Meetings', href: link.url(PAGES.cadences) }, why: 'which recurring meeting decides what, and who is in it' }]
        : []),
      { link: { text: 'Data dictionary', href: link.url(PAGES.fields) }, why: 'the fields every decision depends on' },
      { link: { text: 'Ambiguities', href: link.url(PAGES.ambiguities) }, why: 'where the map shows that nobody has decided yet' },
    ],
    openQuestions: ctx.findings.all.length,
  };
  return {
    path,
    template: 'start',
    title: 'Start here',
    lede: 'From first touch to renewal: who owns each step, which meetings decide, and what the words mean.',
    nav: 'start',
    view,
    diagrams: [view.flow],
  };
}

/**
 * "Who owns what" in a few cards: when one team sits at the top (an executive team), the teams
 * reporting to it, each with every team under it; otherwise the top teams. Every team stays a
 * link away, and the section stays short however many teams there are.
 */
function orgCards(ctx: RenderContext, link: Linker): Pick<StartView, 'teams' | 'teamsIntro'> {
  const teams = ctx.map.teams;
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const t of teams) {
    if (t.parent && ids.has(t.parent) && t.parent !== t.id) children.set(t.parent, [...(children.get(t.parent) ?? []), t.id]);
    else roots.push(t.id);
  }
  const below = (id: string): string[] => {
    const out: string[] = [];
    const seen = new Set([id]);
    const stack = [...(children.get(id) ?? [])].reverse();
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue; // a reporting cycle: lint reports it, the page must not loop
      seen.add(c);
      out.push(c);
      stack.push(...[...(children.get(c) ?? [])].reverse());
    }
    return out;
  };
  const top = roots.length === 1 && children.has(roots[0]!) ? roots[0]! : undefined;
  const cards = top ? children.get(top)! : roots;
  const byId = new Map(teams.map((t) => [t.id, t]));
  return {
    teamsIntro: top ? [text('Reporting to '), link.entity('team', top), text(':')] : null,
    teams: cards.map((id) => {
      const t = byId.get(id)!;
      return {
        name: link.entity('team', id),
        does: firstSentence(t.description, 110),
        lead: [t.lead, t.headcount !== undefined ? plural(t.headcount, 'person', 'people') : ''].filter(Boolean).join(' · '),
        includes: links(link, 'team', below(id)),
      };
    }),
  };
}
