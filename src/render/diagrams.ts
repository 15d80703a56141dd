// The site's diagrams as Mermaid text, each with the same content as a table for readers
// who cannot see it. Diagrams past MAX_NODES nodes are summarised or split.
import { describe, humanDuration } from '../conditions/index.js';
import type { Handoff, LifecycleStage, Pipeline, RoutingRule, Stage, Team } from '../model/types.js';
import type { RenderContext } from './context.js';
import { conditionRich } from './describe.js';
import { type Rich, text } from './html.js';
import { type Linker, PAGES } from './links.js';
import {
  type Flow,
  type FlowEdge,
  type FlowGroup,
  type FlowNode,
  flowchart,
  MAX_NODES,
  nodeId,
  nodeLinks,
  stateDiagram,
  truncate,
} from './mermaid.js';
import { type DiagramView, links, plural, pluralWord, type Table, table } from './views/common.js';
import { append } from '../text.js';
import { isFallback } from '../route/index.js';

const isOpen = (s: Stage): boolean => (s.outcome ?? 'open') === 'open';

/** Where a deal may go from a stage: `next`, or the next open stage and every won or lost stage. */
export function stageTargets(p: Pipeline, i: number): { to: string; implicit: boolean }[] {
  const s = p.stages[i]!;
  if (s.next) return s.next.map((to) => ({ to, implicit: false }));
  if (!isOpen(s)) return [];
  const out: { to: string; implicit: boolean }[] = [];
  const nextOpen = p.stages.slice(i + 1).find(isOpen);
  if (nextOpen) out.push({ to: nextOpen.id, implicit: false });
  for (const t of p.stages) if (!isOpen(t)) out.push({ to: t.id, implicit: true });
  return out;
}

/** The team that receives a routed record, with its queue and method: "Partnerships (queue: X)". */
function assignWords(ctx: RenderContext, r: RoutingRule): string {
  const team = ctx.name('team', r.assign?.team ?? '') ?? r.assign?.team ?? '?';
  return r.assign?.queue ? `${team}: ${r.assign.queue}` : team;
}

export function ruleConditionWords(ctx: RenderContext, r: RoutingRule): string {
  if (isFallback(r)) return 'Anything no earlier rule matched';
  const parts: string[] = [];
  if (r.segment) parts.push(`in segment ${ctx.name('segment', r.segment) ?? r.segment}`);
  if (r.when) parts.push(describe(r.when, (id) => ctx.fieldName(id)));
  const obj = r.object ? r.object[0]!.toUpperCase() + r.object.slice(1) : 'Record';
  return parts.length ? `${obj} ${parts.join(' where ')}` : `Any ${r.object ?? 'record'}`;
}

export function ruleConditionRich(ctx: RenderContext, link: Linker, r: RoutingRule): Rich {
  if (isFallback(r)) return [text('Anything no earlier rule matched')];
  const out: Rich = [text(r.object ? r.object[0]!.toUpperCase() + r.object.slice(1) : 'Any record')];
  if (r.segment) out.push(text(' in segment '), link.entity('segment', r.segment));
  if (r.when) {
    const c = conditionRich(r.when, ctx, link);
    if (c[0] && c[0].href === null) c[0] = text(c[0].text[0]!.toLowerCase() + c[0].text.slice(1));
    out.push(text(r.segment ? ' where ' : ' where '), ...c);
  }
  return out;
}

// ---------------------------------------------------------------- stage flow

export function stageFlow(ctx: RenderContext, link: Linker, p: Pipeline): DiagramView[] {
  const stages = p.stages ?? [];
  const chunks: Stage[][] = [];
  for (let i = 0; i < stages.length; i += MAX_NODES - 4) chunks.push(stages.slice(i, i + MAX_NODES - 4));
  const openStages = stages.filter(isOpen);
  const lastOpen = openStages[openStages.length - 1]?.id;
  const out: DiagramView[] = [];
  chunks.forEach((chunk, ci) => {
    const ids = new Set(chunk.map((s) => s.id));
    const nodes: FlowNode[] = chunk.map((s) => {
      const i = stages.indexOf(s);
      const cat = s.forecastCategory ? (ctx.name('forecast category', s.forecastCategory) ?? s.forecastCategory) : '';
      const meta = [cat, s.probability !== undefined ? `${s.probability}%` : ''].filter(Boolean).join(' · ');
      return {
        id: nodeId('s', s.id),
        label: [`${i + 1}. ${s.name}`, meta, s.staleAfter ? `stale after ${humanDuration(s.staleAfter)}` : ''],
        shape: isOpen(s) ? 'box' : 'stadium',
        cls: s.outcome === 'won' ? 'won' : s.outcome === 'lost' ? 'lost' : 'stage',
        href: link.entityUrl('stage', s.id),
      };
    });
    const edges: FlowEdge[] = [];
    const outside = new Map<string, FlowNode>();
    for (const s of chunk) {
      const i = stages.indexOf(s);
      for (const t of stageTargets(p, i)) {
        const target = stages.find((x) => x.id === t.to);
        if (!target) continue;
        if (t.implicit && target.outcome === 'won' && s.id !== lastOpen) continue;
        if (!ids.has(t.to)) {
          const nid = nodeId('s', t.to);
          if (!outside.has(nid))
            outside.set(nid, {
              id: nid,
              label: [`continues: ${target.name}`],
              shape: 'round',
              cls: 'note',
              href: link.entityUrl('stage', target.id),
            });
        }
        edges.push({
          from: nodeId('s', s.id),
          to: nodeId('s', t.to),
          style: t.implicit && !(target.outcome === 'won' && s.id === lastOpen) ? 'dotted' : 'solid',
        });
      }
    }
    append(nodes, outside.values());
    const part = chunks.length > 1 ? ` (part ${ci + 1} of ${chunks.length})` : '';
    out.push({
      id: `stage-flow${chunks.length > 1 ? `-${ci + 1}` : ''}`,
      title: `Stage flow: ${p.name}${part}`,
      // left to right reads as a pipeline; past four open stages it would be too wide to read
      // without scrolling at 1,366 px, so it runs top to bottom
      text: flowchart({ direction: chunk.filter(isOpen).length > 4 ? 'TD' : 'LR', nodes, edges, rankSpacing: 40 }),
      links: nodeLinks(nodes),
      caption: stages.some((s) => !s.next)
        ? 'Solid arrows: the next stage. Dotted arrows: a deal can close as lost from any open stage (and as won from any open stage; only the last one is drawn).'
        : null,
      alt: table(
        ['Stage', 'Moves to', 'Forecast category', 'Stale after'],
        chunk.map((s) => {
          const i = stages.indexOf(s);
          return [
            [{ text: `${i + 1}. ${s.name}`, href: link.entityUrl('stage', s.id) }],
            stageTargets(p, i).length
              ? links(
                  link,
                  'stage',
                  stageTargets(p, i).map((t) => t.to),
                  'or',
                )
              : [text('— (a final stage)')],
            s.forecastCategory ? [link.entity('forecast category', s.forecastCategory)] : [text('—')],
            [text(s.staleAfter ? humanDuration(s.staleAfter) : '—')],
          ];
        }),
      ),
    });
  });
  return out;
}

// ---------------------------------------------------------------- handoffs

/** Teams reduced to their top-level parent when there are too many to draw. */
function topTeam(ctx: RenderContext, id: string): string {
  let cur = id;
  const seen = new Set<string>();
  for (;;) {
    const t = ctx.entity<Team>('team', cur);
    if (!t?.parent || seen.has(cur)) return cur;
    seen.add(cur);
    cur = t.parent;
  }
}

export function handoffFlow(ctx: RenderContext, link: Linker, handoffs: readonly Handoff[], id: string, title: string): DiagramView | null {
  if (handoffs.length === 0) return null;
  const teams = new Set<string>();
  for (const h of handoffs) {
    teams.add(h.from);
    teams.add(h.to);
  }
  const collapse = teams.size > MAX_NODES;
  const nodeOf = (t: string): string => nodeId('t', collapse ? topTeam(ctx, t) : t);
  const nodes = new Map<string, FlowNode>();
  for (const t of [...teams]) {
    const shown = collapse ? topTeam(ctx, t) : t;
    const nid = nodeOf(t);
    if (!nodes.has(nid))
      nodes.set(nid, {
        id: nid,
        label: [ctx.name('team', shown) ?? shown],
        shape: 'round',
        cls: 'team',
        href: link.entityUrl('team', shown),
      });
  }
  const edgeMap = new Map<string, string[]>();
  for (const h of handoffs) {
    const k = `${nodeOf(h.from)} ${nodeOf(h.to)}`;
    edgeMap.set(k, [...(edgeMap.get(k) ?? []), h.name]);
  }
  const edges: FlowEdge[] = [...edgeMap].map(([k, names]) => {
    const [from, to] = k.split(' ') as [string, string];
    return {
      from,
      to,
      label: names.length > 2 ? `${truncate(names[0]!, 36)} +${names.length - 1} more` : names.map((n) => truncate(n, 36)).join(' / '),
    };
  });
  const f: Flow = { direction: 'LR', nodes: [...nodes.values()], edges };
  return {
    id,
    title,
    text: flowchart(f),
    links: nodeLinks(f.nodes),
    caption: collapse ? `There are ${teams.size} teams involved, so teams are grouped under their top-level team.` : null,
    alt: table(
      ['Handoff', 'From', 'To', 'Owner', 'SLA'],
      handoffs.map((h) => [
        [link.entity('handoff', h.id)],
        [link.entity('team', h.from)],
        [link.entity('team', h.to)],
        h.owner ? [link.entity('team', h.owner)] : [text('none named')],
        [text(h.sla ? humanDuration(h.sla) : 'none')],
      ]),
    ),
  };
}

// ---------------------------------------------------------------- routing

export function routingFlow(ctx: RenderContext, link: Linker): DiagramView[] {
  const rules = ctx.map.routing;
  if (rules.length === 0) return [];
  const per = Math.max(5, Math.floor((MAX_NODES - 3) / 2));
  const chunks: RoutingRule[][] = [];
  for (let i = 0; i < rules.length; i += per) chunks.push(rules.slice(i, i + per));
  const hasFallback = rules.some(isFallback);
  return chunks.map((chunk, ci) => {
    const first = rules.indexOf(chunk[0]!);
    const nodes: FlowNode[] = [];
    const edges: FlowEdge[] = [];
    const groups: FlowGroup[] = [];
    const start =
      ci === 0
        ? { id: 'r_start', label: ['A lead, account or opportunity', 'arrives'], shape: 'stadium' as const, cls: 'source' }
        : { id: 'r_start', label: [`Not matched by rules 1–${first}`], shape: 'stadium' as const, cls: 'note' };
    nodes.push(start);
    let prev = start.id;
    let prevLabel: string | undefined;
    // each rule and where it sends a match sit side by side in a borderless row; rows chain
    // downwards through "no", so the ladder stays straight however many rules there are
    chunk.forEach((r, j) => {
      const n = first + j + 1;
      const rid = nodeId('r', r.id);
      const tid = nodeId('a', r.id);
      const row = nodeId('row', r.id);
      nodes.push({
        id: rid,
        label: [`${n}. ${r.name}`, truncate(ruleConditionWords(ctx, r), 90)],
        shape: 'box',
        cls: 'rule',
        href: link.entityUrl('routing rule', r.id),
      });
      nodes.push({
        id: tid,
        label: [assignWords(ctx, r)],
        shape: 'round',
        cls: 'team',
        href: link.entityUrl('team', r.assign?.team ?? ''),
      });
      groups.push({ id: row, label: ' ', nodes: [rid, tid], direction: 'LR', plain: true });
      edges.push({ from: rid, to: tid, label: isFallback(r) ? 'always' : 'yes' });
      edges.push({ from: prev, to: row, label: prevLabel });
      prev = row;
      prevLabel = 'no';
    });
    const last = chunk[chunk.length - 1]!;
    if (!isFallback(last)) {
      if (ci < chunks.length - 1) {
        nodes.push({ id: 'r_more', label: [`Continue at rule ${first + chunk.length + 1}`], shape: 'stadium', cls: 'note' });
        edges.push({ from: prev, to: 'r_more', label: 'no' });
      } else if (!hasFallback) {
        nodes.push({ id: 'r_unrouted', label: ['Unrouted: no fallback rule'], shape: 'stadium', cls: 'lost' });
        edges.push({ from: prev, to: 'r_unrouted', label: 'no' });
      }
    }
    const part = chunks.length > 1 ? ` (rules ${first + 1}–${first + chunk.length})` : '';
    return {
      id: `routing-flow${chunks.length > 1 ? `-${ci + 1}` : ''}`,
      title: `Routing decisions${part}`,
      text: flowchart({ direction: 'TD', nodes, edges, groups }),
      caption: 'Rules are tried in order; the first one that matches assigns the record.',
      links: nodeLinks(nodes),
      alt: table(
        ['#', 'Rule', 'When', 'Goes to'],
        chunk.map((r, j) => [
          [text(String(first + j + 1))],
          [link.entity('routing rule', r.id)],
          ruleConditionRich(ctx, link, r),
          [link.entity('team', r.assign?.team), ...(r.assign?.queue ? [text(` (queue: ${r.assign.queue})`)] : [])],
        ]),
      ),
      primary: routingTable(ctx, link, chunk, first, chunks.length > 1 ? part.trim() : null),
    };
  });
}

/** Routing as a decision table: one row per rule in the order they are tried. */
function routingTable(ctx: RenderContext, link: Linker, rules: readonly RoutingRule[], first: number, part: string | null): Table {
  return table(
    ['#', 'Rule', 'Applies to', 'Conditions', 'Goes to', 'First response'],
    rules.map((r, j) => {
      const objects = r.object ? pluralWord(r.object) : '';
      const scope: Rich = [text(objects ? `${objects[0]!.toUpperCase()}${objects.slice(1)}` : 'Any record')];
      if (r.segment) scope.push(text(' in '), link.entity('segment', r.segment));
      const when: Rich = isFallback(r)
        ? [text('None: catches anything no earlier rule matched')]
        : r.when
          ? conditionRich(r.when, ctx, link)
          : [text('None: every record in scope')];
      return [
        [text(String(first + j + 1))],
        [link.entity('routing rule', r.id)],
        scope,
        when,
        [
          link.entity('team', r.assign?.team),
          ...(r.assign?.queue ? [text(`, queue “${r.assign.queue}”`)] : []),
          ...(r.assign?.method ? [text(` (${r.assign.method.replace(/-/g, ' ')})`)] : []),
        ],
        [text(r.firstResponseSla ? `within ${humanDuration(r.firstResponseSla)}` : '—')],
      ];
    }),
    `Routing rules${part ? ` ${part}` : ''}, tried in order: the first rule whose conditions hold assigns the record.`,
  );
}

// ---------------------------------------------------------------- lifecycle

export function lifecycleStates(ctx: RenderContext, link: Linker): DiagramView | null {
  const states = ctx.map.lifecycle;
  if (states.length === 0) return null;
  const known = new Set(states.map((s) => s.id));
  const incoming = new Set(states.flatMap((s) => (s.next ?? []).filter((n) => n !== s.id)));
  let start = states.filter((s) => !incoming.has(s.id)).map((s) => s.id);
  if (start.length === 0) start = [states[0]!.id];
  const limit = states.length > MAX_NODES ? states.slice(0, MAX_NODES) : states;
  const shown = new Set(limit.map((s) => s.id));
  const sid = (id: string): string => nodeId('l', id);
  const drawn = limit.map((s: LifecycleStage) => ({
    id: sid(s.id),
    label: [s.name, s.owner ? `owner: ${ctx.name('team', s.owner) ?? s.owner}` : 'no owner'],
    href: link.entityUrl('lifecycle stage', s.id),
  }));
  return {
    id: 'lifecycle-states',
    title: 'Customer lifecycle states',
    text: stateDiagram({
      // ELK, top to bottom: on the example map dagre draws 3 pairs of crossing transitions, ELK none,
      // and top to bottom fits the page's column where left to right (1,337 px) would not
      layout: 'elk',
      direction: 'TB',
      states: drawn,
      start: start.filter((id) => shown.has(id)).map(sid),
      end: limit.filter((s) => !(s.next ?? []).some((n) => known.has(n))).map((s) => sid(s.id)),
      transitions: limit.flatMap((s) => (s.next ?? []).filter((n) => shown.has(n)).map((n) => ({ from: sid(s.id), to: sid(n) }))),
    }),
    links: nodeLinks(drawn),
    caption:
      states.length > MAX_NODES ? `The diagram shows the first ${MAX_NODES} of ${states.length} states; the table lists them all.` : null,
    alt: table(
      ['State', 'Owner', 'Moves to'],
      states.map((s) => [
        [link.entity('lifecycle stage', s.id)],
        s.owner ? [link.entity('team', s.owner)] : [text('no owner')],
        (s.next ?? []).length ? links(link, 'lifecycle stage', s.next, 'or') : [text('—')],
      ]),
    ),
  };
}

// ---------------------------------------------------------------- teams

export function teamChart(ctx: RenderContext, link: Linker): DiagramView | null {
  const teams = ctx.map.teams;
  if (teams.length === 0) return null;
  const depth = (t: Team): number => {
    let d = 0;
    let cur: Team | undefined = t;
    const seen = new Set<string>();
    while (cur?.parent && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = ctx.entity<Team>('team', cur.parent);
      d++;
    }
    return d;
  };
  let shown = teams;
  let caption: string | null = null;
  if (teams.length > MAX_NODES) {
    shown = teams.filter((t) => depth(t) <= 1).slice(0, MAX_NODES);
    caption = `${teams.length} teams: the chart shows the top two levels; the table lists every team.`;
  }
  const ids = new Set(shown.map((t) => t.id));
  // left to right: teams at the same level stack, so a wide organisation stays readable
  const f: Flow = {
    direction: 'LR',
    nodes: shown.map((t) => ({
      id: nodeId('t', t.id),
      label: [t.name, [t.lead, t.headcount !== undefined ? plural(t.headcount, 'person', 'people') : ''].filter(Boolean).join(' · ')],
      shape: 'round',
      cls: 'team',
      href: link.entityUrl('team', t.id),
    })),
    edges: shown.filter((t) => t.parent && ids.has(t.parent)).map((t) => ({ from: nodeId('t', t.parent!), to: nodeId('t', t.id) })),
  };
  return {
    id: 'team-chart',
    title: 'How the teams report',
    text: flowchart(f),
    links: nodeLinks(f.nodes),
    caption,
    alt: table(
      ['Team', 'Reports into', 'Lead', 'Headcount'],
      teams.map((t) => [
        [link.entity('team', t.id)],
        t.parent ? [link.entity('team', t.parent)] : [text('—')],
        [text(t.lead ?? '—')],
        [text(t.headcount !== undefined ? String(t.headcount) : '—')],
      ]),
    ),
  };
}

// ---------------------------------------------------------------- forecast mapping

/**
 * One diagram per pipeline: its stages in order on the left, the categories they count in on the
 * right, in declared order. On the example map the two pipelines in one diagram drew 10 pairs of
 * crossing edges (dagre and ELK alike); one per pipeline draws none, since stages map to
 * categories in order. ELK makes these 5–8% smaller at most, so they stay on dagre.
 */
export function forecastMapping(ctx: RenderContext, link: Linker): DiagramView[] {
  const pipelines = ctx.map.pipelines.filter((p) => (p.stages ?? []).length > 0);
  const cats = ctx.map.forecastCategories;
  if (pipelines.length === 0 || cats.length === 0) return [];
  const several = pipelines.length > 1;
  return pipelines.map((p) => {
    const nodes: FlowNode[] = [];
    const edges: FlowEdge[] = [];
    const usedCats = new Set<string>();
    for (const s of p.stages.slice(0, MAX_NODES - cats.length)) {
      nodes.push({
        id: nodeId('s', s.id),
        label: [s.name],
        cls: s.outcome === 'won' ? 'won' : s.outcome === 'lost' ? 'lost' : 'stage',
        href: link.entityUrl('stage', s.id),
      });
      if (s.forecastCategory) {
        usedCats.add(s.forecastCategory);
        edges.push({ from: nodeId('s', s.id), to: nodeId('c', s.forecastCategory), style: 'plain' });
      }
    }
    for (const c of cats)
      if (usedCats.has(c.id))
        nodes.push({
          id: nodeId('c', c.id),
          label: [c.name, c.inForecast ? 'counts in the forecast' : 'not in the number'],
          shape: 'stadium',
          cls: 'rule',
          href: link.entityUrl('forecast category', c.id),
        });
    const cut = p.stages.length > MAX_NODES - cats.length;
    return {
      id: `forecast-mapping${several ? `-${p.id}` : ''}`,
      title: several ? `Stages to forecast categories: ${p.name}` : 'Stages to forecast categories',
      text: flowchart({ direction: 'LR', nodes, edges }),
      links: nodeLinks(nodes),
      caption: cut
        ? `The diagram shows the first ${MAX_NODES - cats.length} of ${p.stages.length} stages; the table lists them all.`
        : null,
      alt: table(
        ['Stage', 'Pipeline', 'Forecast category'],
        p.stages.map((s) => [
          [link.entity('stage', s.id)],
          [link.entity('pipeline', p.id)],
          s.forecastCategory ? [link.entity('forecast category', s.forecastCategory)] : [text('not mapped')],
        ]),
      ),
    };
  });
}

// ---------------------------------------------------------------- revenue flow

/**
 * How revenue moves, left to right, one box per step: demand, routing, handoffs before the
 * pipeline, each pipeline (one box for all past six), handoffs at close, the customer lifecycle.
 * Each box links to the page that draws its step in detail, so the summary stays legible at
 * the start page's width instead of shrinking a detailed flow until its text is unreadable.
 */
export function revenueFlow(ctx: RenderContext, link: Linker): DiagramView {
  const m = ctx.map;
  const stageOutcome = new Map(m.pipelines.flatMap((p) => (p.stages ?? []).map((s) => [s.id, s.outcome ?? 'open'] as const)));
  const before = m.handoffs.filter((h) => !h.stage);
  const atClose = m.handoffs.filter((h) => h.stage && stageOutcome.get(h.stage) === 'won');
  const during = m.handoffs.filter((h) => h.stage && stageOutcome.get(h.stage) === 'open');
  const pipelines = m.pipelines.filter((p) => (p.stages ?? []).length > 0);
  // a pipeline is fed by the handoffs before it when a team they hand to works its stage handoffs
  const teamsAfterBefore = new Set(before.map((h) => h.to));
  const fedByBefore = new Set(
    pipelines
      .filter((p) =>
        m.handoffs.some(
          (h) => h.stage && p.stages.some((s) => s.id === h.stage) && (teamsAfterBefore.has(h.from) || teamsAfterBefore.has(h.to)),
        ),
      )
      .map((p) => p.id),
  );
  if (before.length && fedByBefore.size === 0) pipelines.forEach((p) => fedByBefore.add(p.id));

  // one box per step, left to right, each linking to the page with the detail: the detail
  // diagrams (stage flows, handoffs, lifecycle) are on those pages, drawn at a size that reads
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const handoffNode = (id: string, title: string, hs: readonly Handoff[]): FlowNode =>
    hs.length === 1
      ? { id, label: [title, truncate(hs[0]!.name, 24)], cls: 'team', href: link.entityUrl('handoff', hs[0]!.id) }
      : { id, label: [title, plural(hs.length, 'handoff')], cls: 'team', href: link.url(PAGES.handoffs) };
  if (m.demandSources.length)
    nodes.push({
      id: 'd_demand',
      label: ['Demand', plural(m.demandSources.length, 'source')],
      cls: 'source',
      href: link.url(PAGES.demandSources),
    });
  const fb = m.routing.find(isFallback);
  nodes.push({
    id: 'r_routing',
    label: ['Routing', plural(m.routing.length, 'rule'), fb ? 'first match wins' : 'no fallback rule'],
    shape: 'hexagon',
    cls: 'rule',
    href: link.url(PAGES.routing),
  });
  if (m.demandSources.length) edges.push({ from: 'd_demand', to: 'r_routing' });
  if (before.length) {
    nodes.push(handoffNode('h_before', 'Before a deal', before));
    edges.push({ from: 'r_routing', to: 'h_before' });
  }
  const ends: string[] = [];
  if (pipelines.length > 6) {
    const open = pipelines.reduce((n, p) => n + p.stages.filter(isOpen).length, 0);
    nodes.push({
      id: 'p_all',
      label: [plural(pipelines.length, 'pipeline'), `${plural(open, 'open stage')} in all`],
      cls: 'stage',
      href: link.url(PAGES.pipelines),
    });
    if (before.length && pipelines.some((p) => fedByBefore.has(p.id))) edges.push({ from: 'h_before', to: 'p_all' });
    if (!before.length || pipelines.some((p) => !fedByBefore.has(p.id))) edges.push({ from: 'r_routing', to: 'p_all' });
    ends.push('p_all');
  } else {
    for (const p of pipelines) {
      const open = p.stages.filter(isOpen);
      const side = during.filter((h) => p.stages.some((s) => s.id === h.stage)).length;
      const target = nodeId('p', p.id);
      nodes.push({
        id: target,
        label: [truncate(p.name, 24), plural(open.length, 'open stage'), side ? plural(side, 'handoff') : ''],
        cls: 'stage',
        href: link.entityUrl('pipeline', p.id),
      });
      edges.push({ from: before.length && fedByBefore.has(p.id) ? 'h_before' : 'r_routing', to: target });
      ends.push(target);
    }
  }
  let afterWon = ends;
  if (atClose.length) {
    nodes.push(handoffNode('h_close', 'Deal won', atClose));
    for (const e of ends) edges.push({ from: e, to: 'h_close' });
    afterWon = ['h_close'];
  }
  if (m.lifecycle.length) {
    nodes.push({
      id: 'l_life',
      label: ['Customer lifecycle', plural(m.lifecycle.length, 'state')],
      shape: 'round',
      cls: 'life',
      href: link.url(PAGES.lifecycle),
    });
    for (const a of afterWon) edges.push({ from: a, to: 'l_life' });
  }
  const flow: Flow = { direction: 'LR', nodes, edges, rankSpacing: 30 };

  const rows: Rich[][] = [];
  const step = (n: number, what: string, detail: Rich): void => void rows.push([[text(String(n))], [text(what)], detail]);
  let n = 1;
  step(
    n++,
    'Demand arrives',
    m.demandSources.length
      ? m.demandSources.flatMap((d, i) => [
          ...(i ? [text('; ')] : []),
          link.entity('demand source', d.id),
          text(d.responseSla ? ` (respond within ${humanDuration(d.responseSla.within)})` : ' (no response SLA)'),
        ])
      : [text('No demand sources recorded.')],
  );
  step(n++, 'Routing assigns it', [
    { text: `${plural(m.routing.length, 'ordered rule')}; the first match wins`, href: link.url('routing.html') },
    ...fallback(ctx, link),
  ]);
  if (before.length)
    step(
      n++,
      'Handoffs before a deal exists',
      links(
        link,
        'handoff',
        before.map((h) => h.id),
      ),
    );
  for (const p of pipelines)
    step(
      n++,
      `Pipeline: ${p.name}`,
      links(
        link,
        'stage',
        p.stages.filter((s) => s.outcome !== 'lost').map((s) => s.id),
        'then',
      ),
    );
  if (during.length)
    step(
      n++,
      'Handoffs during the sale',
      links(
        link,
        'handoff',
        during.map((h) => h.id),
      ),
    );
  if (atClose.length)
    step(
      n++,
      'Handoffs when a deal is won',
      links(
        link,
        'handoff',
        atClose.map((h) => h.id),
      ),
    );
  if (m.lifecycle.length)
    step(
      n++,
      'Customer lifecycle',
      links(
        link,
        'lifecycle stage',
        m.lifecycle.map((s) => s.id),
        'and',
      ),
    );

  return {
    id: 'revenue-flow',
    title: 'How revenue moves, from first touch to renewal',
    text: flowchart(flow),
    caption: 'Each box is one step and opens its page, where the step is drawn in detail.',
    alt: table(['Step', 'What happens', 'Details'], rows),
    links: nodeLinks(nodes),
  };
}

function fallback(ctx: RenderContext, link: Linker): Rich {
  const f = ctx.map.routing.find(isFallback);
  return f ? [text('; anything else goes to '), link.entity('team', f.assign?.team)] : [text('; there is no fallback rule')];
}
