// One line per entity: its description's first sentence, or a sentence made from its data.
import { describe, humanDuration } from '../../conditions/index.js';
import { type EntityRef, KIND_INFO } from '../../model/index.js';
import type {
  Cadence,
  Handoff,
  DecisionDomain,
  DemandSource,
  Field,
  ForecastCategory,
  ForecastProcess,
  IncentivePlan,
  Initiative,
  LifecycleStage,
  Metric,
  Pipeline,
  RoutingRule,
  Segment,
  Stage,
  Team,
  Term,
} from '../../model/types.js';
import type { RenderContext } from '../context.js';
import { firstSentence } from '../markdown.js';

const cap = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

const cache = new WeakMap<EntityRef, string>();

export function definition(ctx: RenderContext, ref: EntityRef): string {
  let d = cache.get(ref);
  if (d === undefined) cache.set(ref, (d = define(ctx, ref)));
  return d;
}

function define(ctx: RenderContext, ref: EntityRef): string {
  if (ref.kind === 'term') {
    const t = ref.entity as Term;
    return `${firstSentence(t.definition)}${t.aliases?.length ? ` Also called ${t.aliases.join(', ')}.` : ''}`;
  }
  const d = firstSentence(ref.entity.description);
  if (d) return d;
  const team = (id: string | undefined): string => (id ? (ctx.name('team', id) ?? id) : 'no team');
  const e = ref.entity;
  const label = KIND_INFO[ref.kind].label;
  switch (ref.kind) {
    case 'team': {
      const t = e as Team;
      return `${cap(t.function ? `${t.function.replace(/-/g, ' ')} team` : 'team')}${t.lead ? `, led by the ${t.lead}` : ''}.`;
    }
    case 'role':
      return `A role on the ${team(ctx.rel.roleTeam.get(e.id))} team.`;
    case 'segment': {
      const s = e as Segment;
      return s.rule ? `Accounts where ${describe(s.rule, ctx.fieldName)}.` : 'A market segment.';
    }
    case 'demand source': {
      const s = e as DemandSource;
      return `${cap(s.kind)} demand, owned by ${team(s.owner)}${s.responseSla ? `; first response within ${humanDuration(s.responseSla.within)}` : ''}.`;
    }
    case 'routing rule': {
      const r = e as RoutingRule;
      return `Routing rule ${ctx.map.routing.indexOf(r) + 1}: assigns to ${team(r.assign?.team)}.`;
    }
    case 'pipeline': {
      const p = e as Pipeline;
      return `A pipeline of ${(p.stages ?? []).length} stages${p.owner ? `, defined by ${team(p.owner)}` : ''}.`;
    }
    case 'stage': {
      const pid = ctx.rel.stagePipeline.get(e.id);
      const p = pid ? ctx.entity<Pipeline>('pipeline', pid) : undefined;
      const i = p ? p.stages.findIndex((s: Stage) => s.id === e.id) + 1 : 0;
      return p ? `Stage ${i} of the ${p.name} pipeline.` : 'A pipeline stage.';
    }
    case 'handoff': {
      const h = e as Handoff;
      return `Work handed from ${team(h.from)} to ${team(h.to)}.`;
    }
    case 'forecast category':
      return `The ${(e as ForecastCategory).kind.replace(/-/g, ' ')} forecast category.`;
    case 'forecast process': {
      const f = e as ForecastProcess;
      return `The forecast called by the ${ctx.name('role', f.caller) ?? f.caller}.`;
    }
    case 'lifecycle stage': {
      const l = e as LifecycleStage;
      return `The ${l.kind.replace(/-/g, ' ')} stage of the customer lifecycle, owned by ${team(l.owner)}.`;
    }
    case 'cadence': {
      const c = e as Cadence;
      return `${cap(c.frequency ?? 'recurring')} meeting run by ${team(c.owner)}.`;
    }
    case 'decision domain': {
      const d2 = e as DecisionDomain;
      const owners = d2.owner === undefined ? [] : Array.isArray(d2.owner) ? d2.owner : [d2.owner];
      return owners.length ? `Decisions owned by ${owners.map(team).join(' and ')}.` : 'A decision domain with no owner named.';
    }
    case 'field': {
      const f = e as Field;
      return `${cap(f.type)} field${f.object ? ` on the ${f.object}` : ''}${f.owner ? `, owned by ${team(f.owner)}` : ''}.`;
    }
    case 'incentive plan': {
      const p = e as IncentivePlan;
      return `Variable pay for the ${ctx.name('role', p.role) ?? p.role}.`;
    }
    case 'metric': {
      const m = e as Metric;
      return `${cap(m.kind ?? 'a')} metric${m.owner ? ` owned by ${team(m.owner)}` : ''}.`;
    }
    case 'initiative':
      return `A layer ${(e as Initiative).layer} initiative.`;
    // a section added later reads as its label until it gets a sentence of its own
    default:
      return `A ${label.toLowerCase()}.`;
  }
}
