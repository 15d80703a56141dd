// Batch routing in words: stylish (the terminal), markdown (a PR comment), json (the BatchResult,
// documented in the README) and csv (one row per record). Ids and values come from an export and
// are untrusted: control characters are escaped on the terminal, markdown is escaped, CSV cells
// cannot start a formula.
import { escapeText } from '../report/markdown.js';
import { escapeControl } from '../text.js';
import type { BatchResult, LeadChangeGroup, LeadChanges, RoutedRow } from './batch.js';

export const BATCH_FORMATS = ['stylish', 'json', 'markdown', 'csv'] as const;
export type BatchFormat = (typeof BATCH_FORMATS)[number];

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const n = (x: number): string => x.toLocaleString('en-US');
const none = (s: string | null, dflt = '–'): string => (s === null ? dflt : s);
const hours = (h: number | null): string => (h === null ? 'cannot be counted' : `${n(Math.round(h * 10) / 10)} h`);

function slaMix(t: BatchResult['teams'][number]): string {
  return t.sla.map((s) => `${s.sla ?? 'no SLA'} × ${n(s.leads)}`).join(', ');
}

function sideText(s: LeadChangeGroup['from']): string {
  return s.outcome === 'undecided' ? `undecided (${s.rule ?? 'no rule'})` : `${s.rule}${s.outcome === 'fallback' ? ' (fallback)' : ''}`;
}

const plural = (k: number, word: string): string => `${n(k)} ${word}${k === 1 ? '' : 's'}`;

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

export function changesStylish(c: LeadChanges, what: string): string {
  const out = [`${what} whose routing changes against ${escapeControl(c.base)}: ${n(c.changed)} of ${n(c.total)}`];
  if (c.changed === 0) return `${out[0]}\n`;
  for (const g of c.groups) {
    out.push(
      `  ${none(g.from.team, '(no team)')} → ${none(g.to.team, '(no team)')}: ${n(g.leads)} (${sideText(g.from)} → ${sideText(g.to)})`,
    );
    out.push(`    ${g.ids.map(escapeControl).join(', ')}${g.leads > g.ids.length ? `, … ${n(g.leads - g.ids.length)} more` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

export function changesMarkdown(c: LeadChanges, what: string): string {
  const out = [`**${what} whose routing changes** against \`${escapeText(c.base)}\`: ${n(c.changed)} of ${n(c.total)}.`, ''];
  if (c.changed === 0) return `${out[0]}\n`;
  out.push('| from team | to team | records | from rule | to rule | first ids |', '| --- | --- | ---: | --- | --- | --- |');
  for (const g of c.groups)
    out.push(
      `| ${escapeText(none(g.from.team))} | ${escapeText(none(g.to.team))} | ${n(g.leads)} | ${escapeText(sideText(g.from))} | ${escapeText(sideText(g.to))} | ${g.ids.map((x) => `\`${escapeText(x).replace(/`/g, "'")}\``).join(', ')}${g.leads > g.ids.length ? ', …' : ''} |`,
    );
  return `${out.join('\n')}\n`;
}

/** How the SLA hours were counted, with each business-day length and the teams on it. */
function slaBasis(r: BatchResult): string {
  const days = new Map<string, string[]>();
  for (const t of r.teams) {
    if (t.team === null) continue;
    const k =
      t.businessDayHours === null
        ? 'no business hours (clock time; business-day SLAs not counted)'
        : `${t.businessDayHours} h a business day (${t.timeZone})`;
    days.set(k, [...(days.get(k) ?? []), t.team]);
  }
  const parts = [...days].map(([k, teams]) => (days.size === 1 ? k : `${k}: ${teams.join(', ')}`));
  return `SLA load = Σ records × first-response SLA, in working hours: m and h SLAs count working time, bd SLAs the business day's length, d and w clock time. ${parts.join('; ')}.`;
}

const objectWord = (r: BatchResult): string => `${r.basis.object}s`;

export function formatBatchStylish(r: BatchResult): string {
  const o = r.outcomes;
  const out: string[] = [
    `Routed ${plural(r.total, r.basis.object)} from ${escapeControl(r.basis.file)} (at ${r.basis.at}, engine ${r.basis.engine})`,
    ...pad([
      ['matched', n(o.matched.leads), pct(o.matched.share)],
      ['fallback', n(o.fallback.leads), pct(o.fallback.share)],
      ['undecided', n(o.undecided.leads), pct(o.undecided.share)],
    ]),
  ];
  if (r.undecidedEmpty.length)
    out.push(
      `  undecided ${objectWord(r)} have these fields empty: ${r.undecidedEmpty.map((e) => `${e.field} (${n(e.leads)})`).join(', ')}`,
    );
  out.push('', 'By rule (first match wins)');
  out.push(
    ...pad(
      r.rules.map((x) => [
        x.rule ?? '(no rule fires)',
        n(x.leads),
        pct(x.share),
        none(x.team),
        none(x.method),
        none(x.sla, 'no SLA'),
        x.undecided ? `${n(x.undecided)} undecided` : '',
      ]),
    ),
  );
  out.push('', 'By team, with SLA load (Σ records × first-response SLA)');
  out.push(...pad(r.teams.map((t) => [none(t.team, '(no team)'), n(t.leads), pct(t.share), hours(t.slaHours), slaMix(t)])));
  out.push(`  ${slaBasis(r)}`);
  out.push('', 'By method');
  out.push(...pad(r.methods.map((m) => [none(m.method, '(none)'), n(m.leads), pct(m.share)])));
  out.push('', 'By segment (the firing rule’s, else the first segment whose rule holds)');
  out.push(...pad(r.segments.map((s) => [none(s.segment, '(no segment)'), n(s.leads), pct(s.share)])));
  out.push(
    '',
    `Columns: ${r.basis.columns.map((c) => `${escapeControl(c.column)} → ${c.field}`).join(', ')}${r.basis.idColumn ? `; ids from ${escapeControl(r.basis.idColumn)}` : '; no id column (rows are named by number)'}`,
  );
  if (r.basis.notInFile.length) out.push(`Not in the file (every record has them empty): ${r.basis.notInFile.join(', ')}`);
  if (r.changes) out.push('', changesStylish(r.changes, `${r.basis.object[0]!.toUpperCase()}${r.basis.object.slice(1)}s`).trimEnd());
  return `${out.join('\n')}\n`;
}

export function formatBatchMarkdown(r: BatchResult): string {
  const o = r.outcomes;
  const cell = (s: string | null): string => escapeText(none(s));
  const out: string[] = [
    `## Routing of ${plural(r.total, r.basis.object)}`,
    '',
    `From \`${escapeText(r.basis.file)}\`, at ${r.basis.at}. Matched ${n(o.matched.leads)} (${pct(o.matched.share)}), fallback ${n(o.fallback.leads)} (${pct(o.fallback.share)}), undecided ${n(o.undecided.leads)} (${pct(o.undecided.share)}).`,
  ];
  if (r.undecidedEmpty.length)
    out.push(
      `Undecided ${objectWord(r)} have these fields empty: ${r.undecidedEmpty.map((e) => `\`${e.field}\` (${n(e.leads)})`).join(', ')}.`,
    );
  out.push('', '| rule | records | share | team | method | SLA | undecided |', '| --- | ---: | ---: | --- | --- | --- | ---: |');
  for (const x of r.rules)
    out.push(
      `| ${cell(x.rule ?? '(no rule fires)')} | ${n(x.leads)} | ${pct(x.share)} | ${cell(x.team)} | ${cell(x.method)} | ${cell(x.sla)} | ${n(x.undecided)} |`,
    );
  out.push('', '| team | records | share | SLA load | SLAs |', '| --- | ---: | ---: | ---: | --- |');
  for (const t of r.teams)
    out.push(`| ${cell(t.team ?? '(no team)')} | ${n(t.leads)} | ${pct(t.share)} | ${hours(t.slaHours)} | ${escapeText(slaMix(t))} |`);
  out.push('', escapeText(slaBasis(r)));
  out.push('', '| method | records | share |', '| --- | ---: | ---: |');
  for (const m of r.methods) out.push(`| ${cell(m.method ?? '(none)')} | ${n(m.leads)} | ${pct(m.share)} |`);
  out.push('', '| segment | records | share |', '| --- | ---: | ---: |');
  for (const s of r.segments) out.push(`| ${cell(s.segment ?? '(no segment)')} | ${n(s.leads)} | ${pct(s.share)} |`);
  if (r.basis.notInFile.length)
    out.push('', `Not in the file (empty in every record): ${r.basis.notInFile.map((f) => `\`${f}\``).join(', ')}.`);
  if (r.changes) out.push('', changesMarkdown(r.changes, `${r.basis.object[0]!.toUpperCase()}${r.basis.object.slice(1)}s`).trimEnd());
  return `${out.join('\n')}\n`;
}

export function formatBatchJson(r: BatchResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** A CSV cell: quoted when needed; a cell a spreadsheet would run as a formula gets a leading apostrophe (as the audit's). */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : escapeControl(String(v));
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = 'row,id,outcome,rule,team,queue,method,segment,sla';

export function csvRow(x: RoutedRow): string {
  return [x.row, x.id, x.outcome, x.rule, x.team, x.queue, x.method, x.segment, x.sla].map(csvCell).join(',');
}
