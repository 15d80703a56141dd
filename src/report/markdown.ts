// GitHub-flavoured markdown for a pull request comment or $GITHUB_STEP_SUMMARY.
// Map text is untrusted: it must not break a table, inject HTML or links, or @-mention people.
import type { Diagnostic, Severity, SkipNotice } from '../diagnostic.js';
import { escapeControl, hasControl, plural } from '../text.js';
import { describeSkip, summary } from './summary.js';
import type { Formatter } from './types.js';

/** More findings than this and each file's table is folded into a <details>. */
export const FOLD_AFTER = 15;
/** GitHub rejects comments over 65,536 characters; leave room for the closing lines. */
export const MAX_CHARS = 60_000;

const SEVERITY: Record<Severity, string> = { error: '⛔ error', warn: '⚠️ warning', info: 'ℹ️ info' };

/**
 * Text that stays text: control characters shown escaped, HTML-escaped, markdown punctuation
 * escaped, `|` as an entity so a table cell cannot be split, line breaks as <br>.
 */
export function escapeText(s: string, mentions = true): string {
  let out = escapeControl(s.replace(/\r\n?/g, '\n'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/\n/g, '<br>');
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
  return escapeControl(s.replace(/\r\n|\r|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s<>()"']+$/.test(url) && !hasControl(url) ? url : undefined;
}

function counts(diags: readonly Diagnostic[]): string {
  const { errors, warnings, infos } = summary(diags);
  const parts: string[] = [];
  if (errors) parts.push(plural(errors, 'error'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  if (infos) parts.push(plural(infos, 'info', 'info'));
  return parts.join(', ');
}

function row(d: Diagnostic): string {
  const url = safeUrl(d.docsUrl);
  const rule = url ? `[${escapeText(d.ruleId)}](${url})` : escapeText(d.ruleId);
  return `| ${d.line}:${d.column} | ${SEVERITY[d.severity]} | ${rule} | ${escapeMessage(d.message)} |`;
}

/** What lint did not look at, under the heading; the list is cut short well before the size limit. */
function partialBlock(skipped: readonly SkipNotice[]): string[] {
  const out = [
    `**⚠️ Partial run:** ${plural(skipped.length, 'part')} of the map ${skipped.length === 1 ? 'was' : 'were'} not linted, so problems there are not listed:`,
    '',
  ];
  let size = 0;
  let listed = 0;
  for (const n of skipped) {
    const item = `- Not linted: ${escapeMessage(describeSkip(n))}`;
    if (size + item.length > MAX_CHARS / 4) break;
    out.push(item);
    size += item.length + 1;
    listed++;
  }
  if (listed < skipped.length) out.push(`- _and ${plural(skipped.length - listed, 'more part')}: run \`gtmap lint\` to see them all._`);
  out.push('');
  return out;
}

export const markdown: Formatter = (diagnostics, ctx) => {
  const files = plural(ctx.files.length, 'file');
  const footer = `<sub>gtmap ${escapeText(ctx.toolVersion)}</sub>`;
  const skipped = ctx.skipped ?? [];
  if (diagnostics.length === 0) {
    if (skipped.length)
      return [
        `### ⚠️ gtmap: no problems found, but the run was partial`,
        '',
        `Checked ${files}.`,
        '',
        ...partialBlock(skipped),
        footer,
        '',
      ].join('\n');
    return `### ✅ gtmap: no problems\n\nChecked ${files}; every check passed.\n\n${footer}\n`;
  }
  const { errors } = summary(diagnostics);
  const out: string[] = [
    `### ${errors ? '❌' : '⚠️'} gtmap: ${plural(diagnostics.length, 'problem')} (${counts(diagnostics)}) in ${files}${skipped.length ? ' (partial run)' : ''}`,
    '',
  ];
  if (skipped.length) out.push(...partialBlock(skipped));

  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const fold = diagnostics.length > FOLD_AFTER;

  if (fold) {
    const byRule = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) {
      const list = byRule.get(d.ruleId);
      if (list) list.push(d);
      else byRule.set(d.ruleId, [d]);
    }
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
    out.push(
      `_${plural(diagnostics.length - shown, 'more finding')} not shown: this comment would pass GitHub's size limit. Run \`gtmap lint\` to see them all._`,
      '',
    );
  }
  out.push(footer);
  return out.join('\n') + '\n';
};
