// The optional mapping file (`--mapping mapping.yaml`): what the map's own names do not cover.
// Column headers to field ids (or `ignore`), stage, pipeline and forecast-category values per
// pipeline, the date format of slashed dates, decimal commas, and currency rates. `gtmap audit
// init` writes its skeleton.
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { GtmapError } from '../errors.js';
import { isObject } from '../text.js';

export interface Mapping {
  file: string | undefined;
  columns: Map<string, string>;
  /** pipeline id -> (CRM value -> stage id) */
  stages: Map<string, Map<string, string>>;
  pipelines: Map<string, string>;
  forecastCategories: Map<string, string>;
  dateFormat: 'MM/DD/YYYY' | 'DD/MM/YYYY' | undefined;
  decimalComma: boolean;
  rates: Map<string, number> | undefined;
}

export const DATE_FORMATS = ['MM/DD/YYYY', 'DD/MM/YYYY'] as const;

export const emptyMapping = (): Mapping => ({
  file: undefined,
  columns: new Map(),
  stages: new Map(),
  pipelines: new Map(),
  forecastCategories: new Map(),
  dateFormat: undefined,
  decimalComma: false,
  rates: undefined,
});

/** The 1-based line of the first line that holds `key` as a YAML key, for located messages. */
function lineOf(text: string, key: string): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => {
    const t = l.trim();
    return t.startsWith(`${key}:`) || t.startsWith(`"${key}":`) || t.startsWith(`'${key}':`);
  });
  return i < 0 ? 1 : i + 1;
}

export function loadMapping(file: string): Mapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new GtmapError(`cannot read the mapping file ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
  }
  let data: unknown;
  try {
    data = load(text.replace(/^\uFEFF/, ''), { schema: CORE_SCHEMA });
  } catch (cause) {
    const m = (cause as { mark?: { line: number; column: number }; reason?: string }).mark;
    throw new GtmapError(
      `${file}${m ? `:${m.line + 1}:${m.column + 1}` : ''}: the mapping is not valid YAML (${(cause as { reason?: string }).reason ?? String(cause)}).`,
      { cause },
    );
  }
  const out = emptyMapping();
  out.file = file;
  if (data === null || data === undefined) return out;
  const bad = (key: string, msg: string): never => {
    throw new GtmapError(`${file}:${lineOf(text, key)}: ${msg}`);
  };
  if (!isObject(data))
    bad(
      '',
      'a mapping file is a YAML object with `columns`, `stages`, `pipelines`, `forecastCategories`, `dateFormat`, `decimalComma` or `currency`.',
    );
  const d = data as Record<string, unknown>;
  const known = ['columns', 'stages', 'pipelines', 'forecastCategories', 'dateFormat', 'decimalComma', 'currency'];
  for (const k of Object.keys(d))
    if (!known.includes(k)) bad(k, `unknown key \`${k}\`. A mapping file takes ${known.map((x) => `\`${x}\``).join(', ')}.`);
  const strings = (key: string, v: unknown, into: Map<string, string>): void => {
    if (v === undefined || v === null) return;
    if (!isObject(v)) bad(key, `\`${key}\` maps CRM names to ids: \`"Opportunity ID": opportunity-id\`.`);
    for (const [name, id] of Object.entries(v as Record<string, unknown>)) {
      if (typeof id !== 'string' || id.trim() === '') bad(name, `\`${name}\` under \`${key}\` must name an id (a string).`);
      if ((id as string).trim() === 'FIXME')
        bad(
          name,
          `\`${name}\` under \`${key}\` is still FIXME: replace it with an id from the map${key === 'columns' ? ', or `ignore`' : ''}.`,
        );
      into.set(name, (id as string).trim());
    }
  };
  strings('columns', d.columns, out.columns);
  strings('pipelines', d.pipelines, out.pipelines);
  strings('forecastCategories', d.forecastCategories, out.forecastCategories);
  if (d.stages !== undefined && d.stages !== null) {
    if (!isObject(d.stages))
      bad('stages', '`stages` is keyed by pipeline id: `stages: { new-business: { Prospecting: nb-qualification } }`.');
    for (const [pipeline, values] of Object.entries(d.stages as Record<string, unknown>)) {
      const m = new Map<string, string>();
      strings(pipeline, values, m);
      out.stages.set(pipeline, m);
    }
  }
  if (d.dateFormat !== undefined) {
    if (!DATE_FORMATS.includes(d.dateFormat as 'MM/DD/YYYY'))
      bad('dateFormat', `\`dateFormat\` is ${DATE_FORMATS.map((f) => `\`${f}\``).join(' or ')}.`);
    out.dateFormat = d.dateFormat as Mapping['dateFormat'];
  }
  if (d.decimalComma !== undefined) {
    if (typeof d.decimalComma !== 'boolean') bad('decimalComma', '`decimalComma` is `true` (1.200,50) or `false` (1,200.50).');
    out.decimalComma = d.decimalComma as boolean;
  }
  if (d.currency !== undefined) {
    const c = d.currency;
    if (!isObject(c) || !isObject(c.rates))
      bad(
        'currency',
        '`currency` takes `rates`: what one unit of each currency is worth in the reporting currency, e.g. `rates: { USD: 1, EUR: 1.08 }`.',
      );
    const rates = new Map<string, number>();
    for (const [code, r] of Object.entries((c as { rates: Record<string, unknown> }).rates)) {
      if (typeof r !== 'number' || !(r > 0)) bad(code, `the rate of ${code} must be a positive number.`);
      rates.set(code.toUpperCase(), r as number);
    }
    out.rates = rates;
  }
  return out;
}
