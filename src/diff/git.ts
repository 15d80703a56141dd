// Reads one side of a diff straight from git objects: `git ls-tree` lists the map folder at a
// commit and one `git cat-file --batch` reads every blob. Nothing is checked out.
import { spawnSync } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { GtmapError } from '../errors.js';
import type { MapFile } from '../load/index.js';

/** A side of the comparison that cannot be read: exit 2, never "no changes". */
export class SideError extends GtmapError {
  override name = 'SideError';
}

function git(cwd: string, args: string[], input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error)
    throw new SideError(
      `cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}). Install git, or run gtmap diff inside a git repository.`,
    );
  return { ok: r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8') };
}

export interface Repo {
  root: string;
  shallow: boolean;
}

export function openRepo(cwd: string): Repo {
  // one git process for both answers, a line each
  const r = git(cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository']);
  if (!r.ok) throw new SideError(`${cwd} is not inside a git repository, so there is no base to compare with. Run gtmap diff in a clone.`);
  const [top = '', shallow = ''] = r.stdout.toString().split('\n');
  return { root: top.trim(), shallow: shallow.trim() === 'true' };
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
export function lsTreeArgs(commit: string, under: string): string[] {
  return ['ls-tree', '-r', '-z', '--full-tree', commit, ...(under ? ['--', `${under}/`] : [])];
}

export function lsTree(repo: Repo, commit: string, under: string): TreeEntry[] {
  const r = git(repo.root, lsTreeArgs(commit, under));
  if (!r.ok) throw new SideError(`git ls-tree ${commit} failed: ${r.stderr.trim().split('\n')[0]}`);
  return parseTree(r.stdout);
}

/** `git ls-tree -r -z` output as entries (also read by history.ts, which runs git without waiting). */
export function parseTree(stdout: Buffer): TreeEntry[] {
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
  const r = git(repo.root, ['cat-file', '--batch'], Buffer.from(`${shas.join('\n')}\n`));
  if (!r.ok) throw new SideError(`git cat-file failed: ${r.stderr.trim().split('\n')[0]}`);
  return parseBlobs(r.stdout, shas);
}

/** `git cat-file --batch` output for `shas`, in that order, as each blob's bytes. */
export function parseBlobs(buf: Buffer, shas: readonly string[]): Map<string, Buffer> {
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
