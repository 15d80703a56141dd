// `gtmap diff [folder] --base <ref> [--head <ref>]`: what a change to the map does, in operating
// terms, who must approve it, and the lint findings it introduces and resolves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option } from 'commander';
import { GtmapError, UsageError } from '../../errors.js';
import { collect, useColor } from '../output.js';
import type { Register } from './index.js';

const FORMATS = ['stylish', 'markdown', 'json', 'github'];

interface DiffCliOptions {
  base?: string;
  head?: string;
  format: string[];
  failOn: string;
  approvedBy?: string;
  repoUrl?: string;
  leads?: string;
  object: string;
  at?: string;
  color?: boolean;
}

async function diffCommand(folder: string, opts: DiffCliOptions): Promise<number> {
  if (!opts.base) throw new UsageError('gtmap diff needs --base <ref>, the commit to compare with (e.g. --base origin/main).');
  const outputs = opts.format.map((spec) => {
    const i = spec.indexOf(':');
    const format = i < 0 ? spec : spec.slice(0, i);
    const path = i < 0 ? undefined : spec.slice(i + 1);
    if (!FORMATS.includes(format))
      throw new UsageError(`unknown diff format \`${format}\`. Use one of: ${FORMATS.join(', ')} (optionally with :path).`);
    if (path === '') throw new UsageError(`--format ${format}: missing file after \`:\`.`);
    return { format, path };
  });
  if (outputs.filter((o) => !o.path).length > 1)
    throw new UsageError('only one --format can go to stdout; give the others a file, e.g. --format json:diff.json.');
  if (!outputs.length) outputs.push({ format: 'stylish', path: undefined });
  const approvedBy =
    opts.approvedBy === undefined
      ? undefined
      : opts.approvedBy
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const [{ runDiff, diffExitCode }, { diffFormatters }] = await Promise.all([import('../../diff/run.js'), import('../../diff/format.js')]);
  const result = runDiff({
    folder,
    base: opts.base,
    ...(opts.head !== undefined ? { head: opts.head } : {}),
    ...(approvedBy ? { approvedBy } : {}),
  });
  if (opts.leads !== undefined) {
    // the records routed with both maps (DuckDB and the batch code load only here)
    const [{ routeBatch, loadModelAt }, { loadForRoute, parseAt }] = await Promise.all([
      import('../../route/batch.js'),
      import('./route.js'),
    ]);
    const now = parseAt(opts.at);
    const head = opts.head !== undefined ? await loadModelAt(folder, opts.head, '--head') : loadForRoute(folder);
    const base = await loadModelAt(folder, opts.base, '--base');
    const batch = await routeBatch(head, { file: opts.leads, object: opts.object as 'lead', now, base: { model: base, label: opts.base } });
    result.leads = { ...batch.changes!, file: opts.leads };
  }
  const env = process.env;
  const repoUrl =
    opts.repoUrl ?? (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined);
  for (const o of outputs) {
    const text = diffFormatters[o.format]!(result, {
      color: o.path ? false : useColor(opts.color, process.stdout),
      approvalsChecked: approvedBy !== undefined,
      ...(repoUrl ? { repoUrl } : {}),
    });
    if (!o.path) process.stdout.write(text);
    else {
      try {
        mkdirSync(dirname(o.path), { recursive: true });
        writeFileSync(o.path, text);
      } catch (cause) {
        throw new GtmapError(`cannot write ${o.path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
      }
    }
  }
  return diffExitCode(result, opts.failOn, approvedBy !== undefined);
}

export const register: Register = (program, setExit) => {
  program
    .command('diff')
    .description('compare the map with another commit in operating terms; exit 1 on changes at or above --fail-on or missing approvals')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('--base <ref>', 'the commit to compare with, e.g. origin/main (read from git objects, no checkout)')
    .option('--head <ref>', 'the commit to compare (default: the working tree)')
    .option(
      '-f, --format <format[:file]>',
      `output format, repeatable; one of ${FORMATS.join(', ')}; add :file to write to a file`,
      collect,
      [],
    )
    .addOption(
      new Option(
        '--fail-on <class>',
        'exit 1 on an unaccepted change of this class or a more severe one (breaking > behavioural > ownership > text)',
      )
        .choices(['breaking', 'behavioural', 'ownership', 'text', 'never'])
        .default('breaking'),
    )
    .option(
      '--approved-by <teams>',
      'teams (ids or @org/team handles, comma-separated) that approved; exit 1 until every required team has',
    )
    .option('--repo-url <url>', 'link locations to this repository (default: from GITHUB_SERVER_URL and GITHUB_REPOSITORY)')
    .option(
      '--leads <file>',
      'route the records of this export (CSV, Parquet or JSON lines) with both maps and list those whose routing changes',
    )
    .addOption(
      new Option('--object <kind>', 'with --leads: the kind of record').choices(['lead', 'account', 'opportunity']).default('lead'),
    )
    .option('--at <time>', 'with --leads: when the records arrive, ISO 8601 with a zone (default: now)')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: DiffCliOptions) => setExit(await diffCommand(folder, opts)));
};
