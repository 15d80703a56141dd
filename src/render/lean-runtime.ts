// Runs our precompiled Handlebars templates without Handlebars' general runtime. That runtime
// serves every option and feature Handlebars has. For each top-level call it copies and wraps
// every helper. For each helper call it builds an `arguments` array in the wrapper; for each
// block it re-reads the program and concatenates a decorator key. On a 5k-entity site that was
// ~170 ms of the render's sampled ~1.4 s.
//
// Our templates use a small subset: strict lookups, known helpers, static partials, no data, no
// `../`, no block parameters, no decorators (COMPILE_OPTIONS and the templates themselves). For
// exactly that subset, this runs the compiled code with the same lookups, escaping, helpers,
// errors and output. A template outside it (another compiler revision, or a spec that uses any of
// those features) is refused (`leanable` is false), and templates.ts runs every template with
// Handlebars' own runtime instead. test/render.test.ts renders the example site both ways and
// compares the pages byte for byte.
import type HandlebarsFull from 'handlebars';
import runtime from 'handlebars/runtime.js';

const Handlebars = runtime as unknown as typeof HandlebarsFull;

type Program = (container: Container, context: unknown, helpers: Helpers, partials: Partials, data: undefined) => string;
type Helpers = Record<string, HandlebarsFull.HelperDelegate>;
type Partials = Record<string, LeanTemplate>;
export type LeanTemplate = (context: unknown) => string;

/** A precompiled template: the object `Handlebars.precompile` writes. */
export interface Spec {
  compiler?: [number, string];
  main: Program;
  useData?: boolean;
  useDepths?: boolean;
  useBlockParams?: boolean;
  useDecorators?: boolean;
  [key: string]: unknown;
}

/** The compiler revision whose code this runtime speaks (Handlebars 4.3 and later). */
const REVISION = 8;

/** What the compiled code may ask of its container here (Handlebars' runtime offers more). */
const CONTAINER = new Set([
  'strict',
  'lookupProperty',
  'lambda',
  'escapeExpression',
  'invokePartial',
  'program',
  'noop',
  'nullContext',
  'decorators',
]);

/** True when `spec` uses only what this runtime implements (see the top of this file). */
export function leanable(spec: Spec): boolean {
  if (spec.compiler?.[0] !== REVISION || spec.useData || spec.useDepths || spec.useBlockParams || spec.useDecorators) return false;
  for (const [key, value] of Object.entries(spec)) {
    if (key.endsWith('_d')) return false;
    if (typeof value === 'function') for (const m of String(value).matchAll(/\bcontainer\.(\w+)/g)) if (!CONTAINER.has(m[1]!)) return false;
  }
  return true;
}

interface Container {
  strict(obj: unknown, name: string, loc: unknown): unknown;
  lookupProperty(parent: unknown, name: string): unknown;
  lambda(current: unknown, context: unknown): unknown;
  escapeExpression(value: unknown): string;
  invokePartial(partial: LeanTemplate | undefined, context: unknown, options: { name: string; hash?: object }): string;
  program(i: number): LeanTemplate;
  noop(): string;
  nullContext: object;
  decorators: object;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Handlebars' lookup with its default prototype access: an own property, except an object's own
 * `constructor` that is its class; anything inherited reads as undefined (Handlebars also logs a
 * warning then; our view models are plain objects, so no template reads an inherited property).
 */
function lookupProperty(parent: unknown, name: string): unknown {
  const result = (parent as Record<string, unknown>)[name];
  if (result == null) return result;
  if (hasOwn(parent as object, name) && !(name === 'constructor' && typeof result === 'function' && parent === result.prototype))
    return result;
  return undefined;
}

const noop = (): string => '';

/** The templates of one environment: `helpers` as registered (not wrapped), and the partials by name, filled in by the caller. */
export interface LeanEnvironment {
  helpers: Helpers;
  partials: Partials;
}

/** A template function for a precompiled spec that `leanable` accepts. */
export function leanTemplate(spec: Spec, env: LeanEnvironment): LeanTemplate {
  const programs: LeanTemplate[] = [];
  const { helpers, partials } = env;
  const container: Container = {
    strict(obj, name, loc) {
      if (!obj || !(name in (obj as object))) throw new Handlebars.Exception(`"${name}" not defined in ${obj}`, { loc } as never);
      return lookupProperty(obj, name);
    },
    lookupProperty,
    lambda: (current, context) => (typeof current === 'function' ? current.call(context) : current),
    escapeExpression: Handlebars.Utils.escapeExpression,
    invokePartial(partial, context, options) {
      const scope = options.hash ? Object.assign({}, context, options.hash) : context;
      const template = partial ?? (hasOwn(partials, options.name) ? partials[options.name] : undefined);
      if (typeof template !== 'function') throw new Handlebars.Exception(`The partial ${options.name} could not be found`);
      return template(scope);
    },
    program(i) {
      let p = programs[i];
      if (!p) {
        const fn = spec[i] as Program;
        programs[i] = p = (context) => fn(container, context, helpers, partials, undefined);
      }
      return p;
    },
    noop,
    nullContext: Object.seal({}),
    decorators: {},
  };
  return (context) => '' + spec.main(container, context, helpers, partials, undefined);
}
