// Writes a synthetic operating map of about N entities: a company of many business units,
// each with its own teams, fields, segments, routing, pipeline, handoffs, cadences and so on,
// split into several files per section. Deterministic; valid against schema/; a few seeded
// findings (bad references, handoffs without an owner) so the linter has something to report.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import YAML from 'yaml';

/** Entities (objects with an id) in one business unit, and outside any unit. */
export const PER_UNIT = 93;
const GLOBAL = 9;
const UNITS_PER_FILE = 5;

const pad = (n) => String(n).padStart(3, '0');
const title = (s) => s.replace(/(^|-)(\w)/g, (_, sep, c) => (sep ? ' ' : '') + c.toUpperCase());

function unit(u) {
  const p = `u${pad(u)}`;
  const id = (s) => `${p}-${s}`;
  const name = (s) => `${title(s)} (unit ${u})`;
  const T = {
    mkt: id('marketing'),
    sd: id('sales-development'),
    sales: id('sales'),
    cs: id('customer-success'),
    am: id('account-management'),
    ops: id('revops'),
  };
  const F = Object.fromEntries(
    [
      'lead-status',
      'lead-source',
      'employee-count',
      'region',
      'lead-created-at',
      'first-touch-at',
      'meeting-held-at',
      'buyer-problem',
      'problem-cost',
      'economic-buyer',
      'next-step',
      'amount',
      'close-date',
      'proposal-sent-at',
      'order-form-signed-at',
      'loss-reason',
      'health-score',
    ].map((f) => [f, id(f)]),
  );
  const S = Object.fromEntries(
    ['qualification', 'discovery', 'evaluation', 'proposal', 'closed-won', 'closed-lost'].map((s) => [s, id(s)]),
  );
  const team = (key, fn, roles, parent) => ({
    id: T[key],
    name: name(T[key].slice(p.length + 1)),
    function: fn,
    parent,
    lead: `${title(roles[1])}, unit ${u}`,
    headcount: 4 + ((u * 7 + roles.length) % 9),
    description: `Owns the ${title(fn).toLowerCase()} work of business unit ${u}.`,
    roles: roles.map((r, i) => ({ id: id(r), name: title(r), headcount: 1 + ((u + i) % 4) })),
  });
  const teams = [
    team('mkt', 'marketing', ['demand-gen-manager', 'marketing-director', 'marketing-ops-specialist'], 'gtm-leadership'),
    team('sd', 'sales-development', ['sdr', 'sdr-manager', 'bdr'], 'gtm-leadership'),
    team('sales', 'sales', ['account-executive', 'sales-manager', 'sales-engineer'], 'gtm-leadership'),
    team('cs', 'customer-success', ['csm', 'cs-manager', 'onboarding-specialist'], 'gtm-leadership'),
    team('am', 'account-management', ['account-manager', 'am-director', 'renewals-specialist'], 'gtm-leadership'),
    team('ops', 'revops', ['revops-analyst', 'revops-manager', 'deal-desk-analyst'], 'gtm-leadership'),
  ];
  const field = (f, type, owner, extra = {}) => ({
    id: F[f],
    name: title(f),
    object: extra.object ?? 'opportunity',
    type,
    owner,
    system: `Salesforce ${title(f).replace(/ /g, '')}__c`,
    ...extra,
  });
  const fields = [
    field('lead-status', 'enum', T.sd, { object: 'lead', values: ['new', 'mql', 'working', 'sql', 'disqualified'] }),
    field('lead-source', 'enum', T.mkt, { object: 'lead', values: ['demo-request', 'signup', 'outbound', 'partner', 'event'] }),
    field('employee-count', 'number', T.mkt, { object: 'account' }),
    field('region', 'enum', T.ops, { object: 'account', values: ['north', 'south', 'east', 'west'] }),
    field('lead-created-at', 'datetime', T.ops, { object: 'lead', meaning: 'timestamp' }),
    field('first-touch-at', 'datetime', T.sd, { object: 'lead', meaning: 'timestamp' }),
    field('meeting-held-at', 'datetime', T.sd, { meaning: 'timestamp' }),
    field('buyer-problem', 'text', T.sales, {
      meaning: 'buyer-problem',
      requiredAt: [S.discovery],
      description: 'The problem in the buyer’s own words, quoted from the discovery call.',
    }),
    field('problem-cost', 'currency', T.sales, { meaning: 'problem-cost', requiredAt: [S.evaluation] }),
    field('economic-buyer', 'text', T.sales, { meaning: 'decision-maker' }),
    field('next-step', 'text', T.sales, { meaning: 'next-step' }),
    field('amount', 'currency', T.sales, { meaning: 'amount' }),
    field('close-date', 'date', T.sales, { meaning: 'close-date' }),
    field('proposal-sent-at', 'datetime', T.sales, { meaning: 'timestamp' }),
    field('order-form-signed-at', 'datetime', T.ops, { meaning: 'timestamp' }),
    field('loss-reason', 'enum', T.sales, { values: ['price', 'no-decision', 'competitor', 'timing'] }),
    field('health-score', 'number', T.cs, { object: 'customer' }),
  ];
  const segments = [
    {
      id: id('smb'),
      name: name('smb'),
      rule: {
        all: [
          { field: F['employee-count'], lessThan: 200 },
          { field: F.region, in: ['north', 'east'] },
        ],
      },
      coveredBy: [T.sd, T.sales],
      motion: 'product-led',
      priority: 4,
    },
    {
      id: id('mid-market'),
      name: name('mid-market'),
      rule: {
        all: [
          { field: F['employee-count'], atLeast: 200 },
          { field: F['employee-count'], lessThan: 2000 },
        ],
      },
      coveredBy: [T.sd, T.sales],
      motion: 'sales-led',
      priority: 3,
    },
    {
      id: id('enterprise'),
      name: name('enterprise'),
      rule: { field: F['employee-count'], atLeast: 2000 },
      coveredBy: [T.sales],
      motion: 'sales-led',
      priority: 2,
    },
    {
      id: id('partner-led'),
      name: name('partner-led'),
      rule: { field: F['lead-source'], equals: 'partner' },
      coveredBy: [T.sales, T.mkt],
      motion: 'partner-led',
      priority: 1,
    },
  ];
  const metricIds = {
    response: id('lead-response-time'),
    accuracy: id('crm-data-accuracy'),
    conversion: id('stage-conversion'),
    forecast: id('forecast-accuracy'),
    productivity: id('rep-productivity'),
  };
  const demandSources = [
    {
      id: id('demo-form'),
      name: name('demo-form'),
      kind: 'inbound',
      owner: T.mkt,
      responseSla: { within: '15m', measuredBy: { metric: metricIds.response } },
      qualifiedWhen: {
        all: [
          { field: F['lead-source'], equals: 'demo-request' },
          { field: F['employee-count'], atLeast: 50 },
        ],
      },
    },
    {
      id: id('product-signup'),
      name: name('product-signup'),
      kind: 'product',
      owner: T.mkt,
      responseSla: { within: '2h', measuredBy: { from: F['lead-created-at'], to: F['first-touch-at'] } },
      qualifiedWhen: { field: F['lead-source'], equals: 'signup' },
    },
    { id: id('outbound'), name: name('outbound'), kind: 'outbound', owner: T.sd },
    {
      id: id('partner-referral'),
      name: name('partner-referral'),
      kind: 'partner',
      owner: T.sales,
      responseSla: { within: '1bd', measuredBy: { from: F['lead-created-at'], to: F['first-touch-at'] } },
    },
  ];
  const routing = [
    {
      id: id('route-partner'),
      name: name('route-partner'),
      object: 'lead',
      segment: id('partner-led'),
      when: { field: F['lead-source'], equals: 'partner' },
      assign: { team: T.sales, queue: `Partner registrations ${u}`, method: 'queue' },
      firstResponseSla: '1bd',
    },
    {
      id: id('route-enterprise'),
      name: name('route-enterprise'),
      object: 'lead',
      segment: id('enterprise'),
      assign: { team: T.sales, method: 'named-account' },
      firstResponseSla: '4h',
    },
    {
      id: id('route-mid-market'),
      name: name('route-mid-market'),
      object: 'lead',
      segment: id('mid-market'),
      assign: { team: T.sd, method: 'territory' },
      firstResponseSla: '1h',
    },
    {
      id: id('route-smb'),
      name: name('route-smb'),
      object: 'lead',
      segment: id('smb'),
      assign: { team: T.sd, method: 'round-robin' },
      firstResponseSla: '15m',
    },
    {
      id: id('route-customers'),
      name: name('route-customers'),
      object: 'opportunity',
      when: { field: F['health-score'], atLeast: 0 },
      assign: { team: T.am, method: 'account-owner' },
      firstResponseSla: '1bd',
    },
  ];
  const stale = (after, action, question, moveTo) => ({
    staleAfter: after,
    whenStale: { action, ...(moveTo ? { moveTo } : {}), question },
  });
  const pipelines = [
    {
      id: id('new-business'),
      name: name('new-business'),
      object: 'opportunity',
      owner: T.ops,
      description: `First contracts with new customers in business unit ${u}.`,
      stages: [
        {
          id: S.qualification,
          name: 'Qualification',
          forecastCategory: 'pipeline',
          probability: 5,
          next: [S.discovery, S['closed-lost']],
          exitCriteria: [
            {
              id: id('meeting-held'),
              text: 'A first meeting with a finance leader took place.',
              check: { field: F['meeting-held-at'], present: true },
            },
          ],
          evidence: ['Meeting notes on the opportunity.'],
          ...stale('14d', 'close-lost', 'Has the finance leader accepted a discovery meeting date?'),
        },
        {
          id: S.discovery,
          name: 'Discovery',
          forecastCategory: 'pipeline',
          probability: 15,
          next: [S.evaluation, S['closed-lost']],
          exitCriteria: [
            {
              id: id('problem-stated'),
              text: 'The buyer’s problem is written in their words.',
              check: { field: F['buyer-problem'], present: true },
            },
            {
              id: id('problem-costed'),
              text: 'The problem has a yearly cost attached.',
              check: { field: F['problem-cost'], greaterThan: 0 },
            },
          ],
          ...stale('21d', 'flag', 'What does the problem cost the buyer each month it stays unsolved?'),
        },
        {
          id: S.evaluation,
          name: 'Evaluation',
          forecastCategory: 'best-case',
          probability: 40,
          next: [S.proposal, S['closed-lost']],
          exitCriteria: [
            { id: id('buyer-named'), text: 'The economic buyer is named.', check: { field: F['economic-buyer'], present: true } },
            { id: id('next-step-set'), text: 'A dated next step is recorded.', check: { field: F['next-step'], present: true } },
          ],
          ...stale('21d', 'remove-from-forecast', 'When did we last speak to the economic buyer?'),
        },
        {
          id: S.proposal,
          name: 'Proposal',
          forecastCategory: 'commit',
          probability: 75,
          next: [S['closed-won'], S['closed-lost']],
          exitCriteria: [
            {
              id: id('proposal-sent'),
              text: 'The order form was sent in the last 30 days.',
              check: { field: F['proposal-sent-at'], within: '30d' },
            },
            { id: id('amount-set'), text: 'The amount is above zero.', check: { field: F.amount, greaterThan: 0 } },
          ],
          ...stale('14d', 'move-to-stage', 'Which signature date has the signer confirmed?', S.evaluation),
        },
        {
          id: S['closed-won'],
          name: 'Closed won',
          outcome: 'won',
          forecastCategory: 'closed',
          probability: 100,
          exitCriteria: [
            { id: id('signed'), text: 'The order form is countersigned.', check: { field: F['order-form-signed-at'], present: true } },
          ],
        },
        {
          id: S['closed-lost'],
          name: 'Closed lost',
          outcome: 'lost',
          forecastCategory: 'omitted',
          probability: 0,
          exitCriteria: [
            { id: id('loss-reason-set'), text: 'A loss reason is recorded.', check: { field: F['loss-reason'], present: true } },
          ],
        },
      ],
    },
  ];
  const handoff = (key, from, to, owner, stage, triggerField, accept) => ({
    id: id(key),
    name: name(key),
    from,
    to,
    owner,
    trigger: { text: `${title(triggerField)} is recorded.`, check: { field: F[triggerField], present: true } },
    ...(stage ? { stage } : {}),
    acceptance: accept.map(([text, check]) => ({ text, check })),
    sla: '1bd',
    onReject: { returnTo: from, owes: 'A rejection reason from the picklist, recorded on the record.', within: '2bd' },
  });
  const handoffs = [
    handoff('mql-to-sdr', T.mkt, T.sd, T.mkt, undefined, 'lead-created-at', [
      ['The lead has an employee count.', { field: F['employee-count'], present: true }],
    ]),
    handoff('sdr-to-ae', T.sd, T.sales, T.sd, S.qualification, 'meeting-held-at', [
      ['The meeting was held in the last 5 days.', { field: F['meeting-held-at'], within: '5d' }],
    ]),
    handoff('ae-to-deal-desk', T.sales, T.ops, T.sales, S.proposal, 'proposal-sent-at', [
      ['The amount is above zero.', { field: F.amount, greaterThan: 0 }],
    ]),
    handoff('ae-to-onboarding', T.sales, T.cs, T.sales, S['closed-won'], 'order-form-signed-at', [
      ['The order form is countersigned.', { field: F['order-form-signed-at'], present: true }],
    ]),
    handoff('cs-to-am', T.cs, T.am, T.cs, undefined, 'health-score', [
      ['The health score is at least 60.', { field: F['health-score'], atLeast: 60 }],
    ]),
    handoff('am-to-cs-risk', T.am, T.cs, T.am, undefined, 'health-score', [
      ['The health score is below 40.', { field: F['health-score'], lessThan: 40 }],
    ]),
  ];
  const cadenceIds = {
    queue: id('queue-check'),
    forecast: id('forecast-call'),
    pipeline: id('pipeline-review'),
    operating: id('operating-review'),
  };
  const forecast = [
    {
      id: id('quarterly-forecast'),
      name: name('quarterly-forecast'),
      caller: id('sales-manager'),
      owner: T.ops,
      inspectedIn: cadenceIds.forecast,
      horizon: 'quarter',
      submittedBy: [id('sales-manager'), id('am-director')],
      dueBy: 'Monday 12:00',
      commitCategory: 'commit',
    },
  ];
  const lc = (key, kind, owner, entryField, next) => ({
    id: id(key),
    name: name(key),
    kind,
    owner,
    entry: { text: `${title(entryField)} is recorded.`, check: { field: F[entryField], present: true } },
    exit: { text: 'The health score is at least 70.', check: { field: F['health-score'], atLeast: 70 } },
    ...(next.length ? { next: next.map(id) } : {}),
  });
  const lifecycle = [
    lc('onboarding', 'onboarding', T.cs, 'order-form-signed-at', ['adoption', 'churn-risk']),
    lc('adoption', 'adoption', T.cs, 'health-score', ['renewal', 'expansion', 'churn-risk']),
    lc('renewal', 'renewal', T.am, 'close-date', ['adoption', 'churn-risk']),
    lc('expansion', 'expansion', T.am, 'amount', ['adoption']),
    lc('churn-risk', 'churn-risk', T.cs, 'health-score', []),
  ];
  const domainIds = ['stage-definitions', 'routing-logic', 'required-data', 'handoff-standards', 'forecast-process'].map(id);
  const cadences = [
    {
      id: cadenceIds.queue,
      name: name('queue-check'),
      owner: T.sd,
      chair: id('sdr-manager'),
      attendees: [T.sd],
      frequency: 'daily',
      durationMinutes: 15,
      inputs: [{ metric: metricIds.response }],
      decisions: ['Reassign every inbound lead with no first touch after 15 minutes.'],
    },
    {
      id: cadenceIds.forecast,
      name: name('forecast-call'),
      owner: T.ops,
      chair: id('sales-manager'),
      attendees: [T.sales, T.am, T.ops],
      frequency: 'weekly',
      durationMinutes: 60,
      inputs: [{ pipeline: id('new-business') }, { metric: metricIds.forecast }],
      decisions: ['Set the commit and best-case numbers for the quarter.', 'Remove from commit every deal without commit evidence.'],
      decides: [id('forecast-process')],
    },
    {
      id: cadenceIds.pipeline,
      name: name('pipeline-review'),
      owner: T.sales,
      chair: id('sales-manager'),
      attendees: [T.sales, T.sd],
      frequency: 'weekly',
      durationMinutes: 45,
      inputs: [{ pipeline: id('new-business') }, { field: F['next-step'] }],
      decisions: ['Close lost every deal past its stale window without an answer to its stale question.'],
    },
    {
      id: cadenceIds.operating,
      name: name('operating-review'),
      owner: T.ops,
      chair: id('revops-manager'),
      attendees: [T.ops, T.sales, T.mkt, T.cs],
      frequency: 'monthly',
      durationMinutes: 90,
      inputs: [{ metric: metricIds.accuracy }, { metric: metricIds.conversion }],
      decisions: ['Approve or reject each proposed change to stages, routing and required fields.'],
      decides: domainIds.filter((d) => !d.endsWith('forecast-process')),
    },
  ];
  const decisionRights = domainIds.map((d, i) => ({
    id: d,
    name: name(d.slice(p.length + 1)),
    owner: T.ops,
    influences: [
      [T.sales, T.mkt],
      [T.sd, T.sales],
      [T.sales, T.cs],
      [T.sd, T.cs],
      [T.sales, T.am],
    ][i],
    escalatesTo: 'gtm-leadership',
    escalateWhen: 'The change moves more than 10% of the quarter’s commit or changes a team’s quota.',
    decidedIn: d.endsWith('forecast-process') ? cadenceIds.forecast : cadenceIds.operating,
  }));
  const incentives = [
    {
      id: id('sdr-plan'),
      name: name('sdr-plan'),
      role: id('sdr'),
      period: 'monthly',
      measures: [
        { name: 'Accepted opportunities', weight: 70, paidOnStage: S.discovery },
        { name: 'Response time', weight: 30, metric: metricIds.response },
      ],
    },
    {
      id: id('ae-plan'),
      name: name('ae-plan'),
      role: id('account-executive'),
      period: 'quarterly',
      measures: [
        { name: 'New ARR', weight: 90, paidOnStage: S['closed-won'] },
        { name: 'Forecast accuracy', weight: 10, metric: metricIds.forecast },
      ],
    },
    {
      id: id('csm-plan'),
      name: name('csm-plan'),
      role: id('csm'),
      period: 'quarterly',
      measures: [{ name: 'Customer health', weight: 100, metric: metricIds.productivity }],
    },
  ];
  const metrics = [
    {
      id: metricIds.response,
      name: name('lead-response-time'),
      owner: T.sd,
      kind: 'leading',
      unit: 'minutes',
      target: { atMost: 15 },
      source: { fields: [F['lead-created-at'], F['first-touch-at']], system: 'Warehouse model mart_lead_response' },
      formula: 'Median minutes from lead created to first touch, in business hours.',
    },
    {
      id: metricIds.accuracy,
      name: name('crm-data-accuracy'),
      owner: T.ops,
      kind: 'leading',
      unit: 'percent',
      target: { atLeast: 95 },
      source: { fields: [F['buyer-problem'], F['problem-cost'], F['next-step'], F['close-date']] },
    },
    {
      id: metricIds.conversion,
      name: name('stage-conversion'),
      owner: T.ops,
      kind: 'leading',
      unit: 'percent',
      target: { atLeast: 35 },
      source: { fields: [F.amount] },
    },
    {
      id: metricIds.forecast,
      name: name('forecast-accuracy'),
      owner: T.ops,
      kind: 'lagging',
      unit: 'percent',
      target: { atLeast: 90 },
      source: { fields: [F.amount, F['close-date']] },
    },
    {
      id: metricIds.productivity,
      name: name('rep-productivity'),
      owner: T.cs,
      kind: 'lagging',
      unit: 'currency',
      target: { atLeast: 250000 },
      source: { fields: [F.amount, F['health-score']] },
    },
  ];
  const consequences = {
    thisMonth: 'Dead deals leave the pipeline report this month.',
    thisQuarter: 'Coverage for the quarter is measured on live deals only.',
    behaviour: 'Reps update close dates before the Monday call.',
    detection: 'A deal that slips twice shows on the stale report within a week.',
    decision: 'The forecast call starts from a total nobody discounts by hand.',
  };
  const initiatives = [
    { id: id('pipeline-cleanup'), name: name('pipeline-cleanup'), layer: 1, owner: T.ops, status: 'done', consequences },
    { id: id('routing-repair'), name: name('routing-repair'), layer: 2, owner: T.ops, status: 'active', consequences },
    {
      id: id('territory-reset'),
      name: name('territory-reset'),
      layer: 3,
      owner: T.ops,
      status: 'proposed',
      evidenceFrom: [id('pipeline-cleanup'), id('routing-repair')],
      consequences,
    },
  ];
  return {
    teams,
    fields,
    segments,
    demandSources,
    routing,
    pipelines,
    handoffs,
    forecast,
    lifecycle,
    cadences,
    decisionRights,
    incentives,
    metrics,
    initiatives,
  };
}

const DIRS = {
  teams: 'teams',
  fields: 'fields',
  segments: 'segments',
  demandSources: 'demand',
  routing: 'routing',
  pipelines: 'pipelines',
  handoffs: 'handoffs',
  forecast: 'forecast',
  lifecycle: 'lifecycle',
  cadences: 'cadences',
  decisionRights: 'decision-rights',
  incentives: 'incentives',
  metrics: 'metrics',
  initiatives: 'initiatives',
};

function countEntities(section, list) {
  if (section === 'teams') return list.reduce((n, t) => n + 1 + (t.roles?.length ?? 0), 0);
  if (section === 'pipelines') return list.reduce((n, p) => n + 1 + p.stages.length, 0);
  return list.length;
}

/**
 * Writes the map into `dir` (emptied first). Returns what was written, including the seeded findings.
 * @param {string} dir
 * @param {number} target approximate number of entities
 * @param {{ seedFindings?: boolean }} [options] seedFindings: false writes a map without findings
 */
export function generateMap(dir, target, { seedFindings = true } = {}) {
  rmSync(dir, { recursive: true, force: true });
  const units = Math.max(1, Math.round((target - GLOBAL) / PER_UNIT));
  const files = new Map();
  const put = (rel, doc) => files.set(rel, doc);
  put('gtmap.yaml', {
    apiVersion: 'gtmap/v1',
    company: `Synthetic Co (${units} business units)`,
    version: '1',
    // SLAs in business days count these hours (routing/sla-business-hours)
    businessHours: { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
  });
  put('teams/00-leadership.yaml', {
    teams: [
      {
        id: 'gtm-leadership',
        name: 'GTM leadership',
        function: 'leadership',
        headcount: 2,
        roles: [
          { id: 'cro', name: 'Chief Revenue Officer' },
          { id: 'ceo', name: 'Chief Executive Officer' },
        ],
      },
    ],
  });
  put('forecast/00-categories.yaml', {
    forecastCategories: [
      {
        id: 'pipeline',
        name: 'Pipeline',
        kind: 'pipeline',
        inForecast: false,
        evidence: [{ text: 'The deal has a close date.', check: { field: 'u001-close-date', present: true } }],
      },
      {
        id: 'best-case',
        name: 'Best case',
        kind: 'best-case',
        inForecast: false,
        evidence: [{ text: 'The economic buyer is named.', check: { field: 'u001-economic-buyer', present: true } }],
      },
      {
        id: 'commit',
        name: 'Commit',
        kind: 'commit',
        inForecast: true,
        evidence: [{ text: 'The order form was sent.', check: { field: 'u001-proposal-sent-at', present: true } }],
      },
      {
        id: 'closed',
        name: 'Closed',
        kind: 'closed',
        inForecast: true,
        evidence: [{ text: 'The order form is countersigned.', check: { field: 'u001-order-form-signed-at', present: true } }],
      },
      {
        id: 'omitted',
        name: 'Omitted',
        kind: 'omitted',
        inForecast: false,
        evidence: [{ text: 'A loss reason is recorded.', check: { field: 'u001-loss-reason', present: true } }],
      },
    ],
  });
  put('routing/zz-fallback.yaml', {
    routing: [
      {
        id: 'unrouted-records',
        name: 'Unrouted records',
        fallback: true,
        assign: { team: 'u001-revops', queue: 'Unrouted records', method: 'queue' },
        firstResponseSla: '1bd',
      },
    ],
  });

  const seeded = { badReferences: [], missingOwners: [] };
  const bad = new Set(seedFindings ? [1, Math.ceil(units / 2), units] : []);
  const ownerless = new Set((seedFindings ? [2, Math.ceil(units / 3), units - 1] : []).filter((u) => u >= 1 && u <= units && !bad.has(u)));
  const sections = Object.fromEntries(Object.keys(DIRS).map((s) => [s, []]));
  for (let u = 1; u <= units; u++) {
    const data = unit(u);
    if (bad.has(u)) {
      data.handoffs[1].to = data.handoffs[1].to.replace('sales', 'slaes');
      seeded.badReferences.push(data.handoffs[1].id);
    }
    if (ownerless.has(u)) {
      delete data.handoffs[4].owner;
      seeded.missingOwners.push(data.handoffs[4].id);
    }
    for (const s of Object.keys(DIRS)) sections[s].push(data[s]);
  }
  let entities = GLOBAL;
  for (const [section, perUnit] of Object.entries(sections)) {
    for (let start = 0; start < perUnit.length; start += UNITS_PER_FILE) {
      const list = perUnit.slice(start, start + UNITS_PER_FILE).flat();
      entities += countEntities(section, list);
      put(`${DIRS[section]}/${DIRS[section]}-${pad(start / UNITS_PER_FILE + 1)}.yaml`, { [section]: list });
    }
  }
  for (const [rel, doc] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, YAML.stringify(doc, { lineWidth: 0 }));
  }
  return { dir, units, entities, files: files.size, seeded };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'bench/.out/map-1000', n = '1000'] = process.argv.slice(2);
  console.log(JSON.stringify(generateMap(dir, Number(n)), null, 2));
}
