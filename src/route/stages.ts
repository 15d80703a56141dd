// Stage test cases (`stageTests:`): a deal record and the stage its data lets it reach. From the
// pipeline's first stage a deal moves to the next open stage (in order; after the last open stage,
// the won stage) while every checkable exit criterion of its stage is true, and stops at the first
// stage it may not leave: a criterion false, or unknown because a field is empty. Criteria without
// a `check` are not run (stage/checkable-exit-criteria reports them).
import type { DataRecord } from '../conditions/index.js';
import type { ModelPath } from '../diagnostic.js';
import { idsOf, type Model, type Pipeline, type StageTest } from '../model/index.js';
import { didYouMean } from '../suggest.cjs';
import { isObject } from '../text.js';
import { fieldLookupOf, traceCondition } from './explain.js';
import { typeRecord } from './record.js';
import { type CaseFinding, type CaseRun, caseName, expandMatrix } from './tests.js';

export interface StageWalk {
  /** The stage reached. */
  reaches: string;
  /** The criterion that stops the deal there (id, else text), and its verdict; undefined when nothing stops it. */
  blockedBy?: { id: string; verdict: boolean | undefined; missing: string[] };
  /** Stages passed through, in order. */
  passed: string[];
}

const isOpen = (s: { outcome?: string }): boolean => s.outcome === undefined || s.outcome === 'open';

/** Walks a deal through a pipeline; `seen` collects each criterion's verdicts for coverage. */
export function walkStages(
  model: Model,
  pipeline: Pipeline,
  record: DataRecord,
  now: Date,
  seen?: Map<string, { t: boolean; f: boolean }>,
): StageWalk {
  const fields = fieldLookupOf(model);
  const stages = pipeline.stages;
  const passed: string[] = [];
  let i = 0;
  for (;;) {
    const stage = stages[i]!;
    if (!isOpen(stage)) return { reaches: stage.id, passed };
    for (const [k, c] of (stage.exitCriteria ?? []).entries()) {
      if (c.check === undefined) continue;
      const t = traceCondition(c.check, fields, record, now);
      const key = `${stage.id}\u0000${k}`;
      if (seen) {
        const s = seen.get(key) ?? { t: false, f: false };
        if (t.verdict === true) s.t = true;
        if (t.verdict === false) s.f = true;
        seen.set(key, s);
      }
      if (t.verdict !== true) {
        const missing: string[] = [];
        const collect = (x: typeof t): void => {
          if (x.verdict === undefined && x.field !== undefined && x.value === undefined) missing.push(x.field);
          x.items?.forEach(collect);
        };
        collect(t);
        return { reaches: stage.id, blockedBy: { id: c.id ?? c.text, verdict: t.verdict, missing }, passed };
      }
    }
    passed.push(stage.id);
    let next = stages.findIndex((s, j) => j > i && isOpen(s));
    if (next < 0) next = stages.findIndex((s) => s.outcome === 'won');
    if (next < 0 || next === i) return { reaches: stage.id, passed };
    i = next;
  }
}

export function runStageTests(
  model: Model,
  now: Date = new Date(),
): { runs: CaseRun[]; findings: CaseFinding[]; coverage: { covered: number; total: number } } {
  const fields = fieldLookupOf(model);
  const fieldIds = (): string[] => idsOf(model, 'field');
  const runs: CaseRun[] = [];
  const findings: CaseFinding[] = [];
  const seen = new Map<string, { t: boolean; f: boolean }>();
  const pipelines = model.map.pipelines.filter(isObject) as Pipeline[];
  model.tests.stageTests.forEach((raw, i) => {
    // a case of the wrong shape is the schema's to report; it does not run
    if (!isObject(raw) || typeof raw.name !== 'string' || !isObject(raw.expect) || typeof raw.expect.reaches !== 'string') return;
    if ((raw.given !== undefined && !isObject(raw.given)) || (raw.pipeline !== undefined && typeof raw.pipeline !== 'string')) return;
    const c = raw as unknown as StageTest;
    const path: ModelPath = ['stageTests', i];
    const before = findings.length;
    const bad = (p: ModelPath, message: string, target: 'key' | 'value' = 'value'): void => {
      findings.push({ path: [...path, ...p], target, kind: 'invalid', message: `Case "${c.name}": ${message}` });
    };
    let pipeline: Pipeline | undefined;
    if (c.pipeline !== undefined) {
      pipeline = pipelines.find((p) => p.id === c.pipeline);
      if (!pipeline)
        bad(
          ['pipeline'],
          `names pipeline \`${c.pipeline}\`, which the map does not declare.${didYouMean(
            c.pipeline,
            pipelines.map((p) => p.id),
          )}`,
        );
    } else if (pipelines.length === 1) pipeline = pipelines[0];
    else
      bad(
        ['name'],
        `the map has ${pipelines.length} pipelines; say which with \`pipeline:\` (${pipelines.map((p) => p.id).join(', ')}).`,
        'key',
      );
    if (pipeline && !pipeline.stages.some((s) => s.id === c.expect.reaches))
      bad(
        ['expect', 'reaches'],
        `expects stage \`${c.expect.reaches}\`, which is not a stage of pipeline \`${pipeline.id}\`.${didYouMean(
          c.expect.reaches,
          pipeline.stages.map((s) => s.id),
        )}`,
      );
    let at = now;
    if (c.at !== undefined) {
      if (!Number.isNaN(Date.parse(c.at)) && /T.*(Z|[+-]\d{2}:?\d{2})$/.test(c.at)) at = new Date(c.at);
      else bad(['at'], `\`${c.at}\` is not a time. Write ISO 8601 with a zone, e.g. \`2026-11-30T16:40:00Z\`.`);
    }
    const typed = typeRecord(isObject(c.given) ? Object.entries(c.given) : [], fields, fieldIds, false);
    for (const p of typed.problems) bad(['given', p.field], p.message, p.target);
    if (findings.length > before || !pipeline) {
      runs.push({ path, name: c.name, record: typed.record, passed: false });
      return;
    }
    const matrix = isObject(c.matrix) ? (c.matrix as Record<string, (string | number | boolean | null)[]>) : undefined;
    for (const [k] of Object.entries(matrix ?? {}))
      if (!fields(k)) bad(['matrix', k], `\`${k}\` is not a declared field.${didYouMean(k, fieldIds())}`, 'key');
    for (const values of expandMatrix(matrix)) {
      const record: DataRecord = { ...typed.record };
      for (const [k, v] of Object.entries(values)) {
        const t = typeRecord([[k, v]], fields, fieldIds, false);
        if (t.record[k] === undefined) delete record[k];
        else record[k] = t.record[k];
      }
      const name = caseName(c.name, values);
      const walk = walkStages(model, pipeline, record, at, seen);
      const wrongStage = walk.reaches !== c.expect.reaches;
      const wrongBlock = c.expect.blockedBy !== undefined && c.expect.blockedBy !== walk.blockedBy?.id;
      runs.push({ path, name, record, passed: !wrongStage && !wrongBlock });
      if (!wrongStage && !wrongBlock) continue;
      const stop = walk.blockedBy
        ? `stops at \`${walk.reaches}\`: exit criterion \`${walk.blockedBy.id}\` is ${walk.blockedBy.verdict === false ? 'false' : `unknown (${walk.blockedBy.missing.join(', ') || 'undecidable'} missing)`}`
        : `reaches \`${walk.reaches}\``;
      findings.push({
        path: [...path, 'expect', wrongStage ? 'reaches' : 'blockedBy'],
        kind: 'failed',
        message: `Case "${name}" expects the deal to reach \`${c.expect.reaches}\`${c.expect.blockedBy ? ` (stopped by \`${c.expect.blockedBy}\`)` : ''}, but it ${stop}. Passed: ${walk.passed.join(' -> ') || 'no stage'}.`,
      });
    }
  });
  let covered = 0;
  let total = 0;
  for (const p of pipelines)
    for (const s of p.stages)
      for (const [k, c] of (s.exitCriteria ?? []).entries()) {
        if (c.check === undefined) continue;
        total += 2;
        const v = seen.get(`${s.id}\u0000${k}`);
        covered += (v?.t ? 1 : 0) + (v?.f ? 1 : 0);
      }
  return { runs, findings, coverage: { covered, total } };
}
