// GitHub Actions workflow commands: one annotation per finding, most severe first, within GitHub's caps.
import { severityRank, type Diagnostic, type Severity, type SkipNotice } from '../diagnostic.js';
import { escapeControl, plural } from '../text.js';
import { describeSkip, partialNote, problemCount, summary } from './summary.js';
import type { Formatter } from './types.js';

/** GitHub shows at most this many annotations of each kind (error, warning, notice) per step. */
export const ANNOTATIONS_PER_KIND = 10;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warn: 'warning', info: 'notice' };

/**
 * Message text of a workflow command (after the second `::`). Line breaks are encoded as the
 * runner expects; other control characters are shown escaped, as the log would replay them.
 */
export function escapeData(s: string): string {
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value (`file=`, `title=`): `:` and `,` would end it early. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// A plain log line must not start a workflow command: the runner reads any line whose
// trimmed text begins with `::` (or `##[`), so untrusted text keeps to one line and is indented.
function plain(s: string): string {
  return escapeControl(s.replace(/\r\n|\r|\n/g, '\\n'));
}

function annotation(d: Diagnostic): string {
  const props = [
    `file=${escapeProperty(d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `endLine=${d.endLine}`,
    `endColumn=${d.endColumn}`,
    `title=${escapeProperty(d.ruleId)}`,
  ];
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
}

/** A part lint did not look at: a warning at the place of its cause, when it has one. */
function skipWarning(n: SkipNotice): string {
  const props = [
    ...(n.file !== undefined ? [`file=${escapeProperty(n.file)}`] : []),
    ...(n.file !== undefined && n.line !== undefined ? [`line=${n.line}`] : []),
    ...(n.file !== undefined && n.line !== undefined && n.column !== undefined ? [`col=${n.column}`] : []),
    `title=${escapeProperty('gtmap: not linted')}`,
  ];
  return `::warning ${props.join(',')}::${escapeData(`Not linted: ${describeSkip(n)}. Findings there are not reported until this is fixed.`)}`;
}

export const github: Formatter = (diagnostics, ctx) => {
  const ordered = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => severityRank[b.d.severity] - severityRank[a.d.severity] || a.i - b.i)
    .map((x) => x.d);
  const skipped = ctx.skipped ?? [];
  const countOf = (s: Severity): number => diagnostics.filter((d) => d.severity === s).length;
  // what was not linted is told first, as warnings; findings get the warning slots that are left
  const warnCap = Math.max(0, ANNOTATIONS_PER_KIND - skipped.length);
  const overflow = countOf('error') > ANNOTATIONS_PER_KIND || countOf('warn') > warnCap || countOf('info') > ANNOTATIONS_PER_KIND;
  // the "left out" notice is itself a notice and must fit under the notice cap
  const cap: Record<Severity, number> = {
    error: ANNOTATIONS_PER_KIND,
    warn: warnCap,
    info: overflow ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND,
  };
  const used: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  const out: string[] = skipped.map(skipWarning);
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
      .map(([s, n]) => (s === 'info' ? plural(n, 'info', 'info') : plural(n, s === 'warn' ? 'warning' : s)));
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
  const files = plural(ctx.files.length, 'file');
  const partial = skipped.length ? `; ${partialNote(skipped)} (see the warnings above)` : '';
  out.push(
    errors + warnings + infos === 0
      ? `gtmap: no problems ${partial ? 'found ' : ''}in ${files}${partial}`
      : `gtmap: ${problemCount(diagnostics)} in ${files}${partial}`,
  );
  return out.join('\n') + '\n';
};
