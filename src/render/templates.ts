// Loads templates/ once per process: pages, partials and the layout. `npm run build` precompiles
// them (scripts/precompile-templates.mjs), so a build needs only the Handlebars runtime; when a
// template's text differs from what was precompiled (edited since the build), every template is
// compiled from the files instead, with the full Handlebars, so what renders is always the files.
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { createHandlebars, KNOWN_HELPERS } from './helpers.js';
import { type LeanEnvironment, type LeanTemplate, leanable, leanTemplate, type Spec } from './lean-runtime.js';
import { COMPILE_OPTIONS, TEMPLATES_DIR, templateFiles } from './template-files.js';

export { TEMPLATES_DIR };

export interface Templates {
  layout: Handlebars.TemplateDelegate;
  pages: Map<string, Handlebars.TemplateDelegate>;
}

export type Precompiled = Record<string, { source: string; spec: TemplateSpecification }>;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

let cached: Templates | undefined;

const requireHere = createRequire(import.meta.url);

function precompiled(): Precompiled {
  try {
    return requireHere('./templates.precompiled.cjs') as Precompiled;
  } catch {
    return {};
  }
}

export function templates(): Templates {
  cached ??= loadTemplates(TEMPLATES_DIR, precompiled());
  return cached;
}

/**
 * The templates in `dir`, from `pre` where it holds exactly their text, else compiled here.
 * Precompiled templates run on src/render/lean-runtime.ts when every one of them can (`lean`),
 * else on Handlebars' runtime; `lean: false` asks for Handlebars' runtime (for tests).
 */
export function loadTemplates(
  dir: string,
  pre: Precompiled,
  options: { lean?: boolean } = {},
): Templates & { precompiled: boolean; lean: boolean } {
  const files = templateFiles(dir);
  const fresh = files.length === Object.keys(pre).length && files.every((f) => pre[f.key]?.source === f.source);
  const hbs = fresh ? createHandlebars() : createHandlebars(requireHere('handlebars') as typeof Handlebars);
  const lean = fresh && options.lean !== false && files.every((f) => leanable(pre[f.key]!.spec as Spec));
  const env: LeanEnvironment = { helpers: hbs.helpers as LeanEnvironment['helpers'], partials: {} };
  const make = (key: string, source: string): Handlebars.TemplateDelegate =>
    lean
      ? (leanTemplate(pre[key]!.spec as Spec, env) as Handlebars.TemplateDelegate)
      : fresh
        ? hbs.template(pre[key]!.spec)
        : hbs.compile(source, { ...COMPILE_OPTIONS, knownHelpers: KNOWN_HELPERS });
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  let layout: Handlebars.TemplateDelegate | undefined;
  for (const { key, source } of files) {
    const t = make(key, source);
    if (key.startsWith('partials/')) {
      const name = key.slice('partials/'.length);
      if (lean) env.partials[name] = t as LeanTemplate;
      else hbs.registerPartial(name, t);
    } else if (key.startsWith('pages/')) pages.set(key.slice('pages/'.length), t);
    else layout = t;
  }
  return { layout: layout!, pages, precompiled: fresh, lean };
}
