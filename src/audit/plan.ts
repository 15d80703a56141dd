// What the audit checks, read once from the model: each pipeline's stages in order, their exit
// criteria, stale windows and forecast categories, which fields carry a deal's id, stage, amount
// and the rest, and the names each of these has in CRM exports.
import { durationMs } from '../conditions/index.js';
import type { Condition, Field, ForecastCategory, Model, Pipeline, Segment } from '../model/index.js';

/** What a field carries for the audit (`dealRole`); the values come from the schema. */
export type Role = NonNullable<Field['dealRole']>;

export interface PlanCriterion {
  /** `<stage id>/<criterion id>`: stable, used as the SQL column and in every output. */
  key: string;
  id: string;
  stage: string;
  text: string;
  check: Condition | undefined;
}

export interface PlanStage {
  id: string;
  name: string;
  pipeline: string;
  /** Position among the pipeline's open stages; -1 for won and lost stages. */
  index: number;
  outcome: 'open' | 'won' | 'lost';
  category: string | undefined;
  staleAfter: string | undefined;
  staleMs: number | undefined;
  question: string | undefined;
  action: string | undefined;
  criteria: PlanCriterion[];
  names: string[];
}

export interface PlanPipeline {
  id: string;
  name: string;
  stages: PlanStage[];
  open: PlanStage[];
  names: string[];
  /** maxCloseDatePushes: more pushes than this flag a deal. */
  maxPushes: number | undefined;
}

export interface PlanCategory {
  id: string;
  name: string;
  kind: string;
  inForecast: boolean;
  names: string[];
}

export interface Plan {
  pipelines: PlanPipeline[];
  stages: Map<string, PlanStage>;
  categories: PlanCategory[];
  fields: Map<string, Field>;
  roles: Partial<Record<Role, string>>;
  /** Fields whose column names come from the map: id, name, crm names, and the API name in `system`. */
  segments: Segment[];
  /** Fields that must be filled at a stage: field id -> stages (ids) at which it is required. */
  required: Map<string, Set<string>>;
}

/** The API name in a `system` entry such as "Salesforce Opportunity.Amount" or "Salesforce Lead.PQL_Score__c (computed …)". */
export function systemApiName(system: string | undefined): string | undefined {
  const m = system === undefined ? null : /^\S+\s+[A-Za-z0-9_]+\.([A-Za-z0-9_]+)/.exec(system);
  return m ? m[1] : undefined;
}

export function fieldNames(f: Field): string[] {
  const crm = (f as Field & { crm?: Record<string, string[]> }).crm;
  const api = systemApiName(f.system);
  return [f.id, f.name, ...(api ? [api] : []), ...Object.values(crm ?? {}).flat()];
}

type WithCrm = { crm?: Record<string, string[]> };
const crmNames = (x: WithCrm): string[] => Object.values(x.crm ?? {}).flat();

export function buildPlan(model: Model): Plan {
  const fields = new Map<string, Field>();
  for (const f of model.map.fields ?? []) if (f && typeof f.id === 'string') fields.set(f.id, f);
  const roles: Partial<Record<Role, string>> = {};
  for (const f of fields.values()) {
    const role = f.dealRole;
    if (role && roles[role] === undefined) roles[role] = f.id;
  }
  for (const [role, meaning] of [
    ['amount', 'amount'],
    ['close-date', 'close-date'],
  ] as const) {
    if (roles[role] === undefined) {
      const f = [...fields.values()].find((x) => x.meaning === meaning && x.object === 'opportunity');
      if (f) roles[role] = f.id;
    }
  }
  const stages = new Map<string, PlanStage>();
  const pipelines: PlanPipeline[] = (model.map.pipelines ?? []).map((p: Pipeline) => {
    let open = 0;
    const st: PlanStage[] = (p.stages ?? []).map((s) => {
      const outcome = (s.outcome ?? 'open') as PlanStage['outcome'];
      const ms = s.staleAfter ? durationMs(s.staleAfter) : NaN;
      const stage: PlanStage = {
        id: s.id,
        name: s.name,
        pipeline: p.id,
        index: outcome === 'open' ? open++ : -1,
        outcome,
        category: s.forecastCategory,
        staleAfter: s.staleAfter,
        staleMs: Number.isNaN(ms) ? undefined : ms,
        question: s.whenStale?.question,
        action: s.whenStale?.action,
        criteria: (s.exitCriteria ?? []).map((c, i) => {
          const id = c.id ?? `criterion-${i + 1}`;
          return { key: `${s.id}/${id}`, id, stage: s.id, text: c.text, check: c.check };
        }),
        names: [s.id, s.name, ...crmNames(s as WithCrm)],
      };
      stages.set(s.id, stage);
      return stage;
    });
    return {
      id: p.id,
      name: p.name,
      stages: st,
      open: st.filter((s) => s.outcome === 'open'),
      names: [p.id, p.name, ...crmNames(p as WithCrm)],
      maxPushes: typeof p.maxCloseDatePushes === 'number' ? p.maxCloseDatePushes : undefined,
    };
  });
  const categories: PlanCategory[] = (model.map.forecastCategories ?? []).map((c: ForecastCategory) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    inForecast: c.inForecast === true,
    names: [c.id, c.name, ...crmNames(c as WithCrm)],
  }));
  // requiredAt: "stages from which the field must be filled": that stage and every later open stage of its pipeline
  const required = new Map<string, Set<string>>();
  for (const f of fields.values()) {
    for (const from of f.requiredAt ?? []) {
      const s = stages.get(from);
      if (!s) continue;
      const p = pipelines.find((x) => x.id === s.pipeline)!;
      const at = required.get(f.id) ?? new Set<string>();
      const later = s.index < 0 ? [s] : p.open.filter((x) => x.index >= s.index);
      for (const x of later) at.add(x.id);
      required.set(f.id, at);
    }
  }
  return { pipelines, stages, categories, fields, roles, segments: (model.map.segments ?? []) as Segment[], required };
}

/** How names are compared: case-insensitive, trimmed, inner whitespace collapsed. */
export function norm(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}
