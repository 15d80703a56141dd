// GitHub-flavoured markdown for a pull request comment or $GITHUB_STEP_SUMMARY.
// Map text is untrusted: it must not break a table, inject HTML or links, or @-mention people.
import type { Diagnostic, Severity } from '../diagnostic.js';
import { summary } from './stylish.js';
import type { Formatter } from './types.js';

/** More findings than this and each file's table is folded into a <details>. */
export const FOLD_AFTER = 15;
/** GitHub rejects comments over 65,536 characters; leave room for the closing lines. */
export const MAX_CHARS = 60_000;

const SEVERITY: Record<Severity, string> = { error: '⛔ error', warn: '⚠️ warning', info: 'ℹ️ info' };
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * Text that stays text: HTML-escaped, markdown punctuation escaped, `|` as an entity so a
 * table cell cannot be split, line breaks as <br>.
 */
export function escapeText(s: string, mentions = true): string {
  let out = s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>');
  // a zero-width space after @ keeps GitHub from notifying a user or team named in the map
  if (mentions) out = out.replace(/@(?=[\w-])/g, '@\u200b');
  return out;
}

/**
 * A message with `code` spans: spans become <code> with escaped content (GitHub does not
 * link mentions inside code). With unbalanced backticks nothing is treated as code.
 */
export function escapeMessage(message: string): string {
  const parts = message.split('`');
  if (parts.length % 2 === 0) return escapeText(message);
  return parts.map((p, i) => (i % 2 === 1 ? `<code>${escapeText(p, false)}</code>` : escapeText(p))).join('');
}

/** For raw HTML blocks (<summary>), where markdown escapes are not processed. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r\n|\r|\n/g, ' ');
}

function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s<>()"']+$/.test(url) ? url : undefined;
}

function counts(diags: readonly Diagnostic[]): string {
  const { errors, warnings, infos } = summary(diags);
  const parts: string[] = [];
  if (errors) parts.push(plural(errors, 'error'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  if (infos) parts.push(`${infos} info`);
  return parts.join(', ');
}

function row(d: Diagnostic): string {
  const url = safeUrl(d.docsUrl);
  const rule = url ? `[${escapeText(d.ruleId)}](${url})` : escapeText(d.ruleId);
  return `| ${d.line}:${d.column} | ${SEVERITY[d.severity]} | ${rule} | ${escapeMessage(d.message)} |`;
}

export const markdown: Formatter = (diagnostics, ctx) => {
  const files = plural(ctx.files.length, 'file');
  const footer = `<sub>gtmap ${escapeText(ctx.toolVersion)}</sub>`;
  if (diagnostics.length === 0) {
    return `### ✅ gtmap: no problems\n\nChecked ${files}; every check passed.\n\n${footer}\n`;
  }
  const { errors } = summary(diagnostics);
  const out: string[] = [`### ${errors ? '❌' : '⚠️'} gtmap: ${plural(diagnostics.length, 'problem')} (${counts(diagnostics)}) in ${files}`, ''];

  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const fold = diagnostics.length > FOLD_AFTER;

  if (fold) {
    const byRule = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) byRule.set(d.ruleId, [...(byRule.get(d.ruleId) ?? []), d]);
    out.push('| Rule | Findings |', '| --- | ---: |');
    for (const [id, list] of [...byRule].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
      const url = safeUrl(list[0]!.docsUrl);
      out.push(`| ${url ? `[${escapeText(id)}](${url})` : escapeText(id)} | ${list.length} |`);
    }
    out.push('');
  }

  let size = out.join('\n').length;
  let shown = 0;
  for (const [file, list] of byFile) {
    const head = fold
      ? ['<details>', `<summary><code>${escapeHtml(file)}</code>: ${counts(list)}</summary>`, '']
      : [`#### <code>${escapeText(file, false)}</code>: ${counts(list)}`, ''];
    const body = ['| Line | Severity | Rule | Message |', '| ---: | --- | --- | --- |'];
    for (const d of list) {
      const r = row(d);
      if (size + r.length + 200 > MAX_CHARS) break;
      body.push(r);
      size += r.length + 1;
      shown++;
    }
    if (body.length === 2) break;
    out.push(...head, ...body, '', ...(fold ? ['</details>', ''] : []));
    size += head.join('\n').length + 40;
  }
  if (shown < diagnostics.length) {
    out.push(`_${plural(diagnostics.length - shown, 'more finding')} not shown: this comment would pass GitHub's size limit. Run \`gtmap lint\` to see them all._`, '');
  }
  out.push(footer);
  return out.join('\n') + '\n';
};
