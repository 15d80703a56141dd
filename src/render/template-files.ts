// The template sources under templates/ and how they compile; shared by the renderer and by
// scripts/precompile-templates.mjs, so both compile the same text with the same options.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * strict: a key missing from a view model is an error, not an empty string. data: false, as no
 * template reads `@index`, `@first` or `@root`: with data, Handlebars makes a new closure for every
 * block it enters and a frame for every loop (a 5k-entity site enters about a million blocks).
 */
export const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true, preventIndent: true, data: false } as const;

export interface TemplateFile {
  /** `layout`, `pages/<name>` or `partials/<name>` */
  key: string;
  source: string;
}

/** Every template, in a stable order: partials, pages, then the layout. */
export function templateFiles(dir = TEMPLATES_DIR): TemplateFile[] {
  const read = (sub: string): TemplateFile[] =>
    readdirSync(join(dir, sub))
      .filter((f) => f.endsWith('.hbs'))
      .sort()
      .map((f) => {
        const source = readFileSync(join(dir, sub, f), 'utf8');
        // a partial's final newline would print as a space after every use
        return { key: `${sub}/${f.slice(0, -4)}`, source: sub === 'partials' ? source.replace(/\n$/, '') : source };
      });
  return [...read('partials'), ...read('pages'), { key: 'layout', source: readFileSync(join(dir, 'layout.hbs'), 'utf8') }];
}
