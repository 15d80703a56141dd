// Generates a Salesforce-style "Details Only" opportunity export for the example map, from a seed,
// with known flaws planted in known deals: exit criteria that fail or cannot be decided, stale
// deals, forecast-category mismatches, required fields left empty. It writes the export and a
// manifest of the planted flaws; test/audit-example.test.ts checks the audit finds exactly those.
//
//   node scripts/generate-deals.mjs                       examples/deals.csv + examples/deals.flaws.json,
//                                                         examples/deals-history.csv + examples/deals-history.pushes.json
//   node scripts/generate-deals.mjs --count 1000000 --out bench/.data/deals-1m.csv   (no manifest)
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option, seeded } from './seeded.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const COUNT = Number(opt('--count', '0'));
const OUT = opt('--out', join(root, 'examples', 'deals.csv'));
const SEED = Number(opt('--seed', '20261130'));
export const AS_OF = Date.UTC(2026, 10, 30); // 2026-11-30, the --as-of of the README demo
const DAY = 86_400_000;

const { rng, int, pick } = seeded(SEED);
const day = (offset) => new Date(AS_OF + offset * DAY).toISOString().slice(0, 10);
const stamp = (offset) => new Date(AS_OF + offset * DAY + int(8, 17) * 3600e3).toISOString().replace('.000', '');

// The example map, as far as the generator needs it (map/pipelines/*.yaml, map/fields.yaml).
const PIPELINES = {
  'new-business': {
    label: 'New Business',
    stages: [
      { id: 'nb-qualification', label: 'Qualification', category: 'Pipeline', stale: 14 },
      { id: 'nb-discovery', label: 'Discovery', category: 'Pipeline', stale: 21 },
      { id: 'nb-solution-validation', label: 'Solution Validation', category: 'Pipeline', stale: 30 },
      { id: 'nb-business-case', label: 'Proposal/Price Quote', category: 'Best Case', stale: 21 },
      { id: 'nb-negotiation', label: 'Negotiation/Review', category: 'Commit', stale: 14 },
    ],
  },
  expansion: {
    label: 'Expansion',
    stages: [
      { id: 'exp-identified', label: 'Identified', category: 'Pipeline', stale: 30 },
      { id: 'exp-scoping', label: 'Scoping', category: 'Best Case', stale: 21 },
      { id: 'exp-proposal', label: 'Proposal', category: 'Commit', stale: 14 },
    ],
  },
};

/** Per exit criterion: the fields it reads, values that pass, values that fail, and whether an empty field fails (`present`) or is unknown. */
const CRITERIA = {
  'nb-qualification': {
    'ae-accepted': { good: { 'sales-accepted-at': () => stamp(-int(30, 90)) }, bad: { 'sales-accepted-at': '' }, emptyFails: true },
    'discovery-booked': {
      good: {
        'next-step': () => pick(['Discovery call with the CFO', 'Finance walkthrough booked', 'Discovery with VP Finance']),
        'contact-title': () => pick(['CFO', 'VP Finance', 'Controller', 'Head of Finance']),
      },
      bad: { 'contact-title': 'Office Manager' },
    },
  },
  'nb-discovery': {
    'problem-in-buyers-words': {
      good: {
        'buyer-problem': () =>
          pick([
            '"We close the month in 12 days and the board wants 5."',
            '"Invoice approvals sit in inboxes for weeks."',
            '"We paid $40k in late fees last year."',
          ]),
      },
      bad: { 'buyer-problem': '' },
      emptyFails: true,
    },
    'problem-has-cost': {
      good: { 'problem-cost': () => money(int(30, 250) * 1000) },
      bad: { 'problem-cost': () => money(12000) },
      unknownBy: 'problem-cost',
    },
    'economic-buyer-named': {
      good: { 'economic-buyer': () => pick(['Dana Ortiz, CFO', 'Sam Lee, VP Finance', 'Priya Nair, CFO']) },
      bad: { 'economic-buyer': '' },
      emptyFails: true,
    },
  },
  'nb-solution-validation': {
    'technical-validation-passed': {
      good: { 'technical-validation-result': 'Passed' },
      bad: { 'technical-validation-result': 'Failed' },
      unknownBy: 'technical-validation-result',
    },
    'economic-buyer-met': {
      good: { 'economic-buyer-met': 'true' },
      bad: { 'economic-buyer-met': 'false' },
      unknownBy: 'economic-buyer-met',
    },
  },
  'nb-business-case': {
    'mutual-close-plan': {
      good: { 'mutual-close-plan-url': () => `https://dealroom.example/${int(1000, 9999)}` },
      bad: { 'mutual-close-plan-url': 'see notes' },
      unknownBy: 'mutual-close-plan-url',
    },
    'proposal-sent': {
      good: { 'proposal-sent-at': () => day(-int(1, 25)) },
      bad: { 'proposal-sent-at': () => day(-int(45, 90)) },
      unknownBy: 'proposal-sent-at',
    },
    'discount-within-authority': {
      good: { 'discount-percent': () => `${int(0, 15)}%`, 'deal-desk-approval': '' },
      bad: { 'discount-percent': '25%', 'deal-desk-approval': 'Pending' },
    },
  },
  'nb-negotiation': {
    'security-review-cleared': {
      good: { 'security-review-status': () => pick(['Passed', 'Not required']) },
      bad: { 'security-review-status': 'In progress' },
    },
    'paper-process-confirmed': { good: { 'paper-process-confirmed': 'true' }, bad: { 'paper-process-confirmed': 'false' } },
  },
  'exp-identified': {
    'trigger-recorded': {
      good: { 'expansion-trigger': () => pick(['Seat limit reached', 'New entity', 'New module request']) },
      bad: {},
      unknownBy: 'expansion-trigger',
    },
    'account-healthy': {
      good: { 'health-score': () => String(int(62, 95)) },
      bad: { 'health-score': () => String(int(30, 55)) },
      unknownBy: 'health-score',
    },
  },
  'exp-scoping': {
    'paper-route-clear': {
      good: { 'contract-start-date': () => day(-int(100, 600)) },
      bad: { 'contract-start-date': '2024-03-01', 'repaper-approved': 'false' },
    },
    'expansion-problem-stated': {
      good: {
        'buyer-problem': () => pick(['"Our new Berlin entity needs its own approval chain."', '"Finance hit the seat limit in October."']),
      },
      bad: { 'buyer-problem': '' },
      emptyFails: true,
    },
    'expansion-cost-priced': {
      good: { 'problem-cost': () => money(int(10, 80) * 1000) },
      bad: { 'problem-cost': () => money(0) },
      unknownBy: 'problem-cost',
    },
    'budget-owner-met': { good: { 'economic-buyer-met': 'true' }, bad: { 'economic-buyer-met': 'false' }, unknownBy: 'economic-buyer-met' },
  },
  'exp-proposal': {
    'expansion-proposal-sent': { good: { 'proposal-sent-at': () => day(-int(1, 25)) }, bad: {} },
    'expansion-amount-set': { good: {}, bad: {} },
  },
};

/** requiredAt in map/fields.yaml: a field is required at its stage and every later open stage. */
const REQUIRED_FROM = {
  'sales-accepted-at': ['nb-discovery'],
  'next-step': ['nb-discovery'],
  'buyer-problem': ['nb-solution-validation', 'exp-scoping'],
  'problem-cost': ['nb-solution-validation', 'exp-scoping'],
  'economic-buyer': ['nb-solution-validation'],
  'economic-buyer-met': ['nb-business-case'],
  'technical-validation-result': ['nb-business-case'],
  'mutual-close-plan-url': ['nb-negotiation'],
  'expansion-trigger': ['exp-scoping'],
};
function requiredAt(field, pipeline, index) {
  const stages = PIPELINES[pipeline].stages;
  return (REQUIRED_FROM[field] ?? []).some((s) => {
    const i = stages.findIndex((x) => x.id === s);
    return i >= 0 && index >= i;
  });
}

const COLUMNS = [
  ['opportunity-id', 'Opportunity ID'],
  ['opportunity-name', 'Opportunity Name'],
  ['opportunity-pipeline', 'Record Type'],
  ['opportunity-stage', 'Stage'],
  ['stage-entered-at', 'Last Stage Change Date'],
  ['amount', 'Amount'],
  ['close-date', 'Close Date'],
  ['opportunity-owner', 'Opportunity Owner'],
  ['crm-forecast-category', 'Forecast Category'],
  ['employee-count', 'Employee count'],
  ['hq-region', 'HQ region'],
  ['sales-accepted-at', 'Sales accepted at'],
  ['next-step', 'Next Step'],
  ['contact-title', 'Contact job title'],
  ['buyer-problem', 'Buyer problem'],
  ['problem-cost', 'Problem cost (annual)'],
  ['economic-buyer', 'Economic buyer'],
  ['economic-buyer-met', 'Economic buyer met'],
  ['technical-validation-result', 'Tech_Validation__c'],
  ['mutual-close-plan-url', 'Close_Plan_URL__c'],
  ['proposal-sent-at', 'Proposal sent on'],
  ['discount-percent', 'Discount'],
  ['deal-desk-approval', 'Deal desk approval'],
  ['security-review-status', 'Security review status'],
  ['paper-process-confirmed', 'Paper process confirmed'],
  ['expansion-trigger', 'Expansion trigger'],
  ['health-score', 'Health score'],
  ['contract-start-date', 'Contract start date'],
  ['repaper-approved', 'Re-paper approved'],
  ['order-form-signed-at', 'Order form countersigned on'],
  ['loss-reason', 'Loss reason'],
];

function money(n) {
  return '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
function csvCell(v) {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const OWNERS = ['Avery Chen', 'Jordan Patel', 'Morgan Diaz', 'Riley Okafor', 'Casey Nguyen'];
const COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware', 'Adatum', 'Proseware', 'Lucerne', 'Margie'];
const value = (v) => (typeof v === 'function' ? v() : v);

/** One deal: clean (every earlier stage's criteria pass, fresh, honest category), then its planted flaws applied. */
function deal(n, pipeline, index, flaws) {
  const p = PIPELINES[pipeline];
  const stage = p.stages[index];
  const r = {};
  const expect = { failing: [], unknown: [], stale: false, mismatch: false, requiredEmpty: [] };
  r['opportunity-id'] = `006Wx${String(n).padStart(8, '0')}`;
  r['opportunity-name'] = `${pick(COMPANIES)} ${pick(['AP automation', 'Close suite', 'Spend control', 'Expansion'])} ${2026}`;
  r['opportunity-pipeline'] = p.label;
  r['opportunity-stage'] = stage.label;
  r['stage-entered-at'] = day(-int(1, stage.stale - 1));
  r.amount = money(pipeline === 'new-business' ? int(40, 180) * 1000 : int(10, 60) * 1000);
  r['close-date'] = day(int(10, 150));
  r['opportunity-owner'] = pick(OWNERS);
  r['crm-forecast-category'] = stage.category;
  r['employee-count'] = String(pick([350, 800, 1500, 2400, 5200]));
  r['hq-region'] = pick(['North America', 'EMEA']);
  // every criterion up to and including the deal's own stage passes on a clean deal; later stages' fields stay empty
  for (let i = 0; i <= index; i++) {
    for (const c of Object.values(CRITERIA[p.stages[i].id])) for (const [f, v] of Object.entries(c.good)) r[f] = value(v);
  }
  if (pipeline === 'new-business' && index === 4 && rng() < 0.5) r['security-review-status'] = 'In progress'; // own-stage criteria may fail: not a flaw
  for (const flaw of flaws) {
    if (flaw.kind === 'fail' || flaw.kind === 'unknown') {
      const c = CRITERIA[flaw.stage][flaw.id];
      const emptied = [];
      if (flaw.kind === 'fail') {
        for (const [f, v] of Object.entries(c.bad)) {
          r[f] = value(v);
          if (r[f] === '') emptied.push(f);
        }
        expect.failing.push(`${flaw.stage}/${flaw.id}`);
      } else {
        r[c.unknownBy] = '';
        emptied.push(c.unknownBy);
        expect.unknown.push(`${flaw.stage}/${flaw.id}`);
      }
      for (const f of emptied) if (requiredAt(f, pipeline, index)) expect.requiredEmpty.push(f);
    } else if (flaw.kind === 'stale') {
      r['stage-entered-at'] = day(-(stage.stale + int(5, 60)));
      expect.stale = true;
    } else if (flaw.kind === 'mismatch') {
      r['crm-forecast-category'] = stage.category === 'Commit' ? 'Best Case' : 'Commit';
      expect.mismatch = true;
    } else if (flaw.kind === 'required') {
      r[flaw.field] = '';
      expect.requiredEmpty.push(flaw.field);
    }
  }
  return { r, expect, stage: stage.id };
}

function closedDeal(n, pipeline, won) {
  const p = PIPELINES[pipeline];
  return {
    'opportunity-id': `006Wx${String(n).padStart(8, '0')}`,
    'opportunity-name': `${pick(COMPANIES)} ${won ? 'Close suite' : 'AP automation'} 2026`,
    'opportunity-pipeline': p.label,
    'opportunity-stage': won ? 'Closed Won' : 'Closed Lost',
    'stage-entered-at': day(-int(5, 120)),
    amount: money(int(20, 150) * 1000),
    'close-date': day(-int(5, 120)),
    'opportunity-owner': pick(OWNERS),
    'crm-forecast-category': won ? 'Closed' : 'Omitted',
    'employee-count': String(pick([350, 800, 2400])),
    'hq-region': 'North America',
    'order-form-signed-at': won ? day(-int(5, 120)) : '',
    'loss-reason': won ? '' : pick(['Competitor', 'No decision', 'Price']),
  };
}

/** The planted flaws of the example: which deals, and what is wrong with each. */
function examplePlan() {
  const nb = 'new-business';
  const out = [];
  // 40 open new-business deals spread over the stages; expansion 10; closed 8
  const nbStages = [4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
  const flawsNb = {
    0: [{ kind: 'fail', stage: 'nb-business-case', id: 'proposal-sent' }],
    1: [{ kind: 'fail', stage: 'nb-solution-validation', id: 'economic-buyer-met' }, { kind: 'stale' }],
    2: [{ kind: 'unknown', stage: 'nb-business-case', id: 'mutual-close-plan' }],
    3: [{ kind: 'stale' }],
    4: [{ kind: 'fail', stage: 'nb-business-case', id: 'discount-within-authority' }],
    8: [{ kind: 'fail', stage: 'nb-discovery', id: 'problem-has-cost' }],
    9: [{ kind: 'unknown', stage: 'nb-solution-validation', id: 'technical-validation-passed' }],
    10: [{ kind: 'mismatch' }],
    11: [{ kind: 'fail', stage: 'nb-qualification', id: 'discovery-booked' }],
    12: [{ kind: 'stale' }],
    16: [{ kind: 'fail', stage: 'nb-discovery', id: 'economic-buyer-named' }],
    17: [{ kind: 'mismatch' }, { kind: 'stale' }],
    18: [{ kind: 'fail', stage: 'nb-qualification', id: 'ae-accepted' }],
    19: [{ kind: 'unknown', stage: 'nb-discovery', id: 'problem-has-cost' }],
    24: [{ kind: 'stale' }],
    25: [{ kind: 'fail', stage: 'nb-qualification', id: 'discovery-booked' }],
    26: [{ kind: 'mismatch' }],
    32: [{ kind: 'stale' }],
    33: [{ kind: 'mismatch' }],
  };
  nbStages.forEach((idx, i) => out.push({ pipeline: nb, index: idx, flaws: flawsNb[i] ?? [] }));
  const expStages = [2, 2, 2, 1, 1, 1, 1, 0, 0, 0];
  const flawsExp = {
    0: [{ kind: 'fail', stage: 'exp-scoping', id: 'paper-route-clear' }],
    3: [{ kind: 'fail', stage: 'exp-identified', id: 'account-healthy' }],
    4: [{ kind: 'required', field: 'buyer-problem' }],
    5: [{ kind: 'unknown', stage: 'exp-identified', id: 'trigger-recorded' }],
    7: [{ kind: 'stale' }],
  };
  expStages.forEach((idx, i) => out.push({ pipeline: 'expansion', index: idx, flaws: flawsExp[i] ?? [] }));
  return out;
}

function write(path, rows) {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(COLUMNS.map(([, h]) => csvCell(h)).join(',') + '\r\n');
  for (const r of rows) out.write(COLUMNS.map(([f]) => csvCell(r[f])).join(',') + '\r\n');
  return new Promise((res) => out.end(res));
}

if (COUNT > 0) {
  // the bench file: the example's mix of stages and flaws at scale, written in chunks
  mkdirSync(dirname(OUT), { recursive: true });
  const out = createWriteStream(OUT);
  out.write(COLUMNS.map(([, h]) => csvCell(h)).join(',') + '\r\n');
  const plan = examplePlan();
  let buf = [];
  for (let n = 0; n < COUNT; n++) {
    const d = plan[n % plan.length];
    const r = n % 12 === 11 ? closedDeal(n, d.pipeline, rng() < 0.5) : deal(n, d.pipeline, d.index, d.flaws).r;
    buf.push(COLUMNS.map(([f]) => csvCell(r[f])).join(','));
    if (buf.length === 10000) {
      if (!out.write(buf.join('\r\n') + '\r\n')) await new Promise((res) => out.once('drain', res));
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\r\n') + '\r\n');
  await new Promise((res) => out.end(res));
  console.log(`wrote ${COUNT} deals to ${OUT}`);
} else {
  const rows = [];
  const manifest = { asOf: day(0), seed: SEED, deals: {} };
  let n = 1;
  for (const d of examplePlan()) {
    const { r, expect, stage } = deal(n++, d.pipeline, d.index, d.flaws);
    rows.push(r);
    if (d.flaws.length) manifest.deals[r['opportunity-id']] = { stage, ...expect };
  }
  for (let i = 0; i < 8; i++) rows.push(closedDeal(n++, i < 6 ? 'new-business' : 'expansion', i % 2 === 0));
  // shuffle, so flawed deals are not all at the top
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  await write(OUT, rows);
  writeFileSync(join(dirname(OUT), 'deals.flaws.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`wrote ${rows.length} deals to ${OUT}, ${Object.keys(manifest.deals).length} with planted flaws`);
  await writeHistory(rows, join(dirname(OUT), 'deals-history.csv'), join(dirname(OUT), 'deals-history.pushes.json'));
}

/**
 * A Salesforce OpportunityFieldHistory export (Data Loader API names) for the example deals, with
 * close-date pushes planted in known deals, and noise that is not a push: close dates pulled in,
 * other fields changed, and a push dated after the as-of date. Its own random stream, so
 * examples/deals.csv does not change with it.
 */
async function writeHistory(rows, path, manifestPath) {
  const { int: between } = seeded(SEED + 1);
  const closedStages = new Set(['Closed Won', 'Closed Lost']);
  const open = rows.filter((r) => !closedStages.has(r['opportunity-stage']));
  const planted = [1, 2, 3, 1, 4, 2]; // pushes, for the first open deals in file order
  const changes = [];
  const expected = {};
  let hid = 0;
  const change = (deal, at, field, oldValue, newValue) =>
    changes.push({
      Id: `017Wx${String(hid++).padStart(10, '0')}`,
      OpportunityId: deal,
      CreatedDate: at,
      Field: field,
      OldValue: oldValue,
      NewValue: newValue,
    });
  const dayOf = (iso, offset) => new Date(Date.parse(iso) + offset * DAY).toISOString().slice(0, 10);
  open.forEach((r, i) => {
    const id = r['opportunity-id'];
    const close = r['close-date'];
    if (i < planted.length) {
      // walk back from the current close date: each push moved it later by some days
      const n = planted[i];
      const moves = Array.from({ length: n }, () => between(7, 45));
      let at = -between(3, 10) - n * 20;
      let value = dayOf(close, -moves.reduce((a, b) => a + b, 0));
      let last;
      for (const m of moves) {
        const next = dayOf(value, m);
        last = day(at);
        change(id, `${last}T${String(between(8, 17)).padStart(2, '0')}:15:00.000Z`, 'CloseDate', value, next);
        value = next;
        at += between(5, 19);
      }
      expected[id] = { pushes: n, daysPushed: moves.reduce((a, b) => a + b, 0), lastPush: last };
    } else if (i < planted.length + 3) {
      // pulled in: an earlier close date is not a push
      change(id, `${day(-between(10, 40))}T10:00:00.000Z`, 'CloseDate', dayOf(close, between(10, 30)), close);
    } else if (i < planted.length + 5) {
      change(id, `${day(-between(10, 40))}T11:00:00.000Z`, 'StageName', 'Discovery', r['opportunity-stage']);
      change(id, `${day(-between(10, 40))}T12:00:00.000Z`, 'Amount', '10000', String(r.amount).replace(/[^0-9.]/g, ''));
    } else if (i === planted.length + 5) {
      // pushed after the as-of date: not counted in an audit as of AS_OF
      change(id, `${day(between(1, 5))}T09:00:00.000Z`, 'CloseDate', close, dayOf(close, 30));
    }
  });
  changes.sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate) || a.Id.localeCompare(b.Id));
  const head = ['Id', 'OpportunityId', 'CreatedDate', 'Field', 'OldValue', 'NewValue'];
  writeFileSync(path, [head.join(','), ...changes.map((c) => head.map((h) => csvCell(c[h])).join(','))].join('\r\n') + '\r\n');
  writeFileSync(manifestPath, JSON.stringify({ asOf: day(0), seed: SEED + 1, pushes: expected }, null, 2) + '\n');
  console.log(`wrote ${changes.length} field changes to ${path}, ${Object.keys(expected).length} deals with planted close-date pushes`);
}
