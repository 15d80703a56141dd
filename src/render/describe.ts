// Conditions and criteria in words, with field names linked to the data dictionary.
import { describe, humanDuration } from '../conditions/index.js';
import type { Condition, Criterion } from '../model/types.js';
import { type Rich, text } from './html.js';
import type { RenderContext } from './context.js';
import type { Linker } from './links.js';

// Private-use characters mark where describe() put a field, so the field can become a link.
// A condition that itself contains them is described without links.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** A condition in words: text, and the ids of the fields it names (to be linked). */
type Described = (string | { field: string })[];

// describe() depends only on the condition and the field names: one answer per condition per
// build, while its links differ per page (a role page repeats its team's criteria)
const described = new WeakMap<Condition, Described>();

function describeParts(cond: Condition, ctx: RenderContext): Described {
  const known = described.get(cond);
  if (known) return known;
  let parts: Described;
  if (/[\uE000\uE001]/.test(JSON.stringify(cond))) parts = [describe(cond, (id) => ctx.fieldName(id))];
  else {
    const s = describe(cond, (id) => `${OPEN}${id}${CLOSE}`);
    parts = [];
    const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m.index > last) parts.push(s.slice(last, m.index));
      parts.push({ field: m[1]! });
      last = m.index + m[0].length;
    }
    if (last < s.length) parts.push(s.slice(last));
    // a first letter in upper case reads as a sentence
    const first = parts[0];
    if (typeof first === 'string' && first.length > 0) parts[0] = first[0]!.toUpperCase() + first.slice(1);
  }
  described.set(cond, parts);
  return parts;
}

export function conditionRich(cond: Condition | undefined, ctx: RenderContext, link: Linker): Rich {
  if (!cond) return [];
  return describeParts(cond, ctx).map((p) =>
    typeof p === 'string' ? text(p) : { text: ctx.fieldName(p.field), href: link.entityUrl('field', p.field) },
  );
}

export interface CriterionView {
  text: string;
  /** The checkable form in words, empty when the criterion is prose only. */
  check: Rich;
  checkable: boolean;
}

export function criterionView(c: Criterion | undefined, ctx: RenderContext, link: Linker): CriterionView | null {
  if (!c) return null;
  const check = conditionRich(c.check, ctx, link);
  return { text: c.text, check, checkable: check.length > 0 };
}

export function criteriaViews(cs: Criterion[] | undefined, ctx: RenderContext, link: Linker): CriterionView[] {
  return (cs ?? []).map((c) => criterionView(c, ctx, link)!);
}

export function duration(d: string | undefined): string | null {
  return d ? humanDuration(d) : null;
}
