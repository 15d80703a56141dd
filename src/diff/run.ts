// `gtmap diff` as one call: read both sides (git objects, or the working tree for the head), check
// each as `gtmap lint` would, compare, and attach approvals, the lint delta and accepted changes.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { type CheckResult, checkLoaded, checkMap } from '../check.js';
import type { Diagnostic } from '../diagnostic.js';
import type { LeadChanges } from '../route/batch.js';
import { GtmapError } from '../errors.js';
import { loadMapFromFiles } from '../load/index.js';
import { type Accepted, applyAccepted, parseAccepted } from './accept.js';
import { type Approvals, approvalsFor } from './approvals.js';
import { type Change, CLASSES, type ChangeClass, diffModels, sortChanges } from './index.js';
import { entityIds, type LintDelta, lintDelta } from './lint-delta.js';
import { openRepo, readSide, repoPath, resolveCommit, SideError, shortSha } from './git.js';

export const ACCEPT_FILE = '.gtmap-accepted.yaml';

export interface SideInfo {
  /** The ref as given, or undefined for the working tree. */
  ref?: string;
  sha?: string;
  short?: string;
  /** The map folder, as shown (relative to the working directory). */
  folder: string;
  /** No map at this side: everything was added. */
  missing?: boolean;
  /** The map folder was found here instead (it moved). */
  movedFrom?: string;
}

export interface DiffResult {
  base: SideInfo;
  head: SideInfo;
  changes: Change[];
  counts: Record<ChangeClass, number>;
  approvals: Approvals;
  lint: LintDelta;
  accepted: Accepted;
  /** `--leads <file>`: the records of an export whose routing changes from the base map to the head map. */
  leads?: LeadChanges & { file: string };
}

export interface DiffOptions {
  folder: string;
  base: string;
  head?: string;
  approvedBy?: readonly string[];
  cwd?: string;
  now?: Date;
}

const show = (p: string, cwd: string): string => {
  const r = relative(cwd, p).split(sep).join('/');
  return r === '' ? '.' : r;
};

/** A side whose files could not all be read is refused: its missing entities would read as removals. */
function refuseBroken(result: CheckResult, side: string): void {
  const broken = result.diagnostics.find((d: Diagnostic) => d.severity === 'error' && d.ruleId.startsWith('yaml/'));
  if (broken)
    throw new SideError(
      `the ${side} map does not load: ${broken.file}:${broken.line}:${broken.column} ${broken.message} (${broken.ruleId}). Fix it, or compare other refs.`,
    );
}

export function runDiff(opts: DiffOptions): DiffResult {
  const cwd = opts.cwd ?? process.cwd();
  const now = opts.now ?? new Date();
  const folderAbs = resolve(cwd, opts.folder);
  const repo = openRepo(existsSync(folderAbs) ? folderAbs : cwd);
  const inRepo = repoPath(repo, folderAbs);
  const baseSha = resolveCommit(repo, opts.base, '--base');
  const headSha = opts.head !== undefined ? resolveCommit(repo, opts.head, '--head') : undefined;

  const fromGit = (sha: string, label: string): { result: CheckResult | undefined; info: SideInfo; acceptText?: string } => {
    const side = readSide(repo, sha, inRepo);
    const shown = show(join(repo.root, side.folder), cwd);
    const info: SideInfo = { ref: label, sha, short: shortSha(repo, sha), folder: shown };
    if (side.movedFrom !== undefined) info.movedFrom = show(join(repo.root, side.movedFrom), cwd);
    if (!side.files) return { result: undefined, info: { ...info, missing: true } };
    const accept = side.files.find((f) => f.rel === ACCEPT_FILE);
    let loaded;
    try {
      loaded = loadMapFromFiles(`${label}:${side.folder || '.'}`, side.files, shown === '.' ? '' : `${shown}/`);
    } catch (err) {
      throw new SideError(`--${label === opts.base ? 'base' : 'head'} ${label}: ${(err as Error).message}`);
    }
    return { result: checkLoaded(loaded), info, ...(accept ? { acceptText: accept.bytes.toString('utf8') } : {}) };
  };

  const base = fromGit(baseSha, opts.base);
  let head: { result: CheckResult | undefined; info: SideInfo; acceptText?: string };
  if (headSha !== undefined) head = fromGit(headSha, opts.head!);
  else {
    if (!existsSync(folderAbs))
      throw new SideError(`${opts.folder}: no such folder in the working tree. Pass the map folder (default: map/).`);
    let result: CheckResult;
    try {
      result = checkMap(folderAbs, undefined, cwd);
    } catch (err) {
      if (err instanceof GtmapError) throw new SideError(`the head map does not load: ${err.message}`);
      throw err;
    }
    const acceptPath = join(folderAbs, ACCEPT_FILE);
    head = {
      result,
      info: { folder: show(folderAbs, cwd) },
      ...(existsSync(acceptPath) ? { acceptText: readFileSync(acceptPath, 'utf8') } : {}),
    };
  }
  if (!head.result) throw new SideError(`--head ${opts.head}: there is no map at ${head.info.folder} in that commit.`);
  if (base.result) refuseBroken(base.result, `base (${opts.base})`);
  refuseBroken(head.result, opts.head ? `head (${opts.head})` : 'head');

  const changes = sortChanges(diffModels(base.result?.model, head.result.model, now));
  const acceptFile = head.acceptText !== undefined ? join(head.info.folder, ACCEPT_FILE) : undefined;
  const entries = head.acceptText !== undefined ? parseAccepted(head.acceptText, acceptFile!) : [];
  const accepted = applyAccepted(entries, changes, now, acceptFile);
  const approvals = approvalsFor(base.result?.model, head.result.model, changes, opts.approvedBy);
  const counts = Object.fromEntries(CLASSES.map((c) => [c, changes.filter((x) => x.class === c && !x.accepted).length])) as Record<
    ChangeClass,
    number
  >;
  const lint = lintDelta(base.result, head.result);
  // a finding the change introduces on the entity it changed is named with the change
  const byEntity = new Map<string, string[]>();
  for (const d of lint.introduced) for (const id of entityIds(head.result, d)) byEntity.set(id, [...(byEntity.get(id) ?? []), d.ruleId]);
  for (const c of changes) {
    const rules = c.location.side === 'head' ? byEntity.get(c.entity.id) : undefined;
    if (rules) c.lint = [...new Set(rules)];
  }
  return { base: base.info, head: head.info, changes, counts, approvals, lint, accepted };
}

/** The exit code: 1 when an unaccepted change is at or above `failOn`, or a required approval is missing; else 0. */
export function diffExitCode(result: DiffResult, failOn: string, approvalsChecked: boolean): number {
  if (approvalsChecked && result.approvals.required.some((a) => !a.approved)) return 1;
  if (failOn === 'never') return 0;
  const limit = CLASSES.indexOf(failOn as ChangeClass);
  return result.changes.some((c) => !c.accepted && CLASSES.indexOf(c.class) <= limit) ? 1 : 0;
}
