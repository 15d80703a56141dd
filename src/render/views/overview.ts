// The operating map at a glance, and the ambiguities page: every lint finding, by section.
import type { Diagnostic } from '../../diagnostic.js';
import { ruleDoc, rulePage } from './rules.js';
import { KIND_INFO, type Kind, SECTION_INFO, SECTION_KIND, type SectionName, SECTIONS } from '../../model/index.js';
import type { Key, RenderContext } from '../context.js';
import { type Rich, type Run, text } from '../html.js';
import { aboutAnchor, linker, PAGES, SECTION_PAGE, SECTION_TITLE } from '../links.js';
import { markdown } from '../markdown.js';
import { findingView, type FindingView, KIND_LABEL, type PageView, plural } from './common.js';

/** The section an entity belongs to; roles and stages count with their teams and pipelines. */
export function sectionOf(kind: Kind): SectionName {
  return KIND_INFO[kind].section;
}

function findingsBySection(ctx: RenderContext): Map<SectionName | 'general', Diagnostic[]> {
  const out = new Map<SectionName | 'general', Diagnostic[]>();
  for (const d of ctx.findings.all) {
    const k = ctx.findings.entityOf.get(d);
    const s = k ? sectionOf(k.kind) : 'general';
    out.set(s, [...(out.get(s) ?? []), d]);
  }
  return out;
}

export interface OverviewSection {
  title: string;
  href: string;
  blurb: string;
  count: string;
  /** The first entities, as links between commas. */
  items: Rich;
  more: string | null;
  findings: number;
  findingsHref: string | null;
}

export function overviewPage(ctx: RenderContext): PageView {
  const path = PAGES.overview;
  const link = linker(path, ctx.places, ctx.name);
  const bySection = findingsBySection(ctx);
  const SHOW = 12;
  const sections: OverviewSection[] = SECTIONS.map((s) => {
    const kind = SECTION_KIND[s];
    const ids = (ctx.map[s] as { id: string }[]).map((e) => e.id);
    const n = (bySection.get(s) ?? []).length;
    return {
      title: SECTION_TITLE[s],
      // forecast and its categories share a page: link to the right group, when it is there
      href: link.url(
        SECTION_PAGE[s],
        SECTION_PAGE[s] === PAGES.forecast && ids.length ? (s === 'forecast' ? 'forecast_process' : 'forecast_categories') : null,
      ),
      blurb: SECTION_INFO[s].blurb,
      count: plural(ids.length, KIND_LABEL[kind].toLowerCase()),
      items: ids.slice(0, SHOW).flatMap((id, i) => (i === 0 ? [link.entity(kind, id)] : [text(', '), link.entity(kind, id)])),
      more: ids.length > SHOW ? `and ${ids.length - SHOW} more` : null,
      findings: n,
      findingsHref: n ? link.url(PAGES.ambiguities, `section_${s}`) : null,
    };
  });
  const total = ctx.findings.all.length;
  const view = {
    company: ctx.company,
    version: ctx.model.header.version ?? null,
    descriptionHtml: markdown(ctx.model.header.description),
    totals: `${plural(ctx.model.all.length, 'entity', 'entities')} in ${plural(ctx.model.files.length, 'file')}; ${plural(total, 'open question')}.`,
    sections,
    ambiguitiesHref: link.url(PAGES.ambiguities),
    general: (bySection.get('general') ?? []).length,
  };
  return {
    path,
    template: 'overview',
    title: 'The operating map',
    lede: 'Every section of the map, what it holds, and how many open questions each has.',
    nav: 'overview',
    view,
    diagrams: [],
  };
}

interface AboutGroup {
  anchor: string;
  about: Run;
  kind: string;
  findings: FindingView[];
}

export function ambiguitiesPage(ctx: RenderContext): PageView {
  const path = PAGES.ambiguities;
  const link = linker(path, ctx.places, ctx.name);
  const bySection = findingsBySection(ctx);
  const order: (SectionName | 'general')[] = ['general', ...SECTIONS];
  const groups = order
    .filter((s) => bySection.has(s))
    .map((s) => {
      const ds = bySection.get(s)!;
      const byEntity = new Map<string, { key: Key | undefined; list: Diagnostic[] }>();
      for (const d of ds) {
        const k = ctx.findings.entityOf.get(d);
        const id = k ? `${k.kind}\u0000${k.id}` : '';
        const g = byEntity.get(id) ?? { key: k, list: [] };
        g.list.push(d);
        byEntity.set(id, g);
      }
      const entities: AboutGroup[] = [...byEntity.values()].map(({ key, list }) => ({
        anchor: key ? aboutAnchor(key.kind, key.id) : 'about_map',
        about: key ? link.entity(key.kind, key.id) : text('The map as a whole'),
        kind: key ? KIND_LABEL[key.kind] : '',
        // the rule's page on this site, when the package documents the rule
        findings: list.map((d) => {
          const f = findingView(d, ctx, null);
          return ruleDoc(d.ruleId) === undefined ? f : { ...f, docsUrl: rulePage(d.ruleId) };
        }),
      }));
      return {
        id: `section_${s}`,
        title: s === 'general' ? 'The map as a whole' : SECTION_TITLE[s],
        href: s === 'general' ? null : link.url(s === 'pipelines' ? PAGES.pipelines : SECTION_PAGE[s]),
        count: plural(ds.length, 'finding'),
        entities,
      };
    });
  const sev = (x: string): number => ctx.findings.all.filter((d) => d.severity === x).length;
  const view = {
    total: ctx.findings.all.length,
    summary: ctx.findings.all.length
      ? `${plural(ctx.findings.all.length, 'finding')}: ${plural(sev('error'), 'error')}, ${plural(sev('warn'), 'warning')}, ${plural(sev('info'), 'note')}.`
      : 'The linter found nothing ambiguous in this map.',
    groups,
    sectionsNav: groups.map((g) => ({ title: g.title, href: `#${g.id}`, count: g.count })),
  };
  return {
    path,
    template: 'ambiguities',
    title: 'Ambiguities',
    lede: 'Where the map shows that nobody has decided: the lint findings, by section, linked to what they are about.',
    nav: 'ambiguities',
    view,
    diagrams: [],
  };
}
