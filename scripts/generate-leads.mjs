// Generates a Salesforce-style lead export (Data Loader, API-name headers, picklist labels) for the
// example map, from a seed. Every lead routes cleanly to a rule except a few planted ones: leads
// that fall to the fallback (a company outside every segment) and leads that cannot be decided
// because a field the routing reads is empty. It writes the export and a manifest of the planted
// leads; test/route-batch.test.ts checks that batch routing finds exactly those.
//
//   node scripts/generate-leads.mjs                        examples/leads.csv + examples/leads.planted.json
//   node scripts/generate-leads.mjs --count 1000000 --out bench/.out/leads-1000000.csv   (no manifest)
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option, seeded } from './seeded.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const COUNT = Number(opt('--count', '0'));
const OUT = opt('--out', join(root, 'examples', 'leads.csv'));
const SEED = Number(opt('--seed', '20261130'));
const AT = Date.UTC(2026, 10, 30, 14); // 2026-11-30T14:00Z, the --at of the README demo
const HOUR = 3_600_000;

const { rng, int, pick } = seeded(SEED);
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
let serial = 0;
// an 18-character Salesforce lead id (key prefix 00Q), unique by a serial in its last characters
const leadId = () => {
  let s = (serial++).toString(36).toUpperCase().padStart(6, '0');
  for (let i = 0; i < 9; i++) s = B62[Math.floor(rng() * 62)] + s;
  return `00Q${s}`;
};

// The example map, as far as the generator needs it (map/fields.yaml, map/segments.yaml, map/routing.yaml).
// Columns: [field id, header (the API name in the field's `system`)]
const COLUMNS = [
  ['id', 'Id'],
  ['lead-created-at', 'CreatedDate'],
  ['lead-source', 'LeadSource'],
  ['lead-status', 'Status'],
  ['lead-email', 'Email'],
  ['employee-count', 'NumberOfEmployees'],
  ['hq-region', 'HQ_Region__c'],
  ['target-account-tier', 'Target_Tier__c'],
  ['customer-status', 'Customer_Status__c'],
  ['managing-accounting-firm', 'Accounting_Firm__c'],
  ['partner-deal-registration-id', 'Deal_Registration_Id__c'],
  ['erp-system', 'ERP__c'],
  ['pql-score', 'PQL_Score__c'],
  ['workspace-seats', 'Workspace_Seats__c'],
];
const SOURCES = ['Demo Request', 'Product Signup', 'Outbound', 'Partner Referral', 'Event', 'Content'];
const STATUSES = ['New', 'MQL', 'Working', 'SQL'];
const REGIONS = ['North America', 'EMEA'];
const TIERS = ['Tier 1', 'Tier 2', 'Tier 3', 'Untiered'];
const ERPS = ['NetSuite', 'Sage Intacct', 'Microsoft Dynamics', 'SAP', 'QuickBooks', 'Xero', 'Other'];
const FIRMS = ['Baker Tilly', 'Moss Adams', 'Grant Thornton', 'Eide Bailly'];
const COMPANIES = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'vandelay',
  'stark',
  'wayne',
  'tyrell',
  'soylent',
  'cyberdyne',
  'wonka',
];
const PEOPLE = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'donald', 'frances', 'ken', 'margaret', 'linus', 'radia', 'tim'];

/** A lead that one rule decides: the kind is the rule it is meant for. */
function lead(kind) {
  const company = pick(COMPANIES);
  const r = {
    id: leadId(),
    'lead-created-at': new Date(AT - int(1, 24 * 30) * HOUR).toISOString().replace('.000', ''),
    'lead-source': pick(SOURCES),
    'lead-status': pick(STATUSES),
    'lead-email': `${pick(PEOPLE)}.${int(1, 999)}@${company}.example`,
    'employee-count': '',
    'hq-region': pick(REGIONS),
    'target-account-tier': pick(TIERS),
    'customer-status': 'Prospect',
    'managing-accounting-firm': '',
    'partner-deal-registration-id': '',
    'erp-system': pick(ERPS),
    'pql-score': '',
    'workspace-seats': '',
  };
  switch (kind) {
    case 'customer':
      r['customer-status'] = 'Customer';
      r['employee-count'] = String(int(20, 5000));
      break;
    case 'partner':
      r['managing-accounting-firm'] = pick(FIRMS);
      r['partner-deal-registration-id'] = `DR-${String(int(0, 999999)).padStart(6, '0')}`;
      r['employee-count'] = String(int(50, 1500));
      break;
    case 'enterprise':
      r['employee-count'] = String(int(2000, 40000));
      break;
    case 'mid-market':
      r['employee-count'] = String(int(200, 1999));
      break;
    case 'self-serve':
      r['employee-count'] = String(int(1, 199));
      r['pql-score'] = String(int(0, 100));
      r['workspace-seats'] = String(int(1, 40));
      r['hq-region'] = pick([...REGIONS, 'APAC', 'LATAM']);
      // Starter has no SAP or Dynamics connector: those shops leave the nurture rule (and fall to the fallback)
      r['erp-system'] = pick(['QuickBooks', 'Xero', 'NetSuite', 'Other']);
      break;
  }
  return r;
}

const KINDS = [
  'customer',
  'partner',
  'enterprise',
  'enterprise',
  'mid-market',
  'mid-market',
  'mid-market',
  'self-serve',
  'self-serve',
  'self-serve',
];

function cell(v) {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (r) => COLUMNS.map(([f]) => cell(r[f])).join(',');
const header = COLUMNS.map(([, h]) => cell(h)).join(',');

mkdirSync(dirname(OUT), { recursive: true });
if (COUNT > 0) {
  // the bench file: the same mix, a few leads with an empty field, no manifest
  const out = createWriteStream(OUT);
  out.write(header + '\r\n');
  let buf = [];
  for (let i = 0; i < COUNT; i++) {
    const r = lead(KINDS[i % KINDS.length]);
    if (i % 97 === 0) r['hq-region'] = '';
    buf.push(line(r));
    if (buf.length === 10_000) {
      if (!out.write(buf.join('\r\n') + '\r\n')) await new Promise((res) => out.once('drain', res));
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\r\n') + '\r\n');
  await new Promise((res) => out.end(res));
  console.log(`wrote ${COUNT} leads to ${OUT}`);
} else {
  const rows = [];
  for (let i = 0; i < 240; i++) rows.push(lead(KINDS[i % KINDS.length]));
  const planted = { at: new Date(AT).toISOString(), seed: SEED, fallback: {}, undecided: {} };
  const plant = (at, r, kind, why) => {
    rows.splice(at, 0, r);
    planted[kind][r.id] = why;
  };
  // falls to the fallback: 500 to 900 people in APAC or LATAM is in no segment (the fallback's own example)
  for (const [at, region] of [
    [17, 'APAC'],
    [88, 'LATAM'],
    [161, 'APAC'],
  ]) {
    const r = lead('mid-market');
    r['hq-region'] = region;
    r['employee-count'] = String(int(500, 900));
    plant(at, r, 'fallback', `${r['employee-count']} employees in ${region}: no segment covers it`);
  }
  // undecided: a field the routing reads is empty, so an earlier rule can neither fire nor be passed over
  const noRegion = lead('mid-market');
  noRegion['hq-region'] = '';
  plant(40, noRegion, 'undecided', ['hq-region']);
  const noCount = lead('enterprise');
  noCount['employee-count'] = '';
  noCount['hq-region'] = 'North America';
  plant(122, noCount, 'undecided', ['employee-count']);
  const noStatus = lead('mid-market');
  noStatus['customer-status'] = '';
  plant(203, noStatus, 'undecided', ['customer-status']);
  const noPql = lead('self-serve');
  noPql['pql-score'] = '';
  noPql['workspace-seats'] = String(int(6, 30));
  plant(230, noPql, 'undecided', ['pql-score']);
  writeFileSync(OUT, [header, ...rows.map(line)].join('\r\n') + '\r\n');
  writeFileSync(join(dirname(OUT), 'leads.planted.json'), JSON.stringify(planted, null, 2) + '\n');
  console.log(
    `wrote ${rows.length} leads to ${OUT}: ${Object.keys(planted.fallback).length} planted for the fallback, ${Object.keys(planted.undecided).length} undecided`,
  );
}
