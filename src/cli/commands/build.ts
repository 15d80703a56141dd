// `gtmap build [folder] --out site/`: build the site in memory (src/site.ts), then write it in one
// step. Heavy modules load inside the action.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../../diagnostic.js';
import { UsageError } from '../../errors.js';
import { displayPath } from '../../load/index.js';
import { stylish } from '../../report/stylish.js';
import { escapeControl, plural } from '../../text.js';
import type { SiteHistory } from '../../render/history.js';
import type { FileCopy } from '../../write/index.js';
import { buildSite } from '../../site.js';
import { debugStage, mark } from '../../debug.js';
import { reportContext, useColor } from '../output.js';
import type { Register } from './index.js';

export interface BuildOptions {
  out: string;
  dryRun?: boolean;
  color?: boolean;
  /** Read the map's history from git for the "What changed" page (default true; `--no-history`). */
  history?: boolean;
  repoUrl?: string;
  /** A deal export: adds the aggregates-only "Honest pipeline" page (gtmap audit). */
  audit?: string;
  includeDeals?: boolean;
  asOf?: string;
  mapping?: string;
}

export interface BuildOutcome {
  code: number;
  /** What to print on stdout and stderr. */
  stdout: string;
  stderr: string;
}

function findingsNote(ds: readonly Diagnostic[]): string {
  if (ds.length === 0) return '';
  const e = ds.filter((d) => d.severity === 'error').length;
  const w = ds.filter((d) => d.severity === 'warn').length;
  const i = ds.length - e - w;
  const parts = [e ? plural(e, 'lint error') : '', w ? plural(w, 'warning') : '', i ? plural(i, 'info', 'info') : ''].filter(Boolean);
  return `; ${parts.join(', ')} shown on ambiguities.html (gtmap lint lists them)`;
}

function ms(t0: number): string {
  return `${Math.round(performance.now() - t0)} ms`;
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

export async function runBuild(folder: string, opts: BuildOptions): Promise<BuildOutcome> {
  const t0 = performance.now();
  const out = opts.out;
  const { checkOutput, isInside, planWrite, writeSite } = await import('../../write/index.js');
  if (isInside(folder, out)) {
    throw new UsageError(
      `--out ${escapeControl(out)} would hold the map folder ${escapeControl(folder)}; pick a folder outside it, e.g. --out site.`,
    );
  }
  checkOutput(out, escapeControl(displayPath(resolve(out))));
  const env = process.env;
  const repoUrl =
    opts.repoUrl ?? (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined);
  // the history's, the diagrams' and the site's record share one cache folder
  const cacheDir = (await import('../../render/check-diagrams.js')).diagramCacheDir();
  // git starts now and runs while the map is checked; buildSite waits for it only before rendering
  const history: Promise<SiteHistory> =
    opts.history === false
      ? Promise.resolve({ available: false as const, reason: 'This site was built with --no-history, so it shows no history.' })
      : (await import('../../diff/history.js')).mapHistory(folder, {
          ...(repoUrl ? { repoUrl } : {}),
          cacheDir,
        });
  // a map with errors never reads it: its failure must not end the process as unhandled
  history.catch(() => undefined);
  const built = await buildSite(folder, { history, bytes: true, copies: true, previous: out });
  if (!built.ok) {
    const report = stylish(built.result.diagnostics, reportContext(built.result, useColor(opts.color, process.stderr)));
    return {
      code: 1,
      stdout: '',
      stderr: `${report}\ngtmap build: the map has errors, so no site was written${opts.dryRun ? '' : ` (${escapeControl(displayPath(resolve(out)))} is unchanged)`}. Fix the errors above and build again.\n`,
    };
  }
  if (built.problems.length) {
    // diagram titles and parser messages quote map text
    const lines = built.problems.map(
      (p) =>
        `  ${escapeControl(p.diagram.page)}: diagram "${escapeControl(p.diagram.title)}" does not parse:\n    ${escapeControl(p.message).replace(/\n/g, '\n    ')}`,
    );
    return {
      code: 1,
      stdout: '',
      stderr: `gtmap build: ${plural(built.problems.length, 'generated diagram')} failed Mermaid's parser, so no site was written:\n${lines.join('\n')}\nThis is a bug in gtmap's diagram generator; please report it with the map text that triggers it.\n`,
    };
  }
  if (opts.audit !== undefined) {
    const { audit, loadMapping } = await import('../../audit/index.js');
    const { AUDIT_PAGE, auditPage } = await import('../../audit/page.js');
    const { parseAsOf } = await import('./audit.js');
    const result = await audit(built.result.model, {
      dealsFile: opts.audit,
      asOf: parseAsOf(opts.asOf),
      mapping: opts.mapping ? loadMapping(opts.mapping) : undefined,
      deals: opts.includeDeals ? 'flagged' : { flagged: 0 },
    });
    const company = typeof built.result.model.header.company === 'string' ? built.result.model.header.company : 'The company';
    built.site.files.set(AUDIT_PAGE, auditPage(result, { company, includeDeals: opts.includeDeals === true }));
  } else if (opts.includeDeals) throw new UsageError('--include-deals needs --audit <deals file>.');
  const shown = escapeControl(displayPath(resolve(out)));
  // the vendored scripts are copied from their files by the writer, never read here
  const files = new Map<string, string | Buffer | FileCopy>(built.site.files);
  for (const [path, copyOf] of built.site.copies ?? []) files.set(path, { copyOf });
  const findings = findingsNote(built.result.diagnostics);
  if (opts.dryRun) {
    const plan = planWrite(files, out, shown);
    const lines = plan.files.map((f) => `${escapeControl(f.path)}  ${kb(f.bytes)}`);
    return {
      code: 0,
      stdout: `${lines.join('\n')}\n`,
      stderr: `dry run: would write ${plural(plan.files.length, 'file')} to ${shown}${plan.replaces ? ' (replacing the previous build)' : ''}${findings}. Nothing was written.\n`,
    };
  }
  const writing = mark();
  const plan = writeSite(files, out, shown, { cacheDir });
  debugStage('write', writing);
  const index = `${shown}/index.html`;
  return {
    code: 0,
    stdout: `✔ built ${plural(plan.files.length, 'file')} (${plural(built.site.diagrams.length, 'diagram')}) into ${shown} in ${ms(t0)}${findings}\n  open ${index}\n`,
    stderr: '',
  };
}

export const register: Register = (program: Command, setExit) => {
  program
    .command('build')
    .description('render the map as a static site (checks the map first; errors fail the build)')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('-o, --out <folder>', 'where to write the site', 'site')
    .option('--dry-run', 'list the files that would be written, write nothing')
    .option('--no-history', 'do not read the map\'s git history (the "What changed" page says so)')
    .option(
      '--repo-url <url>',
      'link commits on the "What changed" page to this repository (default: from GITHUB_SERVER_URL and GITHUB_REPOSITORY)',
    )
    .option('--audit <file>', 'add an "Honest pipeline" page from a deal export (aggregates only; see gtmap audit)')
    .option('--include-deals', 'with --audit: list the flagged deals on that page too')
    .option('--as-of <date>', 'with --audit: the date the audit is as of (YYYY-MM-DD); default today')
    .option('--mapping <file>', 'with --audit: a mapping file (see gtmap audit init)')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: BuildOptions) => {
      const r = await runBuild(folder, opts);
      if (r.stderr) process.stderr.write(r.stderr);
      if (r.stdout) process.stdout.write(r.stdout);
      setExit(r.code);
    });
};
