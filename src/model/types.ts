// The typed map: what the loader's merged data looks like once it has passed the schema.
export type Id = string;
export type Duration = string; // 15m, 4h, 2d, 3bd, 1w

export interface Entity {
  id: Id;
  name: string;
  description?: string;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | FieldTest;

export interface FieldTest {
  field: Id;
  equals?: string | number | boolean;
  notEquals?: string | number | boolean;
  in?: (string | number)[];
  notIn?: (string | number)[];
  greaterThan?: number | string;
  atLeast?: number | string;
  lessThan?: number | string;
  atMost?: number | string;
  present?: boolean;
  matches?: string;
  within?: Duration;
  olderThan?: Duration;
}

export interface Criterion {
  id?: Id;
  text: string;
  check?: Condition;
}

export interface Role extends Entity { headcount?: number }
export interface Team extends Entity {
  function?: string;
  parent?: Id;
  lead?: string;
  headcount?: number;
  roles?: Role[];
}

export interface Segment extends Entity {
  rule: Condition;
  coveredBy: Id[];
  motion?: 'sales-led' | 'product-led' | 'partner-led' | 'hybrid';
  priority?: number;
}

export interface DemandSource extends Entity {
  kind: 'inbound' | 'product' | 'outbound' | 'partner' | 'event';
  owner?: Id;
  responseSla?: { within: Duration; measuredBy?: { metric?: Id; from?: Id; to?: Id } };
  qualifiedWhen?: Condition;
}

export interface RoutingRule extends Entity {
  object?: 'lead' | 'account' | 'opportunity';
  segment?: Id;
  when?: Condition;
  fallback?: boolean;
  assign: { team: Id; queue?: string; method?: string };
  firstResponseSla?: Duration;
}

export interface Stage extends Entity {
  outcome?: 'open' | 'won' | 'lost';
  next?: Id[];
  forecastCategory?: Id;
  probability?: number;
  exitCriteria?: Criterion[];
  evidence?: string[];
  staleAfter?: Duration;
  whenStale?: { action: 'flag' | 'move-to-stage' | 'remove-from-forecast' | 'close-lost'; moveTo?: Id; question?: string };
}

export interface Pipeline extends Entity {
  object?: string;
  owner?: Id;
  stages: Stage[];
}

export interface Handoff extends Entity {
  from: Id;
  to: Id;
  owner?: Id;
  trigger?: Criterion;
  stage?: Id;
  acceptance?: Criterion[];
  sla?: Duration;
  onReject?: { returnTo: Id; owes: string; within?: Duration };
}

export interface ForecastCategory extends Entity {
  kind: 'pipeline' | 'best-case' | 'commit' | 'closed' | 'omitted';
  evidence?: Criterion[];
  inForecast?: boolean;
}

export interface ForecastProcess extends Entity {
  caller: Id;
  owner?: Id;
  inspectedIn?: Id;
  horizon?: 'month' | 'quarter' | 'year';
  submittedBy?: Id[];
  dueBy?: string;
  commitCategory?: Id;
}

export interface LifecycleStage extends Entity {
  kind: 'onboarding' | 'adoption' | 'renewal' | 'expansion' | 'churn-risk' | 'other';
  owner?: Id;
  entry?: Criterion;
  exit?: Criterion;
  next?: Id[];
  signals?: Criterion[];
}

export interface CadenceInput { metric?: Id; pipeline?: Id; field?: Id; report?: string }
export interface Cadence extends Entity {
  owner?: Id;
  chair?: Id;
  attendees?: Id[];
  frequency?: 'daily' | 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'annually';
  durationMinutes?: number;
  inputs?: CadenceInput[];
  decisions?: string[];
  decides?: Id[];
  updates?: string[];
}

export interface DecisionDomain extends Entity {
  owner?: Id | Id[];
  influences?: Id[];
  escalatesTo?: Id;
  escalateWhen?: string;
  decidedIn?: Id;
}

export type FieldType = 'text' | 'number' | 'currency' | 'percent' | 'boolean' | 'date' | 'datetime' | 'enum' | 'email' | 'url';
export interface Field extends Entity {
  object?: string;
  type: FieldType;
  values?: string[];
  owner?: Id;
  requiredAt?: Id[];
  required?: boolean;
  meaning?: 'buyer-problem' | 'problem-cost' | 'amount' | 'close-date' | 'next-step' | 'decision-maker' | 'timestamp' | 'other';
  system?: string;
}

export interface IncentiveMeasure {
  name: string;
  weight?: number;
  metric?: Id;
  paidOnStage?: Id;
  paidOnCategory?: Id;
  description?: string;
}
export interface IncentivePlan extends Entity {
  role: Id;
  period?: 'monthly' | 'quarterly' | 'annual';
  measures: IncentiveMeasure[];
}

export interface Metric extends Entity {
  owner?: Id;
  kind?: 'leading' | 'lagging';
  unit?: string;
  target?: { atMost?: number; atLeast?: number };
  source?: { fields?: Id[]; system?: string };
  formula?: string;
}

export interface Initiative extends Entity {
  layer: 1 | 2 | 3;
  owner?: Id;
  status?: 'proposed' | 'active' | 'done' | 'paused';
  evidenceFrom?: Id[];
  consequences?: { thisMonth?: string; thisQuarter?: string; behaviour?: string; detection?: string; decision?: string };
}

export interface Header {
  apiVersion: string;
  company: string;
  version?: string;
  description?: string;
  lint?: { rules?: Record<string, unknown> };
}

export interface GtMap {
  teams: Team[];
  segments: Segment[];
  demandSources: DemandSource[];
  routing: RoutingRule[];
  pipelines: Pipeline[];
  handoffs: Handoff[];
  forecastCategories: ForecastCategory[];
  forecast: ForecastProcess[];
  lifecycle: LifecycleStage[];
  cadences: Cadence[];
  decisionRights: DecisionDomain[];
  fields: Field[];
  incentives: IncentivePlan[];
  metrics: Metric[];
  initiatives: Initiative[];
}

export type SectionName = keyof GtMap;
export const SECTIONS: readonly SectionName[] = [
  'teams', 'segments', 'demandSources', 'routing', 'pipelines', 'handoffs', 'forecastCategories', 'forecast',
  'lifecycle', 'cadences', 'decisionRights', 'fields', 'incentives', 'metrics', 'initiatives',
];

/** Kinds of things an id can name. */
export type Kind =
  | 'team' | 'role' | 'segment' | 'demand source' | 'routing rule' | 'pipeline' | 'stage' | 'handoff'
  | 'forecast category' | 'forecast process' | 'lifecycle stage' | 'cadence' | 'decision domain' | 'field'
  | 'incentive plan' | 'metric' | 'initiative';

export const SECTION_KIND: Record<SectionName, Kind> = {
  teams: 'team', segments: 'segment', demandSources: 'demand source', routing: 'routing rule', pipelines: 'pipeline',
  handoffs: 'handoff', forecastCategories: 'forecast category', forecast: 'forecast process', lifecycle: 'lifecycle stage',
  cadences: 'cadence', decisionRights: 'decision domain', fields: 'field', incentives: 'incentive plan', metrics: 'metric',
  initiatives: 'initiative',
};
