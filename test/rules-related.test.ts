// routing/no-shadowed-rules names the earlier rule and points at it as a related location (it
// used to work out "(line 45)" itself); the engine places it, in whichever file it is.
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { HEADER, makeMap, runCli } from './helpers.js';

const FIXTURE = 'test/fixtures/rules/routing-no-shadowed-rules/invalid';
const at = (r: { file: string; line: number; column: number }): string => `${r.file.split('/').pop()}:${r.line}:${r.column}`;

describe('routing/no-shadowed-rules points at the earlier rule', () => {
  it('as a related location at the earlier rule, with the position out of the message', () => {
    const found = checkMap(FIXTURE).diagnostics.filter((d) => d.ruleId === 'routing/no-shadowed-rules' && d.related);
    expect(found.map((d) => [at(d), d.related!.map((r) => `${at(r)} ${r.message}`)])).toEqual([
      ['map.yaml:52:5', ['map.yaml:45:5 the earlier rule `large-accounts`, which catches these records first']],
      ['map.yaml:68:5', ['map.yaml:57:5 the earlier rule `emea-demo-requests`, which catches these records first']],
    ]);
    for (const d of found) expect(d.message).not.toMatch(/\(line \d+\)/);
    expect(found[0]!.message).toBe(
      'Routing rule `enterprise-accounts` can never fire: the earlier rule `large-accounts` catches every record where Employees is at least 500, which includes every record `enterprise-accounts` would route. Move `enterprise-accounts` above `large-accounts`, or narrow `large-accounts`.',
    );
  });

  it('in another file of the map', () => {
    const dir = makeMap({
      'gtmap.yaml': HEADER,
      'teams.yaml': 'teams:\n  - { id: sales, name: Sales }\n',
      'fields.yaml': 'fields:\n  - { id: region, name: Region, type: enum, values: [emea, na], owner: sales }\n',
      'routing/a.yaml': 'routing:\n  - id: all-leads\n    name: All leads\n    assign: { team: sales }\n',
      'routing/b.yaml':
        'routing:\n  - id: emea-leads\n    name: EMEA leads\n    when: { field: region, equals: emea }\n    assign: { team: sales }\n',
    });
    const [d, ...rest] = checkMap(dir, undefined, dir).diagnostics.filter((x) => x.ruleId === 'routing/no-shadowed-rules');
    expect(rest).toEqual([]);
    expect(`${d!.file}:${d!.line}:${d!.column}`).toBe('routing/b.yaml:2:5');
    expect(d!.related!.map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`)).toEqual([
      'routing/a.yaml:2:5 the earlier rule `all-leads`, which catches these records first',
    ]);
  });

  it('`gtmap lint` prints it under the finding', () => {
    const run = runCli(['lint', FIXTURE]);
    const lines = run.stdout.split('\n');
    const i = lines.findIndex((l) => l.includes('map.yaml:52:5') && l.includes('routing/no-shadowed-rules'));
    expect(lines.slice(i + 1).find((l) => l.startsWith('  related: '))).toBe(
      `  related: ${FIXTURE}/map.yaml:45:5 the earlier rule \`large-accounts\`, which catches these records first`,
    );
  });
});
