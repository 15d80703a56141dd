// Linear pre-parse scans of a map file's text: what both YAML parsers must agree to reject
// before either of them runs, each found with its offset so it can be placed at line:column.

/** Characters YAML does not allow anywhere in a stream (YAML 1.2, c-printable), besides surrogates. */
const NOT_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x1b: 'ESC', 0x7f: 'DEL', 0x9b: 'CSI' };

export function controlCharacter(text: string): { offset: number; code: number; name: string } | undefined {
  const m = NOT_PRINTABLE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return { offset: m.index, code, name: NAMES[code] ? `${hex} (${NAMES[code]})` : hex };
}

/**
 * The offset where nesting first goes deeper than `max` levels, or -1. Counts block levels by
 * indentation (and compact `- - x` items) plus flow levels (`[`, `{`) outside quotes; block
 * scalars (`|`, `>`) are skipped. It is an estimate that never undercounts by more than half,
 * which is what a limit needs: the parsers recurse once per level and overflow the stack near
 * 900 levels, real maps nest about 10.
 */
export function nestingTooDeep(text: string, max: number): number {
  const indents: number[] = [];
  let flow = 0;
  let quote = '';
  let scalarIndent = -1; // inside a block scalar: lines indented more than this belong to it
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let i = pos;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const indent = i - pos;
    const blank = i === end || text[i] === '#' || text[i] === '\r';
    if (scalarIndent >= 0 && (blank || indent > scalarIndent)) {
      pos = end + 1;
      continue;
    }
    scalarIndent = -1;
    if (blank && flow === 0 && !quote) {
      pos = end + 1;
      continue;
    }
    if (flow === 0 && !quote) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // compact nested sequences: `- - - x`
      while (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === end)) {
        indents.push(indent + (i - pos) + 2);
        i += 2;
        while (i < end && text.charCodeAt(i) === 32) i++;
      }
      if (indents.length > max) return i;
    }
    let valueStart = flow === 0 && !quote;
    for (; i < end; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else quote = '';
        }
        continue;
      }
      if (c === '#' && (i === pos || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if (flow > 0 || valueStart) {
        if (c === '[' || c === '{') {
          flow++;
          if (indents.length + flow > max) return i;
          continue;
        }
        if (c === '"' || c === "'") {
          quote = c;
          continue;
        }
      }
      if (flow > 0) {
        if (c === ']' || c === '}') flow--;
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      // a value starts after `key: ` or `- `; elsewhere brackets are plain text
      valueStart = (c === ':' || c === '-') && (text[i + 1] === ' ' || i + 1 === end);
      if (valueStart) continue;
      if ((c === '|' || c === '>') && /^[|>][-+0-9]*\s*(#.*)?\r?$/.test(text.slice(i, end))) {
        scalarIndent = indent;
        break;
      }
    }
    pos = end + 1;
  }
  return -1;
}

/** Top-level keys of a file, read from its text: what a file that does not parse seems to hold. */
export function topKeys(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/^["']?([A-Za-z][\w-]*)["']?[ \t]*:/gm)) found.add(m[1]!);
  return [...found];
}
