// Where each node of a file sits, from js-yaml's event stream (offsets into the text), for the
// files that have findings to place. js-yaml reads a file several times faster than the `yaml`
// package builds a document, so placing 1,500 findings no longer costs a second parse of every
// file they sit in with the slower parser. Ranges match the `yaml` package's node ranges (a test
// compares the two on every path of the example map and on generated files).
import { CHOMPING_MODE, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import type { ModelPath } from '../diagnostic.js';

export interface PosNode {
  /** 0 mapping, 1 sequence, 2 scalar, 3 alias */
  kind: 0 | 1 | 2 | 3;
  start: number;
  end: number;
  /** mapping: key → index of the first pair with that key */
  keys?: Map<string, number>;
  /** mapping: the key nodes (undefined for a key that is not a scalar), in order */
  keyNodes?: (PosNode | undefined)[];
  /** mapping values or sequence items, in order */
  items?: (PosNode | undefined)[];
  /** scalar: its decoded value */
  value?: string;
}

/** The node tree of a file's first document, or undefined when js-yaml cannot read it. */
export function positionTree(text: string): PosNode | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: 1000 });
  } catch {
    return undefined;
  }
  const stack: { node: PosNode; flow: boolean; pendingKey: PosNode | undefined | null; keyIsNext: boolean }[] = [];
  let root: PosNode | undefined;
  let lastEnd = 0;
  let docs = 0;
  const attach = (node: PosNode | undefined): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    const n = top.node;
    if (n.kind === 1) {
      n.items!.push(node);
      return;
    }
    if (top.keyIsNext) {
      top.pendingKey = node ?? null;
      top.keyIsNext = false;
      return;
    }
    const key = top.pendingKey ?? undefined;
    const index = n.items!.length;
    n.keyNodes!.push(key?.kind === 2 ? key : undefined);
    n.items!.push(node);
    if (key?.kind === 2 && !n.keys!.has(key.value!)) n.keys!.set(key.value!, index);
    top.pendingKey = undefined;
    top.keyIsNext = true;
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++docs > 1) return root;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node: PosNode =
          e.type === EVENT_ID.MAPPING
            ? { kind: 0, start: e.start, end: e.start, keys: new Map(), keyNodes: [], items: [] }
            : { kind: 1, start: e.start, end: e.start, items: [] };
        stack.push({ node, flow: e.style === 2, pendingKey: undefined, keyIsNext: true });
        lastEnd = e.start + (e.style === 2 ? 1 : 0);
        break;
      }
      case EVENT_ID.SCALAR: {
        let start = e.valueStart;
        let end = e.valueEnd;
        if (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED) {
          start -= 1;
          end += 1;
        } else if (e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) {
          start = blockIndicator(text, Math.max(lastEnd, e.anchorEnd, e.tagEnd), e.valueStart);
          if (e.chomping !== CHOMPING_MODE.KEEP) end = trailingBlankLines(text, e.valueStart, end);
        } else if (start < 0 && (e.anchorStart >= 0 || e.tagStart >= 0)) {
          // an empty value after an anchor or a tag (`key: &a`): just after them
          start = end = Math.max(e.anchorEnd, e.tagEnd, lastEnd);
        } else if (start === end && e.anchorStart < 0 && e.tagStart < 0) {
          // an empty value (`key:`): `yaml` places it where the value would start
          start = end = emptyAt(text, lastEnd);
        }
        const value = e.style === SCALAR_STYLE.PLAIN && e.fast ? text.slice(e.valueStart, e.valueEnd) : getScalarValue(text, e);
        attach({ kind: 2, start, end, value });
        lastEnd = Math.max(lastEnd, end);
        break;
      }
      case EVENT_ID.ALIAS:
        attach({ kind: 3, start: e.anchorStart - 1, end: e.anchorEnd });
        lastEnd = Math.max(lastEnd, e.anchorEnd);
        break;
      case EVENT_ID.POP: {
        const top = stack.pop();
        if (!top) break; // the document's end
        // a block collection: `yaml` ends it after its last line (trailing comment included);
        // only the first line matters to a location, so at least the end of that line
        const end = top.flow ? closingBracket(text, lastEnd) + 1 : Math.max(lastEnd, lineEnd(text, top.node.start));
        top.node.end = Math.max(end, top.node.start + (top.flow ? 2 : 0));
        lastEnd = top.node.end;
        attach(top.node);
        break;
      }
    }
  }
  return root;
}

/** The `|` or `>` that opens a block scalar: the first one after `from` and before its content. */
function blockIndicator(text: string, from: number, contentStart: number): number {
  for (let i = from; i < contentStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c || c === 0x3e) return i; // | >
    if (c === 0x23) break; // a comment before any indicator: give up
  }
  return contentStart;
}

/** A block scalar's end without the blank lines after its last line of content. */
function trailingBlankLines(text: string, start: number, end: number): number {
  let k = end;
  while (k > start && (text[k - 1] === '\n' || text[k - 1] === ' ' || text[k - 1] === '\r' || text[k - 1] === '\t')) k--;
  if (k === start) return end;
  const nl = text.indexOf('\n', k);
  return nl < 0 || nl >= end ? end : nl + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** Where an empty value sits: just after the `:`, `-` or `?` that introduces it (after `from`, past blanks and comments). */
function emptyAt(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
  }
  return text[i] === ':' || text[i] === '-' || text[i] === '?' ? i + 1 : i;
}

/** The offset of the `]` or `}` that closes a flow collection whose content ends at `from`. */
function closingBracket(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === ']' || c === '}') return i;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length - 1;
      i = nl;
    }
  }
  return text.length - 1;
}

/** The deepest node along a path, with the pair's key node when the last step went through a mapping. */
export function findPos(
  root: PosNode | undefined,
  path: ModelPath,
): { node: PosNode | undefined; key: PosNode | undefined; depth: number } {
  let node = root;
  let key: PosNode | undefined;
  let depth = 0;
  for (const seg of path) {
    if (node?.kind === 0) {
      const i = node.keys!.get(String(seg));
      if (i === undefined) break;
      key = node.keyNodes![i];
      node = node.items![i];
    } else if (node?.kind === 1 && typeof seg === 'number' && seg < node.items!.length) {
      key = undefined;
      node = node.items![seg];
    } else break;
    depth++;
  }
  return { node, key, depth };
}
