// The floor for `gtmap lint` on a big map: find every .yaml/.yml file under a folder, read it
// and parse it with js-yaml (the parser gtmap reads clean files with, same schema), nothing
// else. bench/targets.mjs times gtmap against this as a whole process, start-up included.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/parse-only.mjs <folder>');
let documents = 0;
for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
  if (load(readFileSync(join(entry.parentPath, entry.name), 'utf8'), { schema: CORE_SCHEMA }) !== undefined) documents++;
}
if (documents === 0) throw new Error(`${dir}: no YAML documents`);
