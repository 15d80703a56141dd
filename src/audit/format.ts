// The audit's output formats: stylish (the terminal summary), json (documented in
// docs/audit.md), markdown (the pack for the forecast call) and csv (a worksheet, one row per
// flagged deal, with an empty disposition column). Deal data is untrusted: control characters
// are shown escaped on a terminal, markdown is escaped, CSV cells cannot start a formula.
import { escapeText } from '../report/markdown.js';
import { escapeControl } from '../text.js';
import { type AuditOptions, type AuditResult, type DealResult, money, type Totals } from './index.js';

export const AUDIT_FORMATS = ['stylish', 'json', 'markdown', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

const stageName = (r: AuditResult, id: string): string => r.stages[id]?.name ?? id;
const pipelineName = (r: AuditResult, id: string): string => r.pipelines.find((p) => p.id === id)?.name ?? id;
const categoryName = (r: AuditResult, id: string): string => r.categories.find((c) => c.id === id)?.name ?? id;

function flagLines(r: AuditResult, d: DealResult): [kind: string, text: string][] {
  const out: [string, string][] = [];
  for (const f of d.failing) out.push(['fail', `${f.stage}/${f.id}: ${f.text}`]);
  for (const f of d.unknown) out.push(['unknown', `${f.stage}/${f.id}: ${f.text} (the data cannot decide it)`]);
  if (d.stale.stale)
    out.push([
      'stale',
      `${d.stale.daysInStage} days in ${stageName(r, d.stage)} (stale after ${d.stale.staleAfter})${d.stale.question ? `: ${d.stale.question}` : ''}`,
    ]);
  if (d.categoryMismatch)
    out.push([
      'category',
      `the CRM says ${categoryName(r, d.categoryMismatch.crm)}; ${stageName(r, d.stage)} maps to ${categoryName(r, d.categoryMismatch.stage)}`,
    ]);
  for (const f of d.requiredEmpty) out.push(['empty', `${f} is required at ${stageName(r, d.stage)} but empty`]);
  const p = d.closeDatePushes;
  if (p.pushes !== null && p.pushes > 0)
    out.push([
      'pushed',
      `close date pushed ${p.pushes} time${p.pushes === 1 ? '' : 's'}, ${p.daysPushed} days in all, last on ${p.lastPush}${p.max === null ? '' : p.over ? ` (more than the ${p.max} the pipeline allows)` : ` (the pipeline allows ${p.max})`}`,
    ]);
  return out;
}

function basisLines(r: AuditResult): string[] {
  const b = r.basis;
  return [
    `Basis: as of ${b.asOf}; ${b.openDeals} open deals of ${b.rows} rows in ${b.deals} (${b.closedDeals} won or lost, not audited).`,
    `Checked: ${b.checks.join('; ')}. Honest = every earlier stage's exit criteria pass and the deal is not stale.`,
    ...(b.notChecked.length ? [`Not checked: ${b.notChecked.join('; ')}.`] : []),
    `Close-date pushes: ${b.history}.`,
  ];
}

export function formatStylish(r: AuditResult, color: boolean): string {
  const c = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const e = escapeControl;
  const out: string[] = [];
  out.push(c('1', 'Honest pipeline'));
  for (const h of r.headline) out.push(`  ${e(h)}`);
  out.push('');
  if (r.flaggedDeals === 0) out.push(c('32', '✔ no deal is flagged'));
  else {
    out.push(
      c(
        '1',
        `Flagged deals (${r.flaggedDeals}${r.deals.length < r.flaggedDeals ? `, first ${r.deals.length} shown; --format csv lists all` : ''})`,
      ),
    );
    for (const d of r.deals.filter((x) => x.flagged)) {
      const moved = d.honestStage !== d.stage ? ` → honest ${stageName(r, d.honestStage)}` : '';
      out.push(
        `  ${c('1', e(d.id))}  ${e(pipelineName(r, d.pipeline))} · ${e(stageName(r, d.stage))}${moved}  ${d.amount === null ? '' : money(d.amount, r.basis.currency)}  ${e(d.owner)}  (row ${d.row})`,
      );
      for (const [kind, text] of flagLines(r, d)) {
        const k =
          kind === 'fail'
            ? c('31', kind.padEnd(8))
            : kind === 'stale' || kind === 'unknown' || kind === 'pushed'
              ? c('33', kind.padEnd(8))
              : c('36', kind.padEnd(8));
        out.push(`    ${k} ${e(text)}`);
      }
    }
  }
  out.push('');
  out.push(c('1', 'By stage'));
  for (const t of r.totals.filter((x) => x.dimension === 'stage')) out.push(`  ${e(totalLine(r, t, stageName(r, t.value ?? '')))}`);
  out.push(c('1', 'By owner'));
  for (const t of r.totals.filter((x) => x.dimension === 'owner')) out.push(`  ${e(totalLine(r, t, t.value ?? ''))}`);
  out.push('');
  for (const l of basisLines(r)) out.push(c('2', e(l)));
  return out.join('\n') + '\n';
}

function totalLine(r: AuditResult, t: Totals, label: string): string {
  const cur = r.basis.currency;
  return `${pipelineName(r, t.pipeline)} · ${label}: ${t.deals} / ${money(t.amount, cur)} → honest ${t.honestDeals} / ${money(t.honestAmount, cur)} (fail ${t.failingDeals}, unknown ${t.unknownDeals}, stale ${t.staleDeals}, category ${t.mismatchDeals})`;
}

export function formatJson(r: AuditResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const md = (s: string): string => escapeText(s, false);

export function formatMarkdown(r: AuditResult): string {
  const cur = r.basis.currency;
  const out: string[] = ['# Honest pipeline', ''];
  for (const h of r.headline) out.push(`- **${md(h)}**`);
  out.push('', ...basisLines(r).map((l) => `> ${md(l)}`), '');
  for (const dim of ['pipeline', 'stage', 'segment', 'owner'] as const) {
    const rows = r.totals.filter((t) => t.dimension === dim);
    if (!rows.length) continue;
    out.push(
      `## By ${dim}`,
      '',
      `| pipeline | ${dim === 'pipeline' ? '' : `${dim} `}| deals | amount | honest deals | honest amount | fail | unknown | stale | category |`,
    );
    out.push(`| --- | ${dim === 'pipeline' ? '' : '--- | '}--: | --: | --: | --: | --: | --: | --: | --: |`);
    for (const t of rows)
      out.push(
        `| ${md(pipelineName(r, t.pipeline))} | ${dim === 'pipeline' ? '' : `${md(dim === 'stage' ? stageName(r, t.value ?? '') : (t.value ?? ''))} | `}${t.deals} | ${money(t.amount, cur)} | ${t.honestDeals} | ${money(t.honestAmount, cur)} | ${t.failingDeals} | ${t.unknownDeals} | ${t.staleDeals} | ${t.mismatchDeals} |`,
      );
    out.push('');
  }
  const flagged = r.deals.filter((d) => d.flagged);
  out.push(`## Flagged deals (${r.flaggedDeals})`, '');
  if (!flagged.length) out.push('No deal is flagged.', '');
  else {
    out.push('| deal | owner | stage | honest stage | amount | why |', '| --- | --- | --- | --- | --: | --- |');
    for (const d of flagged)
      out.push(
        `| ${md(d.id)} | ${md(d.owner)} | ${md(stageName(r, d.stage))} | ${md(stageName(r, d.honestStage))} | ${d.amount === null ? '' : money(d.amount, cur)} | ${flagLines(
          r,
          d,
        )
          .map(([k, t]) => `**${k}** ${md(t)}`)
          .join('<br>')} |`,
      );
    out.push('');
  }
  return out.join('\n');
}

/** A CSV cell: quoted when needed; a cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : escapeControl(String(v));
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_HEAD = [
  'deal_id',
  'row',
  'pipeline',
  'stage',
  'honest_stage',
  'amount',
  'owner',
  'close_date',
  'failing',
  'unknown',
  'stale',
  'days_in_stage',
  'stale_question',
  'crm_category',
  'stage_category',
  'required_empty',
  'close_date_pushes',
  'days_pushed',
  'last_push',
  'disposition',
].join(',');

/** One flagged deal as a worksheet row. */
function csvRow(d: DealResult): string {
  return [
    d.id,
    d.row,
    d.pipeline,
    d.stage,
    d.honestStage,
    d.amount,
    d.owner,
    d.closeDate,
    d.failing.map((f) => `${f.stage}/${f.id}`).join('; '),
    d.unknown.map((f) => `${f.stage}/${f.id}`).join('; '),
    d.stale.stale === null ? 'unknown' : d.stale.stale ? 'yes' : 'no',
    d.stale.daysInStage,
    d.stale.question,
    d.categoryMismatch?.crm,
    d.categoryMismatch?.stage,
    d.requiredEmpty.join('; '),
    d.closeDatePushes.pushes ?? 'insufficient history',
    d.closeDatePushes.daysPushed,
    d.closeDatePushes.lastPush,
    '', // disposition: close lost, re-stage, re-date, keep
  ]
    .map(csvCell)
    .join(',');
}

export function formatCsv(r: AuditResult): string {
  return [CSV_HEAD, ...r.deals.filter((x) => x.flagged).map(csvRow)].join('\r\n') + '\r\n';
}

/** Where streamed output goes: a write that may ask to wait (a full pipe). */
export type Sink = (text: string) => void | Promise<void>;

/** What JSON.stringify puts around deals it indents as formatJson does (see streamingFormat). */
const CHUNK_HEAD = '{\n  "deals": [';
const CHUNK_TAIL = '\n  ]\n}';
/** Deals serialised at a time: small strings reuse memory, a whole 2,048-row chunk's would not. */
const DEALS_PER_WRITE = 16;

/**
 * The json and csv formats written as the deals come (AuditOptions.stream), byte for byte what
 * formatJson and formatCsv give for the whole result, without holding the deals.
 */
export function streamingFormat(format: 'json' | 'csv', sink: Sink): Required<AuditOptions>['stream'] & { end(): Promise<void> } {
  if (format === 'csv') {
    return {
      begin: () => sink(`${CSV_HEAD}\r\n`),
      deals: async (chunk) => {
        const rows = chunk.filter((d) => d.flagged).map(csvRow);
        if (rows.length) await sink(`${rows.join('\r\n')}\r\n`);
      },
      end: async () => {},
    };
  }
  const MARK = '\u0000gtmap-deals\u0000';
  let tail = '';
  let any = false;
  return {
    async begin(r) {
      const text = formatJson({ ...r, deals: [MARK as unknown as DealResult] });
      const at = text.indexOf(JSON.stringify(MARK));
      // `..."deals": [` before the deals, `,\n  "flaggedDeals": ...` after them
      tail = text.slice(at + JSON.stringify(MARK).length + '\n  ]'.length);
      await sink(text.slice(0, at - '\n    '.length));
    },
    async deals(chunk) {
      // JSON.stringify indents the deals as formatJson's one call does when they sit where they
      // do there (a key of the top-level object): `{\n  "deals": [` and `\n  ]\n}` are cut off.
      // A few deals at a time: a string of a whole chunk (about 5 MB) and its UTF-8 copy would
      // each take fresh pages, where small ones reuse the same memory
      for (let i = 0; i < chunk.length; i += DEALS_PER_WRITE) {
        const text = JSON.stringify({ deals: chunk.slice(i, i + DEALS_PER_WRITE) }, null, 2);
        await sink(`${any ? ',' : ''}${text.slice(CHUNK_HEAD.length, -CHUNK_TAIL.length)}`);
        any = true;
      }
    },
    end: () => Promise.resolve(sink(`${any ? '\n  ]' : ']'}${tail}`)),
  };
}

export function formatAudit(r: AuditResult, format: AuditFormat, color: boolean): string {
  switch (format) {
    case 'stylish':
      return formatStylish(r, color);
    case 'json':
      return formatJson(r);
    case 'markdown':
      return formatMarkdown(r);
    case 'csv':
      return formatCsv(r);
  }
}
