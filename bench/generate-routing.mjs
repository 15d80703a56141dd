// Writes a routing-heavy operating map: a small organisation and N routing rules that all test
// the same field (`territory`), ordered specific-before-general the way routing tables are
// written, plus a few seeded rules that an earlier rule shadows. Deterministic; valid against
// schema/. The routing/no-shadowed-rules rule compares every rule with the rules before it, so
// this map is the worst case for it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import YAML from 'yaml';

const RULES_PER_FILE = 500;
const RULES_PER_TERRITORY = 10;

const pad = (n, w = 4) => String(n).padStart(w, '0');

function organisation() {
  const teams = [
    { id: 'gtm-leadership', name: 'GTM leadership', function: 'leadership' },
    { id: 'revops', name: 'Revenue operations', function: 'revops', parent: 'gtm-leadership' },
    { id: 'sales-development', name: 'Sales development', function: 'sales-development', parent: 'gtm-leadership' },
    { id: 'enterprise-sales', name: 'Enterprise sales', function: 'sales', parent: 'gtm-leadership' },
    { id: 'mid-market-sales', name: 'Mid-market sales', function: 'sales', parent: 'gtm-leadership' },
    { id: 'account-management', name: 'Account management', function: 'account-management', parent: 'gtm-leadership' },
  ];
  const field = (id, type, object, extra = {}) => ({
    id,
    name: id.replace(/(^|-)(\w)/g, (_, s, c) => (s ? ' ' : '') + c.toUpperCase()),
    object,
    type,
    owner: 'revops',
    system: `Salesforce ${id}`,
    ...extra,
  });
  const fields = [
    field('territory', 'text', 'account'),
    field('lead-source', 'enum', 'lead', { values: ['demo-request', 'event', 'webinar', 'content', 'partner'] }),
    field('employees', 'number', 'account'),
    field('industry', 'text', 'account'),
    field('amount', 'currency', 'opportunity'),
  ];
  const segments = [
    {
      id: 'enterprise',
      name: 'Enterprise',
      rule: { field: 'employees', atLeast: 2000 },
      coveredBy: ['enterprise-sales', 'account-management'],
    },
    {
      id: 'mid-market',
      name: 'Mid-market',
      rule: {
        all: [
          { field: 'employees', atLeast: 200 },
          { field: 'employees', lessThan: 2000 },
        ],
      },
      coveredBy: ['mid-market-sales', 'sales-development', 'account-management'],
    },
    { id: 'smb', name: 'SMB', rule: { field: 'employees', lessThan: 200 }, coveredBy: ['sales-development', 'account-management'] },
  ];
  return { teams, fields, segments };
}

/** The rules of one territory, most specific first; `seed` adds one rule shadowed by the first. */
function territoryRules(t, seed) {
  const T = `t${pad(t)}`;
  const at = { field: 'territory', equals: T };
  const rule = (key, extra) => ({ id: `${T}-${key}`, name: `${T} ${key.replace(/-/g, ' ')}`, ...extra });
  const rules = [
    rule('enterprise-demos', {
      object: 'lead',
      when: { all: [at, { field: 'lead-source', equals: 'demo-request' }, { field: 'employees', atLeast: 2000 }] },
      assign: { team: 'enterprise-sales', method: 'territory' },
    }),
    rule('mid-market-demos', {
      object: 'lead',
      segment: 'mid-market',
      when: { all: [at, { field: 'lead-source', equals: 'demo-request' }] },
      assign: { team: 'mid-market-sales', method: 'territory' },
    }),
    rule('demos', {
      object: 'lead',
      when: { all: [at, { field: 'lead-source', equals: 'demo-request' }] },
      assign: { team: 'sales-development', method: 'round-robin' },
    }),
    rule('private-events', {
      object: 'lead',
      when: { all: [at, { field: 'lead-source', in: ['event', 'webinar'] }, { field: 'industry', notIn: ['government', 'education'] }] },
      assign: { team: 'sales-development', method: 'round-robin' },
    }),
    rule('events', {
      object: 'lead',
      when: { all: [at, { field: 'lead-source', in: ['event', 'webinar'] }] },
      assign: { team: 'sales-development', method: 'queue', queue: `${T} events` },
    }),
    rule('enterprise-leads', {
      object: 'lead',
      segment: 'enterprise',
      when: at,
      assign: { team: 'enterprise-sales', method: 'named-account' },
    }),
    rule('large-accounts', {
      object: 'account',
      when: { all: [at, { field: 'employees', atLeast: 2000 }] },
      assign: { team: 'enterprise-sales', method: 'named-account' },
    }),
    rule('small-accounts', {
      object: 'account',
      when: { all: [at, { field: 'employees', lessThan: 200 }, { not: { field: 'industry', equals: 'government' } }] },
      assign: { team: 'sales-development', method: 'territory' },
    }),
    rule('accounts', { object: 'account', when: at, assign: { team: 'account-management', method: 'territory' } }),
    rule('large-deals', {
      object: 'opportunity',
      when: { all: [at, { field: 'amount', atLeast: 100000 }] },
      assign: { team: 'enterprise-sales', method: 'account-owner' },
    }),
  ];
  // placed after the general rules: `enterprise-demos` already catches every record it would
  if (seed)
    rules.push(
      rule('huge-demos', {
        object: 'lead',
        when: { all: [{ field: 'lead-source', equals: 'demo-request' }, at, { field: 'employees', atLeast: 5000 }] },
        assign: { team: 'enterprise-sales', method: 'named-account' },
      }),
    );
  return rules;
}

/**
 * Writes the map into `dir` (emptied first): about `n` routing rules, then the fallback.
 * `seeds` territories (the first, the last, and evenly between, as bench/generate.mjs seeds its
 * findings) get a rule an earlier one shadows: the linter has something to report, and each
 * file that holds a finding is parsed again with positions, which a real map pays for too.
 * Returns the number of rules written and the ids of the seeded shadowed rules.
 */
export function generateRoutingMap(dir, n, { seeds = 3 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  const rules = [];
  const shadowed = [];
  const territories = Math.max(1, Math.ceil(n / RULES_PER_TERRITORY));
  const seeded = new Set(Array.from({ length: seeds }, (_, k) => 1 + Math.round((k * (territories - 1)) / Math.max(1, seeds - 1))));
  for (let t = 1; rules.length < n; t++) {
    const seed = seeded.has(t);
    const more = territoryRules(t, seed);
    if (seed) shadowed.push(more[more.length - 1].id);
    rules.push(...more);
  }
  const files = new Map();
  const { teams, fields, segments } = organisation();
  files.set('gtmap.yaml', { apiVersion: 'gtmap/v1', company: `Routing Co (${rules.length} routing rules)`, version: '1' });
  files.set('teams.yaml', { teams });
  files.set('fields.yaml', { fields });
  files.set('segments.yaml', { segments });
  for (let i = 0; i < rules.length; i += RULES_PER_FILE)
    files.set(`routing/routing-${pad(i / RULES_PER_FILE + 1, 3)}.yaml`, { routing: rules.slice(i, i + RULES_PER_FILE) });
  files.set('routing/zz-fallback.yaml', {
    routing: [
      { id: 'smb-leads', name: 'SMB leads', object: 'lead', segment: 'smb', assign: { team: 'sales-development', method: 'round-robin' } },
      {
        id: 'unrouted-records',
        name: 'Unrouted records',
        fallback: true,
        assign: { team: 'revops', queue: 'Unrouted records', method: 'queue' },
      },
    ],
  });
  for (const [rel, doc] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })); // no anchors: map files are written by hand
  }
  return { dir, rules: rules.length + 2, files: files.size, shadowed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'bench/.out/routing-1000', n = '1000', seeds = '3'] = process.argv.slice(2);
  const r = generateRoutingMap(dir, Number(n), { seeds: Number(seeds) });
  console.log(JSON.stringify({ ...r, shadowed: r.shadowed.length }, null, 2));
}
