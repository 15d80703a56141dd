// One row per section: what its entities are called, where the site lists them, and the child
// lists inside them. The validator, lint messages, the site's navigation and the overview all
// read this; tsc fails when a section of the schema (GtMap) has no row.
import type { SectionName } from './types.js';

export interface ChildInfo {
  /** The key of the child list inside a parent entity. */
  key: string;
  kind: string;
  /** Prefix of a site anchor when an id is taken on its page: `stage-renewal`. */
  slug: string;
  label: string;
  plural: string;
}

export interface SectionInfo {
  /** What an id declared in this section names; the `x-gtmap-ref` value that refers to it. */
  kind: string;
  /** Prefix of a site anchor when an id is taken on its page: `rule-enterprise`. */
  slug: string;
  /** One entity, in messages and on the site: "Meeting". */
  label: string;
  plural: string;
  /** The section's heading on the site and the overview. */
  title: string;
  /** The label in the site's navigation. */
  nav: string;
  /** The page that lists it (two sections may share one). */
  page: string;
  /** One line for the overview. */
  blurb: string;
  child?: ChildInfo;
}

export const SECTION_INFO = {
  teams: {
    kind: 'team',
    slug: 'team',
    label: 'Team',
    plural: 'Teams',
    title: 'Teams',
    nav: 'All teams',
    page: 'teams.html',
    blurb: 'The teams of the revenue organisation and their roles.',
    child: { key: 'roles', kind: 'role', slug: 'role', label: 'Role', plural: 'Roles' },
  },
  segments: {
    kind: 'segment',
    slug: 'segment',
    label: 'Segment',
    plural: 'Segments',
    title: 'Segments',
    nav: 'Segments',
    page: 'segments.html',
    blurb: 'Who we sell to, and which team covers each segment.',
  },
  demandSources: {
    kind: 'demand source',
    slug: 'source',
    label: 'Demand source',
    plural: 'Demand sources',
    title: 'Demand sources',
    nav: 'Demand sources',
    page: 'demand-sources.html',
    blurb: 'How demand enters, who owns it, how fast it gets an answer.',
  },
  routing: {
    kind: 'routing rule',
    slug: 'rule',
    label: 'Routing rule',
    plural: 'Routing rules',
    title: 'Routing',
    nav: 'Routing',
    page: 'routing.html',
    blurb: 'The ordered rules that assign work to teams.',
  },
  pipelines: {
    kind: 'pipeline',
    slug: 'pipeline',
    label: 'Pipeline',
    plural: 'Pipelines',
    title: 'Pipelines',
    nav: 'Pipelines',
    page: 'pipelines.html',
    blurb: 'Stages, exit criteria, evidence and stale windows.',
    child: { key: 'stages', kind: 'stage', slug: 'stage', label: 'Stage', plural: 'Stages' },
  },
  handoffs: {
    kind: 'handoff',
    slug: 'handoff',
    label: 'Handoff',
    plural: 'Handoffs',
    title: 'Handoffs',
    nav: 'Handoffs',
    page: 'handoffs.html',
    blurb: 'Where work moves between teams, and on what terms.',
  },
  forecastCategories: {
    kind: 'forecast category',
    slug: 'category',
    label: 'Forecast category',
    plural: 'Forecast categories',
    title: 'Forecast categories',
    nav: 'Forecast',
    page: 'forecast.html',
    blurb: 'What evidence puts a deal in each category.',
  },
  forecast: {
    kind: 'forecast process',
    slug: 'forecast',
    label: 'Forecast process',
    plural: 'Forecast processes',
    title: 'Forecast process',
    nav: 'Forecast',
    page: 'forecast.html',
    blurb: 'Who calls the number and where it is inspected.',
  },
  lifecycle: {
    kind: 'lifecycle stage',
    slug: 'lifecycle',
    label: 'Lifecycle stage',
    plural: 'Lifecycle stages',
    title: 'Customer lifecycle',
    nav: 'Customer lifecycle',
    page: 'lifecycle.html',
    blurb: 'Onboarding to renewal: owners, entry and exit.',
  },
  cadences: {
    kind: 'cadence',
    slug: 'cadence',
    label: 'Meeting',
    plural: 'Meetings',
    title: 'Meetings and cadences',
    nav: 'Meetings',
    page: 'cadences.html',
    blurb: 'The meetings that make operating decisions.',
  },
  decisionRights: {
    kind: 'decision domain',
    slug: 'domain',
    label: 'Decision domain',
    plural: 'Decision domains',
    title: 'Decision rights',
    nav: 'Decision rights',
    page: 'decision-rights.html',
    blurb: 'One owner per decision domain; who influences; where it escalates.',
  },
  fields: {
    kind: 'field',
    slug: 'field',
    label: 'Field',
    plural: 'Fields',
    title: 'Data dictionary',
    nav: 'Data dictionary',
    page: 'data-dictionary.html',
    blurb: 'The data every decision depends on.',
  },
  incentives: {
    kind: 'incentive plan',
    slug: 'plan',
    label: 'Incentive plan',
    plural: 'Incentive plans',
    title: 'Incentives',
    nav: 'Incentives',
    page: 'incentives.html',
    blurb: 'Which role is paid on what.',
  },
  metrics: {
    kind: 'metric',
    slug: 'metric',
    label: 'Metric',
    plural: 'Metrics',
    title: 'Metrics',
    nav: 'Metrics',
    page: 'metrics.html',
    blurb: 'The indicators the operation is measured on.',
  },
  initiatives: {
    kind: 'initiative',
    slug: 'initiative',
    label: 'Initiative',
    plural: 'Initiatives',
    title: 'Initiatives',
    nav: 'Initiatives',
    page: 'initiatives.html',
    blurb: 'Foundation work and what it changes this period.',
  },
  glossary: {
    kind: 'term',
    slug: 'term',
    label: 'Term',
    plural: 'Terms',
    title: 'Glossary',
    nav: 'Glossary',
    page: 'glossary.html',
    blurb: 'What the words mean here, and everything in the map from A to Z.',
  },
} as const satisfies Record<SectionName, SectionInfo>;

type Row = (typeof SECTION_INFO)[SectionName];

/** Kinds of things an id can name: each section's kind and each child list's. */
export type Kind = Row['kind'] | Extract<Row, { child: unknown }>['child']['kind'];

/** The sections in the order the site and the overview show them. */
export const SECTIONS = Object.keys(SECTION_INFO) as SectionName[];

export const SECTION_KIND = Object.fromEntries(SECTIONS.map((s) => [s, SECTION_INFO[s].kind])) as {
  [S in SectionName]: (typeof SECTION_INFO)[S]['kind'];
};

export interface KindInfo {
  label: string;
  slug: string;
  plural: string;
  /** The section it is declared in; roles and stages count with their teams and pipelines. */
  section: SectionName;
  /** Set for roles and stages: the key of the list they sit in. */
  childKey?: string;
}

export const KIND_INFO = {} as Record<Kind, KindInfo>;
for (const s of SECTIONS) {
  const row: SectionInfo = SECTION_INFO[s];
  KIND_INFO[row.kind as Kind] = { label: row.label, slug: row.slug, plural: row.plural, section: s };
  if (row.child)
    KIND_INFO[row.child.kind as Kind] = {
      label: row.child.label,
      slug: row.child.slug,
      plural: row.child.plural,
      section: s,
      childKey: row.child.key,
    };
}

export function isSection(key: unknown): key is SectionName {
  return typeof key === 'string' && Object.hasOwn(SECTION_INFO, key);
}

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && Object.hasOwn(KIND_INFO, value);
}
