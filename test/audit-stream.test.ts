// An export of millions of deals is written as the deals come (AuditOptions.stream): the json and
// csv formats must give, byte for byte, what the whole result gives, and audit() must hand over
// the same deals in the same order as it returns them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsv, formatJson, streamingFormat } from '../src/audit/format.js';
import { audit, type AuditResult, type DealResult } from '../src/audit/index.js';
import { loadMap } from '../src/load/index.js';
import { buildModel } from '../src/model/index.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const AS_OF = new Date(Date.UTC(2026, 10, 30));
const DEALS = join(ROOT, 'examples', 'deals.csv');
const model = () => buildModel(loadMap(join(ROOT, 'map'), ROOT));

/** The text streamingFormat writes for a result whose deals come in chunks of `size`. */
async function streamed(format: 'json' | 'csv', r: AuditResult, size: number): Promise<string> {
  let text = '';
  const s = streamingFormat(format, (t) => {
    text += t;
  });
  await s.begin({ ...r, deals: [] });
  for (let i = 0; i < r.deals.length; i += size) await s.deals(r.deals.slice(i, i + size));
  await s.end();
  return text;
}

describe('streamed audit output', { timeout: 120_000 }, () => {
  it('audit() hands over every deal, in file order and in several chunks, and returns none itself', async () => {
    // 5,000 deals: more than one of DuckDB's 2,048-row chunks
    const file = join(tempDir(), 'deals.csv');
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-deals.mjs'), '--count', '5000', '--seed', '23', '--out', file], {
      encoding: 'utf8',
    });
    expect(g.status, g.stderr).toBe(0);
    const whole = await audit(model(), { dealsFile: file, asOf: AS_OF, deals: 'all' });
    const got: DealResult[] = [];
    let chunks = 0;
    let begun: AuditResult | undefined;
    const rest = await audit(model(), {
      dealsFile: file,
      asOf: AS_OF,
      deals: 'all',
      stream: {
        begin: (r) => {
          begun = r;
        },
        deals: (chunk) => {
          expect(begun).toBeDefined();
          chunks++;
          got.push(...chunk);
        },
      },
    });
    expect(whole.deals.length).toBeGreaterThan(2048);
    expect(chunks).toBeGreaterThan(1);
    expect(got).toEqual(whole.deals);
    expect(rest.deals).toEqual([]);
    expect({ ...rest, deals: whole.deals }).toEqual(whole);
  });

  it('json and csv are the same bytes as the whole result gives, however the deals are chunked', async () => {
    const whole = await audit(model(), { dealsFile: DEALS, asOf: AS_OF, deals: 'all' });
    for (const size of [1, 7, 2048]) {
      expect(await streamed('json', whole, size)).toBe(formatJson(whole));
      expect(await streamed('csv', whole, size)).toBe(formatCsv(whole));
    }
    const none = { ...whole, deals: [] };
    expect(await streamed('json', none, 5)).toBe(formatJson(none));
    expect(await streamed('csv', none, 5)).toBe(formatCsv(none));
    expect(formatJson(none)).toContain('"deals": [],');
  });

  it('gtmap audit -o writes the file whole, the same as stdout, and leaves no temporary file', () => {
    const dir = tempDir();
    const file = join(dir, 'new', 'audit.json');
    const args = ['audit', 'map', '--deals', 'examples/deals.csv', '--as-of', '2026-11-30', '--format', 'json'];
    const toFile = runCli([...args, '-o', file]);
    const toStdout = runCli(args);
    expect(toFile.code).toBe(toStdout.code);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
    expect(JSON.parse(toStdout.stdout).deals.length).toBeGreaterThan(20);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});
