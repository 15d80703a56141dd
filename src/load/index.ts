// Reads a map folder: every .yaml/.yml file, parsed with positions kept. Problems in a file
// become Diagnostics; only a folder that cannot be a map at all is a thrown LoadError.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Document, Node } from 'yaml';
import { type Diagnostic, type ModelPath, docsUrl } from '../diagnostic.js';
import { debugging } from '../debug.js';
import { LoadError } from '../errors.js';
import { append, thousands } from '../text.js';
import { CORE_SCHEMA, load } from 'js-yaml';
import { decodeText, type FastParse, fastParser } from './fast.cjs';
import { fileMemory, parseAhead } from './parallel.js';
import { controlCharacter, nestingTooDeep } from './scan.js';
import { type Problem, shapeProblem } from './shape.js';
import { type SourceFile, sourceFile } from './source.js';
import { yamlLib } from './yaml.js';

export type { Location, SourceFile } from './source.js';

/** js-yaml's read of a file's text (about ten times faster than `yaml`): the data, or `ok: false`, and then `yaml` reads it. */
export const fastParse = fastParser({ load, CORE_SCHEMA });

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;
/** Nodes that aliases may add to a file beyond those written out: bounds what later stages walk. */
export const MAX_ALIAS_NODES = 10_000;
export const HEADER_FILE = 'gtmap.yaml';
/** Deeper nesting is refused before parsing: both parsers recurse per level. A real map nests about 10. */
export const MAX_DEPTH = 100;
/** A longer list is refused unread: validating and placing a million items costs seconds and gigabytes. */
export const MAX_LIST_ITEMS = 50_000;

export interface LoadedMap {
  dir: string;
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

export function displayPath(abs: string, cwd = process.cwd()): string {
  const r = relative(cwd, abs);
  return (r === '' ? '.' : r.startsWith('..') ? abs : r).split(sep).join('/');
}

const YAML_NAME = /\.ya?ml$/i;

/**
 * Regular .yaml/.yml files under `dir`. Nothing outside the folder is ever read: symbolic links
 * and special files are skipped, and each skip is an info finding so it is not silent.
 */
function listYamlFiles(dir: string, cwd: string, notes: Diagnostic[]): string[] {
  const out: string[] = [];
  const note = (p: string, what: string): void => {
    notes.push(diag('load/skipped', 'info', what, displayPath(p, cwd), 1, 1));
  };
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (cause) {
      note(
        d,
        `Folder cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}), so nothing in it was checked. Check its permissions.`,
      );
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isSymbolicLink())
        note(
          p,
          'Symbolic link skipped: gtmap reads only regular files inside the map folder, never what a link points to. Copy the file into the folder if it belongs to the map.',
        );
      else if (e.isDirectory()) {
        if (YAML_NAME.test(e.name)) note(p, `\`${e.name}\` is a folder, not a file; the YAML files inside it are read as part of the map.`);
        walk(p);
      } else if (e.isFile()) {
        if (YAML_NAME.test(e.name)) out.push(p);
      } else if (YAML_NAME.test(e.name))
        note(
          p,
          `Skipped: \`${e.name}\` is not a regular file (${e.isFIFO() ? 'a FIFO' : e.isSocket() ? 'a socket' : 'a device'}). A map file must be a regular file.`,
        );
    }
  };
  walk(dir);
  // sorted by the path inside the folder, each worked out once
  return out
    .map((p) => ({ p, rel: relative(dir, p).split(sep).join('/') }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
    .map((x) => x.p);
}

/** `cwd` is what the file paths in Diagnostics are relative to; failures name paths as the user typed them. */
export interface LoadOptions {
  /**
   * Called with each file, in the map's file order, as soon as it is loaded: on a big map the
   * parse worker is still reading later files meanwhile, so what a caller does here (src/check.ts
   * builds the model and checks the schema) costs no time of its own.
   */
  onFile?: (file: SourceFile) => void;
}

export function loadMap(dir: string, cwd = process.cwd(), options: LoadOptions = {}): LoadedMap {
  let st;
  try {
    st = statSync(dir);
  } catch (cause) {
    throw new LoadError(
      `${displayPath(dir)}: no such folder. Pass the folder that holds gtmap.yaml (default: map/), or run \`gtmap init\` to create a starter map there.`,
      { cause },
    );
  }
  if (!st.isDirectory()) {
    throw new LoadError(`${displayPath(dir)}: not a folder. Pass the folder that holds gtmap.yaml, not a file.`);
  }
  const notes: Diagnostic[] = [];
  const paths = listYamlFiles(dir, cwd, notes);
  const headerPath = join(dir, HEADER_FILE);
  if (!paths.includes(headerPath)) {
    throw new LoadError(
      `${displayPath(dir)}: no ${HEADER_FILE} found. A map folder starts with ${HEADER_FILE} holding \`apiVersion: gtmap/v1\` and \`company\`; \`gtmap init <folder>\` writes one with a starter map.`,
    );
  }
  const entries = paths.map((abs) => ({ abs, file: displayPath(abs, cwd), rel: relative(dir, abs).split(sep).join('/') }));
  const { bytes, sizes } = readMapFiles(entries);
  const loaded = loadAll(
    bytes,
    (i, buf, parsed) => {
      const { file, rel } = entries[i]!;
      return sizes[i]! > MAX_FILE_BYTES ? tooLarge(sizes[i]!, file, rel) : loadBytes(buf, file, rel, parsed);
    },
    options.onFile,
  );
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = notes;
  for (const { source, diagnostics: d } of loaded) {
    files.push(source);
    append(diagnostics, d);
  }
  return { dir, files, diagnostics };
}

const EMPTY = Buffer.alloc(0);
type Loaded = { source: SourceFile; diagnostics: Diagnostic[] };

/**
 * Loads files 0..n-1 (their bytes) with `load`, in order, and hands each to `onFile` in that
 * order. When the files are big enough (./parallel.ts), a worker reads some of them with js-yaml
 * meanwhile, and `load` gets its result for those. `bytes` is taken over: its entries may become
 * views of memory shared with the worker.
 */
function loadAll(
  bytes: Buffer[],
  load: (i: number, buf: Buffer, parsed?: FastParse) => Loaded,
  onFile?: (file: SourceFile) => void,
): Loaded[] {
  const out: Loaded[] = new Array(bytes.length);
  const ahead = parseAhead(bytes, MAX_DEPTH);
  if (!ahead) {
    for (let i = 0; i < bytes.length; i++) {
      out[i] = load(i, bytes[i]!);
      onFile?.(out[i]!.source);
    }
    return out;
  }
  try {
    // files the main thread reads itself while the worker starts; then it takes the worker's
    // results in order, and passes each on while the worker reads the next
    for (let i = ahead.claim(); i !== undefined; i = ahead.claim()) out[i] = load(i, bytes[i]!);
    for (let i = 0; i < bytes.length; i++) {
      out[i] ??= load(i, bytes[i]!, ahead.result(i));
      onFile?.(out[i]!.source);
    }
  } finally {
    ahead.close();
  }
  if (debugging('timing')) process.stderr.write(`gtmap debug: a parse worker read ${ahead.used} of ${bytes.length} files with js-yaml\n`);
  return out;
}

/** Files already read, by `MapFile.id` and path, for reading many versions of one map. */
export type FileMemo = Map<string, { source: SourceFile; diagnostics: Diagnostic[] }>;

/** A file of a map that is not on disk (e.g. a git blob): its path inside the map folder and its bytes. */
export interface MapFile {
  rel: string;
  bytes: Buffer;
  /** A name for these exact bytes (a git blob id): with `memo`, each is read once. */
  id?: string;
}

/**
 * A map from files held in memory, read exactly as loadMap reads a folder. `dir` names the map
 * in messages; `displayPrefix` is put before each file's path in Diagnostics (e.g. `map/`).
 */
export function loadMapFromFiles(dir: string, files: readonly MapFile[], displayPrefix: string, memo?: FileMemo): LoadedMap {
  const sorted = [...files]
    .filter((f) => YAML_NAME.test(f.rel) && !f.rel.split('/').some((seg) => seg.startsWith('.') || seg === 'node_modules'))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  if (!sorted.some((f) => f.rel === HEADER_FILE)) {
    throw new LoadError(
      `${dir}: no ${HEADER_FILE} found. A map folder starts with ${HEADER_FILE} holding \`apiVersion: gtmap/v1\` and \`company\`.`,
    );
  }
  const keys = sorted.map((f) => (f.id === undefined ? undefined : `${f.id}\u0000${f.rel}`));
  const known = keys.map((key) => (key === undefined ? undefined : memo?.get(key)));
  const loaded = loadAll(
    sorted.map((f, i) => (known[i] ? EMPTY : f.bytes)),
    (i, buf, parsed) => {
      if (known[i]) return known[i];
      const f = sorted[i]!;
      const one = loadBytes(buf, `${displayPrefix}${f.rel}`, f.rel, parsed);
      if (keys[i] !== undefined) memo?.set(keys[i], one);
      return one;
    },
  );
  const out: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { source, diagnostics: d } of loaded) {
    out.push(source);
    append(diagnostics, d);
  }
  return { dir, files: out, diagnostics };
}

function diag(
  ruleId: string,
  severity: Diagnostic['severity'],
  message: string,
  file: string,
  line: number,
  column: number,
  endLine = line,
  endColumn = column + 1,
  path: ModelPath = [],
): Diagnostic {
  return { ruleId, severity, message, file, line, column, endLine, endColumn, path, docsUrl: docsUrl(ruleId) };
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function invalidUtf8Offset(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let n = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function tooDeep(source: SourceFile, diagnostics: Diagnostic[]): { source: SourceFile; diagnostics: Diagnostic[] } {
  const at = nestingTooDeep(source.text, MAX_DEPTH);
  const { line, column } = lineColOf(source.text, Math.max(0, at));
  diagnostics.push(
    diag(
      'yaml/too-deep',
      'error',
      `Nesting is deeper than ${MAX_DEPTH} levels here, so the file was not read. A map needs about 10; flatten the structure (name entities by id instead of nesting them).`,
      source.file,
      line,
      column,
    ),
  );
  return { source, diagnostics };
}

function tooManyItems(problem: Extract<Problem, { kind: 'long' }>, file: string, line: number, column: number): Diagnostic {
  return diag(
    'yaml/too-many-items',
    'error',
    `\`${pathWords(problem.path)}\` holds ${thousands(problem.length)} items; gtmap reads at most ${thousands(MAX_LIST_ITEMS)} per list, so the file was not read. Split the section over several files (the loader merges them), or keep generated data out of the map.`,
    file,
    line,
    column,
  );
}

function findListNode(doc: Document, path: (string | number)[]): { node: Node | undefined } {
  const node = doc.getIn(path, true);
  return { node: node && typeof node === 'object' ? (node as Node) : undefined };
}

function pathWords(path: (string | number)[]): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

function lineColOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1 };
}

/** A UTF-16 byte order mark, or a NUL in every other byte of the start. */
function utf16(buf: Uint8Array): boolean {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return true;
  const n = Math.min(buf.length, 64);
  let nul = 0;
  for (let i = 0; i < n; i++) if (buf[i] === 0) nul++;
  return n >= 8 && nul >= n / 3;
}

function lineColOfByte(buf: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}

// An anchor (`&name`) makes aliases possible, and with them shared nodes, cycles and alias bombs.
const ANCHOR = /(^|[\s[\]{},:-])&[^\s[\]{},]/m;

const SHAPE_LIMITS = { maxDepth: MAX_DEPTH, maxListItems: MAX_LIST_ITEMS, maxAliasNodes: MAX_ALIAS_NODES };

function tooLarge(size: number, file: string, rel: string): { source: SourceFile; diagnostics: Diagnostic[] } {
  return {
    source: sourceFile(file, rel, '', rel === HEADER_FILE),
    diagnostics: [
      diag(
        'yaml/file-too-large',
        'error',
        `File is ${(size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB per file. Split the sections over several files (the loader merges them).`,
        file,
        1,
        1,
      ),
    ],
  };
}

export function loadFile(abs: string, file: string, rel: string): { source: SourceFile; diagnostics: Diagnostic[] } {
  const b = readMapFile(abs, file);
  return typeof b === 'number' ? tooLarge(b, file, rel) : loadBytes(b, file, rel);
}

/**
 * Every file's bytes, read before any is parsed into one block of memory (shared with a parse
 * worker when the map is big enough to want one), and each file's size: a file over
 * MAX_FILE_BYTES is not read. A file whose size changed since it was listed gets its own buffer.
 */
function readMapFiles(entries: readonly { abs: string; file: string }[]): { bytes: Buffer[]; sizes: number[] } {
  const sizes = entries.map((e) => {
    try {
      return statSync(e.abs).size;
    } catch (cause) {
      throw cannotRead(e.file, cause);
    }
  });
  let total = 0;
  for (const size of sizes) if (size <= MAX_FILE_BYTES) total += size;
  const memory = fileMemory(total, entries.length);
  let at = 0;
  const bytes = entries.map((e, i) => {
    const size = sizes[i]!;
    if (size > MAX_FILE_BYTES) return EMPTY;
    const slot = memory.subarray(at, (at += size));
    let fd: number | undefined;
    try {
      fd = openSync(e.abs, 'r');
      let n = 0;
      for (let k = 1; n < size && k > 0; n += k) k = readSync(fd, slot, n, size - n, n);
      // grown or shrunk since it was listed: read it whole, as it is now
      if (n < size || readSync(fd, Buffer.alloc(1), 0, 1, size) > 0) {
        const b = readMapFile(e.abs, e.file);
        sizes[i] = typeof b === 'number' ? b : b.byteLength;
        return typeof b === 'number' ? EMPTY : b;
      }
      return slot;
    } catch (cause) {
      throw cannotRead(e.file, cause);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  });
  return { bytes, sizes };
}

/** A file's bytes, or its size when it is over MAX_FILE_BYTES (then it is not read). */
function readMapFile(abs: string, file: string): Buffer | number {
  let fd: number | undefined;
  try {
    // one open, then the size from the open file: no second lookup of the path
    fd = openSync(abs, 'r');
    const size = fstatSync(fd).size;
    return size > MAX_FILE_BYTES ? size : readFileSync(fd);
  } catch (cause) {
    throw cannotRead(file, cause);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function cannotRead(file: string, cause: unknown): LoadError {
  return new LoadError(
    `${file}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). Check the file's permissions.`,
    {
      cause,
    },
  );
}

/**
 * One file from its bytes: the code path every file takes, from a folder or from git objects.
 * `parsed` is js-yaml's result for this file's text when a parse worker has read it already.
 */
export function loadBytes(buf: Buffer, file: string, rel: string, parsed?: FastParse): { source: SourceFile; diagnostics: Diagnostic[] } {
  if (buf.length > MAX_FILE_BYTES) return tooLarge(buf.length, file, rel);
  const diagnostics: Diagnostic[] = [];
  const isHeader = rel === HEADER_FILE;
  const bad = isUtf8(buf) ? -1 : invalidUtf8Offset(buf);
  if (bad >= 0) {
    const { line, column } = lineColOfByte(buf, bad);
    diagnostics.push(
      diag(
        'yaml/encoding',
        'error',
        `Byte 0x${buf[bad]!.toString(16).padStart(2, '0')} is not valid UTF-8. Save the file as UTF-8 (it looks like ${utf16(buf) ? 'UTF-16' : 'Latin-1 or Windows-1252'}).`,
        file,
        line,
        column,
      ),
    );
    return { source: sourceFile(file, rel, '', isHeader), diagnostics };
  }
  // the parse worker decodes with the same function, so both read the same text
  const text = decodeText(buf);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    diagnostics.push(diag('yaml/bom', 'warn', 'File starts with a byte order mark (BOM). Save it as UTF-8 without BOM.', file, 1, 1));
  const control = controlCharacter(text);
  if (control?.code === 0 && utf16(buf)) {
    diagnostics.push(
      diag('yaml/encoding', 'error', 'The file looks like UTF-16 (every other byte is zero). Save it as UTF-8.', file, 1, 1),
    );
    return { source: sourceFile(file, rel, '', isHeader), diagnostics };
  }
  if (control) {
    const { line, column } = lineColOf(text, control.offset);
    diagnostics.push(
      diag(
        'yaml/control-character',
        'error',
        `Control character ${control.name} is not allowed in YAML text, so the file was not read. Remove it; if a value really needs it, write it as an escape inside double quotes (e.g. \`"\\x${control.code.toString(16).padStart(2, '0')}"\`).`,
        file,
        line,
        column,
      ),
    );
    return { source: sourceFile(file, rel, text, isHeader), diagnostics };
  }
  const source = sourceFile(file, rel, text, isHeader);
  const crlf = text.indexOf('\r\n');
  if (crlf >= 0) {
    const line = text.slice(0, crlf).split('\n').length;
    diagnostics.push(
      diag(
        'yaml/line-endings',
        'warn',
        'File uses CRLF (Windows) line endings. Convert it to LF, e.g. with `git config core.autocrlf input` and a fresh checkout.',
        file,
        line,
        crlf - text.lastIndexOf('\n', crlf - 1),
      ),
    );
  }
  // no line with content: only blank lines and comments
  if (!/^[^\S\n]*[^\s#]/m.test(text)) {
    diagnostics.push(
      diag(
        'yaml/empty-file',
        isHeader ? 'error' : 'warn',
        isHeader
          ? `${HEADER_FILE} is empty. It must hold \`apiVersion: gtmap/v1\` and \`company\`.`
          : 'File holds no sections. Add a section (e.g. `teams:`) or delete the file.',
        file,
        1,
        1,
      ),
    );
    source.data = isHeader ? {} : null;
    return { source, diagnostics };
  }
  const fast = parsed ?? fastParse(text);
  const shared = ANCHOR.test(text);
  if (fast.ok && fast.data !== null && typeof fast.data === 'object' && !Array.isArray(fast.data)) {
    // js-yaml read it, so it recursed safely; later stages recurse too, so the limits still hold
    const problem = shapeProblem(fast.data, SHAPE_LIMITS, shared);
    if (!problem) {
      source.data = fast.data;
      return { source, diagnostics };
    }
    if (problem.kind === 'long') {
      const key = typeof problem.path[0] === 'string' ? problem.path[0] : '';
      const at = key ? new RegExp(`^["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`, 'm').exec(text) : null;
      const { line, column } = lineColOf(text, at?.index ?? 0);
      diagnostics.push(tooManyItems(problem, file, line, column));
      return { source, diagnostics };
    }
    if (problem.kind === 'deep' && !shared) return tooDeep(source, diagnostics);
    // what aliases did (a cycle, an expansion, depth) is located on the `yaml` path below
  }
  // the `yaml` parser recurses once per level: measure the text before it sees it
  if (nestingTooDeep(text, MAX_DEPTH) >= 0) return tooDeep(source, diagnostics);
  const { isMap, isScalar } = yamlLib();
  const doc = source.doc!;
  const lineCounter = source.lineCounter;
  // after the first syntax error the parser's later errors are mostly its consequences
  const firstSyntax = doc.errors.findIndex((e) => yamlRuleId(e.code) === 'yaml/syntax');
  for (const e of firstSyntax < 0 ? doc.errors : doc.errors.slice(0, firstSyntax + 1)) {
    const start = lineCounter.linePos(e.pos[0]);
    // yaml marks one character of a duplicate key; mark the whole key
    const keyLen = e.code === 'DUPLICATE_KEY' ? (/^[^:\n]*[^:\s]/.exec(text.slice(e.pos[0]))?.[0].length ?? 1) : 1;
    const end = lineCounter.linePos(Math.max(e.pos[1], e.pos[0] + keyLen));
    diagnostics.push(
      diag(
        yamlRuleId(e.code),
        'error',
        yamlMessage(e.code, e.message, text, e.pos[0], e.pos[1]),
        file,
        start.line,
        start.col,
        end.line,
        end.col,
      ),
    );
  }
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const start = lineCounter.linePos(w.pos[0]);
    const tag = /^!\S*/.exec(text.slice(w.pos[0]))?.[0] ?? /tag:?\s*(\S+)/.exec(w.message)?.[1] ?? 'this tag';
    diagnostics.push(
      diag(
        'yaml/unknown-tag',
        'warn',
        `Tag \`${tag}\` means nothing to gtmap: the value is read as plain data and nothing is run or converted. Remove the tag.`,
        file,
        start.line,
        start.col,
        start.line,
        start.col + tag.length,
      ),
    );
  }
  if (doc.errors.length > 0) return { source, diagnostics };
  const dups = duplicateKeys(doc);
  for (const d of dups) {
    const start = lineCounter.linePos(d.range[0]);
    const end = lineCounter.linePos(d.range[1]);
    diagnostics.push(
      diag(
        'yaml/duplicate-key',
        'error',
        `Key \`${d.key}\` appears twice in the same mapping; YAML would keep only one. Remove or rename one of them.`,
        file,
        start.line,
        start.col,
        end.line,
        end.col,
        d.path,
      ),
    );
  }
  // a duplicate inside an entity costs that entity (lint leaves it out); one between sections, the file
  if (dups.some((d) => d.path.length < 3)) return { source, diagnostics };
  try {
    source.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const alias = firstAlias(doc);
    const pos = alias?.range ? lineCounter.linePos(alias.range[0]) : { line: 1, col: 1 };
    const msg =
      err instanceof ReferenceError && /alias/i.test(err.message) && !/not found|undefined|unresolved/i.test(err.message)
        ? `Aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?). Write the values out instead of nesting aliases.`
        : `${(err as Error).message}. Define the anchor (\`&name\`) before the alias (\`*name\`) uses it.`;
    diagnostics.push(diag('yaml/alias', 'error', msg, file, pos.line, pos.col));
    return { source, diagnostics };
  }
  const problem = shapeProblem(source.data, SHAPE_LIMITS, shared);
  if (problem) {
    source.data = undefined;
    if (problem.kind === 'long') {
      const { node } = findListNode(doc, problem.path);
      const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
      diagnostics.push(tooManyItems(problem, file, pos.line, pos.col));
      return { source, diagnostics };
    }
    if (problem.kind === 'deep' && !shared) return tooDeep(source, diagnostics);
    const alias = firstAlias(doc);
    const pos = alias?.range ? lineCounter.linePos(alias.range[0]) : { line: 1, col: 1 };
    const msg =
      problem.kind === 'cycle'
        ? `An alias at \`${pathWords(problem.path)}\` refers to a node that holds it, so the value never ends. Write the value out instead of the alias.`
        : problem.kind === 'deep'
          ? `Aliases nest \`${pathWords(problem.path)}\` deeper than ${MAX_DEPTH} levels. Write the values out instead of nesting aliases.`
          : `Aliases expand the file's ${thousands(problem.distinct)} values to ${thousands(problem.nodes)}; the limit is ${thousands(MAX_ALIAS_NODES)} more than are written (an alias bomb?). Write the values out instead of nesting aliases.`;
    diagnostics.push(diag('yaml/alias', 'error', msg, file, pos.line, pos.col));
    return { source, diagnostics };
  }
  if (!isMap(doc.contents) && doc.contents !== null) {
    const r = (doc.contents as Node).range;
    const pos = r ? lineCounter.linePos(r[0]) : { line: 1, col: 1 };
    diagnostics.push(
      diag(
        'yaml/not-a-mapping',
        'error',
        `The top level of a map file must be a mapping of section names (e.g. \`teams:\`), not a ${isScalar(doc.contents) ? 'plain value' : 'list'}.`,
        file,
        pos.line,
        pos.col,
      ),
    );
    source.data = undefined;
  }
  return { source, diagnostics };
}

/** Every second occurrence of a key in a mapping, with its model path; one pass over the document. */
function duplicateKeys(doc: Document): { key: string; range: [number, number]; path: (string | number)[] }[] {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  const out: { key: string; range: [number, number]; path: (string | number)[] }[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined) {
          if (seen.has(key) && pair.key && (pair.key as Node).range) {
            const r = (pair.key as Node).range!;
            out.push({ key, range: [r[0], r[1]], path: [...path, key] });
          }
          seen.add(key);
        }
        walk(pair.value, key === undefined ? path : [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return out;
}

function firstAlias(doc: Document): Node | undefined {
  const { isAlias, visit } = yamlLib();
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlRuleId(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'yaml/duplicate-key';
    case 'TAB_AS_INDENT':
      return 'yaml/tab-indent';
    default:
      return 'yaml/syntax';
  }
}

function yamlMessage(code: string, message: string, text: string, start: number, end: number): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = text.slice(start).split(/[:\n]/)[0]!.trim() || text.slice(start, end).trim();
      return `Key \`${key}\` appears twice in the same mapping; YAML would keep only one. Remove or rename one of them.`;
    }
    case 'TAB_AS_INDENT':
      return 'Indentation uses a tab character; YAML allows only spaces. Replace the tab with spaces.';
    case 'MISSING_CHAR':
      return `${first}. Add the missing character or quote the whole value.`;
    case 'BAD_INDENT':
    case 'BAD_INDENTATION':
      return `${first}. Check the indentation of this line against the lines above it.`;
    default:
      return `${first}. Fix the YAML syntax here (quote values that contain \`: \` or start with a special character).`;
  }
}
