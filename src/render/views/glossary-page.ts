// The glossary page: the company's own words (the map's `glossary` section) first, then every
// named thing in the map from A to Z with a one-line definition. It used to fill most of the
// start page; a new hire looks a word up here instead.
import type { Term } from '../../model/index.js';
import type { RenderContext } from '../context.js';
import { type Rich, type Run, text } from '../html.js';
import { linker, PAGES } from '../links.js';
import { markdown } from '../markdown.js';
import { entityView, type EntityView, fact, KIND_LABEL, links, type PageView } from './common.js';
import { definition } from './glossary.js';

interface IndexEntry {
  name: Run;
  kind: string;
  definition: string;
}

export interface GlossaryView {
  intro: Rich;
  terms: EntityView[];
  letters: { letter: string; href: string }[];
  index: { letter: string; id: string; entries: IndexEntry[] }[];
}

/** The anchor of a letter of the A-Z index; reserved in links.ts so no entity takes it. */
export const indexAnchor = (letter: string): string => `index-${letter === '#' ? 'other' : letter.toLowerCase()}`;

type Related = NonNullable<Term['related']>;

const RELATED: [keyof Related, Parameters<typeof links>[1], string][] = [
  ['stages', 'stage', 'Stages'],
  ['lifecycle', 'lifecycle stage', 'Lifecycle'],
  ['fields', 'field', 'Recorded in'],
  ['forecastCategories', 'forecast category', 'Forecast'],
  ['segments', 'segment', 'Segments'],
  ['teams', 'team', 'Teams'],
  ['metrics', 'metric', 'Measured by'],
  ['demandSources', 'demand source', 'Comes from'],
  ['handoffs', 'handoff', 'Handoffs'],
];

export function glossaryPage(ctx: RenderContext): PageView {
  const path = PAGES.glossary;
  const link = linker(path, ctx.places, ctx.name);
  const terms = ctx.map.glossary.map((t) => {
    const v = entityView(ctx, link, 'term', { id: t.id, name: t.name, description: t.description }, [
      fact('Also called', t.aliases?.length ? t.aliases.join(', ') : null),
      ...RELATED.map(([key, kind, label]) => fact(label, links(link, kind, (t.related as Related | undefined)?.[key]))),
    ]);
    // the definition leads; a longer description, when there is one, follows it
    const def = markdown(t.definition, link.root);
    const more = v.descriptionHtml;
    return { ...v, kind: '', descriptionHtml: def && more ? { html: def.html + more.html } : (def ?? more) } as EntityView;
  });
  const entries = ctx.model.all
    .filter((r) => r.kind !== 'term' && ctx.places.of(r.kind, r.id) && ctx.model.entities.get(r.kind)?.get(r.id) === r)
    .map((r) => ({ sort: `${r.entity.name.toLowerCase()}\u0000${KIND_LABEL[r.kind]}\u0000${r.id}`, r }))
    .sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))
    .map(({ r }): IndexEntry => ({ name: link.entity(r.kind, r.id), kind: KIND_LABEL[r.kind], definition: definition(ctx, r) }));
  const groups = new Map<string, IndexEntry[]>();
  for (const e of entries) {
    const c = e.name.text[0]?.toUpperCase() ?? '#';
    const letter = /[A-Z]/.test(c) ? c : '#';
    const list = groups.get(letter);
    if (list) list.push(e);
    else groups.set(letter, [e]);
  }
  const index = [...groups].map(([letter, es]) => ({ letter, id: indexAnchor(letter), entries: es }));
  const intro: Rich = terms.length
    ? [text(`${terms.length === 1 ? 'One word' : `${terms.length} words`} the company uses, then everything the map names, from A to Z.`)]
    : [
        text('The map defines no words of its own yet (add a '),
        { text: 'glossary', href: null },
        text(' section); below is everything it names, from A to Z.'),
      ];
  const view: GlossaryView = {
    intro,
    terms,
    letters: index.map((g) => ({ letter: g.letter, href: `#${g.id}` })),
    index,
  };
  return {
    path,
    template: 'glossary',
    title: 'Glossary',
    lede: 'What the words mean here, and every name in the map with a one-line definition.',
    nav: path,
    view,
    diagrams: [],
  };
}
