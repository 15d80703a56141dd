// routing/sla-business-hours: an SLA in business days is counted in business hours that exist and are valid.
import { isCalendar, makeCalendar, type BusinessHoursDecl } from '../../route/hours.js';
import { HEADER } from '../../model/index.js';
import { defineRule } from '../rule.js';
import { entities } from './_shared.js';

export default defineRule({
  id: 'routing/sla-business-hours',
  severity: 'warn',
  header: ['businessHours'],
  description:
    "A routing rule's first-response SLA stated in business days (`1bd`) is on a team with business hours (`businessHours` in gtmap.yaml or on the team), and every declared set of business hours is valid.",
  rationale:
    '"One business day" means nothing without the days and hours it counts: a lead that arrives on Friday evening is due on Monday in one office and on Saturday in a tool that counts calendar days. Without business hours no due time can be computed, so the SLA cannot be checked.',
  messages: {
    noHours:
      'Rule `{{rule}}` gives team `{{team}}` a first-response SLA of {{sla}}, in business days, but no business hours are declared for it, so the due time cannot be computed. Add `businessHours: { timeZone: Europe/Berlin, days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00" }` to gtmap.yaml (or to team `{{team}}`).',
    invalid: 'These business hours cannot be used: {{problem}}',
  },
  check(model, ctx) {
    const decls: { path: (string | number)[]; decl: BusinessHoursDecl }[] = [];
    const header = (model.header as { businessHours?: BusinessHoursDecl }).businessHours;
    if (header) decls.push({ path: [HEADER, 'businessHours'], decl: header });
    for (const { entity, path } of entities(model, 'teams')) {
      const own = (entity as { businessHours?: BusinessHoursDecl }).businessHours;
      if (own) decls.push({ path: [...path, 'businessHours'], decl: { ...header, ...own } });
    }
    const bad = new Set<string>();
    for (const { path, decl } of decls) {
      const cal = makeCalendar(decl);
      if (isCalendar(cal)) continue;
      for (const p of cal.problems) {
        const key = `${p.key}\u0000${p.message}`;
        // a team that only inherits the map's bad value is not reported again
        if (path[0] !== HEADER && header && bad.has(key)) continue;
        if (path[0] === HEADER) bad.add(key);
        ctx.report({ path: [...path, p.key], messageId: 'invalid', data: { problem: p.message } });
      }
    }
    const hasHours = (team: string | undefined): boolean =>
      header !== undefined ||
      (model.entities.get('team')?.get(team ?? '')?.entity as { businessHours?: unknown } | undefined)?.businessHours !== undefined;
    for (const { entity: rule, path } of entities(model, 'routing')) {
      const sla = rule.firstResponseSla;
      if (sla?.endsWith('bd') && !hasHours(rule.assign?.team))
        ctx.report({
          path: [...path, 'firstResponseSla'],
          messageId: 'noHours',
          data: { rule: rule.id, team: rule.assign?.team ?? '?', sla },
        });
    }
  },
});
