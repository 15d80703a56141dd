// Trusted HTML: the only values a template may print unescaped. Created by the markdown
// factory (HTML off, links validated) and nowhere else.
import { append } from '../text.js';

const TRUSTED = Symbol('gtmap.trustedHtml');

export interface SafeHtml {
  readonly [TRUSTED]: true;
  readonly html: string;
}

export function trusted(html: string): SafeHtml {
  return { [TRUSTED]: true, html };
}

export function isTrusted(v: unknown): v is SafeHtml {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TRUSTED] === true;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);
}

/** A piece of text, optionally a link; rich text is a list of runs, printed escaped. */
export interface Run {
  text: string;
  href: string | null;
}

export type Rich = Run[];

export function text(t: string): Run {
  return { text: t, href: null };
}

export function plainOf(rich: Rich): string {
  return rich.map((r) => r.text).join('');
}

/** "a, b and c" over rich runs. */
export function joinRuns(items: Run[][], last = 'and'): Rich {
  const out: Rich = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(text(i === items.length - 1 ? ` ${last} ` : ', '));
    append(out, item);
  });
  return out;
}
