// What a lint rule is: plain metadata plus a pure check over the model.
import type { ModelPath, Severity } from '../diagnostic.js';
import type { Model, SectionName } from '../model/index.js';

export interface Finding {
  /** Path into the merged model, e.g. ['handoffs', 2, 'owner']. The engine turns it into file:line:column. */
  path: ModelPath;
  /** Point at the key of the last path segment instead of its value (for a missing or wrong key). */
  target?: 'key' | 'value';
  /** Part of the string value at `path` (offsets into the value): the engine narrows the position to it when it can find it in the source. */
  span?: { start: number; end: number };
  /** Either a full message, or a key of `messages` with `data` for its {{placeholders}}. */
  message?: string;
  messageId?: string;
  data?: Record<string, string | number>;
}

export interface RuleContext<O> {
  options: O;
  report(finding: Finding): void;
}

export interface Rule<O = Record<string, unknown>> {
  /** kebab-case, grouped by prefix: `handoff/has-owner`. */
  id: string;
  severity: Severity;
  /** One sentence: what the rule checks. */
  description: string;
  /** The failure it prevents, from DOMAIN.md. */
  rationale: string;
  messages: Record<string, string>;
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
  /** Problems the options schema cannot express, as paths inside the options object; reported as lint/invalid-option. */
  checkOptions?(options: O): { path: (string | number)[]; message: string }[];
  check(model: Model, context: RuleContext<O>): void;
}

// eslint-style helper so each rule file stays typed without repeating the generic
export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}

export function fill(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
