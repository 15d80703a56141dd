// `gtmap audit init`: a mapping skeleton for an export, with a FIXME per column and per stage,
// pipeline or forecast-category value that the map's own names do not match.
import type { Model } from '../model/index.js';
import { emptyMapping, type Mapping } from './mapping.js';
import { buildPlan, norm } from './plan.js';
import { matchColumns, openDuckDb, openSource } from './source.js';
import { quoteIdent } from './sql.js';

/** A YAML key or value, quoted so any header text reads back as itself. */
const y = (s: string): string => JSON.stringify(s);

export async function mappingSkeleton(
  model: Model,
  dealsFile: string,
  existing: Mapping = emptyMapping(),
): Promise<{ text: string; fixmes: number }> {
  const plan = buildPlan(model);
  const db = await openDuckDb();
  try {
    const src = await openSource(db, dealsFile);
    const match = matchColumns(src.headers, plan, existing);
    const lines: string[] = [
      `# gtmap audit mapping for ${dealsFile}, written by \`gtmap audit init\`.`,
      '# Replace each FIXME: a column with a field id from the map (or `ignore`), a value with a stage,',
      '# pipeline or forecast-category id. Then: gtmap audit --deals <file> --mapping <this file>.',
      '# Slashed dates (03/04/2026) need dateFormat: MM/DD/YYYY or DD/MM/YYYY; amounts like 1.200,50 need decimalComma: true.',
      'columns:',
    ];
    let fixmes = 0;
    src.headers.forEach((h, i) => {
      const field = [...match.byField].find(([, header]) => header === h)?.[0];
      const mapped = existing.columns.get(h);
      if (mapped === 'ignore') lines.push(`  ${y(h)}: ignore`);
      else if (field !== undefined) lines.push(`  # ${y(h)}: ${field}   (matched by the map's names)`);
      else {
        const why = match.unmatched.find((u) => u.index === i + 1)?.reason ?? 'unmatched';
        lines.push(`  ${y(h)}: FIXME   # column ${i + 1}: ${why}`);
        fixmes++;
      }
    });
    const stageF = plan.roles.stage;
    const stageHeader = stageF !== undefined ? match.byField.get(stageF) : undefined;
    const pipeF = plan.roles.pipeline;
    const pipeHeader = pipeF !== undefined ? match.byField.get(pipeF) : undefined;
    const catF = plan.roles['forecast-category'];
    const catHeader = catF !== undefined ? match.byField.get(catF) : undefined;
    const q = (s: string): string => quoteIdent(s, 'duckdb');
    if (stageHeader !== undefined) {
      const rows = await db.all(
        `SELECT DISTINCT TRIM(CAST(${q(stageHeader)} AS VARCHAR)) AS s, ${pipeHeader ? `TRIM(CAST(${q(pipeHeader)} AS VARCHAR))` : 'NULL'} AS p FROM ${src.relation} ORDER BY 2, 1`,
      );
      const pipelineOf = (p: unknown): string | undefined =>
        p === null
          ? undefined
          : plan.pipelines.find((x) => x.names.some((n) => norm(n) === norm(String(p))) || existing.pipelines.get(String(p)) === x.id)?.id;
      const unknownPipelines = new Set<string>();
      const stageFixes = new Map<string, string[]>();
      for (const r of rows) {
        if (r.s === null || r.s === '') continue;
        const s = String(r.s);
        let pid = pipeHeader ? pipelineOf(r.p) : undefined;
        if (pipeHeader && pid === undefined) {
          if (r.p !== null) unknownPipelines.add(String(r.p));
          continue;
        }
        const candidates = pid ? plan.pipelines.filter((p) => p.id === pid) : plan.pipelines;
        const hits = candidates.filter(
          (p) => p.stages.some((st) => st.names.some((n) => norm(n) === norm(s))) || existing.stages.get(p.id)?.has(s),
        );
        if (hits.length === 1) continue;
        pid ??= hits.length > 1 ? undefined : plan.pipelines[0]?.id;
        const key = pid ?? plan.pipelines[0]?.id ?? 'FIXME';
        stageFixes.set(key, [...(stageFixes.get(key) ?? []), s]);
      }
      if (unknownPipelines.size) {
        lines.push('pipelines:');
        for (const p of unknownPipelines) {
          lines.push(`  ${y(p)}: FIXME   # one of ${plan.pipelines.map((x) => x.id).join(', ')}`);
          fixmes++;
        }
      }
      if (stageFixes.size) {
        lines.push('stages:');
        for (const [pid, values] of stageFixes) {
          const p = plan.pipelines.find((x) => x.id === pid);
          lines.push(`  ${pid}:`);
          for (const v of values) {
            lines.push(`    ${y(v)}: FIXME   # one of ${p ? p.stages.map((s) => s.id).join(', ') : 'the stage ids'}`);
            fixmes++;
          }
        }
      }
    }
    if (catHeader !== undefined) {
      const rows = await db.all(`SELECT DISTINCT TRIM(CAST(${q(catHeader)} AS VARCHAR)) AS c FROM ${src.relation} ORDER BY 1`);
      const bad = rows
        .map((r) => r.c)
        .filter((c): c is string => typeof c === 'string' && c !== '')
        .filter((c) => !plan.categories.some((x) => x.names.some((n) => norm(n) === norm(c))) && !existing.forecastCategories.has(c));
      if (bad.length) {
        lines.push('forecastCategories:');
        for (const c of bad) {
          lines.push(`  ${y(c)}: FIXME   # one of ${plan.categories.map((x) => x.id).join(', ')}`);
          fixmes++;
        }
      }
    }
    return { text: lines.join('\n') + '\n', fixmes };
  } finally {
    db.close();
  }
}
