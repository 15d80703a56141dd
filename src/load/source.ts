// A map file as read: its text, its plain data, and, parsed only when a position is needed, its
// YAML document. This and load/index.ts are the only code that knows YAML nodes: every later stage
// speaks in paths into the data and asks the file where a path is.
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { ModelPath } from '../diagnostic.js';
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
    locate: (docPath, target = 'value') => locateIn(source, docPath, target),
    locateText: (docPath, start, end) => locateTextIn(source, docPath, start, end),
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

function locateIn(file: SourceFile, docPath: ModelPath, target: 'key' | 'value'): Location {
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

function locateTextIn(file: SourceFile, docPath: ModelPath, start: number, end: number): Location | undefined {
  const { node } = findNode(file, docPath);
  if (!yamlLib().isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const text = value.slice(start, end);
  if (!text) return undefined;
  let k = 0;
  for (let i = value.indexOf(text); i >= 0 && i < start; i = value.indexOf(text, i + text.length)) k++;
  const source = file.text.slice(node.range[0], node.range[1]);
  let at = -1;
  for (let n = 0, i = source.indexOf(text); i >= 0; i = source.indexOf(text, i + text.length), n++) {
    if (n === k) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const s = file.lineCounter.linePos(node.range[0] + at);
  const e = file.lineCounter.linePos(node.range[0] + at + text.length);
  return { file: file.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}
