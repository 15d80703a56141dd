// The example export (examples/deals.csv) is generated with planted flaws, listed in
// examples/deals.flaws.json. The audit must find exactly those: every planted flaw, and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

interface Planted {
  stage: string;
  failing: string[];
  unknown: string[];
  stale: boolean;
  mismatch: boolean;
  requiredEmpty: string[];
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'examples/deals.flaws.json'), 'utf8')) as {
  asOf: string;
  deals: Record<string, Planted>;
};

describe('gtmap audit on examples/deals.csv', { timeout: 120_000 }, () => {
  const r = runCli(['audit', 'map', '--deals', 'examples/deals.csv', '--as-of', manifest.asOf, '--format', 'json']);
  const out = JSON.parse(r.stdout) as {
    deals: {
      id: string;
      stage: string;
      flagged: boolean;
      failing: { stage: string; id: string }[];
      unknown: { stage: string; id: string }[];
      stale: { stale: boolean | null };
      categoryMismatch: unknown;
      requiredEmpty: string[];
    }[];
    flaggedDeals: number;
    headline: string[];
  };

  it('exits 1 (deals are flagged) with nothing on stderr', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('flags exactly the deals with planted flaws', () => {
    const flagged = out.deals.filter((d) => d.flagged).map((d) => d.id);
    expect(flagged.sort()).toEqual(Object.keys(manifest.deals).sort());
    expect(out.flaggedDeals).toBe(Object.keys(manifest.deals).length);
  });

  it('finds each planted flaw, and no other, on each deal', () => {
    const found = Object.fromEntries(
      out.deals
        .filter((d) => d.flagged)
        .map((d) => [
          d.id,
          {
            stage: d.stage,
            failing: d.failing.map((f) => `${f.stage}/${f.id}`).sort(),
            unknown: d.unknown.map((f) => `${f.stage}/${f.id}`).sort(),
            stale: d.stale.stale === true,
            mismatch: d.categoryMismatch !== null,
            requiredEmpty: [...d.requiredEmpty].sort(),
          },
        ]),
    );
    const expected = Object.fromEntries(
      Object.entries(manifest.deals).map(([id, p]) => [
        id,
        { ...p, failing: [...p.failing].sort(), unknown: [...p.unknown].sort(), requiredEmpty: [...p.requiredEmpty].sort() },
      ]),
    );
    expect(found).toEqual(expected);
  });

  it('prints the headline per pipeline in the stylish summary, with its basis', () => {
    const s = runCli(['audit', 'map', '--deals', 'examples/deals.csv', '--as-of', manifest.asOf]);
    expect(s.code).toBe(1);
    for (const h of out.headline) expect(s.stdout).toContain(h);
    expect(out.headline.find((h) => h.startsWith('New business: 40 deals / $'))).toMatch(
      /→ honest \d+ \/ \$[\d.]+[KM]; commit \$[\d.]+[KM] → \$[\d.]+[KM]$/,
    );
    expect(s.stdout).toContain(`Basis: as of ${manifest.asOf}; 50 open deals of 58 rows`);
    expect(s.stdout).toContain('Close-date pushes: insufficient history');
  });

  it('examples/deals.csv is what the seeded generator writes (the example is not edited by hand)', () => {
    const dir = tempDir();
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-deals.mjs'), '--out', join(dir, 'deals.csv')], {
      encoding: 'utf8',
    });
    expect(g.status).toBe(0);
    expect(readFileSync(join(dir, 'deals.csv'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/deals.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'deals.flaws.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/deals.flaws.json'), 'utf8'));
  });
});
