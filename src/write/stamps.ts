// What the last build left in its output folder, kept outside it (in gtmap's cache folder): for
// each file the build linked from the build before it, its inode, size, modification time and a
// digest of its bytes. The next build then knows a file's bytes from one lstat instead of opening
// and reading it (on the ~5k map, 1,381 files and 28 MB), as git's index knows a file unchanged
// from its stat.
//
// Trust is git's too: a file counts as recorded only while its device, inode, size and
// modification time are all as recorded, and a file changed so soon after it was written that its
// modification time may not show it (the clock's tick on the file system can be as coarse as 2 s)
// is never recorded: the next build reads it. Anything else (no cache, another format, a file
// changed since) is read and compared as before, so the cache only saves reads, never decides alone.
import * as crypto from 'node:crypto';
import { readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { writeCacheFile } from '../files.js';
import { debugging } from '../debug.js';
import { plural } from '../text.js';

const FORMAT = 1;
/** A file modified this recently before the record is written is not recorded (see above). */
export const RACY_MS = 2_500;

type Stamp = [dev: number, ino: number, size: number, mtimeMs: number, digest: string];

interface StampFile {
  format: number;
  out: string;
  files: Record<string, Stamp>;
}

// the one-shot form (Node 20.12 and later) skips making a Hash object per file
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'base64url') => string }).hash;

const ALGORITHM = 'sha256';
const ENCODING = 'base64url';

export function digestOf(bytes: Uint8Array): string {
  if (oneShot) return oneShot(ALGORITHM, bytes, ENCODING);
  const d = digester();
  d.update(bytes);
  return d.digest();
}

/** The same digest as digestOf, of bytes that come a buffer at a time. */
export function digester(): { update(bytes: Uint8Array): void; digest(): string } {
  const hash = crypto.createHash(ALGORITHM);
  return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest(ENCODING) };
}

function fileFor(cacheDir: string, out: string): string {
  return join(cacheDir, `site-${crypto.createHash('sha256').update(out).digest('hex').slice(0, 16)}.json`);
}

/**
 * The digests of an output folder's files, by their path in the site, and of the files the site
 * copies, by their absolute path: those the last build recorded, and those this build learns.
 */
export interface Stamps {
  /** The digest of the file `key` names (whose stat is `st`) when it is known: recorded and unchanged since, or learnt. */
  digest(key: string, st: Stats): string | undefined;
  /** This process read the file `key` names (stat `st`) and found bytes with this digest. */
  learn(key: string, st: Stats, digest: string): void;
  /** Replaces the record with these files (as the new site holds them), leaving out those modified too recently to trust. */
  save(files: readonly { key: string; st: Stats; digest: string }[]): void;
}

const same = (s: Stamp, st: Stats): boolean => s[0] === st.dev && s[1] === st.ino && s[2] === st.size && s[3] === st.mtimeMs;

/** The stamps of the site folder `out` (absolute) kept in `cacheDir`; with no cache folder, only what this process learns. */
export function siteStamps(out: string, cacheDir: string | undefined): Stamps {
  const file = cacheDir === undefined ? undefined : fileFor(cacheDir, out);
  let recorded: Record<string, Stamp> = {};
  if (file !== undefined) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as StampFile;
      if (data?.format === FORMAT && data.out === out && typeof data.files === 'object' && data.files !== null) recorded = data.files;
    } catch {
      // no record yet, or an unreadable one: every file is read
    }
  }
  const learnt = new Map<string, Stamp>();
  // for GTMAP_DEBUG=cache: digests known from a record, and files read to learn theirs
  const known = new Set<string>();
  return {
    digest(key, st) {
      const s = learnt.get(key) ?? (Object.prototype.hasOwnProperty.call(recorded, key) ? recorded[key] : undefined);
      const d = Array.isArray(s) && s.length === 5 && typeof s[4] === 'string' && same(s, st) ? s[4] : undefined;
      if (d !== undefined && !learnt.has(key)) known.add(key);
      return d;
    },
    learn(key, st, digest) {
      learnt.set(key, [st.dev, st.ino, st.size, st.mtimeMs, digest]);
    },
    save(files) {
      if (file === undefined) return;
      const now = Date.now();
      const keep: Record<string, Stamp> = {};
      let kept = 0;
      for (const { key, st, digest } of files) {
        if (now - st.mtimeMs < RACY_MS) continue;
        keep[key] = [st.dev, st.ino, st.size, st.mtimeMs, digest];
        kept++;
      }
      if (debugging('cache'))
        process.stderr.write(
          `gtmap debug: site stamps ${file}: ${plural(known.size, 'file')} known from a record, ${learnt.size} read and compared; ${kept} of ${files.length} recorded\n`,
        );
      // a read-only or missing cache folder leaves none: the next build reads the files
      writeCacheFile(file, JSON.stringify({ format: FORMAT, out, files: keep } satisfies StampFile));
    },
  };
}
