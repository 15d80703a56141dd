// One reference graph, built once in the model: who refers to an entity, through which key.
import { describe, expect, it } from 'vitest';
import { loadMap } from '../src/load/index.js';
import { REFERENCE_SITES } from '../src/model/format.generated.js';
import { buildModel, referrers } from '../src/model/index.js';
import { HEADER, makeMap, ROOT } from './helpers.js';

const example = buildModel(loadMap(`${ROOT}/map`, ROOT));

describe('the reference graph', () => {
  it('answers "who refers to this team" with the entity, the key and the kind', () => {
    const refs = referrers(example, 'team', 'sales-development').map((r) => `${r.from?.kind} ${r.from?.id} ${r.site}`);
    expect(refs).toContain('handoff marketing-to-sdr handoffs.*.to');
    expect(refs).toContain('handoff sdr-to-mid-market-ae handoffs.*.from');
  });

  it('finds fields read inside conditions, at the path of their `field` key', () => {
    const map = makeMap({
      'gtmap.yaml': HEADER,
      'x.yaml':
        'fields:\n  - { id: size, name: Size, type: number }\nsegments:\n  - id: big\n    name: Big\n    coveredBy: []\n    rule: { all: [ { field: size, atLeast: 10 }, { not: { field: size, atLeast: 99 } } ] }\n',
    });
    const refs = referrers(buildModel(loadMap(map, map)), 'field', 'size');
    expect(refs.map((r) => [r.from?.id, r.via.join('.'), r.inCondition])).toEqual([
      ['big', 'segments.0.rule.all.0.field', true],
      ['big', 'segments.0.rule.all.1.not.field', true],
    ]);
  });

  it('holds unresolved references too, so validation and diff read the same graph', () => {
    const map = makeMap({ 'gtmap.yaml': HEADER, 'h.yaml': 'handoffs:\n  - { id: h, name: H, from: nobody, to: nobody }\n' });
    expect(referrers(buildModel(loadMap(map, map)), 'team', 'nobody')).toHaveLength(2);
  });

  it("a stage's exit criteria are held by the stage, not its pipeline", () => {
    const held = example.references.filter((r) => r.site === 'pipelines.*.stages.*.exitCriteria.*.check');
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held.map((r) => r.from?.kind))).toEqual(new Set(['stage']));
  });

  it('is collected through the sites the schema declares, in map order', () => {
    // the example map uses most of them; each reference names a declared site
    const declared = new Set(REFERENCE_SITES.map((s) => s.path.join('.')));
    const used = new Set(example.references.map((r) => r.site));
    for (const s of used) expect(declared.has(s), s).toBe(true);
    expect(used.size).toBeGreaterThan(declared.size * 0.75);
    const teams = example.references.filter((r) => r.from?.kind === 'handoff').map((r) => r.from!.path[1] as number);
    expect(teams).toEqual([...teams].sort((a, b) => a - b));
  });
});
