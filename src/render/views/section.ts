// The shape of a section page: intro, diagrams, tables, then the entities in groups.
import type { Rich } from '../html.js';
import type { DiagramView, EntityView, Table } from './common.js';

export interface Group {
  title: string | null;
  id: string | null;
  intro: Rich | null;
  entities: EntityView[];
}

export interface SectionView {
  /** The entity the page is about (a team, a pipeline), shown as the page header. */
  header: EntityView | null;
  intro: Rich[];
  diagrams: DiagramView[];
  tables: Table[];
  groups: Group[];
  empty: string | null;
}

export function sectionView(parts: Partial<SectionView>): SectionView {
  return {
    header: parts.header ?? null,
    intro: parts.intro ?? [],
    diagrams: parts.diagrams ?? [],
    tables: parts.tables ?? [],
    groups: (parts.groups ?? []).filter((g) => g.entities.length > 0 || g.intro),
    empty: parts.empty ?? null,
  };
}

export function group(entities: EntityView[], title: string | null = null, id: string | null = null, intro: Rich | null = null): Group {
  return { title, id, intro, entities };
}
