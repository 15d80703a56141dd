// Text helpers shared by every stage: untrusted map text made safe for a terminal or a log, and
// the plurals and lists that messages are worded with.

/**
 * Control characters that a terminal or a CI log would act on: C0 except tab and newline,
 * DEL, C1, and the bidi overrides/isolates that reorder what a reader sees.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Shows every control character visibly (`\x1b`, `\u202e`) so map text cannot drive a terminal. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when `s` holds a character escapeControl would rewrite. */
export function hasControl(s: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(s);
  CONTROL.lastIndex = 0;
  return found;
}

/** "policy" -> "policies", "process" -> "processes", "team" -> "teams". */
export function pluralWord(one: string): string {
  return one.endsWith('y') && !/[aeiou]y$/.test(one) ? `${one.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(one) ? `${one}es` : `${one}s`;
}

/** "1 team", "1,200 teams". */
export function plural(n: number, word: string, many = pluralWord(word)): string {
  return `${thousands(n)} ${n === 1 ? word : many}`;
}

/** 1200 -> "1,200" (not toLocaleString: starting Intl costs 24 ms of every run's start-up). */
export function thousands(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
}

/** "a, b and c" for plain strings. */
export function listWords(items: readonly string[], last = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** "`a`, `b` or `c`" */
export function listOr(items: readonly string[]): string {
  return joinQuoted(items, 'or');
}

/** "`a`, `b` and `c`" */
export function listAnd(items: readonly string[]): string {
  return joinQuoted(items, 'and');
}

function joinQuoted(items: readonly string[], last: string): string {
  const q = items.map((i) => `\`${i}\``);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${last} ${q[q.length - 1]}`;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Appends every item of `items` to `out`. `out.push(...items)` overflows the stack on a long list. */
export function append<T>(out: T[], items: Iterable<T>): T[] {
  for (const item of items) out.push(item);
  return out;
}
