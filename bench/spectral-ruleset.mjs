// Builds a Spectral ruleset that applies gtmap's JSON Schema (schema/map.schema.json and the
// sibling files it $refs) to each map file with Spectral's core `schema` function.
// Spectral does not follow $refs to files from a ruleset's functionOptions, so the sibling
// schemas are inlined under `definitions` and their $refs rewritten to point there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const nameOf = (file) => file.replace(/\.schema\.json$/, '');

function rewrite(node, self) {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, self));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const [file, pointer = ''] = v.split('#');
      const target = file ? nameOf(file) : self;
      out.$ref = `#/definitions/${target}${pointer}`;
    } else if (k === '$schema' || k === '$id') {
      // dropped: the bundle has one root
    } else out[k] = rewrite(v, self);
  }
  return out;
}

export function bundledSchema(schemaDir) {
  const definitions = {};
  for (const file of readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    definitions[nameOf(file)] = rewrite(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')), nameOf(file));
  }
  // gtmap reads the header file (apiVersion, company) with gtmap.schema.json and every other file with map.schema.json
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions,
    if: { type: 'object', required: ['apiVersion'] },
    then: { $ref: '#/definitions/gtmap' },
    else: { $ref: '#/definitions/map' },
  };
}

export function ruleset(schemaDir) {
  return {
    rules: {
      'gtmap-schema': {
        description: 'Each map file is valid against the gtmap JSON Schema.',
        message: '{{error}}',
        given: '$',
        severity: 'error',
        then: { function: 'schema', functionOptions: { schema: bundledSchema(schemaDir), allErrors: true } },
      },
    },
  };
}
