// Rule presets (`lint.extends` in gtmap.yaml), as ESLint's shareable configs: each derives a
// rule's level from its metadata, so a new rule gets a level in every preset without a table.
import type { Severity } from '../diagnostic.js';
import type { Rule } from './rule.js';

export const PRESETS = ['starter', 'recommended', 'strict'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = 'recommended';

export const PRESET_DESCRIPTIONS: Record<Preset, string> = {
  starter: 'ownership and reference gaps are errors, every other finding a warning: for a first map',
  recommended: "each rule's default severity (the default)",
  strict: 'every warning is an error',
};

/** A rule's level under a preset. `starter` is never stricter than `recommended`. */
export function presetLevel(rule: Pick<Rule<any>, 'severity' | 'category'>, preset: Preset): Severity {
  switch (preset) {
    case 'recommended':
      return rule.severity;
    case 'strict':
      return rule.severity === 'warn' ? 'error' : rule.severity;
    case 'starter':
      return rule.severity === 'error' && rule.category === undefined ? 'warn' : rule.severity;
  }
}
