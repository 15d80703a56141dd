// `gtmap test [folder]`: run the routing and stage test cases beside the map and report each
// failure at the case's file:line:column, in every findings format; coverage after them.
import { Option } from 'commander';
import { resolve } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../../diagnostic.js';
import { UsageError } from '../../errors.js';
import { loadMap } from '../../load/index.js';
import { buildModel, diagnosticAt } from '../../model/index.js';
import { formatters } from '../../report/index.js';
import { validate } from '../../validate/index.js';
import { collect, EXIT_FINDINGS, EXIT_OK, exitCodeFor, parseOutputs, reportContext, writeOutputs } from '../output.js';
import { parseAt } from './route.js';
import type { Register } from './index.js';

interface TestOptions {
  format: string[];
  minCoverage?: string;
  coverage: boolean;
  at?: string;
  color?: boolean;
}

async function testCommand(folder: string, opts: TestOptions): Promise<number> {
  const outputs = parseOutputs(opts.format);
  const min = opts.minCoverage === undefined ? undefined : Number(opts.minCoverage.replace(/%$/, ''));
  if (min !== undefined && (!Number.isFinite(min) || min < 0 || min > 100))
    throw new UsageError(`--min-coverage ${opts.minCoverage}: give a percentage from 0 to 100, e.g. --min-coverage 90.`);
  const now = parseAt(opts.at);
  const loaded = loadMap(resolve(folder));
  const model = buildModel(loaded);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...validate(model)].filter((d) => d.severity === 'error');
  const { runRoutingTests, coverageLine } = await import('../../route/tests.js');
  const { runStageTests } = await import('../../route/stages.js');
  const cases = model.tests.routingTests.length + model.tests.stageTests.length;
  let line = '';
  let below = false;
  if (diagnostics.length === 0 && cases > 0) {
    const routing = runRoutingTests(model, now);
    const stages = runStageTests(model, now);
    for (const f of routing.findings) diagnostics.push(diagnosticAt(model, 'routing/tests-pass', 'error', f.message, f.path, f.target));
    for (const f of stages.findings) diagnostics.push(diagnosticAt(model, 'stage/tests-pass', 'error', f.message, f.path, f.target));
    const c = routing.coverage;
    if (opts.coverage) for (const g of c.gaps) diagnostics.push(diagnosticAt(model, 'test/coverage', 'info', g.message, g.path));
    const runs = [...routing.runs, ...stages.runs];
    const passed = runs.filter((r) => r.passed).length;
    line = `${runs.length} case${runs.length === 1 ? '' : 's'} run (${model.tests.routingTests.length} routing, ${model.tests.stageTests.length} stage, matrices expanded): ${passed} passed, ${runs.length - passed} failed; routing ${coverageLine(c)}`;
    if (stages.runs.length) line += `; stage exit criteria ${stages.coverage.covered}/${stages.coverage.total} seen true and false`;
    below = min !== undefined && c.percent < min;
    if (below)
      line += `\nRouting coverage ${c.percent}% is below --min-coverage ${min}%: add cases for the gaps listed above (run with --format stylish to see them).`;
  }
  diagnostics.sort(compareDiagnostics);
  const ctx = reportContext({ loaded, model, diagnostics, skipped: [] });
  writeOutputs(diagnostics, outputs, ctx, opts.color);
  if (cases === 0 && diagnostics.length === 0) {
    process.stderr.write(
      'gtmap: no test cases: add `routingTests:` (e.g. map/tests/routing.yaml) or `stageTests:`; `gtmap route --suggest-cases` proposes some.\n',
    );
    below = min !== undefined && min > 0; // no cases cover nothing
  } else if (line) process.stderr.write(`${line}\n`);
  const code = exitCodeFor(diagnostics, 'error', undefined);
  return code !== EXIT_OK || below ? EXIT_FINDINGS : EXIT_OK;
}

export const register: Register = (program, setExit) => {
  program
    .command('test')
    .description(
      'run the routing and stage test cases beside the map, with coverage; exit 1 when a case fails or coverage is below --min-coverage',
    )
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option(
      '-f, --format <format[:file]>',
      `output format, repeatable; one of ${Object.keys(formatters).join(', ')}; add :file to write to a file`,
      collect,
      [],
    )
    .option('--min-coverage <percent>', 'fail when routing coverage is below this percentage')
    .option('--no-coverage', 'do not report coverage gaps as findings (the summary line still gives the figure)')
    .addOption(new Option('--at <time>', 'evaluation time for cases without `at` (ISO 8601 with a zone; default now)'))
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: TestOptions) => setExit(await testCommand(folder, opts)));
};
