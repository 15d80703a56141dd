// The site's glossary matcher: every term of the map's `glossary` section, built once per build,
// linking to the term's entry on the glossary page (see withGlossary in markdown.ts).
import type { RenderContext } from './context.js';
import { firstSentence, glossaryMatcher, type GlossaryMatcher } from './markdown.js';

export function siteGlossary(ctx: RenderContext): GlossaryMatcher | null {
  const entries = ctx.map.glossary.flatMap((t) => {
    const place = ctx.places.of('term', t.id);
    // a duplicate id has no place of its own: the first declaration is the term
    if (!place || ctx.entity('term', t.id) !== t) return [];
    return [{ id: t.id, forms: [t.name, ...(t.aliases ?? [])], href: `${place.page}#${place.anchor}`, title: firstSentence(t.definition) }];
  });
  return entries.length ? glossaryMatcher(entries) : null;
}
