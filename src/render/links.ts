// Where every page and entity lives on the site, and relative links between pages, so the
// site works from file:// and from any sub-path.
import type { EntityRef, Model } from '../model/index.js';
import { KIND_INFO, type Kind, SECTION_INFO, type SectionName, SECTIONS } from '../model/index.js';
import { type Run, text } from './html.js';

/** Pages that are not a section's. */
const OWN_PAGES = { start: 'index.html', overview: 'map.html', ambiguities: 'ambiguities.html', changes: 'changes.html' } as const;

/** The page that lists a section; forecastCategories and forecast share one page. */
export const SECTION_PAGE = Object.fromEntries(SECTIONS.map((s) => [s, SECTION_INFO[s].page])) as Record<SectionName, string>;

export const SECTION_TITLE = Object.fromEntries(SECTIONS.map((s) => [s, SECTION_INFO[s].title])) as Record<SectionName, string>;

export const PAGES = { ...SECTION_PAGE, ...OWN_PAGES };

export const teamPage = (id: string): string => `teams/${id}.html`;
export const pipelinePage = (id: string): string => `pipelines/${id}.html`;

export interface Place {
  page: string;
  /** The element id the entity's heading carries. */
  anchor: string;
  /** The entity is the page itself (a team, a pipeline): links go to the page, not a fragment. */
  top: boolean;
}

export interface Places {
  of(kind: Kind, id: string): Place | undefined;
  /** Every anchor id used on a page, for uniqueness. */
  anchorsOn(page: string): Set<string>;
}

export const KIND_SLUG = Object.fromEntries(Object.entries(KIND_INFO).map(([k, v]) => [k, v.slug])) as Record<Kind, string>;

/** Anchors reserved by page chrome, so an entity id cannot collide with them. */
const RESERVED = new Set([
  'main',
  'top',
  'search',
  'search-results',
  'nav',
  'findings',
  'glossary',
  'diagram',
  'flow',
  'segments-we-serve',
  'teams',
  'meetings',
  'how-revenue-moves',
  'next',
  'words',
  'a-to-z',
  // the glossary page's A-Z index
  ...[...'abcdefghijklmnopqrstuvwxyz', 'other'].map((l) => `index-${l}`),
]);

/**
 * Each entity's page and anchor. The anchor is the entity's id; when two entities on one
 * page share an id (a pipeline and one of its stages, say), the later one is prefixed with
 * its kind, e.g. `stage-renewal`.
 */
export function computePlaces(model: Model): Places {
  const byKind = new Map<Kind, Map<string, Place>>();
  const used = new Map<string, Set<string>>();
  const claim = (page: string, want: string, kind: Kind): string => {
    let set = used.get(page);
    if (!set) used.set(page, (set = new Set()));
    let a = RESERVED.has(want) ? `${KIND_SLUG[kind]}-${want}` : want;
    if (set.has(a)) a = `${KIND_SLUG[kind]}-${want}`;
    let n = 2;
    const base = a;
    while (set.has(a)) a = `${base}-${n++}`;
    set.add(a);
    return a;
  };
  const put = (ref: EntityRef, page: string, top: boolean): void => {
    let m = byKind.get(ref.kind);
    if (!m) byKind.set(ref.kind, (m = new Map()));
    if (m.has(ref.id)) return; // a duplicate id: the first declaration wins, as in the model
    // a page-level entity also claims its id as an anchor so `page#id` links work
    const anchor = claim(page, ref.id, ref.kind);
    m.set(ref.id, { page, anchor, top });
  };
  // page owners first, so they keep their plain ids
  for (const ref of model.all) {
    if (ref.kind === 'team') put(ref, teamPage(ref.id), true);
    else if (ref.kind === 'pipeline') put(ref, pipelinePage(ref.id), true);
  }
  for (const ref of model.all) {
    const [section, index] = ref.path as [SectionName, number];
    switch (ref.kind) {
      case 'team':
      case 'pipeline':
        break;
      case 'role': {
        const team = model.map.teams[index];
        if (team) put(ref, teamPage(team.id), false);
        break;
      }
      case 'stage': {
        const p = model.map.pipelines[index];
        if (p) put(ref, pipelinePage(p.id), false);
        break;
      }
      default:
        put(ref, SECTION_PAGE[section], false);
    }
  }
  return {
    of: (kind, id) => byKind.get(kind)?.get(id),
    anchorsOn: (page) => used.get(page) ?? new Set(),
  };
}

/** The anchor of an entity's group on the ambiguities page; unique across kinds. */
export function aboutAnchor(kind: Kind, id: string): string {
  return `about-${KIND_SLUG[kind]}-${id}`;
}

/** The relative URL from one page to another (both relative to the site root). */
export function relativeUrl(from: string, to: string): string {
  const fromDir = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let i = 0;
  while (i < fromDir.length && i < toParts.length - 1 && fromDir[i] === toParts[i]) i++;
  const up = fromDir.length - i;
  const rest = toParts.slice(i).join('/');
  return `${'../'.repeat(up)}${rest}`;
}

// A URL depends only on the folder it is written from and its target: a 5k-entity site asks for
// the same few thousand targets from four folders about a million times.
const urlsFrom = new Map<string, Map<string, string>>();

function relativeUrlFromDir(dir: string, from: string, to: string): string {
  let urls = urlsFrom.get(dir);
  if (!urls) urlsFrom.set(dir, (urls = new Map()));
  let url = urls.get(to);
  if (url === undefined) urls.set(to, (url = relativeUrl(from, to)));
  return url;
}

/** The prefix that leads from a page back to the site root: '' or '../'. */
export function rootOf(page: string): string {
  return '../'.repeat(page.split('/').length - 1);
}

export interface Linker {
  page: string;
  root: string;
  /** URL of a page (site-relative path) from the current page. */
  url(to: string, anchor?: string | null): string;
  /** URL of an entity, or null when the id names nothing (an unresolved reference). */
  entityUrl(kind: Kind, id: string): string | null;
  /** A run linking to the entity, showing its name; the bare id as text when it is unknown. */
  entity(kind: Kind, id: string | undefined): Run;
}

export function linker(page: string, places: Places, nameOf: (kind: Kind, id: string) => string | undefined): Linker {
  const dir = page.slice(0, page.lastIndexOf('/') + 1);
  const url = (to: string, anchor?: string | null): string => {
    const base = to === page ? '' : relativeUrlFromDir(dir, page, to);
    return anchor ? `${base}#${anchor}` : base === '' ? relativeUrlFromDir(dir, page, to) : base;
  };
  const entityUrl = (kind: Kind, id: string): string | null => {
    const p = places.of(kind, id);
    return p ? url(p.page, p.top ? null : p.anchor) : null;
  };
  return {
    page,
    root: rootOf(page),
    url,
    entityUrl,
    entity: (kind, id) => {
      if (id === undefined) return text('—');
      const name = nameOf(kind, id);
      const href = entityUrl(kind, id);
      return { text: name ?? id, href };
    },
  };
}
