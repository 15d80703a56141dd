// "What changed": the commits that touched the map, newest first, each with its changes in the
// classes of `gtmap diff`. Built from the history the build read from git (src/diff/history.ts).
import type { RenderContext } from '../context.js';
import type { HistoryClass } from '../history.js';
import { type Rich, text } from '../html.js';
import { PAGES } from '../links.js';
import { block, card, type EntityView, fact, type PageView, plural } from './common.js';
import { group, sectionView } from './section.js';

const CLASSES: readonly HistoryClass[] = ['breaking', 'behavioural', 'ownership', 'text'];
const TITLE: Record<HistoryClass, string> = {
  breaking: 'Breaking',
  behavioural: 'Behavioural',
  ownership: 'Ownership',
  text: 'Names and descriptions',
};
/** Changes listed per class and commit; the rest are counted. */
const PER_CLASS = 25;

export function changesPage(ctx: RenderContext): PageView {
  const h = ctx.history;
  const title = 'What changed';
  const lede = 'Recent changes to the map, commit by commit, in operating terms.';
  if (!h || !h.available) {
    return {
      path: PAGES.changes,
      template: 'section',
      title,
      lede,
      nav: PAGES.changes,
      view: sectionView({
        empty: h ? h.reason : 'This site was built without git history: gtmap build reads it when the map is in a git repository.',
      }),
      diagrams: [],
    };
  }
  const cards: EntityView[] = h.entries.map((e) => {
    const commit: Rich = [{ text: e.short, href: e.url }];
    const summary = CLASSES.filter((c) => e.counts[c] > 0).map((c) => `${e.counts[c]} ${c}`);
    const blocks = CLASSES.filter((c) => e.counts[c] > 0).map((c) => {
      const list = e.changes.filter((x) => x.class === c);
      const items: Rich[] = list.slice(0, PER_CLASS).map((x) => [text(`${x.id}: ${x.message}`)]);
      if (list.length > PER_CLASS) items.push([text(`… and ${list.length - PER_CLASS} more`)]);
      return block(`${TITLE[c]} (${list.length})`, { items });
    });
    const view = card(
      `commit-${e.short}`,
      e.subject,
      blocks.length ? blocks : [block('Changes', { empty: 'No change to any entity (formatting, comments or files outside the map).' })],
    );
    view.facts = [
      fact('Commit', commit),
      fact('Date', e.date),
      ...(e.version ? [fact('Map version', e.version)] : []),
      fact('Summary', summary.length ? summary.join(' · ') : 'no change to any entity'),
    ];
    return view;
  });
  const intro: Rich[] = [
    [
      text(
        `The last ${plural(h.entries.length, 'commit')} that touched the map folder, newest first, each compared with the commit before it (at most ${h.limit}). Each entity's page says in which of them it last changed.`,
      ),
    ],
  ];
  if (h.truncated)
    intro.push([
      text('The history stops early: this is a shallow clone. Fetch the full history (fetch-depth: 0 in actions/checkout) to see more.'),
    ]);
  return {
    path: PAGES.changes,
    template: 'section',
    title,
    lede,
    nav: PAGES.changes,
    view: sectionView({ intro, groups: [group(cards)], empty: cards.length ? null : 'No commit has changed the map yet.' }),
    diagrams: [],
  };
}
