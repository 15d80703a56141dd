// Writes the reference tables of docs/map-format.md from the schemas and the section registry:
// the header's keys, which kind each reference names, and every section's keys. Each table sits
// between `<!-- generated: NAME -->` and `<!-- end generated -->`; the prose around it is
// hand-written. `--check` writes nothing and exits 1 when a table is stale. Run `npm run build` first.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docPath = join(root, 'docs', 'map-format.md');
const schemaDir = join(root, 'schema');
const dist = (rel) => {
  const p = join(root, 'dist', rel);
  if (!existsSync(p)) {
    console.error(`format-docs: ${rel} not found in dist/. Run \`npm run build\` first.`);
    process.exit(2);
  }
  return import(pathToFileURL(p).href);
};
const { SECTIONS, SECTION_INFO, KIND_INFO } = await dist('model/sections.js');
const { REFERENCE_SITES } = await dist('model/format.generated.js');

const schemas = new Map();
const schema = (name) => {
  if (!schemas.has(name)) schemas.set(name, JSON.parse(readFileSync(join(schemaDir, name), 'utf8')));
  return schemas.get(name);
};
const resolve = (node, base) => {
  if (!node.$ref) return { node, base };
  const [file, pointer] = node.$ref.split('#');
  const name = file || base;
  let target = schema(name);
  for (const seg of (pointer ?? '').split('/').filter(Boolean)) target = target[seg];
  return resolve(target, name);
};

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s) => `\`${s}\``;
const article = (w) => (/^[aeiou]/.test(w) ? 'an' : 'a');

function typeOf(node, base) {
  if (node.$ref) {
    if (node.$ref.startsWith('condition.schema.json')) return 'condition';
    if (node.$ref.endsWith('/criterion')) return 'criterion';
    if (node.$ref.endsWith('/markdown')) return 'markdown';
    if (node.$ref.endsWith('/id')) return 'id';
    const r = resolve(node, base);
    return typeOf(r.node, r.base);
  }
  // if/then/else: one shape or the other (contacts: a list of text or a mapping)
  if (node.if && node.then && node.else) return `${typeOf(node.then, base)}, or ${typeOf(node.else, base)}`;
  const kind = node['x-gtmap-ref'];
  if (kind) return Array.isArray(node.type) ? `id of ${article(kind)} ${kind} (a list is reported)` : `id of ${article(kind)} ${kind}`;
  if (node.enum) return node.enum.map(code).join(', ');
  if (node.const) return code(node.const);
  if (node.type === 'string' && node.pattern?.includes('(m|h|d|bd|w)')) return 'duration';
  if (node.type === 'array') {
    const item = node.items ?? {};
    if (item['x-gtmap-ref']) return `ids of ${KIND_INFO[item['x-gtmap-ref']]?.plural.toLowerCase() ?? `${item['x-gtmap-ref']}s`}`;
    const inner = typeOf(item, base);
    if (inner === 'criterion') return 'list of criteria';
    if (inner === 'mapping') return 'list of mappings';
    return `list of ${inner === 'string' ? 'text' : inner}`;
  }
  if (node.type === 'object') return 'mapping';
  if (node.type === 'string') return 'text';
  return Array.isArray(node.type) ? node.type.join(' or ') : String(node.type ?? 'any');
}

/** What a key means: its description, without the "(the id of a team)" the type column already says. */
function meaning(node, base) {
  const own = node.description ?? (node.$ref ? resolve(node, base).node.description : '') ?? '';
  return own.replace(/ \((the id|ids) of an? [^)]*\)\./, '.').replace(/ \(ids of [^)]*\)\./, '.');
}

/** Rows for every key of an object schema, nested mappings as `a.b`, list items as `a[].b`. */
function rows(node, base, prefix = '', skip = new Set()) {
  const out = [];
  const required = new Set(node.required ?? []);
  for (const [key, sub] of Object.entries(node.properties ?? {})) {
    if (skip.has(key)) continue;
    const name = `${prefix}${key}`;
    out.push(`| ${code(name)} | ${cell(typeOf(sub, base))} | ${required.has(key) ? 'yes' : ''} | ${cell(meaning(sub, base))} |`);
    const r = resolve(sub, base);
    if (r.node.type === 'object' && r.node.properties && !sub.$ref) out.push(...rows(r.node, r.base, `${name}.`));
    // the mapping form of an if/then/else key (contacts) has keys worth a row each
    const alt = r.node.if && r.node.else?.type === 'object' ? r.node.else : undefined;
    if (alt?.properties) out.push(...rows(alt, r.base, `${name}.`));
    const items = r.node.type === 'array' && r.node.items && !r.node.items.$ref ? r.node.items : undefined;
    if (items?.type === 'object' && items.properties) {
      const entity = items.properties.id && items.properties.name;
      out.push(...rows(items, r.base, `${name}[].`, entity ? new Set(['description']) : new Set()));
    }
  }
  return out;
}

const HEAD = ['| key | type | required | meaning |', '| --- | --- | --- | --- |'];

function sectionTable(section) {
  const file = `${section}.schema.json`;
  const entity = schema(file).items;
  return [...HEAD, ...rows(entity, file, '', new Set(['id', 'name', 'description']))].join('\n');
}

function headerTable() {
  const h = schema('gtmap.schema.json');
  const required = new Set(h.required);
  return [
    ...HEAD,
    ...Object.entries(h.properties).map(
      ([k, v]) =>
        `| ${code(k)} | ${cell(typeOf(v, 'gtmap.schema.json'))} | ${required.has(k) ? 'yes' : ''} | ${cell(meaning(v, 'gtmap.schema.json'))} |`,
    ),
  ].join('\n');
}

/** Kind | declared in | referred to by, from the reference sites. */
function referenceTable() {
  const by = new Map();
  for (const { path, kind } of REFERENCE_SITES) {
    const refKind = kind === 'condition' ? 'field' : kind;
    const where =
      kind === 'condition'
        ? `${code('field')} in ${code(path.join('.').replace(/\.\*/g, '[]'))}`
        : code(path.join('.').replace(/\.\*/g, '[]'));
    by.set(refKind, [...(by.get(refKind) ?? []), where]);
  }
  const lines = ['| kind | declared in | referred to by |', '| --- | --- | --- |'];
  for (const [kind, info] of Object.entries(KIND_INFO)) {
    const refs = by.get(kind);
    if (!refs) continue;
    const declared = info.childKey ? `${info.section}[].${info.childKey}` : info.section;
    lines.push(`| ${kind} | ${code(declared)} | ${refs.join(', ')} |`);
  }
  return lines.join('\n');
}

const tables = new Map([
  ['header', headerTable()],
  ['references', referenceTable()],
  ...SECTIONS.map((s) => [`keys of ${s}`, sectionTable(s)]),
  ...['routingTests', 'stageTests'].map((s) => [
    `keys of ${s}`,
    [...HEAD, ...rows(schema(`${s}.schema.json`).items, `${s}.schema.json`)].join('\n'),
  ]),
  ['keys of businessHours', [...HEAD, ...rows(schema('common.schema.json').$defs.businessHours, 'common.schema.json')].join('\n')],
]);

const text = readFileSync(docPath, 'utf8');
const missing = [...tables.keys()].filter((name) => !text.includes(`<!-- generated: ${name} -->`));
if (missing.length) {
  console.error(`format-docs: docs/map-format.md has no place for ${missing.map((m) => `"<!-- generated: ${m} -->"`).join(', ')}.`);
  process.exit(1);
}
const next = text.replace(/<!-- generated: ([^>]+) -->\n[\s\S]*?<!-- end generated -->/g, (whole, name) =>
  tables.has(name) ? `<!-- generated: ${name} -->\n${tables.get(name)}\n<!-- end generated -->` : whole,
);
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('docs/map-format.md: the generated tables are stale; run `npm run docs:format`.');
    process.exit(1);
  }
} else writeFileSync(docPath, next);
