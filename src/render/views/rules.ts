// The site ships the documentation of every rule it shows a finding of (rules/<rule>.html), from
// the pages in docs/rules/ that come with the package, so the Ambiguities page links work offline
// and on any host.
import { existsSync, readFileSync } from 'node:fs';
import { DOCS_BASE, REPOSITORY_URL } from '../../diagnostic.js';
import { docsMarkdown } from '../markdown.js';
import type { PageView } from './common.js';

const DOCS_DIR = new URL('../../../docs/rules/', import.meta.url);

export const ruleFile = (id: string): string => id.replace('/', '-');
export const rulePage = (id: string): string => `rules/${ruleFile(id)}.html`;

/** The markdown of a rule's page, when the package has one. */
const docs = new Map<string, string | undefined>();
export function ruleDoc(id: string): string | undefined {
  if (!docs.has(id)) {
    const url = new URL(`${ruleFile(id)}.md`, DOCS_DIR);
    docs.set(id, /^[a-z0-9-]+\/[a-z0-9-]+$/.test(id) && existsSync(url) ? readFileSync(url, 'utf8') : undefined);
  }
  return docs.get(id);
}

/** One page per rule id that has documentation, in id order. */
export function rulePages(ids: Iterable<string>): PageView[] {
  const docs = [...new Set(ids)]
    .sort()
    .map((id) => ({ id, doc: ruleDoc(id) }))
    .filter((x): x is { id: string; doc: string } => x.doc !== undefined);
  const shipped = new Set(docs.map((d) => ruleFile(d.id)));
  // a link to another rule's page: the shipped copy when there is one, else the repository
  const md = docsMarkdown((href) => {
    const sibling = /^([a-z0-9-]+)\.md(#.*)?$/.exec(href);
    if (sibling) return shipped.has(sibling[1]!) ? `${sibling[1]}.html${sibling[2] ?? ''}` : `${DOCS_BASE}${href}`;
    return href.startsWith('../') ? `${REPOSITORY_URL}/blob/main/docs/${href.slice(3)}` : href;
  });
  return docs.map(({ id, doc }) => {
    // the generator's comment and the `# id` heading: the layout prints the title
    const body = doc.replace(/^<!--[^\n]*-->\n/gm, '').replace(/^# [^\n]*\n/, '');
    const lede = /^\n*([^\n]+)/.exec(body)?.[1] ?? '';
    return {
      path: rulePage(id),
      template: 'rule',
      title: id,
      lede,
      nav: 'ambiguities',
      view: { html: md(body.replace(/^\n*[^\n]+\n/, '')) },
      diagrams: [],
    };
  });
}
