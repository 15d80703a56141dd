// "Your first week": one page per team and one per role, the map inverted into what a person
// in that team or role owns, receives, owes, moves, fills in, attends, is paid on and whom to ask.
// Every list comes from the reference graph (ctx.rel and referrers()), never from a walk of the map.
import { humanDuration } from '../../conditions/index.js';
import { referrers } from '../../model/index.js';
import type {
  Cadence,
  DemandSource,
  Field,
  ForecastProcess,
  Handoff,
  IncentivePlan,
  Pipeline,
  Role,
  RoutingRule,
  Stage,
  Team,
} from '../../model/types.js';
import { keyOf, type RenderContext } from '../context.js';
import { criteriaViews, criterionView } from '../describe.js';
import { handoffFlow } from '../diagrams.js';
import { joinRuns, type Rich, type Run, text } from '../html.js';
import { type Linker, linker, teamPage } from '../links.js';
import { isSafeLink } from '../markdown.js';
import {
  block,
  type Block,
  type DiagramView,
  entityView,
  type EntityView,
  fact,
  KIND_LABEL,
  links,
  type PageView,
  plural,
  pluralWord,
  table,
} from './common.js';

export const rolePage = (id: string): string => `roles/${id}.html`;

export interface FirstWeekSection {
  /** Section anchors contain `_`, which no entity id can, so they never collide with an entity's anchor. */
  id: string;
  title: string;
  intro: Rich | null;
  blocks: Block[];
  entities: EntityView[];
}

export interface FirstWeekView {
  header: EntityView;
  intro: Rich[];
  /** "On this page": the sections below, in order. */
  toc: { id: string; title: string }[];
  diagrams: DiagramView[];
  sections: FirstWeekSection[];
}

type Contacts = NonNullable<Team['contacts']>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const dur = (d: string | undefined): string => (d ? humanDuration(d) : '—');

function section(
  id: string,
  title: string,
  blocks: Block[],
  intro: Rich | null = null,
  entities: EntityView[] = [],
): FirstWeekSection | null {
  return blocks.length || entities.length ? { id, title, intro, blocks, entities } : null;
}

/** A contact written as text: an address becomes a mailto link, a web address a link, the rest (a channel) stays text. */
function contactRun(s: string): Run {
  if (EMAIL.test(s)) return { text: s, href: `mailto:${s}` };
  if (/^https?:\/\//i.test(s) && isSafeLink(s)) return { text: s, href: s };
  return text(s);
}

/** The ways to reach a team or role, one rich line each; both forms of `contacts`. */
export function contactLines(contacts: Contacts | undefined): Rich[] {
  if (!contacts) return [];
  if (Array.isArray(contacts)) return contacts.map((c) => [contactRun(c)]);
  const out: Rich[] = [];
  if (contacts.channel) out.push([text('Chat: '), contactRun(contacts.channel)]);
  if (contacts.email) out.push([text('Email: '), contactRun(contacts.email)]);
  for (const p of contacts.people ?? []) {
    const line: Rich = [text(p.name)];
    if (p.title) line.push(text(`, ${p.title}`));
    const reach: Run[] = [];
    if (p.email) reach.push(contactRun(p.email));
    if (p.handle) reach.push(text(p.handle));
    if (reach.length)
      line.push(
        text(' ('),
        ...joinRuns(
          reach.map((r) => [r]),
          'or',
        ),
        text(')'),
      );
    out.push(line);
  }
  return out;
}

interface Work {
  team: Team;
  /** Handoffs the team receives / sends, with the team they belong to when it is the parent's. */
  hIn: { h: Handoff; via: Team | null }[];
  hOut: { h: Handoff; via: Team | null }[];
  /** Handoffs the team is accountable for without sending or receiving them. */
  hOwned: Handoff[];
}

/**
 * A team shares the handoffs of the team it reports into when both do the same kind of work
 * (Mid-Market Sales under Sales): the handoff names the parent, the people doing it sit below.
 */
function workOf(ctx: RenderContext, t: Team): Work {
  const r = ctx.rel;
  const handoff = (id: string): Handoff | undefined => ctx.entity<Handoff>('handoff', id);
  const parent = t.parent ? ctx.entity<Team>('team', t.parent) : undefined;
  const shares = parent && parent.id !== t.id && parent.function !== undefined && parent.function === t.function ? parent : undefined;
  const collect = (m: Map<string, string[]>, other: (h: Handoff) => string): { h: Handoff; via: Team | null }[] => {
    const own = (m.get(t.id) ?? []).map(handoff).filter((h): h is Handoff => !!h);
    const inherited = shares
      ? (m.get(shares.id) ?? []).map(handoff).filter((h): h is Handoff => !!h && other(h) !== t.id && !own.includes(h))
      : [];
    return [...own.map((h) => ({ h, via: null })), ...inherited.map((h) => ({ h, via: shares! }))];
  };
  const hIn = collect(r.handoffsIn, (h) => h.from);
  const hOut = collect(r.handoffsOut, (h) => h.to);
  const moving = new Set([...hIn, ...hOut].map((x) => x.h));
  const hOwned = (r.owned.get(t.id) ?? [])
    .filter((k) => k.kind === 'handoff')
    .map((k) => handoff(k.id))
    .filter((h): h is Handoff => !!h && !moving.has(h));
  return { team: t, hIn, hOut, hOwned };
}

function viaText(via: Team | null): Run[] {
  return via ? [text(` (as part of ${via.name})`)] : [];
}

function receiveSection(ctx: RenderContext, link: Linker, w: Work): FirstWeekSection | null {
  const blocks: Block[] = [];
  if (w.hIn.length)
    blocks.push(
      block('Handoffs you receive', {
        table: table(
          ['Handoff', 'From', 'At stage', 'You answer within'],
          w.hIn.map(({ h, via }) => [
            [link.entity('handoff', h.id), ...viaText(via)],
            [link.entity('team', h.from)],
            h.stage ? [link.entity('stage', h.stage)] : [text('—')],
            [text(dur(h.sla))],
          ]),
        ),
      }),
    );
  for (const { h } of w.hIn) {
    const items: Rich[] = [];
    const trigger = criterionView(h.trigger, ctx, link);
    if (trigger) items.push([text(`It starts when: ${trigger.text}`)]);
    if (h.onReject)
      items.push([
        text('If you reject it, it goes back to '),
        link.entity('team', h.onReject.returnTo),
        text(`${h.onReject.within ? ` within ${humanDuration(h.onReject.within)}` : ''}, and you owe them: ${h.onReject.owes}`),
      ]);
    blocks.push(
      block(`${h.name}: what you check before you accept`, {
        criteria: h.acceptance?.length ? criteriaViews(h.acceptance, ctx, link) : null,
        items: items.length ? items : null,
        empty: h.acceptance?.length ? null : 'No acceptance criteria recorded: ask the owner what "ready" means.',
      }),
    );
  }
  const routed = (ctx.rel.routedTo.get(w.team.id) ?? [])
    .map((id) => ctx.entity<RoutingRule>('routing rule', id))
    .filter((x): x is RoutingRule => !!x);
  if (routed.length)
    blocks.push(
      block('Work routed to you', {
        table: table(
          ['Routing rule', 'Routes', 'Queue', 'First response within'],
          routed.map((x) => [
            [link.entity('routing rule', x.id)],
            [text(x.object ?? 'lead')],
            [text(x.assign.queue ?? '—')],
            [text(dur(x.firstResponseSla))],
          ]),
        ),
      }),
    );
  return section('first_receive', 'What you receive', blocks, [
    text('Work that reaches you from other teams and from routing, and what you check before you take it on.'),
  ]);
}

function oweSection(ctx: RenderContext, link: Linker, w: Work): FirstWeekSection | null {
  const blocks: Block[] = [];
  if (w.hOut.length)
    blocks.push(
      block('Handoffs you send', {
        table: table(
          ['Handoff', 'To', 'They answer within', 'Rejected work returns to'],
          w.hOut.map(({ h, via }) => [
            [link.entity('handoff', h.id), ...viaText(via)],
            [link.entity('team', h.to)],
            [text(dur(h.sla))],
            h.onReject ? [link.entity('team', h.onReject.returnTo)] : [text('no return path recorded')],
          ]),
        ),
      }),
    );
  for (const { h } of w.hOut) {
    const items: Rich[] = [];
    const trigger = criterionView(h.trigger, ctx, link);
    if (trigger) items.push([text(`You hand it over when: ${trigger.text}`)]);
    if (h.owner) items.push([text('Accountable for the handoff: '), link.entity('team', h.owner)]);
    if (h.onReject)
      items.push([
        text(
          `If ${ctx.name('team', h.to) ?? h.to} rejects it, they owe you${h.onReject.within ? ` within ${humanDuration(h.onReject.within)}` : ''}: ${h.onReject.owes}`,
        ),
      ]);
    blocks.push(
      block(`${h.name}: what must be true when you hand it over`, {
        criteria: h.acceptance?.length ? criteriaViews(h.acceptance, ctx, link) : null,
        items: items.length ? items : null,
        empty: h.acceptance?.length ? null : 'The receiving team has recorded no acceptance criteria.',
      }),
    );
  }
  if (w.hOwned.length)
    blocks.push(
      block('Handoffs you are accountable for', {
        items: w.hOwned.map((h) => [
          link.entity('handoff', h.id),
          text(' ('),
          link.entity('team', h.from),
          text(' to '),
          link.entity('team', h.to),
          text(h.sla ? `, within ${humanDuration(h.sla)})` : ')'),
        ]),
      }),
    );
  const sources = (ctx.rel.owned.get(w.team.id) ?? [])
    .filter((k) => k.kind === 'demand source')
    .map((k) => ctx.entity<DemandSource>('demand source', k.id))
    .filter((d): d is DemandSource => !!d && !!d.responseSla);
  if (sources.length)
    blocks.push(
      block('Response times you are held to', {
        table: table(
          ['Demand source', 'Respond within'],
          sources.map((d) => [[link.entity('demand source', d.id)], [text(dur(d.responseSla?.within))]]),
        ),
      }),
    );
  return section('first_owe', 'What you owe', blocks, [
    text('What you hand on, how fast the other side answers, and where rejected work comes back to.'),
  ]);
}

/**
 * The stages a team moves deals through, per pipeline: every stage of a pipeline it owns;
 * otherwise from the stage where it receives a deal (or the first) to the stage where it hands
 * the deal on (or the last). Receiving a deal at a closed stage (won or lost) moves no stage.
 */
function stagesOf(ctx: RenderContext, w: Work, extra: readonly string[] = []): { p: Pipeline; stages: Stage[] }[] {
  const pipelineOf = (stage: string | undefined): string | undefined => (stage ? ctx.rel.stagePipeline.get(stage) : undefined);
  // only the pipelines this team touches, so a page costs what it shows, not the size of the map
  const ids = new Set<string>();
  for (const k of ctx.rel.owned.get(w.team.id) ?? []) if (k.kind === 'pipeline') ids.add(k.id);
  for (const { h } of [...w.hIn, ...w.hOut]) {
    const p = pipelineOf(h.stage);
    if (p) ids.add(p);
  }
  for (const id of extra) {
    const p = pipelineOf(id);
    if (p) ids.add(p);
  }
  const order = (id: string): number => Number(ctx.model.entities.get('pipeline')?.get(id)?.path[1] ?? 0);
  const out: { p: Pipeline; stages: Stage[] }[] = [];
  for (const id of [...ids].sort((a, b) => order(a) - order(b))) {
    const p = ctx.entity<Pipeline>('pipeline', id);
    if (!p) continue;
    const stages = p.stages ?? [];
    const index = new Map(stages.map((s, i) => [s.id, i]));
    const picked = new Set<number>();
    if (p.owner === w.team.id) stages.forEach((_s, i) => picked.add(i));
    else {
      const at = (list: { h: Handoff }[]): number[] =>
        list
          .map(({ h }) => (h.stage && pipelineOf(h.stage) === p.id ? index.get(h.stage) : undefined))
          .filter((i): i is number => i !== undefined);
      const starts = at(w.hIn).filter((i) => (stages[i]?.outcome ?? 'open') === 'open');
      const ends = at(w.hOut);
      if (starts.length || ends.length) {
        const from = starts.length ? Math.min(...starts) : 0;
        const to = ends.length && Math.max(...ends) >= from ? Math.max(...ends) : stages.length - 1;
        for (let i = from; i <= to; i++) picked.add(i);
      }
    }
    for (const sid of extra) {
      const i = index.get(sid);
      if (i !== undefined) picked.add(i);
    }
    if (picked.size) out.push({ p, stages: [...picked].sort((a, b) => a - b).map((i) => stages[i]!) });
  }
  return out;
}

function stagesSection(ctx: RenderContext, link: Linker, w: Work, extra: readonly string[] = []): FirstWeekSection | null {
  const blocks: Block[] = [];
  for (const { p, stages } of stagesOf(ctx, w, extra)) {
    for (const s of stages) {
      const items: Rich[] = [];
      if (s.staleAfter) items.push([text(`Stale after ${humanDuration(s.staleAfter)} in this stage.`)]);
      const fields = ctx.rel.requiredAt.get(s.id) ?? [];
      if (fields.length) items.push([text('Fields required here: '), ...links(link, 'field', fields)]);
      blocks.push(
        block(`${p.name}: ${s.name}`, {
          criteria: s.exitCriteria?.length ? criteriaViews(s.exitCriteria, ctx, link) : null,
          items: items.length ? items : null,
          empty: s.exitCriteria?.length
            ? null
            : s.outcome && s.outcome !== 'open'
              ? `A closed stage (${s.outcome}).`
              : 'No exit criteria recorded.',
        }),
      );
    }
  }
  return section('first_stages', 'The stages you move deals through', blocks, [
    text('Each stage, with what must be true before a deal leaves it (its exit criteria).'),
  ]);
}

function fieldsSection(ctx: RenderContext, link: Linker, team: Team, forRole = false): FirstWeekSection | null {
  const fields = (ctx.rel.owned.get(team.id) ?? [])
    .filter((k) => k.kind === 'field')
    .map((k) => ctx.entity<Field>('field', k.id))
    .filter((f): f is Field => !!f);
  if (!fields.length) return null;
  return section('first_fields', forRole ? 'The fields your team owns' : 'The fields you own', [
    block('Fields', {
      table: table(
        ['Field', 'Type', 'On', 'Required at', 'In the CRM'],
        fields.map((f) => [
          [link.entity('field', f.id)],
          [text(f.type)],
          [text(f.object ?? '—')],
          f.requiredAt?.length ? links(link, 'stage', f.requiredAt) : [text(f.required ? 'always' : '—')],
          [text(f.crm?.salesforce?.[0] ?? f.crm?.hubspot?.[0] ?? '—')],
        ]),
      ),
    }),
  ]);
}

function meetingsSection(ctx: RenderContext, link: Linker, team: Team, role: Role | null): FirstWeekSection | null {
  const r = ctx.rel;
  const part = new Map<string, string>();
  if (role) for (const c of r.chairs.get(role.id) ?? []) part.set(c, 'You chair it');
  for (const c of r.runs.get(team.id) ?? []) if (!part.has(c)) part.set(c, `${role ? 'Your team' : 'You'} run${role ? 's' : ''} it`);
  for (const c of r.attends.get(team.id) ?? []) if (!part.has(c)) part.set(c, `${role ? 'Your team attends' : 'You attend'}`);
  const blocks: Block[] = [];
  for (const [id, how] of part) {
    const c = ctx.entity<Cadence>('cadence', id);
    if (!c) continue;
    const when = [c.frequency, c.durationMinutes ? `${c.durationMinutes} minutes` : null].filter(Boolean).join(', ');
    const items: Rich[] = [
      [
        text(`${how}${when ? ` (${when})` : ''}`),
        ...(c.chair && c.chair !== role?.id ? [text('; chaired by '), link.entity('role', c.chair)] : []),
      ],
    ];
    for (const d of c.decisions ?? []) items.push([text(`Decides: ${d}`)]);
    const domains = r.cadenceDomains.get(id) ?? [];
    if (domains.length) items.push([text('Decision rights settled here: '), ...links(link, 'decision domain', domains)]);
    blocks.push(block(c.name, { items }));
  }
  if (role) {
    const forecast: Rich[] = [];
    for (const f of r.calls.get(role.id) ?? [])
      forecast.push([text('You call the '), link.entity('forecast process', f), text(' forecast.')]);
    for (const ref of referrers(ctx.model, 'role', role.id)) {
      if (ref.site !== 'forecast.*.submittedBy.*' || !ref.from) continue;
      const f = ref.from.entity as ForecastProcess;
      forecast.push([
        text('You submit your number to the '),
        link.entity('forecast process', f.id),
        text(f.dueBy ? ` forecast, due ${f.dueBy}.` : ' forecast.'),
      ]);
    }
    if (forecast.length) blocks.push(block('Forecast', { items: forecast }));
  }
  return section('first_meetings', role ? 'The meetings you are in' : 'The meetings your team is in', blocks, [
    text('Only the meetings you chair, run or attend, and what each one decides.'),
  ]);
}

function decisionsSection(ctx: RenderContext, link: Linker, team: Team): FirstWeekSection | null {
  const r = ctx.rel;
  const rows = [
    ...(r.decisionOwns.get(team.id) ?? []).map((d) => ({ d, how: 'Owns' })),
    ...(r.decisionInfluences.get(team.id) ?? []).map((d) => ({ d, how: 'Influences' })),
    ...(r.decisionEscalations.get(team.id) ?? []).map((d) => ({ d, how: 'Receives escalations' })),
  ];
  if (!rows.length) return null;
  return section('first_decisions', 'Decisions your team holds', [
    block('Decision rights', {
      table: table(
        ['Decision domain', 'Right'],
        rows.map(({ d, how }) => [[link.entity('decision domain', d)], [text(how)]]),
      ),
    }),
  ]);
}

function paySection(ctx: RenderContext, link: Linker, roles: readonly Role[], mine: boolean): FirstWeekSection | null {
  const blocks: Block[] = [];
  for (const role of roles) {
    for (const id of ctx.rel.plansForRole.get(role.id) ?? []) {
      const plan = ctx.entity<IncentivePlan>('incentive plan', id);
      if (!plan) continue;
      const items: Rich[] = [
        [
          text(mine ? 'Your plan: ' : `${role.name}: `),
          link.entity('incentive plan', plan.id),
          text(plan.period ? `, paid ${plan.period}` : ''),
        ],
      ];
      for (const m of plan.measures) {
        const line: Rich = [text(`${m.name}${m.weight !== undefined ? ` (${m.weight}%)` : ''}`)];
        if (m.metric) line.push(text(', measured by '), link.entity('metric', m.metric));
        if (m.paidOnStage) line.push(text(', paid when a deal reaches '), link.entity('stage', m.paidOnStage));
        if (m.paidOnCategory) line.push(text(', paid on deals in '), link.entity('forecast category', m.paidOnCategory));
        items.push(line);
      }
      blocks.push(block(plan.name, { items }));
    }
  }
  return section('first_pay', mine ? 'How you are paid' : 'How your team is paid', blocks);
}

function contactsSection(ctx: RenderContext, link: Linker, team: Team, role: Role | null): FirstWeekSection | null {
  const blocks: Block[] = [];
  if (role) {
    const mine = contactLines(role.contacts);
    if (mine.length) blocks.push(block(`For ${role.name}`, { items: mine }));
  }
  const theirs = contactLines(team.contacts);
  const items: Rich[] = [...theirs];
  if (team.lead) items.push([text(`Team lead: ${team.lead}`)]);
  if (team.parent) items.push([text('Reports into: '), link.entity('team', team.parent)]);
  if (items.length) blocks.push(block(role ? `Your team, ${team.name}` : team.name, { items }));
  return section('first_ask', 'Whom to ask', blocks);
}

function ownsSection(ctx: RenderContext, link: Linker, team: Team, role: Role | null): FirstWeekSection | null {
  const r = ctx.rel;
  const byKind = new Map<string, Rich[]>();
  for (const k of r.owned.get(team.id) ?? []) {
    if (k.kind === 'field' || k.kind === 'handoff' || k.kind === 'cadence' || k.kind === 'decision domain') continue; // sections of their own
    const label = pluralWord(KIND_LABEL[k.kind]);
    const items = byKind.get(label);
    if (items) items.push([link.entity(k.kind, k.id)]);
    else byKind.set(label, [[link.entity(k.kind, k.id)]]);
  }
  const blocks = [...byKind].map(([label, items]) => block(label, { items }));
  const covers = r.covers.get(team.id) ?? [];
  if (covers.length) blocks.push(block('Segments you cover', { items: covers.map((s) => [link.entity('segment', s)]) }));
  return section(
    'first_own',
    role ? 'What your team owns' : 'What you own',
    blocks,
    role ? [text('As '), text(role.name), text(', you work on what '), link.entity('team', team.id), text(' answers for.')] : null,
  );
}

function assemble(
  ctx: RenderContext,
  header: EntityView,
  intro: Rich[],
  diagrams: DiagramView[],
  sections: (FirstWeekSection | null)[],
): FirstWeekView {
  const present = sections.filter((s): s is FirstWeekSection => s !== null);
  return { header, intro, toc: present.map((s) => ({ id: s.id, title: s.title })), diagrams, sections: present };
}

const childrenOf = new WeakMap<RenderContext, Map<string, string[]>>();

/** The teams that report into each team, in map order: one pass per build, not one per team page. */
function childTeams(ctx: RenderContext): Map<string, string[]> {
  let m = childrenOf.get(ctx);
  if (!m) {
    m = new Map();
    for (const x of ctx.map.teams) {
      if (x.parent === undefined) continue;
      const list = m.get(x.parent);
      if (list) list.push(x.id);
      else m.set(x.parent, [x.id]);
    }
    childrenOf.set(ctx, m);
  }
  return m;
}

/** A team's first-week page, at the team's own URL. */
export function teamFirstWeek(ctx: RenderContext, t: Team): PageView {
  const path = teamPage(t.id);
  const link = linker(path, ctx.places, ctx.name);
  const r = ctx.rel;
  const children = childTeams(ctx).get(t.id) ?? [];
  const roles = t.roles ?? [];
  const header = entityView(
    ctx,
    link,
    'team',
    t,
    [
      fact('Function', t.function ? t.function.replace(/-/g, ' ') : null),
      fact('Reports into', t.parent ? [link.entity('team', t.parent)] : []),
      fact('Teams under it', links(link, 'team', children)),
      fact('Led by', t.lead ?? null),
      fact('Headcount', t.headcount !== undefined ? String(t.headcount) : null),
    ],
    [],
    1,
  );
  const w = workOf(ctx, t);
  const own = w.hIn.filter((x) => !x.via).map((x) => x.h);
  const out = w.hOut.filter((x) => !x.via).map((x) => x.h);
  const diagram = handoffFlow(
    ctx,
    link,
    [...out, ...own.filter((h) => !out.includes(h))],
    'team-handoffs',
    `Handoffs in and out of ${t.name}`,
  );

  const roleCards = roles.map((role) =>
    entityView(
      ctx,
      link,
      'role',
      role,
      [
        fact('First week', [{ text: `Your first week as ${role.name}`, href: link.url(rolePage(role.id)) }]),
        fact('People', role.headcount !== undefined ? String(role.headcount) : null),
        fact('Paid on', links(link, 'incentive plan', r.plansForRole.get(role.id) ?? [])),
        fact('Calls the forecast', links(link, 'forecast process', r.calls.get(role.id) ?? [])),
        fact('Chairs', links(link, 'cadence', r.chairs.get(role.id) ?? [])),
      ],
      [],
      3,
    ),
  );
  const rolesSection: FirstWeekSection | null = roleCards.length
    ? {
        id: 'first_roles',
        title: 'Roles in this team',
        intro: [text('Each role has its own first-week page.')],
        blocks: [],
        entities: roleCards,
      }
    : null;

  const count = (n: number, one: string): string => (n === 0 ? `no ${pluralWord(one)}` : plural(n, one));
  const summary: Rich = [
    text(
      `Your first week in ${t.name}: you receive ${count(w.hIn.length, 'handoff')} and send ${count(w.hOut.length, 'handoff')}; your team is in ${count(part(ctx, t), 'meeting')}${(r.owned.get(t.id) ?? []).length ? ` and owns ${plural((r.owned.get(t.id) ?? []).length, 'item')} in the map` : ''}.`,
    ),
  ];
  const owned = r.owned.get(t.id) ?? [];
  const open = owned.filter((o) => ctx.findings.byEntity.has(keyOf(o.kind, o.id))).length;
  if (open) summary.push(text(` ${plural(open, 'thing')} your team owns ${open === 1 ? 'has' : 'have'} open questions.`));
  const view = assemble(ctx, header, [summary], diagram ? [diagram] : [], [
    ownsSection(ctx, link, t, null),
    receiveSection(ctx, link, w),
    oweSection(ctx, link, w),
    stagesSection(ctx, link, w),
    fieldsSection(ctx, link, t),
    meetingsSection(ctx, link, t, null),
    decisionsSection(ctx, link, t),
    paySection(ctx, link, roles, false),
    contactsSection(ctx, link, t, null),
    rolesSection,
  ]);
  return {
    path,
    template: 'first-week',
    title: t.name,
    lede: `Your first week in ${t.name}: what you own, receive and owe, the stages, fields and meetings that are yours, how you are paid and whom to ask.`,
    nav: `team:${t.id}`,
    view,
    diagrams: view.diagrams,
  };
}

function part(ctx: RenderContext, t: Team): number {
  return new Set([...(ctx.rel.runs.get(t.id) ?? []), ...(ctx.rel.attends.get(t.id) ?? [])]).size;
}

interface TeamShare {
  w: Work;
  receive: FirstWeekSection | null;
  owe: FirstWeekSection | null;
  fields: FirstWeekSection | null;
}

const shares = new WeakMap<RenderContext, Map<string, TeamShare>>();

/**
 * What every role page of a team shows alike, made once per team: the pages all sit in roles/
 * and none of these sections links to a role page, so their links are the same on each.
 */
function teamShare(ctx: RenderContext, link: Linker, t: Team): TeamShare {
  let byTeam = shares.get(ctx);
  if (!byTeam) shares.set(ctx, (byTeam = new Map()));
  let share = byTeam.get(t.id);
  if (!share || share.w.team !== t) {
    const w = workOf(ctx, t);
    share = { w, receive: receiveSection(ctx, link, w), owe: oweSection(ctx, link, w), fields: fieldsSection(ctx, link, t, true) };
    byTeam.set(t.id, share);
  }
  return share;
}

/** A role's first-week page: its team's work, and what is the role's own (chairs, forecast, pay, contacts). */
export function roleFirstWeek(ctx: RenderContext, t: Team, role: Role): PageView {
  const path = rolePage(role.id);
  const link = linker(path, ctx.places, ctx.name);
  const r = ctx.rel;
  const header = entityView(
    ctx,
    link,
    'role',
    role,
    [
      fact('Team', [link.entity('team', t.id)]),
      fact('Team lead', t.lead ?? null),
      fact('People in this role', role.headcount !== undefined ? String(role.headcount) : null),
    ],
    [],
    1,
  );
  const { w, receive, owe, fields } = teamShare(ctx, link, t);
  const plans = r.plansForRole.get(role.id) ?? [];
  const paidStages = plans.flatMap((id) =>
    (ctx.entity<IncentivePlan>('incentive plan', id)?.measures ?? []).map((m) => m.paidOnStage).filter((s): s is string => !!s),
  );
  const meetings = new Set([...(r.chairs.get(role.id) ?? []), ...(r.runs.get(t.id) ?? []), ...(r.attends.get(t.id) ?? [])]).size;
  const summary: Rich = [
    text(`Your first week as ${role.name} in `),
    link.entity('team', t.id),
    text(
      `: you receive ${w.hIn.length ? plural(w.hIn.length, 'handoff') : 'no handoffs'} and send ${w.hOut.length ? plural(w.hOut.length, 'handoff') : 'none'}; you are in ${plural(meetings, 'meeting')}; ${plans.length ? `you are paid on ${plural(plans.length, 'incentive plan')}` : 'no incentive plan names this role'}.`,
    ),
  ];
  const view = assemble(
    ctx,
    header,
    [summary],
    [],
    [
      ownsSection(ctx, link, t, role),
      receive,
      owe,
      stagesSection(ctx, link, w, paidStages),
      fields,
      meetingsSection(ctx, link, t, role),
      paySection(ctx, link, [role], true),
      contactsSection(ctx, link, t, role),
    ],
  );
  return {
    path,
    template: 'first-week',
    title: role.name,
    lede: `Your first week as ${role.name} (${t.name}): what you receive and owe, your stages, fields and meetings, how you are paid and whom to ask.`,
    nav: `team:${t.id}`,
    view,
    diagrams: [],
  };
}

/** Every role that gets a first-week page, with its team; a role id declared twice gets the first declaration's page, as in the model. */
export function rolesWithPages(ctx: RenderContext): { team: Team; role: Role }[] {
  const seen = new Set<string>();
  const out: { team: Team; role: Role }[] = [];
  for (const team of ctx.map.teams)
    for (const role of team.roles ?? []) {
      if (seen.has(role.id) || ctx.rel.roleTeam.get(role.id) !== team.id) continue;
      seen.add(role.id);
      out.push({ team, role });
    }
  return out;
}
