// Human output: findings grouped by file, each with a code frame, then a summary line.
import type { Diagnostic } from '../diagnostic.js';
import type { Formatter, ReportContext } from './types.js';

const codes = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, underline: 4, green: 32 } as const;
type Style = keyof typeof codes;

export function painter(color: boolean): (style: Style, s: string) => string {
  return (style, s) => (color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s);
}

export function codeFrame(text: string, d: Diagnostic, paint: (style: Style, s: string) => string, context = 1): string {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // the final newline starts no line
  if (d.line < 1 || d.line > lines.length) return '';
  const first = Math.max(1, d.line - context);
  const last = Math.min(lines.length, d.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const src = (lines[n - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
    const marker = n === d.line ? paint('red', '>') : ' ';
    out.push(`  ${marker} ${paint('dim', `${String(n).padStart(width)} |`)} ${src}`);
    if (n === d.line) {
      const end = d.endLine === d.line ? Math.max(d.endColumn, d.column + 1) : src.length + 1;
      const len = Math.max(1, Math.min(end, src.length + 1) - d.column);
      out.push(`    ${paint('dim', `${' '.repeat(width)} |`)} ${' '.repeat(Math.max(0, d.column - 1))}${paint('red', '^'.repeat(len))}`);
    }
  }
  return out.join('\n');
}

export function summary(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0, warnings = 0, infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warn') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

export const stylish: Formatter = (diagnostics: readonly Diagnostic[], ctx: ReportContext) => {
  const paint = painter(ctx.color);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    for (const d of list) {
      const sev = d.severity === 'error' ? paint('red', 'error') : d.severity === 'warn' ? paint('yellow', 'warn ') : paint('cyan', 'info ');
      out.push(`  ${paint('dim', `${file}:${d.line}:${d.column}`)}  ${sev}  ${d.message}  ${paint('dim', d.ruleId)}`);
      const text = ctx.sources.get(file);
      if (text !== undefined) {
        const frame = codeFrame(text, d, paint);
        if (frame) out.push(frame, '');
      }
    }
    out.push('');
  }
  const { errors, warnings, infos } = summary(diagnostics);
  const total = errors + warnings + infos;
  if (total === 0) {
    out.push(paint('green', `✔ no problems in ${plural(ctx.files.length, 'file')}`));
  } else {
    const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
    if (infos) parts.push(`${infos} info`);
    const line = `✖ ${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(ctx.files.length, 'file')}`;
    out.push(errors ? paint('red', paint('bold', line)) : paint('yellow', paint('bold', line)));
  }
  return out.join('\n') + '\n';
};
