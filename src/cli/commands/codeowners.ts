// `gtmap codeowners [folder] [--check]`: write `.github/CODEOWNERS` from the decision rights, or
// fail (exit 1) when the committed file is stale.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { checkMap } from '../../check.js';
import { GtmapError } from '../../errors.js';
import type { Register } from './index.js';

interface CodeownersOptions {
  check?: boolean;
  output?: string;
}

/** The repository root (git), or the working directory outside git. */
async function repoRoot(cwd: string): Promise<string> {
  // loaded here, not at the top: `node:child_process` costs every command's start-up
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : cwd;
}

async function codeownersCommand(folder: string, opts: CodeownersOptions): Promise<number> {
  const { codeownersBlock, withBlock } = await import('../../diff/codeowners.js');
  const result = checkMap(folder);
  const broken = result.diagnostics.find((d) => d.severity === 'error' && /^(yaml|schema)\//.test(d.ruleId));
  if (broken) throw new GtmapError(`the map has errors, fix them first: ${broken.file}:${broken.line}:${broken.column} ${broken.message}`);
  const root = await repoRoot(resolve(folder));
  const prefix = relative(root, resolve(folder)).split(sep).join('/');
  const out = opts.output ? resolve(opts.output) : join(root, '.github', 'CODEOWNERS');
  const existing = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  const next = withBlock(existing, codeownersBlock(result.model, prefix));
  const shown = relative(process.cwd(), out).split(sep).join('/') || out;
  if (opts.check) {
    if (existing === next) {
      process.stdout.write(`${shown} is up to date with the decision rights.\n`);
      return 0;
    }
    process.stderr.write(
      `gtmap: ${shown} is ${existing === undefined ? 'missing' : 'stale'}: it does not match the decision rights of ${folder}. Run \`gtmap codeowners ${folder}\` and commit the result.\n`,
    );
    return 1;
  }
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, next);
  } catch (cause) {
    throw new GtmapError(`cannot write ${shown}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
  }
  process.stdout.write(`${existing === next ? 'unchanged' : 'wrote'} ${shown}\n`);
  return 0;
}

export const register: Register = (program, setExit) => {
  program
    .command('codeowners')
    .description('write .github/CODEOWNERS from the decision rights; --check fails when the file is stale')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('--check', 'do not write: exit 1 when the file differs from what the decision rights give')
    .option('-o, --output <file>', 'the CODEOWNERS file (default: .github/CODEOWNERS at the repository root)')
    .action(async (folder: string, opts: CodeownersOptions) => setExit(await codeownersCommand(folder, opts)));
};
