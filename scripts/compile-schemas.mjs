// Precompiles schema/*.json into dist/validate/schemas.generated.js with ajv's standalone
// code generator, so `gtmap lint` pays no schema compilation at start-up.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export function createAjv() {
  const ajv = new Ajv.default({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } });
  ajv.addKeyword({ keyword: 'x-gtmap-ref', schemaType: 'string' });
  for (const name of readdirSync(join(root, 'schema'))
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    const schema = JSON.parse(readFileSync(join(root, 'schema', name), 'utf8'));
    ajv.addSchema({ ...schema, $id: name }, name);
  }
  return ajv;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ajv = createAjv();
  const code = standaloneCode.default(ajv, { header: 'gtmap.schema.json', file: 'map.schema.json' });
  const out = join(root, 'dist', 'validate', 'schemas.generated.js');
  mkdirSync(dirname(out), { recursive: true });
  // ajv's esm output still calls require() for its runtime helpers; turn those into imports
  let n = 0;
  const esm = code.replace(/const (\w+) = require\("([^"]+)"\)(\.default)?;/g, (_, name, mod, dflt) => {
    const local = `__rt${n++}`;
    // Node hands a CJS module's exports object to a default import; bundlers (vitest) may hand its .default
    return `import ${local} from "${mod}.js";const ${name} = ${dflt ? `(${local}.default ?? ${local})` : local};`;
  });
  if (/\brequire\(/.test(esm)) throw new Error('standalone schema code still calls require()');
  writeFileSync(out, esm);
}
