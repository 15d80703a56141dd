// Every Handlebars helper the templates may use, registered in one place. Templates compile
// with knownHelpersOnly, so a helper missing here is a compile error, not a silent blank.
// the runtime only: templates are precompiled (templates.ts), the compiler loads only for edited ones
import type HandlebarsFull from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { isTrusted, type Run } from './html.js';

export type Hbs = typeof HandlebarsFull;
// the runtime is the full package without the compiler; its own typings are empty
const Handlebars = runtime as unknown as Hbs;

const esc = Handlebars.Utils.escapeExpression;

function runHtml(r: Run): string {
  return r.href === null ? esc(r.text) : `<a href="${esc(r.href)}">${esc(r.text)}</a>`;
}

interface Fact {
  label: string;
  value: Run[];
}

function isRun(v: unknown): v is Run {
  return typeof v === 'object' && v !== null && typeof (v as Run).text === 'string' && 'href' in v;
}

/**
 * `{{#once key "name"}}…{{/once}}` prints its block the first time it meets `key` (an object)
 * and the same text whenever that object comes again: a team's role pages share sections, and
 * the pages of one folder share the navigation. The block must read nothing but `key`. Each
 * Handlebars environment gets its own (createHandlebars), so two template sets never share text.
 */
function onceHelper() {
  const printed = new WeakMap<object, Map<string, string>>();
  return function once(this: unknown, key: unknown, name: unknown, options: HandlebarsFull.HelperOptions): HandlebarsFull.SafeString {
    if (typeof key !== 'object' || key === null || typeof name !== 'string')
      throw new TypeError('the `once` block helper takes an object and a name: {{#once key "name"}}');
    let byName = printed.get(key);
    if (!byName) printed.set(key, (byName = new Map()));
    let html = byName.get(name);
    if (html === undefined) byName.set(name, (html = options.fn(this)));
    return new Handlebars.SafeString(html);
  };
}

/** Helpers that keep state, made anew for each Handlebars environment (createHandlebars). */
const PER_ENVIRONMENT = { once: onceHelper } as const;

export const HELPERS = {
  /** Prints text with `backticked` spans as <code>, as diagnostics write ids and values; every part escaped. */
  code(value: unknown): HandlebarsFull.SafeString {
    if (typeof value !== 'string') throw new TypeError('the `code` helper prints a string');
    const parts = value.split('`');
    // an odd number of backticks leaves the last one as text
    const html = parts
      .map((p, i) => (i % 2 === 1 && i < parts.length - 1 ? `<code>${esc(p)}</code>` : esc(i % 2 === 1 ? `\`${p}` : p)))
      .join('');
    return new Handlebars.SafeString(html);
  },
  /** Prints one run of text, as a link when it has an href; every part escaped. */
  run(value: unknown): HandlebarsFull.SafeString {
    if (!isRun(value)) throw new TypeError('the `run` helper prints a { text, href } run');
    return new Handlebars.SafeString(runHtml(value));
  },
  /** Prints rich text (a list of runs); every part escaped. */
  rich(value: unknown): HandlebarsFull.SafeString {
    if (!Array.isArray(value) || !value.every(isRun)) throw new TypeError('the `rich` helper prints a list of { text, href } runs');
    return new Handlebars.SafeString(value.map(runHtml).join(''));
  },
  /**
   * Prints a table row's cells, each rich text: the first as the row's header cell. One call per
   * row rather than a loop over cells, which on a 5k-entity site is a few hundred thousand
   * Handlebars iterations fewer; every part escaped.
   */
  cells(value: unknown): HandlebarsFull.SafeString {
    if (!Array.isArray(value) || !value.every((c) => Array.isArray(c) && c.every(isRun)))
      throw new TypeError('the `cells` helper prints a list of cells, each a list of { text, href } runs');
    let html = '';
    value.forEach((cell: Run[], i) => {
      const runs = cell.map(runHtml).join('');
      html += i === 0 ? `<th scope="row">${runs}</th>` : `<td>${runs}</td>`;
    });
    return new Handlebars.SafeString(html);
  },
  /**
   * Prints an entity's facts, a `<div><dt>label</dt><dd>rich text</dd></div>` line each: one call
   * per entity rather than a Handlebars loop (as `cells`); every part escaped.
   */
  factList(value: unknown): HandlebarsFull.SafeString {
    if (!Array.isArray(value) || !value.every((f: Fact) => typeof f?.label === 'string' && Array.isArray(f.value) && f.value.every(isRun)))
      throw new TypeError('the `factList` helper prints a list of { label, value } facts, each value a list of { text, href } runs');
    return new Handlebars.SafeString(
      (value as Fact[]).map((f) => `<div><dt>${esc(f.label)}</dt><dd>${f.value.map(runHtml).join('')}</dd></div>`).join('\n'),
    );
  },
  /** Prints a list's items, a `<li>rich text</li>` line each (as `factList`); every part escaped. */
  itemList(value: unknown): HandlebarsFull.SafeString {
    if (!Array.isArray(value) || !value.every((i) => Array.isArray(i) && i.every(isRun)))
      throw new TypeError('the `itemList` helper prints a list of items, each a list of { text, href } runs');
    return new Handlebars.SafeString((value as Run[][]).map((i) => `<li>${i.map(runHtml).join('')}</li>`).join('\n'));
  },
  /** Prints pre-sanitised HTML (markdown output, a rendered page body); refuses anything else. */
  safe(value: unknown): HandlebarsFull.SafeString {
    if (value === null || value === undefined) return new Handlebars.SafeString('');
    if (!isTrusted(value)) throw new TypeError('the `safe` helper only prints trusted HTML (markdown output or a rendered template)');
    return new Handlebars.SafeString(value.html);
  },
} as const;

/**
 * `{{#each list}}` over an array, as the built-in prints it when templates have no data (`@index`
 * and the like; see COMPILE_OPTIONS), without the built-in's per-item options and block-parameter
 * arrays. Anything else (an object, an iterable, a call with data) goes to the built-in.
 */
function leanEach(builtin: HandlebarsFull.HelperDelegate): HandlebarsFull.HelperDelegate {
  return function each(this: unknown, list: unknown, options: HandlebarsFull.HelperOptions): string {
    if (!Array.isArray(list) || options.data) return builtin.call(this, list, options) as string;
    if (list.length === 0) return options.inverse(this);
    let out = '';
    for (let i = 0; i < list.length; i++) out += options.fn(list[i]);
    return out;
  };
}

/** A Handlebars environment with every helper; `base` is the full Handlebars when templates must compile. */
export function createHandlebars(base: Hbs = Handlebars): Hbs {
  const hbs = base.create();
  hbs.registerHelper('each', leanEach(hbs.helpers['each']!));
  for (const [name, fn] of Object.entries(HELPERS)) hbs.registerHelper(name, fn as HandlebarsFull.HelperDelegate);
  for (const [name, make] of Object.entries(PER_ENVIRONMENT)) hbs.registerHelper(name, make());
  return hbs;
}

export const KNOWN_HELPERS: Record<string, true> = Object.fromEntries(
  [...Object.keys(HELPERS), ...Object.keys(PER_ENVIRONMENT)].map((k) => [k, true]),
);
