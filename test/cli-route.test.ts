// `gtmap route` and `gtmap test` as processes: stdout, stderr, exit codes.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExampleMap, runCli, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const keep = (d: string): string => (dirs.push(d), d);

const GERMAN_DEMO = [
  '-s',
  'employee-count=240',
  '-s',
  'hq-region=emea',
  '-s',
  'lead-source=demo-request',
  '-s',
  'customer-status=prospect',
];
const AT = ['--at', '2026-11-30T16:40:00Z'];

describe('gtmap route', () => {
  it('routes a lead and prints the rule, team, queue, SLA, due time and the trace', () => {
    const r = runCli(['route', 'map', ...GERMAN_DEMO, ...AT]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Matched `mid-market-demo-requests`.');
    expect(r.stdout).toMatch(/rule {6}mid-market-demo-requests {2}Mid-market demo requests {2}map\/routing\.yaml:\d+:5/);
    expect(r.stdout).toContain('team      sales-development');
    expect(r.stdout).toContain('queue     Mid-market inbound');
    expect(r.stdout).toContain('due       2026-11-30 11:55 (Mon) America/New_York  =  2026-11-30T16:55:00Z');
    // the trace shows each earlier rule's conditions with the value each saw
    expect(r.stdout).toContain('no  customer-status is customer  saw prospect');
    expect(r.stdout).toContain('no  employee-count is at least 2000  saw 240');
  });

  it('json has the documented shape', () => {
    const r = runCli(['route', 'map', ...GERMAN_DEMO, ...AT, '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['segment', 'rule', 'team', 'queue', 'method', 'sla', 'due', 'outcome', 'trace', 'undecidedBy']),
    );
    expect(j).toMatchObject({ outcome: 'matched', segment: 'mid-market', rule: 'mid-market-demo-requests', sla: '15m' });
    expect(j.due.utc).toBe('2026-11-30T16:55:00Z');
    const customer = j.trace.find((t: { rule: string }) => t.rule === 'customer-leads');
    expect(customer.segment.condition).toMatchObject({ field: 'customer-status', value: 'prospect', verdict: 'false' });
  });

  it('markdown gives a table of the result and one of the trace', () => {
    const r = runCli(['route', 'map', ...GERMAN_DEMO, ...AT, '-f', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| rule | mid-market-demo-requests |');
    expect(r.stdout).toContain('| `customer-leads` | false | customer-status is customer: false (saw prospect) |');
  });

  it('a fallback exits 0, or 1 with --fail-on fallback', () => {
    const args = ['route', 'map', '-s', 'employee-count=500', '-s', 'hq-region=apac', '-s', 'customer-status=prospect', ...AT];
    const r = runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fell to the fallback `unrouted-records`');
    expect(runCli([...args, '--fail-on', 'fallback']).code).toBe(1);
    expect(runCli([...args, '--fail-on', 'undecided']).code).toBe(0);
  });

  it('an undecided lead names the missing field, and fails with --fail-on undecided', () => {
    const r = runCli([
      'route',
      'map',
      '-s',
      'employee-count=240',
      '-s',
      'hq-region=emea',
      '-s',
      'lead-source=demo-request',
      ...AT,
      '--fail-on',
      'undecided',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Undecided: customer-status is missing, so `customer-leads` could have fired but for an unknown.');
    expect(r.stdout).toContain('customer-leads  map/routing.yaml:31:5  cannot decide: customer-status missing');
  });

  it('--why-not prints the first failing condition and the smallest change', () => {
    const r = runCli([
      'route',
      'map',
      '-s',
      'employee-count=240',
      '-s',
      'hq-region=emea',
      '-s',
      'lead-source=content',
      '-s',
      'customer-status=prospect',
      '--why-not',
      'mid-market-demo-requests',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^`mid-market-demo-requests` does not fire: lead-source is demo-request is false, saw content\.\nSmallest change: set lead-source=demo-request\.\n/,
    );
    const bad = runCli(['route', 'map', '--why-not', 'mid-market-demo-request']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Did you mean `mid-market-demo-requests`?');
  });

  it('types --set values by the declared fields: a bad value names the type, an undeclared field gets a did-you-mean', () => {
    const r = runCli(['route', 'map', '-s', 'employee-count=abc']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gtmap: --set employee-count=…: `employee-count` is a number field; `abc` is not a number. Give e.g. `240`.\n');
    const u = runCli(['route', 'map', '-s', 'employe-count=3']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('`employe-count` is not a declared field. Did you mean `employee-count`?');
    expect(runCli(['route', 'map', '-s', 'nonsense']).stderr).toContain('write field=value');
    expect(runCli(['route', 'map', '--at', 'tomorrow']).stderr).toContain('give an ISO 8601 time with a zone');
  });

  it('reads --record from YAML and JSON, and locates a bad value in the file', () => {
    const dir = keep(tempDir());
    writeFileSync(
      join(dir, 'lead.json'),
      JSON.stringify({ 'employee-count': 240, 'hq-region': 'emea', 'lead-source': 'demo-request', 'customer-status': 'prospect' }),
    );
    const ok = runCli(['route', 'map', '--record', join(dir, 'lead.json'), ...AT, '-f', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).rule).toBe('mid-market-demo-requests');
    // --set overrides the file
    const over = runCli(['route', 'map', '--record', join(dir, 'lead.json'), '-s', 'lead-source=content', ...AT, '-f', 'json']);
    expect(JSON.parse(over.stdout).rule).toBe('mid-market-leads');
    writeFileSync(join(dir, 'lead.yaml'), 'employee-count: "many"\nhq-region: emea\n');
    const bad = runCli(['route', 'map', '--record', join(dir, 'lead.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lead\.yaml:1:17 {2}`employee-count` is a number field; `many` is not a number\./);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('strips control characters from record values before the terminal', () => {
    const r = runCli(['route', 'map', '-s', 'managing-accounting-firm=Evil\u001b[31mCo', '-s', 'customer-status=prospect']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('Evil\\x1b[31mCo');
  });

  it('refuses a broken map with its located errors (exit 2)', () => {
    const dir = keep(copyExampleMap());
    writeFileSync(
      join(dir, 'routing.yaml'),
      readFileSync(join(dir, 'routing.yaml'), 'utf8').replace('segment: enterprise\n', 'segment: enterprize\n'),
    );
    const r = runCli(['route', dir, ...GERMAN_DEMO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/routing\.yaml:\d+:\d+ {2}.*enterprize/);
  });

  it('--suggest-cases proposes cases that pass as written', () => {
    const dir = keep(copyExampleMap());
    const r = runCli(['route', dir, '--suggest-cases', join(dir, 'tests', 'suggested.yaml')]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'tests', 'suggested.yaml'), 'utf8');
    expect(text).toContain('# boundary of "employee-count is at least 200"');
    expect(text).toMatch(/given: \{ employee-count: 199,/);
    expect(text).toMatch(/given: \{ employee-count: 200,/);
    const t = runCli(['test', dir, '--no-coverage']);
    expect(t.stdout).toContain('✔ no problems');
    expect(t.code).toBe(0);
  });
});

describe('gtmap test', () => {
  it('runs the example map cases with full coverage', () => {
    const r = runCli(['test', 'map', '--min-coverage', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ no problems');
    expect(r.stderr).toMatch(/passed, 0 failed; routing coverage 100%: 17\/17 rules fired, \d+\/\d+ condition outcomes/);
    expect(r.stderr).toContain('fallback exercised');
  });

  it('a broken case fails with a located message: expected versus actual, why not, and the trace', () => {
    const dir = keep(copyExampleMap());
    const file = join(dir, 'tests', 'routing.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace(
        'expect: { outcome: matched, rule: enterprise-leads, queue: Enterprise outbound }',
        'expect: { outcome: matched, rule: mid-market-leads, queue: Enterprise outbound }',
      ),
    );
    const line = text.split('\n').findIndex((l) => l.includes('rule: enterprise-leads, queue: Enterprise outbound')) + 1;
    for (const [format, pattern] of [
      [
        'stylish',
        new RegExp(
          `tests/routing\\.yaml:${line}:39 {2}error {2}Case "An enterprise content download goes to the territory BDR" expects rule \`mid-market-leads\`, got \`enterprise-leads\`\\. \`mid-market-leads\` does not fire: employee-count is less than 2000 is false \\(saw 2500\\)\\. Trace: customer-leads: no;`,
        ),
      ],
      [
        'github',
        new RegExp(
          `::error file=.*tests/routing\\.yaml,line=${line},col=39,.*title=routing/tests-pass::Case "An enterprise content download`,
        ),
      ],
      ['junit', /<testcase[^>]*name="routing\/tests-pass[^"]*"/],
      ['sarif', /"ruleId": "routing\/tests-pass"/],
    ] as const) {
      const r = runCli(['test', dir, '--no-coverage', '-f', format]);
      expect(r.code, format).toBe(1);
      expect(r.stdout, format).toMatch(pattern);
    }
    // lint runs the cases too
    const lint = runCli(['lint', dir]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('routing/tests-pass');
  });

  it('a case that cannot run is reported at its mistake', () => {
    const dir = keep(copyExampleMap());
    writeFileSync(
      join(dir, 'tests', 'extra.yaml'),
      'routingTests:\n  - name: Typo\n    given: { employe-count: 240 }\n    expect: { rule: mid-market-demo-request }\n',
    );
    const r = runCli(['test', dir, '--no-coverage']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /tests\/extra\.yaml:3:14 {2}error {2}Case "Typo": `employe-count` is not a declared field\. Did you mean `employee-count`\?/,
    );
    expect(r.stdout).toMatch(
      /tests\/extra\.yaml:4:21 {2}error {2}Case "Typo": expects routing rule `mid-market-demo-request`, which the map does not declare\. Did you mean `mid-market-demo-requests`\?/,
    );
  });

  it('reports coverage gaps and fails below --min-coverage', () => {
    const dir = keep(copyExampleMap());
    const file = join(dir, 'tests', 'routing.yaml');
    // keep only the first case
    const text = readFileSync(file, 'utf8');
    const second = text.indexOf('  - name: ', text.indexOf('  - name: ') + 1);
    expect(second).toBeGreaterThan(0);
    writeFileSync(file, text.slice(0, second));
    const r = runCli(['test', dir, '--min-coverage', '90']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No routing case falls to the fallback `unrouted-records`');
    expect(r.stdout).toContain('test/coverage');
    expect(r.stderr).toMatch(/Routing coverage [\d.]+% is below --min-coverage 90%/);
    expect(runCli(['test', dir]).code).toBe(0); // gaps are info findings: without a threshold the run passes
    expect(runCli(['test', dir, '--min-coverage', 'lots']).code).toBe(2);
  });

  it('says so when a map has no cases', () => {
    const dir = keep(copyExampleMap());
    rmSync(join(dir, 'tests'), { recursive: true });
    const r = runCli(['test', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no test cases');
  });
});
