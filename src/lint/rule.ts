// What a lint rule is: plain metadata plus a pure check over the model.
import type { ModelPath, Severity } from '../diagnostic.js';
import type { Model, SectionName } from '../model/index.js';

/** Another place that explains a finding; the engine locates it the way it locates the finding. */
export interface Related {
  path: ModelPath;
  /** What is there, in a few words: "the earlier rule `enterprise-leads`". */
  message: string;
}

export interface Finding<M extends string = string> {
  /** Path into the merged model, e.g. ['handoffs', 2, 'owner']. The engine turns it into file:line:column. */
  path: ModelPath;
  /** Point at the key of the last path segment instead of its value (for a missing or wrong key). */
  target?: 'key' | 'value';
  /** Part of the string value at `path` (offsets into the value): the engine narrows the position to it when it can find it in the source. */
  span?: { start: number; end: number };
  /** A key of the rule's `messages`; `data` fills its {{placeholders}}. */
  messageId: M;
  data?: Record<string, string | number>;
  related?: readonly Related[];
}

export interface RuleContext<O, M extends string = string> {
  options: O;
  report(finding: Finding<M>): void;
}

export interface Rule<O = Record<string, unknown>, M extends string = string> {
  /** kebab-case, grouped by prefix: `handoff/has-owner`. */
  id: string;
  severity: Severity;
  /** One sentence: what the rule checks. */
  description: string;
  /** The failure it prevents, from DOMAIN.md. */
  rationale: string;
  messages: Record<M, string>;
  /**
   * What kind of gap the rule finds, when it is one a team must close from day one: `ownership`
   * (nobody answers for it) or `references` (the map points at, or fails to reach, a part of
   * itself). The `starter` preset keeps these at their severity and turns other errors into
   * warnings (src/lint/presets.ts).
   */
  category?: 'ownership' | 'references';
  /** JSON Schema of the options object (an object schema with defaults). */
  optionsSchema?: Record<string, unknown>;
  defaultOptions?: O;
  /**
   * Sections the rule reasons over as a whole (coverage, order, "is it used anywhere"), where a
   * missing entity would change the verdict on the others; `'all'` for the whole map. When one
   * of them lost a part to a YAML or schema error, the rule is skipped and says so. Rules that
   * judge each entity on its own leave this out.
   */
  sections?: readonly SectionName[] | 'all';
  /**
   * Top-level keys of gtmap.yaml the rule reads (other than `lint`). When one has a schema
   * error, the rule is skipped and says so: the schema error is the finding, not a second one
   * about the same value under the rule's name.
   */
  header?: readonly string[];
  /**
   * Whether the rule has anything to look at in this map (e.g. test cases). A rule that has not
   * is not run and, when its sections are incomplete, not reported as skipped either.
   */
  appliesTo?(model: Model): boolean;
  /** Problems the options schema cannot express, as paths inside the options object; reported as lint/invalid-option. */
  checkOptions?(options: O): { path: (string | number)[]; message: string }[];
  check(model: Model, context: RuleContext<O, M>): void;
}

/**
 * eslint-style helper so each rule file stays typed without repeating the generics: M is
 * inferred from `messages`, so a `messageId` that is not one of its keys does not compile. A
 * rule that names its options type names its message ids too, `defineRule<MyOptions, 'missing'>`:
 * M defaults to never, not string, so leaving them out fails to compile instead of accepting any id.
 */
export function defineRule<O = Record<string, unknown>, M extends string = never>(rule: Rule<O, M>): Rule<O, M> {
  return rule;
}

export function fill(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
