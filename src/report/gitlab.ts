// GitLab Code Quality: a JSON array of Code Climate issues, shown on the merge request. The
// fingerprint identifies a finding across edits (rule, file, model path, message; no line), so
// GitLab can tell a new finding from one that moved.
import { sha256Hex } from './sha256.js';
import type { Diagnostic, Severity, SkipNotice } from '../diagnostic.js';
import { escapeControl } from '../text.js';
import { describeSkip } from './summary.js';
import type { Formatter } from './types.js';

const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warn: 'minor', info: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

function hash(parts: readonly (string | number)[]): string {
  return sha256Hex(JSON.stringify(parts));
}

export const gitlab: Formatter = (diagnostics, ctx) => {
  const seen = new Map<string, number>();
  // two findings with the same rule, file, path and message stay distinct by their order
  const fingerprint = (parts: readonly (string | number)[]): string => {
    const base = hash(parts);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : hash([base, n]);
  };
  const issues: CodeQualityIssue[] = diagnostics.map((d: Diagnostic) => ({
    description: escapeControl(`${d.message} (${d.ruleId})`),
    check_name: d.ruleId,
    fingerprint: fingerprint([d.ruleId, d.file, JSON.stringify(d.path), d.message]),
    severity: SEVERITY[d.severity],
    location: { path: d.file, lines: { begin: d.line } },
  }));
  // a partial run says so in the report: one issue per part that was not linted
  const header = ctx.files.find((f) => /(^|\/)gtmap\.yaml$/.test(f)) ?? ctx.files[0] ?? 'gtmap.yaml';
  for (const n of ctx.skipped ?? ([] as SkipNotice[])) {
    issues.push({
      description: escapeControl(`Not linted: ${describeSkip(n)}. Findings there are not reported until this is fixed.`),
      check_name: 'gtmap/not-linted',
      // positions in the reason are left out, like line numbers in a finding's fingerprint
      fingerprint: fingerprint(['gtmap/not-linted', n.what, n.why.replace(/:\d+(:\d+)?/g, '')]),
      severity: 'minor',
      location: { path: n.file ?? header, lines: { begin: n.file !== undefined ? (n.line ?? 1) : 1 } },
    });
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
};
