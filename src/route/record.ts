// A record as a person gives it (`--set field=value`, a YAML/JSON file, a test case's `given`),
// typed by the declared fields: a value that does not fit its field is an error that names the
// field's type, an undeclared field an error with a did-you-mean.
import type { DataRecord, FieldLookup, RecordValue } from '../conditions/index.js';
import type { Field } from '../model/index.js';
import { didYouMean } from '../suggest.cjs';
import { listOr } from '../text.js';

export interface ValueProblem {
  field: string;
  /** Whether the problem is the key (undeclared field) or the value. */
  target: 'key' | 'value';
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const EXAMPLE: Record<Field['type'], string> = {
  text: 'Acme',
  email: 'ada@example.com',
  url: 'https://example.com',
  enum: '',
  number: '240',
  currency: '25000',
  percent: '15',
  boolean: 'true',
  date: '2026-11-30',
  datetime: '2026-11-30T16:40:00Z',
};

/**
 * One value typed by its field. `fromText`: the value came from the command line, so numbers and
 * booleans arrive as text and are read as such. Empty text and null are an empty field.
 */
export function typeValue(field: Field, raw: unknown, fromText: boolean): { value: RecordValue } | { problem: string } {
  if (raw === null || raw === undefined || raw === '') return { value: undefined };
  const shown = typeof raw === 'string' ? `\`${raw}\`` : `\`${JSON.stringify(raw)}\``;
  const hint = field.type === 'enum' ? listOr(field.values ?? []) : `e.g. \`${EXAMPLE[field.type]}\``;
  const fail = (what: string): { problem: string } => ({
    problem: `\`${field.id}\` is a ${field.type} field; ${shown} is not ${what}. Give ${hint}.`,
  });
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : fail('a finite number');
      if (typeof raw !== 'string' || !fromText || raw.trim() === '') return fail('a number');
      const n = Number(raw);
      return Number.isFinite(n) ? { value: n } : fail('a number');
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      if (fromText && typeof raw === 'string' && /^(true|false|yes|no)$/i.test(raw)) return { value: /^(true|yes)$/i.test(raw) };
      return fail('`true` or `false`');
    }
    case 'date':
    case 'datetime': {
      const s = raw instanceof Date ? raw.toISOString() : raw;
      if (typeof s !== 'string') return fail('a date');
      const ok = field.type === 'date' ? ISO_DATE.test(s) || ISO_DATETIME.test(s) : ISO_DATETIME.test(s) || ISO_DATE.test(s);
      return ok && !Number.isNaN(Date.parse(s))
        ? { value: s }
        : fail(field.type === 'date' ? 'an ISO date' : 'an ISO date-time with a zone');
    }
    case 'enum': {
      if (typeof raw !== 'string') return fail('one of its values');
      if (field.values && !field.values.includes(raw))
        return { problem: `${shown} is not a value of \`${field.id}\`.${didYouMean(raw, field.values)} Allowed: ${listOr(field.values)}.` };
      return { value: raw };
    }
    default:
      if (typeof raw === 'string') return { value: raw };
      if (fromText) return { value: String(raw) };
      return fail('text (quote it)');
  }
}

/** A record from field -> raw value pairs; the problems, one per bad entry. */
export function typeRecord(
  entries: Iterable<[string, unknown]>,
  fields: FieldLookup,
  fieldIds: () => Iterable<string>,
  fromText: boolean,
): { record: DataRecord; problems: ValueProblem[] } {
  const record: DataRecord = Object.create(null) as DataRecord;
  const problems: ValueProblem[] = [];
  for (const [id, raw] of entries) {
    const field = fields(id);
    if (!field) {
      problems.push({
        field: id,
        target: 'key',
        message: `\`${id}\` is not a declared field.${didYouMean(id, fieldIds())} The fields are declared under \`fields:\`.`,
      });
      continue;
    }
    const typed = typeValue(field, raw, fromText);
    if ('problem' in typed) problems.push({ field: id, target: 'value', message: typed.problem });
    else if (typed.value !== undefined) record[id] = typed.value;
  }
  return { record, problems };
}

/** `field=value` pairs of `--set`. */
export function parseSets(specs: readonly string[]): { pairs: [string, string][]; bad: string[] } {
  const pairs: [string, string][] = [];
  const bad: string[] = [];
  for (const s of specs) {
    const i = s.indexOf('=');
    if (i <= 0) bad.push(s);
    else pairs.push([s.slice(0, i).trim(), s.slice(i + 1)]);
  }
  return { pairs, bad };
}
