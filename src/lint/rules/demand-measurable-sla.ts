// demand/measurable-sla: a response SLA names what measures it.
import { humanDuration } from '../../conditions/index.js';
import { type Field, lookup } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'demand/measurable-sla',
  severity: 'warn',
  description: 'A response SLA is measurable: `measuredBy` names a metric, or `from` and `to` name date or datetime fields.',
  rationale:
    'An SLA that no field can measure is a promise nobody checks: misses are invisible until a prospect complains. A warning, not an error, because the SLA itself is stated; what is missing is the evidence.',
  messages: {
    unmeasured:
      'The response SLA of demand source `{{source}}` (within {{within}}) names nothing that measures it, so nobody can tell when it is missed. Add `measuredBy:` with a `metric`, or with `from` and `to` naming the timestamp fields the clock starts and stops on (e.g. `from: lead-created-at`, `to: first-touch-at`).',
    half: 'The response SLA of demand source `{{source}}` names `measuredBy.{{has}}` but not `{{lacks}}`, so the clock {{clock}}. Add `{{lacks}}:` with a date or datetime field.',
    notTimestamp:
      'The response SLA of demand source `{{source}}` measures from `{{field}}`, {{type}} field; a clock needs a date or datetime field. Name a timestamp field in `measuredBy.{{key}}`.',
  },
  check(model, ctx) {
    for (const { entity: d, path } of entities(model, 'demandSources')) {
      const sla = d.responseSla;
      if (!sla) continue;
      const base = [...path, 'responseSla'];
      const m = sla.measuredBy;
      const data = { source: d.id, within: humanDuration(sla.within) };
      if (!m || (m.metric === undefined && m.from === undefined && m.to === undefined)) {
        ctx.report({ path: m === undefined ? base : [...base, 'measuredBy'], target: 'key', messageId: 'unmeasured', data });
        continue;
      }
      if (m.metric === undefined && (m.from === undefined) !== (m.to === undefined)) {
        const has = m.from !== undefined ? 'from' : 'to';
        const lacks = has === 'from' ? 'to' : 'from';
        ctx.report({
          path: [...base, 'measuredBy', has],
          target: 'key',
          messageId: 'half',
          data: { ...data, has, lacks, clock: has === 'from' ? 'starts and never stops' : 'stops but never starts' },
        });
      }
      for (const key of ['from', 'to'] as const) {
        const f = lookup<Field>(model, 'field', m[key])?.entity; // undefined when unresolved: ref/unresolved reports it
        if (!f || f.type === 'date' || f.type === 'datetime') continue;
        ctx.report({
          path: [...base, 'measuredBy', key],
          messageId: 'notTimestamp',
          data: { ...data, field: f.id, type: /^[aeiou]/.test(f.type) ? `an ${f.type}` : `a ${f.type}`, key },
        });
      }
    }
  },
});
