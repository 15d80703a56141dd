// The formats of `gtmap diff`: stylish (terminal), markdown (a pull-request comment), json (the
// documented shape in docs/diff.md) and github (workflow annotations). Each reads a DiffResult only.
import type { Diagnostic } from '../diagnostic.js';
import { changesMarkdown, changesStylish } from '../route/batch-format.js';
import { escapeData, escapeProperty } from '../report/github.js';
import { escapeControl, plural } from '../text.js';
import type { Approval } from './approvals.js';
import { type Change, type ChangeClass, CLASSES } from './index.js';
import type { DiffResult, SideInfo } from './run.js';
import type { RegionChange } from './routing.js';
import { code, markdown as md, mdEscape, plain, t, terminal } from './text.js';

export type DiffFormatter = (r: DiffResult, opts: { color: boolean; approvalsChecked: boolean; repoUrl?: string }) => string;

/** The hidden marker a workflow finds the comment by, to update it in place. */
export const MARKER = '<!-- gtmap-diff -->';
/** GitHub rejects a comment over 65,536 characters; the comment stays under this. */
export const MAX_COMMENT = 60_000;

const TITLE: Record<ChangeClass, string> = { breaking: 'Breaking', behavioural: 'Behavioural', ownership: 'Ownership', text: 'Text' };
const LEVEL_WORD = { error: 'ERR', warn: 'WARN', info: 'INFO' } as const;

function sideText(s: SideInfo, plainText = false): string {
  const folder = plainText ? s.folder : `\`${s.folder.replace(/`/g, '')}\``;
  if (s.ref === undefined) return `working tree (${folder})`;
  const ref = plainText ? escapeControl(s.ref) : mdEscape(s.ref);
  return `${ref} @ ${s.short}${s.missing ? ' (no map there: everything is new)' : ''}${s.movedFrom ? ` (map at ${folder})` : ''}`;
}

export function summaryLine(r: DiffResult): string {
  const parts = CLASSES.map((c) => `${r.counts[c]} ${c}`);
  const acc = r.changes.filter((c) => c.accepted).length;
  return `${parts.join(' · ')}${acc ? ` · ${acc} accepted` : ''}`;
}

/** "The demand source `demo-request-form` still promises a response within 15m." */
function promiseText(o: RegionChange, fmt: (s: string) => string): string {
  if (!o.promises?.length) return '';
  return o.promises
    .map((p) => fmt(` The demand source ${code(p.source)} (${t(p.name)}) still promises a response within ${t(p.within)}.`))
    .join('');
}

const where = (c: Change): string => `${c.location.file}:${c.location.line}${c.location.side === 'base' ? ' (base)' : ''}`;

// ------------------------------------------------------------------------------------- stylish

export const stylish: DiffFormatter = (r, { color, approvalsChecked }) => {
  const paint = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  lines.push(paint('1', `gtmap diff: ${sideText(r.base, true)} -> ${sideText(r.head, true)}`));
  if (!r.changes.length) lines.push('', 'No changes to the map between the two sides.');
  for (const cls of CLASSES) {
    const list = r.changes.filter((c) => c.class === cls);
    if (!list.length) continue;
    lines.push('', paint(cls === 'breaking' ? '31;1' : cls === 'text' ? '2' : '33;1', `${TITLE[cls]} (${list.length})`));
    for (const c of list) {
      lines.push(`  ${escapeControl(where(c))}  ${c.level}  ${c.id}${c.accepted ? '  [accepted]' : ''}`);
      lines.push(
        `    ${terminal(c.message)}${c.lint ? ` Introduces lint finding${c.lint.length > 1 ? 's' : ''} ${c.lint.join(', ')}.` : ''}`,
      );
      for (const o of c.routing?.changes ?? [])
        lines.push(
          `      ${terminal(o.object)}: ${terminal(o.before.text)} -> ${terminal(o.after.text)}; example: ${terminal(o.exampleText)}.${promiseText(o, terminal)}`,
        );
      if (c.routing && c.routing.changes.length) lines.push(`      region: ${terminal(c.routing.region)}`);
      if (c.accepted) lines.push(`      accepted until ${escapeControl(c.accepted.expires)}: ${escapeControl(c.accepted.reason)}`);
    }
  }
  lines.push('', paint('1', 'Approvals required (every team below):'));
  if (!r.approvals.required.length) lines.push('  none follows from the decision rights');
  for (const [, list] of byTeam(r.approvals.required)) {
    const a = list[0]!;
    lines.push(
      `  ${approvalsChecked ? (a.approved ? '[x]' : '[ ]') : '[ ]'} ${escapeControl(`${a.teamName}${a.github ? ` (${a.github})` : ''}`)}${approvalsChecked ? (a.approved ? ': approved' : ': missing') : ''}`,
    );
    for (const d of list) lines.push(`      ${approvalPlain(d, r)}`);
  }
  if (r.approvals.ungoverned.length)
    lines.push(
      `  ${plural(r.approvals.ungoverned.length, 'change')} touch${r.approvals.ungoverned.length === 1 ? 'es' : ''} what no decision domain governs (add \`governs\` selectors in decision rights)`,
    );
  lines.push('', paint('1', `Lint: ${plural(r.lint.introduced.length, 'finding')} introduced, ${r.lint.resolved.length} resolved`));
  for (const d of r.lint.introduced) lines.push(`  + ${diagLine(d)}`);
  for (const d of r.lint.resolved) lines.push(`  - ${diagLine(d)}`);
  for (const e of r.accepted.expired)
    lines.push(
      `${escapeControl(`${e.file}:${e.line}:${e.column}`)}  accepted change ${escapeControl(e.change)} for ${escapeControl(e.entity)} expired on ${escapeControl(e.expires)}; renew it or remove it`,
    );
  for (const e of r.accepted.unused)
    lines.push(
      `${escapeControl(`${e.file}:${e.line}:${e.column}`)}  accepted change ${escapeControl(e.change)} for ${escapeControl(e.entity)} matches no change; remove it`,
    );
  if (r.leads) lines.push('', paint('1', `Leads (${escapeControl(r.leads.file)})`), changesStylish(r.leads, 'Leads').trimEnd());
  lines.push('', summaryLine(r));
  return `${lines.join('\n')}\n`;
};

function diagLine(d: Diagnostic): string {
  return escapeControl(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.ruleId}  ${d.message}`);
}

function approvalPlain(a: Approval, r: DiffResult): string {
  const what = a.changes.map((i) => r.changes[i]!).map((c) => `${c.id} on ${c.entity.id}`);
  const consult = a.consult.length ? `; consult ${a.consult.map((c) => c.team).join(', ')}` : '';
  const esc = a.escalation ? `; escalate to ${a.escalation.to} if: ${a.escalation.when ?? 'a disagreement remains'}` : '';
  return escapeControl(`${a.domainName}: ${what.join(', ')}${consult}${esc}`);
}

// ------------------------------------------------------------------------------------ markdown

interface Detail {
  /** Routing outcomes and examples under each change. */
  outcomes: boolean;
  /** Text changes listed one by one (else only counted). */
  textItems: boolean;
  /** At most this many changes per class. */
  perClass: number;
  lintItems: number;
}

const DETAIL: Detail[] = [
  { outcomes: true, textItems: true, perClass: Infinity, lintItems: Infinity },
  { outcomes: true, textItems: false, perClass: 200, lintItems: 50 },
  { outcomes: false, textItems: false, perClass: 50, lintItems: 20 },
  { outcomes: false, textItems: false, perClass: 10, lintItems: 5 },
  { outcomes: false, textItems: false, perClass: 0, lintItems: 0 },
];

function mdChange(c: Change, d: Detail, link: (c: Change) => string): string[] {
  const out = [
    `- **${LEVEL_WORD[c.level]}** \`${c.id}\` ${md(c.message)}${c.lint ? ` Introduces lint finding${c.lint.length > 1 ? 's' : ''} ${c.lint.map((r) => `\`${r}\``).join(', ')}.` : ''} (${link(c)})${c.accepted ? ` — accepted until ${mdEscape(c.accepted.expires)}: ${mdEscape(c.accepted.reason)}` : ''}`,
  ];
  if (d.outcomes && c.routing && c.routing.changes.length) {
    out.push(`  - Region: ${md(c.routing.region)}`);
    for (const o of c.routing.changes)
      out.push(`  - ${md(o.before.text)} → ${md(o.after.text)}. Example ${mdEscape(o.object)}: ${md(o.exampleText)}.${promiseText(o, md)}`);
  }
  return out;
}

/** One line per domain under its team: the changes it governs, who to consult, where it escalates. */
function mdDomain(a: Approval, r: DiffResult): string {
  const what = a.changes.map((i) => r.changes[i]!).map((c) => `\`${c.id}\` on ${md(code(c.entity.id))}`);
  const shown = what.length > 5 ? [...what.slice(0, 5), `${what.length - 5} more`] : what;
  const consult = a.consult.length ? `; consult ${a.consult.map((c) => md(code(c.team))).join(', ')}` : '';
  const esc = a.escalation
    ? `; escalate to ${md(code(a.escalation.to))} if: ${mdEscape(a.escalation.when ?? 'a disagreement remains')}`
    : '';
  return `  - ${mdEscape(a.domainName)}: ${shown.join(', ')}${consult}${esc}`;
}

function mdApprovals(r: DiffResult, checked: boolean): string[] {
  const L: string[] = [];
  for (const [team, list] of byTeam(r.approvals.required)) {
    const a = list[0]!;
    const box = checked && a.approved ? '[x]' : '[ ]';
    const handle = a.github ? ` (\`${a.github.replace(/`/g, '')}\`)` : '';
    L.push(`- ${box} **${mdEscape(a.teamName)}**${handle}${checked ? (a.approved ? ': approved' : ': missing') : ''}`);
    for (const d of list) L.push(mdDomain(d, r));
    void team;
  }
  return L;
}

function byTeam(list: readonly Approval[]): Map<string, Approval[]> {
  const m = new Map<string, Approval[]>();
  for (const a of list) m.set(a.team, [...(m.get(a.team) ?? []), a]);
  return m;
}

function renderMarkdown(r: DiffResult, d: Detail, checked: boolean, repoUrl: string | undefined, dropped: boolean): string {
  const link = (c: Change): string => {
    const text = `${c.location.file}:${c.location.line}`;
    const sha = c.location.side === 'base' ? r.base.sha : r.head.sha;
    if (repoUrl && sha)
      return `[${mdEscape(text)}](${repoUrl.replace(/\/$/, '')}/blob/${sha}/${encodeURI(c.location.file)}#L${c.location.line})${c.location.side === 'base' ? ' in base' : ''}`;
    return `\`${text.replace(/`/g, '')}\`${c.location.side === 'base' ? ' in base' : ''}`;
  };
  const L: string[] = [MARKER];
  L.push(`**gtmap diff**: ${summaryLine(r)}`);
  L.push('');
  L.push(`Base ${sideText(r.base)} → head ${sideText(r.head)}.`);
  L.push('');
  // approvals first: they are what the reviewer must act on
  if (r.approvals.required.length) {
    const teams = [...new Set(r.approvals.required.map((a) => a.teamName))];
    L.push(`**Approvals required** (all of them): ${teams.map(mdEscape).join(' AND ')}`);
    L.push('');
    L.push(...mdApprovals(r, checked));
  } else L.push('**Approvals required**: none follows from the decision rights.');
  if (r.approvals.ungoverned.length)
    L.push(
      '',
      `${plural(r.approvals.ungoverned.length, 'change')} touch${r.approvals.ungoverned.length === 1 ? 'es' : ''} what no decision domain governs; add \`governs\` selectors to decision rights.`,
    );
  L.push('');
  L.push(`**Lint**: ${plural(r.lint.introduced.length, 'new finding')}, ${r.lint.resolved.length} resolved.`);
  const lintList = (title: string, list: Diagnostic[]): void => {
    if (!list.length || d.lintItems === 0) return;
    L.push('', `${title}:`);
    for (const x of list.slice(0, d.lintItems))
      L.push(`- ${x.severity} \`${x.ruleId}\` ${mdEscape(x.message)} (\`${`${x.file}:${x.line}:${x.column}`.replace(/`/g, '')}\`)`);
    if (list.length > d.lintItems) L.push(`- … and ${list.length - d.lintItems} more`);
  };
  lintList('Introduced', r.lint.introduced);
  lintList('Resolved', r.lint.resolved);
  if (!r.changes.length) L.push('', 'No changes to the map between the two sides.');
  for (const cls of CLASSES) {
    const list = r.changes.filter((c) => c.class === cls);
    if (!list.length) continue;
    L.push('', `### ${TITLE[cls]} (${list.length})`, '');
    if (cls === 'text' && !d.textItems) {
      L.push(`${plural(list.length, 'change')} to names and descriptions (listed in \`--format json\`).`);
      continue;
    }
    const shown = list.slice(0, d.perClass);
    const body = shown.flatMap((c) => mdChange(c, d, link));
    // text changes fold away: they rarely need a decision
    if (cls === 'text' && list.length > 5) L.push('<details><summary>Show them</summary>', '', ...body, '', '</details>');
    else L.push(...body);
    if (list.length > shown.length) L.push(`- … and ${list.length - shown.length} more (not shown)`);
  }
  const notes: string[] = [];
  for (const e of r.accepted.expired)
    notes.push(
      `accepted change \`${e.change.replace(/`/g, '')}\` for ${mdEscape(e.entity)} expired on ${mdEscape(e.expires)} (\`${e.file}:${e.line}\`): renew or remove it`,
    );
  for (const e of r.accepted.unused)
    notes.push(
      `accepted change \`${e.change.replace(/`/g, '')}\` for ${mdEscape(e.entity)} matches no change (\`${e.file}:${e.line}\`): remove it`,
    );
  if (notes.length) L.push('', '**Accept file**:', ...notes.map((n) => `- ${n}`));
  if (r.leads) L.push('', `### Leads (\`${r.leads.file.replace(/`/g, '')}\`)`, '', changesMarkdown(r.leads, 'Leads').trimEnd());
  if (dropped)
    L.push(
      '',
      `_Detail was left out to stay under GitHub's 65,536-character comment limit; \`gtmap diff --format json\` has every change._`,
    );
  return `${L.join('\n')}\n`;
}

export const markdown: DiffFormatter = (r, { approvalsChecked, repoUrl }) => {
  for (let i = 0; i < DETAIL.length; i++) {
    const text = renderMarkdown(r, DETAIL[i]!, approvalsChecked, repoUrl, i > 0);
    if (text.length <= MAX_COMMENT) return text;
  }
  const last = renderMarkdown(r, DETAIL[DETAIL.length - 1]!, approvalsChecked, repoUrl, true);
  return `${last.slice(0, MAX_COMMENT - 200)}\n\n_Truncated to stay under GitHub's comment limit._\n`;
};

// ---------------------------------------------------------------------------------------- json

export const json: DiffFormatter = (r, { approvalsChecked }) => {
  const lintDiag = (d: Diagnostic) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
  });
  const out = {
    version: 1,
    base: r.base,
    head: r.head,
    summary: { ...r.counts, accepted: r.changes.filter((c) => c.accepted).length },
    changes: r.changes.map((c) => ({
      id: c.id,
      class: c.class,
      level: c.level,
      entity: c.entity,
      ...(c.key !== undefined ? { key: c.key } : {}),
      message: plain(c.message),
      before: c.before ?? null,
      after: c.after ?? null,
      location: c.location,
      ...(c.routing
        ? {
            routing: {
              region: plain(c.routing.region),
              why: c.routing.why,
              outcomes: c.routing.changes.map((o) => ({
                object: o.object,
                before: { rule: o.before.rule ?? null, text: plain(o.before.text) },
                after: { rule: o.after.rule ?? null, text: plain(o.after.text) },
                example: o.example,
                promises: o.promises ?? [],
              })),
            },
          }
        : {}),
      ...(c.accepted ? { accepted: c.accepted } : {}),
      ...(c.lint ? { lint: c.lint } : {}),
    })),
    approvals: r.approvals.required.map((a) => ({ ...a, ...(approvalsChecked ? {} : { approved: null }) })),
    ungoverned: r.approvals.ungoverned,
    lint: { introduced: r.lint.introduced.map(lintDiag), resolved: r.lint.resolved.map(lintDiag) },
    accepted: r.accepted,
    ...(r.leads ? { leads: r.leads } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
};

// -------------------------------------------------------------------------------------- github

const COMMAND = { error: 'error', warn: 'warning', info: 'notice' } as const;

export const github: DiffFormatter = (r, opts) => {
  const lines: string[] = [];
  for (const c of r.changes) {
    if (c.location.side !== 'head') continue;
    const props = [
      `file=${escapeProperty(c.location.file)}`,
      `line=${c.location.line}`,
      `col=${c.location.column}`,
      `title=${escapeProperty(`gtmap diff ${c.class}: ${c.id}`)}`,
    ];
    lines.push(`::${COMMAND[c.level]} ${props.join(',')}::${escapeData(plain(c.message))}`);
  }
  // removals have no head location: they go to the run summary with where they were in the base
  const removed = r.changes.filter((c) => c.location.side === 'base');
  for (const c of removed)
    lines.push(
      `::${COMMAND[c.level]} title=${escapeProperty(`gtmap diff ${c.class}: ${c.id}`)}::${escapeData(`${plain(c.message)} (was at ${c.location.file}:${c.location.line}:${c.location.column} in the base)`)}`,
    );
  const text = stylish(r, { ...opts, color: false });
  // the log copy of the summary is indented so no line of it can start a workflow command
  lines.push(
    ...text
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
  );
  return `${lines.join('\n')}\n`;
};

export const diffFormatters: Record<string, DiffFormatter> = { stylish, markdown, json, github };
