// The command line: commander parses, each command module composes the stages, this file turns
// failures into one line and an exit code.
import { Command, CommanderError } from 'commander';
import { GtmapError, UsageError } from '../errors.js';
import { didYouMean } from '../suggest.cjs';
import { escapeControl } from '../text.js';
import { commands } from './commands/index.js';
import { EXIT_OK, EXIT_USAGE, pkg } from './output.js';

export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './output.js';

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
    .configureOutput({ outputError: (str, write) => write(`gtmap: ${escapeControl(str.replace(/^error: /, ''))}`) });
  for (const register of commands) register(program, setExit);
  // commander's own `help <command>` prints the general help for a command it does not know
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for a command')
    .argument('[command]', 'the command')
    .action((name: string | undefined) => {
      if (name === undefined) return void program.outputHelp();
      const names = program.commands.map((c) => c.name());
      const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!cmd) throw new UsageError(`help: unknown command \`${name}\`.${didYouMean(name, names)} Commands: ${names.join(', ')}.`);
      cmd.outputHelp();
      setExit(EXIT_OK);
    });
  return program;
}

/**
 * A reader that stops early (`gtmap rules | head -1`) closes the pipe: stop writing to it,
 * quietly, as other command-line tools do, instead of dying on an unhandled EPIPE.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') stream.destroy();
    else throw err;
  });
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const debug = argv.includes('--debug');
  let code = EXIT_OK;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      code =
        err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help'
          ? EXIT_OK
          : EXIT_USAGE;
    } else if (err instanceof GtmapError) {
      process.stderr.write(`gtmap: ${escapeControl(err.message)}\n`);
      if (debug) process.stderr.write(`${err.stack ?? ''}\n`);
      code = EXIT_USAGE;
    } else {
      process.stderr.write(
        `gtmap: internal error: ${escapeControl((err as Error)?.message ?? String(err))}. This is a bug in gtmap; re-run with --debug for the stack trace.\n`,
      );
      if (debug) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
      code = EXIT_USAGE;
    }
  }
  process.exitCode = code;
}
