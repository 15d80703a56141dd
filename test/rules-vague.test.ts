import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { DEFAULT_VAGUE, findVague, phraseProblem, vagueList } from '../src/lint/vague.js';

const hits = (text: string, list = DEFAULT_VAGUE): string[] => findVague(text, list).map((h) => `${h.index}:${h.match}`);

describe('findVague', () => {
  it('matches whole words, case-insensitively, at their offset', () => {
    expect(hits('Respond asap to the lead.')).toEqual(['8:asap']);
    expect(hits('Status: TBD')).toEqual(['8:TBD']);
  });
  it('does not match inside other words', () => {
    expect(hits('Someone handsome sometimes')).toEqual([]);
    expect(hits('The soonest date; regularly-scheduled', [{ phrase: 'soon', suggestion: 'x' }])).toEqual([]);
  });
  it('matches a phrase across hyphens and line breaks', () => {
    expect(hits('good-fit accounts')).toEqual(['0:good-fit']);
    expect(hits('move them as\n  needed')).toEqual(['10:as\n  needed']);
  });
  it('prefers the longest phrase where phrases overlap', () => {
    expect(hits('Reply as soon as possible.')).toEqual(['6:as soon as possible']);
    expect(hits('Add owners where possible')).toEqual(['11:where possible']);
  });
  it('matches etc. with or without its period, once', () => {
    expect(hits('notes, calls etc. and so on')).toEqual(['13:etc.', '18:and so on']);
    expect(hits('notes, calls etc')).toEqual(['13:etc']);
  });
  it('gives a rewrite for every built-in phrase', () => {
    for (const p of DEFAULT_VAGUE) expect(p.suggestion.length, p.phrase).toBeGreaterThan(10);
  });
});

describe('vagueList options', () => {
  it('allow removes built-in phrases, case-insensitively', () => {
    const list = vagueList({ allow: ['some', 'tbd'] });
    expect(list.some((p) => p.phrase === 'some' || p.phrase === 'TBD')).toBe(false);
    expect(list.length).toBe(DEFAULT_VAGUE.length - 2);
  });
  it('words adds phrases, with or without a suggestion', () => {
    const list = vagueList({ words: ['best effort', { phrase: 'hot lead', suggestion: 'state the score threshold' }] });
    expect(findVague('A hot lead gets best effort.', list).map((h) => `${h.match} -> ${h.suggestion}`)).toEqual([
      'hot lead -> state the score threshold',
      'best effort -> say exactly what is meant: a number, a duration, a name or a condition',
    ]);
  });
});

const dirs: string[] = [];
function mapDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gtmap-rules-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const VAGUE_MAP = `teams:
  - id: sales
    name: Sales
fields:
  - id: buyer-problem
    name: Buyer problem
    type: text
    owner: sales
pipelines:
  - id: nb
    name: New business
    stages:
      - id: discovery
        name: Discovery
        exitCriteria:
          - text: Some pain is recorded, TBD.
            check:
              field: buyer-problem
              present: true
cadences:
  - id: review
    name: Review
    owner: sales
    decisions:
      - Decide on some deals with best effort.
`;

describe('configuring the vague list in gtmap.yaml', () => {
  it('text/no-vague-language options apply to it and to stage/checkable-exit-criteria', () => {
    const dir = mapDir({
      'gtmap.yaml': `apiVersion: gtmap/v1\ncompany: Co\nlint:\n  rules:\n    text/no-vague-language:\n      options:\n        allow: [some]\n        words: [best effort]\n`,
      'map.yaml': VAGUE_MAP,
    });
    const d = checkMap(dir).diagnostics.filter(
      (x) => x.ruleId === 'text/no-vague-language' || x.ruleId === 'stage/checkable-exit-criteria',
    );
    expect(d.map((x) => `${x.ruleId} ${x.line}:${x.column} ${x.message}`)).toEqual([
      'stage/checkable-exit-criteria 16:42 Exit criterion `#1 "Some pain is recorded, TBD."` of stage `discovery` says "TBD", which nobody can check: name the owner and the date by which it will be decided.',
      'text/no-vague-language 25:35 Meeting `review`: decision #1 says "best effort": say exactly what is meant: a number, a duration, a name or a condition.',
    ]);
  });
  it('without options the built-in list applies', () => {
    const dir = mapDir({ 'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n', 'map.yaml': VAGUE_MAP });
    const d = checkMap(dir).diagnostics.filter(
      (x) => x.ruleId === 'text/no-vague-language' || x.ruleId === 'stage/checkable-exit-criteria',
    );
    expect(d.map((x) => `${x.ruleId} ${x.line}:${x.column} "${/says "([^"]+)"/.exec(x.message)?.[1]}"`)).toEqual([
      'stage/checkable-exit-criteria 16:19 "Some"',
      'stage/checkable-exit-criteria 16:42 "TBD"',
      'text/no-vague-language 25:19 "some"',
    ]);
  });
  it('rejects options the schema does not accept', () => {
    const dir = mapDir({
      'gtmap.yaml': `apiVersion: gtmap/v1\ncompany: Co\nlint:\n  rules:\n    text/no-vague-language:\n      options:\n        alow: [some]\n`,
      'map.yaml': VAGUE_MAP,
    });
    // the header schema is generated from each rule's options schema
    const d = checkMap(dir).diagnostics.filter((x) => x.file.endsWith('gtmap.yaml'));
    expect(d.map((x) => `${x.ruleId} ${x.line}:${x.column} ${x.message}`)).toEqual([
      'schema/unknown-key 7:9 Rule `text/no-vague-language`: unknown key `alow` in `options`. Did you mean `allow`?',
    ]);
  });
});

// Rules run on maps whose references may not resolve: they must report nothing for what they
// cannot see, and never throw.
describe('rules on a map full of unresolved references', () => {
  it('runs every rule without throwing; only ref/unresolved reports the dangling names', () => {
    const dir = mapDir({
      'gtmap.yaml': 'apiVersion: gtmap/v1\ncompany: Co\n',
      'map.yaml': `segments:
  - id: ent
    name: Enterprise
    rule: { field: nope, atLeast: 5 }
    coveredBy: [ghost-team]
routing:
  - id: r1
    name: R1
    segment: no-such-segment
    when: { field: nope, equals: 1 }
    assign: { team: ghost-team }
  - id: r2
    name: R2
    segment: ent
    assign: { team: ghost-team }
    fallback: true
demandSources:
  - id: form
    name: Form
    kind: inbound
    owner: ghost-team
    responseSla: { within: 15m, measuredBy: { from: nope, to: nope2 } }
pipelines:
  - id: nb
    name: NB
    stages:
      - id: s1
        name: S1
        next: [no-stage]
        forecastCategory: no-category
        whenStale: { action: move-to-stage, moveTo: no-stage }
        staleAfter: 3d
handoffs:
  - id: h
    name: H
    from: ghost-team
    to: ghost-team
    stage: no-stage
incentives:
  - id: plan
    name: Plan
    role: ghost-role
    measures:
      - name: M
        paidOnStage: no-stage
        paidOnCategory: no-category
forecast:
  - id: f
    name: F
    caller: ghost-role
    commitCategory: no-category
initiatives:
  - id: big
    name: Big
    layer: 3
    evidenceFrom: [no-initiative]
decisionRights:
  - id: d
    name: D
    owner: [ghost-team, other-ghost]
    escalatesTo: ghost-team
`,
    });
    const r = checkMap(dir);
    expect(r.skipped).toEqual([]);
    const ids = new Set(r.diagnostics.map((d) => d.ruleId));
    expect(ids.has('ref/unresolved')).toBe(true);
    // rules that follow a reference stay silent when it does not resolve
    for (const quiet of [
      'routing/team-covers-segment',
      'incentive/paid-on-checkable',
      'forecast/commit-defined',
      'demand/measurable-sla',
      'initiative/layer3-needs-evidence',
    ]) {
      expect(ids.has(quiet), quiet).toBe(false);
    }
  });
});

describe('the built-in vague phrases', () => {
  it('all have words (vagueList checks only a map’s own phrases)', () => {
    expect(DEFAULT_VAGUE.length).toBeGreaterThan(30);
    for (const p of DEFAULT_VAGUE) expect(phraseProblem(p.phrase), p.phrase).toBeUndefined();
  });
});
