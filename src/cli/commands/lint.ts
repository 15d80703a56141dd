// `gtmap lint [folder]`: check the map and report the findings in one or more formats.
import { Option } from 'commander';
import { checkMap } from '../../check.js';
import { UsageError } from '../../errors.js';
import { formatters } from '../../report/index.js';
import { escapeControl } from '../../text.js';
import { collect, exitCodeFor, parseOutputs, parseRuleOverrides, reportContext, writeOutputs } from '../output.js';
import type { Register } from './index.js';

interface LintOptions {
  format: string[];
  failOn: string;
  maxWarnings?: string;
  color?: boolean;
  rule: string[];
  quiet?: boolean;
}

async function lintCommand(folder: string, opts: LintOptions): Promise<number> {
  const outputs = parseOutputs(opts.format);
  const maxWarnings = opts.maxWarnings === undefined ? undefined : Number(opts.maxWarnings);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0))
    throw new UsageError(`--max-warnings ${opts.maxWarnings}: give a whole number of warnings, e.g. --max-warnings 0.`);
  const overrides = parseRuleOverrides(opts.rule);
  const result = checkMap(folder, overrides);
  const shown = opts.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  writeOutputs(shown, outputs, reportContext(result), opts.color);
  // "no problems" in a map that declares nothing would read as a clean bill of health
  if (result.loaded.files.length === 1 && result.model.entities.size === 0 && result.diagnostics.length === 0) {
    process.stderr.write(
      `gtmap: note: ${escapeControl(folder)} holds only gtmap.yaml, so there was nothing to check. Add files with sections (teams.yaml, pipelines.yaml, ...), or run \`gtmap init ${escapeControl(folder)} --force\` for a starter map (it rewrites gtmap.yaml).\n`,
    );
  }
  return exitCodeFor(result.diagnostics, opts.failOn, maxWarnings);
}

export const register: Register = (program, setExit) => {
  program
    .command('lint')
    .description('validate and lint a map folder; exit 1 on findings at or above --fail-on')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option(
      '-f, --format <format[:file]>',
      `output format, repeatable; one of ${Object.keys(formatters).join(', ')}; add :file to write to a file`,
      collect,
      [],
    )
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(['error', 'warn', 'info', 'never']).default('error'),
    )
    .option('--max-warnings <n>', 'also fail when there are more than n warnings')
    .option('--rule <id=severity>', 'override a rule severity, repeatable', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: LintOptions) => setExit(await lintCommand(folder, opts)));
};
