// Shapes shared by page view models. Every key is always present (null or empty when there
// is nothing), because templates compile in Handlebars' strict mode.
import type { Diagnostic } from '../../diagnostic.js';
import { KIND_INFO, type Kind } from '../../model/index.js';
import { keyOf, type Provenance, type RenderContext } from '../context.js';
import { lastKey } from '../history.js';
import type { CriterionView } from '../describe.js';
import { joinRuns, type Rich, type Run, type SafeHtml, text } from '../html.js';
import { aboutAnchor, type Linker, PAGES } from '../links.js';
import { markdown } from '../markdown.js';
import { plural } from '../../text.js';

export interface FindingView {
  severity: string;
  label: string;
  message: string;
  ruleId: string;
  docsUrl: string;
  where: string;
  /** The entity the finding is about (on the ambiguities page). */
  about: Run | null;
}

export interface Fact {
  label: string;
  value: Rich;
}

export interface Table {
  caption: string | null;
  /** The accessible name of the table's scroll region: the caption, the block's title, or the column heads. */
  label: string;
  head: string[];
  rows: Rich[][];
}

export interface Block {
  title: string;
  criteria: CriterionView[] | null;
  items: Rich[] | null;
  table: Table | null;
  /** A sentence shown when the block has nothing else, e.g. "No exit criteria recorded." */
  empty: string | null;
}

/** A block with the heading level it prints at (`hl` in templates/partials/block.hbs). */
export type LeveledBlock = Block & { hl: number };

/**
 * The blocks of an entity at `level`, each with its heading level one below: the block partial
 * reads its own `hl`, so the entity partial needs no `../` lookup (Handlebars would otherwise copy
 * the context stack on every block it prints).
 */
function leveled(blocks: Block[], level: number): LeveledBlock[] {
  const hl = Math.min(6, level + 1);
  return blocks.map((b) => ({ ...b, hl }));
}

export interface DiagramView {
  id: string;
  title: string;
  text: string;
  caption: string | null;
  alt: Table;
  /** Node ids and the pages they link to, "id url id url" (see mermaid.ts nodeLinks); the site's diagrams.js attaches them. */
  links?: string | null;
  /** Shown instead of the diagram, which then sits collapsed below it (routing: the decision table first). */
  primary?: Table | null;
}

export interface EntityView {
  anchor: string;
  name: string;
  kind: string;
  /** Heading level: 2 on section pages, 3 when nested under a group heading. */
  level: number;
  descriptionHtml: SafeHtml | null;
  /** Where it is declared ("routing.yaml:42"), with links to the repository when configured. */
  source: Provenance | null;
  facts: Fact[];
  /** Its blocks, each with its heading level (one below the entity's). */
  blocks: LeveledBlock[];
  findings: FindingView[];
  findingsHref: string | null;
  findingsLabel: string | null;
  /** The latest commit of the site's history that changed the entity. */
  lastChange: { short: string; date: string; subject: string; href: string | null } | null;
}

const SEVERITY_LABEL: Record<string, string> = { error: 'Error', warn: 'Warning', info: 'Note' };

export function findingView(d: Diagnostic, ctx: RenderContext, about: Run | null): FindingView {
  return {
    severity: d.severity,
    label: SEVERITY_LABEL[d.severity] ?? d.severity,
    message: d.message,
    ruleId: d.ruleId,
    docsUrl: d.docsUrl,
    where: `${ctx.relFile(d.file)}:${d.line}`,
    about,
  };
}

export function findingsOf(ctx: RenderContext, kind: Kind, id: string): FindingView[] {
  return (ctx.findings.byEntity.get(keyOf(kind, id)) ?? []).map((d) => findingView(d, ctx, null));
}

export function entityView(
  ctx: RenderContext,
  link: Linker,
  kind: Kind,
  e: { id: string; name: string; description?: string },
  facts: Fact[],
  blocks: Block[] = [],
  level = 2,
): EntityView {
  const place = ctx.places.of(kind, e.id);
  const findings = findingsOf(ctx, kind, e.id);
  return {
    anchor: place?.anchor ?? e.id,
    name: e.name,
    kind: KIND_LABEL[kind],
    level,
    descriptionHtml: markdown(e.description, link.root),
    source: ctx.provenance(kind, e.id),
    facts: facts.filter((f) => f.value.length > 0),
    blocks: leveled(blocks, level),
    findings,
    findingsHref: findings.length ? link.url(PAGES.ambiguities, aboutAnchor(kind, e.id)) : null,
    findingsLabel: findings.length ? `${plural(findings.length, 'open question')} about this ${KIND_LABEL[kind].toLowerCase()}` : null,
    lastChange: lastChangeOf(ctx, link, kind, e.id),
  };
}

/** A titled card of blocks that is not an entity (e.g. "What it owns" on a team page). */
export function card(anchor: string, name: string, blocks: Block[], level = 2): EntityView {
  return {
    anchor,
    name,
    kind: '',
    level,
    descriptionHtml: null,
    source: null,
    facts: [],
    blocks: leveled(blocks, level),
    findings: [],
    findingsHref: null,
    findingsLabel: null,
    lastChange: null,
  };
}

function lastChangeOf(ctx: RenderContext, link: Linker, kind: Kind, id: string): EntityView['lastChange'] {
  const h = ctx.history;
  const c = h?.available ? h.lastChange.get(lastKey(kind, id)) : undefined;
  return c ? { short: c.short, date: c.date, subject: c.subject, href: link.url(PAGES.changes, `commit-${c.short}`) } : null;
}

export const KIND_LABEL = Object.fromEntries(Object.entries(KIND_INFO).map(([k, v]) => [k, v.label])) as Record<Kind, string>;

export function block(title: string, parts: Partial<Omit<Block, 'title'>>): Block {
  const t = parts.table && !parts.table.caption ? { ...parts.table, label: title } : (parts.table ?? null);
  return { title, criteria: parts.criteria ?? null, items: parts.items ?? null, table: t, empty: parts.empty ?? null };
}

export function fact(label: string, value: Rich | string | null | undefined): Fact {
  return {
    label,
    value: value === null || value === undefined ? [] : typeof value === 'string' ? (value === '' ? [] : [text(value)]) : value,
  };
}

/** Links to several entities: "a, b and c". */
export function links(link: Linker, kind: Kind, ids: readonly string[] | undefined, last = 'and'): Rich {
  return joinRuns(
    (ids ?? []).map((id) => [link.entity(kind, id)]),
    last,
  );
}

export { listWords, plural, pluralWord } from '../../text.js';

export function table(head: string[], rows: Rich[][], caption: string | null = null): Table {
  return { caption, label: caption ?? `Table: ${head.join(', ')}`, head, rows };
}

export interface PageView {
  path: string;
  template: string;
  title: string;
  /** Short description for the page header and <meta name=description>. */
  lede: string;
  nav: string;
  view: object;
  diagrams: DiagramView[];
}
