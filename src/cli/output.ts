// What every command shares about output: choosing formats and files, the report context, one
// colour policy, and the exit code for a set of findings.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CheckResult, docsBase } from '../check.js';
import { checkById } from '../checks.js';
import { type Diagnostic, docsUrl, severityRank } from '../diagnostic.js';
import { GtmapError, UsageError } from '../errors.js';
import { makeFolders } from '../files.js';
import { allRules, type Level } from '../lint/index.js';
import { didYouMean } from '../suggest.cjs';
import { formatters, type ReportContext, type RuleInfo } from '../report/index.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The one colour policy: `--color`/`--no-color` win; then NO_COLOR (any non-empty value) turns it
 * off and FORCE_COLOR (other than 0) on; otherwise colour only on a terminal.
 */
export function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export interface Output {
  format: string;
  path?: string;
}

/** `--format name[:file]`, repeatable; at most one to stdout; stylish when none is given. */
export function parseOutputs(specs: readonly string[]): Output[] {
  const out: Output[] = [];
  for (const spec of specs) {
    const i = spec.indexOf(':');
    const format = i < 0 ? spec : spec.slice(0, i);
    const path = i < 0 ? undefined : spec.slice(i + 1);
    if (!formatters[format]) {
      throw new UsageError(
        `unknown format \`${format}\`. Use one of: ${Object.keys(formatters).join(', ')} (optionally with :path, e.g. sarif:gtmap.sarif).`,
      );
    }
    if (path === '') throw new UsageError(`--format ${format}: missing file after \`:\`.`);
    out.push({ format, path });
  }
  if (out.filter((o) => !o.path).length > 1)
    throw new UsageError('only one --format can go to stdout; give the others a file, e.g. --format sarif:gtmap.sarif.');
  return out.length ? out : [{ format: 'stylish' }];
}

/** Metadata of every check, for formats that describe rules (SARIF). */
export function ruleCatalogue(base?: string): Map<string, RuleInfo> {
  const m = new Map<string, RuleInfo>();
  for (const c of checkById().values())
    m.set(c.id, {
      id: c.id,
      description: c.description,
      rationale: c.rationale,
      docsUrl: base ? docsUrl(c.id, base) : c.docsUrl,
      severity: c.severity,
    });
  return m;
}

export function reportContext(result: CheckResult, color = false): ReportContext {
  return {
    sources: new Map(result.loaded.files.map((f) => [f.file, f.text])),
    color,
    rules: ruleCatalogue(docsBase(result.model)),
    toolVersion: pkg.version,
    files: result.loaded.files.map((f) => f.file),
    skipped: result.skipped,
  };
}

/** Writes each output: files (creating folders) or stdout, colour decided per destination. */
export function writeOutputs(
  diagnostics: readonly Diagnostic[],
  outputs: readonly Output[],
  ctx: ReportContext,
  colorFlag?: boolean,
): void {
  for (const o of outputs) {
    const text = formatters[o.format]!(diagnostics, { ...ctx, color: o.path ? false : useColor(colorFlag, process.stdout) });
    if (!o.path) {
      process.stdout.write(text);
      continue;
    }
    try {
      makeFolders(dirname(o.path));
      writeFileSync(o.path, text);
    } catch (cause) {
      throw new GtmapError(`cannot write ${o.path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, { cause });
    }
  }
}

/** 1 when a finding is at or above `failOn`, or warnings exceed `maxWarnings`; else 0. */
export function exitCodeFor(diags: readonly Diagnostic[], failOn: string, maxWarnings: number | undefined): number {
  if (maxWarnings !== undefined && diags.filter((d) => d.severity === 'warn').length > maxWarnings) return EXIT_FINDINGS;
  if (failOn === 'never') return EXIT_OK;
  const threshold = severityRank[failOn as 'error'];
  return diags.some((d) => severityRank[d.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

/** `--rule id=severity`, repeatable. */
export function parseRuleOverrides(specs: readonly string[]): Record<string, Level> {
  const out: Record<string, Level> = {};
  const ids = allRules.map((r) => r.id);
  for (const s of specs) {
    const m = /^([^=]+)=(error|warn|info|off)$/.exec(s);
    if (!m) throw new UsageError(`--rule ${s}: write <rule-id>=<error|warn|info|off>, e.g. --rule text/no-vague-language=off.`);
    if (!ids.includes(m[1]!))
      throw new UsageError(`--rule: unknown rule \`${m[1]}\`.${didYouMean(m[1]!, ids)} \`gtmap rules\` lists every rule.`);
    out[m[1]!] = m[2] as Level;
  }
  return out;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
