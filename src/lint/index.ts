// The lint engine: resolve configuration, run each enabled rule, turn paths into positions,
// apply inline suppressions and report the ones that suppress nothing.
import { type Diagnostic, type ModelPath, type RelatedLocation, type Severity, type SkipNotice, docsUrl } from '../diagnostic.js';
import type { SourceFile } from '../load/index.js';
import { HEADER, type Model, type SectionName, diagnosticAt, resolvePath } from '../model/index.js';
import { didYouMean } from '../suggest.cjs';
import { append, isObject } from '../text.js';
import { BUILTIN_CHECKS } from '../builtin-checks.js';
import { DEFAULT_PRESET, type Preset, PRESETS, presetLevel } from './presets.js';
import { type Finding, type Rule, fill } from './rule.js';
import { rules as allRules } from './rules/index.js';
import { debugging } from '../debug.js';

export type { Rule } from './rule.js';
export { DEFAULT_PRESET, type Preset, PRESET_DESCRIPTIONS, PRESETS, presetLevel } from './presets.js';
export { allRules };

export type Level = Severity | 'off';

export interface RuleSetting {
  severity: Level;
  options: Record<string, unknown>;
}

export interface LintOptions {
  rules?: readonly Rule<any>[];
  /** Severity overrides from the command line, applied after the map's own config. */
  overrides?: Record<string, Level>;
  /** Sections that lost a part to a YAML or schema error (see soundness.ts), with the reason. */
  incomplete?: ReadonlyMap<SectionName, string>;
  /** Rules not to run because their configuration is broken, with the reason. */
  brokenRules?: ReadonlyMap<string, string>;
  /** Keys of gtmap.yaml with a schema error, with the reason: rules that read one are not run. */
  brokenHeader?: ReadonlyMap<string, string>;
  /** Files that lost a part: their unused suppressions are not reported. */
  partialFiles?: ReadonlySet<string>;
  /** Receives what was not linted and why. */
  skipped?: SkipNotice[];
}

/**
 * Severities from the preset named by `lint.extends` (src/lint/presets.ts), then severities and
 * options from `lint.rules` in gtmap.yaml, which win over the preset. The header schema is generated from
 * the rule list and each rule's options schema (scripts/schemas.mjs), so unknown rule ids and
 * bad options are schema errors, reported with positions before lint runs.
 */
export function resolveConfig(model: Model, rules: readonly Rule<any>[]): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  // `lint.extends` picks the preset; an unknown name is a schema error (with a suggestion) and falls back to the default
  const named = model.header.lint?.extends;
  const preset: Preset = (PRESETS as readonly unknown[]).includes(named) ? (named as Preset) : DEFAULT_PRESET;
  for (const r of rules) settings.set(r.id, { severity: presetLevel(r, preset), options: { ...(r.defaultOptions ?? {}) } });
  const configured = model.header.lint?.rules;
  if (!isObject(configured)) return settings;
  for (const [id, value] of Object.entries(configured)) {
    const setting = settings.get(id);
    if (!setting) continue;
    if (typeof value === 'string') setting.severity = value as Level;
    else if (isObject(value)) {
      if (typeof value.severity === 'string') setting.severity = value.severity as Level;
      if (isObject(value.options)) setting.options = { ...setting.options, ...value.options };
    }
  }
  return settings;
}

/** Why a rule cannot run over this model, or undefined when it can. */
function skipReason(rule: Rule<any>, options: LintOptions): string | undefined {
  const broken = options.brokenRules?.get(rule.id);
  if (broken) return broken;
  for (const key of rule.header ?? []) {
    const why = options.brokenHeader?.get(key);
    if (why) return `it reads \`${key}\` in gtmap.yaml, which ${why}`;
  }
  const incomplete = options.incomplete;
  if (!rule.sections || !incomplete?.size) return undefined;
  const hit = rule.sections === 'all' ? [...incomplete.keys()] : rule.sections.filter((s) => incomplete.has(s));
  if (!hit.length) return undefined;
  const names = hit.map((s) => `\`${s}\``).join(', ');
  return `it reasons over ${rule.sections === 'all' ? 'the whole map' : `the whole of ${names}`}, and ${hit.length === 1 ? `\`${hit[0]}\` is` : `${names} are`} incomplete: ${incomplete.get(hit[0]!)}`;
}

export function runRules(
  model: Model,
  rules: readonly Rule<any>[],
  settings: Map<string, RuleSetting>,
  options: LintOptions = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // GTMAP_DEBUG=timing: the slowest rules on stderr, as ESLint's TIMING=1
  const timing = debugging('timing') ? new Map<string, number>() : undefined;
  for (const rule of rules) {
    const started = timing ? performance.now() : 0;
    runRule(model, rule, settings, options, out);
    if (timing) timing.set(rule.id, performance.now() - started);
  }
  if (timing) {
    const rows = [...timing].sort((a, b) => b[1] - a[1]).slice(0, 10);
    const total = [...timing.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(
      `gtmap debug: rules took ${total.toFixed(1)} ms; slowest:\n${rows.map(([id, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${id}`).join('\n')}\n`,
    );
  }
  return out;
}

function runRule(model: Model, rule: Rule<any>, settings: Map<string, RuleSetting>, options: LintOptions, out: Diagnostic[]): void {
  const setting = settings.get(rule.id);
  if (!setting || setting.severity === 'off') return;
  if (rule.appliesTo && !rule.appliesTo(model)) return;
  const skip = skipReason(rule, options);
  if (skip) {
    options.skipped?.push({ what: `rule ${rule.id}`, why: skip, rules: [rule.id] });
    return;
  }
  const severity = setting.severity;
  rule.check(model, {
    options: setting.options,
    report(f) {
      out.push(place(model, rule, severity, f));
    },
  });
}

/** A finding at its file:line:column, with its message filled in and its related places located. */
function place(model: Model, rule: Rule<any>, severity: Severity, f: Finding): Diagnostic {
  // tsc holds messageId to the rule's own messages; a rule that gets past it (an `as`, a
  // computed id) is a bug in gtmap, not a problem with the map
  const template = Object.hasOwn(rule.messages, f.messageId) ? rule.messages[f.messageId] : undefined;
  if (typeof template !== 'string') {
    throw new Error(
      `rule ${rule.id} reported unknown messageId "${f.messageId}" (its messages are ${Object.keys(rule.messages).join(', ')})`,
    );
  }
  const d = diagnosticAt(model, rule.id, severity, fill(template, f.data), f.path, f.target);
  const placed = f.span ? narrowToSpan(model, d, f.path, f.span) : d;
  if (!f.related?.length) return placed;
  const related = f.related.map(({ path, message }): RelatedLocation => {
    // placed exactly as the finding is, fallback included
    const { file, line, column, endLine, endColumn } = diagnosticAt(model, rule.id, severity, message, path);
    return { file, line, column, endLine, endColumn, message };
  });
  return { ...placed, related };
}

/** Points a finding at part of a string value, when the file can find that part in its source. */
export function narrowToSpan(model: Model, d: Diagnostic, path: ModelPath, span: { start: number; end: number }): Diagnostic {
  const r = resolvePath(model, path);
  const at = r?.file.locateText(r.docPath, span.start, span.end);
  return at ? { ...d, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn } : d;
}

interface Directive {
  file: SourceFile;
  line: number; // the comment's line
  column: number;
  endColumn: number;
  scope: 'next-line' | 'file';
  rules: string[];
  reason: string;
  applies: number; // the line it covers (next-line)
  used: Set<string>;
}

const DIRECTIVE = /#\s*gtmap-disable-(next-line|file)\b([^\n]*)/;

export function parseDirectives(file: SourceFile): Directive[] {
  const out: Directive[] = [];
  const lines = file.text.split('\n');
  lines.forEach((raw, i) => {
    const m = DIRECTIVE.exec(raw);
    if (!m) return;
    // only a real comment: the `#` starts the line's content or follows whitespace
    const hash = m.index;
    if (hash > 0 && !/\s/.test(raw[hash - 1]!)) return;
    const rest = m[2]!.replace(/\r$/, '');
    const sep = rest.indexOf(' -- ');
    const idsPart = sep >= 0 ? rest.slice(0, sep) : rest.replace(/\s--\s*$/, '');
    const reason = sep >= 0 ? rest.slice(sep + 4).trim() : '';
    const rules = idsPart.split(/[\s,]+/).filter(Boolean);
    let applies = i + 2;
    while (applies <= lines.length && /^\s*(#.*)?\r?$/.test(lines[applies - 1] ?? '')) applies++;
    out.push({
      file,
      line: i + 1,
      column: hash + 1,
      endColumn: raw.replace(/\r$/, '').length + 1,
      scope: m[1] as Directive['scope'],
      rules,
      reason,
      applies,
      used: new Set(),
    });
  });
  return out;
}

function directiveDiag(d: Directive, ruleId: string, severity: Severity, message: string): Diagnostic {
  return {
    ruleId,
    severity,
    message,
    file: d.file.file,
    line: d.line,
    column: d.column,
    endLine: d.line,
    endColumn: d.endColumn,
    path: [],
    docsUrl: docsUrl(ruleId),
  };
}

/** Drops findings covered by a `gtmap-disable-*` comment; reports bad and unused comments. */
export function applySuppressions(
  model: Model,
  diagnostics: Diagnostic[],
  ruleIds: readonly string[],
  enabled: (id: string) => boolean,
  uncertain: (file: string, ruleId: string) => boolean = () => false,
): Diagnostic[] {
  const directives = model.files.flatMap((f) => (f.text.includes('gtmap-disable-') ? parseDirectives(f) : []));
  if (directives.length === 0) return diagnostics;
  const byFile = new Map<string, Directive[]>();
  for (const d of directives) byFile.set(d.file.file, [...(byFile.get(d.file.file) ?? []), d]);
  const kept: Diagnostic[] = [];
  for (const diag of diagnostics) {
    const ds = byFile.get(diag.file) ?? [];
    const hit = ds.find((d) => d.rules.includes(diag.ruleId) && (d.scope === 'file' || d.applies === diag.line));
    if (hit && ruleIds.includes(diag.ruleId)) hit.used.add(diag.ruleId);
    else kept.push(diag);
  }
  for (const d of directives) {
    if (d.rules.length === 0) {
      kept.push(
        directiveDiag(
          d,
          'lint/unknown-rule',
          'error',
          `\`gtmap-disable-${d.scope}\` names no rule. Write the rule id(s) to suppress: \`# gtmap-disable-${d.scope} <rule-id> -- <reason>\`.`,
        ),
      );
      continue;
    }
    if (!d.reason) {
      kept.push(
        directiveDiag(
          d,
          'lint/disable-needs-reason',
          'error',
          `Suppression of ${d.rules.map((r) => `\`${r}\``).join(', ')} gives no reason. Add one after \` -- \`, e.g. \`# gtmap-disable-${d.scope} ${d.rules[0]} -- agreed with RevOps until the Q3 territory reset\`.`,
        ),
      );
    }
    for (const r of d.rules) {
      if (!ruleIds.includes(r)) {
        const core = BUILTIN_CHECKS.some((c) => c.id === r);
        kept.push(
          directiveDiag(
            d,
            'lint/unknown-rule',
            'error',
            core
              ? `\`${r}\` is a built-in check and cannot be suppressed: fix the map instead.`
              : `Suppression names unknown rule \`${r}\`.${didYouMean(r, ruleIds)} \`gtmap rules\` lists every rule.`,
          ),
        );
      } else if (!d.used.has(r) && enabled(r) && !uncertain(d.file.file, r)) {
        kept.push(
          directiveDiag(
            d,
            'lint/unused-disable',
            'warn',
            `Suppression of \`${r}\` suppresses nothing${d.scope === 'next-line' ? ` on line ${d.applies}` : ' in this file'}. Remove it.`,
          ),
        );
      }
    }
  }
  return kept;
}

/** Options the schema accepts but that cannot work, located in gtmap.yaml. The offending parts are not used. */
export function checkRuleOptions(model: Model, rules: readonly Rule<any>[], settings: Map<string, RuleSetting>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (!rule.checkOptions || !setting || setting.severity === 'off') continue;
    for (const p of rule.checkOptions(setting.options)) {
      out.push(
        diagnosticAt(model, 'lint/invalid-option', 'error', `Rule \`${rule.id}\`: ${p.message}`, [
          HEADER,
          'lint',
          'rules',
          rule.id,
          'options',
          ...p.path,
        ]),
      );
    }
  }
  return out;
}

/** Lint rules over a validated model: config, rules, suppressions. */
export function lint(model: Model, options: LintOptions = {}): Diagnostic[] {
  const rules = options.rules ?? allRules;
  const settings = resolveConfig(model, rules);
  for (const [id, level] of Object.entries(options.overrides ?? {})) {
    const s = settings.get(id);
    if (s) s.severity = level;
  }
  const skipped: SkipNotice[] = [];
  const found = checkRuleOptions(model, rules, settings);
  append(found, runRules(model, rules, settings, { ...options, skipped }));
  for (const n of skipped) options.skipped?.push(n);
  const suppressible = rules.map((r) => r.id);
  const enabled = (id: string): boolean => (settings.get(id)?.severity ?? 'off') !== 'off';
  // a suppression may cover a finding in a part that was left out, or of a rule that was skipped
  const skippedRules = new Set(skipped.flatMap((s) => s.rules ?? []));
  const uncertain = (file: string, id: string): boolean => skippedRules.has(id) || options.partialFiles?.has(file) === true;
  return applySuppressions(model, found, suppressible, enabled, uncertain);
}
