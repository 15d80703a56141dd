// Making folders and writing the small files gtmap keeps between runs (the diagram, history and
// site caches): folders are made one level at a time, and a cache file is written whole, through a
// temporary file.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates a folder and its missing parents one at a time. Not mkdirSync's `recursive`: on
 * Node 20 it never returns where mkdir answers ENOENT under a parent that exists (/proc).
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.push(d);
  for (const d of missing.reverse()) mkdirSync(d);
}

/**
 * Writes `text` to `file` whole, through a temporary file, so a reader never sees half of it.
 * A folder that cannot be made or written leaves no file and no error: a cache is only ever an
 * aid, and the next run does without it.
 */
export function writeCacheFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    makeFolders(dirname(file));
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    // read-only or missing: no cache this time
  }
}
