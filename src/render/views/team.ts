// One page per team: what it owns, its handoffs, meetings, decisions, fields and roles.
import { humanDuration } from '../../conditions/index.js';
import type { Cadence, Field, Handoff, Team } from '../../model/types.js';
import { keyOf, type RenderContext } from '../context.js';
import { handoffFlow } from '../diagrams.js';
import { type Rich, text } from '../html.js';
import { linker, teamPage } from '../links.js';
import { block, type Block, card, entityView, fact, KIND_LABEL, links, type PageView, plural, pluralWord, table } from './common.js';
import { group, sectionView } from './section.js';

export function teamPageView(ctx: RenderContext, t: Team): PageView {
  const path = teamPage(t.id);
  const link = linker(path, ctx.places, ctx.name);
  const r = ctx.rel;
  const children = ctx.map.teams.filter((x) => x.parent === t.id).map((x) => x.id);
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

  // what it owns, grouped by kind, in map order
  const owned = r.owned.get(t.id) ?? [];
  const byKind = new Map<string, Rich[]>();
  for (const k of owned) {
    const label = KIND_LABEL[k.kind];
    byKind.set(label, [...(byKind.get(label) ?? []), [link.entity(k.kind, k.id)]]);
  }
  const covers = r.covers.get(t.id) ?? [];
  const routed = r.routedTo.get(t.id) ?? [];
  const ownsBlocks: Block[] = [...byKind].map(([label, items]) => block(pluralWord(label), { items }));
  if (covers.length) ownsBlocks.push(block('Segments it covers', { items: covers.map((s) => [link.entity('segment', s)]) }));
  if (routed.length)
    ownsBlocks.push(block('Routing rules that assign work to it', { items: routed.map((x) => [link.entity('routing rule', x)]) }));

  const hIn = (r.handoffsIn.get(t.id) ?? []).map((id) => ctx.entity<Handoff>('handoff', id)!).filter(Boolean);
  const hOut = (r.handoffsOut.get(t.id) ?? []).map((id) => ctx.entity<Handoff>('handoff', id)!).filter(Boolean);
  const handoffRow = (h: Handoff, other: string): Rich[] => [
    [link.entity('handoff', h.id)],
    [link.entity('team', other)],
    h.owner ? [link.entity('team', h.owner)] : [text('none')],
    [text(h.sla ? humanDuration(h.sla) : '—')],
  ];
  const diagram = handoffFlow(
    ctx,
    link,
    [...hOut, ...hIn.filter((h) => !hOut.includes(h))],
    'team-handoffs',
    `Handoffs in and out of ${t.name}`,
  );

  const meetings = [
    ...(r.runs.get(t.id) ?? []).map((c) => ({ c, how: 'Runs' })),
    ...(r.attends.get(t.id) ?? []).map((c) => ({ c, how: 'Attends' })),
  ];
  const decisions = [
    ...(r.decisionOwns.get(t.id) ?? []).map((d) => ({ d, how: 'Owns' })),
    ...(r.decisionInfluences.get(t.id) ?? []).map((d) => ({ d, how: 'Influences' })),
    ...(r.decisionEscalations.get(t.id) ?? []).map((d) => ({ d, how: 'Receives escalations' })),
  ];
  const fields = owned
    .filter((k) => k.kind === 'field')
    .map((k) => ctx.entity<Field>('field', k.id)!)
    .filter(Boolean);

  const roles = (t.roles ?? []).map((role) => {
    const plans = r.plansForRole.get(role.id) ?? [];
    const calls = r.calls.get(role.id) ?? [];
    const chairs = r.chairs.get(role.id) ?? [];
    return entityView(
      ctx,
      link,
      'role',
      role,
      [
        fact('People', role.headcount !== undefined ? String(role.headcount) : null),
        fact('Paid on', links(link, 'incentive plan', plans)),
        fact('Calls the forecast', links(link, 'forecast process', calls)),
        fact('Chairs', links(link, 'cadence', chairs)),
      ],
      [],
      3,
    );
  });

  const sections: Block[] = [];
  if (hIn.length || hOut.length) {
    sections.push(
      block('Handoffs it receives', {
        table: hIn.length
          ? table(
              ['Handoff', 'From', 'Owner', 'SLA'],
              hIn.map((h) => handoffRow(h, h.from)),
            )
          : null,
        empty: hIn.length ? null : 'None.',
      }),
    );
    sections.push(
      block('Handoffs it sends', {
        table: hOut.length
          ? table(
              ['Handoff', 'To', 'Owner', 'SLA'],
              hOut.map((h) => handoffRow(h, h.to)),
            )
          : null,
        empty: hOut.length ? null : 'None.',
      }),
    );
  }
  sections.push(
    block('Meetings', {
      table: meetings.length
        ? table(
            ['Meeting', 'Role', 'Frequency'],
            meetings.map(({ c, how }) => [
              [link.entity('cadence', c)],
              [text(how)],
              [text(ctx.entity<Cadence>('cadence', c)?.frequency ?? '—')],
            ]),
          )
        : null,
      empty: meetings.length ? null : 'It runs and attends no recorded meeting.',
    }),
  );
  sections.push(
    block('Decisions', {
      table: decisions.length
        ? table(
            ['Decision domain', 'Right'],
            decisions.map(({ d, how }) => [[link.entity('decision domain', d)], [text(how)]]),
          )
        : null,
      empty: decisions.length ? null : 'It holds no recorded decision rights.',
    }),
  );
  sections.push(
    block('Fields it is accountable for', {
      items: fields.map((f) => [link.entity('field', f.id), text(` (${f.type}${f.object ? `, ${f.object}` : ''})`)]),
      empty: fields.length ? null : 'None.',
    }),
  );

  const count = (n: number, one: string): string => (n === 0 ? `no ${pluralWord(one)}` : plural(n, one));
  const runs = (r.runs.get(t.id) ?? []).length;
  const attends = (r.attends.get(t.id) ?? []).length;
  const decides = (r.decisionOwns.get(t.id) ?? []).length;
  const summary: Rich = [
    text(
      `At a glance: ${t.name} owns ${count(owned.length, 'item')} in the map; receives ${count(hIn.length, 'handoff')} and sends ${hOut.length || 'none'}; runs ${count(runs, 'meeting')} and attends ${attends || 'none'}${runs && attends ? ' others' : ''}; owns ${count(decides, 'decision domain')}.`,
    ),
  ];
  const findingsAbout = owned.filter((o) => ctx.findings.byEntity.has(keyOf(o.kind, o.id))).length;
  if (findingsAbout)
    summary.push(text(` ${plural(findingsAbout, 'thing')} it owns ${findingsAbout === 1 ? 'has' : 'have'} open questions.`));

  const ownsView = card(
    'owns_list',
    'What it owns',
    ownsBlocks.length ? ownsBlocks : [block('Owns', { empty: 'Nothing in the map names this team as owner.' })],
  );
  const worksView = card('works_list', 'How it works with others', sections);

  const view = sectionView({
    header,
    intro: [summary],
    diagrams: diagram ? [diagram] : [],
    groups: [group([ownsView, worksView]), group(roles, 'Roles', 'roles_list')],
  });
  return {
    path,
    template: 'section',
    title: t.name,
    lede: `What ${t.name} owns, who it works with, and the meetings and decisions it is part of.`,
    nav: `team:${t.id}`,
    view,
    diagrams: view.diagrams,
  };
}
