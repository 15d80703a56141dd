// GitHub Actions workflow commands: one annotation per finding, most severe first, within GitHub's caps.
import { severityRank, type Diagnostic, type Severity } from '../diagnostic.js';
import { summary } from './stylish.js';
import type { Formatter } from './types.js';

/** GitHub shows at most this many annotations of each kind (error, warning, notice) per step. */
export const ANNOTATIONS_PER_KIND = 10;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warn: 'warning', info: 'notice' };

/** Message text of a workflow command (after the second `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file=`, `title=`): `:` and `,` would end it early. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// A plain log line must not start a workflow command: the runner reads any line whose
// trimmed text begins with `::` (or `##[`), so untrusted text keeps to one line and is indented.
function plain(s: string): string {
  return s.replace(/\r\n|\r|\n/g, '\\n');
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

function annotation(d: Diagnostic): string {
  const props = [`file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`, `endLine=${d.endLine}`, `endColumn=${d.endColumn}`, `title=${escapeProperty(d.ruleId)}`];
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
}

export const github: Formatter = (diagnostics, ctx) => {
  const ordered = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => severityRank[b.d.severity] - severityRank[a.d.severity] || a.i - b.i)
    .map((x) => x.d);
  const countOf = (s: Severity): number => diagnostics.filter((d) => d.severity === s).length;
  const overflow = (['error', 'warn', 'info'] as const).some((s) => countOf(s) > ANNOTATIONS_PER_KIND);
  // the "left out" notice is itself a notice and must fit under the notice cap
  const cap: Record<Severity, number> = { error: ANNOTATIONS_PER_KIND, warn: ANNOTATIONS_PER_KIND, info: overflow ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND };
  const used: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  const out: string[] = [];
  const left: Diagnostic[] = [];
  for (const d of ordered) {
    if (used[d.severity] < cap[d.severity]) {
      used[d.severity]++;
      out.push(annotation(d));
    } else left.push(d);
  }
  const { errors, warnings, infos } = summary(diagnostics);
  if (left.length) {
    const parts = (['error', 'warn', 'info'] as const)
      .map((s) => [s, left.filter((d) => d.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => (s === 'info' ? `${n} info` : plural(n, s === 'warn' ? 'warning' : s)));
    out.push(
      `::notice title=gtmap::${escapeData(
        `${plural(left.length, 'more finding')} (${parts.join(', ')}) not annotated: GitHub shows at most ${ANNOTATIONS_PER_KIND} errors, ${ANNOTATIONS_PER_KIND} warnings and ${ANNOTATIONS_PER_KIND} notices per step. They are listed in this step's log; to see every finding in the pull request, also write SARIF (--format sarif:gtmap.sarif) and upload it to code scanning.`,
      )}`,
    );
    // folded in the log, so a long list does not bury the summary line
    out.push(`::group::gtmap: ${plural(left.length, 'finding')} not shown as annotations`);
    for (const d of left) out.push(`  - ${plain(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.ruleId}`)}`);
    out.push('::endgroup::');
  }
  const total = errors + warnings + infos;
  const files = plural(ctx.files.length, 'file');
  out.push(
    total === 0
      ? `gtmap: no problems in ${files}`
      : `gtmap: ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}${infos ? `, ${infos} info` : ''}) in ${files}`,
  );
  return out.join('\n') + '\n';
};
