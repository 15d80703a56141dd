// The engine with rules defined here: configuration, options, suppressions, positions.
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint/index.js';
import { defineRule, type Rule } from '../src/lint/rule.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { makeMap } from './helpers.js';

const teamNeedsLead = defineRule<{ minLength: number }, 'missing' | 'short'>({
  id: 'test/team-lead',
  severity: 'warn',
  description: 'Every team names its lead.',
  rationale: 'Test rule.',
  messages: { missing: 'Team `{{id}}` names no lead.', short: 'Team `{{id}}` lead `{{lead}}` is shorter than {{min}}.' },
  optionsSchema: { type: 'object', properties: { minLength: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  defaultOptions: { minLength: 1 },
  check(model, ctx) {
    model.map.teams.forEach((t, i) => {
      if (!t.lead) ctx.report({ path: ['teams', i], messageId: 'missing', data: { id: t.id } });
      else if (t.lead.length < ctx.options.minLength)
        ctx.report({ path: ['teams', i, 'lead'], messageId: 'short', data: { id: t.id, lead: t.lead, min: ctx.options.minLength } });
    });
  },
});

const TEAMS = 'teams:\n  - id: sales\n    name: Sales\n  - id: cs\n    name: CS\n    lead: VP\n';

function model(header = '', teams = TEAMS, more: Record<string, string> = {}) {
  const dir = makeMap({ 'gtmap.yaml': `apiVersion: gtmap/v1\ncompany: T\n${header}`, 'teams.yaml': teams, ...more });
  return buildModel(loadMap(dir, dir));
}

function run(header: string, teams = TEAMS) {
  return lint(model(header, teams), { rules: [teamNeedsLead] }).map(
    (d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId} ${d.message}`,
  );
}

describe('lint engine', () => {
  it('reports with the default severity at the entity position', () => {
    expect(run('')).toEqual(['teams.yaml:2:5 warn test/team-lead Team `sales` names no lead.']);
  });

  it('a severity from the config, as a string or an object; off disables', () => {
    expect(run('lint:\n  rules:\n    test/team-lead: error\n')).toEqual([
      'teams.yaml:2:5 error test/team-lead Team `sales` names no lead.',
    ]);
    expect(run('lint:\n  rules:\n    test/team-lead: { severity: info }\n')).toEqual([
      'teams.yaml:2:5 info test/team-lead Team `sales` names no lead.',
    ]);
    expect(run('lint:\n  rules:\n    test/team-lead: off\n')).toEqual([]);
  });

  it('options are applied over the defaults', () => {
    expect(run('lint:\n  rules:\n    test/team-lead: { options: { minLength: 3 } }\n')).toEqual([
      'teams.yaml:2:5 warn test/team-lead Team `sales` names no lead.',
      'teams.yaml:6:11 warn test/team-lead Team `cs` lead `VP` is shorter than 3.',
    ]);
  });

  it('settings for rules that are not running are ignored by the engine (the header schema reports unknown ids)', () => {
    expect(run('lint:\n  rules:\n    test/team-leads: off\n')).toEqual(['teams.yaml:2:5 warn test/team-lead Team `sales` names no lead.']);
  });
});

describe('suppressions', () => {
  it('next-line suppresses the finding on the next non-comment line; the reason is required', () => {
    const teams =
      'teams:\n  # gtmap-disable-next-line test/team-lead -- sales lead is being hired, see HR-12\n  - id: sales\n    name: Sales\n';
    expect(run('', teams)).toEqual([]);
    const noReason = 'teams:\n  # gtmap-disable-next-line test/team-lead\n  - id: sales\n    name: Sales\n';
    expect(run('', noReason)).toEqual([
      'teams.yaml:2:3 error lint/disable-needs-reason Suppression of `test/team-lead` gives no reason. Add one after ` -- `, e.g. `# gtmap-disable-next-line test/team-lead -- agreed with RevOps until the Q3 territory reset`.',
    ]);
  });

  it('file scope suppresses everywhere in the file', () => {
    const teams = '# gtmap-disable-file test/team-lead -- leads live in the HRIS\nteams:\n  - id: a\n    name: A\n  - id: b\n    name: B\n';
    expect(run('', teams)).toEqual([]);
  });

  it('a suppression that suppresses nothing is reported; a disabled rule is not', () => {
    const teams = 'teams:\n  - id: sales\n    name: Sales\n    # gtmap-disable-next-line test/team-lead -- stale\n    lead: VP Sales\n';
    expect(run('', teams)).toEqual([
      'teams.yaml:4:5 warn lint/unused-disable Suppression of `test/team-lead` suppresses nothing on line 5. Remove it.',
    ]);
    expect(run('lint:\n  rules:\n    test/team-lead: off\n', teams)).toEqual([]);
  });

  it('unknown and built-in rule ids in a suppression are errors', () => {
    const teams = 'teams:\n  # gtmap-disable-next-line test/team-led, ref/unresolved -- typo\n  - id: sales\n    name: Sales\n';
    expect(run('', teams)).toEqual([
      'teams.yaml:3:5 warn test/team-lead Team `sales` names no lead.',
      'teams.yaml:2:3 error lint/unknown-rule Suppression names unknown rule `test/team-led`. Did you mean `test/team-lead`? `gtmap rules` lists every rule.',
      'teams.yaml:2:3 error lint/unknown-rule `ref/unresolved` is a built-in check and cannot be suppressed: fix the map instead.',
    ]);
  });

  it('a directive-looking text inside a value is not a directive', () => {
    const teams = 'teams:\n  - id: sales\n    name: "Sales#gtmap-disable-next-line test/team-lead -- x"\n';
    expect(run('', teams)).toEqual(['teams.yaml:2:5 warn test/team-lead Team `sales` names no lead.']);
  });
});

describe('findings', () => {
  const rule = (check: Rule<Record<string, unknown>, 'same'>['check']) =>
    defineRule({
      id: 'test/same-lead',
      severity: 'warn',
      description: 'No two teams share a lead.',
      rationale: 'Test rule.',
      messages: { same: 'Team `{{id}}` shares its lead with `{{other}}`.' },
      check,
    });

  // a messageId outside the rule's messages used to print the rule's description instead
  it('an unknown messageId is a bug in gtmap: the engine throws instead of printing something else', () => {
    const typo = rule((m, ctx) => ctx.report({ path: ['teams', 0], messageId: 'sme' as 'same' }));
    expect(() => lint(model(), { rules: [typo] })).toThrow('rule test/same-lead reported unknown messageId "sme" (its messages are same)');
    const inherited = rule((m, ctx) => ctx.report({ path: ['teams', 0], messageId: 'toString' as 'same' }));
    expect(() => lint(model(), { rules: [inherited] })).toThrow('unknown messageId "toString"');
  });

  it('places related locations the way it places the finding, in any file of the map', () => {
    // map files load in path order: `more/teams.yaml` (teams[0]) before `teams.yaml` (teams[1])
    const more = { 'more/teams.yaml': 'teams:\n  - id: sales\n    name: Sales\n    lead: Ana\n' };
    const teams = 'teams:\n  - id: cs\n    name: CS\n    lead: Ana\n';
    const same = rule((m, ctx) =>
      ctx.report({
        path: ['teams', 1, 'lead'],
        messageId: 'same',
        data: { id: 'cs', other: 'sales' },
        related: [
          { path: ['teams', 0, 'lead'], message: 'the lead of `sales`' },
          { path: ['teams', 0], message: 'team `sales`' },
        ],
      }),
    );
    const [d, ...rest] = lint(model('', teams, more), { rules: [same] });
    expect(rest).toEqual([]);
    expect(`${d!.file}:${d!.line}:${d!.column} ${d!.message}`).toBe('teams.yaml:4:11 Team `cs` shares its lead with `sales`.');
    expect(d!.related).toEqual([
      { file: 'more/teams.yaml', line: 4, column: 11, endLine: 4, endColumn: 14, message: 'the lead of `sales`' },
      { file: 'more/teams.yaml', line: 2, column: 5, endLine: 2, endColumn: 14, message: 'team `sales`' },
    ]);
  });

  it('a finding without related locations has no `related` key (the JSON output stays as it was)', () => {
    const plain = rule((m, ctx) => ctx.report({ path: ['teams', 0], messageId: 'same', data: { id: 'sales', other: 'cs' } }));
    expect(Object.keys(lint(model(), { rules: [plain] })[0]!)).not.toContain('related');
  });
});
