// Human output: findings grouped by file, each with a code frame, then what was not linted and a summary line.
import type { Diagnostic } from '../diagnostic.js';
import { escapeControl, hasControl, plural } from '../text.js';
import { describeSkip, partialNote, problemCount, summary } from './summary.js';
import type { Formatter, ReportContext } from './types.js';

const codes = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, underline: 4, green: 32 } as const;
type Style = keyof typeof codes;
type Paint = (style: Style, s: string) => string;

export function painter(color: boolean): Paint {
  return (style, s) => (color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s);
}

/** Most columns of source a code frame shows per line, cut marks included. */
export const FRAME_WIDTH = 120;
/** Columns of a long line shown before the finding, when the line has to be cut. */
const LEAD = 40;
const CUT = '…';

/** Where each line of a file starts: computed once per file, so a frame costs the same on any line. */
export interface LineIndex {
  text: string;
  starts: number[];
  /** Lines in the file; the newline that ends the file starts no line. */
  count: number;
}

export function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const count = starts.length > 1 && starts[starts.length - 1] === text.length ? starts.length - 1 : starts.length;
  return { text, starts, count };
}

/** [start, end) of line n (1-based) in the text, without its line break. */
function lineSpan(ix: LineIndex, n: number): [number, number] {
  const start = ix.starts[n - 1]!;
  let end = n < ix.starts.length ? ix.starts[n]! - 1 : ix.text.length;
  if (end > start && ix.text.charCodeAt(end - 1) === 13) end--;
  return [start, end];
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Code units of the character at i (a surrogate pair is one character). */
function unitAt(text: string, i: number, end: number): number {
  return isHigh(text.charCodeAt(i)) && i + 1 < end && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
}

/** Columns a character takes once shown: a tab is one space, a control character its escape. */
function widthOf(text: string, i: number, units: number): number {
  return units === 2 ? 2 : escapeControl(text[i]!).length;
}

/** Shown form of text[a, b): tabs as one space, control characters escaped. */
function show(text: string, a: number, b: number): string {
  return a >= b ? '' : escapeControl(text.slice(a, b).replace(/\t/g, ' '));
}

/** From `from` rightwards, the end offset and width of what fits in `budget` columns, stopping at `limit`. */
function fitRight(text: string, from: number, limit: number, budget: number): [number, number] {
  const stop = Math.min(limit, from + budget);
  // the common case: no control characters, so a code unit is a column (and a surrogate pair two)
  if (!hasControl(text.slice(from, stop))) {
    const end = stop < limit && stop > from && isHigh(text.charCodeAt(stop - 1)) && isLow(text.charCodeAt(stop)) ? stop - 1 : stop;
    return [end, end - from];
  }
  let i = from,
    w = 0;
  while (i < limit) {
    const u = unitAt(text, i, limit);
    const cw = widthOf(text, i, u);
    if (w + cw > budget) break;
    w += cw;
    i += u;
  }
  return [i, w];
}

/** From `from` leftwards, the start offset and width of what fits in `budget` columns, stopping at `limit`. */
function fitLeft(text: string, from: number, limit: number, budget: number): [number, number] {
  const stop = Math.max(limit, from - budget);
  if (!hasControl(text.slice(stop, from))) {
    const start = stop > limit && stop < from && isLow(text.charCodeAt(stop)) && isHigh(text.charCodeAt(stop - 1)) ? stop + 1 : stop;
    return [start, from - start];
  }
  let i = from,
    w = 0;
  while (i > limit) {
    const u = i - 2 >= limit && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;
    const cw = widthOf(text, i - u, u);
    if (w + cw > budget) break;
    w += cw;
    i -= u;
  }
  return [i, w];
}

/** End of what fits from `from` in `budget` columns, leaving one for a cut mark when the line goes on. */
function cutRight(text: string, from: number, limit: number, budget: number): number {
  const [end] = fitRight(text, from, limit, budget);
  return end < limit ? fitRight(text, from, limit, budget - 1)[0] : end;
}

/**
 * The finding's line and a line either side, each cut to at most FRAME_WIDTH columns around the
 * finding (cuts marked with …) with the caret under the finding. Pass a LineIndex when framing many
 * findings in one file: the text is then split once, and each frame reads only its window.
 */
export function codeFrame(text: string | LineIndex, d: Diagnostic, paint: Paint, context = 1): string {
  const ix = typeof text === 'string' ? lineIndex(text) : text;
  const src = ix.text;
  if (d.line < 1 || d.line > ix.count) return '';
  const [ls, le] = lineSpan(ix, d.line);
  const c0 = ls + Math.min(Math.max(0, d.column - 1), le - ls);
  const c1 = d.endLine === d.line ? ls + Math.min(Math.max(d.endColumn, d.column + 1) - 1, le - ls) : le;

  // the window on the finding's line: the whole line when it fits, else some lead-in before the finding
  let from = ls,
    to = le;
  const whole = le - ls <= FRAME_WIDTH ? fitRight(src, ls, le, FRAME_WIDTH) : undefined;
  if (!whole || whole[0] < le) {
    [from] = fitLeft(src, c0, ls, LEAD);
    let used: number;
    [to, used] = fitRight(src, from, le, FRAME_WIDTH - (from > ls ? 1 : 0) - 1); // room for the cut marks
    if (to === le) [from] = fitLeft(src, from, ls, FRAME_WIDTH - 1 - used);
  }
  const offset = from - ls;

  const first = Math.max(1, d.line - context);
  const last = Math.min(ix.count, d.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    let shown: string;
    if (n === d.line) {
      shown = `${from > ls ? CUT : ''}${show(src, from, to)}${to < le ? CUT : ''}`;
    } else {
      const [s, e] = lineSpan(ix, n);
      let a = Math.min(s + offset, e);
      if (a > s && a < e && isLow(src.charCodeAt(a)) && isHigh(src.charCodeAt(a - 1))) a--;
      const end = cutRight(src, a, e, FRAME_WIDTH - (a > s ? 1 : 0));
      shown = `${a > s ? CUT : ''}${show(src, a, end)}${end < e ? CUT : ''}`;
    }
    const marker = n === d.line ? paint('red', '>') : ' ';
    out.push(`  ${marker} ${paint('dim', `${String(n).padStart(width)} |`)} ${shown}`);
    if (n === d.line) {
      const pad = (from > ls ? 1 : 0) + fitRight(src, from, c0, Infinity)[1];
      const len = Math.max(1, fitRight(src, c0, Math.min(c1, to), Infinity)[1]);
      out.push(`    ${paint('dim', `${' '.repeat(width)} |`)} ${' '.repeat(pad)}${paint('red', '^'.repeat(len))}`);
    }
  }
  return out.join('\n');
}

export const stylish: Formatter = (diagnostics: readonly Diagnostic[], ctx: ReportContext) => {
  const paint = painter(ctx.color);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    const text = ctx.sources.get(file);
    const ix = text === undefined ? undefined : lineIndex(text);
    const where = escapeControl(file);
    for (const d of list) {
      const sev =
        d.severity === 'error' ? paint('red', 'error') : d.severity === 'warn' ? paint('yellow', 'warn ') : paint('cyan', 'info ');
      out.push(
        `  ${paint('dim', `${where}:${d.line}:${d.column}`)}  ${sev}  ${escapeControl(d.message)}  ${paint('dim', escapeControl(d.ruleId))}`,
      );
      const frame = ix ? codeFrame(ix, d, paint) : '';
      if (frame) out.push(frame);
      for (const r of d.related ?? [])
        out.push(`  ${paint('dim', `related: ${escapeControl(r.file)}:${r.line}:${r.column} ${escapeControl(r.message)}`)}`);
      if (frame) out.push('');
    }
    out.push('');
  }
  const skipped = ctx.skipped ?? [];
  if (skipped.length) {
    out.push(
      paint(
        'yellow',
        paint(
          'bold',
          `⚠ Partial run: ${plural(skipped.length, 'part')} of the map ${skipped.length === 1 ? 'was' : 'were'} not linted, so problems there are not listed:`,
        ),
      ),
    );
    for (const n of skipped) out.push(`  ${paint('yellow', '-')} not linted: ${escapeControl(describeSkip(n))}`);
    out.push('');
  }
  const { errors } = summary(diagnostics);
  const files = plural(ctx.files.length, 'file');
  if (diagnostics.length === 0) {
    out.push(
      skipped.length
        ? paint('yellow', paint('bold', `⚠ no problems found in ${files}, but this was a ${partialNote(skipped)}`))
        : paint('green', `✔ no problems in ${files}`),
    );
  } else {
    const line = `✖ ${problemCount(diagnostics)} in ${files}${skipped.length ? `; ${partialNote(skipped)}` : ''}`;
    out.push(errors ? paint('red', paint('bold', line)) : paint('yellow', paint('bold', line)));
  }
  return out.join('\n') + '\n';
};
