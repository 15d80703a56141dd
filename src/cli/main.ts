// The command line: commander parses, the stages work, this file picks the exit code.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { severityRank, type Diagnostic } from '../diagnostic.js';
import { GtmapError, UsageError } from '../errors.js';
import { allRules, ENGINE_RULES, type Level } from '../lint/index.js';
import { formatters, type ReportContext, type RuleInfo } from '../report/index.js';
import { coreRules } from '../validate/core-rules.js';
import { docsUrl } from '../diagnostic.js';
import { checkMap } from './check.js';
import { commands } from './commands/index.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function ruleCatalogue(): Map<string, RuleInfo> {
  const m = new Map<string, RuleInfo>();
  for (const r of [...coreRules, ...ENGINE_RULES, ...allRules]) m.set(r.id, { id: r.id, description: r.description, rationale: r.rationale, docsUrl: docsUrl(r.id), severity: r.severity });
  return m;
}

function useColor(opt: boolean | undefined, stream: NodeJS.WriteStream): boolean {
  if (opt !== undefined) return opt;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

interface Output {
  format: string;
  path?: string;
}

function parseOutputs(specs: string[]): Output[] {
  const out: Output[] = [];
  for (const spec of specs) {
    const i = spec.indexOf(':');
    const format = i < 0 ? spec : spec.slice(0, i);
    const path = i < 0 ? undefined : spec.slice(i + 1);
    if (!formatters[format]) {
      throw new UsageError(`unknown format \`${format}\`. Use one of: ${Object.keys(formatters).join(', ')} (optionally with :path, e.g. sarif:gtmap.sarif).`);
    }
    if (path === '') throw new UsageError(`--format ${format}: missing file after \`:\`.`);
    out.push({ format, path });
  }
  if (out.filter((o) => !o.path).length > 1) throw new UsageError('only one --format can go to stdout; give the others a file, e.g. --format sarif:gtmap.sarif.');
  return out.length ? out : [{ format: 'stylish' }];
}

function exitCodeFor(diags: readonly Diagnostic[], failOn: string, maxWarnings: number | undefined): number {
  if (maxWarnings !== undefined && diags.filter((d) => d.severity === 'warn').length > maxWarnings) return EXIT_FINDINGS;
  if (failOn === 'never') return EXIT_OK;
  const threshold = severityRank[failOn as 'error'];
  return diags.some((d) => severityRank[d.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

function parseRuleOverrides(specs: string[]): Record<string, Level> {
  const out: Record<string, Level> = {};
  const ids = allRules.map((r) => r.id);
  for (const s of specs) {
    const m = /^([^=]+)=(error|warn|info|off)$/.exec(s);
    if (!m) throw new UsageError(`--rule ${s}: write <rule-id>=<error|warn|info|off>, e.g. --rule text/no-vague-language=off.`);
    if (!ids.includes(m[1]!)) throw new UsageError(`--rule: unknown rule \`${m[1]}\`. \`gtmap rules\` lists every rule.`);
    out[m[1]!] = m[2] as Level;
  }
  return out;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function lintCommand(folder: string, opts: { format: string[]; failOn: string; maxWarnings?: string; color?: boolean; rule: string[]; quiet?: boolean }): Promise<number> {
  const outputs = parseOutputs(opts.format);
  const maxWarnings = opts.maxWarnings === undefined ? undefined : Number(opts.maxWarnings);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError(`--max-warnings ${opts.maxWarnings}: give a whole number of warnings, e.g. --max-warnings 0.`);
  const overrides = parseRuleOverrides(opts.rule);
  const result = checkMap(folder, overrides);
  let shown = result.diagnostics;
  if (opts.quiet) shown = shown.filter((d) => d.severity === 'error');
  const ctx: ReportContext = {
    sources: new Map(result.loaded.files.map((f) => [f.file, f.text])),
    color: false,
    rules: ruleCatalogue(),
    toolVersion: pkg.version,
    files: result.loaded.files.map((f) => f.file),
    skipped: result.skipped,
  };
  for (const o of outputs) {
    const text = formatters[o.format]!(shown, { ...ctx, color: o.path ? false : useColor(opts.color, process.stdout) });
    if (o.path) {
      try {
        mkdirSync(dirname(o.path), { recursive: true });
        writeFileSync(o.path, text);
      } catch (cause) {
        throw new GtmapError(`cannot write ${o.path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
      }
    } else process.stdout.write(text);
  }
  return exitCodeFor(result.diagnostics, opts.failOn, maxWarnings);
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('gtmap')
    .description('The go-to-market operating map, as code: validate, lint and render a revenue operating map.')
    .version(pkg.version, '-v, --version', 'print the version')
    .option('--debug', 'print stack traces for failures')
    .showHelpAfterError('(run `gtmap --help` for usage)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`gtmap: ${str.replace(/^error: /, '')}`) });

  program
    .command('lint')
    .description('validate and lint a map folder; exit 1 on findings at or above --fail-on')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('-f, --format <format[:file]>', `output format, repeatable; one of ${Object.keys(formatters).join(', ')}; add :file to write to a file`, collect, [])
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(['error', 'warn', 'info', 'never']).default('error'))
    .option('--max-warnings <n>', 'also fail when there are more than n warnings')
    .option('--rule <id=severity>', 'override a rule severity, repeatable', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts) => setExit(await lintCommand(folder, opts)));

  for (const register of commands) register(program, setExit);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  let code = EXIT_OK;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
      if (err.code === 'commander.help') code = EXIT_OK;
    } else if (err instanceof GtmapError) {
      process.stderr.write(`gtmap: ${err.message}\n`);
      if (debug) process.stderr.write(`${err.stack ?? ''}\n`);
      code = EXIT_USAGE;
    } else {
      process.stderr.write(`gtmap: internal error: ${(err as Error)?.message ?? String(err)}. This is a bug in gtmap; re-run with --debug for the stack trace.\n`);
      if (debug) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
      code = EXIT_USAGE;
    }
  }
  process.exitCode = code;
}
