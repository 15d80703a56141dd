import { describe, expect, it } from 'vitest';
import { checkLoaded, checkMap } from '../src/check.js';
import { loadMap } from '../src/load/index.js';
import { buildModel, locate, lookup, referrers } from '../src/model/index.js';
import { HEADER, isCoreCheck, makeMap } from './helpers.js';

const team = (id: string) => `  - id: ${id}\n    name: ${id}\n`;

describe('model: sections split across files', () => {
  it('merges lists in file order and maps each item back to its own file and line', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams/a.yaml': `teams:\n${team('sales')}`,
      'teams/b.yaml': `# second file\nteams:\n${team('marketing')}${team('revops')}`,
    });
    const model = buildModel(loadMap(dir, dir));
    expect(model.map.teams.map((t) => t.id)).toEqual(['sales', 'marketing', 'revops']);
    expect(locate(model, ['teams', 2, 'name'])).toEqual({ file: 'teams/b.yaml', line: 6, column: 11, endLine: 6, endColumn: 17 });
    expect(lookup(model, 'team', 'marketing')?.path).toEqual(['teams', 1]);
  });

  it('indexes roles and stages as their own kinds', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'map.yaml':
        'teams:\n  - id: sales\n    name: Sales\n    roles:\n      - id: ae\n        name: AE\npipelines:\n  - id: nb\n    name: NB\n    stages:\n      - id: nb-won\n        name: Won\n        outcome: won\n',
    });
    const model = buildModel(loadMap(dir, dir));
    expect(lookup(model, 'role', 'ae')?.path).toEqual(['teams', 0, 'roles', 0]);
    expect(lookup(model, 'stage', 'nb-won')?.path).toEqual(['pipelines', 0, 'stages', 0]);
  });
});

describe('references', () => {
  it('a duplicate id across files names both places', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'a.yaml': `teams:\n${team('sales')}`,
      'b.yaml': `teams:\n${team('revops')}${team('sales')}`,
    });
    const ds = checkMap(dir)
      .diagnostics.filter((d) => isCoreCheck(d.ruleId))
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`);
    expect(ds).toEqual([
      `${dir}/b.yaml:4:9 ref/duplicate-id Team id \`sales\` is declared twice: here and at ${dir}/a.yaml:2. Ids must be unique per kind; rename one of them.`,
    ]);
  });

  it('the same id in two different kinds is fine', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'a.yaml': `teams:\n${team('pricing')}decisionRights:\n  - id: pricing\n    name: Pricing\n    owner: pricing\n`,
    });
    expect(checkMap(dir).diagnostics.filter((d) => isCoreCheck(d.ruleId))).toEqual([]);
  });

  it('a reference to the wrong kind names the kind expected', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'a.yaml': `teams:\n${team('sales')}    roles:\n      - id: ae\n        name: AE\nmetrics:\n  - id: win-rate\n    name: Win rate\n    owner: ae\n`,
    });
    const ds = checkMap(dir)
      .diagnostics.filter((d) => isCoreCheck(d.ruleId))
      .map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(ds).toEqual(['10:12 Metric `win-rate`: `owner` names `ae`, which is not a team. Teams are declared in ' + `${dir}/a.yaml.`]);
  });

  it('a YAML error in one file does not cascade into unresolved references to what it declares', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': `teams:\n  - id: sales\n    name: 'Sales\n`,
      'metrics.yaml': 'metrics:\n  - id: m\n    name: M\n    owner: sales\n    source: { fields: [nope] }\n',
    });
    expect(
      checkMap(dir)
        .diagnostics.filter((d) => isCoreCheck(d.ruleId))
        .map((d) => d.ruleId),
    ).toEqual(['ref/unresolved', 'yaml/syntax']);
  });
});

describe('model: built one file at a time', () => {
  // a.yaml holds a later section (metrics) before an earlier one (teams), b.yaml the reverse: the
  // model is in map order (sections in registry order, then file order) however files come in
  const files = {
    'gtmap.yaml': HEADER,
    'a.yaml': `metrics:\n  - id: m1\n    name: M1\n    owner: revops\nteams:\n${team('sales')}    roles:\n      - id: ae\n        name: AE\n`,
    'b.yaml': `teams:\n${team('revops')}${team('emea')}    parent: revops\nmetrics:\n  - id: m2\n    name: M2\n    owner: sales\n  - id: m1\n    name: M1 again\n    owner: sales\n`,
  };
  const shape = (model: ReturnType<typeof buildModel>) => ({
    all: model.all.map((e) => `${e.kind}:${e.id}@${e.path.join('.')}`),
    kinds: [...model.entities.keys()],
    duplicates: model.duplicates.map((d) => `${d.first.path.join('.')}=${d.again.path.join('.')}`),
    references: model.references.map((r) => `${r.from?.id}>${r.kind}:${r.id}@${r.via.join('.')}`),
    revops: referrers(model, 'team', 'revops').map((r) => r.via.join('.')),
    sales: referrers(model, 'team', 'sales').map((r) => r.via.join('.')),
    files: model.files.map((f) => f.rel),
  });

  it('keeps entities, duplicates and references in map order', () => {
    const dir = makeMap(files);
    expect(shape(buildModel(loadMap(dir, dir)))).toEqual({
      all: [
        'team:sales@teams.0',
        'role:ae@teams.0.roles.0',
        'team:revops@teams.1',
        'team:emea@teams.2',
        'metric:m1@metrics.0',
        'metric:m2@metrics.1',
        'metric:m1@metrics.2',
      ],
      kinds: ['team', 'role', 'metric'],
      duplicates: ['metrics.0=metrics.2'],
      references: [
        'emea>team:revops@teams.2.parent',
        'm1>team:revops@metrics.0.owner',
        'm2>team:sales@metrics.1.owner',
        'm1>team:sales@metrics.2.owner',
      ],
      revops: ['teams.2.parent', 'metrics.0.owner'],
      sales: ['metrics.1.owner', 'metrics.2.owner'],
      files: ['a.yaml', 'b.yaml', 'gtmap.yaml'],
    });
  });

  it('is the same when checkMap builds it while the files load, and a file checked early for its schema still reports', () => {
    const dir = makeMap({ ...files, 'c.yaml': 'teams:\n  - id: ops\n    name: Ops\n    colour: blue\n' });
    const streamed = checkMap(dir, undefined, dir);
    const after = checkLoaded(loadMap(dir, dir), undefined);
    expect(shape(streamed.model)).toEqual(shape(after.model));
    expect(streamed.diagnostics).toEqual(after.diagnostics);
    expect(streamed.diagnostics.filter((d) => d.ruleId === 'schema/unknown-key').map((d) => `${d.file}:${d.line}`)).toEqual(['c.yaml:4']);
  });
});
