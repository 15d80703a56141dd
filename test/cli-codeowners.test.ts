// `gtmap codeowners`: .github/CODEOWNERS from the decision rights, kept inside a marked block.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { cleanupRepos, commitAll, copyMap, edit, newRepo } from './diff-git.js';

afterAll(cleanupRepos);

describe('gtmap codeowners', () => {
  it('writes one line per map file with the GitHub handles of its owners, keeps hand-written lines, and --check follows the decision rights', () => {
    const repo = newRepo();
    copyMap(repo);
    writeFileSync(join(repo, 'README.md'), 'x\n');
    commitAll(repo, 'map');
    const file = join(repo, '.github', 'CODEOWNERS');
    const missing = runCli(['codeowners', '--check'], { cwd: repo });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^gtmap: \.github\/CODEOWNERS is missing: it does not match the decision rights of map\. Run `gtmap codeowners map`/,
    );

    expect(runCli(['codeowners'], { cwd: repo }).stdout).toBe('wrote .github/CODEOWNERS\n');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('/map/routing.yaml @northwind-ledger/revops\n');
    expect(text).toContain('/map/incentives.yaml @northwind-ledger/finance\n');
    expect(text).toContain('/map/segments.yaml @northwind-ledger/sales-leadership\n');
    expect(runCli(['codeowners', '--check'], { cwd: repo }).code).toBe(0);

    // a hand-written line before the block survives regeneration
    writeFileSync(file, `* @northwind-ledger/engineering\n\n${text}`);
    edit(repo, 'map/decision-rights.yaml', (s) =>
      s.replace('governs: [{ section: incentives }]', 'governs: [{ section: incentives }, { section: routing }]'),
    );
    const stale = runCli(['codeowners', '--check'], { cwd: repo });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('.github/CODEOWNERS is stale');
    runCli(['codeowners'], { cwd: repo });
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith('* @northwind-ledger/engineering\n\n# BEGIN gtmap codeowners\n')).toBe(true);
    expect(after).toContain('/map/routing.yaml @northwind-ledger/finance @northwind-ledger/revops\n');
    expect(after.match(/# BEGIN gtmap codeowners/g)).toHaveLength(1);
    // and lint says why that file is a problem for CODEOWNERS
    const lint = runCli(['lint', 'map', '--format', 'json'], { cwd: repo });
    expect(lint.stdout).toContain('`routing.yaml` holds entities owned by `finance` and `revops`');
  });
});
