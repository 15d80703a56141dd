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

export function conditionRich(cond: Condition | undefined, ctx: RenderContext, link: Linker): Rich {
  if (!cond) return [];
  if (/[\uE000\uE001]/.test(JSON.stringify(cond))) return [text(describe(cond, (id) => ctx.fieldName(id)))];
  const s = describe(cond, (id) => `${OPEN}${id}${CLOSE}`);
  const out: Rich = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push(text(s.slice(last, m.index)));
    const id = m[1]!;
    out.push({ text: ctx.fieldName(id), href: link.entityUrl('field', id) });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(text(s.slice(last)));
  // a first letter in upper case reads as a sentence
  const first = out[0];
  if (first && first.href === null && first.text.length > 0) out[0] = text(first.text[0]!.toUpperCase() + first.text.slice(1));
  return out;
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
