// Counts and the words every formatter shares: how many problems, and what a partial run left out.
import type { Diagnostic, SkipNotice } from '../diagnostic.js';
import { plural } from '../text.js';

export function summary(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0,
    warnings = 0,
    infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warn') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/** "3 problems (2 errors, 0 warnings, 1 info)"; errors and warnings are always named. */
export function problemCount(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings, infos } = summary(diagnostics);
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos) parts.push(plural(infos, 'info', 'info'));
  return `${plural(errors + warnings + infos, 'problem')} (${parts.join(', ')})`;
}

/** "Team `x` (map/teams.yaml), because it has a schema error at map/teams.yaml:4:5" (map text, not yet escaped). */
export function describeSkip(n: SkipNotice): string {
  const rules = (n.rules ?? []).filter((id) => !n.what.includes(id));
  return `${n.what}, because ${n.why}${rules.length ? ` (rules not run: ${rules.join(', ')})` : ''}`;
}

/** "partial run: 3 parts not linted" */
export function partialNote(skipped: readonly SkipNotice[]): string {
  return `partial run: ${plural(skipped.length, 'part')} not linted`;
}
