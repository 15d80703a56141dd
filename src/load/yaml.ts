// The `yaml` library, loaded on first use. A clean map is read by the faster js-yaml and
// needs `yaml` (and its ~30 ms of module loading) only to place a finding on a line.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
