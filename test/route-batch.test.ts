// `gtmap route --records`: batch routing of a lead export. The example export (examples/leads.csv,
// scripts/generate-leads.mjs) has planted leads that fall to the fallback or cannot be decided;
// batch routing must find exactly those, with either engine. Input traps each have a fixture in
// test/fixtures/leads/; `--base` and `gtmap diff --leads` run in real git repositories.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';
import { cleanupRepos, commitAll, copyMap, cutItem, edit, newRepo, write } from './diff-git.js';

const AT = ['--at', '2026-11-30T14:00:00Z'];
const FIX = 'test/fixtures/leads';
const planted = JSON.parse(readFileSync(join(ROOT, 'examples/leads.planted.json'), 'utf8')) as {
  at: string;
  fallback: Record<string, string>;
  undecided: Record<string, string[]>;
};

interface Row {
  row: string;
  id: string;
  outcome: string;
  rule: string;
  team: string;
}
function csvRows(text: string): Row[] {
  const [head, ...lines] = text.trimEnd().split('\n');
  expect(head).toBe('row,id,outcome,rule,team,queue,method,segment,sla');
  return lines.map((l) => {
    const [row, id, outcome, rule, team] = l.split(',');
    return { row: row!, id: id!, outcome: outcome!, rule: rule!, team: team! };
  });
}

interface Json {
  total: number;
  basis: { engine: string; idColumn: string | null; notInFile: string[]; columns: { column: string; field: string }[] };
  outcomes: Record<'matched' | 'fallback' | 'undecided', { leads: number; share: number }>;
  rules: { rule: string | null; leads: number; undecided: number; team: string | null }[];
  teams: { team: string | null; leads: number; slaHours: number | null; sla: { sla: string | null; leads: number }[] }[];
  methods: { method: string | null; leads: number }[];
  segments: { segment: string | null; leads: number }[];
  undecidedEmpty: { field: string; leads: number }[];
  changes?: { changed: number; total: number; groups: { from: Row; to: Row; leads: number; ids: string[] }[] };
}

describe('gtmap route --records on examples/leads.csv', { timeout: 180_000 }, () => {
  const sql = runCli(['route', 'map', '--records', 'examples/leads.csv', '--at', planted.at, '--format', 'csv']);
  const js = runCli(['route', 'map', '--records', 'examples/leads.csv', '--at', planted.at, '--format', 'csv', '--engine', 'js']);

  it('routes every lead, exit 0, nothing on stderr', () => {
    expect([sql.code, sql.stderr]).toEqual([0, '']);
    expect(csvRows(sql.stdout)).toHaveLength(247);
  });

  it('finds exactly the planted fallback and undecided leads', () => {
    const rows = csvRows(sql.stdout);
    expect(
      rows
        .filter((r) => r.outcome === 'fallback')
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.keys(planted.fallback).sort());
    expect(
      rows
        .filter((r) => r.outcome === 'undecided')
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.keys(planted.undecided).sort());
    // the fallback's own rule and team
    expect(new Set(rows.filter((r) => r.outcome === 'fallback').map((r) => `${r.rule} ${r.team}`))).toEqual(
      new Set(['unrouted-records revops']),
    );
  });

  it('the SQL CASE and the JS router give the same row for every lead', () => {
    expect(js.code).toBe(0);
    expect(js.stdout).toBe(sql.stdout);
  });

  it('json: the distribution adds up, and names the empty fields behind the undecided leads', () => {
    const r = runCli(['route', 'map', '--records', 'examples/leads.csv', '--at', planted.at, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Json;
    expect(out.total).toBe(247);
    expect(out.basis.engine).toBe('sql');
    expect(out.basis.idColumn).toBe('Id');
    expect(out.basis.notInFile).toEqual([]);
    expect(out.basis.columns).toContainEqual({ column: 'NumberOfEmployees', field: 'employee-count' });
    expect([out.outcomes.matched.leads, out.outcomes.fallback.leads, out.outcomes.undecided.leads]).toEqual([240, 3, 4]);
    expect(out.outcomes.fallback.share).toBeCloseTo(3 / 247, 6);
    for (const list of [out.rules, out.teams, out.methods, out.segments]) expect(list.reduce((s, x) => s + x.leads, 0)).toBe(247);
    expect(out.rules.reduce((s, x) => s + x.undecided, 0)).toBe(4);
    expect(out.undecidedEmpty.map((e) => e.field).sort()).toEqual(Object.values(planted.undecided).flat().sort());
    // SLA load: leads × SLA in working hours; revops has only the fallback's 1bd on a 9-hour business day
    const revops = out.teams.find((t) => t.team === 'revops')!;
    expect(revops.sla).toEqual([{ sla: '1bd', leads: 4 }]);
    expect(revops.slaHours).toBe(36);
  });

  it('stylish prints the shares, the rules and the SLA basis; markdown is a table', () => {
    const r = runCli(['route', 'map', '--records', 'examples/leads.csv', '--at', planted.at]);
    expect(r.stdout).toMatch(/^Routed 247 leads from examples\/leads\.csv \(at 2026-11-30T14:00:00Z, engine sql\)\n/);
    expect(r.stdout).toContain('  fallback   3    1.2%');
    expect(r.stdout).toContain('  undecided  4    1.6%');
    expect(r.stdout).toContain('SLA load = Σ records × first-response SLA, in working hours');
    const md = runCli(['route', 'map', '--records', 'examples/leads.csv', '--at', planted.at, '-f', 'markdown']);
    expect(md.stdout).toContain('| unrouted-records | 4 | 1.6% | revops | queue | 1bd | 1 |');
  });

  it('examples/leads.csv is what the seeded generator writes (the example is not edited by hand)', () => {
    const dir = tempDir();
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-leads.mjs'), '--out', join(dir, 'leads.csv')], {
      encoding: 'utf8',
    });
    expect(g.status).toBe(0);
    expect(readFileSync(join(dir, 'leads.csv'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/leads.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'leads.planted.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/leads.planted.json'), 'utf8'));
  });

  it('--fail-on: exit 1 when a lead is undecided, or falls to the fallback', () => {
    expect(runCli(['route', 'map', '--records', 'examples/leads.csv', ...AT, '--fail-on', 'undecided', '-f', 'json']).code).toBe(1);
    expect(runCli(['route', 'map', '--records', `${FIX}/bom-semicolon.csv`, ...AT, '--fail-on', 'fallback']).code).toBe(0);
    expect(runCli(['route', 'map', '--records', `${FIX}/leads.jsonl`, ...AT, '--fail-on', 'fallback']).code).toBe(1);
  });
});

describe('batch routing input', { timeout: 120_000 }, () => {
  const csv = (file: string, ...more: string[]) => runCli(['route', 'map', '--records', file, ...AT, '--format', 'csv', ...more]);

  it('reads a BOM, semicolons, a quoted newline and "1,200", with columns named by field name', () => {
    const r = csv(`${FIX}/bom-semicolon.csv`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'row,id,outcome,rule,team,queue,method,segment,sla',
        '2,L-1,matched,mid-market-demo-requests,sales-development,Mid-market inbound,round-robin,mid-market,15m',
        '3,L-2,matched,partner-registered-leads,partnerships,Deal registration review,queue,accounting-firm-clients,1bd',
        '4,L-3,matched,self-serve-pqls,velocity-sales,,round-robin,self-serve,2h',
        '',
      ].join('\n'),
    );
  });

  it('reads JSON lines and Parquet', async () => {
    const want = [
      '2,J-1,matched,enterprise-tier-1-demo-requests,enterprise-sales,,account-owner,enterprise,1h',
      '3,J-2,fallback,unrouted-records,revops,Unrouted records,queue,,1bd',
    ];
    expect(csv(`${FIX}/leads.jsonl`).stdout.trimEnd().split('\n').slice(1)).toEqual(want);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const pq = join(tempDir(), 'leads.parquet');
    await c.run(
      `COPY (SELECT * FROM read_json('${join(ROOT, FIX, 'leads.jsonl')}', format = 'newline_delimited')) TO '${pq}' (FORMAT parquet)`,
    );
    c.closeSync();
    db.closeSync();
    expect(csv(pq).stdout.trimEnd().split('\n').slice(1)).toEqual(want);
  });

  it('columns that match no field stop the run with a located list, and no CSV', () => {
    const r = csv(`${FIX}/unmatched.csv`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        `gtmap: ${FIX}/unmatched.csv: 2 problems stop the routing:`,
        '  row 1, column 4 "Company": matches no field id, name or crm name',
        '  row 1, column 5 "Favourite colour": matches no field id, name or crm name',
        "Fix: add the names to the fields' `crm:` in the map, or map each column to a field id (or `ignore`) under `columns:` in a mapping file passed with --mapping (`gtmap audit init` writes one).",
        '',
      ].join('\n'),
    );
  });

  it('a mapping file can ignore columns', () => {
    const dir = tempDir();
    const m = join(dir, 'mapping.yaml');
    write(dir, 'mapping.yaml', 'columns:\n  Company: ignore\n  Favourite colour: ignore\n');
    const r = csv(`${FIX}/unmatched.csv`, '--mapping', m);
    expect(r.stdout.split('\n')[1]).toBe('2,A-1,undecided,unrouted-records,revops,Unrouted records,queue,,1bd');
  });

  it('values padded with spaces or other Unicode spaces route as the bare values (the reader trims only where it must)', () => {
    // the reader skips TRIM for a value with no space at either end and only ASCII characters: padding of any kind must still go
    const dir = tempDir();
    const head = 'Id,LeadSource,NumberOfEmployees,HQ_Region__c,Customer_Status__c\n';
    const bare = ['A-1,Demo Request,300,EMEA,Prospect', 'A-2,Event,2500,North America,Customer', 'A-3,Content,40,EMEA,Prospect'];
    const nbsp = '\u00a0';
    const ideo = '\u3000';
    const padded = [
      `A-1, Demo Request${nbsp},${nbsp}300,EMEA ,Prospect`,
      `A-2,${ideo}Event,2500${ideo},${nbsp}North America, Customer`,
      `A-3,Content ,${nbsp}40${nbsp},EMEA,${nbsp}Prospect`,
    ];
    write(dir, 'bare.csv', head + bare.join('\n') + '\n');
    write(dir, 'padded.csv', head + padded.join('\n') + '\n');
    const want = csv(join(dir, 'bare.csv'));
    expect(want.stderr).toBe('');
    expect(want.stdout.split('\n').filter((l) => l.includes(',matched,')).length).toBeGreaterThan(1);
    for (const engine of ['sql', 'js']) expect(csv(join(dir, 'padded.csv'), '--engine', engine).stdout).toBe(want.stdout);
  });

  it('unreadable values are located by row, column and field', () => {
    const r = csv(`${FIX}/unreadable.csv`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  row 3, column "NumberOfEmployees" (field employee-count): is not a number\n');
    expect(r.stderr).toContain('  row 4, column "LeadSource" (field lead-source): is not a value of the field (allowed: demo-request,');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(csv(`${FIX}/unreadable.csv`, '--engine', 'js').stderr).toBe(r.stderr);
  });

  it('without an id column, records are named by row; --id-column must name a column', () => {
    const r = csv(`${FIX}/no-id.csv`);
    expect(r.stdout.trimEnd().split('\n').slice(1)).toEqual([
      '2,,matched,mid-market-leads,sales-development,Mid-market nurture,territory,mid-market,1bd',
      '3,,undecided,leads-missing-firmographics,marketing,Enrichment review,queue,,1bd',
    ]);
    expect(runCli(['route', 'map', '--records', `${FIX}/no-id.csv`, ...AT]).stdout).toContain('no id column (rows are named by number)');
    const bad = csv(`${FIX}/no-id.csv`, '--id-column', 'Lead Id');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--id-column "Lead Id": no such column; the columns are "LeadSource", "NumberOfEmployees"');
  });

  it('ids from the export cannot start a formula in CSV or colour the terminal', () => {
    const r = csv(`${FIX}/hostile.csv`);
    expect(r.stdout).toContain(`2,"'=HYPERLINK(""http://x.example"")",fallback`);
    expect(r.stdout).not.toContain('\u001b');
    const s = runCli(['route', 'map', '--records', `${FIX}/hostile.csv`, ...AT, '--base', 'HEAD', '--no-color']);
    expect(s.stdout).not.toContain('\u001b');
  });

  it('a missing file, and one-record options with --records, are usage errors', () => {
    const r = csv('no/such.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'gtmap: cannot read the records file no/such.csv: ENOENT. Give a CSV, Parquet or JSON lines export with --records.\n',
    );
    expect(runCli(['route', 'map', '--records', 'examples/leads.csv', '--set', 'employee-count=3']).stderr).toContain(
      '--records routes a whole file; --set, --record, --why-not and --suggest-cases are for one record.',
    );
    expect(runCli(['route', 'map', '--set', 'employee-count=3', '-f', 'csv']).code).toBe(2);
  });
});

describe('--base and gtmap diff --leads', { timeout: 180_000 }, () => {
  afterAll(cleanupRepos);
  const repo = newRepo();
  copyMap(repo);
  commitAll(repo, 'base');
  // the head drops the mid-market demo-request rule: those leads go to the nurture rule instead
  edit(repo, 'map/routing.yaml', (s) => cutItem(s, 'mid-market-demo-requests'));
  const leads = join(ROOT, 'examples/leads.csv');

  it('lists the leads whose rule changes, grouped by old and new team, the same with both engines', () => {
    const outs = (['sql', 'js'] as const).map((engine) => {
      const r = runCli(['route', 'map', '--records', leads, '--base', 'main', '--at', planted.at, '-f', 'json', '--engine', engine], {
        cwd: repo,
      });
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as Json).changes!;
    });
    expect(outs[1]).toEqual(outs[0]);
    const c = outs[0]!;
    expect(c.total).toBe(247);
    const before = csvRows(runCli(['route', 'map', '--records', leads, '--at', planted.at, '-f', 'csv'], { cwd: repo }).stdout);
    expect(before.filter((r) => r.rule === 'mid-market-demo-requests')).toHaveLength(0);
    const base = csvRows(runCli(['route', 'map', '--records', leads, '--at', planted.at, '-f', 'csv']).stdout);
    const moved = base.filter((r) => r.rule === 'mid-market-demo-requests').map((r) => r.id);
    expect(c.changed).toBe(moved.length);
    expect(c.groups).toEqual([
      {
        from: { rule: 'mid-market-demo-requests', team: 'sales-development', outcome: 'matched' },
        to: { rule: 'mid-market-leads', team: 'sales-development', outcome: 'matched' },
        leads: moved.length,
        ids: moved.slice(0, 10),
      },
    ]);
  });

  it('gtmap diff --leads adds the section to stylish, markdown and json', () => {
    const args = ['diff', 'map', '--base', 'main', '--leads', leads, '--at', planted.at, '--no-color'];
    const s = runCli(args, { cwd: repo });
    expect(s.stdout).toContain('Leads whose routing changes against main: 8 of 247\n  sales-development → sales-development: 8');
    const md = runCli([...args, '-f', 'markdown'], { cwd: repo });
    expect(md.stdout).toContain('| sales-development | sales-development | 8 | mid-market-demo-requests | mid-market-leads |');
    const j = JSON.parse(runCli([...args, '-f', 'json'], { cwd: repo }).stdout) as { leads: { changed: number; file: string } };
    expect(j.leads.changed).toBe(8);
    expect(j.leads.file).toBe(leads);
  });

  it('an unknown base ref is a usage error', () => {
    const r = runCli(['route', 'map', '--records', leads, '--base', 'nope'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base nope: no such commit in this repository.');
  });
});
