// The typed map: what the loader's merged data looks like once it has passed the schema. The
// entity types are generated from the schemas (format.generated.ts); only what a generator
// cannot say is written here.
export type Id = string;
export type Duration = string; // 15m, 4h, 2d, 3bd, 1w

export interface Entity {
  id: Id;
  name: string;
  description?: string;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FieldTest;

export interface FieldTest {
  field: Id;
  equals?: string | number | boolean;
  notEquals?: string | number | boolean;
  in?: (string | number)[];
  notIn?: (string | number)[];
  greaterThan?: Bound;
  atLeast?: Bound;
  lessThan?: Bound;
  atMost?: Bound;
  present?: boolean;
  matches?: string;
  within?: Duration;
  withinNext?: Duration;
  olderThan?: Duration;
}

/** A comparison's operand: a number, a date, or another field of the same kind. */
export type Bound = number | string | { field: Id };

export type {
  Cadence,
  Criterion,
  DecisionDomain,
  DemandSource,
  Field,
  ForecastCategory,
  ForecastProcess,
  GtMapFile,
  Handoff,
  Header,
  IncentivePlan,
  Initiative,
  LifecycleStage,
  Metric,
  Pipeline,
  Role,
  RoutingRule,
  Segment,
  Stage,
  Team,
  Term,
} from './format.generated.js';
import type { Cadence, Field, GtMapFile, IncentivePlan } from './format.generated.js';

export type CadenceInput = NonNullable<Cadence['inputs']>[number];
export type IncentiveMeasure = IncentivePlan['measures'][number];
export type FieldType = Field['type'];

/** Keys of a map file that hold test cases beside the map: not sections (no entities, no pages). */
export const TEST_SECTIONS = ['routingTests', 'stageTests'] as const;
export type TestSectionName = (typeof TEST_SECTIONS)[number];

/** The merged map: every section present, as a list. */
export type GtMap = { [S in Exclude<keyof GtMapFile, TestSectionName>]-?: NonNullable<GtMapFile[S]> };
export type SectionName = keyof GtMap;

/** The test cases of every file, merged like sections. */
export type MapTests = { [S in TestSectionName]-?: S extends keyof GtMapFile ? NonNullable<GtMapFile[S]> : never[] };
export type RoutingTest = MapTests['routingTests'][number];
export type StageTest = MapTests['stageTests'][number];
