import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { rules } from '../src/lint/rules/index.js';

// Each rule's fixtures: test/fixtures/rules/<rule id, first / as ->/valid must give no finding of
// the rule; every other folder (invalid, invalid-*) must give exactly these findings, in order:
// [file:line:column, start of the message].
const TABLE: Record<string, Record<string, [string, string][]>> = {
  'cadence/decisions-have-inputs': {
    invalid: [['map.yaml:17:5', 'Meeting `weekly-pipeline-review` makes decisions but reads no inputs,']],
  },
  'cadence/has-owner': {
    invalid: [['map.yaml:14:5', 'Meeting `weekly-forecast-call` has no owner, so nobody is accountable']],
  },
  'cadence/makes-decisions': {
    invalid: [
      ['map.yaml:14:5', 'Meeting `weekly-sales-sync` decides nothing: it only exchanges'],
      ['map.yaml:20:5', 'Meeting `quarterly-kickoff` lists no decisions. Add `decisions:` with'],
    ],
  },
  'decision/every-section-governed': {
    invalid: [
      ['map.yaml:2:5', 'No decision domain governs the teams (`teams`): a change to them needs'],
      ['map.yaml:15:5', 'No decision domain governs the decision domains (`decisionRights`): a'],
    ],
  },
  'decision/file-single-owner': {
    invalid: [['map.yaml:10:5', '`map.yaml` holds entities owned by `finance` and `revops` (through their']],
  },
  'decision/overlap-has-precedence': {
    invalid: [['map.yaml:20:9', 'Decision domains `routing-logic` (owner `revops`) and `lead-scoring` (owner']],
  },
  'decision/has-escalation': {
    invalid: [
      ['map.yaml:12:5', 'Decision domain `stage-definitions` has no escalation path: a'],
      ['map.yaml:18:18', 'Decision domain `territory-strategy` escalates to `sales`, its own'],
    ],
  },
  'decision/owner-not-list': {
    invalid: [['map.yaml:14:12', 'Decision domain `stage-definitions` writes its single owner as a']],
  },
  'decision/single-owner': {
    invalid: [
      ['map.yaml:12:5', 'Decision domain `stage-definitions` has no owner, so every team can'],
      ['map.yaml:18:12', 'Decision domain `discount-policy` has 2 owners (`sales` and'],
    ],
  },
  'demand/has-response-sla': {
    invalid: [
      ['map.yaml:28:5', 'Demand source `demo-request` (inbound) has no response SLA: someone'],
      ['map.yaml:32:5', 'Demand source `free-trial` (product) has no response SLA: someone is'],
    ],
  },
  'demand/measurable-sla': {
    invalid: [
      ['map.yaml:32:5', 'The response SLA of demand source `demo-request` (within 15 minutes)'],
      ['map.yaml:41:9', 'The response SLA of demand source `free-trial` names'],
      ['map.yaml:49:15', 'The response SLA of demand source `webinar` measures from'],
    ],
  },
  'field/has-owner': {
    invalid: [['map.yaml:9:5', 'Field `close-date` has no owner, so nobody is accountable for it']],
  },
  'field/required-is-used': {
    invalid: [
      ['map.yaml:30:5', 'Field `competitor` is required, but no condition, metric, meeting or'],
      ['map.yaml:35:5', 'Field `industry` is required from stage `proposal`, but no condition,'],
    ],
  },
  'forecast/category-has-evidence': {
    invalid: [
      ['map.yaml:16:5', 'Forecast category `best-case` (best-case) states no required'],
      ['map.yaml:27:9', 'Evidence `verbal` of forecast category `commit` has no `check`, so'],
      ['map.yaml:32:5', 'Forecast category `closed` (closed) states no required evidence, so a'],
    ],
  },
  'forecast/commit-defined': {
    invalid: [
      ['map.yaml:15:5', 'No forecast category has `kind: commit`, so nobody has defined what a'],
      ['map.yaml:25:21', 'Forecast process `quarterly-call` names `best-case` as its commit'],
    ],
  },
  'handoff/has-acceptance': {
    invalid: [
      ['map.yaml:10:5', 'Handoff `mql-to-sdr` states no acceptance criteria, so'],
      ['map.yaml:18:5', 'Handoff `sdr-to-ae` has an empty `acceptance:` list, so `sales` can'],
    ],
  },
  'handoff/has-owner': {
    invalid: [['map.yaml:15:5', 'Handoff `sdr-to-ae` has no accountable owner. Add `owner:` with the']],
  },
  'handoff/has-return-path': {
    invalid: [['map.yaml:10:5', 'Handoff `sdr-to-ae` has no return path: when `sales` rejects the']],
  },
  'handoff/has-sla': {
    invalid: [['map.yaml:10:5', 'Handoff `sdr-to-ae` has no SLA: nothing says how long `sales` may']],
  },
  'incentive/paid-on-checkable': {
    invalid: [
      ['map.yaml:37:22', 'Measure "New ARR booked" of plan `ae-plan` pays on stage'],
      ['map.yaml:39:25', 'Measure "Commit accuracy" of plan `ae-plan` pays on forecast category'],
    ],
  },
  'initiative/has-consequences': {
    invalid: [
      ['map.yaml:2:5', 'Initiative `crm-cleanup` does not say what changes this period:'],
      ['map.yaml:8:5', 'Initiative `routing-fix` does not say what changes this period:'],
    ],
  },
  'initiative/layer3-needs-evidence': {
    invalid: [
      ['map.yaml:5:5', 'Initiative `pricing-overhaul` is layer 3 (structural work) but names'],
      ['map.yaml:11:5', 'Initiative `territory-reset` is layer 3, but its `evidenceFrom` names'],
    ],
  },
  'lifecycle/has-owner': {
    invalid: [['map.yaml:6:5', 'Lifecycle stage `onboarding` (onboarding) has no owner, so customers']],
  },
  'lifecycle/renewal-risk-owned': {
    invalid: [
      ['map.yaml:6:5', 'Lifecycle stage `renewal` holds renewal risk (renewal) and has no'],
      ['map.yaml:9:5', 'Lifecycle stage `at-risk` holds renewal risk (churn-risk) and has no'],
    ],
  },
  'metric/has-owner': {
    invalid: [['map.yaml:11:5', 'Metric `lead-response-time` has no owner, so nobody is accountable']],
  },
  'metric/has-source': {
    invalid: [['map.yaml:11:5', 'Metric `lead-response-time` names no source, so two teams can compute']],
  },
  'metric/has-target': {
    invalid: [['map.yaml:11:5', 'Metric `lead-response-time` has no target, so nobody can say whether']],
  },
  'pipeline/ends-in-won-and-lost': {
    invalid: [
      ['map.yaml:17:9', 'From stage `proposal` of pipeline `new-business` no won or lost stage'],
      ['map.yaml:20:9', 'From stage `negotiation` of pipeline `new-business` no won or lost'],
      ['map.yaml:27:5', 'Pipeline `partner-sourced` has no lost stage, so a deal that dies'],
      ['map.yaml:27:5', 'Pipeline `partner-sourced` has no won stage, so no deal in it can be'],
    ],
  },
  'pipeline/requires-buyer-problem': {
    invalid: [
      ['map.yaml:22:5', "No stage of pipeline `new-business` requires the buyer's problem with"],
      ['map.yaml:32:9', "Stage `exp-identified` of pipeline `expansion` requires the buyer's"],
      ['map.yaml:37:5', "Pipeline `partner` requires the buyer's problem (stage"],
    ],
  },
  'pipeline/stages-reachable': {
    invalid: [['map.yaml:16:9', 'Stage `proposal` of pipeline `new-business` cannot be reached from']],
  },
  'routing/has-fallback': {
    invalid: [
      ['map.yaml:47:5', 'Fallback rule `unmatched` is not last: `enterprise-accounts` comes'],
      ['map.yaml:48:5', 'Fallback rule `unmatched` has `when:`, so it does not catch'],
    ],
    'invalid-missing': [['map.yaml:50:5', 'No routing rule has `fallback: true`, so a record that matches no']],
    'invalid-per-object': [['map.yaml:57:5', 'No fallback rule catches account records (the fallback']],
  },
  'routing/no-shadowed-rules': {
    invalid: [
      ['map.yaml:52:5', 'Routing rule `enterprise-accounts` can never fire: the earlier rule'],
      ['map.yaml:68:5', 'Routing rule `emea-demo-requests-mid-market` can never fire: the'],
      ['map.yaml:83:5', 'Routing rule `huge-mid-market` can never fire: its conditions'],
    ],
  },
  'routing/segment-routed': {
    invalid: [
      ['map.yaml:34:5', 'Segment `mid-market` is routed by no rule: its records fall through'],
      ['map.yaml:44:5', 'Segment `apac` is routed by no rule: its records fall through to the'],
    ],
  },
  'routing/sla-business-hours': {
    invalid: [['map.yaml:8:23', 'Rule `unmatched` gives team `revops` a first-response SLA of 1bd, in']],
    'invalid-hours': [
      ['gtmap.yaml:4:13', 'These business hours cannot be used: `Europe/Berln` is not a time zone'],
      ['gtmap.yaml:5:13', 'These business hours cannot be used: Holiday `25.12.2026` is not a'],
      ['map.yaml:4:43', 'These business hours cannot be used: Business hours end (09:00) must'],
    ],
  },
  'routing/tests-pass': {
    invalid: [['map.yaml:19:21', 'Case "A 150-person company goes to the mid-market queue" expects rule']],
  },
  'routing/team-covers-segment': {
    invalid: [['map.yaml:54:13', 'Routing rule `mid-market-accounts` sends segment `mid-market` to']],
  },
  'stage/tests-pass': {
    invalid: [['map.yaml:19:24', 'Case "A problem worth 10000 a year moves past discovery" expects the']],
  },
  'stage/checkable-exit-criteria': {
    invalid: [
      ['map.yaml:28:13', 'Exit criterion `good-fit` of stage `discovery` is prose only: nothing'],
      ['map.yaml:29:36', 'Exit criterion `good-fit` of stage `discovery` says "good fit", which'],
      ['map.yaml:30:37', 'Exit criterion `#2 "Pain is confirmed as needed."` of stage'],
    ],
  },
  'stage/has-exit-criteria': {
    invalid: [
      ['map.yaml:25:9', 'Stage `qualification` of pipeline `new-business` has no exit'],
      ['map.yaml:29:9', 'Stage `discovery` of pipeline `new-business` has an empty'],
    ],
  },
  'stage/has-forecast-category': {
    invalid: [
      ['map.yaml:24:9', 'Stage `discovery` of pipeline `new-business` maps to no forecast'],
      ['map.yaml:26:9', 'Stage `closed-won` of pipeline `new-business` maps to no forecast'],
    ],
  },
  'stage/has-stale-window': {
    invalid: [['map.yaml:16:9', 'Stage `proposal` of pipeline `new-business` has no stale window: a']],
  },
  'stage/stale-asks-question': {
    invalid: [['map.yaml:16:9', 'Stage `discovery` acts on stale deals (`remove-from-forecast`) but']],
  },
  'stage/stale-changes-state': {
    invalid: [
      ['map.yaml:15:9', 'Stage `discovery` calls a deal stale after 21 days, but nothing'],
      ['map.yaml:20:19', 'Stage `proposal` moves stale deals (`action: move-to-stage`) but'],
      ['map.yaml:26:11', 'Stage `negotiation` names `moveTo: proposal`, but its stale action is'],
      ['map.yaml:32:19', 'Stage `legal` moves stale deals to itself, which changes nothing.'],
      ['map.yaml:38:19', 'Stage `signature` moves stale deals to `renewal-review`, which is not'],
    ],
  },
  'text/no-vague-language': {
    invalid: [
      ['map.yaml:16:22', 'Handoff `sdr-to-ae`: `onReject.owes` says "ASAP": give a duration,'],
      ['map.yaml:16:39', 'Handoff `sdr-to-ae`: `onReject.owes` says "etc.": list every item: an'],
      ['map.yaml:21:19', 'Decision domain `discounting`: `escalateWhen` says "TBD": name the'],
      ['map.yaml:27:22', 'Meeting `pipeline-review`: decision #1 says "regularly": give a'],
      ['map.yaml:27:46', 'Meeting `pipeline-review`: decision #1 says "as needed": state the'],
    ],
  },
};

const ROOT = 'test/fixtures/rules';
const dirOf = (id: string): string => `${ROOT}/${id.replace('/', '-')}`;
const CORE = /^(yaml|schema|ref|condition|lint)\//;

describe('rule fixtures', () => {
  it('the table covers exactly the rules in the index', () => {
    expect(Object.keys(TABLE).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  for (const [id, cases] of Object.entries(TABLE)) {
    describe(id, () => {
      it('has a table entry for every fixture folder', () => {
        const folders = existsSync(dirOf(id)) ? readdirSync(dirOf(id)).sort() : [];
        expect(folders).toEqual(['valid', ...Object.keys(cases)].sort());
      });

      it('valid: no finding of the rule, and a clean map otherwise', () => {
        const r = checkMap(`${dirOf(id)}/valid`);
        expect(r.skipped).toEqual([]);
        expect(
          r.diagnostics
            .filter((d) => d.severity === 'error' && CORE.test(d.ruleId))
            .map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`),
        ).toEqual([]);
        expect(r.diagnostics.filter((d) => d.ruleId === id).map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      });

      for (const [folder, expected] of Object.entries(cases)) {
        it(`${folder}: exactly the expected findings`, () => {
          const r = checkMap(`${dirOf(id)}/${folder}`);
          expect(r.skipped).toEqual([]);
          expect(
            r.diagnostics
              .filter((d) => d.severity === 'error' && CORE.test(d.ruleId))
              .map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`),
          ).toEqual([]);
          const found = r.diagnostics.filter((d) => d.ruleId === id);
          expect(found.map((d) => `${d.file.split('/').pop()}:${d.line}:${d.column}`)).toEqual(expected.map(([loc]) => loc));
          found.forEach((d, i) => {
            expect(d.message.startsWith(expected[i]![1]), `${d.message}\n  should start with\n${expected[i]![1]}`).toBe(true);
            expect(d.severity).toBe(rules.find((x) => x.id === id)!.severity);
            expect(d.docsUrl).toBe(`https://github.com/gtmap/gtmap/blob/main/docs/rules/${id.replace('/', '-')}.md`);
          });
        });
      }
    });
  }
});
