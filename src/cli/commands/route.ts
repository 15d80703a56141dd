// `gtmap route [folder]`: where does this record go, and why. load -> model -> validate -> route;
// lint is not run (a map with lint findings can still be routed), so route starts as fast as lint.
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { DataRecord } from '../../conditions/index.js';
import { UsageError } from '../../errors.js';
import { displayPath, loadFile, loadMap } from '../../load/index.js';
import { buildModel, type Field, idsOf, lookup, type Model } from '../../model/index.js';
import { ROUTED_OBJECTS, type RoutedObject } from '../../route/index.js';
import { didYouMean } from '../../suggest.cjs';
import { escapeControl, isObject } from '../../text.js';
import { validate } from '../../validate/index.js';
import { EXIT_FINDINGS, EXIT_OK, collect, useColor } from '../output.js';
import type { Register } from './index.js';

interface RouteOptions {
  object: string;
  set: string[];
  record?: string;
  at?: string;
  whyNot?: string;
  format: string;
  failOn?: string;
  suggestCases?: string | boolean;
  records?: string;
  mapping?: string;
  idColumn?: string;
  base?: string;
  engine: string;
  limit: string;
  output?: string;
  color?: boolean;
}

/** Loads and validates the map; errors end the run (exit 2) with every located problem. */
export function loadForRoute(folder: string): Model {
  const loaded = loadMap(resolve(folder));
  const model = buildModel(loaded);
  const errors = [...loaded.diagnostics, ...validate(model)].filter((d) => d.severity === 'error');
  if (errors.length) {
    const lines = errors.slice(0, 20).map((d) => `  ${d.file}:${d.line}:${d.column}  ${escapeControl(d.message)}  ${d.ruleId}`);
    const more = errors.length > 20 ? `\n  … and ${errors.length - 20} more` : '';
    throw new UsageError(
      `the map has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before routing (\`gtmap lint ${folder}\` shows every finding):\n${lines.join('\n')}${more}`,
    );
  }
  return model;
}

export function parseAt(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(at) && !Number.isNaN(Date.parse(at));
  if (!ok) throw new UsageError(`--at ${at}: give an ISO 8601 time with a zone, e.g. --at 2026-11-30T16:40:00Z.`);
  return new Date(at);
}

/** The record from --record and --set (--set wins), typed by the declared fields. */
async function readRecord(model: Model, opts: RouteOptions): Promise<DataRecord> {
  const { typeRecord, parseSets } = await import('../../route/record.js');
  const fields = (id: string): Field | undefined => lookup<Field>(model, 'field', id)?.entity;
  const ids = (): string[] => idsOf(model, 'field');
  let record: DataRecord = {};
  if (opts.record) {
    const abs = resolve(opts.record);
    const shown = displayPath(abs);
    const { source, diagnostics } = loadFile(abs, shown, shown);
    const bad = diagnostics.find((d) => d.severity === 'error');
    if (bad) throw new UsageError(`${bad.file}:${bad.line}:${bad.column}: ${bad.message}`);
    if (!isObject(source.data))
      throw new UsageError(`${shown}: a record is a mapping of field ids to values, e.g. \`employee-count: 240\` on each line.`);
    const typed = typeRecord(Object.entries(source.data), fields, ids, false);
    if (typed.problems.length) {
      const lines = typed.problems.map((p) => {
        const loc = source.locate([p.field], p.target);
        return `  ${loc.file}:${loc.line}:${loc.column}  ${escapeControl(p.message)}`;
      });
      throw new UsageError(`the record in ${shown} does not fit the declared fields:\n${lines.join('\n')}`);
    }
    record = typed.record;
  }
  const { pairs, bad } = parseSets(opts.set);
  if (bad.length) throw new UsageError(`--set ${bad[0]}: write field=value, e.g. --set employee-count=240.`);
  const typed = typeRecord(pairs, fields, ids, true);
  if (typed.problems.length)
    throw new UsageError(typed.problems.map((p) => `--set ${escapeControl(p.field)}=…: ${escapeControl(p.message)}`).join('\n'));
  for (const [k] of pairs) if (!(k in typed.record)) delete record[k]; // --set field= empties it
  return { ...record, ...typed.record };
}

async function routeCommand(folder: string, opts: RouteOptions): Promise<number> {
  if (!(ROUTED_OBJECTS as readonly string[]).includes(opts.object))
    throw new UsageError(`--object ${opts.object}: give one of ${ROUTED_OBJECTS.join(', ')}.${didYouMean(opts.object, ROUTED_OBJECTS)}`);
  const object = opts.object as RoutedObject;
  const now = parseAt(opts.at);
  if (opts.records !== undefined) return batchCommand(folder, object, now, opts);
  if (opts.format === 'csv') throw new UsageError('--format csv is one row per record: give the records with --records <file>.');
  for (const [flag, v] of [
    ['--base', opts.base],
    ['--mapping', opts.mapping],
    ['--id-column', opts.idColumn],
    ['--output', opts.output],
  ] as const)
    if (v !== undefined) throw new UsageError(`${flag} goes with --records <file> (batch routing).`);
  const model = loadForRoute(folder);
  if (opts.suggestCases !== undefined && opts.suggestCases !== false) {
    const { suggestCases } = await import('../../route/suggest.js');
    const text = suggestCases(model, object, now);
    if (typeof opts.suggestCases === 'string') {
      const { writeFileSync } = await import('node:fs');
      const { dirname } = await import('node:path');
      const { makeFolders } = await import('../../files.js');
      makeFolders(dirname(resolve(opts.suggestCases)));
      writeFileSync(resolve(opts.suggestCases), text);
      process.stderr.write(
        `gtmap: wrote proposed cases to ${opts.suggestCases}; review them, then move the ones you keep into map/tests/.\n`,
      );
    } else process.stdout.write(text);
    return EXIT_OK;
  }
  const [record, { routeRecord, whyNot }, fmt] = await Promise.all([
    readRecord(model, opts),
    import('../../route/explain.js'),
    import('../../route/format.js'),
  ]);
  const result = routeRecord(model, record, object, now);
  let why;
  if (opts.whyNot !== undefined) {
    why = whyNot(model, opts.whyNot, record, object, now);
    if (!why) {
      const ids = model.map.routing.map((r) => r.id);
      throw new UsageError(
        `--why-not ${opts.whyNot}: no routing rule has that id.${didYouMean(opts.whyNot, ids)} The rules are ${ids.length > 30 ? `${ids.slice(0, 30).join(', ')}, …` : ids.join(', ')}.`,
      );
    }
  }
  const color = useColor(opts.color, process.stdout);
  if (opts.format === 'json') process.stdout.write(fmt.formatJson(result, why));
  else if (opts.format === 'markdown') {
    process.stdout.write(fmt.formatMarkdown(model, result));
    if (why) process.stdout.write(`\n${fmt.formatWhyNot(why, object, false, true)}`);
  } else {
    if (why) process.stdout.write(`${fmt.formatWhyNot(why, object, color)}\n`);
    process.stdout.write(fmt.formatStylish(model, result, color));
  }
  if (opts.failOn === 'undecided') return result.outcome === 'undecided' ? EXIT_FINDINGS : EXIT_OK;
  if (opts.failOn === 'fallback') return result.outcome === 'matched' ? EXIT_OK : EXIT_FINDINGS;
  return EXIT_OK;
}

/** `--records <file>`: every record of an export routed; DuckDB and the batch code load only here. */
async function batchCommand(folder: string, object: RoutedObject, now: Date, opts: RouteOptions): Promise<number> {
  if (opts.set.length || opts.record || opts.whyNot !== undefined || opts.suggestCases !== undefined)
    throw new UsageError('--records routes a whole file; --set, --record, --why-not and --suggest-cases are for one record.');
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit ${opts.limit}: give a whole number of ids, e.g. --limit 10.`);
  const model = loadForRoute(folder);
  const [{ routeBatch, loadModelAt }, fmt, { loadMapping }] = await Promise.all([
    import('../../route/batch.js'),
    import('../../route/batch-format.js'),
    import('../../audit/mapping.js'),
  ]);
  const base = opts.base !== undefined ? { model: await loadModelAt(folder, opts.base), label: opts.base } : undefined;
  const { createWriteStream, mkdirSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  let sink: NodeJS.WritableStream = process.stdout;
  if (opts.output) {
    mkdirSync(dirname(resolve(opts.output)), { recursive: true });
    sink = createWriteStream(resolve(opts.output));
  }
  // csv: one line per record as it is routed, written in blocks
  let buf: string[] = [];
  const flush = (): void => {
    if (buf.length) sink.write(`${buf.join('\n')}\n`);
    buf = [];
  };
  const csv = opts.format === 'csv';
  // the header goes out with the first record, so a file that stops the run prints no CSV
  let started = false;
  const start = (): void => {
    if (!started) sink.write(`${fmt.CSV_HEADER}\n`);
    started = true;
  };
  const result = await routeBatch(model, {
    file: opts.records!,
    object,
    now,
    engine: opts.engine as 'sql',
    changeIds: limit,
    ...(opts.mapping ? { mapping: loadMapping(opts.mapping) } : {}),
    ...(opts.idColumn !== undefined ? { idColumn: opts.idColumn } : {}),
    ...(base ? { base } : {}),
    ...(csv
      ? {
          onRecord: (r) => {
            start();
            buf.push(fmt.csvRow(r));
            if (buf.length >= 4096) flush();
          },
        }
      : {}),
  });
  if (csv) {
    start();
    flush();
  } else
    sink.write(
      opts.format === 'json'
        ? fmt.formatBatchJson(result)
        : opts.format === 'markdown'
          ? fmt.formatBatchMarkdown(result)
          : fmt.formatBatchStylish(result),
    );
  if (sink !== process.stdout) await new Promise<void>((res) => (sink as import('node:fs').WriteStream).end(res));
  if (opts.failOn === 'undecided') return result.outcomes.undecided.leads > 0 ? EXIT_FINDINGS : EXIT_OK;
  if (opts.failOn === 'fallback') return result.outcomes.matched.leads < result.total ? EXIT_FINDINGS : EXIT_OK;
  return EXIT_OK;
}

export const register: Register = (program, setExit) => {
  program
    .command('route')
    .description('route one record through the map: the rule that fires, team, queue, SLA and due time, with a trace of every rule')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .addOption(new Option('--object <kind>', 'the kind of record').choices([...ROUTED_OBJECTS]).default('lead'))
    .option('-s, --set <field=value>', 'a field of the record, typed by its declaration; repeatable; `field=` leaves it empty', collect, [])
    .option('--record <file>', 'the record from a YAML or JSON file (field: value); --set overrides it')
    .option('--at <time>', 'when the record arrives, ISO 8601 with a zone (default: now); the SLA clock starts here')
    .option('--why-not <rule-id>', 'why this rule does not fire: its first failing condition and the smallest change that makes it fire')
    .option('--records <file>', 'route every record of an export (CSV, Parquet or JSON lines) and print the distribution')
    .option('--mapping <file>', 'with --records: a mapping file for columns the map does not name (as gtmap audit)')
    .option('--id-column <name>', 'with --records: the column that holds record ids (default: Id, Lead ID, Record ID or hs_object_id)')
    .option(
      '--base <ref>',
      'with --records: route the records with the map at this git ref too, and list the records whose routing changes',
    )
    .addOption(
      new Option('--engine <engine>', 'with --records: routing compiled to SQL in DuckDB, or the JS router')
        .choices(['sql', 'js'])
        .default('sql'),
    )
    .option('--limit <n>', 'with --base: how many ids to list per change', '10')
    .option('-o, --output <file>', 'with --records: write the output to a file instead of stdout')
    .addOption(
      new Option('-f, --format <format>', 'output format (csv: one row per record, with --records)')
        .choices(['stylish', 'json', 'markdown', 'csv'])
        .default('stylish'),
    )
    .addOption(
      new Option(
        '--fail-on <outcome>',
        'exit 1 when the record (with --records: any record) falls to the fallback or cannot be decided (fallback), or only when undecided',
      ).choices(['fallback', 'undecided']),
    )
    .option('--suggest-cases [file]', 'print (or write to file) boundary test cases from the conditions, with the outcome each gets today')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: RouteOptions) => setExit(await routeCommand(folder, opts)));
};
