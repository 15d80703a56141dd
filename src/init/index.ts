// `gtmap init`: the files of a new map, rendered in memory (relative path -> contents), and the
// CI and editor files that go with it. The command (src/cli/commands/init.ts) asks, checks for
// files it would overwrite and writes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';

export const CI_PROVIDERS = ['github', 'gitlab'] as const;
export type CiProvider = (typeof CI_PROVIDERS)[number];

export interface InitOptions {
  /** The map folder, relative to the project root (posix separators), e.g. `map` or `docs/gtm`. */
  folder: string;
  company: string;
  /** A sales development team (SDRs) books meetings for account executives. */
  sdr: boolean;
  /** Copy the full example map instead of the starter. */
  example: boolean;
  ci?: CiProvider;
  /** Also map the schemas in .vscode/settings.json (`yaml.schemas`). */
  vscode: boolean;
}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = join(PACKAGE_ROOT, 'templates', 'init');
const EXAMPLE = join(PACKAGE_ROOT, 'map');
/** Where the schemas are in a project that installed gtmap. */
export const INSTALLED_SCHEMAS = 'node_modules/gtmap/schema';

/** Files under a folder, relative and posix, sorted. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split(sep).join('/')]))
    .sort();
}

/** The modeline path from a map file to an installed schema: `../node_modules/gtmap/schema/map.schema.json`. */
export function schemaPath(fileInProject: string, schema: 'map' | 'gtmap'): string {
  return posix.relative(posix.dirname(fileInProject), `${INSTALLED_SCHEMAS}/${schema}.schema.json`);
}

/** A YAML scalar for any text: a JSON string is a valid double-quoted YAML scalar. */
export function yamlString(s: string): string {
  return JSON.stringify(s);
}

function engine(hbs: typeof Handlebars, file: string): typeof Handlebars {
  const h = hbs.create();
  h.registerHelper('schema', (name: 'map' | 'gtmap') => schemaPath(file, name));
  h.registerHelper('yaml', (s: string) => yamlString(s));
  return h;
}

/** Every file `init` writes, by path relative to the project root. */
export async function planInit(o: InitOptions): Promise<Map<string, string>> {
  const { default: hbs } = await import('handlebars');
  const files = new Map<string, string>();
  if (o.example) {
    for (const rel of walk(EXAMPLE)) {
      const file = `${o.folder}/${rel}`;
      const text = readFileSync(join(EXAMPLE, rel), 'utf8').replace(
        /^(# yaml-language-server: \$schema=)(?:\.\.\/)+schema\/(map|gtmap)\.schema\.json/,
        (_, head: string, name: 'map' | 'gtmap') => `${head}${schemaPath(file, name)}`,
      );
      files.set(file, text);
    }
  } else {
    for (const rel of walk(join(TEMPLATES, 'starter'))) {
      const file = `${o.folder}/${rel}`;
      const tpl = engine(hbs, file).compile(readFileSync(join(TEMPLATES, 'starter', rel), 'utf8'), { noEscape: true, strict: true });
      files.set(file, tpl({ company: o.company, sdr: o.sdr, folder: o.folder }));
    }
  }
  if (o.ci) {
    const [name, target] = o.ci === 'github' ? ['github.yml', '.github/workflows/gtmap.yml'] : ['gitlab-ci.yml', '.gitlab-ci.yml'];
    const tpl = hbs.create().compile(readFileSync(join(TEMPLATES, 'ci', name), 'utf8'), { noEscape: true, strict: true });
    files.set(target, tpl({ folder: o.folder }));
  }
  if (o.vscode) files.set('.vscode/settings.json', vscodeSettings(o.folder));
  return files;
}

/** `yaml.schemas` for the YAML extension: the header schema for gtmap.yaml, the map schema for the rest. */
export function vscodeSettings(folder: string): string {
  const settings = {
    'yaml.schemas': {
      [`./${INSTALLED_SCHEMAS}/gtmap.schema.json`]: [`${folder}/gtmap.yaml`],
      [`./${INSTALLED_SCHEMAS}/map.schema.json`]: [`${folder}/**/*.yaml`, `!${folder}/gtmap.yaml`],
    },
  };
  return `${JSON.stringify(settings, null, 2)}\n`;
}
