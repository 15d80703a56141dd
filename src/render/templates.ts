// Loads and compiles templates/ once per process: pages, partials and the layout.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { createHandlebars, KNOWN_HELPERS } from './helpers.js';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface Templates {
  layout: Handlebars.TemplateDelegate;
  pages: Map<string, Handlebars.TemplateDelegate>;
}

let cached: Templates | undefined;

export function templates(): Templates {
  if (cached) return cached;
  const hbs = createHandlebars();
  // strict: a key missing from a view model is an error, not an empty string
  const options: CompileOptions = { strict: true, knownHelpersOnly: true, knownHelpers: KNOWN_HELPERS, preventIndent: true };
  const read = (dir: string): [string, string][] =>
    readdirSync(join(TEMPLATES_DIR, dir))
      .filter((f) => f.endsWith('.hbs'))
      .sort()
      .map((f) => [f.slice(0, -4), readFileSync(join(TEMPLATES_DIR, dir, f), 'utf8')]);
  // a partial's final newline would print as a space after every use
  for (const [name, src] of read('partials')) hbs.registerPartial(name, hbs.compile(src.replace(/\n$/, ''), options));
  const pages = new Map(read('pages').map(([name, src]) => [name, hbs.compile(src, options)]));
  const layout = hbs.compile(readFileSync(join(TEMPLATES_DIR, 'layout.hbs'), 'utf8'), options);
  cached = { layout, pages };
  return cached;
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];
