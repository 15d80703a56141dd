// JSON Schema validation of each file (precompiled ajv), errors mapped back to YAML nodes.
import type { ErrorObject } from 'ajv';
import { type Diagnostic, type ModelPath, docsUrl, listOr } from '../diagnostic.js';
import type { SourceFile } from '../load/index.js';
import { isSection, SECTION_INFO, type SectionInfo } from '../model/index.js';
import { didYouMean } from '../suggest.cjs';
import { header as validateHeader, file as validateFile } from './schemas.generated.js';
import { append } from '../text.js';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** What each file's schema said when the file was checked as it loaded (`checkFileSchema`): its errors, none when it passed. */
const checked = new WeakMap<SourceFile, ErrorObject[]>();

/** A file's schema errors; none when it passes. */
function schemaErrors(f: SourceFile): ErrorObject[] {
  const validate = (f.isHeader ? validateHeader : validateFile) as Validator;
  return validate(f.data) ? [] : (validate.errors ?? []);
}

/**
 * Checks one file against its schema as soon as it is loaded (src/check.ts); validateSchema then
 * reports what was found without checking the file again. A file's data never changes once loaded.
 */
export function checkFileSchema(f: SourceFile): void {
  if (f.data !== undefined && f.data !== null) checked.set(f, schemaErrors(f));
}

export function validateSchema(files: readonly SourceFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of files) {
    if (f.data === undefined || f.data === null) continue;
    const errors = checked.get(f) ?? schemaErrors(f);
    if (errors.length > 0) append(out, mapErrors(f, errors));
  }
  return out;
}

function toPath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** "Handoff `sdr-to-ae`" for the nearest entity enclosing a path, from the file's data. */
export function entityLabel(data: unknown, path: ModelPath): string | undefined {
  const section = path[0];
  if (!isSection(section)) return undefined;
  const row: SectionInfo = SECTION_INFO[section];
  let label: string | undefined;
  let node: unknown = data;
  // entities sit at [section, i] and, for roles and stages, at [section, i, child key, j]
  for (let i = 0; i < Math.min(path.length, 4); i++) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[path[i]!];
    const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') continue;
    if (i === 1) label = `${row.label} \`${id}\``;
    else if (i === 3 && row.child && path[2] === row.child.key) label = `${row.child.label} \`${id}\``;
  }
  return label;
}

function where(path: ModelPath): string {
  const last = [...path].reverse().find((s) => typeof s === 'string');
  return last === undefined ? 'the top level' : `\`${last}\``;
}

/** More items of one list with the same problem than this, and the rest are one finding with a count. */
export const MAX_REPEATS = 20;

function mapErrors(f: SourceFile, errors: ErrorObject[]): Diagnostic[] {
  // anyOf/oneOf report every branch; the branch errors are what the user needs
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // one bad list gives a few findings and a count, not one per item (ESLint caps repeats too)
  const groups = new Map<string, ErrorObject[]>();
  for (const e of useful) {
    const key = `${e.schemaPath}\u0000${e.instancePath.replace(/\/\d+(?=\/|$)/g, '/#')}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const group of groups.values()) {
    group.slice(0, MAX_REPEATS).forEach((e) => {
      const d = mapError(f, e, toPath(e.instancePath));
      const key = `${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(d);
    });
    if (group.length > MAX_REPEATS) out.push(repeated(f, group));
  }
  return out;
}

/** One finding for the items past MAX_REPEATS, at the list that holds the first of them. */
function repeated(f: SourceFile, group: ErrorObject[]): Diagnostic {
  const first = group[MAX_REPEATS]!;
  const path = toPath(first.instancePath);
  const listAt = path.findIndex((seg) => typeof seg === 'number');
  const list = listAt < 0 ? path : path.slice(0, listAt);
  const example = mapError(f, first, path);
  const rest = group.length - MAX_REPEATS;
  const message = `${rest.toLocaleString('en-US')} more item${rest === 1 ? '' : 's'} of ${where(list)} have the same problem as the ${MAX_REPEATS} reported above (the next is at line ${example.line}: ${example.message}) Fix the list as a whole.`;
  const loc = f.locate(list, 'key');
  return { ruleId: example.ruleId, severity: 'error', message, ...loc, path: list, docsUrl: example.docsUrl };
}

function mapError(f: SourceFile, e: ErrorObject, path: (string | number)[]): Diagnostic {
  const who =
    f.isHeader && path[0] === 'lint' && path[1] === 'rules' && path[2] !== undefined
      ? `Rule \`${String(path[2])}\``
      : entityLabel(f.data, path);
  const prefix = who ? `${who}: ` : '';
  const value = e.data;
  // only scalar values are shown; a whole entity (80,000 keys) is never stringified
  const shown =
    typeof value === 'string'
      ? `\`${value}\``
      : value !== null && typeof value === 'object'
        ? Array.isArray(value)
          ? 'a list'
          : 'a mapping'
        : JSON.stringify(value);
  const schema = (e.parentSchema ?? {}) as { properties?: Record<string, unknown>; pattern?: string; description?: string };
  let ruleId = 'schema/invalid';
  let message: string;
  let target: 'key' | 'value' = 'value';
  let at: ModelPath = path;
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      ruleId = 'schema/required';
      const sub = (schema.properties?.[missing] as { description?: string } | undefined)?.description;
      message = `${prefix}missing required key \`${missing}\`${path.length && typeof path[path.length - 1] === 'string' ? ` in ${where(path)}` : ''}. Add \`${missing}:\`${sub ? ` (${lowerFirst(sub).replace(/\.$/, '')})` : ''}.`;
      break;
    }
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      ruleId = 'schema/unknown-key';
      at = [...path, key];
      target = 'key';
      const allowed = Object.keys(schema.properties ?? {});
      const hint = didYouMean(key, allowed);
      if (path.join('/') === 'lint/rules') {
        message = `Unknown rule \`${key}\` in the lint configuration.${hint} \`gtmap rules\` lists every rule.`;
        break;
      }
      const inside = path.length && typeof path[path.length - 1] === 'string' ? ` in ${where(path)}` : '';
      message = `${prefix}unknown key \`${key}\`${inside}.${hint || ` Allowed keys: ${allowed.join(', ')}.`}`;
      break;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      ruleId = 'schema/enum';
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      message = `${prefix}${where(path)} is ${shown}, which is not allowed.${hint} Use one of ${listOr(allowed)}.`;
      break;
    }
    case 'const': {
      ruleId = 'schema/enum';
      const allowed = String((e.params as { allowedValue: unknown }).allowedValue);
      message = `${prefix}${where(path)} is ${shown}; it must be \`${allowed}\`.`;
      break;
    }
    case 'type': {
      ruleId = 'schema/type';
      const want = String((e.params as { type: string | string[] }).type).replace(/,/g, ' or ');
      message = `${prefix}${where(path)} must be ${article(want)} ${typeName(want)}, but is ${describeValue(value)}.`;
      // YAML reads 2026.1, 1.10 or yes as numbers and booleans: quoting keeps what was written
      if (want === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        const raw = rawValue(f, path) ?? String(value);
        message += ` Quote it so YAML reads it as text: \`${String(path[path.length - 1] ?? 'value')}: "${raw}"\`.`;
      }
      break;
    }
    case 'pattern': {
      ruleId = 'schema/pattern';
      const pattern = (e.params as { pattern: string }).pattern;
      if (pattern.startsWith('^https?://')) {
        message = `${prefix}${where(path)} is ${shown}, which is not a web address. Write a full http or https URL, e.g. \`https://wiki.example.com/gtmap/rules/\`.`;
      } else if (pattern.includes('@')) {
        message = `${prefix}${where(path)} is ${shown}, which is not an email address. Write one address, e.g. \`revops@example.com\`.`;
      } else if (pattern.includes('(m|h|d|bd|w)')) {
        message = `${prefix}${where(path)} is ${shown}, which is not a duration. Write a whole number and a unit: m, h, d, bd (business days) or w, e.g. \`15m\`, \`4h\`, \`2bd\`.`;
      } else {
        const fixed =
          typeof value === 'string'
            ? value
                .trim()
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')
                .replace(/^-+|-+$/g, '')
            : '';
        message = `${prefix}${where(path)} is ${shown}, which is not a valid id. Ids are kebab-case: lowercase letters, digits and single hyphens${fixed ? `, e.g. \`${fixed}\`` : ''}.`;
      }
      break;
    }
    case 'minItems':
      message = `${prefix}${where(path)} is empty. Give at least ${(e.params as { limit: number }).limit} item(s) or remove the key.`;
      break;
    case 'minLength':
      message = `${prefix}${where(path)} is empty. Write a value or remove the key.`;
      break;
    case 'minProperties':
      message = `${prefix}${where(path)} is empty. ${describeKeys(schema)}`;
      break;
    case 'maxProperties':
      if (path[0] === 'lint' && path[1] === 'rules' && path[3] === 'options' && (e.params as { limit: number }).limit === 0) {
        message = `Rule \`${String(path[2])}\` takes no options. Remove \`options\`.`;
        break;
      }
      message = `${prefix}${where(path)} has several keys; give exactly one of ${listOr(Object.keys(schema.properties ?? {}))}. Split it into separate list items.`;
      break;
    case 'uniqueItems':
      message = `${prefix}${where(path)} lists the same value twice. Remove the duplicate.`;
      break;
    default:
      message = `${prefix}${where(path)} ${e.message ?? 'is invalid'}.`;
  }
  const loc = f.locate(at, target);
  return { ruleId, severity: 'error', message, ...loc, path: at, docsUrl: docsUrl(ruleId) };
}

function describeKeys(schema: { properties?: Record<string, unknown> }): string {
  const keys = Object.keys(schema.properties ?? {});
  return keys.length ? `Give one of ${listOr(keys)}.` : 'Give a value.';
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function article(word: string): string {
  return /^[aeiou]/.test(typeName(word)) ? 'an' : 'a';
}

function typeName(t: string): string {
  return t.replace('object', 'mapping (key: value)').replace('array', 'list');
}

/** The source text of a scalar, as written (`2026.10`, which YAML reads as the number 2026.1). */
function rawValue(f: SourceFile, path: ModelPath): string | undefined {
  const at = f.locate(path, 'value');
  if (at.line !== at.endLine) return undefined;
  const line = f.text.split('\n', at.line)[at.line - 1];
  const raw = line?.slice(at.column - 1, at.endColumn - 1).trim();
  return raw && !/["'\\]/.test(raw) ? raw : undefined;
}

function describeValue(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text \`${v}\``;
  return `the ${typeof v} \`${String(v)}\``;
}
