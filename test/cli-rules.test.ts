import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/lint/rules/index.js';
import { BUILTIN_CHECKS } from '../src/builtin-checks.js';

// Scenario tests of the built CLI (run `npm run build` first): stdout, stderr and exit code.
function gtmap(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/gtmap.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const total = rules.length + BUILTIN_CHECKS.length;

describe('gtmap rules', () => {
  it('prints every lint rule, then every built-in check, with severity and description', () => {
    const r = gtmap('rules');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `Lint rules (${rules.length}): the level under each preset (lint.extends in gtmap.yaml, default recommended); lint.rules overrides one rule`,
    );
    expect(lines[1]).toBe('  rule                              starter  recommended  strict  description');
    expect(lines[2]).toBe('  handoff/has-owner                 error    error        error   Every handoff names one accountable owner.');
    expect(lines[3]).toBe(
      '  handoff/has-acceptance            warn     error        error   Every handoff states acceptance criteria: what the receiving team requires to accept the work.',
    );
    expect(lines).toContain(
      '  text/no-vague-language            warn     warn         error   No vague phrase ("TBD", "as needed", "ASAP", "regularly", "good fit", "etc." and others) in a text that states a commitment.',
    );
    expect(lines).toContain(`Built-in checks (${BUILTIN_CHECKS.length}): always on`);
    expect(lines).toContain('  yaml/syntax                       error  The file is not valid YAML.');
    expect(lines.filter((l) => /^ {2}[a-z0-9-]+\/[a-z0-9-]+ +(error|warn|info) +/.test(l))).toHaveLength(total);
  });

  it('--format json gives one object per rule', () => {
    const r = gtmap('rules', '--format', 'json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; severity: string; description: string; kind: string; docsUrl: string }[];
    expect(rows).toHaveLength(total);
    expect(rows[0]).toEqual({
      id: 'handoff/has-owner',
      severity: 'error',
      description: 'Every handoff names one accountable owner.',
      rationale: rules[0]!.rationale,
      kind: 'lint',
      presets: { starter: 'error', recommended: 'error', strict: 'error' },
      docsUrl: 'https://github.com/gtmap/gtmap/blob/main/docs/rules/handoff-has-owner.md',
    });
    expect(rows.find((x) => x.id === 'ref/unresolved')?.kind).toBe('builtin');
    expect(rows.filter((x) => x.kind === 'lint').map((x) => x.id)).toEqual(rules.map((x) => x.id));
  });

  it('each preset is derived from rule metadata: starter <= recommended <= strict, strict has no warnings', () => {
    const rank = { info: 0, warn: 1, error: 2 } as const;
    const rows = JSON.parse(gtmap('rules', '--format', 'json').stdout) as {
      id: string;
      kind: string;
      severity: string;
      presets?: Record<string, 'info' | 'warn' | 'error'>;
    }[];
    for (const r of rows.filter((x) => x.kind === 'lint')) {
      const p = r.presets!;
      expect(p.recommended, r.id).toBe(r.severity);
      expect(rank[p.starter!] <= rank[p.recommended!] && rank[p.recommended!] <= rank[p.strict!], r.id).toBe(true);
      expect(p.strict, r.id).not.toBe('warn');
      // a rule with no category (ownership, references) is never an error under starter
      const rule = rules.find((x) => x.id === r.id)!;
      if (!rule.category) expect(p.starter, r.id).not.toBe('error');
      else expect(p.starter, r.id).toBe(r.severity);
    }
  });

  it('rejects an unknown format with exit code 2', () => {
    const r = gtmap('rules', '--format', 'xml');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are table, json.");
  });
});

describe('gtmap explain', () => {
  it("prints the rule's docs page without the generated-file comment", () => {
    const r = gtmap('explain', 'routing/no-shadowed-rules');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const page = readFileSync('docs/rules/routing-no-shadowed-rules.md', 'utf8');
    expect(r.stdout).toBe(page.slice(page.indexOf('\n') + 1));
    expect(r.stdout.startsWith('# `routing/no-shadowed-rules`\n')).toBe(true);
  });

  it('explains built-in checks too, and accepts the id with a hyphen for the slash', () => {
    const r = gtmap('explain', 'ref-unresolved');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# `ref/unresolved`');
    expect(r.stdout).toContain('- Built-in check: always on; it cannot be configured or suppressed.');
  });

  it('an unknown rule id exits 2 with a did-you-mean on stderr', () => {
    const r = gtmap('explain', 'handoff/has-ownr');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gtmap: unknown rule `handoff/has-ownr`. Did you mean `handoff/has-owner`? `gtmap rules` lists every rule.\n');
  });

  it('an id far from every rule gets no suggestion', () => {
    const r = gtmap('explain', 'zzzzzz');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('gtmap: unknown rule `zzzzzz`. `gtmap rules` lists every rule.\n');
  });

  it('a missing rule id is a usage error', () => {
    const r = gtmap('explain');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("missing required argument 'rule-id'");
  });
});
