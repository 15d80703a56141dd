// Who must approve a change, from the map's own decision rights: every domain whose selectors
// (`governs`) touch a changed entity requires its owner's approval, all of them (the AND across
// domains that CODEOWNERS cannot express); influencers are consulted; the escalation is listed
// with its condition. Selectors are read from the base map when it has them (the rules in force
// before the change), else from the head.
import { governing, ownerOf, usesSelectors } from '../model/governance.js';
import { type DecisionDomain, type Model, type Team, lookup } from '../model/index.js';
import type { Change } from './index.js';

export interface Approval {
  domain: string;
  domainName: string;
  /** The owning team: its approval is required. */
  team: string;
  teamName: string;
  github?: string;
  /** Change indexes (into the diff's changes) that touch the domain. */
  changes: number[];
  consult: { team: string; github?: string }[];
  escalation?: { to: string; when?: string };
  approved?: boolean;
}

export interface Approvals {
  required: Approval[];
  /** Changes that no domain governs: nobody's approval follows from the map. */
  ungoverned: number[];
}

/** The domains governing one change. */
export function domainsFor(model: Model, change: Pick<Change, 'entity' | 'key'>): DecisionDomain[] {
  return governing(model, change.entity.kind, [change.entity.id, ...(change.entity.parent ? [change.entity.parent] : [])], change.key);
}

function handle(model: Model, team: string): string | undefined {
  return lookup<Team>(model, 'team', team)?.entity.github;
}

export function approvalsFor(
  base: Model | undefined,
  head: Model,
  changes: readonly Change[],
  approvedBy: readonly string[] = [],
): Approvals {
  const rules = base && usesSelectors(base) ? base : head;
  const byDomain = new Map<string, Approval>();
  const ungoverned: number[] = [];
  changes.forEach((c, i) => {
    const domains = domainsFor(rules, c);
    if (!domains.length) ungoverned.push(i);
    for (const d of domains) {
      const owner = ownerOf(d);
      if (!owner) continue;
      let a = byDomain.get(d.id);
      if (!a) {
        a = {
          domain: d.id,
          domainName: d.name,
          team: owner,
          teamName: lookup<Team>(rules, 'team', owner)?.entity.name ?? owner,
          changes: [],
          consult: (d.influences ?? []).map((t) => ({ team: t, ...(handle(rules, t) ? { github: handle(rules, t) } : {}) })),
          ...(handle(rules, owner) ? { github: handle(rules, owner) } : {}),
          ...(d.escalatesTo ? { escalation: { to: d.escalatesTo, ...(d.escalateWhen ? { when: d.escalateWhen } : {}) } } : {}),
        };
        byDomain.set(d.id, a);
      }
      a.changes.push(i);
    }
  });
  const given = new Set(approvedBy.map((s) => s.trim().toLowerCase()).filter(Boolean));
  const required = [...byDomain.values()].sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : a.domain < b.domain ? -1 : 1));
  for (const a of required) a.approved = given.has(a.team.toLowerCase()) || (a.github !== undefined && given.has(a.github.toLowerCase()));
  return { required, ungoverned };
}

/** The teams whose approval is required, each once. */
export function requiredTeams(approvals: Approvals): string[] {
  return [...new Set(approvals.required.map((a) => a.team))];
}
