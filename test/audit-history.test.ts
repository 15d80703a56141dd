// Close-date pushes: from a field-history export (examples/deals-history.csv, generated with planted
// pushes listed in examples/deals-history.pushes.json; a HubSpot property history), from earlier
// snapshots, and "insufficient history" (never 0) without either. Plus the traps: no close-date
// change in the history, ambiguous dates, missing columns, snapshots dated on or after --as-of.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExampleMap, ROOT, runCli } from './helpers.js';

const FIX = 'test/fixtures/audit-history';
const manifest = JSON.parse(readFileSync(join(ROOT, 'examples/deals-history.pushes.json'), 'utf8')) as {
  asOf: string;
  pushes: Record<string, { pushes: number; daysPushed: number; lastPush: string }>;
};

interface Deal {
  id: string;
  pipeline: string;
  flagged: boolean;
  pushes: number | null;
  closeDatePushes: {
    pushes: number | null;
    daysPushed: number | null;
    lastPush: string | null;
    max: number | null;
    over: boolean;
    reason: string | null;
  };
}
interface Out {
  deals: Deal[];
  flaggedDeals: number;
  basis: { history: string };
}

function auditJson(args: string[], map = 'map'): Out {
  const r = runCli(['audit', map, '--deals', 'examples/deals.csv', '--as-of', '2026-11-30', '--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout) as Out;
}

const byId = (out: Out): Record<string, Deal> => Object.fromEntries(out.deals.map((d) => [d.id, d]));

describe('close-date pushes', { timeout: 300_000 }, () => {
  it('without history, every deal says "insufficient history" (pushes null with a reason), never 0', () => {
    const out = auditJson([]);
    expect(out.deals.length).toBeGreaterThan(0);
    for (const d of out.deals) {
      expect(d.pushes).toBeNull();
      expect(d.closeDatePushes.pushes).toBeNull();
      expect(d.closeDatePushes.reason).toMatch(/^insufficient history/);
    }
    expect(out.basis.history).toMatch(/^insufficient history/);
    const csv = runCli(['audit', 'map', '--deals', 'examples/deals.csv', '--as-of', '2026-11-30', '--format', 'csv']).stdout.split('\r\n');
    expect(csv[0]).toMatch(/,close_date_pushes,days_pushed,last_push,disposition$/);
    expect(csv[1]).toMatch(/,insufficient history,,,$/);
  });

  it('from the example field history: exactly the planted pushes, with their days and last date; every other deal 0', () => {
    const out = auditJson(['--history', 'examples/deals-history.csv']);
    const pushed = Object.fromEntries(
      out.deals
        .filter((d) => (d.pushes ?? 0) > 0)
        .map((d) => [d.id, { pushes: d.pushes, daysPushed: d.closeDatePushes.daysPushed, lastPush: d.closeDatePushes.lastPush }]),
    );
    expect(pushed).toEqual(manifest.pushes);
    for (const d of out.deals.filter((x) => !(x.id in manifest.pushes))) {
      expect(d.pushes).toBe(0);
      expect(d.closeDatePushes.reason).toBeNull();
    }
    expect(out.basis.history).toMatch(/field history in examples\/deals-history\.csv/);
    // pushes alone flag nothing when no pipeline sets maxCloseDatePushes
    expect(out.flaggedDeals).toBe(auditJson([]).flaggedDeals);
  });

  it('maxCloseDatePushes on a pipeline flags exactly its deals with more pushes, in every format', () => {
    const map = copyExampleMap();
    const file = join(map, 'pipelines/new-business.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    owner: revops\n', '    owner: revops\n    maxCloseDatePushes: 1\n'));
    expect(runCli(['lint', map]).code).toBe(0);
    const base = auditJson(['--history', 'examples/deals-history.csv']);
    const out = auditJson(['--history', 'examples/deals-history.csv'], map);
    const over = out.deals.filter((d) => d.closeDatePushes.over).map((d) => d.id);
    const expected = Object.entries(manifest.pushes)
      .filter(([id, p]) => p.pushes > 1 && byId(out)[id]!.pipeline === 'new-business')
      .map(([id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    expect(over.sort()).toEqual(expected.sort());
    for (const id of over) expect(byId(out)[id]!.flagged).toBe(true);
    const newlyFlagged = over.filter((id) => !byId(base)[id]!.flagged);
    expect(out.flaggedDeals).toBe(base.flaggedDeals + newlyFlagged.length);
    const stylish = runCli([
      'audit',
      map,
      '--deals',
      'examples/deals.csv',
      '--as-of',
      '2026-11-30',
      '--history',
      'examples/deals-history.csv',
    ]);
    expect(stylish.stdout).toMatch(
      /pushed +close date pushed \d+ times, \d+ days in all, last on 2026-\d\d-\d\d \(more than the 1 the pipeline allows\)/,
    );
    const md = runCli([
      'audit',
      map,
      '--deals',
      'examples/deals.csv',
      '--as-of',
      '2026-11-30',
      '--history',
      'examples/deals-history.csv',
      '-f',
      'markdown',
    ]);
    expect(md.stdout).toMatch(/\*\*pushed\*\* close date pushed/);
  });

  it('a HubSpot property history (values with timestamps, no old value): each later value is a push', () => {
    const d = byId(auditJson(['--history', `${FIX}/hubspot-history.csv`]));
    expect(d['006Wx00000021']!.closeDatePushes).toMatchObject({ pushes: 2, daysPushed: 49, lastPush: '2026-10-20', reason: null });
    expect(d['006Wx00000011']!.pushes).toBe(0);
  });

  it('earlier snapshots: pushes between consecutive exports, dated by the snapshot that shows them; a deal in none is insufficient history', () => {
    const d = byId(
      auditJson(['--snapshot', `2026-10-31=${FIX}/snapshot-2026-10-31.csv`, '--snapshot', `2026-11-15=${FIX}/snapshot-2026-11-15.csv`]),
    );
    expect(d['006Wx00000021']!.closeDatePushes).toMatchObject({ pushes: 2, daysPushed: 20, lastPush: '2026-11-30' });
    expect(d['006Wx00000041']!.closeDatePushes).toMatchObject({ pushes: 0, daysPushed: 0, lastPush: null }); // pulled in
    expect(d['006Wx00000011']!.pushes).toBe(0);
    expect(d['006Wx00000048']!.pushes).toBeNull();
    expect(d['006Wx00000048']!.closeDatePushes.reason).toMatch(/^insufficient history: the deal has a close date in no earlier snapshot/);
  });

  it('a history with no close-date change is insufficient history, not 0 pushes', () => {
    const out = auditJson(['--history', `${FIX}/no-close-changes.csv`]);
    for (const d of out.deals) expect(d.pushes).toBeNull();
    expect(out.basis.history).toMatch(/holds no close-date change/);
  });

  it('traps stop the run with a located message and exit 2', () => {
    const run = (args: string[]) => runCli(['audit', 'map', '--deals', 'examples/deals.csv', '--as-of', '2026-11-30', ...args]);
    const ambiguous = run(['--history', `${FIX}/ambiguous-date.csv`]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/row 3, column "Old Value": "03\/04\/2027" a date with slashes is ambiguous/);
    expect(ambiguous.stderr).not.toMatch(/\n\s+at /);
    const missing = run(['--history', `${FIX}/missing-columns.csv`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no column holds the deal id/);
    const late = run(['--snapshot', `2026-12-01=${FIX}/snapshot-2026-10-31.csv`]);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/is not before the audit's --as-of 2026-11-30/);
    const both = run(['--history', 'examples/deals-history.csv', '--snapshot', `2026-10-31=${FIX}/snapshot-2026-10-31.csv`]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    const undated = run(['--snapshot', `${FIX}/snapshot-2026-10-31.csv`]);
    expect(undated.code).toBe(2);
    expect(undated.stderr).toMatch(/--snapshot .*give the date the export was taken/);
  });
});
