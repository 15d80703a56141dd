// A routed record in words: stylish (the terminal), markdown (a PR comment, the site) and json
// (a documented shape). Record values and map text are untrusted: escaped for the terminal here,
// for HTML by the renderer.
import type { RecordValue } from '../conditions/index.js';
import { type Model, locate } from '../model/index.js';
import { escapeControl } from '../text.js';
import type { ConditionTrace, RouteResult, RuleTrace, WhyNot } from './explain.js';
import { formatLocal } from './hours.js';

const codes = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36 } as const;
type Paint = (style: keyof typeof codes, s: string) => string;
const painter =
  (color: boolean): Paint =>
  (style, s) =>
    color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s;

export function shownValue(v: RecordValue): string {
  if (v === undefined || v === null || v === '') return '(empty)';
  return escapeControl(typeof v === 'string' ? v : String(v));
}

function mark(v: boolean | undefined, p: Paint): string {
  return v === true ? p('green', 'yes') : v === false ? p('red', 'no ') : p('yellow', '?  ');
}

const verdictWord = (v: boolean | undefined): string => (v === true ? 'true' : v === false ? 'false' : 'unknown');

/** Leaves and combinators of a condition, one per line, with the value each test saw. */
function conditionLines(t: ConditionTrace, indent: string, p: Paint, out: string[], open: boolean): void {
  if (t.kind === 'test' || t.kind === 'invalid' || !t.items) {
    const saw = t.field !== undefined ? p('dim', `  saw ${shownValue(t.value)}`) : '';
    const unknown =
      open && t.verdict === undefined && t.field !== undefined && t.value === undefined
        ? p('yellow', `  <- ${escapeControl(t.field)} is missing`)
        : '';
    out.push(`${indent}${mark(t.verdict, p)} ${escapeControl(t.text)}${saw}${unknown}`);
    return;
  }
  const head = t.kind === 'not' ? 'not:' : t.kind === 'all' ? 'all of:' : 'any of:';
  out.push(`${indent}${mark(t.verdict, p)} ${head}`);
  for (const x of t.items) conditionLines(x, `${indent}    `, p, out, open);
}

/** A labelled condition: an `all` lists its items right under the label. */
function labelled(label: string, t: ConditionTrace, p: Paint, out: string[], open: boolean): void {
  if (t.kind === 'all' && t.items) {
    out.push(`      ${mark(t.verdict, p)} ${label} (all of):`);
    for (const x of t.items) conditionLines(x, '          ', p, out, open);
  } else {
    out.push(`      ${mark(t.verdict, p)} ${label}:`);
    conditionLines(t, '          ', p, out, open);
  }
}

/**
 * Where a routing rule is, "map/routing.yaml:124:5": found by its `- id:` line in the file's text,
 * which is cheap; the YAML position parse (locate) that a map written in flow style needs costs
 * more than the whole routing, so it is the fallback.
 */
function where(model: Model, index: number): string {
  const origin = model.origins.routing[index];
  const id = model.map.routing[index]?.id;
  if (origin && typeof id === 'string') {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`^([ \\t]*-[ \\t]+)id:[ \\t]*["']?${escaped}["']?[ \\t]*(#.*)?$`, 'm').exec(origin.file.text);
    if (m) {
      const line = origin.file.text.slice(0, m.index).split('\n').length;
      return `${origin.file.file}:${line}:${m[1]!.length + 1}`;
    }
  }
  const loc = locate(model, ['routing', index]);
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

function ruleLines(model: Model, t: RuleTrace, object: string, p: Paint, out: string[]): void {
  const head = `${mark(t.verdict, p)} ${p('bold', escapeControl(t.rule))}  ${p('dim', where(model, t.index))}`;
  if (!t.object) {
    out.push(`  ${head}  ${p('dim', `routes other records, not ${object}s`)}`);
    return;
  }
  const extra =
    t.verdict === undefined && t.missing.length ? p('yellow', `  cannot decide: ${t.missing.map(escapeControl).join(', ')} missing`) : '';
  out.push(`  ${head}${extra}`);
  if (t.segment) {
    if (!t.segment.condition) out.push(`      ${mark(undefined, p)} segment ${escapeControl(t.segment.id)} is not declared`);
    else labelled(`segment ${escapeControl(t.segment.id)}`, t.segment.condition, p, out, t.verdict === undefined);
  }
  if (t.when) labelled('when', t.when, p, out, t.verdict === undefined);
  if (!t.segment && !t.when) out.push(`      ${mark(t.verdict, p)} no conditions: every ${object} record`);
}

export function recordLine(r: RouteResult): string {
  const pairs = Object.entries(r.record).map(([k, v]) => `${escapeControl(k)}=${shownValue(v)}`);
  return `${r.object} ${pairs.length ? pairs.join(' ') : '(no fields)'} at ${r.at.replace('.000Z', 'Z')}`;
}

export function outcomeSentence(r: RouteResult): string {
  if (!r.rule) return `No rule fires and there is no fallback: this ${r.object} is assigned to nobody.`;
  if (r.outcome === 'undecided') {
    const missing = [...new Set(r.undecidedBy.flatMap((u) => u.missing))];
    const rules = r.undecidedBy.map((u) => `\`${u.rule}\``);
    const named = rules.length <= 3 ? rules.join(', ') : `${rules.slice(0, 2).join(', ')} and ${rules.length - 2} other rules`;
    return `Undecided: ${missing.length ? `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing, so ` : ''}${named} could have fired but for an unknown. If ${rules.length === 1 ? 'it does' : 'they do'} not apply, the ${r.object} goes to \`${r.rule}\`.`;
  }
  if (r.outcome === 'fallback') return `Fell to the fallback \`${r.rule}\`: no other rule matches this ${r.object}.`;
  return `Matched \`${r.rule}\`.`;
}

export function formatStylish(model: Model, r: RouteResult, color: boolean): string {
  const p = painter(color);
  const out: string[] = [];
  out.push(p('dim', recordLine(r)), '');
  const headline = outcomeSentence(r);
  out.push(r.outcome === 'matched' ? p('green', headline) : p('yellow', headline));
  const fired = r.trace.find((t) => t.verdict === true);
  if (r.rule && fired) {
    const rule = model.map.routing[fired.index]!;
    out.push('');
    out.push(`  rule      ${escapeControl(r.rule)}  ${escapeControl(rule.name)}  ${p('dim', where(model, fired.index))}`);
    out.push(`  segment   ${r.segment ? escapeControl(r.segment) : p('dim', '(none)')}`);
    out.push(`  team      ${escapeControl(r.team ?? '')}`);
    out.push(`  queue     ${r.queue ? escapeControl(r.queue) : p('dim', '(none)')}`);
    out.push(`  method    ${r.method ? escapeControl(r.method) : p('dim', '(not stated)')}`);
    if (r.sla) {
      out.push(`  SLA       ${r.sla} first response`);
      if (r.due) {
        out.push(`  due       ${formatLocal(Date.parse(r.due.utc), r.due.timeZone)}  =  ${r.due.utc.replace('.000Z', 'Z')}`);
        out.push(p('dim', `            counted in ${r.due.basis}`));
      }
      if (r.dueNote) out.push(p('yellow', `            ${escapeControl(r.dueNote)}`));
    } else out.push(`  SLA       ${p('dim', '(none stated)')}`);
  } else if (r.segment) out.push(`  segment   ${escapeControl(r.segment)}`);
  out.push('', `Trace (first match wins; ${p('green', 'yes')} true, ${p('red', 'no')} false, ${p('yellow', '?')} unknown):`);
  for (const t of r.trace) ruleLines(model, t, r.object, p, out);
  return `${out.join('\n')}\n`;
}

export function formatMarkdown(model: Model, r: RouteResult): string {
  const md = (s: string): string => escapeControl(s).replace(/([\\`*_[\]<>|])/g, '\\$1');
  const out: string[] = [];
  out.push(`**${md(outcomeSentence(r).replace(/`/g, ''))}**`, '');
  out.push(`| | |`, `| --- | --- |`);
  out.push(`| record | ${md(recordLine(r))} |`);
  for (const [k, v] of [
    ['segment', r.segment],
    ['rule', r.rule],
    ['team', r.team],
    ['queue', r.queue],
    ['method', r.method],
    ['SLA', r.sla],
    ['due', r.due ? `${formatLocal(Date.parse(r.due.utc), r.due.timeZone)} (${r.due.utc})` : (r.dueNote ?? null)],
  ] as const)
    out.push(`| ${k} | ${v ? md(v) : '—'} |`);
  out.push('', '| rule | verdict | why |', '| --- | --- | --- |');
  for (const t of r.trace) {
    const why: string[] = [];
    if (!t.object) why.push(`routes other records, not ${r.object}s`);
    const leaves = (c: ConditionTrace | undefined): void => {
      if (!c) return;
      if (c.items && c.kind !== 'not') c.items.forEach(leaves);
      else why.push(`${c.text}: ${verdictWord(c.verdict)}${c.field !== undefined ? ` (saw ${shownValue(c.value)})` : ''}`);
    };
    leaves(t.segment?.condition);
    leaves(t.when);
    out.push(`| \`${md(t.rule)}\` | ${verdictWord(t.verdict)} | ${why.map(md).join('; ') || 'no conditions'} |`);
  }
  void model;
  return `${out.join('\n')}\n`;
}

/** The documented JSON shape (docs/route.md). */
export function formatJson(r: RouteResult, why?: WhyNot): string {
  return `${JSON.stringify(
    {
      object: r.object,
      at: r.at,
      record: r.record,
      outcome: r.outcome,
      segment: r.segment,
      rule: r.rule,
      team: r.team,
      queue: r.queue,
      method: r.method,
      sla: r.sla,
      due: r.due,
      ...(r.dueNote ? { dueNote: r.dueNote } : {}),
      undecidedBy: r.undecidedBy,
      trace: r.trace.map(jsonRule),
      ...(why ? { whyNot: jsonWhy(why) } : {}),
    },
    (_k, v: unknown) => (v === undefined ? null : v),
    2,
  )}\n`;
}

function jsonCondition(c: ConditionTrace): unknown {
  return {
    condition: c.text,
    verdict: verdictWord(c.verdict),
    ...(c.field !== undefined ? { field: c.field, value: c.value ?? null } : {}),
    ...(c.items ? { kind: c.kind, items: c.items.map(jsonCondition) } : {}),
  };
}

function jsonRule(t: RuleTrace): unknown {
  return {
    rule: t.rule,
    verdict: verdictWord(t.verdict),
    appliesToObject: t.object,
    ...(t.segment
      ? {
          segment: {
            id: t.segment.id,
            verdict: verdictWord(t.segment.verdict),
            condition: t.segment.condition ? jsonCondition(t.segment.condition) : null,
          },
        }
      : {}),
    ...(t.when ? { when: jsonCondition(t.when) } : {}),
    missing: t.missing,
  };
}

function jsonWhy(w: WhyNot): unknown {
  return {
    rule: w.rule,
    status: w.status,
    firstFailing: w.first ? jsonCondition(w.first) : null,
    change: w.change?.map((c) => ({ field: c.field, from: c.from ?? null, to: c.to ?? null })) ?? null,
    caughtBy: w.caughtBy ?? null,
    firesInstead: w.firesInstead ?? null,
  };
}

/** `--why-not` in words. */
export function formatWhyNot(w: WhyNot, object: string, color: boolean, markdown = false): string {
  const p = markdown ? (_s: keyof typeof codes, s: string) => s : painter(color);
  const rule = `\`${escapeControl(w.rule)}\``;
  const out: string[] = [];
  switch (w.status) {
    case 'fires':
      out.push(`${rule} fires for this ${object}.`);
      break;
    case 'object':
      out.push(`${rule} never fires for a ${object}: it routes other records. No change to the record makes it fire.`);
      break;
    case 'earlier':
      out.push(
        `${rule}'s conditions hold, but the earlier rule \`${escapeControl(w.caughtBy ?? '?')}\` catches this ${object} first (first match wins).`,
      );
      break;
    case 'condition': {
      const f = w.first;
      if (f) {
        const saw = f.field !== undefined ? `, saw ${shownValue(f.value)}` : '';
        out.push(`${rule} does not fire: ${p('bold', escapeControl(f.text))} is ${verdictWord(f.verdict)}${saw}.`);
      } else out.push(`${rule} does not fire.`);
      if (w.change?.length) {
        const words = w.change.map((c) => (c.to === undefined ? `clear ${c.field}` : `set ${c.field}=${shownValue(c.to)}`));
        out.push(`Smallest change: ${words.join(', ')}${w.change.length > 1 ? ` (${w.change.length} fields)` : ''}.`);
        if (w.caughtBy) out.push(`With it, the earlier rule \`${escapeControl(w.caughtBy)}\` would still catch the ${object} first.`);
      } else if (w.change) out.push('No change to the record is needed for its conditions; an unresolved segment stops it.');
      else out.push('No simple change was found (a regular expression names no value; try a value that matches it).');
    }
  }
  return `${out.join('\n')}\n`;
}
