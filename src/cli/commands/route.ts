// `gtmap route [folder]`: where does this record go, and why. load -> model -> validate -> route;
// lint is not run (a map with lint findings can still be routed), so route starts as fast as lint.
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { DataRecord } from '../../conditions/index.js';
import { UsageError } from '../../errors.js';
import { displayPath, loadFile, loadMap } from '../../load/index.js';
import { buildModel, type Field, idsOf, lookup, type Model } from '../../model/index.js';
import { ROUTED_OBJECTS, type RoutedObject } from '../../route/index.js';
import { didYouMean } from '../../suggest.js';
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
  const model = loadForRoute(folder);
  if (opts.suggestCases !== undefined && opts.suggestCases !== false) {
    const { suggestCases } = await import('../../route/suggest.js');
    const text = suggestCases(model, object, now);
    if (typeof opts.suggestCases === 'string') {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      const { dirname } = await import('node:path');
      mkdirSync(dirname(resolve(opts.suggestCases)), { recursive: true });
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
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'markdown']).default('stylish'))
    .addOption(
      new Option(
        '--fail-on <outcome>',
        'exit 1 when the record falls to the fallback or cannot be decided (fallback), or only when undecided',
      ).choices(['fallback', 'undecided']),
    )
    .option('--suggest-cases [file]', 'print (or write to file) boundary test cases from the conditions, with the outcome each gets today')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: RouteOptions) => setExit(await routeCommand(folder, opts)));
};
