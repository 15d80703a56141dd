// gtmap audit as a process: the input traps of real CRM exports (each a small fixture in
// test/fixtures/audit/), located errors for what does not match, the output formats with hostile
// deal data, audit init, and that `gtmap lint` never loads DuckDB.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const FIX = 'test/fixtures/audit';
const AS_OF = ['--as-of', '2026-11-30'];
const audit = (file: string, ...more: string[]) => runCli(['audit', 'map', '--deals', `${FIX}/${file}`, ...AS_OF, ...more]);
type Json = {
  deals: { id: string; amount: number | null; closeDate: string | null; stage: string; owner: string }[];
  basis: { rows: number };
};
const json = (file: string, ...more: string[]): Json => {
  const r = audit(file, '--format', 'json', ...more);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Json;
};
const mapping = (text: string): string => {
  const p = join(tempDir(), 'mapping.yaml');
  writeFileSync(p, text);
  return p;
};

describe('input traps of CRM exports', { timeout: 120_000 }, () => {
  it('reads a UTF-8 BOM, semicolon delimiters, a quoted value with a newline and $1,200.00 money', () => {
    const out = json('bom-semicolon.csv');
    expect(out.basis.rows).toBe(2);
    expect(out.deals.map((d) => [d.id, d.amount])).toEqual([
      ['A-1', 1200],
      ['A-2', 45000.5],
    ]);
  });

  it('refuses a slashed date unless its format is stated, and reads it as stated', () => {
    const r = audit('ambiguous-date.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2, column "Close Date" (field close-date): a date with slashes is ambiguous');
    expect(r.stderr).toContain('row 3, column "Last Stage Change Date" (field stage-entered-at)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const us = json('ambiguous-date.csv', '--mapping', mapping('dateFormat: MM/DD/YYYY\n'));
    expect(us.deals.map((d) => d.closeDate)).toEqual(['2027-03-04', '2027-01-31']);
    const eu = json('ambiguous-date.csv', '--mapping', mapping('dateFormat: DD/MM/YYYY\n'));
    expect(eu.deals.map((d) => d.closeDate)).toEqual(['2027-04-03', '2027-01-31']);
  });

  it('stops on amounts in several currencies, and converts them when rates are given', () => {
    const r = audit('mixed-currency.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2: amounts in $ (1 row)');
    expect(r.stderr).toContain('row 3: amounts in € (2 rows)');
    const out = json('mixed-currency.csv', '--mapping', mapping('currency:\n  rates: { $: 1, €: 1.5 }\n'));
    expect(out.deals.map((d) => d.amount)).toEqual([1200, 1350, 150]);
  });

  it('stops on a decimal comma unless it is stated', () => {
    const r = audit('decimal-comma.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2, column "Amount" (field amount): the amount has a decimal comma');
    expect(json('decimal-comma.csv', '--mapping', mapping('decimalComma: true\n')).deals[0]!.amount).toBe(1200.5);
  });

  it('names each unmatched column by position and header', () => {
    const r = audit('unmatched-column.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 1, column 10 "Account Name": matches no field id, name or crm name');
    expect(r.stderr).toContain('row 1, column 11 "Probability (%)"');
    const ok = audit('unmatched-column.csv', '--mapping', mapping('columns:\n  Account Name: ignore\n  Probability (%): ignore\n'));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('names unmatched stage, pipeline and forecast-category values with their first row', () => {
    const r = audit('unmatched-values.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 3, column "Stage": stage "Prospecting" matches no stage of pipeline new-business');
    expect(r.stderr).toContain('(and 1 more row)');
    expect(r.stderr).toContain('row 4, column "Record Type": pipeline "Renewals" matches no pipeline of the map');
    expect(r.stderr).toContain('row 5, column "Forecast Category": forecast category "Most Likely" matches no forecast category');
  });

  it('stops at a report footer with the line it starts on', () => {
    const r = audit('report-footer.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 4 has 1 column where the header has 9');
  });

  it('reads a HubSpot export: internal stage ids, labels as headers, epoch-millisecond dates', () => {
    const out = json('hubspot.csv');
    expect(out.deals.map((d) => [d.id, d.stage, d.closeDate])).toEqual([
      ['9001', 'nb-qualification', '2026-12-15'],
      ['9002', 'nb-negotiation', '2025-12-31'],
    ]);
  });

  it('reads JSON lines and Parquet', async () => {
    const out = json('deals.jsonl');
    expect(out.deals.map((d) => [d.id, d.stage])).toEqual([
      ['J-1', 'exp-identified'],
      ['J-2', 'exp-scoping'],
    ]);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const pq = join(tempDir(), 'deals.parquet');
    await c.run(
      `COPY (SELECT * FROM read_json('${join(ROOT, FIX, 'deals.jsonl')}', format = 'newline_delimited')) TO '${pq}' (FORMAT parquet)`,
    );
    c.closeSync();
    db.closeSync();
    const r = runCli(['audit', 'map', '--deals', pq, ...AS_OF, '--format', 'json']);
    expect((JSON.parse(r.stdout) as Json).deals.map((d) => d.id)).toEqual(['J-1', 'J-2']);
  });

  it('says which file it cannot read, without a stack trace', () => {
    const r = runCli(['audit', 'map', '--deals', 'no/such.csv', ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'gtmap: cannot read the deals file no/such.csv: ENOENT. Give a CSV, Parquet or JSON lines export with --deals.\n',
    );
    expect(runCli(['audit', 'map', '--deals', `${FIX}/hubspot.csv`, '--as-of', '2026-02-30']).stderr).toContain(
      '--as-of 2026-02-30: give a date as YYYY-MM-DD',
    );
  });
});

describe('output formats with hostile deal data', { timeout: 120_000 }, () => {
  it('csv: one row per flagged deal, formulas neutralised, an empty disposition column', () => {
    const r = audit('hostile.csv', '--format', 'csv');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]!.endsWith(',disposition')).toBe(true);
    expect(lines[1]!.startsWith(`"'=HYPERLINK(""http://x.example"")",2,`)).toBe(true);
    expect(lines[1]).toContain(",'+SUM(A1:A9),");
    expect(lines[2]!.startsWith("'-2+3,3,")).toBe(true);
    expect(lines[2]).toContain("'@evil \\x1b[31mred\\x1b[0m");
    expect(lines.slice(1).every((l) => l.endsWith(','))).toBe(true);
  });

  it('stylish: control characters are shown escaped, never sent to the terminal', () => {
    const r = audit('hostile.csv');
    expect(r.stdout).toContain('@evil \\x1b[31mred\\x1b[0m');
    expect(r.stdout).not.toContain('\u001b');
  });

  it('markdown: deal text cannot break the table or inject HTML', () => {
    const r = audit('hostile.csv', '--format', 'markdown');
    expect(r.stdout).toContain('# Honest pipeline');
    expect(r.stdout).not.toContain('<b>');
    expect(r.stdout).not.toContain('\u001b');
    const row = r.stdout.split('\n').find((l) => l.startsWith('| -2+3 |'))!;
    expect(row.split(' | ').length).toBe(6);
  });
});

describe('gtmap audit init', { timeout: 120_000 }, () => {
  it('writes a FIXME per unmatched column and stage value, which the audit then refuses until filled', () => {
    const dir = tempDir();
    const out = join(dir, 'mapping.yaml');
    const r = runCli(['audit', 'init', 'map', '--deals', `${FIX}/unmatched-values.csv`, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('with 3 FIXMEs');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"Prospecting": FIXME');
    expect(text).toContain('"Renewals": FIXME');
    expect(text).toContain('"Most Likely": FIXME');
    const refused = audit('unmatched-values.csv', '--mapping', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/mapping\.yaml:\d+: `Renewals` under `pipelines` is still FIXME/);
    const filled = text
      .replace('"Prospecting": FIXME', '"Prospecting": nb-qualification')
      .replace('"Renewals": FIXME', '"Renewals": new-business')
      .replace('"Most Likely": FIXME', '"Most Likely": best-case');
    writeFileSync(out, filled);
    const ok = audit('unmatched-values.csv', '--mapping', out, '--format', 'json');
    expect(ok.stderr).toBe('');
    expect((JSON.parse(ok.stdout) as Json).deals.map((d) => d.stage)).toEqual([
      'nb-qualification',
      'nb-qualification',
      'nb-qualification',
      'nb-qualification',
    ]);
  });

  it('writes a FIXME per unmatched column', () => {
    const out = join(tempDir(), 'm.yaml');
    runCli(['audit', 'init', 'map', '--deals', `${FIX}/unmatched-column.csv`, '--out', out]);
    expect(readFileSync(out, 'utf8')).toContain('"Account Name": FIXME   # column 10: matches no field id, name or crm name');
  });
});

describe('startup cost of gtmap lint', { timeout: 120_000 }, () => {
  it('never loads DuckDB or the audit code; gtmap audit does (so the probe can see it)', () => {
    const trace = (args: string[]): string[] => {
      const log = join(tempDir(), 'loads.txt');
      writeFileSync(log, '');
      runCli(args, { env: { NODE_OPTIONS: `--import=${join(ROOT, FIX, 'trace-loads.mjs')}`, GTMAP_TRACE_LOADS: log } });
      return readFileSync(log, 'utf8').split('\n').filter(Boolean);
    };
    const lint = trace(['lint', 'map']);
    expect(lint.length).toBeGreaterThan(0);
    expect(lint.filter((u) => /duckdb|[\\/]audit[\\/]|[\\/]bundle[\\/](audit|source|sql)-/.test(u))).toEqual([]);
    // commander requires child_process for executable subcommands, which gtmap has none of: the
    // bundle gives it a stand-in (scripts/bundle.mjs), so lint never pays for loading it
    expect(lint).toContain('builtin:node:fs');
    expect(lint.filter((u) => u.startsWith('builtin:node:child_process'))).toEqual([]);
    const aud = trace(['audit', 'map', '--deals', `${FIX}/hubspot.csv`, ...AS_OF]);
    expect(aud.some((u) => u.includes('@duckdb/node-api'))).toBe(true);
  });
});

describe('gtmap build --audit', () => {
  it('adds an aggregates-only Honest pipeline page; deal rows only with --include-deals', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'examples/deals.flaws.json'), 'utf8')) as { deals: Record<string, unknown> };
    const ids = Object.keys(manifest.deals);
    const site = join(tempDir(), 'site');
    const r = runCli(['build', 'map', '--out', site, '--audit', 'examples/deals.csv', ...AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const page = readFileSync(join(site, 'honest-pipeline.html'), 'utf8');
    expect(page).toMatch(/<li><strong>New business: 40 deals \/ \$[\d.]+M → honest \d+/);
    expect(page).toContain('<h2>By owner</h2>');
    expect(ids.filter((id) => page.includes(id))).toEqual([]);
    const site2 = join(tempDir(), 'site');
    expect(runCli(['build', 'map', '--out', site2, '--audit', 'examples/deals.csv', '--include-deals', ...AS_OF]).code).toBe(0);
    const full = readFileSync(join(site2, 'honest-pipeline.html'), 'utf8');
    expect(ids.filter((id) => !full.includes(id))).toEqual([]);
  }, 120_000);
});
