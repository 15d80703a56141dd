// `gtmap audit [folder] --deals <file>`: the map's checks run against a deal export (embedded
// DuckDB), and `gtmap audit init` for a mapping skeleton. DuckDB and the audit code load inside
// the actions, so `gtmap lint` never loads them.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { compareDiagnostics } from '../../diagnostic.js';
import { GtmapError, UsageError } from '../../errors.js';
import { loadMap } from '../../load/index.js';
import { buildModel, type Model } from '../../model/index.js';
import { formatters } from '../../report/index.js';
import { validate } from '../../validate/index.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, reportContext, useColor } from '../output.js';
import type { Register } from './index.js';

interface AuditOptions {
  deals?: string;
  asOf?: string;
  mapping?: string;
  history?: string;
  snapshot: string[];
  format: string;
  output?: string;
  emitSql?: string;
  table?: string;
  limit: string;
  failOn: string;
  color?: boolean;
}

/** The map as the audit needs it: loaded, modelled and free of schema, reference and condition errors. */
function loadModel(folder: string): Model {
  const loaded = loadMap(folder, process.cwd());
  const model = buildModel(loaded);
  const errors = [...loaded.diagnostics, ...validate(model)].filter((d) => d.severity === 'error').sort(compareDiagnostics);
  if (errors.length) {
    process.stderr.write(
      formatters.stylish!(errors, {
        ...reportContext({ loaded, model, diagnostics: errors, skipped: [] }),
        color: useColor(undefined, process.stderr),
      }),
    );
    throw new GtmapError(
      `the map in ${folder} has ${errors.length} error${errors.length === 1 ? '' : 's'} (above); the audit runs only on a valid map. Fix them, then run the audit again.`,
    );
  }
  return model;
}

export function parseAsOf(s: string | undefined): Date {
  if (s === undefined) {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== s) throw new UsageError(`--as-of ${s}: give a date as YYYY-MM-DD, e.g. --as-of 2026-11-30.`);
  return d;
}

/** Runs `f`, which writes `path`; a failure is a located error, not a stack trace. */
function writing<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (cause) {
    throw new GtmapError(`cannot write ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
  }
}

function write(text: string, path: string | undefined): void {
  if (!path) {
    process.stdout.write(text);
    return;
  }
  writing(path, () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  });
}

/**
 * Output written piece by piece: to stdout (waiting while the pipe is full), or to a temporary
 * file beside `path` that replaces it only once everything is written.
 */
function openOutput(path: string | undefined): { write: (text: string) => void | Promise<void>; finish(): void; abandon(): void } {
  if (!path)
    return {
      write: (text) => (process.stdout.write(text) ? undefined : new Promise((done) => process.stdout.once('drain', done))),
      finish: () => {},
      abandon: () => {},
    };
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = writing(path, () => {
    mkdirSync(dirname(path), { recursive: true });
    return openSync(tmp, 'w');
  });
  return {
    write: (text) => {
      writing(path, () => writeSync(fd, text));
    },
    finish: () =>
      writing(path, () => {
        closeSync(fd);
        renameSync(tmp, path);
      }),
    abandon: () => {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(tmp, { force: true });
    },
  };
}

async function auditCommand(folder: string, opts: AuditOptions): Promise<number> {
  const { AUDIT_FORMATS, formatAudit } = await import('../../audit/format.js');
  if (!(AUDIT_FORMATS as readonly string[]).includes(opts.format))
    throw new UsageError(`--format ${opts.format}: use one of ${AUDIT_FORMATS.join(', ')}.`);
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit ${opts.limit}: give a whole number of deals, e.g. --limit 50.`);
  const asOf = parseAsOf(opts.asOf);
  const model = loadModel(folder);
  const { audit, loadMapping } = await import('../../audit/index.js');
  const mapping = opts.mapping ? loadMapping(opts.mapping) : undefined;
  if (opts.emitSql !== undefined) {
    const { emitSql } = await import('../../audit/emit.js');
    write(emitSql(model, { dialect: opts.emitSql, table: opts.table ?? 'deals', asOf, mapping }), opts.output);
    return EXIT_OK;
  }
  if (!opts.deals)
    throw new UsageError(
      'give the deal export with --deals <file> (CSV, Parquet or JSON lines), or --emit-sql <dialect> for warehouse SQL.',
    );
  // the terminal summary lists the first flagged deals; every other format holds them all
  const deals: 'all' | 'flagged' | { flagged: number } =
    opts.format === 'json' ? 'all' : opts.format === 'stylish' ? { flagged: limit } : 'flagged';
  const snapshots = opts.snapshot.map((s) => {
    const m = /^(\d{4}-\d{2}-\d{2})=(.+)$/.exec(s);
    if (!m)
      throw new UsageError(
        `--snapshot ${s}: give the date the export was taken and the file, e.g. --snapshot 2026-10-31=deals-october.csv.`,
      );
    return { file: m[2]!, asOf: parseAsOf(m[1]) };
  });
  const base = { dealsFile: opts.deals, asOf, mapping, deals, history: opts.history, snapshots };
  let result;
  if (opts.format === 'json' || opts.format === 'csv') {
    // every deal (json) or every flagged one (csv): written as they come, never held whole
    const { streamingFormat } = await import('../../audit/format.js');
    const out = openOutput(opts.output);
    try {
      const stream = streamingFormat(opts.format, out.write);
      result = await audit(model, { ...base, stream });
      await stream.end();
      out.finish();
    } catch (err) {
      out.abandon();
      throw err;
    }
  } else {
    result = await audit(model, base);
    write(formatAudit(result, opts.format as 'stylish', opts.output ? false : useColor(opts.color, process.stdout)), opts.output);
  }
  return opts.failOn === 'never' || result.flaggedDeals === 0 ? EXIT_OK : EXIT_FINDINGS;
}

async function initCommand(folder: string, opts: { deals?: string; mapping?: string; out: string; force?: boolean }): Promise<number> {
  if (!opts.deals) throw new UsageError('give the deal export with --deals <file>.');
  if (existsSync(opts.out) && !opts.force) throw new UsageError(`${opts.out} exists; give another --out, or --force to overwrite it.`);
  const model = loadModel(folder);
  const { loadMapping } = await import('../../audit/index.js');
  const { mappingSkeleton } = await import('../../audit/init.js');
  const { text, fixmes } = await mappingSkeleton(model, opts.deals, opts.mapping ? loadMapping(opts.mapping) : undefined);
  write(text, opts.out);
  process.stderr.write(
    fixmes
      ? `wrote ${opts.out} with ${fixmes} FIXME${fixmes === 1 ? '' : 's'}: replace each, then run gtmap audit --deals ${opts.deals} --mapping ${opts.out}\n`
      : `wrote ${opts.out}: every column and value matched the map's names, so the audit needs no mapping.\n`,
  );
  return fixmes ? EXIT_FINDINGS : EXIT_OK;
}

export const register: Register = (program, setExit) => {
  const cmd = program
    .command('audit')
    .description("run the map's exit criteria, stale windows and forecast categories against a deal export; exit 1 when deals are flagged")
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('--deals <file>', 'the deal export: CSV (Salesforce or HubSpot), Parquet or JSON lines')
    .option('--as-of <date>', 'the date the audit is as of (YYYY-MM-DD); default today (UTC)')
    .option('--mapping <file>', 'a mapping file for columns and values the map does not name (see gtmap audit init)')
    .option(
      '--history <file>',
      'a field-history export (Salesforce OpportunityFieldHistory, HubSpot property history) for close-date pushes',
    )
    .option(
      '--snapshot <date=file>',
      'an earlier export of the same deals and the date it was taken (repeatable), for close-date pushes',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'markdown', 'csv']).default('stylish'))
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .addOption(
      new Option('--emit-sql <dialect>', 'print the audit as SQL views instead of running it').choices([
        'postgres',
        'duckdb',
        'snowflake',
        'bigquery',
      ]),
    )
    .option('--table <name>', 'with --emit-sql: the table of deals, columns named by field id', 'deals')
    .option('--limit <n>', 'stylish: how many flagged deals to list', '50')
    .addOption(new Option('--fail-on <when>', 'exit 1 when deals are flagged, or never').choices(['flagged', 'never']).default('flagged'))
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (folder: string, opts: AuditOptions) => setExit(await auditCommand(folder, opts)));
  cmd
    .command('init')
    .description('write a mapping skeleton for a deal export, with a FIXME per unmatched column and stage value')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('--deals <file>', 'the deal export')
    .option('--mapping <file>', 'an existing mapping to start from')
    .option('--out <file>', 'where to write the mapping', 'audit-mapping.yaml')
    .option('--force', 'overwrite --out if it exists')
    .action(async (folder: string, opts: { deals?: string; mapping?: string; out: string; force?: boolean }, command: Command) => {
      // --deals and --mapping are options of `audit` too, and commander gives them to the parent
      const parent = (command.parent?.opts() ?? {}) as { deals?: string; mapping?: string };
      setExit(await initCommand(folder, { ...opts, deals: opts.deals ?? parent.deals, mapping: opts.mapping ?? parent.mapping }));
    });
};

export { EXIT_USAGE };
