// Map text inside diff messages is untrusted: it is marked where it is put into a message, and
// each format decides how to show it (escaped for markdown and HTML, control characters made
// visible for a terminal). Everything outside the marks is gtmap's own wording.
import { escapeText } from '../report/markdown.js';
import { escapeControl } from '../text.js';

const OPEN = '\u0002';
const CLOSE = '\u0003';
const MARKS = /[\u0002\u0003]/g;
const ID = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

/** Untrusted map text, marked. */
export function t(s: unknown): string {
  return `${OPEN}${(typeof s === 'string' ? s : (JSON.stringify(s) ?? String(s))).replace(MARKS, '')}${CLOSE}`;
}

/** An id as a code span when it is a well-formed id, else as marked text. */
export function code(s: unknown): string {
  return typeof s === 'string' && ID.test(s) ? `\`${s}\`` : t(s);
}

/** Replaces each marked piece with `mark(piece)` and each piece of gtmap's wording with `own(piece)`. */
export function render(message: string, mark: (s: string) => string, own: (s: string) => string = (s) => s): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf(OPEN, i);
    if (open < 0) {
      out += own(message.slice(i));
      break;
    }
    out += own(message.slice(i, open));
    const close = message.indexOf(CLOSE, open + 1);
    const end = close < 0 ? message.length : close;
    out += mark(message.slice(open + 1, end));
    i = end + 1;
  }
  return out;
}

/** The message as plain text (json, terminals after escapeControl). */
export function plain(message: string): string {
  return render(message, (s) => s);
}

/** For a terminal or a log. */
export function terminal(message: string): string {
  return escapeControl(plain(message));
}

/** Markdown that shows `s` literally: no emphasis, links, HTML, table cells or mentions can start inside it. */
export function mdEscape(s: string): string {
  return escapeText(s).replace(/<br>/g, ' ');
}

export function markdown(message: string): string {
  return render(message, mdEscape, (s) => escapeControl(s).replace(/\r?\n/g, ' '));
}
