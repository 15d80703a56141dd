// A map file as read: its text, its plain data, and, parsed only when a position is needed, its
// YAML document. This and load/index.ts are the only code that knows YAML nodes: every later stage
// speaks in paths into the data and asks the file where a path is.
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { ModelPath } from '../diagnostic.js';
import { findPos, positionTree, type PosNode } from './positions.js';
import { yamlLib } from './yaml.js';

export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SourceFile {
  /** Path for display, relative to the working directory, posix separators. */
  file: string;
  /** Path relative to the map folder, posix separators. */
  rel: string;
  text: string;
  /** The parsed document with positions; parsed on first access. */
  readonly doc: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  /** Plain data, or undefined when the file could not be parsed. */
  data: unknown;
  isHeader: boolean;
  /**
   * file:line:column of a path in this file's document. `key` points at the key of the last
   * segment (for an unknown key or a missing value); otherwise at the value. A path that goes
   * deeper than the document points at the deepest existing node.
   */
  locate(docPath: ModelPath, target?: 'key' | 'value'): Location;
  /**
   * Part of a string value: the k-th occurrence of the spanned text in the value is looked up as
   * the k-th occurrence in the scalar's source. Holds for plain, quoted and literal scalars; where
   * the source differs (a phrase folded across lines, an escape inside it) it is undefined.
   */
  locateText(docPath: ModelPath, start: number, end: number): Location | undefined;
  /** First and last line of the node at a path, when the whole path exists. */
  lineSpan(docPath: ModelPath): { from: number; to: number } | undefined;
}

/** A source whose `yaml` document (positions) is parsed only when something asks for it. */
export function sourceFile(file: string, rel: string, text: string, isHeader: boolean): SourceFile {
  let parsed: { doc: Document.Parsed; lineCounter: LineCounter } | undefined;
  const parse = (): { doc: Document.Parsed; lineCounter: LineCounter } => {
    if (parsed) return parsed;
    const { LineCounter, parseDocument } = yamlLib();
    const lineCounter = new LineCounter();
    // uniqueKeys is quadratic in the keys of a mapping (80,000 keys: minutes); load's duplicateKeys() is linear
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true });
    return (parsed = { doc, lineCounter });
  };
  // positions from js-yaml's events, for locate(); `yaml` only where js-yaml cannot read the file
  let tree: PosNode | null | undefined;
  const posTree = (): PosNode | null => (tree === undefined ? (tree = (text && positionTree(text)) || null) : tree);
  let lineStarts: number[] | undefined;
  const linePos = (offset: number): { line: number; col: number } => {
    lineStarts ??= starts(text);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };
  const source: SourceFile = {
    file,
    rel,
    text,
    data: undefined,
    isHeader,
    get doc() {
      return text === '' ? undefined : parse().doc;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
    locate: (docPath, target = 'value') => {
      const t = posTree();
      return t ? locateFast(source, t, linePos, docPath, target) : locateIn(source, docPath, target);
    },
    locateText: (docPath, start, end) => {
      const t = posTree();
      if (!t) return locateTextIn(source, docPath, start, end);
      const { node } = findPos(t, docPath);
      if (node?.kind !== 2 || node.value === undefined) return undefined;
      return textSpan(source, node.value, node.start, node.end, start, end, linePos);
    },
    lineSpan: (docPath) => {
      const { node, depth } = findNode(source, docPath);
      if (!node?.range || depth !== docPath.length) return undefined;
      return { from: source.lineCounter.linePos(node.range[0]).line, to: source.lineCounter.linePos(node.range[1]).line };
    },
  };
  return source;
}

/** Walks a parsed document along a path; stops at the deepest node that exists. */
function findNode(file: SourceFile, docPath: ModelPath): { node: Node | undefined; pair: Pair | undefined; depth: number } {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  let node: unknown = file.doc?.contents ?? undefined;
  let pair: Pair | undefined;
  let depth = 0;
  for (const seg of docPath) {
    if (isMap(node)) {
      const p = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === seg);
      if (!p) break;
      pair = p as Pair;
      node = p.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      pair = undefined;
      node = node.items[seg];
    } else break;
    depth++;
  }
  return { node: node as Node | undefined, pair, depth };
}

/** The `yaml` document's placement: the reference the fast one is tested against, and the fallback. */
export function locateIn(file: SourceFile, docPath: ModelPath, target: 'key' | 'value'): Location {
  const { isMap, isScalar, isSeq } = yamlLib();
  const { node, pair, depth } = findNode(file, docPath);
  const complete = depth === docPath.length;
  let range: [number, number] | undefined;
  const keyNode = pair && isScalar(pair.key) ? (pair.key as Node) : undefined;
  if ((target === 'key' || !complete) && keyNode?.range) range = [keyNode.range[0], keyNode.range[1]];
  else if (node?.range) {
    // a block map or list: point at its first line, not the whole block
    const r = node.range;
    const end = isMap(node) || isSeq(node) ? Math.min(r[1], lineEnd(file.text, r[0])) : r[1];
    range = [r[0], Math.max(end, r[0] + 1)];
  } else if (keyNode?.range) range = [keyNode.range[0], keyNode.range[1]];
  if (!range) return { file: file.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const s = file.lineCounter.linePos(range[0]);
  const e = file.lineCounter.linePos(range[1]);
  return { file: file.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

export function locateTextIn(file: SourceFile, docPath: ModelPath, start: number, end: number): Location | undefined {
  const { node } = findNode(file, docPath);
  if (!yamlLib().isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return textSpan(file, node.value, node.range[0], node.range[1], start, end, (o) => file.lineCounter.linePos(o));
}

type LinePos = (offset: number) => { line: number; col: number };

/** Offsets of the line starts: a line begins after each `\n`, as `yaml`'s LineCounter counts. */
function starts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function locateFast(file: SourceFile, root: PosNode, linePos: LinePos, docPath: ModelPath, target: 'key' | 'value'): Location {
  const { node, key, depth } = findPos(root, docPath);
  const complete = depth === docPath.length;
  let range: [number, number] | undefined;
  if ((target === 'key' || !complete) && key) range = [key.start, key.end];
  else if (node) {
    // a block map or list: point at its first line, not the whole block
    const end = node.kind <= 1 ? Math.min(node.end, lineEnd(file.text, node.start)) : node.end;
    range = [node.start, Math.max(end, node.start + 1)];
  } else if (key) range = [key.start, key.end];
  if (!range) return { file: file.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const s = linePos(range[0]);
  const e = linePos(range[1]);
  return { file: file.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

function textSpan(
  file: SourceFile,
  value: string,
  from: number,
  to: number,
  start: number,
  end: number,
  linePos: LinePos,
): Location | undefined {
  const text = value.slice(start, end);
  if (!text) return undefined;
  let k = 0;
  for (let i = value.indexOf(text); i >= 0 && i < start; i = value.indexOf(text, i + text.length)) k++;
  const source = file.text.slice(from, to);
  let at = -1;
  for (let n = 0, i = source.indexOf(text); i >= 0; i = source.indexOf(text, i + text.length), n++) {
    if (n === k) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const s = linePos(from + at);
  const e = linePos(from + at + text.length);
  return { file: file.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
