import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { loadMap } from '../src/load/index.js';
import { buildModel, SECTIONS, type SectionName } from '../src/model/index.js';
import { validate } from '../src/validate/index.js';
import { HEADER, isCoreCheck, makeMap, ROOT } from './helpers.js';

/** A minimal valid entity of each section, plus what it needs to resolve its references. */
const support = {
  teams: [{ id: 'sales', name: 'Sales', roles: [{ id: 'ae', name: 'Account executive' }] }],
  fields: [{ id: 'employees', name: 'Employees', type: 'number', owner: 'sales' }],
  metrics: [{ id: 'win-rate', name: 'Win rate', owner: 'sales' }],
  cadences: [{ id: 'weekly', name: 'Weekly', owner: 'sales', decisions: ['Which deals move to commit'] }],
  forecastCategories: [{ id: 'commit', name: 'Commit', kind: 'commit' }],
};
const minimal: Record<SectionName, Record<string, unknown>> = {
  teams: { id: 'cs', name: 'Customer success' },
  segments: { id: 'smb', name: 'SMB', rule: { field: 'employees', lessThan: 100 }, coveredBy: ['sales'] },
  demandSources: { id: 'form', name: 'Form', kind: 'inbound' },
  routing: { id: 'r1', name: 'Everything', fallback: true, assign: { team: 'sales' } },
  pipelines: { id: 'nb', name: 'New business', stages: [{ id: 'nb-won', name: 'Won', outcome: 'won' }] },
  handoffs: { id: 'h', name: 'Handoff', from: 'sales', to: 'sales' },
  forecastCategories: { id: 'pipe', name: 'Pipeline', kind: 'pipeline' },
  forecast: { id: 'call', name: 'Call', caller: 'ae' },
  lifecycle: { id: 'onb', name: 'Onboarding', kind: 'onboarding' },
  cadences: { id: 'qbr', name: 'QBR' },
  decisionRights: { id: 'pricing', name: 'Pricing' },
  fields: { id: 'region', name: 'Region', type: 'text' },
  incentives: { id: 'ae-plan', name: 'AE plan', role: 'ae', measures: [{ name: 'ARR' }] },
  metrics: { id: 'm', name: 'M' },
  initiatives: { id: 'i', name: 'I', layer: 1 },
  glossary: { id: 'mql', name: 'MQL', definition: 'A lead marketing hands to sales development.' },
};
/** A required key (beyond id and name) whose absence the schema must catch, where there is one. */
const requiredKey: Partial<Record<SectionName, string>> = {
  glossary: 'definition',
  segments: 'rule',
  demandSources: 'kind',
  routing: 'assign',
  pipelines: 'stages',
  handoffs: 'from',
  forecastCategories: 'kind',
  forecast: 'caller',
  lifecycle: 'kind',
  fields: 'type',
  incentives: 'role',
  initiatives: 'layer',
};

function mapWith(section: SectionName, entity: Record<string, unknown>): string {
  const data: Record<string, unknown> = { ...support };
  data[section] = [...((support as Record<string, unknown[]>)[section] ?? []), entity];
  return makeMap({ 'gtmap.yaml': HEADER, 'map.yaml': stringify(data) });
}

function errors(dir: string) {
  return checkMap(dir)
    .diagnostics.filter((d) => d.severity === 'error' && isCoreCheck(d.ruleId))
    .map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`);
}

describe('schemas', () => {
  it('the committed schema/ matches scripts/schemas.mjs (regenerate with node scripts/schemas.mjs)', () => {
    expect(() => execFileSync(process.execPath, [join(ROOT, 'scripts/schemas.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every schema has a description on every property (they are the editor help text)', () => {
    const missing: string[] = [];
    const walk = (s: unknown, where: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.properties) {
        for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          if (
            !v.description &&
            !(v.$ref as string | undefined)?.includes('$defs/id') &&
            !(v.$ref as string | undefined)?.includes('$defs/markdown')
          )
            missing.push(`${where}.${k}`);
          walk(v, `${where}.${k}`);
        }
      }
      if (o.items) walk(o.items, `${where}[]`);
      if (o.$defs) for (const [k, v] of Object.entries(o.$defs as object)) walk(v, `${where}#${k}`);
    };
    for (const f of readdirSync(join(ROOT, 'schema'))) walk(JSON.parse(readFileSync(join(ROOT, 'schema', f), 'utf8')), f);
    expect(missing).toEqual([]);
  });

  it('the example map has zero YAML, schema, reference and condition errors', () => {
    const loaded = loadMap(join(ROOT, 'map'), ROOT);
    const found = [...loaded.diagnostics, ...validate(buildModel(loaded))].map(
      (d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`,
    );
    expect(found).toEqual([]);
  });

  it('every file of the example map starts with a yaml-language-server modeline that resolves to a schema', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.yaml')) files.push(join(d, e.name));
      }
    };
    walk(join(ROOT, 'map'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const first = readFileSync(f, 'utf8').split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, relative(ROOT, f)).not.toBeNull();
      const target = join(dirname(f), m![1]!);
      expect(existsSync(target), `${relative(ROOT, f)} -> ${m![1]}`).toBe(true);
      expect(target.endsWith(f.endsWith('gtmap.yaml') ? 'gtmap.schema.json' : 'map.schema.json')).toBe(true);
    }
  });

  describe.each(SECTIONS.map((s) => [s]))('section %s', (section) => {
    it('accepts its minimal entity', () => {
      expect(errors(mapWith(section, minimal[section]))).toEqual([]);
    });

    it('rejects a wrong type (name given as a list)', () => {
      const found = errors(mapWith(section, { ...minimal[section], name: ['x'] }));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^schema\/type \d+:\d+ .*`name` must be a string, but is a list\.$/);
    });

    it('rejects an unknown key and suggests the closest allowed one', () => {
      const found = errors(mapWith(section, { ...minimal[section], nmae: 'x' }));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^schema\/unknown-key \d+:\d+ .*unknown key `nmae`\. Did you mean `name`\?$/);
    });

    it('rejects a missing required key, pointing at the entity and naming the key', () => {
      const key = requiredKey[section] ?? 'name';
      const { [key]: _dropped, ...rest } = minimal[section];
      const found = errors(mapWith(section, rest));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^schema/required \\d+:\\d+ .*missing required key \`${key}\``));
    });
  });

  it('points a missing key at the entity, an unknown key at the key, an enum error at the value', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    function: seles\n    leed: VP Sales\n  - id: cs\n',
    });
    expect(errors(dir)).toEqual([
      'schema/enum 4:15 Team `sales`: `function` is `seles`, which is not allowed. Did you mean `sales`? Use one of `marketing`, `sales-development`, `sales`, `customer-success`, `account-management`, `solutions`, `revops`, `finance`, `product`, `data`, `systems`, `partnerships`, `leadership` or `other`.',
      'schema/unknown-key 5:5 Team `sales`: unknown key `leed`. Did you mean `lead`?',
      'schema/required 6:5 Team `cs`: missing required key `name`. Add `name:` (human-readable name, shown on the site).',
    ]);
  });

  it('explains ids and durations that do not follow their format', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'map.yaml':
        'teams:\n  - id: Sales Team\n    name: Sales\nhandoffs:\n  - id: h\n    name: H\n    from: x\n    to: x\n    sla: 2 days\n',
    });
    const found = errors(dir);
    expect(found).toContain(
      'schema/pattern 2:9 Team `Sales Team`: `id` is `Sales Team`, which is not a valid id. Ids are kebab-case: lowercase letters, digits and single hyphens, e.g. `sales-team`.',
    );
    expect(found).toContain(
      'schema/pattern 9:10 Handoff `h`: `sla` is `2 days`, which is not a duration. Write a whole number and a unit: m, h, d, bd (business days) or w, e.g. `15m`, `4h`, `2bd`.',
    );
  });

  it('checks the header: apiVersion and required company', () => {
    const dir = makeMap({ 'gtmap.yaml': 'apiVersion: gtmap/v2\n' });
    expect(errors(dir)).toEqual([
      'schema/required 1:1 missing required key `company`. Add `company:` (the company this map describes).',
      'schema/enum 1:13 `apiVersion` is `gtmap/v2`; it must be `gtmap/v1`.',
    ]);
  });
});
