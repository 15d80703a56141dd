// The map's recent history for the site: the commits that touched the map folder (git log), each
// compared with its first parent in the same classes as `gtmap diff`, and for every entity the
// latest of those commits that changed it. Models only (no lint), read from git objects.
// git runs without blocking (gitAsync), so `gtmap build` checks the map meanwhile.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeCacheFile } from '../files.js';
import { fileURLToPath } from 'node:url';
import { GtmapError } from '../errors.js';
import { type FileMemo, loadMapFromFiles } from '../load/index.js';
import { buildModel, type Model } from '../model/index.js';
import { type HistoryEntry, lastKey, type LastChange, type SiteHistory } from '../render/history.js';
import { CLASSES, type ChangeClass, diffModels } from './index.js';
import {
  type Commit,
  gitAsync as git,
  type KnownHead,
  lsTreeAsync,
  readBlobsAsync,
  readHead,
  REPO_ARGS,
  type Repo,
  repoOf,
  repoPath,
  type TreeEntry,
} from './git.js';
import { plain } from './text.js';
import { debugging } from '../debug.js';

export type { HistoryEntry, LastChange, SiteHistory } from '../render/history.js';

export const HISTORY_LIMIT = 10;

const YAML_NAME = /\.ya?ml$/i;

/** Bump when what an entry holds changes shape. */
const CACHE_FORMAT = 2;
const CACHE_FILE = 'history.json';
/** Entries kept in the cache file; the oldest go first. */
const MAX_CACHED = 500;
/** Logs kept in the cache file (one per folder and HEAD); the oldest go first. */
const MAX_LOGS = 20;

/** A commit's entry without its link (the repository URL is an option); null for a commit whose map cannot be read. */
type CachedEntry = Omit<HistoryEntry, 'url'> | null;

interface Cache {
  entries: Map<string, CachedEntry>;
  /**
   * git log's commits for a folder at a HEAD (logKey), kept once git has answered: when HEAD, read
   * from the repository's files, has not moved and every commit's entry is cached, a build runs
   * no git at all (readHead says why that matters).
   */
  logs: Map<string, Commit[]>;
}

const logKey = (head: KnownHead, limit: number): string => `${head.root}\u0000${head.inRepo}\u0000${head.sha}\u0000${limit}`;
/** A commit's entry, for the map folder at `inRepo` in its repository. */
const entryKey = (sha: string, inRepo: string): string => `${sha}\u0000${inRepo}`;

/**
 * What a commit's entry was computed by: this module as built (its file's size and time), so an
 * edit to gtmap's diff, rebuilt, is never answered from an older build's cache.
 */
function codeStamp(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    return 'unknown';
  }
}

function readCache(file: string, stamp: string): Cache {
  const out: Cache = { entries: new Map(), logs: new Map() };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; stamp?: unknown; entries?: unknown; logs?: unknown } | null;
    if (data?.format !== CACHE_FORMAT || data.stamp !== stamp || !Array.isArray(data.entries) || !Array.isArray(data.logs)) return out;
    for (const item of data.entries as unknown[]) {
      if (Array.isArray(item) && typeof item[0] === 'string' && typeof item[1] === 'object')
        out.entries.set(item[0], item[1] as CachedEntry);
    }
    for (const item of data.logs as unknown[]) {
      if (Array.isArray(item) && typeof item[0] === 'string' && Array.isArray(item[1])) out.logs.set(item[0], item[1] as Commit[]);
    }
  } catch {
    // no cache yet, or one we cannot use: every commit is compared
  }
  return out;
}

/** The cache file, whole (src/files.ts); a folder that cannot be written leaves no cache, and the next build compares again. */
function writeCache(file: string, stamp: string, { entries, logs }: Cache): void {
  writeCacheFile(
    file,
    JSON.stringify({ format: CACHE_FORMAT, stamp, entries: [...entries].slice(-MAX_CACHED), logs: [...logs].slice(-MAX_LOGS) }),
  );
}

const NOT_IN_REPO: SiteHistory = { available: false, reason: 'The map is not in a git repository, so there is no history to show.' };
const NO_COMMITS: SiteHistory = { available: false, reason: 'No commit has touched the map folder yet.' };

interface Edit {
  path: string;
  oldSha: string;
  status: string;
}

/** The log of the folder at HEAD, each commit with the files it changed; or why there is none. */
async function gitLog(
  abs: string,
  limit: number,
): Promise<{ repo: Repo; inRepo: string; commits: (Commit & { edits: Edit[] })[] } | SiteHistory> {
  // the repository's root and the log at once: a pathspec of `.` from the folder is the folder
  const top = git(abs, REPO_ARGS);
  const logged = git(abs, [
    'log',
    `-n${limit}`,
    '--first-parent',
    '--raw',
    '-r',
    '--no-abbrev',
    '--no-renames',
    '--format=%x01%H%x00%h%x00%cs%x00%s',
    'HEAD',
    '--',
    '.',
  ]);
  const rev = await top;
  if (!rev.ok) return NOT_IN_REPO;
  const repo = repoOf(rev.stdout);
  const inRepo = repoPath(repo, abs);
  const log = await logged;
  if (!log.ok) return { available: false, reason: 'The repository has no commits yet, so there is no history to show.' };
  const commits = log.stdout
    .toString('utf8')
    .split('\u0001')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const [header, ...raw] = chunk.split('\n');
      const [sha, , date, subject] = header!.split('\u0000');
      const edits = raw
        .filter((l) => l.startsWith(':'))
        .map((l) => {
          const tab = l.indexOf('\t');
          const [, , oldSha, , status] = l.slice(1, tab).split(' ');
          return { path: l.slice(tab + 1), oldSha: oldSha!, status: status! };
        });
      return { sha: sha!, short: sha!.slice(0, 7), date: date!, subject: subject!, edits };
    });
  return { repo, inRepo, commits };
}

/**
 * Recent history of the map folder; never throws for a missing or shallow history (it says why
 * instead). A commit's comparison with its parent never changes, so with `cacheDir` each is
 * computed once, and git's log is kept for the HEAD it was read at: a build of a repository whose
 * HEAD has not moved (read from its files, see readHead) starts no git process at all.
 */
export async function mapHistory(
  folder: string,
  options: { limit?: number; repoUrl?: string; cacheDir?: string } = {},
): Promise<SiteHistory> {
  const limit = options.limit ?? HISTORY_LIMIT;
  const abs = resolve(folder);
  const head = readHead(abs);
  if (head === null) return NOT_IN_REPO;
  const cacheFile = options.cacheDir === undefined ? undefined : join(options.cacheDir, CACHE_FILE);
  const stamp = codeStamp();
  const cache: Cache = cacheFile ? readCache(cacheFile, stamp) : { entries: new Map(), logs: new Map() };
  let dirty = false;
  let ranGit = false;
  const known = head ? cache.logs.get(logKey(head, limit)) : undefined;
  let repo: Repo;
  let inRepo: string;
  let commits: (Commit & { edits: Edit[] })[];
  if (head && known?.every((c) => cache.entries.has(entryKey(c.sha, head.inRepo)))) {
    // every commit is compared already, so the files each changed are not needed
    repo = { root: head.root, shallow: false };
    inRepo = head.inRepo;
    commits = known.map((c) => ({ ...c, edits: [] }));
  } else {
    const log = await gitLog(abs, limit);
    ranGit = true;
    if ('available' in log) return log;
    ({ repo, inRepo, commits } = log);
    // kept only when HEAD was the same before and after git read it, and so is the folder
    const after = head ? readHead(abs) : undefined;
    if (head && after?.sha === head.sha && after.root === repo.root && head.inRepo === inRepo && !repo.shallow) {
      cache.logs.delete(logKey(head, limit));
      cache.logs.set(
        logKey(head, limit),
        commits.map(({ sha, short, date, subject }) => ({ sha, short, date, subject })),
      );
      dirty = true;
    }
  }
  if (!commits.length) {
    if (cacheFile && dirty) writeCache(cacheFile, stamp, cache);
    return NO_COMMITS;
  }
  // commits at the edge of a shallow clone have parents git does not have: they cannot be compared
  // asked of git only in a shallow clone: one process fewer on every other build
  const shallowFile = repo.shallow ? (await git(repo.root, ['rev-parse', '--git-path', 'shallow'])).stdout.toString('utf8').trim() : '';
  const edge = new Set(
    repo.shallow && existsSync(resolve(repo.root, shallowFile))
      ? readFileSync(resolve(repo.root, shallowFile), 'utf8').split('\n').filter(Boolean)
      : [],
  );
  const cacheKey = (sha: string): string => entryKey(sha, inRepo);
  const missing = commits.filter((c) => !edge.has(c.sha) && !cache.entries.has(cacheKey(c.sha)));
  const prefix = inRepo ? `${inRepo}/` : '';
  const wanted = (path: string): boolean => path.startsWith(prefix) && YAML_NAME.test(path);
  const tree: TreeEntry[] = missing.length ? await lsTreeAsync(repo, commits[0]!.sha, inRepo) : [];
  let state = new Map(tree.filter((e) => e.type === 'blob' && e.mode !== '120000' && wanted(e.path)).map((e) => [e.path, e.sha]));
  // states[i] is the folder at commit i; states[i + 1] at its first parent
  const states: Map<string, string>[] = [state];
  for (const c of commits) {
    const parent = new Map(state);
    for (const e of c.edits) {
      if (!wanted(e.path)) continue;
      if (e.status === 'A' || /^0+$/.test(e.oldSha)) parent.delete(e.path);
      else parent.set(e.path, e.oldSha);
    }
    states.push(parent);
    state = parent;
  }
  // only the states that a commit still to compare needs: its own and its parent's
  const needed = new Set<number>();
  commits.forEach((c, i) => {
    if (!edge.has(c.sha) && !cache.entries.has(cacheKey(c.sha))) needed.add(i).add(i + 1);
  });
  const blobs = await readBlobsAsync(repo, missing.length ? [...new Set([...needed].flatMap((i) => [...states[i]!.values()]))] : []);
  // a file unchanged across commits is read once
  const memo: FileMemo = new Map();
  const models = new Map<number, Model | undefined>();
  const modelAt = (i: number): Model | undefined => {
    if (models.has(i)) return models.get(i);
    const s = states[i]!;
    let model: Model | undefined;
    if (s.size) {
      try {
        model = buildModel(
          loadMapFromFiles(
            `${commits[i]?.sha ?? 'parent'}:${inRepo}`,
            [...s].map(([path, sha]) => ({ rel: path.slice(prefix.length), bytes: blobs.get(sha)!, id: sha })),
            prefix,
            memo,
          ),
        );
      } catch (err) {
        // a commit whose map cannot be read (no gtmap.yaml) is left out
        if (!(err instanceof GtmapError)) throw err;
      }
    }
    models.set(i, model);
    return model;
  };
  const url = (sha: string): string | null => (options.repoUrl ? `${options.repoUrl.replace(/\/$/, '')}/commit/${sha}` : null);
  const entries: HistoryEntry[] = [];
  const lastChange = new Map<string, LastChange>();
  let truncated = false;
  commits.forEach((c, i) => {
    if (edge.has(c.sha)) {
      truncated = true;
      return;
    }
    let entry = cache.entries.get(cacheKey(c.sha));
    if (entry === undefined) {
      const head = modelAt(i);
      if (!head) {
        cache.entries.set(cacheKey(c.sha), null);
        return;
      }
      const base = modelAt(i + 1);
      const changes = diffModels(base, head, new Date(`${c.date}T00:00:00Z`), { positions: false });
      const counts = Object.fromEntries(CLASSES.map((k) => [k, changes.filter((x) => x.class === k).length])) as Record<
        ChangeClass,
        number
      >;
      const version = head.header.version && head.header.version !== base?.header.version ? String(head.header.version) : null;
      entry = {
        sha: c.sha,
        short: c.short,
        date: c.date,
        subject: c.subject,
        version,
        counts,
        changes: changes.map((x) => ({
          class: x.class,
          id: x.id,
          kind: x.entity.kind,
          entity: x.entity.id,
          message: plain(x.message).replace(/`/g, ''),
        })),
      };
      cache.entries.set(cacheKey(c.sha), entry);
    }
    if (entry === null) return;
    entries.push({ ...entry, url: url(c.sha) });
    for (const x of entry.changes) {
      const k = lastKey(x.kind, x.entity);
      if (!lastChange.has(k)) lastChange.set(k, { short: c.short, date: c.date, subject: c.subject, url: url(c.sha) });
    }
  });
  if (cacheFile && (missing.length || dirty)) writeCache(cacheFile, stamp, cache);
  if (debugging('cache')) {
    const hits = commits.length - missing.length - edge.size;
    const how = ranGit ? 'git log read' : `no git run (HEAD ${head ? head.sha.slice(0, 7) : '?'} as cached)`;
    process.stderr.write(`gtmap debug: history cache ${cacheFile ?? '(none)'}: ${missing.length} compared, ${hits} from cache; ${how}\n`);
  }
  return { available: true, entries, lastChange, limit, truncated };
}
