// Reads one side of a diff straight from git objects: `git ls-tree` lists the map folder at a
// commit and one `git cat-file --batch` reads every blob. Nothing is checked out.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { GtmapError } from '../errors.js';
import type { MapFile } from '../load/index.js';

// loaded on the first git run: a site build whose history is cached runs none (readHead)
let childProcess: typeof import('node:child_process') | undefined;
const cp = (): typeof import('node:child_process') =>
  (childProcess ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process'));

/** A side of the comparison that cannot be read: exit 2, never "no changes". */
export class SideError extends GtmapError {
  override name = 'SideError';
}

interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

function git(cwd: string, args: string[], input?: Buffer): GitResult {
  const r = cp().spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error)
    throw new SideError(
      `cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}). Install git, or run gtmap diff inside a git repository.`,
    );
  return { ok: r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8') };
}

/**
 * As git(), answered when git exits, so the caller keeps working meanwhile (the site's history,
 * while the map is checked). Git that cannot be run is `ok: false`, not a throw: the history
 * then says there is none.
 */
export function gitAsync(cwd: string, args: string[], input?: Buffer): Promise<GitResult> {
  return new Promise((done) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const child = cp().spawn('git', args, { cwd, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', () => done({ ok: false, stdout: Buffer.alloc(0), stderr: '' }));
    child.on('close', (status) => done({ ok: status === 0, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    if (input) {
      // git exiting early (a missing object) closes the pipe: its exit status says what went wrong
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input);
    }
  });
}

/** git's arguments for the repository's root and whether it is shallow, a line each. */
export const REPO_ARGS = ['rev-parse', '--show-toplevel', '--is-shallow-repository'];

/** The answer to REPO_ARGS. */
export function repoOf(stdout: Buffer): Repo {
  const [top = '', shallow = ''] = stdout.toString().split('\n');
  return { root: top.trim(), shallow: shallow.trim() === 'true' };
}

export interface Repo {
  root: string;
  shallow: boolean;
}

export function openRepo(cwd: string): Repo {
  // one git process for both answers, a line each
  const r = git(cwd, REPO_ARGS);
  if (!r.ok) throw new SideError(`${cwd} is not inside a git repository, so there is no base to compare with. Run gtmap diff in a clone.`);
  return repoOf(r.stdout);
}

/** The commit a ref names, or a SideError that says why not (with the fetch-depth hint in a shallow clone). */
export function resolveCommit(repo: Repo, ref: string, flag: string): string {
  if (ref.startsWith('-')) throw new SideError(`${flag} ${ref}: a ref cannot start with \`-\`.`);
  const r = git(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (r.ok) return r.stdout.toString().trim();
  const hint = repo.shallow
    ? ' This is a shallow clone, so the commit may not have been fetched: use `fetch-depth: 0` in actions/checkout, or `git fetch --unshallow`.'
    : ' Check the branch or tag name, and fetch it first (e.g. `git fetch origin main`).';
  throw new SideError(`${flag} ${ref}: no such commit in this repository.${hint}`);
}

export function shortSha(repo: Repo, sha: string): string {
  const r = git(repo.root, ['rev-parse', '--short', sha]);
  return r.ok ? r.stdout.toString().trim() : sha.slice(0, 7);
}

/** The folder's path inside the repository, posix separators, no trailing slash ('' for the root). */
export function repoPath(repo: Repo, folder: string): string {
  const rel = relative(repo.root, resolve(folder)).split(sep).join('/');
  if (rel.startsWith('..')) throw new SideError(`${folder} is outside the git repository at ${repo.root}.`);
  return rel;
}

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

/** git's arguments to list the files under a folder ('' for all) at a commit. */
function lsTreeArgs(commit: string, under: string): string[] {
  return ['ls-tree', '-r', '-z', '--full-tree', commit, ...(under ? ['--', `${under}/`] : [])];
}

/** What git's failure says: its first line. */
const firstLine = (r: GitResult): string => r.stderr.trim().split('\n')[0] ?? '';

/** The files under a folder ('' for all) at a commit. */
export function lsTree(repo: Repo, commit: string, under: string): TreeEntry[] {
  return treeOf(commit, git(repo.root, lsTreeArgs(commit, under)));
}

/** As lsTree, without blocking (gitAsync). */
export async function lsTreeAsync(repo: Repo, commit: string, under: string): Promise<TreeEntry[]> {
  return treeOf(commit, await gitAsync(repo.root, lsTreeArgs(commit, under)));
}

function treeOf(commit: string, r: GitResult): TreeEntry[] {
  if (!r.ok) throw new SideError(`git ls-tree ${commit} failed: ${firstLine(r)}`);
  return parseTree(r.stdout);
}

/** `git ls-tree -r -z` output as entries. */
function parseTree(stdout: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const rec of stdout.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, sha] = rec.slice(0, tab).split(' ');
    out.push({ mode: mode!, type: type!, sha: sha!, path: rec.slice(tab + 1) });
  }
  return out;
}

/** Many blobs in one `git cat-file --batch`. */
export function readBlobs(repo: Repo, shas: readonly string[]): Map<string, Buffer> {
  if (!shas.length) return new Map();
  return blobsOf(shas, git(repo.root, ['cat-file', '--batch'], Buffer.from(`${shas.join('\n')}\n`)));
}

/** As readBlobs, without blocking (gitAsync). */
export async function readBlobsAsync(repo: Repo, shas: readonly string[]): Promise<Map<string, Buffer>> {
  if (!shas.length) return new Map();
  return blobsOf(shas, await gitAsync(repo.root, ['cat-file', '--batch'], Buffer.from(`${shas.join('\n')}\n`)));
}

/** `git cat-file --batch` output for `shas`, in that order, as each blob's bytes. */
function blobsOf(shas: readonly string[], r: GitResult): Map<string, Buffer> {
  if (!r.ok) throw new SideError(`git cat-file failed: ${firstLine(r)}`);
  const buf = r.stdout;
  const out = new Map<string, Buffer>();
  let pos = 0;
  for (const sha of shas) {
    const nl = buf.indexOf(0x0a, pos);
    const header = buf.subarray(pos, nl).toString('utf8');
    const m = /^(\S+) (\S+) (\d+)$/.exec(header);
    if (!m) throw new SideError(`git object ${sha} is missing (${header}). Fetch the full history (\`fetch-depth: 0\`).`);
    const size = Number(m[3]);
    out.set(sha, buf.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return out;
}

const YAML_NAME = /\.ya?ml$/i;

export interface GitSide {
  /** The map's files, or undefined when the folder does not exist at that commit. */
  files: MapFile[] | undefined;
  /** The folder that was read, inside the repository. */
  folder: string;
  /** Set when the folder was not there and the map was found elsewhere (a moved map folder). */
  movedFrom?: string;
}

/** The map folder at a commit. Symbolic links and other non-files are skipped, as loadMap skips them. */
export function readSide(repo: Repo, commit: string, folder: string): GitSide {
  const read = (dir: string): MapFile[] | undefined => {
    const entries = lsTree(repo, commit, dir).filter((e) => e.type === 'blob' && e.mode !== '120000' && YAML_NAME.test(e.path));
    if (!entries.length) return undefined;
    const blobs = readBlobs(
      repo,
      entries.map((e) => e.sha),
    );
    const prefix = dir ? `${dir}/` : '';
    return entries.map((e) => ({ rel: e.path.slice(prefix.length), bytes: blobs.get(e.sha)! }));
  };
  const files = read(folder);
  if (files) return { files, folder };
  // the folder is not there: if exactly one gtmap.yaml exists at that commit, the map moved
  const headers = lsTree(repo, commit, '').filter((e) => e.type === 'blob' && /(^|\/)gtmap\.yaml$/.test(e.path));
  if (headers.length === 1) {
    const dir = headers[0]!.path.replace(/\/?gtmap\.yaml$/, '');
    if (dir !== folder) {
      const moved = read(dir);
      if (moved) return { files: moved, folder: dir, movedFrom: dir };
    }
  }
  return { files: undefined, folder };
}

export interface Commit {
  sha: string;
  short: string;
  date: string;
  subject: string;
}

/** A commit HEAD names, read from the repository's own files (readHead). */
export interface KnownHead {
  /** The folder holding `.git`, as git's --show-toplevel prints it (symbolic links resolved). */
  root: string;
  /** The folder's path from `root`, posix separators ('' for the root itself). */
  inRepo: string;
  sha: string;
}

const SHA = /^[0-9a-f]{40}$/;
/** Variables that send git to another repository or history than the `.git` folder above (GIT_SSL_CAINFO and the like do not). */
const STEERS_GIT =
  /^GIT_(DIR|WORK_TREE|COMMON_DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|NAMESPACE|REPLACE_REF_BASE|NO_REPLACE_OBJECTS|GRAFT_FILE|SHALLOW_FILE|CONFIG\w*)$/;

/**
 * What HEAD is for `folder`, read from the files under `.git` without starting git (on a large
 * process every child process costs: each page it has written must be faulted in again after the
 * fork). Only the plain case is read: a `.git` folder above `folder`, not shallow, without grafts
 * or replaced objects, and no GIT_ variable that points git elsewhere; HEAD a commit, or a
 * branch with a loose or packed ref. `null`: no `.git` anywhere above, so not a repository;
 * `undefined`: anything else, for git itself to answer.
 */
export function readHead(folder: string): KnownHead | null | undefined {
  if (Object.keys(process.env).some((k) => STEERS_GIT.test(k))) return undefined;
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    return undefined;
  }
  for (let dir = real; ;) {
    const dotGit = join(dir, '.git');
    let st;
    try {
      st = lstatSync(dotGit);
    } catch {
      const up = dirname(dir);
      if (up === dir) return null;
      dir = up;
      continue;
    }
    // a worktree's or submodule's `.git` file, a link, a bare repository: git's to answer
    if (!st.isDirectory()) return undefined;
    try {
      if (['shallow', 'info/grafts', 'refs/replace'].some((p) => existsSync(join(dotGit, p)))) return undefined;
      const packedFile = join(dotGit, 'packed-refs');
      const packed = existsSync(packedFile) ? readFileSync(packedFile, 'utf8') : '';
      // replaced objects whose refs are packed (a clone has no refs/replace folder then)
      if (packed.includes(' refs/replace/')) return undefined;
      const head = readFileSync(join(dotGit, 'HEAD'), 'utf8').trim();
      const at = (sha: string | undefined): KnownHead | undefined =>
        sha && SHA.test(sha) ? { root: dir, inRepo: relative(dir, real).split(sep).join('/'), sha } : undefined;
      if (SHA.test(head)) return at(head);
      const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head)?.[1];
      if (!ref || ref.split('/').some((s) => s === '..' || s === '.' || s === '')) return undefined;
      const loose = join(dotGit, ...ref.split('/'));
      if (existsSync(loose)) return at(readFileSync(loose, 'utf8').trim());
      return at(
        packed
          .split('\n')
          .find((l) => l.endsWith(` ${ref}`))
          ?.slice(0, 40),
      );
    } catch {
      return undefined;
    }
  }
}
