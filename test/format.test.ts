// The map format is defined once (scripts/schemas.mjs -> schema/ and src/model/format.generated.ts),
// and every section has one registry row and one view: these tests fail when one is forgotten.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKind, KIND_INFO, SECTION_INFO, SECTIONS, TEST_SECTIONS } from '../src/model/index.js';
import { SECTION_VIEWS } from '../src/render/views/sections.js';

const mapSchema = JSON.parse(readFileSync('schema/map.schema.json', 'utf8')) as { properties: Record<string, { $ref: string }> };

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'x-gtmap-ref') out.push(String(v));
      else refsIn(v, out);
    }
  }
  return out;
}

describe('one definition of the format', () => {
  it('the sections of the schema are the sections of the registry, in the same order', () => {
    expect(Object.keys(mapSchema.properties)).toEqual([...SECTIONS, ...TEST_SECTIONS]);
  });

  it('every section has a view that renders it', () => {
    for (const s of SECTIONS) expect(typeof SECTION_VIEWS[s], s).toBe('function');
  });

  it('every reference in the schema names a kind the registry knows', () => {
    const refs = new Set<string>();
    for (const { $ref } of Object.values(mapSchema.properties))
      refsIn(JSON.parse(readFileSync(`schema/${$ref}`, 'utf8')), []).forEach((r) => refs.add(r));
    refsIn(JSON.parse(readFileSync('schema/condition.schema.json', 'utf8'))).forEach((r) => refs.add(r));
    expect(refs.size).toBeGreaterThan(10);
    for (const r of refs) expect(isKind(r), r).toBe(true);
  });

  it('the entity types are generated from the schema, not written by hand', () => {
    const generated = readFileSync('src/model/format.generated.ts', 'utf8');
    for (const s of SECTIONS) {
      const $ref = mapSchema.properties[s]!.$ref;
      const title = (JSON.parse(readFileSync(`schema/${$ref}`, 'utf8')) as { items: { title: string } }).items.title;
      expect(generated, `${s}: interface ${title.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())}`).toContain(
        `export interface ${title.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())} {`,
      );
    }
    expect(readFileSync('src/model/types.ts', 'utf8')).not.toMatch(/export interface (Team|Segment|Handoff|Metric|Field)\b/);
  });

  it('one label per kind: a meeting is a Meeting in every message and on the site', () => {
    expect(SECTION_INFO.cadences.label).toBe('Meeting');
    expect(KIND_INFO.cadence.label).toBe('Meeting');
  });

  it('docs/map-format.md: the key, header and reference tables are generated from the same source and fresh', () => {
    expect(() => execFileSync(process.execPath, ['scripts/format-docs.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
    const doc = readFileSync('docs/map-format.md', 'utf8');
    for (const s of SECTIONS) expect(doc, s).toContain(`<!-- generated: keys of ${s} -->\n| key | type | required | meaning |`);
  });
});
