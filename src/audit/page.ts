// The "Honest pipeline" page that `gtmap build --audit <file>` adds to the site: the headline,
// its basis and the totals by pipeline, stage, segment and owner. Deal rows appear only with
// --include-deals: a site is shared more widely than a deal export. Every value is HTML-escaped.
import { type AuditResult, money } from './index.js';

const esc = (s: string): string =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c]!)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

export const AUDIT_PAGE = 'honest-pipeline.html';

export function auditPage(r: AuditResult, opts: { company: string; includeDeals: boolean }): string {
  const cur = r.basis.currency;
  const pipeline = (id: string) => r.pipelines.find((p) => p.id === id)?.name ?? id;
  const stage = (id: string) => r.stages[id]?.name ?? id;
  const tables = (['pipeline', 'stage', 'segment', 'owner'] as const)
    .map((dim) => {
      const rows = r.totals.filter((t) => t.dimension === dim);
      if (!rows.length) return '';
      return `<h2>By ${dim}</h2>
<table>
<thead><tr><th>Pipeline</th>${dim === 'pipeline' ? '' : `<th>${esc(dim[0]!.toUpperCase() + dim.slice(1))}</th>`}<th>Deals</th><th>Amount</th><th>Honest deals</th><th>Honest amount</th><th>Failing</th><th>Unknown</th><th>Stale</th><th>Category mismatch</th></tr></thead>
<tbody>
${rows
  .map(
    (t) =>
      `<tr><td>${esc(pipeline(t.pipeline))}</td>${dim === 'pipeline' ? '' : `<td>${esc(dim === 'stage' ? stage(t.value ?? '') : (t.value ?? ''))}</td>`}<td>${t.deals}</td><td>${esc(money(t.amount, cur))}</td><td>${t.honestDeals}</td><td>${esc(money(t.honestAmount, cur))}</td><td>${t.failingDeals}</td><td>${t.unknownDeals}</td><td>${t.staleDeals}</td><td>${t.mismatchDeals}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
    })
    .join('\n');
  const deals = opts.includeDeals
    ? `<h2>Flagged deals (${r.flaggedDeals})</h2>
<table>
<thead><tr><th>Deal</th><th>Owner</th><th>Stage</th><th>Honest stage</th><th>Amount</th><th>Why</th></tr></thead>
<tbody>
${r.deals
  .filter((d) => d.flagged)
  .map((d) => {
    const why = [
      ...d.failing.map((f) => `fails ${f.stage}/${f.id}`),
      ...d.unknown.map((f) => `unknown ${f.stage}/${f.id}`),
      ...(d.stale.stale ? [`stale ${d.stale.daysInStage} days`] : []),
      ...(d.categoryMismatch ? [`CRM category ${d.categoryMismatch.crm}, stage maps to ${d.categoryMismatch.stage}`] : []),
      ...d.requiredEmpty.map((f) => `${f} empty`),
    ];
    return `<tr><td>${esc(d.id)}</td><td>${esc(d.owner)}</td><td>${esc(stage(d.stage))}</td><td>${esc(stage(d.honestStage))}</td><td>${d.amount === null ? '' : esc(money(d.amount, cur))}</td><td>${why.map(esc).join('<br>')}</td></tr>`;
  })
  .join('\n')}
</tbody>
</table>`
    : `<p>Deal rows are not published on the site. <code>gtmap audit --format csv</code> lists the ${r.flaggedDeals} flagged deals locally; <code>gtmap build --audit &lt;file&gt; --include-deals</code> adds them here.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="generator" content="gtmap">
<title>Honest pipeline: ${esc(opts.company)}</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<main>
<p><a href="index.html">← ${esc(opts.company)}: the operating map</a></p>
<h1>Honest pipeline</h1>
<ul>
${r.headline.map((h) => `<li><strong>${esc(h)}</strong></li>`).join('\n')}
</ul>
<p>As of ${esc(r.basis.asOf)}: ${r.basis.openDeals} open deals (${r.basis.closedDeals} won or lost rows not audited). Checked: ${esc(r.basis.checks.join('; '))}. Honest means every earlier stage's exit criteria pass and the deal is not stale.${r.basis.notChecked.length ? ` Not checked: ${esc(r.basis.notChecked.join('; '))}.` : ''} Close-date pushes: ${esc(r.basis.history)}.</p>
${tables}
${deals}
</main>
</body>
</html>
`;
}
