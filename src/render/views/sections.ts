// One page per section of the map.
import { humanDuration } from '../../conditions/index.js';
import { type Cadence, type Field, type Handoff, type Initiative, type SectionName, SECTIONS } from '../../model/index.js';
import type { RenderContext } from '../context.js';
import { conditionRich, criteriaViews, criterionView } from '../describe.js';
import { forecastMapping, handoffFlow, lifecycleStates, routingFlow, ruleConditionRich, teamChart } from '../diagrams.js';
import { type Rich, text } from '../html.js';
import { type Linker, linker, PAGES } from '../links.js';
import { firstSentence } from '../markdown.js';
import { block, type Block, card, entityView, type EntityView, fact, type Fact, links, type PageView, plural, table } from './common.js';
import { glossaryPage } from './glossary-page.js';
import { group, sectionView } from './section.js';
import { isFallback } from '../../route/index.js';
import { routeRecord } from '../../route/explain.js';
import { formatLocal } from '../../route/hours.js';
import { runRoutingTests } from '../../route/tests.js';

const cap = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const words = (s: string | undefined): string => (s ? s.replace(/-/g, ' ') : '');

/** A section's page; its navigation key is its path, which the section registry names. */
function page(path: string, title: string, lede: string, _nav: string, view: ReturnType<typeof sectionView>): PageView {
  return { path, template: 'section', title, lede, nav: path, view, diagrams: view.diagrams };
}

// ---------------------------------------------------------------- teams

export function teamsPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.teams, ctx.places, ctx.name);
  const chart = teamChart(ctx, link);
  return page(
    PAGES.teams,
    'Teams',
    'The teams of the revenue organisation, how they report, and a page for each one.',
    'teams',
    sectionView({
      diagrams: chart ? [chart] : [],
      tables: [
        table(
          ['Team', 'What it does', 'Owns', 'Handoffs in / out', 'Meetings it runs'],
          ctx.map.teams.map((t) => [
            [link.entity('team', t.id)],
            [text(firstSentence(t.description) || '—')],
            [text(String((ctx.rel.owned.get(t.id) ?? []).length))],
            [text(`${(ctx.rel.handoffsIn.get(t.id) ?? []).length} / ${(ctx.rel.handoffsOut.get(t.id) ?? []).length}`)],
            [text(String((ctx.rel.runs.get(t.id) ?? []).length))],
          ]),
        ),
      ],
      empty: ctx.map.teams.length ? null : 'The map declares no teams yet.',
    }),
  );
}

// ---------------------------------------------------------------- segments

export function segmentsPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.segments, ctx.places, ctx.name);
  const entities = ctx.map.segments.map((s) => {
    const rules = ctx.rel.rulesForSegment.get(s.id) ?? [];
    return entityView(
      ctx,
      link,
      'segment',
      s,
      [
        fact('Membership rule', conditionRich(s.rule, ctx, link)),
        fact('Covered by', links(link, 'team', s.coveredBy)),
        fact('Motion', cap(words(s.motion))),
        fact('Priority', s.priority !== undefined ? String(s.priority) : null),
      ],
      [
        block('Routing rules for this segment', {
          items: rules.map((r) => [link.entity('routing rule', r)]),
          empty: rules.length ? null : 'No routing rule names this segment.',
        }),
      ],
    );
  });
  return page(
    PAGES.segments,
    'Segments',
    'Who we are trying to win: the rule that puts an account in each segment, and the team that covers it.',
    'segments',
    sectionView({
      intro: [
        [
          text(
            'An account belongs to a segment when its membership rule holds. Segments are listed in map order; the routing rules decide which one applies first.',
          ),
        ],
      ],
      groups: [group(entities)],
      empty: entities.length ? null : 'The map declares no segments yet.',
    }),
  );
}

// ---------------------------------------------------------------- demand sources

function slaRich(
  ctx: RenderContext,
  link: Linker,
  sla: { within: string; measuredBy?: { metric?: string; from?: string; to?: string } } | undefined,
): Rich {
  if (!sla) return [text('None: nobody has promised how fast this demand gets an answer.')];
  const out: Rich = [text(`First response within ${humanDuration(sla.within)}`)];
  const m = sla.measuredBy;
  if (m?.metric) out.push(text(', measured by '), link.entity('metric', m.metric));
  else if (m?.from && m.to) out.push(text(', measured from '), link.entity('field', m.from), text(' to '), link.entity('field', m.to));
  else out.push(text(' (nothing measures it)'));
  return out;
}

export function demandPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.demandSources, ctx.places, ctx.name);
  const entities = ctx.map.demandSources.map((d) =>
    entityView(ctx, link, 'demand source', d, [
      fact('Kind', cap(d.kind)),
      fact('Owner', d.owner ? [link.entity('team', d.owner)] : [text('No owner named.')]),
      fact('Response SLA', slaRich(ctx, link, d.responseSla)),
      fact('Qualified when', conditionRich(d.qualifiedWhen, ctx, link)),
    ]),
  );
  return page(
    PAGES.demandSources,
    'Demand sources',
    'How qualified demand enters: who owns each source and how fast it gets an answer.',
    'demandSources',
    sectionView({
      tables: entities.length
        ? [
            table(
              ['Source', 'Kind', 'Owner', 'Response SLA'],
              ctx.map.demandSources.map((d) => [
                [link.entity('demand source', d.id)],
                [text(cap(d.kind))],
                d.owner ? [link.entity('team', d.owner)] : [text('—')],
                [text(d.responseSla ? humanDuration(d.responseSla.within) : '—')],
              ]),
            ),
          ]
        : [],
      groups: [group(entities)],
      empty: entities.length ? null : 'The map declares no demand sources yet.',
    }),
  );
}

// ---------------------------------------------------------------- routing

export function routingPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.routing, ctx.places, ctx.name);
  const rules = ctx.map.routing;
  const entities = rules.map((r, i) => {
    const v = entityView(ctx, link, 'routing rule', r, [
      fact('Routes', cap(r.object ?? 'any record')),
      fact('When', ruleConditionRich(ctx, link, r)),
      fact('Goes to', [
        link.entity('team', r.assign?.team),
        ...(r.assign?.queue ? [text(`, queue “${r.assign.queue}”`)] : []),
        ...(r.assign?.method ? [text(` (${words(r.assign.method)})`)] : []),
      ]),
      fact('First response', r.firstResponseSla ? `within ${humanDuration(r.firstResponseSla)}` : null),
    ]);
    v.name = `${i + 1}. ${r.name}${isFallback(r) ? ' (fallback)' : ''}`;
    return v;
  });
  const fb = rules.find(isFallback);
  const intro: Rich[] = [
    [
      text(
        `${plural(rules.length, 'rule')}, tried in order from the top. The first rule whose conditions hold assigns the record; later rules are not consulted.`,
      ),
    ],
  ];
  intro.push(
    fb
      ? [
          text('The fallback, '),
          link.entity('routing rule', fb.id),
          text(', catches everything else and sends it to '),
          link.entity('team', fb.assign?.team),
          text('.'),
        ]
      : [text('There is no fallback rule: a record that matches nothing stays unassigned.')],
  );
  const examples = workedExamples(ctx, link);
  return page(
    PAGES.routing,
    'Routing',
    'The ordered rules that assign leads, accounts and opportunities to a team.',
    'routing',
    sectionView({
      intro: rules.length ? intro : [],
      diagrams: routingFlow(ctx, link),
      groups: [
        group(entities),
        ...(examples.length
          ? [
              group(examples, 'Worked examples', 'worked-examples', [
                text(
                  `The routing test cases of the map (${plural(examples.length, 'case')}, matrices expanded), each routed through the rules above as they stand. gtmap test runs them on every change; gtmap route shows the full trace of any record.`,
                ),
              ]),
            ]
          : []),
      ],
      empty: rules.length ? null : 'The map declares no routing rules yet.',
    }),
  );
}

/** The map's routing test cases, each as a card: the record, where it goes and why, and whether the case passes. */
function workedExamples(ctx: RenderContext, link: Linker): EntityView[] {
  if (!ctx.model.tests.routingTests.length) return [];
  const { runs } = runRoutingTests(ctx.model);
  return runs.slice(0, 200).flatMap((run, i) => {
    const r = run.result;
    if (!r) return [];
    const given = Object.entries(run.record).map(([k, v]) => `${k} ${String(v)}`);
    const due = run.timed && r.sla ? routeRecord(ctx.model, run.record, r.object, new Date(r.at)).due : null;
    const outcome =
      r.outcome === 'matched'
        ? 'Matched.'
        : r.outcome === 'fallback'
          ? 'Falls to the fallback: no other rule matches.'
          : `Undecided: ${r.undecidedBy.map((u) => `${u.rule} could have fired (${u.missing.join(', ') || 'undecidable'} missing)`).join('; ')}.`;
    const v = card(`example-${i + 1}`, run.name, [], 3);
    v.facts = [
      fact(cap(r.object), given.length ? given.join(', ') : 'no fields'),
      fact(
        'Goes to',
        r.rule
          ? [
              link.entity('routing rule', r.rule),
              text(' → '),
              link.entity('team', r.team ?? undefined),
              ...(r.queue ? [text(`, queue “${r.queue}”`)] : []),
            ]
          : 'nobody',
      ),
      fact('Segment', r.segment ? [link.entity('segment', r.segment)] : null),
      fact(
        'First response',
        r.sla
          ? `within ${humanDuration(r.sla)}${due ? `, due ${formatLocal(Date.parse(due.utc), due.timeZone)} (${due.utc}) for a record arriving ${r.at.replace('.000Z', 'Z')}, counted in ${due.basis}` : ''}`
          : null,
      ),
      fact('Outcome', outcome),
      fact('Case', run.passed ? 'passes' : `fails: ${run.failure ?? ''}`),
    ].filter((f) => f.value.length > 0);
    return [v];
  });
}

// ---------------------------------------------------------------- pipelines index

export function pipelinesPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.pipelines, ctx.places, ctx.name);
  return page(
    PAGES.pipelines,
    'Pipelines',
    'Each pipeline and its stages; open a pipeline to see what each stage requires.',
    'pipelines',
    sectionView({
      tables: ctx.map.pipelines.length
        ? [
            table(
              ['Pipeline', 'Owner', 'Stages', 'Stale windows set'],
              ctx.map.pipelines.map((p) => [
                [link.entity('pipeline', p.id)],
                p.owner ? [link.entity('team', p.owner)] : [text('—')],
                links(
                  link,
                  'stage',
                  (p.stages ?? []).map((s) => s.id),
                  'then',
                ),
                [text(`${(p.stages ?? []).filter((s) => s.staleAfter).length} of ${(p.stages ?? []).length}`)],
              ]),
            ),
          ]
        : [],
      empty: ctx.map.pipelines.length ? null : 'The map declares no pipelines yet.',
    }),
  );
}

// ---------------------------------------------------------------- handoffs

export function handoffFacts(ctx: RenderContext, link: Linker, h: Handoff): Fact[] {
  const ret: Rich = h.onReject
    ? [
        text('Back to '),
        link.entity('team', h.onReject.returnTo),
        text(h.onReject.within ? ` within ${humanDuration(h.onReject.within)}` : ''),
        text(`, with: ${h.onReject.owes}`),
      ]
    : [text('None: rejected work has no way back.')];
  const trig = criterionView(h.trigger, ctx, link);
  return [
    fact('From', [link.entity('team', h.from)]),
    fact('To', [link.entity('team', h.to)]),
    fact('Accountable owner', h.owner ? [link.entity('team', h.owner)] : [text('Nobody is named.')]),
    fact('Trigger', trig ? [text(trig.text), ...(trig.checkable ? [text(' — checked as: '), ...trig.check] : [])] : []),
    fact('At stage', h.stage ? [link.entity('stage', h.stage)] : []),
    fact('SLA', h.sla ? `Accept or reject within ${humanDuration(h.sla)}` : 'None set.'),
    fact('Return path', ret),
  ];
}

export function handoffsPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.handoffs, ctx.places, ctx.name);
  const hs = ctx.map.handoffs;
  const d = handoffFlow(ctx, link, hs, 'handoff-flow', 'Handoffs between teams');
  const entities = hs.map((h) =>
    entityView(ctx, link, 'handoff', h, handoffFacts(ctx, link, h), [
      block('Acceptance requires', {
        criteria: criteriaViews(h.acceptance, ctx, link),
        empty: h.acceptance?.length ? null : 'No acceptance criteria: the receiving team cannot say why it rejects.',
      }),
    ]),
  );
  return page(
    PAGES.handoffs,
    'Handoffs',
    'Where work moves between teams: the trigger, the accountable owner, what acceptance requires, the SLA and the way back.',
    'handoffs',
    sectionView({
      diagrams: d ? [d] : [],
      groups: [group(entities)],
      empty: hs.length ? null : 'The map declares no handoffs yet.',
    }),
  );
}

// ---------------------------------------------------------------- forecast

export function forecastPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.forecast, ctx.places, ctx.name);
  const processes = ctx.map.forecast.map((f) =>
    entityView(
      ctx,
      link,
      'forecast process',
      f,
      [
        fact('Called by', [link.entity('role', f.caller)]),
        fact('Process owner', f.owner ? [link.entity('team', f.owner)] : []),
        fact('Inspected in', f.inspectedIn ? [link.entity('cadence', f.inspectedIn)] : []),
        fact('Horizon', f.horizon ? `The ${f.horizon}` : null),
        fact('Submitted by', links(link, 'role', f.submittedBy)),
        fact('Due by', f.dueBy ?? null),
        fact('Commit means', f.commitCategory ? [link.entity('forecast category', f.commitCategory)] : []),
      ],
      [],
      3,
    ),
  );
  const categories = ctx.map.forecastCategories.map((c) => {
    const stages = ctx.rel.stagesInCategory.get(c.id) ?? [];
    return entityView(
      ctx,
      link,
      'forecast category',
      c,
      [
        fact('Kind', cap(words(c.kind))),
        fact('Counts in the number', c.inForecast === undefined ? null : c.inForecast ? 'Yes' : 'No'),
        fact('Stages in this category', links(link, 'stage', stages)),
        fact('Incentives paid on it', links(link, 'incentive plan', ctx.rel.paidOn.get(c.id))),
      ],
      [
        block('Evidence a deal needs', {
          criteria: criteriaViews(c.evidence, ctx, link),
          empty: c.evidence?.length ? null : 'No evidence required: any deal can be put here.',
        }),
      ],
      3,
    );
  });
  return page(
    PAGES.forecast,
    'Forecast',
    'Who calls the number, how it is inspected, and what evidence puts a deal in each category.',
    'forecast',
    sectionView({
      diagrams: forecastMapping(ctx, link),
      groups: [
        group(processes, 'The forecast process', 'forecast_process'),
        group(categories, 'Forecast categories', 'forecast_categories'),
      ],
      empty: processes.length + categories.length ? null : 'The map declares no forecast process or categories yet.',
    }),
  );
}

// ---------------------------------------------------------------- lifecycle

export function lifecyclePage(ctx: RenderContext): PageView {
  const link = linker(PAGES.lifecycle, ctx.places, ctx.name);
  const d = lifecycleStates(ctx, link);
  const entities = ctx.map.lifecycle.map((l) => {
    const entry = criterionView(l.entry, ctx, link);
    const exit = criterionView(l.exit, ctx, link);
    return entityView(
      ctx,
      link,
      'lifecycle stage',
      l,
      [
        fact('Kind', cap(words(l.kind))),
        fact('Owner', l.owner ? [link.entity('team', l.owner)] : [text('Nobody owns customers in this stage.')]),
        fact('Enters when', entry ? [text(entry.text), ...(entry.checkable ? [text(' — checked as: '), ...entry.check] : [])] : []),
        fact('Leaves when', exit ? [text(exit.text), ...(exit.checkable ? [text(' — checked as: '), ...exit.check] : [])] : []),
        fact('Moves on to', links(link, 'lifecycle stage', l.next, 'or')),
      ],
      l.signals?.length ? [block('Signals watched', { criteria: criteriaViews(l.signals, ctx, link) })] : [],
    );
  });
  return page(
    PAGES.lifecycle,
    'Customer lifecycle',
    'After the sale: onboarding, adoption, renewal, expansion and churn risk, each with an owner.',
    'lifecycle',
    sectionView({
      diagrams: d ? [d] : [],
      groups: [group(entities)],
      empty: entities.length ? null : 'The map declares no lifecycle stages yet.',
    }),
  );
}

// ---------------------------------------------------------------- cadences

const FREQUENCIES: { key: Cadence['frequency'] | undefined; title: string }[] = [
  { key: 'daily', title: 'Daily' },
  { key: 'weekly', title: 'Weekly' },
  { key: 'biweekly', title: 'Every two weeks' },
  { key: 'monthly', title: 'Monthly' },
  { key: 'quarterly', title: 'Quarterly' },
  { key: 'annually', title: 'Yearly' },
  { key: undefined, title: 'Frequency not set' },
];

function inputRich(link: Linker, i: NonNullable<Cadence['inputs']>[number]): Rich {
  if (i.metric) return [text('Metric: '), link.entity('metric', i.metric)];
  if (i.pipeline) return [text('Pipeline: '), link.entity('pipeline', i.pipeline)];
  if (i.field) return [text('Field: '), link.entity('field', i.field)];
  return [text(`Report: ${i.report ?? ''}`)];
}

export function cadencesPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.cadences, ctx.places, ctx.name);
  const card = (c: Cadence) =>
    entityView(
      ctx,
      link,
      'cadence',
      c,
      [
        fact('Run by', c.owner ? [link.entity('team', c.owner)] : [text('No owner.')]),
        fact('Chair', c.chair ? [link.entity('role', c.chair)] : []),
        fact('Attendees', links(link, 'team', c.attendees)),
        fact('Length', c.durationMinutes ? `${c.durationMinutes} minutes` : null),
        fact('Decides in', links(link, 'decision domain', ctx.rel.cadenceDomains.get(c.id))),
      ],
      [
        block('Decisions it makes', {
          items: (c.decisions ?? []).map((d) => [text(d)]),
          empty: c.decisions?.length ? null : 'None recorded: this meeting only exchanges updates.',
        }),
        ...(c.inputs?.length ? [block('What it reads', { items: c.inputs.map((i) => inputRich(link, i)) })] : []),
        ...(c.updates?.length ? [block('For information only', { items: c.updates.map((u) => [text(u)]) })] : []),
      ],
      3,
    );
  const groups = FREQUENCIES.map((f) =>
    group(ctx.map.cadences.filter((c) => c.frequency === f.key).map(card), f.title, `frequency_${f.key ?? 'unset'}`),
  );
  return page(
    PAGES.cadences,
    'Meetings and cadences',
    'The meetings that change operating decisions, grouped by how often they meet, with the decisions each one makes.',
    'cadences',
    sectionView({
      groups,
      empty: ctx.map.cadences.length ? null : 'The map declares no meetings yet.',
    }),
  );
}

// ---------------------------------------------------------------- decision rights

export function decisionRightsPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.decisionRights, ctx.places, ctx.name);
  const domains = ctx.map.decisionRights;
  const ownersOf = (o: string | string[] | undefined): string[] => (o === undefined ? [] : Array.isArray(o) ? o : [o]);
  const involved = new Set<string>();
  for (const d of domains) {
    ownersOf(d.owner).forEach((t) => involved.add(t));
    (d.influences ?? []).forEach((t) => involved.add(t));
    if (d.escalatesTo) involved.add(d.escalatesTo);
  }
  const teams = ctx.map.teams.map((t) => t.id).filter((t) => involved.has(t));
  for (const t of [...involved].sort()) if (!teams.includes(t)) teams.push(t);
  const matrix = table(
    ['Domain', ...teams.map((t) => ctx.name('team', t) ?? t)],
    domains.map((d) => [
      [link.entity('decision domain', d.id)],
      ...teams.map((t): Rich => {
        const parts: string[] = [];
        if (ownersOf(d.owner).includes(t)) parts.push('Owns');
        if ((d.influences ?? []).includes(t)) parts.push('Influences');
        if (d.escalatesTo === t) parts.push('Escalates to');
        return parts.length ? [text(parts.join(', '))] : [];
      }),
    ]),
    'Who owns, influences and receives escalations for each decision domain',
  );
  const entities = domains.map((d) => {
    const owners = ownersOf(d.owner);
    return entityView(ctx, link, 'decision domain', d, [
      fact(
        'Owner',
        owners.length === 0
          ? [text('Nobody owns this domain.')]
          : owners.length > 1
            ? [...links(link, 'team', owners), text(' (several owners: nobody can decide alone)')]
            : links(link, 'team', owners),
      ),
      fact('Influences', links(link, 'team', d.influences)),
      fact('Escalates to', d.escalatesTo ? [link.entity('team', d.escalatesTo)] : []),
      fact('Escalates when', d.escalateWhen ?? null),
      fact('Decided in', d.decidedIn ? [link.entity('cadence', d.decidedIn)] : []),
    ]);
  });
  return page(
    PAGES.decisionRights,
    'Decision rights',
    'For each kind of decision: the one team that owns it, who it consults, and where disagreements go.',
    'decisionRights',
    sectionView({
      tables: domains.length ? [matrix] : [],
      groups: [group(entities)],
      empty: domains.length ? null : 'The map declares no decision domains yet.',
    }),
  );
}

// ---------------------------------------------------------------- data dictionary

const OBJECTS = ['lead', 'contact', 'account', 'opportunity', 'customer', 'activity'];

export function fieldsPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.fields, ctx.places, ctx.name);
  const card = (f: Field) => {
    const readers = ctx.rel.fieldReaders.get(f.id) ?? [];
    const required: Rich = f.required
      ? [text('Always')]
      : f.requiredAt?.length
        ? [text('From stage '), ...links(link, 'stage', f.requiredAt, 'or')]
        : [];
    return entityView(
      ctx,
      link,
      'field',
      f,
      [
        fact('Type', f.type),
        fact('Allowed values', f.values?.length ? f.values.join(', ') : null),
        fact('Record', f.object ? cap(f.object) : null),
        fact('Owner', f.owner ? [link.entity('team', f.owner)] : [text('No owner: nobody is accountable for it being right.')]),
        fact('Required', required),
        fact('Meaning', f.meaning && f.meaning !== 'other' ? cap(words(f.meaning)) : null),
        fact('System of record', f.system ?? null),
      ],
      [
        block('Read by', {
          items: readers.map((r): Rich => [link.entity(r.kind, r.id), text(` (${r.via})`)]),
          empty: readers.length ? null : 'No rule, criterion, metric or meeting reads this field.',
        }),
      ],
      3,
    );
  };
  const groups = [...OBJECTS, undefined].map((o) =>
    group(ctx.map.fields.filter((f) => f.object === o).map(card), o ? `${cap(o)} fields` : 'Other fields', `object_${o ?? 'other'}`),
  );
  return page(
    PAGES.fields,
    'Data dictionary',
    'The fields decisions depend on: type, allowed values, owner, when they become required, and what reads them.',
    'fields',
    sectionView({
      tables: ctx.map.fields.length
        ? [
            table(
              ['Field', 'Type', 'Owner', 'Read by'],
              ctx.map.fields.map((f) => [
                [link.entity('field', f.id)],
                [text(f.type)],
                f.owner ? [link.entity('team', f.owner)] : [text('—')],
                [text(String((ctx.rel.fieldReaders.get(f.id) ?? []).length))],
              ]),
            ),
          ]
        : [],
      groups,
      empty: ctx.map.fields.length ? null : 'The map declares no fields yet.',
    }),
  );
}

// ---------------------------------------------------------------- incentives

export function incentivesPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.incentives, ctx.places, ctx.name);
  const entities = ctx.map.incentives.map((p) => {
    const team = ctx.rel.roleTeam.get(p.role);
    return entityView(
      ctx,
      link,
      'incentive plan',
      p,
      [
        fact('Paid to', [link.entity('role', p.role), ...(team ? [text(' ('), link.entity('team', team), text(')')] : [])]),
        fact('Period', p.period ? cap(p.period) : null),
      ],
      [
        block('Measures', {
          table: table(
            ['Measure', 'Weight', 'Measured by', 'Paid on'],
            (p.measures ?? []).map((m) => [
              [text(m.name)],
              [text(m.weight !== undefined ? `${m.weight}%` : '—')],
              m.metric ? [link.entity('metric', m.metric)] : [text('—')],
              m.paidOnStage
                ? [text('Stage '), link.entity('stage', m.paidOnStage)]
                : m.paidOnCategory
                  ? [text('Category '), link.entity('forecast category', m.paidOnCategory)]
                  : [text('—')],
            ]),
          ),
        }),
      ],
    );
  });
  return page(
    PAGES.incentives,
    'Incentives',
    'How pay reinforces the motion: which role is paid on which measure, tied to which stage or forecast category.',
    'incentives',
    sectionView({
      groups: [group(entities)],
      empty: entities.length ? null : 'The map declares no incentive plans yet.',
    }),
  );
}

// ---------------------------------------------------------------- metrics

export function metricsPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.metrics, ctx.places, ctx.name);
  const unit = (u: string | undefined, v: number): string =>
    u === 'percent' ? `${v}%` : u === 'currency' ? `${v}` : u ? `${v} ${u}` : String(v);
  const entities = ctx.map.metrics.map((m) => {
    const target = m.target
      ? [
          m.target.atLeast !== undefined ? `at least ${unit(m.unit, m.target.atLeast)}` : '',
          m.target.atMost !== undefined ? `at most ${unit(m.unit, m.target.atMost)}` : '',
        ]
          .filter(Boolean)
          .join(' and ')
      : '';
    const usedBy: Rich[] = (ctx.rel.metricUsers.get(m.id) ?? []).map((u): Rich => [link.entity(u.kind, u.id), text(` (${u.via})`)]);
    return entityView(
      ctx,
      link,
      'metric',
      m,
      [
        fact('Owner', m.owner ? [link.entity('team', m.owner)] : [text('No owner.')]),
        fact('Kind', m.kind ? cap(m.kind) : null),
        fact('Target', target ? cap(target) : null),
        fact('Computed from', [
          ...links(link, 'field', m.source?.fields),
          ...(m.source?.system ? [text(`${m.source.fields?.length ? ', in ' : ''}${m.source.system}`)] : []),
        ]),
        fact('Formula', m.formula ?? null),
      ],
      [block('Used by', { items: usedBy, empty: usedBy.length ? null : 'No meeting, SLA or plan uses this metric.' })],
    );
  });
  return page(
    PAGES.metrics,
    'Metrics',
    'The indicators the operation is measured on, each with an owner, a target and a source.',
    'metrics',
    sectionView({
      groups: [group(entities)],
      empty: entities.length ? null : 'The map declares no metrics yet.',
    }),
  );
}

// ---------------------------------------------------------------- initiatives

const LAYERS: Record<number, string> = {
  1: 'Layer 1: cleanup that improves visibility now',
  2: 'Layer 2: workflow that changes behaviour this quarter',
  3: 'Layer 3: structural work that takes longer',
};

const CONSEQUENCES: [keyof NonNullable<Initiative['consequences']>, string][] = [
  ['thisMonth', 'Better this month'],
  ['thisQuarter', 'Clearer this quarter'],
  ['behaviour', 'Behaviour that changes'],
  ['detection', 'Failure easier to detect'],
  ['decision', 'Decision that gets faster'],
];

export function initiativesPage(ctx: RenderContext): PageView {
  const link = linker(PAGES.initiatives, ctx.places, ctx.name);
  const card = (i: Initiative) => {
    const cons = CONSEQUENCES.filter(([k]) => i.consequences?.[k]).map(([k, label]): Rich[] => [
      [text(label)],
      [text(i.consequences![k]!)],
    ]);
    const b: Block = block('Current-period consequences', {
      table: cons.length ? table(['Consequence', 'What changes'], cons) : null,
      empty: cons.length ? null : 'None written: nothing says what this period gains from it.',
    });
    return entityView(
      ctx,
      link,
      'initiative',
      i,
      [
        fact('Owner', i.owner ? [link.entity('team', i.owner)] : []),
        fact('Status', i.status ? cap(i.status) : null),
        fact('Justified by', links(link, 'initiative', i.evidenceFrom)),
      ],
      [b],
      3,
    );
  };
  const groups = [1, 2, 3].map((layer) =>
    group(ctx.map.initiatives.filter((i) => i.layer === layer).map(card), LAYERS[layer]!, `layer_${layer}`),
  );
  return page(
    PAGES.initiatives,
    'Initiatives',
    'Foundation work by layer, each with what it changes this period.',
    'initiatives',
    sectionView({
      intro: ctx.map.initiatives.length
        ? [[text('Layer 3 work should start only after layer 1 and 2 work has produced evidence for it.')]]
        : [],
      groups,
      empty: ctx.map.initiatives.length ? null : 'The map declares no initiatives yet.',
    }),
  );
}

/** The view of each section: tsc fails when a section of the schema has none. Two sections may share a page. */
export const SECTION_VIEWS = {
  teams: teamsPage,
  segments: segmentsPage,
  demandSources: demandPage,
  routing: routingPage,
  pipelines: pipelinesPage,
  handoffs: handoffsPage,
  forecastCategories: forecastPage,
  forecast: forecastPage,
  lifecycle: lifecyclePage,
  cadences: cadencesPage,
  decisionRights: decisionRightsPage,
  fields: fieldsPage,
  incentives: incentivesPage,
  metrics: metricsPage,
  initiatives: initiativesPage,
  glossary: glossaryPage,
} satisfies Record<SectionName, (ctx: RenderContext) => PageView>;

export const SECTION_PAGES = [...new Set(SECTIONS.map((s) => SECTION_VIEWS[s]))];
