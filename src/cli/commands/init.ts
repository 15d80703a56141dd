// `gtmap init [folder]`: write a starter map (or the example map), optionally a CI workflow and
// editor settings, into the project in the working directory. In a terminal it asks for what
// the flags did not say; with --yes, or when stdin is not a terminal, it asks nothing.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Option } from 'commander';
import { GtmapError, UsageError } from '../../errors.js';
import { CI_PROVIDERS, type CiProvider, type InitOptions } from '../../init/index.js';
import { escapeControl } from '../../text.js';
import type { Register } from './index.js';

interface InitFlags {
  company?: string;
  sdr?: boolean;
  example?: boolean;
  ci?: CiProvider | 'none';
  vscode?: boolean;
  force?: boolean;
  yes?: boolean;
}

/** The map folder as a path inside the project (the working directory), posix, safe to write into a workflow. */
export function projectFolder(folder: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, folder)).split(sep).join('/');
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(
      `init: the map folder must be inside the project (the working directory), e.g. \`gtmap init map\`; got \`${escapeControl(folder)}\`. Run gtmap init from your repository's root.`,
    );
  }
  if (!/^[A-Za-z0-9._/-]+$/.test(rel)) {
    throw new UsageError(
      `init: the map folder \`${escapeControl(folder)}\` has characters a CI command line would have to quote; use letters, digits, ".", "_", "-" and "/".`,
    );
  }
  return rel;
}

/** A company name as it goes into gtmap.yaml: one line, no control characters. */
function checkCompany(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new UsageError('init: --company is empty. Give the company name, e.g. --company "Northwind Ledger".');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(trimmed))
    throw new UsageError('init: the company name holds control characters; write it on one line, as plain text.');
  return trimmed;
}

function defaultCompany(cwd: string): string {
  return (
    basename(cwd)
      .replace(/[-_]+/g, ' ')
      .replace(/\b\w/g, (c) => c.toUpperCase())
      .trim() || 'Your company'
  );
}

/** Asks, in a terminal, for what the flags left open. Returns undefined when the user cancels. */
async function ask(flags: InitFlags, folder: string, cwd: string): Promise<InitFlags | undefined> {
  const p = await import('@clack/prompts');
  p.intro('gtmap init');
  const answers: InitFlags = { ...flags };
  const cancelled = (v: unknown): boolean => p.isCancel(v);
  if (answers.company === undefined) {
    const v = await p.text({
      message: 'Company name',
      placeholder: defaultCompany(cwd),
      defaultValue: defaultCompany(cwd),
      validate: (s) => (s && /[\u0000-\u001f\u007f]/.test(s) ? 'Plain text on one line, please.' : undefined),
    });
    if (cancelled(v)) return undefined;
    answers.company = String(v);
  }
  if (answers.example === undefined) {
    const v = await p.select({
      message: `What should ${folder}/ hold?`,
      options: [
        { value: false, label: 'A starter map', hint: 'every section, short entries, TODOs to fill in' },
        { value: true, label: 'The full example map', hint: 'Northwind Ledger, to read and adapt' },
      ],
    });
    if (cancelled(v)) return undefined;
    answers.example = v as boolean;
  }
  if (!answers.example && answers.sdr === undefined) {
    const v = await p.confirm({
      message: 'Does a sales development team (SDRs) book meetings for account executives?',
      initialValue: true,
    });
    if (cancelled(v)) return undefined;
    answers.sdr = v as boolean;
  }
  if (answers.ci === undefined) {
    const v = await p.select({
      message: 'Add a CI workflow that lints the map on every pull request?',
      options: [
        { value: 'github', label: 'GitHub Actions', hint: '.github/workflows/gtmap.yml' },
        { value: 'gitlab', label: 'GitLab CI', hint: '.gitlab-ci.yml' },
        { value: 'none', label: 'Not now' },
      ],
    });
    if (cancelled(v)) return undefined;
    answers.ci = v as InitFlags['ci'];
  }
  if (answers.vscode === undefined) {
    const v = await p.confirm({ message: 'Map the schemas in .vscode/settings.json too (completion in VS Code)?', initialValue: false });
    if (cancelled(v)) return undefined;
    answers.vscode = v as boolean;
  }
  return answers;
}

/** Files that would be overwritten, and a map folder that already holds YAML. */
function conflicts(files: ReadonlyMap<string, string>, cwd: string, folder: string): string[] {
  const out = [...files.keys()].filter((f) => existsSync(resolve(cwd, f)));
  const dir = resolve(cwd, folder);
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    const yaml = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => /\.ya?ml$/.test(f) && !files.has(`${folder}/${f.split(sep).join('/')}`),
    );
    if (yaml.length) out.push(`${folder}/ (already holds ${yaml.length} other YAML file${yaml.length === 1 ? '' : 's'})`);
  }
  return out;
}

/** Commands and what they do, in two aligned columns. */
function next(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([c]) => c.length));
  return rows.map(([c, what]) => `  ${c.padEnd(width)}   ${what}`);
}

async function initCommand(folderArg: string, flags: InitFlags): Promise<number> {
  const cwd = process.cwd();
  const folder = projectFolder(folderArg, cwd);
  const interactive = !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const answers = interactive ? await ask(flags, folder, cwd) : flags;
  if (!answers) {
    process.stderr.write('gtmap: init cancelled; nothing was written.\n');
    return 1;
  }
  const options: InitOptions = {
    folder,
    company: checkCompany(answers.company ?? defaultCompany(cwd)),
    sdr: answers.sdr ?? true,
    example: answers.example ?? false,
    ci: answers.ci === 'none' ? undefined : answers.ci,
    vscode: answers.vscode ?? false,
  };
  const { planInit } = await import('../../init/index.js');
  const files = await planInit(options);
  const taken = conflicts(files, cwd, folder);
  if (taken.length && !flags.force) {
    throw new UsageError(
      `init: nothing was written, because these exist already: ${taken.map(escapeControl).join(', ')}. Pick another folder, or pass --force to overwrite them.`,
    );
  }
  for (const [rel, text] of files) {
    const path = resolve(cwd, rel);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } catch (cause) {
      throw new GtmapError(`init: cannot write ${rel}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
    }
  }
  const mapFiles = [...files.keys()].filter((f) => f.startsWith(`${folder}/`)).length;
  const other = [...files.keys()].filter((f) => !f.startsWith(`${folder}/`));
  const what = options.example ? 'the example map' : `a starter map for ${escapeControl(options.company)}`;
  const lines = [
    `Wrote ${what} to ${folder}/ (${mapFiles} files)${other.length ? `, and ${other.join(', ')}` : ''}.`,
    '',
    'Next:',
    ...next([
      [`npx --no-install gtmap lint ${folder}`, options.example ? 'no problems' : '0 errors; each warning points at a TODO'],
      [`npx --no-install gtmap build ${folder} --out site`, 'the site for new hires'],
      ['npx --no-install gtmap explain <rule-id>', 'what a finding means and how to fix it'],
    ]),
    '',
    `Editors: each file starts with a yaml-language-server modeline pointing at node_modules/gtmap/schema/${options.vscode ? '; .vscode/settings.json maps them too' : ' (or run gtmap init --vscode for a .vscode/settings.json mapping)'}.`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}

export const register: Register = (program, setExit) => {
  program
    .command('init')
    .description('write a starter map (and optionally a CI workflow) into this project')
    .argument('[folder]', 'the map folder to create, inside the project', 'map')
    .option('--company <name>', 'the company name (asked in a terminal; default: the folder name of the project)')
    .option('--sdr', 'a sales development team books meetings for account executives (default)')
    .option('--no-sdr', 'no sales development team: leads go straight to account executives')
    .option('--example', 'copy the full example map instead of the starter')
    .addOption(new Option('--ci <provider>', 'also write a CI workflow').choices([...CI_PROVIDERS, 'none']))
    .option('--vscode', 'also map the schemas in .vscode/settings.json')
    .option('--force', 'overwrite files that exist')
    .option('-y, --yes', 'ask nothing: use the flags and the defaults')
    .action(async (folder: string, opts: InitFlags, cmd: { getOptionValueSource(k: string): string | undefined }) => {
      // commander sets sdr to true by default because of --no-sdr; only an explicit flag counts as an answer
      const flags = { ...opts, sdr: cmd.getOptionValueSource('sdr') === 'cli' ? opts.sdr : undefined };
      setExit(await initCommand(folder, flags));
    });
};
