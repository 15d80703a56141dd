// A broken part of a map never hides findings in the sound parts: lint goes on past a schema
// error or a file that does not parse, and every format says what it left out.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMap } from '../src/check.js';
import { copyExampleMap, runCli } from './helpers.js';

/** Replaces the first occurrence of `from` in a map file; fails loudly if it is not there. */
function edit(dir: string, rel: string, from: string | RegExp, to: string): void {
  const p = join(dir, rel);
  const text = readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${rel}: ${String(from)} not found`).not.toBe(text);
  writeFileSync(p, next);
}

/** The example map with one misspelt key in one stage, and lint findings in other entities and files. */
function mapWithOneSchemaError(): string {
  const dir = copyExampleMap();
  edit(dir, 'pipelines/expansion.yaml', 'probability: 15', 'probabilty: 15');
  edit(dir, 'handoffs.yaml', /\n    owner: marketing\n/, '\n');
  edit(dir, 'metrics.yaml', /\n    owner: revops\n/, '\n');
  return dir;
}

describe('one schema error does not switch off lint', () => {
  it('reports the schema error and every lint finding in other entities and files', () => {
    const r = checkMap(mapWithOneSchemaError());
    const ids = r.diagnostics.map((d) => `${d.ruleId} ${d.file.split('/').slice(-1)[0]}`);
    expect(ids).toContain('schema/unknown-key expansion.yaml');
    expect(ids).toContain('handoff/has-owner handoffs.yaml');
    expect(ids).toContain('metric/has-owner metrics.yaml');
  });

  it('leaves out only the broken entity, and says so', () => {
    const r = checkMap(mapWithOneSchemaError());
    // the pipeline, the one rule that reads the whole map (a field may be read only there), and
    // the stage test cases (a case may walk the pipeline that was left out)
    expect(r.skipped.map((s) => s.what)).toEqual([
      expect.stringMatching(/^Pipeline `expansion` \(.*pipelines\/expansion\.yaml\)$/),
      'rule stage/tests-pass',
      'rule field/required-is-used',
    ]);
    expect(r.skipped[0]!.why).toMatch(/schema error at .*expansion\.yaml:13:9/);
    expect(r.skipped[1]!.why).toMatch(/`pipelines` is incomplete/);
    expect(r.skipped[2]!.why).toMatch(/`pipelines` is incomplete/);
  });

  it('skips a rule that reasons over a whole section that lost a part, naming the section', () => {
    const dir = copyExampleMap();
    edit(dir, 'routing.yaml', 'object: opportunity', 'objekt: opportunity');
    edit(dir, 'handoffs.yaml', /\n    owner: marketing\n/, '\n');
    const r = checkMap(dir);
    const skippedRules = r.skipped.filter((s) => s.what.startsWith('rule ')).map((s) => s.what);
    expect(skippedRules).toEqual(expect.arrayContaining(['rule routing/segment-routed', 'rule field/required-is-used']));
    expect(r.skipped.find((s) => s.what === 'rule routing/segment-routed')!.why).toMatch(/`routing` is incomplete/);
    // rules that judge each entity on its own still run over the sound routing rules and elsewhere
    expect(r.diagnostics.map((d) => d.ruleId)).toContain('handoff/has-owner');
  });

  it('lints every other file when one file does not parse', () => {
    const dir = copyExampleMap();
    edit(dir, 'metrics.yaml', 'name: Lead response time', 'name: "Lead response time');
    edit(dir, 'handoffs.yaml', /\n    owner: marketing\n/, '\n');
    const r = checkMap(dir);
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(expect.arrayContaining(['yaml/syntax', 'handoff/has-owner']));
    expect(r.skipped[0]!.what).toMatch(/metrics\.yaml$/);
    expect(r.skipped[0]!.why).toMatch(/does not parse .*it seems to hold `metrics`/);
  });

  it('does not call a suppression unused when what it suppresses may be in the part left out', () => {
    const dir = copyExampleMap();
    edit(
      dir,
      'handoffs.yaml',
      /\n    owner: marketing\n/,
      '\n    # gtmap-disable-next-line handoff/has-sla -- agreed\n    owner: marketing\n    ownr: x\n',
    );
    const r = checkMap(dir);
    expect(r.diagnostics.map((d) => d.ruleId)).toContain('schema/unknown-key');
    expect(r.diagnostics.map((d) => d.ruleId)).not.toContain('lint/unused-disable');
  });

  it('skips a rule that reads a key of gtmap.yaml with a schema error, instead of reporting it twice or failing on it', () => {
    const dir = copyExampleMap();
    edit(dir, 'gtmap.yaml', 'days: [mon, tue, wed, thu, fri]', 'days: 0');
    edit(dir, 'handoffs.yaml', /\n    owner: marketing\n/, '\n');
    const r = checkMap(dir);
    const ids = r.diagnostics.map((d) => d.ruleId);
    expect(ids.filter((id) => id.startsWith('schema/'))).toHaveLength(1);
    expect(ids).not.toContain('routing/sla-business-hours');
    expect(ids).toContain('handoff/has-owner');
    const skip = r.skipped.find((s) => s.what === 'rule routing/sla-business-hours');
    expect(skip?.why).toMatch(/^it reads `businessHours` in gtmap\.yaml, which has a schema error at .*gtmap\.yaml:\d+:\d+$/);
  });

  it('a complete run has no skip notices', () => {
    expect(checkMap(copyExampleMap()).skipped).toEqual([]);
  });
});

describe('every format says the run was partial', () => {
  const dir = mapWithOneSchemaError();

  it('json: lintSkipped names what and why', () => {
    const r = runCli(['lint', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { lintSkipped: { what: string; why: string }[]; diagnostics: { ruleId: string }[] };
    expect(out.lintSkipped).toHaveLength(3); // the pipeline, field/required-is-used and stage/tests-pass
    expect(out.lintSkipped[0]!.what).toMatch(/Pipeline `expansion`/);
    expect(out.diagnostics.map((d) => d.ruleId)).toContain('handoff/has-owner');
  });

  it('sarif: executionSuccessful is false, with a notification', () => {
    const r = runCli(['lint', dir, '--format', 'sarif']);
    const run = (
      JSON.parse(r.stdout) as {
        runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[] }[];
      }
    ).runs[0]!;
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications?.[0]?.message.text).toMatch(/expansion/);
  });

  it('stylish and markdown say it in words', () => {
    expect(runCli(['lint', dir]).stdout).toMatch(/not linted: Pipeline `expansion`/);
    expect(runCli(['lint', dir, '--format', 'markdown']).stdout).toMatch(/not linted/i);
  });

  it('a complete run says nothing of the kind', () => {
    const r = runCli(['lint', copyExampleMap(), '--format', 'json']);
    expect((JSON.parse(r.stdout) as { lintSkipped: unknown[] }).lintSkipped).toEqual([]);
    expect(runCli(['lint', copyExampleMap()]).stdout).not.toMatch(/not linted/i);
  });
});
